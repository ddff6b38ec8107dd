/*
 * String insns (MOVS, CMPS, SCAS, LODS, STOS, INS, OUTS) with REP,
 * REPE/REPNE, port I/O (IN/OUT) and XLAT. A repeated string insn runs one
 * element per pass and jumps back to itself (a chained TB), so interrupts
 * are taken between elements as on a real CPU.
 */
#include "translate.h"

/* T = DF-signed element size */
static TCGv gen_string_step(DisasContext *s, MemOp ot)
{
    TCGv_i32 df = tcg_temp_new_i32();
    TCGv t = tcg_temp_new();
    tcg_gen_ld_i32(df, cpu_env, offsetof(CPUX86State, df));
    tcg_gen_ext_i32_tl(t, df);
    tcg_gen_shli_tl(t, t, ot);
    return t;
}

static void gen_src_addr(DisasContext *s)
{
    gen_lea_v_seg(s, s->aflag, cpu_regs[R_ESI], R_DS, s->override);
}

static void gen_dst_addr(DisasContext *s)
{
    /* ES:EDI, no override possible */
    gen_lea_v_seg(s, s->aflag, cpu_regs[R_EDI], R_ES, -1);
}

static bool io_needs_check(DisasContext *s)
{
    return s->pe && (s->cpl > s->iopl || s->vm86);
}

/* #GP unless the port range is allowed (TSS bitmap) */
static void gen_check_io(DisasContext *s, MemOp ot, TCGv port)
{
    if (io_needs_check(s)) {
        TCGv_i32 p = tcg_temp_new_i32();
        tcg_gen_trunc_tl_i32(p, port);
        gen_update_cc_op(s);
        gen_update_eip_cur(s);
        gen_helper_check_io(cpu_env, p, tcg_const_i32(1 << ot));
    }
}

static void gen_in(DisasContext *s, MemOp ot, TCGv val, TCGv port)
{
    TCGv_i32 p = tcg_temp_new_i32(), v = tcg_temp_new_i32();
    tcg_gen_trunc_tl_i32(p, port);
    tcg_gen_andi_i32(p, p, 0xffff);
    switch (ot) {
    case MO_8:
        gen_helper_inb(v, cpu_env, p);
        break;
    case MO_16:
        gen_helper_inw(v, cpu_env, p);
        break;
    default:
        gen_helper_inl(v, cpu_env, p);
        break;
    }
    tcg_gen_extu_i32_tl(val, v);
}

static void gen_out(DisasContext *s, MemOp ot, TCGv port, TCGv val)
{
    TCGv_i32 p = tcg_temp_new_i32(), v = tcg_temp_new_i32();
    tcg_gen_trunc_tl_i32(p, port);
    tcg_gen_andi_i32(p, p, 0xffff);
    tcg_gen_trunc_tl_i32(v, val);
    switch (ot) {
    case MO_8:
        gen_helper_outb(cpu_env, p, v);
        break;
    case MO_16:
        gen_helper_outw(cpu_env, p, v);
        break;
    default:
        gen_helper_outl(cpu_env, p, v);
        break;
    }
}

enum { STR_MOVS, STR_CMPS, STR_STOS, STR_LODS, STR_SCAS, STR_INS, STR_OUTS };

