/*
 * Integer arithmetic and data movement: ADD..CMP, TEST, INC/DEC, NOT/NEG,
 * MUL/IMUL/DIV/IDIV, MOV forms, LEA, MOVZX/MOVSX, XCHG, CMPXCHG, XADD,
 * CMOVcc, SETcc, BSWAP, CBW/CWD, flag insns and BCD adjustments.
 *
 * Order within a handler: load operands, compute, store the destination,
 * and only then write the lazy flags: a faulting store must leave the
 * flags of the previous insn intact.
 */
#include "translate.h"

enum { OP_ADD, OP_OR, OP_ADC, OP_SBB, OP_AND, OP_SUB, OP_XOR, OP_CMP };

static target_ulong size_mask(MemOp ot)
{
    return ot == MO_64 ? (target_ulong)-1 : (target_ulong)((1ull << (8 << ot)) - 1);
}

/* s->T0 = s->T0 <op> s->T1; *carry gets the CF used by ADC/SBB */
static void alu_compute(DisasContext *s, int op, TCGv *carry)
{
    switch (op) {
    case OP_ADD:
        tcg_gen_add_tl(s->T0, s->T0, s->T1);
        break;
    case OP_ADC:
        *carry = tcg_temp_new();
        gen_compute_eflags_c(s, *carry);
        tcg_gen_add_tl(s->T0, s->T0, s->T1);
        tcg_gen_add_tl(s->T0, s->T0, *carry);
        break;
    case OP_SBB:
        *carry = tcg_temp_new();
        gen_compute_eflags_c(s, *carry);
        tcg_gen_sub_tl(s->T0, s->T0, s->T1);
        tcg_gen_sub_tl(s->T0, s->T0, *carry);
        break;
    case OP_SUB:
    case OP_CMP:
        tcg_gen_sub_tl(s->T0, s->T0, s->T1);
        break;
    case OP_AND:
        tcg_gen_and_tl(s->T0, s->T0, s->T1);
        break;
    case OP_OR:
        tcg_gen_or_tl(s->T0, s->T0, s->T1);
        break;
    default:
        tcg_gen_xor_tl(s->T0, s->T0, s->T1);
        break;
    }
}

static void alu_set_flags(DisasContext *s, int op, MemOp ot, TCGv carry)
{
    static const CCOp group[8] = {
        CC_OP_ADDB, CC_OP_LOGICB, CC_OP_ADCB, CC_OP_SBBB,
        CC_OP_LOGICB, CC_OP_SUBB, CC_OP_LOGICB, CC_OP_SUBB,
    };
    tcg_gen_mov_tl(cpu_cc_dst, s->T0);
    if (group[op] != CC_OP_LOGICB) {
        tcg_gen_mov_tl(cpu_cc_src, s->T1);
    }
    if (op == OP_ADC || op == OP_SBB) {
        tcg_gen_mov_tl(cpu_cc_src2, carry);
    }
    set_cc_op(s, group[op] + ot);
}

/* T0 holds the destination, T1 the source: compute, store via E or reg */
static void alu_finish(DisasContext *s, int op, MemOp ot, int modrm, int reg)
{
    TCGv carry = NULL;
    alu_compute(s, op, &carry);
    if (op != OP_CMP) {
        if (reg >= 0) {
            gen_op_mov_reg_v(s, ot, reg, s->T0);
        } else {
            gen_st_modrm(s, modrm, ot, s->T0);
        }
    }
    alu_set_flags(s, op, ot, carry);
}

/* xor r,r and sub r,r: a dependency-free zero with fixed flags */
static bool alu_zero_idiom(DisasContext *s, int op, MemOp ot, int modrm)
{
    if (modrm_is_reg(modrm) && modrm_reg(s, modrm) == modrm_rm(s, modrm)
        && (op == OP_XOR || op == OP_SUB)) {
        tcg_gen_movi_tl(s->T0, 0);
        gen_op_mov_reg_v(s, ot, modrm_reg(s, modrm), s->T0);
        set_cc_op(s, CC_OP_CLR);
        return true;
    }
    return false;
}

