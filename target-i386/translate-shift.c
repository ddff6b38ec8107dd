/*
 * Shifts and rotates (group 2, SHLD/SHRD) and bit insns (BT/BTS/BTR/BTC,
 * BSF/BSR). A shift by a count of 0 changes no flags: with the count in
 * CL that is decided at run time by selecting between the old and the
 * new lazy state (movcond), which leaves cc_op dynamic.
 */
#include "translate.h"

static int shift_mask(MemOp ot)
{
    return ot == MO_64 ? 0x3f : 0x1f;
}

/*
 * Set the lazy flags to op/dst/src, unless count is 0 at run time, in
 * which case the previous state stays. count == NULL: known non-zero.
 */
static void gen_shift_flags(DisasContext *s, TCGv count, CCOp op, TCGv dst, TCGv src)
{
    TCGv zero;
    TCGv_i32 z32, newop;

    if (!count) {
        tcg_gen_mov_tl(cpu_cc_dst, dst);
        tcg_gen_mov_tl(cpu_cc_src, src);
        set_cc_op(s, op);
        return;
    }
    /* cc_src2 is untouched, so an old ADC/SBB state survives whole */
    gen_update_cc_op(s);
    zero = tcg_const_tl(0);
    tcg_gen_movcond_tl(TCG_COND_EQ, cpu_cc_dst, count, zero, cpu_cc_dst, dst);
    tcg_gen_movcond_tl(TCG_COND_EQ, cpu_cc_src, count, zero, cpu_cc_src, src);
    z32 = tcg_temp_new_i32();
    tcg_gen_trunc_tl_i32(z32, count);
    newop = tcg_const_i32(op);
    tcg_gen_movcond_i32(TCG_COND_EQ, cpu_cc_op, z32, tcg_const_i32(0), cpu_cc_op, newop);
    set_cc_op(s, CC_OP_DYNAMIC);
}

/* T0 (size ot) rotated by count (masked, any value) in 32-bit arithmetic */
static void gen_rotate(DisasContext *s, MemOp ot, bool right, TCGv count)
{
    if (ot == MO_8) {
        tcg_gen_ext8u_tl(s->T0, s->T0);
        tcg_gen_muli_tl(s->T0, s->T0, 0x01010101);
    } else if (ot == MO_16) {
        tcg_gen_deposit_tl(s->T0, s->T0, s->T0, 16, 16);
    }
    (right ? tcg_gen_rotr_tl : tcg_gen_rotl_tl)(s->T0, s->T0, count);
}

/*
 * ROL/ROR: only CF and OF change (the host computes them for any non-zero
 * count as for a count of 1), so the flags are materialised.
 */
static void gen_rot_flags(DisasContext *s, MemOp ot, bool right, TCGv count)
{
    int bits = 8 << ot;
    TCGv f = gen_eflags_value(s);
    TCGv cf = tcg_temp_new(), of = tcg_temp_new(), t = tcg_temp_new();

    if (right) {
        tcg_gen_extract_tl(cf, s->T0, bits - 1, 1);
        tcg_gen_extract_tl(of, s->T0, bits - 2, 1);
    } else {
        tcg_gen_andi_tl(cf, s->T0, 1);
        tcg_gen_extract_tl(of, s->T0, bits - 1, 1);
    }
    tcg_gen_xor_tl(of, of, cf);
    tcg_gen_shli_tl(of, of, 11);
    tcg_gen_or_tl(of, of, cf);
    tcg_gen_andi_tl(t, f, ~(target_ulong)(CC_C | CC_O));
    tcg_gen_or_tl(t, t, of);
    if (count) {
        tcg_gen_movcond_tl(TCG_COND_EQ, cpu_cc_src, count, tcg_const_tl(0), f, t);
    } else {
        tcg_gen_mov_tl(cpu_cc_src, t);
    }
    set_cc_op(s, CC_OP_EFLAGS);
}

