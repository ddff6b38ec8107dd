/*
 * x87 escape opcodes D8-DF: decoding into calls of the fpu_helper.c
 * helpers. Memory operands are loaded here (inline TLB fast path) and
 * passed by value; stores go through helpers so that a fault leaves the
 * FPU untouched.
 *
 * Every insn first checks CR0.EM/TS (#NM). A "waiting" insn (all but
 * fninit, fnclex, fnstcw, fnstsw, fnstenv, fnsave) checks for a pending
 * unmasked exception (#MF) in its helper, so that no branch splits the
 * block. After it, a non-control insn records its FPU instruction/data
 * pointers and opcode for fnstenv/fxsave (after, so that the #MF
 * handler still sees those of the insn that caused the exception).
 */
#include "translate.h"

#define CPUID_EXT_SSE3 (1u << 0)

/* ESC index (b & 7) and ModRM.reg in one number, as in the opcode tables: 0x00-0x3f */
#define X87_OP(esc, reg) (((esc) << 3) | (reg))

static TCGv_i32 const32(int v)
{
    return tcg_const_i32(v);
}

void gen_fwait(DisasContext *s)
{
    if ((s->flags & (HF_MP | HF_TS)) == (HF_MP | HF_TS)) {
        gen_exception(s, EXCP07_PREX);
        return;
    }
    gen_helper_fwait(cpu_env);
}

/* FPU instruction pointer, CS and opcode of a non-control insn */
static void gen_fpu_update_ip(DisasContext *s, int b, int modrm)
{
    TCGv_i32 t = tcg_temp_new_i32();
    TCGv_i64 ip = tcg_const_i64(cur_eip(s));

    tcg_gen_st_i64(ip, cpu_env, offsetof(CPUX86State, fpip));
    tcg_gen_movi_i32(t, ((b & 7) << 8) | modrm);
    tcg_gen_st16_i32(t, cpu_env, offsetof(CPUX86State, fpop));
    tcg_gen_ld_i32(t, cpu_env, offsetof(CPUX86State, segs[R_CS].selector));
    tcg_gen_st_i32(t, cpu_env, offsetof(CPUX86State, fpcs));
}

/* FPU data pointer: the operand's offset and segment selector */
static void gen_fpu_update_dp(TCGv ea, int seg)
{
    TCGv_i32 t = tcg_temp_new_i32();
    TCGv_i64 ea64 = tcg_temp_new_i64();

    tcg_gen_extu_tl_i64(ea64, ea);
    tcg_gen_st_i64(ea64, cpu_env, offsetof(CPUX86State, fpdp));
    tcg_gen_ld_i32(t, cpu_env, offsetof(CPUX86State, segs[seg].selector));
    tcg_gen_st_i32(t, cpu_env, offsetof(CPUX86State, fpds));
}

static bool x87_is_control(int op)
{
    switch (op) {
    case X87_OP(1, 4):  /* D9 /4 fldenv */
    case X87_OP(1, 5):  /* D9 /5 fldcw */
    case X87_OP(1, 6):  /* D9 /6 fnstenv */
    case X87_OP(1, 7):  /* D9 /7 fnstcw */
    case X87_OP(5, 4):  /* DD /4 frstor */
    case X87_OP(5, 6):  /* DD /6 fnsave */
    case X87_OP(5, 7):  /* DD /7 fnstsw */
        return true;
    default:
        return false;
    }
}

/* a 64-bit load at s->A0 + disp */
static void gen_ld_i64_A0(DisasContext *s, TCGv_i64 v, MemOp mop, int disp)
{
    TCGv a = s->A0;

    if (disp) {
        a = tcg_temp_new();
        tcg_gen_addi_tl(a, s->A0, disp);
    }
    gen_seg_check(s, a, 1 << (mop & MO_SIZE), false);
    tcg_gen_qemu_ld_i64(v, tcgv_tl_temp(a), s->mem_index, mop);
}