/* 00-3F (E,G forms): ADD/OR/ADC/SBB/AND/SUB/XOR/CMP Eb,Gb / Ev,Gv */
void arith_E_G(DisasContext *s, int b, int modrm)
{
    int op = (b >> 3) & 7;
    MemOp ot = mo_b_d(b, s->dflag);
    if (alu_zero_idiom(s, op, ot, modrm)) {
        return;
    }
    gen_ld_modrm(s, modrm, ot, s->T0);
    gen_op_mov_v_reg(s, ot, s->T1, modrm_reg(s, modrm));
    alu_finish(s, op, ot, modrm, -1);
}

/* 02-3B (G,E forms): op Gb,Eb / Gv,Ev */
void arith_G_E(DisasContext *s, int b, int modrm)
{
    int op = (b >> 3) & 7;
    MemOp ot = mo_b_d(b, s->dflag);
    if (alu_zero_idiom(s, op, ot, modrm)) {
        return;
    }
    gen_ld_modrm(s, modrm, ot, s->T1);
    gen_op_mov_v_reg(s, ot, s->T0, modrm_reg(s, modrm));
    alu_finish(s, op, ot, modrm, modrm_reg(s, modrm));
}

/* 04-3D (accumulator forms): op AL,Ib / eAX,Iz */
void arith_rAX_I(DisasContext *s, int b, int modrm)
{
    int op = (b >> 3) & 7;
    MemOp ot = mo_b_d(b, s->dflag);
    target_ulong imm = insn_get_signed(s, mo_imm(ot)) & size_mask(ot);
    tcg_gen_movi_tl(s->T1, imm);
    gen_op_mov_v_reg(s, ot, s->T0, R_EAX);
    alu_finish(s, op, ot, modrm, R_EAX);
}

/* 80-83: ADD..CMP Eb,Ib / Ev,Iz / Ev,Ib (sign-extended) */
void grp1_E_I(DisasContext *s, int b, int modrm)
{
    int op = (modrm >> 3) & 7;
    MemOp ot = mo_b_d(b, s->dflag);
    target_ulong imm = insn_get_signed(s, b == 0x81 ? mo_imm(ot) : MO_8) & size_mask(ot);
    tcg_gen_movi_tl(s->T1, imm);
    gen_ld_modrm(s, modrm, ot, s->T0);
    alu_finish(s, op, ot, modrm, -1);
}

static void gen_test(DisasContext *s, MemOp ot)
{
    tcg_gen_and_tl(cpu_cc_dst, s->T0, s->T1);
    set_cc_op(s, CC_OP_LOGICB + ot);
}

/* 84/85: TEST Eb,Gb / Ev,Gv */
void test_E_G(DisasContext *s, int b, int modrm)
{
    MemOp ot = mo_b_d(b, s->dflag);
    gen_ld_modrm(s, modrm, ot, s->T0);
    gen_op_mov_v_reg(s, ot, s->T1, modrm_reg(s, modrm));
    gen_test(s, ot);
}

/* A8/A9: TEST AL,Ib / eAX,Iz */
void test_rAX_I(DisasContext *s, int b, int modrm)
{
    MemOp ot = mo_b_d(b, s->dflag);
    tcg_gen_movi_tl(s->T1, insn_get_signed(s, mo_imm(ot)) & size_mask(ot));
    gen_op_mov_v_reg(s, ot, s->T0, R_EAX);
    gen_test(s, ot);
}

/* INC/DEC of T0 (size ot), stored through modrm or reg */
static void gen_inc_dec(DisasContext *s, MemOp ot, int modrm, int reg, bool dec)
{
    TCGv cf = tcg_temp_new();
    gen_compute_eflags_c(s, cf);
    tcg_gen_addi_tl(s->T0, s->T0, dec ? -1 : 1);
    if (reg >= 0) {
        gen_op_mov_reg_v(s, ot, reg, s->T0);
    } else {
        gen_st_modrm(s, modrm, ot, s->T0);
    }
    tcg_gen_mov_tl(cpu_cc_src, cf);
    tcg_gen_mov_tl(cpu_cc_dst, s->T0);
    set_cc_op(s, (dec ? CC_OP_DECB : CC_OP_INCB) + ot);
}