/*
 * Group 2 on E (s->A0 ready for memory) by count: a constant (imm >= 0)
 * or CL (imm < 0).
 */
static void gen_shift_E(DisasContext *s, int modrm, MemOp ot, int imm)
{
    int op = (modrm >> 3) & 7;
    TCGv count, src = tcg_temp_new();
    bool dynamic = imm < 0;

    if (!dynamic) {
        imm &= shift_mask(ot);
        if (imm == 0) {
            /* no change to the operand or the flags */
            return;
        }
    }
    gen_ld_modrm(s, modrm, ot, s->T0);
    if (dynamic) {
        count = tcg_temp_new();
        tcg_gen_andi_tl(count, cpu_regs[R_ECX], shift_mask(ot));
    } else {
        count = tcg_const_tl(imm);
    }

    switch (op) {
    case 0: /* ROL */
    case 1: /* ROR */
        gen_rotate(s, ot, op == 1, count);
        gen_st_modrm(s, modrm, ot, s->T0);
        gen_rot_flags(s, ot, op == 1, dynamic ? count : NULL);
        return;
    case 2: /* RCL */
    case 3: { /* RCR */
        TCGv_i64 r = tcg_temp_new_i64();
        TCGv flags = gen_eflags_value(s);
        (op == 2 ? gen_helper_rcl : gen_helper_rcr)(r, s->T0, count, flags,
                                                    tcg_const_i32(ot));
        tcg_gen_trunc_i64_tl(s->T0, r);
        gen_st_modrm(s, modrm, ot, s->T0);
        tcg_gen_extrh_i64_i32(s->T1, r);
        tcg_gen_mov_tl(cpu_cc_src, s->T1);
        set_cc_op(s, CC_OP_EFLAGS);
        return;
    }
    case 4: /* SHL */
    case 6: /* SAL */
        tcg_gen_subi_tl(s->tmp0, count, 1);
        tcg_gen_shl_tl(src, s->T0, s->tmp0);
        tcg_gen_shl_tl(s->T0, s->T0, count);
        gen_st_modrm(s, modrm, ot, s->T0);
        gen_shift_flags(s, dynamic ? count : NULL, CC_OP_SHLB + ot, s->T0, src);
        return;
    case 5: /* SHR */
    case 7: /* SAR */
        if (op == 7) {
            gen_ext_tl(s->T0, s->T0, ot, true);
        }
        tcg_gen_subi_tl(s->tmp0, count, 1);
        (op == 7 ? tcg_gen_sar_tl : tcg_gen_shr_tl)(src, s->T0, s->tmp0);
        (op == 7 ? tcg_gen_sar_tl : tcg_gen_shr_tl)(s->T0, s->T0, count);
        gen_st_modrm(s, modrm, ot, s->T0);
        gen_shift_flags(s, dynamic ? count : NULL, CC_OP_SARB + ot, s->T0, src);
        return;
    }
}

/* C0/C1: ROL..SAR Eb,Ib / Ev,Ib */
void grp2_E_Ib(DisasContext *s, int b, int modrm)
{
    int imm = x86_ldub_code(s);
    gen_shift_E(s, modrm, mo_b_d(b, s->dflag), imm);
}

/* D0/D1: ROL..SAR Eb,1 / Ev,1 */
void grp2_E_1(DisasContext *s, int b, int modrm)
{
    gen_shift_E(s, modrm, mo_b_d(b, s->dflag), 1);
}

/* D2/D3: ROL..SAR Eb,CL / Ev,CL */
void grp2_E_CL(DisasContext *s, int b, int modrm)
{
    gen_shift_E(s, modrm, mo_b_d(b, s->dflag), -1);
}