/* one element of string op kind at size ot */
static void gen_string_element(DisasContext *s, int kind, MemOp ot)
{
    TCGv step = gen_string_step(s, ot);
    TCGv port = cpu_regs[R_EDX];

    switch (kind) {
    case STR_MOVS:
        gen_src_addr(s);
        gen_op_ld_v(s, ot, s->T0, s->A0);
        gen_dst_addr(s);
        gen_op_st_v(s, ot, s->T0, s->A0);
        gen_op_add_reg(s, s->aflag, R_ESI, step);
        gen_op_add_reg(s, s->aflag, R_EDI, step);
        break;
    case STR_STOS:
        gen_dst_addr(s);
        gen_op_mov_v_reg(s, ot, s->T0, R_EAX);
        gen_op_st_v(s, ot, s->T0, s->A0);
        gen_op_add_reg(s, s->aflag, R_EDI, step);
        break;
    case STR_LODS:
        gen_src_addr(s);
        gen_op_ld_v(s, ot, s->T0, s->A0);
        gen_op_mov_reg_v(s, ot, R_EAX, s->T0);
        gen_op_add_reg(s, s->aflag, R_ESI, step);
        break;
    case STR_SCAS:
        gen_dst_addr(s);
        gen_op_ld_v(s, ot, s->T1, s->A0);
        gen_op_mov_v_reg(s, ot, s->T0, R_EAX);
        gen_op_add_reg(s, s->aflag, R_EDI, step);
        tcg_gen_sub_tl(cpu_cc_dst, s->T0, s->T1);
        tcg_gen_mov_tl(cpu_cc_src, s->T1);
        set_cc_op(s, CC_OP_SUBB + ot);
        break;
    case STR_CMPS:
        gen_src_addr(s);
        gen_op_ld_v(s, ot, s->T0, s->A0);
        gen_dst_addr(s);
        gen_op_ld_v(s, ot, s->T1, s->A0);
        gen_op_add_reg(s, s->aflag, R_ESI, step);
        gen_op_add_reg(s, s->aflag, R_EDI, step);
        tcg_gen_sub_tl(cpu_cc_dst, s->T0, s->T1);
        tcg_gen_mov_tl(cpu_cc_src, s->T1);
        set_cc_op(s, CC_OP_SUBB + ot);
        break;
    case STR_INS:
        gen_dst_addr(s);
        /* fault on the destination before touching the port */
        tcg_gen_movi_tl(s->T0, 0);
        gen_op_st_v(s, ot, s->T0, s->A0);
        gen_in(s, ot, s->T0, port);
        gen_op_st_v(s, ot, s->T0, s->A0);
        gen_op_add_reg(s, s->aflag, R_EDI, step);
        break;
    default: /* STR_OUTS */
        gen_src_addr(s);
        gen_op_ld_v(s, ot, s->T0, s->A0);
        gen_out(s, ot, port, s->T0);
        gen_op_add_reg(s, s->aflag, R_ESI, step);
        break;
    }
}

/*
 * REP MOVS and REP STOS with 32-bit addresses through segments without
 * base or checks first move a page at a time in a helper; the one-element
 * step then does what the helper declined, exactly. Not under TF, which
 * traps after each element.
 */
static bool string_has_bulk(DisasContext *s, int kind)
{
    uint32_t checked = s->flags >> HF_SEGCHK_SHIFT;

    if (s->tf || s->aflag != MO_32 || s->addseg || s->override >= 0 ||
        (checked & (1u << R_ES))) {
        return false;
    }
    return kind == STR_STOS || (kind == STR_MOVS && !(checked & (1u << R_DS)));
}

static void gen_string(DisasContext *s, int kind, MemOp ot)
{
    TCGLabel *done;
    TCGv cx;
    bool cond = kind == STR_CMPS || kind == STR_SCAS;
    int rep = s->prefix & (PREFIX_REPZ | PREFIX_REPNZ);

    if (kind == STR_INS || kind == STR_OUTS) {
        gen_check_io(s, ot, cpu_regs[R_EDX]);
    }
    if (!rep) {
        gen_string_element(s, kind, ot);
        return;
    }
    done = gen_new_label();
    gen_update_cc_op(s);
    cx = tcg_temp_new();
    gen_ext_tl(cx, cpu_regs[R_ECX], s->aflag, false);
    tcg_gen_brcondi_tl(TCG_COND_EQ, cx, 0, done);
    if (string_has_bulk(s, kind)) {
        TCGv_i32 desc = tcg_const_i32(ot | s->mem_index << 2);
        if (kind == STR_MOVS) {
            gen_helper_rep_movs_bulk(cpu_env, desc);
        } else {
            gen_helper_rep_stos_bulk(cpu_env, desc);
        }
        gen_ext_tl(cx, cpu_regs[R_ECX], s->aflag, false);
        tcg_gen_brcondi_tl(TCG_COND_EQ, cx, 0, done);
    }

    gen_string_element(s, kind, ot);
    gen_op_add_reg_im(s, s->aflag, R_ECX, -1);
    gen_update_cc_op(s);
    if (cond) {
        /* REPE stops on ZF = 0, REPNE on ZF = 1 (F3 = REPE for these) */
        gen_jcc1(s, (s->prefix & PREFIX_REPZ) ? 0x5 : 0x4, done);
    }
    gen_jmp_tb(s, cur_eip(s), 0);

    gen_set_label(done);
    /* both paths wrote env->cc_op */
    s->cc_op = CC_OP_DYNAMIC;
    s->cc_op_dirty = false;
    gen_jmp_tb(s, next_eip(s), 1);
}