/* 40-4F: INC Zv / DEC Zv */
void inc_dec_Zv(DisasContext *s, int b, int modrm)
{
    int reg = b & 7;
    gen_op_mov_v_reg(s, s->dflag, s->T0, reg);
    gen_inc_dec(s, s->dflag, 0, reg, b & 8);
}

/* FE: INC Eb (/0), DEC Eb (/1) */
void grp4_Eb(DisasContext *s, int b, int modrm)
{
    int op = (modrm >> 3) & 7;
    if (op > 1) {
        gen_illegal_opcode(s);
        return;
    }
    gen_ld_modrm(s, modrm, MO_8, s->T0);
    gen_inc_dec(s, MO_8, modrm, -1, op == 1);
}

/* FF /0, /1: INC Ev, DEC Ev (the rest of group 5 is in translate-ctrl.c) */
void grp5_inc_dec(DisasContext *s, int modrm, bool dec)
{
    gen_ld_modrm(s, modrm, s->dflag, s->T0);
    gen_inc_dec(s, s->dflag, modrm, -1, dec);
}

/* Flags after MUL/IMUL on the host CPU: CF = OF = overflow, others kept. */
static void gen_mul_flags(DisasContext *s, TCGv overflow)
{
    CCOp base = s->cc_op & ~CC_OP_CO_OVERRIDE;

    /* a known op that leaves cc_src2 free: keep it lazy, note the overflow */
    if (base >= CC_OP_ADDB && base < CC_OP_NB && cc_op_group(base) != CC_OP_ADCB &&
        cc_op_group(base) != CC_OP_SBBB) {
        tcg_gen_mov_tl(cpu_cc_src2, overflow);
        set_cc_op(s, base | CC_OP_CO_OVERRIDE);
        return;
    }
    TCGv f = gen_eflags_value(s);
    TCGv t = tcg_temp_new();
    tcg_gen_andi_tl(t, f, ~(target_ulong)(CC_C | CC_O));
    tcg_gen_neg_tl(overflow, overflow);
    tcg_gen_andi_tl(overflow, overflow, CC_C | CC_O);
    tcg_gen_or_tl(cpu_cc_src, t, overflow);
    set_cc_op(s, CC_OP_EFLAGS);
}

/* lo:hi = T0 * T1 at size ot (signed or not); returns overflow (0/1) */
static TCGv gen_mul_wide(DisasContext *s, MemOp ot, bool sign, TCGv lo, TCGv hi)
{
    TCGv ovf = tcg_temp_new();
    TCGv t = tcg_temp_new();
    int bits = 8 << ot;

    if (ot == MO_8 || ot == MO_16) {
        gen_ext_tl(s->T0, s->T0, ot, sign);
        gen_ext_tl(s->T1, s->T1, ot, sign);
        tcg_gen_mul_tl(lo, s->T0, s->T1);
        if (sign) {
            tcg_gen_sextract_tl(hi, lo, bits, bits);
            tcg_gen_sextract_tl(t, lo, bits - 1, 1);
            tcg_gen_setcond_tl(TCG_COND_NE, ovf, hi, t);
        } else {
            tcg_gen_extract_tl(hi, lo, bits, bits);
            tcg_gen_setcondi_tl(TCG_COND_NE, ovf, hi, 0);
        }
    } else {
        if (sign) {
            tcg_gen_muls2_tl(lo, hi, s->T0, s->T1);
            tcg_gen_sari_tl(t, lo, bits - 1);
            tcg_gen_setcond_tl(TCG_COND_NE, ovf, hi, t);
        } else {
            tcg_gen_mulu2_tl(lo, hi, s->T0, s->T1);
            tcg_gen_setcondi_tl(TCG_COND_NE, ovf, hi, 0);
        }
    }
    return ovf;
}