static void gen_ld_i32_A0(DisasContext *s, TCGv_i32 v, MemOp mop)
{
    gen_seg_check(s, s->A0, 1 << (mop & MO_SIZE), false);
    tcg_gen_qemu_ld_i32(v, tcgv_tl_temp(s->A0), s->mem_index, mop);
}

/* the segment checks of an operand a helper reads or writes at s->A0 */
static void gen_check_A0(DisasContext *s, int size, bool write)
{
    gen_seg_check(s, s->A0, size, write);
}

/* the memory forms; s->A0 holds the operand's linear address */
static void gen_x87_mem(DisasContext *s, int op)
{
    TCGv_i32 v32 = tcg_temp_new_i32();
    TCGv_i64 v64 = tcg_temp_new_i64();
    TCGv_i32 data32 = const32(s->dflag != MO_16);

    switch (op) {
    case X87_OP(0, 0) ... X87_OP(0, 7):  /* D8 /r: fadd..fdivr m32fp */
        gen_ld_i32_A0(s, v32, MO_LEUL);
        gen_helper_fop_m32(cpu_env, const32(op & 7), v32);
        break;
    case X87_OP(2, 0) ... X87_OP(2, 7):  /* DA /r: fiadd..fidivr m32int */
        gen_ld_i32_A0(s, v32, MO_LEUL);
        gen_helper_fop_mint(cpu_env, const32(op & 7), v32);
        break;
    case X87_OP(4, 0) ... X87_OP(4, 7):  /* DC /r: fadd..fdivr m64fp */
        gen_ld_i64_A0(s, v64, MO_LEUQ, 0);
        gen_helper_fop_m64(cpu_env, const32(op & 7), v64);
        break;
    case X87_OP(6, 0) ... X87_OP(6, 7):  /* DE /r: fiadd..fidivr m16int */
        gen_ld_i32_A0(s, v32, MO_LESW);
        gen_helper_fop_mint(cpu_env, const32(op & 7), v32);
        break;

    case X87_OP(1, 0):  /* D9 /0: fld m32fp */
        gen_ld_i32_A0(s, v32, MO_LEUL);
        gen_helper_fld_m32(cpu_env, v32);
        break;
    case X87_OP(5, 0):  /* DD /0: fld m64fp */
        gen_ld_i64_A0(s, v64, MO_LEUQ, 0);
        gen_helper_fld_m64(cpu_env, v64);
        break;
    case X87_OP(3, 5):  /* DB /5: fld m80fp */
    case X87_OP(7, 4):  /* DF /4: fbld m80bcd */
        gen_ld_i64_A0(s, v64, MO_LEUQ, 0);
        {
            TCGv_i64 hi = tcg_temp_new_i64();
            gen_ld_i64_A0(s, hi, MO_LEUW, 8);
            tcg_gen_extrl_i64_i32(v32, hi);
        }
        if (op == X87_OP(3, 5)) {
            gen_helper_fld_m80(cpu_env, v64, v32);
        } else {
            gen_helper_fbld(cpu_env, v64, v32);
        }
        break;
    case X87_OP(7, 0):  /* DF /0: fild m16int */
        gen_ld_i32_A0(s, v32, MO_LESW);
        tcg_gen_ext_i32_i64(v64, v32);
        gen_helper_fild(cpu_env, v64);
        break;
    case X87_OP(3, 0):  /* DB /0: fild m32int */
        gen_ld_i32_A0(s, v32, MO_LESL);
        tcg_gen_ext_i32_i64(v64, v32);
        gen_helper_fild(cpu_env, v64);
        break;
    case X87_OP(7, 5):  /* DF /5: fild m64int */
        gen_ld_i64_A0(s, v64, MO_LEUQ, 0);
        gen_helper_fild(cpu_env, v64);
        break;

    case X87_OP(1, 2):  /* D9 /2: fst m32fp */
    case X87_OP(1, 3):  /* D9 /3: fstp m32fp */
        gen_check_A0(s, 4, true);
        gen_helper_fst_m32(cpu_env, s->A0, const32(op & 1));
        break;
    case X87_OP(5, 2):  /* DD /2: fst m64fp */
    case X87_OP(5, 3):  /* DD /3: fstp m64fp */
        gen_check_A0(s, 8, true);
        gen_helper_fst_m64(cpu_env, s->A0, const32(op & 1));
        break;
    case X87_OP(3, 7):  /* DB /7: fstp m80fp */
        gen_check_A0(s, 10, true);
        gen_helper_fstp_m80(cpu_env, s->A0);
        break;
    case X87_OP(7, 6):  /* DF /6: fbstp m80bcd */
        gen_check_A0(s, 10, true);
        gen_helper_fbstp(cpu_env, s->A0);
        break;
    case X87_OP(7, 2):  /* DF /2: fist m16int */
    case X87_OP(7, 3):  /* DF /3: fistp m16int */
        gen_check_A0(s, 2, true);
        gen_helper_fist_m16(cpu_env, s->A0, const32(op & 1));
        break;
    case X87_OP(3, 2):  /* DB /2: fist m32int */
    case X87_OP(3, 3):  /* DB /3: fistp m32int */
        gen_check_A0(s, 4, true);
        gen_helper_fist_m32(cpu_env, s->A0, const32(op & 1));
        break;
    case X87_OP(7, 7):  /* DF /7: fistp m64int */
        gen_check_A0(s, 8, true);
        gen_helper_fist_m64(cpu_env, s->A0, const32(1));
        break;
    case X87_OP(7, 1):  /* DF /1: fisttp m16int (SSE3) */
    case X87_OP(3, 1):  /* DB /1: fisttp m32int (SSE3) */
    case X87_OP(5, 1):  /* DD /1: fisttp m64int (SSE3) */
        if (op == X87_OP(7, 1)) {
            gen_check_A0(s, 2, true);
            gen_helper_fist_m16(cpu_env, s->A0, const32(2));
        } else if (op == X87_OP(3, 1)) {
            gen_check_A0(s, 4, true);
            gen_helper_fist_m32(cpu_env, s->A0, const32(2));
        } else {
            gen_check_A0(s, 8, true);
            gen_helper_fist_m64(cpu_env, s->A0, const32(2));
        }
        break;

    case X87_OP(1, 4):  /* D9 /4: fldenv */
        gen_check_A0(s, s->dflag != MO_16 ? 28 : 14, false);
        gen_helper_fldenv(cpu_env, s->A0, data32);
        break;
    case X87_OP(1, 5):  /* D9 /5: fldcw m16 */
        gen_ld_i32_A0(s, v32, MO_LEUW);
        gen_helper_fldcw(cpu_env, v32);
        break;
    case X87_OP(1, 6):  /* D9 /6: fnstenv */
        gen_check_A0(s, s->dflag != MO_16 ? 28 : 14, true);
        gen_helper_fnstenv(cpu_env, s->A0, data32);
        break;
    case X87_OP(1, 7):  /* D9 /7: fnstcw m16 */
        tcg_gen_ld16u_i32(v32, cpu_env, offsetof(CPUX86State, fpuc));
        gen_check_A0(s, 2, true);
        tcg_gen_qemu_st_i32(v32, tcgv_tl_temp(s->A0), s->mem_index, MO_LEUW);
        break;
    case X87_OP(5, 4):  /* DD /4: frstor */
        gen_check_A0(s, s->dflag != MO_16 ? 108 : 94, false);
        gen_helper_frstor(cpu_env, s->A0, data32);
        break;
    case X87_OP(5, 6):  /* DD /6: fnsave */
        gen_check_A0(s, s->dflag != MO_16 ? 108 : 94, true);
        gen_helper_fnsave(cpu_env, s->A0, data32);
        break;
    case X87_OP(5, 7):  /* DD /7: fnstsw m16 */
        gen_helper_fnstsw(v32, cpu_env);
        gen_check_A0(s, 2, true);
        tcg_gen_qemu_st_i32(v32, tcgv_tl_temp(s->A0), s->mem_index, MO_LEUW);
        break;

    }
}