/* 0F A4/A5/AC/AD: SHLD/SHRD Ev,Gv,Ib / Ev,Gv,CL */
void shld_shrd(DisasContext *s, int b, int modrm)
{
    MemOp ot = s->dflag;
    bool right = b & 8;
    bool dynamic = b & 1;
    TCGv count, src = tcg_temp_new();
    TCGv_i64 x = tcg_temp_new_i64(), y = tcg_temp_new_i64(), c64 = tcg_temp_new_i64();
    TCGv_i64 cm1 = tcg_temp_new_i64();
    int imm = 0;

    if (!dynamic) {
        imm = x86_ldub_code(s) & 0x1f;
        if (imm == 0) {
            return;
        }
    }
    gen_ld_modrm(s, modrm, ot, s->T0);
    gen_op_mov_v_reg(s, ot, s->T1, modrm_reg(s, modrm));
    if (dynamic) {
        count = tcg_temp_new();
        tcg_gen_andi_tl(count, cpu_regs[R_ECX], 0x1f);
    } else {
        count = tcg_const_tl(imm);
    }

    /*
     * x = the bits shifted through, as a 64-bit value: dst:src for SHLD,
     * src:dst for SHRD; 16-bit operands use dst:src:dst as the CPUs do
     * for counts above 16.
     */
    if (ot == MO_16) {
        TCGv_i64 d = tcg_temp_new_i64(), sv = tcg_temp_new_i64();
        tcg_gen_extu_tl_i64(d, s->T0);
        tcg_gen_extu_tl_i64(sv, s->T1);
        if (right) {
            /* dst | src << 16 | dst << 32 */
            tcg_gen_shli_i64(y, sv, 16);
            tcg_gen_or_i64(x, d, y);
            tcg_gen_shli_i64(y, d, 32);
            tcg_gen_or_i64(x, x, y);
        } else {
            /* dst << 32 | src << 16 | dst, read from bit 32 */
            tcg_gen_shli_i64(x, d, 32);
            tcg_gen_shli_i64(y, sv, 16);
            tcg_gen_or_i64(x, x, y);
            tcg_gen_or_i64(x, x, d);
        }
    } else {
        TCGv_i32 lo = tcg_temp_new_i32(), hi = tcg_temp_new_i32();
        tcg_gen_trunc_tl_i32(lo, right ? s->T0 : s->T1);
        tcg_gen_trunc_tl_i32(hi, right ? s->T1 : s->T0);
        tcg_gen_concat_i32_i64(x, lo, hi);
    }
    tcg_gen_extu_tl_i64(c64, count);
    tcg_gen_subi_i64(cm1, c64, 1);
    if (right) {
        tcg_gen_shr_i64(y, x, cm1);
        tcg_gen_trunc_i64_tl(src, y);
        tcg_gen_shr_i64(y, x, c64);
        tcg_gen_trunc_i64_tl(s->T0, y);
    } else {
        tcg_gen_shl_i64(y, x, cm1);
        tcg_gen_shri_i64(y, y, 32);
        tcg_gen_trunc_i64_tl(src, y);
        tcg_gen_shl_i64(y, x, c64);
        tcg_gen_shri_i64(y, y, 32);
        tcg_gen_trunc_i64_tl(s->T0, y);
    }
    gen_st_modrm(s, modrm, ot, s->T0);
    gen_shift_flags(s, dynamic ? count : NULL, (right ? CC_OP_SARB : CC_OP_SHLB) + ot,
                    s->T0, src);
}