/* F6/F7 /4 /5: MUL, IMUL rAX by E (T1) */
static void gen_mul_acc(DisasContext *s, MemOp ot, bool sign)
{
    TCGv lo = tcg_temp_new(), hi = tcg_temp_new(), ovf;
    gen_op_mov_v_reg(s, ot, s->T0, R_EAX);
    ovf = gen_mul_wide(s, ot, sign, lo, hi);
    if (ot == MO_8) {
        gen_op_mov_reg_v(s, MO_16, R_EAX, lo);     /* AX = AL * Eb */
    } else {
        gen_op_mov_reg_v(s, ot, R_EAX, lo);
        gen_op_mov_reg_v(s, ot, R_EDX, hi);
    }
    gen_mul_flags(s, ovf);
}

static void gen_div(DisasContext *s, MemOp ot, bool sign)
{
    TCGv f, t;
    gen_update_cc_op(s);
    gen_update_eip_cur(s);
    switch (ot) {
    case MO_8:
        (sign ? gen_helper_idivb_AL : gen_helper_divb_AL)(cpu_env, s->T1);
        break;
    case MO_16:
        (sign ? gen_helper_idivw_AX : gen_helper_divw_AX)(cpu_env, s->T1);
        break;
    default:
        (sign ? gen_helper_idivl_EAX : gen_helper_divl_EAX)(cpu_env, s->T1);
        break;
    }
    /* the host CPU keeps CF and OF, sets AF and clears SF, ZF, PF */
    f = gen_eflags_value(s);
    t = tcg_temp_new();
    tcg_gen_andi_tl(t, f, CC_C | CC_O);
    tcg_gen_ori_tl(cpu_cc_src, t, CC_A);
    set_cc_op(s, CC_OP_EFLAGS);
}

/* F6/F7: TEST/-/NOT/NEG/MUL/IMUL/DIV/IDIV E */
void grp3_E(DisasContext *s, int b, int modrm)
{
    int op = (modrm >> 3) & 7;
    MemOp ot = mo_b_d(b, s->dflag);

    switch (op) {
    case 0: /* TEST E,I */
    case 1: /* undocumented alias of TEST */
        tcg_gen_movi_tl(s->T1, insn_get_signed(s, mo_imm(ot)) & size_mask(ot));
        gen_ld_modrm(s, modrm, ot, s->T0);
        gen_test(s, ot);
        break;
    case 2: /* NOT: no flags */
        gen_ld_modrm(s, modrm, ot, s->T0);
        tcg_gen_not_tl(s->T0, s->T0);
        gen_st_modrm(s, modrm, ot, s->T0);
        break;
    case 3: /* NEG: flags of 0 - E */
        gen_ld_modrm(s, modrm, ot, s->T1);
        tcg_gen_neg_tl(s->T0, s->T1);
        gen_st_modrm(s, modrm, ot, s->T0);
        tcg_gen_mov_tl(cpu_cc_dst, s->T0);
        tcg_gen_mov_tl(cpu_cc_src, s->T1);
        set_cc_op(s, CC_OP_SUBB + ot);
        break;
    case 4: /* MUL */
    case 5: /* IMUL */
        gen_ld_modrm(s, modrm, ot, s->T1);
        gen_mul_acc(s, ot, op == 5);
        break;
    default: /* 6 DIV, 7 IDIV */
        gen_ld_modrm(s, modrm, ot, s->T1);
        gen_div(s, ot, op == 7);
        break;
    }
}

static void gen_imul_G(DisasContext *s, int modrm)
{
    MemOp ot = s->dflag;
    TCGv lo = tcg_temp_new(), hi = tcg_temp_new();
    TCGv ovf = gen_mul_wide(s, ot, true, lo, hi);
    gen_op_mov_reg_v(s, ot, modrm_reg(s, modrm), lo);
    gen_mul_flags(s, ovf);
}