/* undefined memory forms: D9 /1, DB /4, DB /6, DD /5, and fisttp without SSE3 */
static bool x87_mem_undefined(DisasContext *s, int op)
{
    switch (op) {
    case X87_OP(1, 1): case X87_OP(3, 4): case X87_OP(3, 6): case X87_OP(5, 5):
        return true;
    case X87_OP(7, 1): case X87_OP(3, 1): case X87_OP(5, 1):
        return !(s->env->cpuid_ext_features & CPUID_EXT_SSE3);
    default:
        return false;
    }
}

/* undefined register forms (fcmov/fcomi need a P6-class CPU) */
static bool x87_reg_undefined(DisasContext *s, int op, int rm)
{
    bool p6 = s->env->cpuid_features & CPUID_CMOV;

    switch (op) {
    case X87_OP(1, 2):                      /* D9 D0: fnop only */
        return rm != 0;
    case X87_OP(1, 4):                      /* D9 E0 E1 E4 E5 */
        return rm == 2 || rm == 3 || rm >= 6;
    case X87_OP(1, 5):                      /* D9 E8-EE */
        return rm == 7;
    case X87_OP(2, 0) ... X87_OP(2, 3):     /* fcmovcc */
    case X87_OP(3, 0) ... X87_OP(3, 3):
    case X87_OP(3, 5): case X87_OP(3, 6):   /* fucomi, fcomi */
    case X87_OP(7, 5): case X87_OP(7, 6):   /* fucomip, fcomip */
        return !p6;
    case X87_OP(2, 5):                      /* DA E9: fucompp only */
    case X87_OP(6, 3):                      /* DE D9: fcompp only */
        return rm != 1;
    case X87_OP(2, 4): case X87_OP(2, 6): case X87_OP(2, 7):
    case X87_OP(3, 7): case X87_OP(5, 6): case X87_OP(5, 7): case X87_OP(7, 7):
        return true;
    default:
        return false;
    }
}