/* A4/A5: MOVS */
void movs(DisasContext *s, int b, int modrm) { gen_string(s, STR_MOVS, mo_b_d(b, s->dflag)); }
/* A6/A7: CMPS */
void cmps(DisasContext *s, int b, int modrm) { gen_string(s, STR_CMPS, mo_b_d(b, s->dflag)); }
/* AA/AB: STOS */
void stos(DisasContext *s, int b, int modrm) { gen_string(s, STR_STOS, mo_b_d(b, s->dflag)); }
/* AC/AD: LODS */
void lods(DisasContext *s, int b, int modrm) { gen_string(s, STR_LODS, mo_b_d(b, s->dflag)); }
/* AE/AF: SCAS */
void scas(DisasContext *s, int b, int modrm) { gen_string(s, STR_SCAS, mo_b_d(b, s->dflag)); }

/* 6C/6D: INS; 6E/6F: OUTS (16/32-bit forms use dflag) */
void ins(DisasContext *s, int b, int modrm)
{
    gen_string(s, STR_INS, mo_b_d(b, s->dflag == MO_16 ? MO_16 : MO_32));
}

void outs(DisasContext *s, int b, int modrm)
{
    gen_string(s, STR_OUTS, mo_b_d(b, s->dflag == MO_16 ? MO_16 : MO_32));
}

static MemOp io_size(DisasContext *s, int b)
{
    return mo_b_d(b, s->dflag == MO_16 ? MO_16 : MO_32);
}

/* E4/E5: IN AL,Ib / eAX,Ib */
void in_Ib(DisasContext *s, int b, int modrm)
{
    MemOp ot = io_size(s, b);
    TCGv port = tcg_const_tl(x86_ldub_code(s));
    gen_check_io(s, ot, port);
    gen_in(s, ot, s->T0, port);
    gen_op_mov_reg_v(s, ot, R_EAX, s->T0);
}

/* E6/E7: OUT Ib,AL / Ib,eAX */
void out_Ib(DisasContext *s, int b, int modrm)
{
    MemOp ot = io_size(s, b);
    TCGv port = tcg_const_tl(x86_ldub_code(s));
    gen_check_io(s, ot, port);
    gen_op_mov_v_reg(s, ot, s->T0, R_EAX);
    gen_out(s, ot, port, s->T0);
}

/* EC/ED: IN AL,DX / eAX,DX */
void in_DX(DisasContext *s, int b, int modrm)
{
    MemOp ot = io_size(s, b);
    TCGv port = tcg_temp_new();
    tcg_gen_ext16u_tl(port, cpu_regs[R_EDX]);
    gen_check_io(s, ot, port);
    gen_in(s, ot, s->T0, port);
    gen_op_mov_reg_v(s, ot, R_EAX, s->T0);
}

/* EE/EF: OUT DX,AL / DX,eAX */
void out_DX(DisasContext *s, int b, int modrm)
{
    MemOp ot = io_size(s, b);
    TCGv port = tcg_temp_new();
    tcg_gen_ext16u_tl(port, cpu_regs[R_EDX]);
    gen_check_io(s, ot, port);
    gen_op_mov_v_reg(s, ot, s->T0, R_EAX);
    gen_out(s, ot, port, s->T0);
}

/* D7: XLAT: AL = [seg:eBX + AL] */
void xlat(DisasContext *s, int b, int modrm)
{
    tcg_gen_ext8u_tl(s->T0, cpu_regs[R_EAX]);
    tcg_gen_add_tl(s->T0, s->T0, cpu_regs[R_EBX]);
    gen_lea_v_seg(s, s->aflag, s->T0, R_DS, s->override);
    gen_op_ld_v(s, MO_8, s->T0, s->A0);
    gen_op_mov_reg_v(s, MO_8, R_EAX, s->T0);
}