/* 0F AF: IMUL Gv,Ev */
void imul_Gv_Ev(DisasContext *s, int b, int modrm)
{
    gen_ld_modrm(s, modrm, s->dflag, s->T0);
    gen_op_mov_v_reg(s, s->dflag, s->T1, modrm_reg(s, modrm));
    gen_imul_G(s, modrm);
}

/* 69/6B: IMUL Gv,Ev,Iz / Gv,Ev,Ib */
void imul_Gv_Ev_I(DisasContext *s, int b, int modrm)
{
    target_long imm = insn_get_signed(s, b == 0x6b ? MO_8 : mo_imm(s->dflag));
    tcg_gen_movi_tl(s->T1, imm);
    gen_ld_modrm(s, modrm, s->dflag, s->T0);
    gen_imul_G(s, modrm);
}

/* 88/89: MOV Eb,Gb / Ev,Gv */
void mov_E_G(DisasContext *s, int b, int modrm)
{
    MemOp ot = mo_b_d(b, s->dflag);
    gen_op_mov_v_reg(s, ot, s->T0, modrm_reg(s, modrm));
    gen_st_modrm(s, modrm, ot, s->T0);
}

/* 8A/8B: MOV Gb,Eb / Gv,Ev */
void mov_G_E(DisasContext *s, int b, int modrm)
{
    MemOp ot = mo_b_d(b, s->dflag);
    gen_ld_modrm(s, modrm, ot, s->T0);
    gen_op_mov_reg_v(s, ot, modrm_reg(s, modrm), s->T0);
}

/* C6/C7 /0: MOV Eb,Ib / Ev,Iz */
void mov_E_I(DisasContext *s, int b, int modrm)
{
    MemOp ot = mo_b_d(b, s->dflag);
    if ((modrm >> 3) & 7) {
        gen_illegal_opcode(s);
        return;
    }
    tcg_gen_movi_tl(s->T0, insn_get_signed(s, mo_imm(ot)));
    gen_st_modrm(s, modrm, ot, s->T0);
}

/* B0-B7: MOV Zb,Ib */
void mov_Zb_Ib(DisasContext *s, int b, int modrm)
{
    tcg_gen_movi_tl(s->T0, insn_get(s, MO_8));
    gen_op_mov_reg_v(s, MO_8, (b & 7) | s->rex_b, s->T0);
}

/* B8-BF: MOV Zv,Iv */
void mov_Zv_Iv(DisasContext *s, int b, int modrm)
{
    target_ulong imm;
#if TARGET_LONG_BITS == 64
    if (s->dflag == MO_64) {
        imm = x86_ldl_code(s);
        imm |= (target_ulong)x86_ldl_code(s) << 32;
    } else
#endif
    {
        imm = insn_get(s, s->dflag);
    }
    tcg_gen_movi_tl(s->T0, imm);
    gen_op_mov_reg_v(s, s->dflag, (b & 7) | s->rex_b, s->T0);
}

/* the moffs address of A0-A3 in s->A0 */
static void gen_moffs(DisasContext *s)
{
    target_ulong off = insn_get(s, s->aflag == MO_16 ? MO_16 : MO_32);
#if TARGET_LONG_BITS == 64
    if (s->aflag == MO_64) {
        off |= (target_ulong)x86_ldl_code(s) << 32;
    }
#endif
    tcg_gen_movi_tl(s->A0, off);
    gen_lea_v_seg(s, s->aflag, s->A0, R_DS, s->override);
}

/* A0/A1: MOV AL,Ob / eAX,Ov */
void mov_rAX_O(DisasContext *s, int b, int modrm)
{
    MemOp ot = mo_b_d(b, s->dflag);
    gen_moffs(s);
    gen_op_ld_v(s, ot, s->T0, s->A0);
    gen_op_mov_reg_v(s, ot, R_EAX, s->T0);
}