/* fcmovcc: the condition is a Jcc condition code (0x2 B, 0x4 E, 0x6 BE, 0xA P; odd: negated) */
static void gen_fcmov(DisasContext *s, int jcc_op, int sti)
{
    TCGv cond = tcg_temp_new();
    TCGv_i32 c32 = tcg_temp_new_i32();

    gen_setcc1(s, jcc_op, cond);
    tcg_gen_trunc_tl_i32(c32, cond);
    gen_helper_fcmov(cpu_env, const32(sti), c32);
}

static void gen_fcomi(DisasContext *s, int sti, bool quiet, bool pop)
{
    gen_compute_eflags(s);
    gen_helper_fcomi(cpu_cc_src, cpu_env, const32(sti), const32(quiet), const32(pop),
                     cpu_cc_src);
    set_cc_op(s, CC_OP_EFLAGS);
}

/* jcc condition of fcmov/fcmovn by ModRM.reg: B E BE U */
static const int fcmov_jcc[4] = { 0x2, 0x4, 0x6, 0xa };

/* the register forms (x87_reg_undefined() has excluded the undefined ones) */
static void gen_x87_reg(DisasContext *s, int op, int modrm)
{
    int rm = modrm & 7;

    switch (op) {
    case X87_OP(0, 2):  /* D8 D0+i: fcom st(i) */
    case X87_OP(4, 2):  /* DC D0+i: fcom st(i) (alias) */
        gen_helper_fcom_reg(cpu_env, const32(rm), const32(0), const32(0));
        break;
    case X87_OP(0, 3):  /* D8 D8+i: fcomp st(i) */
    case X87_OP(4, 3):  /* DC D8+i: fcomp st(i) (alias) */
    case X87_OP(6, 2):  /* DE D0+i: fcomp st(i) (alias) */
        gen_helper_fcom_reg(cpu_env, const32(rm), const32(1), const32(0));
        break;
    case X87_OP(0, 0) ... X87_OP(0, 1):
    case X87_OP(0, 4) ... X87_OP(0, 7):  /* D8 C0-FF: fadd..fdivr st(0), st(i) */
        gen_helper_fop_reg(cpu_env, const32(op & 7), const32(rm), const32(0));
        break;
    case X87_OP(4, 0) ... X87_OP(4, 1):
    case X87_OP(4, 4) ... X87_OP(4, 7):  /* DC C0-FF: fadd..fdiv st(i), st(0) */
        gen_helper_fop_reg(cpu_env, const32(op & 7), const32(rm), const32(1));
        break;
    case X87_OP(6, 0) ... X87_OP(6, 1):
    case X87_OP(6, 4) ... X87_OP(6, 7):  /* DE C0-FF: faddp..fdivp st(i), st(0) */
        gen_helper_fop_reg(cpu_env, const32(op & 7), const32(rm), const32(2));
        break;
    case X87_OP(6, 3):  /* DE D9: fcompp */
        gen_helper_fcom_reg(cpu_env, const32(1), const32(2), const32(0));
        break;

    case X87_OP(1, 0):  /* D9 C0+i: fld st(i) */
        gen_helper_fld_sti(cpu_env, const32(rm));
        break;
    case X87_OP(1, 1):  /* D9 C8+i: fxch st(i) */
    case X87_OP(5, 1):  /* DD C8+i: fxch (alias) */
    case X87_OP(7, 1):  /* DF C8+i: fxch (alias) */
        gen_helper_fxch(cpu_env, const32(rm));
        break;
    case X87_OP(1, 2):  /* D9 D0: fnop (waits like any x87 insn) */
        gen_helper_fwait(cpu_env);
        break;
    case X87_OP(1, 3):  /* D9 D8+i: fstp st(i) (alias) */
    case X87_OP(5, 3):  /* DD D8+i: fstp st(i) */
    case X87_OP(7, 2):  /* DF D0+i: fstp st(i) (alias) */
    case X87_OP(7, 3):  /* DF D8+i: fstp st(i) (alias) */
        gen_helper_fst_sti(cpu_env, const32(rm), const32(1));
        break;
    case X87_OP(5, 2):  /* DD D0+i: fst st(i) */
        gen_helper_fst_sti(cpu_env, const32(rm), const32(0));
        break;
    case X87_OP(1, 4):  /* D9 E0 fchs, E1 fabs, E4 ftst, E5 fxam */
        gen_helper_fmisc(cpu_env, const32(modrm & 0x1f));
        break;
    case X87_OP(1, 5):  /* D9 E8-EE: fld1 fldl2t fldl2e fldpi fldlg2 fldln2 fldz */
        gen_helper_fld_const(cpu_env, const32(rm));
        break;
    case X87_OP(1, 6):  /* D9 F0-F7: f2xm1 fyl2x fptan fpatan fxtract fprem1 fdecstp fincstp */
    case X87_OP(1, 7):  /* D9 F8-FF: fprem fyl2xp1 fsqrt fsincos frndint fscale fsin fcos */
        gen_helper_fmisc(cpu_env, const32(modrm & 0x1f));
        break;

    case X87_OP(2, 0) ... X87_OP(2, 3):  /* DA C0-DF: fcmovb fcmove fcmovbe fcmovu */
    case X87_OP(3, 0) ... X87_OP(3, 3):  /* DB C0-DF: fcmovnb fcmovne fcmovnbe fcmovnu */
        gen_fcmov(s, fcmov_jcc[op & 3] | (op >> 3 == 3), rm);
        break;
    case X87_OP(2, 5):  /* DA E9: fucompp */
        gen_helper_fcom_reg(cpu_env, const32(1), const32(2), const32(1));
        break;
    case X87_OP(3, 5):  /* DB E8+i: fucomi */
    case X87_OP(3, 6):  /* DB F0+i: fcomi */
    case X87_OP(7, 5):  /* DF E8+i: fucomip */
    case X87_OP(7, 6):  /* DF F0+i: fcomip */
        gen_fcomi(s, rm, (op & 7) == 5, op >> 3 == 7);
        break;

    case X87_OP(5, 0):  /* DD C0+i: ffree st(i) */
        gen_helper_ffree(cpu_env, const32(rm), const32(0));
        break;
    case X87_OP(7, 0):  /* DF C0+i: ffreep st(i) */
        gen_helper_ffree(cpu_env, const32(rm), const32(1));
        break;
    case X87_OP(5, 4):  /* DD E0+i: fucom st(i) */
        gen_helper_fcom_reg(cpu_env, const32(rm), const32(0), const32(1));
        break;
    case X87_OP(5, 5):  /* DD E8+i: fucomp st(i) */
        gen_helper_fcom_reg(cpu_env, const32(rm), const32(1), const32(1));
        break;
    }
}