/* BT/BTS/BTR/BTC of E at bit offset T1; op 0 BT, 1 BTS, 2 BTR, 3 BTC */
static void gen_bt_op(DisasContext *s, int modrm, int op)
{
    MemOp ot = s->dflag;
    TCGv mask = tcg_temp_new(), cf = tcg_temp_new(), t = tcg_temp_new();
    TCGv f;

    tcg_gen_andi_tl(s->T1, s->T1, (8 << ot) - 1);
    gen_ld_modrm(s, modrm, ot, s->T0);
    tcg_gen_shr_tl(cf, s->T0, s->T1);
    tcg_gen_andi_tl(cf, cf, 1);
    if (op) {
        tcg_gen_shl_tl(mask, tcg_const_tl(1), s->T1);
        switch (op) {
        case 1:
            tcg_gen_or_tl(s->T0, s->T0, mask);
            break;
        case 2:
            tcg_gen_andc_tl(s->T0, s->T0, mask);
            break;
        default:
            tcg_gen_xor_tl(s->T0, s->T0, mask);
            break;
        }
        gen_st_modrm(s, modrm, ot, s->T0);
    }
    /* only CF changes on the host CPU */
    f = gen_eflags_value(s);
    tcg_gen_andi_tl(t, f, ~(target_ulong)CC_C);
    tcg_gen_or_tl(cpu_cc_src, t, cf);
    set_cc_op(s, CC_OP_EFLAGS);
}

/* 0F A3/AB/B3/BB: BT/BTS/BTR/BTC Ev,Gv */
void bt_Ev_Gv(DisasContext *s, int b, int modrm)
{
    MemOp ot = s->dflag;
    gen_op_mov_v_reg(s, ot, s->T1, modrm_reg(s, modrm));
    if (!modrm_is_reg(modrm)) {
        /* the bit offset is signed and may reach outside the operand */
        TCGv disp = tcg_temp_new();
        gen_ext_tl(disp, s->T1, ot, true);
        tcg_gen_sari_tl(disp, disp, 3 + ot);
        tcg_gen_shli_tl(disp, disp, ot);
        tcg_gen_add_tl(s->A0, s->A0, disp);
    }
    gen_bt_op(s, modrm, (b >> 3) & 3);   /* A3 BT, AB BTS, B3 BTR, BB BTC */
}

/* 0F BA /4-/7: BT/BTS/BTR/BTC Ev,Ib */
void grp8_Ev_Ib(DisasContext *s, int b, int modrm)
{
    int op = (modrm >> 3) & 7;
    int imm = x86_ldub_code(s);
    if (op < 4) {
        gen_illegal_opcode(s);
        return;
    }
    tcg_gen_movi_tl(s->T1, imm);
    gen_bt_op(s, modrm, op - 4);
}

/* 0F BC/BD: BSF/BSR Gv,Ev */
void bsf_bsr_Gv_Ev(DisasContext *s, int b, int modrm)
{
    MemOp ot = s->dflag;
    int reg = modrm_reg(s, modrm);
    TCGv res = tcg_temp_new(), old = tcg_temp_new(), p = tcg_temp_new();
    TCGv zero = tcg_const_tl(0);

    gen_ld_modrm(s, modrm, ot, s->T0);
    if (b == 0x1bc) {
        tcg_gen_ctz_tl(res, s->T0, zero);
    } else {
        tcg_gen_clz_tl(res, s->T0, zero);
        tcg_gen_xori_tl(res, res, TARGET_LONG_BITS - 1);
    }
    /* a zero source leaves the destination as it was */
    gen_op_mov_v_reg(s, ot, old, reg);
    tcg_gen_movcond_tl(TCG_COND_EQ, res, s->T0, zero, old, res);
    gen_op_mov_reg_v(s, ot, reg, res);

    /* host flags: ZF PF for a zero source, else PF of the index alone */
    tcg_gen_shri_tl(p, res, 2);
    tcg_gen_xor_tl(p, p, res);
    tcg_gen_shri_tl(s->T1, p, 1);
    tcg_gen_xor_tl(p, p, s->T1);
    tcg_gen_shri_tl(s->T1, res, 4);
    tcg_gen_xor_tl(p, p, s->T1);
    tcg_gen_andi_tl(p, p, 1);
    tcg_gen_xori_tl(p, p, 1);
    tcg_gen_shli_tl(p, p, 2);
    tcg_gen_movcond_tl(TCG_COND_EQ, cpu_cc_src, s->T0, zero, tcg_const_tl(CC_Z | CC_P), p);
    set_cc_op(s, CC_OP_EFLAGS);
}