/* A2/A3: MOV Ob,AL / Ov,eAX */
void mov_O_rAX(DisasContext *s, int b, int modrm)
{
    MemOp ot = mo_b_d(b, s->dflag);
    gen_moffs(s);
    gen_op_mov_v_reg(s, ot, s->T0, R_EAX);
    gen_op_st_v(s, ot, s->T0, s->A0);
}

/* 8D: LEA Gv,M */
void lea_Gv_M(DisasContext *s, int b, int modrm)
{
    int def_seg;
    TCGv ea;
    if (modrm_is_reg(modrm)) {
        gen_illegal_opcode(s);
        return;
    }
    ea = gen_lea_modrm_ea(s, modrm, &def_seg);
    gen_op_mov_reg_v(s, s->dflag, modrm_reg(s, modrm), ea);
    if (s->aflag == MO_16 && s->dflag != MO_16) {
        /* a 16-bit address zero-extends into a wider register */
        gen_ext_tl(s->T0, ea, MO_16, false);
        gen_op_mov_reg_v(s, s->dflag, modrm_reg(s, modrm), s->T0);
    }
}

/* 0F B6/B7/BE/BF: MOVZX/MOVSX Gv,Eb / Gv,Ew */
void movx_Gv_E(DisasContext *s, int b, int modrm)
{
    MemOp src = (b & 1) ? MO_16 : MO_8;
    bool sign = b & 8;
    gen_ld_modrm(s, modrm, src, s->T0);
    if (sign) {
        gen_ext_tl(s->T0, s->T0, src, true);
    }
    gen_op_mov_reg_v(s, s->dflag, modrm_reg(s, modrm), s->T0);
}

/* 86/87: XCHG Eb,Gb / Ev,Gv (implicitly locked; we run one CPU at a time) */
void xchg_E_G(DisasContext *s, int b, int modrm)
{
    MemOp ot = mo_b_d(b, s->dflag);
    int reg = modrm_reg(s, modrm);
    gen_ld_modrm(s, modrm, ot, s->T0);
    gen_op_mov_v_reg(s, ot, s->T1, reg);
    gen_st_modrm(s, modrm, ot, s->T1);
    gen_op_mov_reg_v(s, ot, reg, s->T0);
}

/* 90-97: XCHG Zv,eAX; 90 is NOP (F3 90 PAUSE) */
void xchg_Zv_rAX(DisasContext *s, int b, int modrm)
{
    int reg = (b & 7) | s->rex_b;
    if (reg == R_EAX) {
        return;
    }
    gen_op_mov_v_reg(s, s->dflag, s->T0, reg);
    gen_op_mov_v_reg(s, s->dflag, s->T1, R_EAX);
    gen_op_mov_reg_v(s, s->dflag, R_EAX, s->T0);
    gen_op_mov_reg_v(s, s->dflag, reg, s->T1);
}

/* 0F B0/B1: CMPXCHG Eb,Gb / Ev,Gv */
void cmpxchg_E_G(DisasContext *s, int b, int modrm)
{
    MemOp ot = mo_b_d(b, s->dflag);
    TCGv acc = tcg_temp_new(), newv = tcg_temp_new();

    gen_ld_modrm(s, modrm, ot, s->T0);
    gen_op_mov_v_reg(s, ot, s->T1, modrm_reg(s, modrm));
    gen_op_mov_v_reg(s, ot, acc, R_EAX);
    tcg_gen_movcond_tl(TCG_COND_EQ, newv, acc, s->T0, s->T1, s->T0);
    /*
     * The destination is written either way (a locked bus cycle); the
     * accumulator gets the old value, which equals it on success. With a
     * register destination the accumulator goes first in case it is rAX.
     */
    if (modrm_is_reg(modrm)) {
        gen_op_mov_reg_v(s, ot, R_EAX, s->T0);
        gen_op_mov_reg_v(s, ot, modrm_rm(s, modrm), newv);
    } else {
        gen_op_st_v(s, ot, newv, s->A0);
        gen_op_mov_reg_v(s, ot, R_EAX, s->T0);
    }
    tcg_gen_sub_tl(cpu_cc_dst, acc, s->T0);
    tcg_gen_mov_tl(cpu_cc_src, s->T0);
    set_cc_op(s, CC_OP_SUBB + ot);
}