/* DB E0-E4 and DF E0: the non-waiting control forms */
static bool gen_x87_reg_nowait(DisasContext *s, int op, int modrm)
{
    int rm = modrm & 7;

    if (op == X87_OP(3, 4)) {
        switch (rm) {
        case 0:     /* DB E0: fneni (8087 only: a no-op) */
        case 1:     /* DB E1: fndisi (8087 only: a no-op) */
        case 4:     /* DB E4: fnsetpm (287 only: a no-op) */
            return true;
        case 2:     /* DB E2: fnclex */
            gen_helper_fnclex(cpu_env);
            return true;
        case 3:     /* DB E3: fninit */
            gen_helper_fninit(cpu_env);
            return true;
        }
        gen_illegal_opcode(s);
        return true;
    }
    if (op == X87_OP(7, 4)) {
        if (rm == 0) {  /* DF E0: fnstsw ax */
            TCGv_i32 sw = tcg_temp_new_i32();
            TCGv t = tcg_temp_new();
            gen_helper_fnstsw(sw, cpu_env);
            tcg_gen_extu_i32_tl(t, sw);
            gen_op_mov_reg_v(s, MO_16, R_EAX, t);
        } else {
            gen_illegal_opcode(s);
        }
        return true;
    }
    return false;
}

void gen_x87(DisasContext *s, int b, int modrm)
{
    int op = X87_OP(b & 7, (modrm >> 3) & 7);

    if (s->flags & (HF_EM | HF_TS)) {
        gen_exception(s, EXCP07_PREX);
        return;
    }
    if (modrm_is_reg(modrm)) {
        if (gen_x87_reg_nowait(s, op, modrm)) {
            return;
        }
        if (x87_reg_undefined(s, op, modrm & 7)) {
            gen_illegal_opcode(s);
            return;
        }
        gen_x87_reg(s, op, modrm);
        gen_fpu_update_ip(s, b, modrm);
        return;
    }

    {
        int def_seg;
        TCGv ea = gen_lea_modrm_ea(s, modrm, &def_seg);
        int seg = s->override >= 0 ? s->override : def_seg;
        TCGv offset = tcg_temp_new();

        if (x87_mem_undefined(s, op)) {
            gen_illegal_opcode(s);
            return;
        }
        tcg_gen_mov_tl(offset, ea);
        gen_lea_v_seg(s, s->aflag, offset, def_seg, s->override);
        gen_x87_mem(s, op);
        if (!x87_is_control(op)) {
            gen_fpu_update_ip(s, b, modrm);
            gen_fpu_update_dp(offset, seg);
        }
    }
}