/* 0F C0/C1: XADD Eb,Gb / Ev,Gv */
void xadd_E_G(DisasContext *s, int b, int modrm)
{
    MemOp ot = mo_b_d(b, s->dflag);
    int reg = modrm_reg(s, modrm);
    TCGv sum = tcg_temp_new();

    gen_ld_modrm(s, modrm, ot, s->T0);
    gen_op_mov_v_reg(s, ot, s->T1, reg);
    tcg_gen_add_tl(sum, s->T0, s->T1);
    if (modrm_is_reg(modrm)) {
        gen_op_mov_reg_v(s, ot, reg, s->T0);
        gen_op_mov_reg_v(s, ot, modrm_rm(s, modrm), sum);
    } else {
        gen_op_st_v(s, ot, sum, s->A0);
        gen_op_mov_reg_v(s, ot, reg, s->T0);
    }
    tcg_gen_mov_tl(cpu_cc_dst, sum);
    tcg_gen_mov_tl(cpu_cc_src, s->T1);
    set_cc_op(s, CC_OP_ADDB + ot);
}

/* 0F 40-4F: CMOVcc Gv,Ev (the source is read even when false) */
void cmov_Gv_Ev(DisasContext *s, int b, int modrm)
{
    MemOp ot = s->dflag;
    int reg = modrm_reg(s, modrm);
    TCGv cond = tcg_temp_new();

    gen_ld_modrm(s, modrm, ot, s->T0);
    gen_setcc1(s, b & 0xf, cond);
    gen_op_mov_v_reg(s, ot, s->T1, reg);
    tcg_gen_movcond_tl(TCG_COND_NE, s->T0, cond, tcg_const_tl(0), s->T0, s->T1);
    gen_op_mov_reg_v(s, ot, reg, s->T0);
}

/* 0F 90-9F: SETcc Eb */
void setcc_Eb(DisasContext *s, int b, int modrm)
{
    gen_setcc1(s, b & 0xf, s->T0);
    gen_st_modrm(s, modrm, MO_8, s->T0);
}

/* 0F C8-CF: BSWAP Zv */
void bswap_Zv(DisasContext *s, int b, int modrm)
{
    int reg = (b & 7) | s->rex_b;
    if (s->dflag == MO_16) {
        /* undefined; the low word reads as zero on the CPUs we follow */
        tcg_gen_movi_tl(s->T0, 0);
        gen_op_mov_reg_v(s, MO_16, reg, s->T0);
        return;
    }
    tcg_gen_bswap32_tl(s->T0, cpu_regs[reg]);
    gen_op_mov_reg_v(s, MO_32, reg, s->T0);
}

/* 98: CBW / CWDE */
void cbw(DisasContext *s, int b, int modrm)
{
    MemOp src = s->dflag - 1;
    gen_op_mov_v_reg(s, src, s->T0, R_EAX);
    gen_ext_tl(s->T0, s->T0, src, true);
    gen_op_mov_reg_v(s, s->dflag, R_EAX, s->T0);
}

/* 99: CWD / CDQ */
void cwd(DisasContext *s, int b, int modrm)
{
    int bits = 8 << s->dflag;
    gen_op_mov_v_reg(s, s->dflag, s->T0, R_EAX);
    gen_ext_tl(s->T0, s->T0, s->dflag, true);
    tcg_gen_sari_tl(s->T0, s->T0, bits - 1);
    gen_op_mov_reg_v(s, s->dflag, R_EDX, s->T0);
}

/* 9F: LAHF */
void lahf(DisasContext *s, int b, int modrm)
{
    tcg_gen_ori_tl(s->T0, gen_eflags_value(s), 0x02);
    gen_op_mov_reg_v(s, MO_8, R_ESP, s->T0);    /* reg 4 without REX: AH */
}

/* 9E: SAHF */
void sahf(DisasContext *s, int b, int modrm)
{
    TCGv t = tcg_temp_new();
    gen_op_mov_v_reg(s, MO_8, s->T0, R_ESP);     /* AH */
    tcg_gen_andi_tl(s->T0, s->T0, CC_S | CC_Z | CC_A | CC_P | CC_C);
    tcg_gen_andi_tl(t, gen_eflags_value(s), CC_O);
    tcg_gen_or_tl(cpu_cc_src, t, s->T0);
    set_cc_op(s, CC_OP_EFLAGS);
}

/* F8/F9/F5: CLC, STC, CMC */
static void gen_flag_c(DisasContext *s, int how)
{
    TCGv f = gen_eflags_value(s);
    switch (how) {
    case 0:
        tcg_gen_andi_tl(cpu_cc_src, f, ~(target_ulong)CC_C);
        break;
    case 1:
        tcg_gen_ori_tl(cpu_cc_src, f, CC_C);
        break;
    default:
        tcg_gen_xori_tl(cpu_cc_src, f, CC_C);
        break;
    }
    set_cc_op(s, CC_OP_EFLAGS);
}

void clc(DisasContext *s, int b, int modrm) { gen_flag_c(s, 0); }  /* F8 CLC */
void stc(DisasContext *s, int b, int modrm) { gen_flag_c(s, 1); }  /* F9 STC */
void cmc(DisasContext *s, int b, int modrm) { gen_flag_c(s, 2); }  /* F5 CMC */

static void gen_set_df(int df)
{
    TCGv_i32 t = tcg_const_i32(df);
    tcg_gen_st_i32(t, cpu_env, offsetof(CPUX86State, df));
}

void cld(DisasContext *s, int b, int modrm) { gen_set_df(1); }   /* FC CLD */
void std(DisasContext *s, int b, int modrm) { gen_set_df(-1); }  /* FD STD */

/* D6: SALC: AL = CF ? FF : 00 */
void salc(DisasContext *s, int b, int modrm)
{
    if (s->code64) {
        gen_illegal_opcode(s);
        return;
    }
    gen_compute_eflags_c(s, s->T0);
    tcg_gen_neg_tl(s->T0, s->T0);
    gen_op_mov_reg_v(s, MO_8, R_EAX, s->T0);
}

/* BCD: helpers work on AL/AX and the materialised flags in cc_src */
static void gen_bcd(DisasContext *s, void (*helper)(TCGv_ptr))
{
    if (s->code64) {
        gen_illegal_opcode(s);
        return;
    }
    gen_compute_eflags(s);
    gen_update_cc_op(s);
    helper(cpu_env);
}

void daa(DisasContext *s, int b, int modrm) { gen_bcd(s, gen_helper_daa); }  /* 27 DAA */
void das(DisasContext *s, int b, int modrm) { gen_bcd(s, gen_helper_das); }  /* 2F DAS */
void aaa(DisasContext *s, int b, int modrm) { gen_bcd(s, gen_helper_aaa); }  /* 37 AAA */
void aas(DisasContext *s, int b, int modrm) { gen_bcd(s, gen_helper_aas); }  /* 3F AAS */

/* D4: AAM Ib (#DE when the base is 0) */
void aam_Ib(DisasContext *s, int b, int modrm)
{
    int base = x86_ldub_code(s);
    if (s->code64) {
        gen_illegal_opcode(s);
    } else if (base == 0) {
        gen_exception(s, EXCP00_DIVZ);
    } else {
        gen_compute_eflags(s);
        gen_update_cc_op(s);
        gen_helper_aam(cpu_env, tcg_const_i32(base));
    }
}

/* D5: AAD Ib */
void aad_Ib(DisasContext *s, int b, int modrm)
{
    int base = x86_ldub_code(s);
    if (s->code64) {
        gen_illegal_opcode(s);
        return;
    }
    gen_compute_eflags(s);
    gen_update_cc_op(s);
    gen_helper_aad(cpu_env, tcg_const_i32(base));
}
