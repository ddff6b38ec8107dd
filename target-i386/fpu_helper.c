/*
 * x87 arithmetic, compares, loads and stores (D8-DF).
 *
 * The numerics are the host's x87 (fpu_host.h); this file keeps the
 * architectural state around them: the register stack and its tags,
 * stack faults, the status-word flags and condition codes, and what an
 * unmasked exception does to the destination (IA-32 SDM vol. 1, 8.5):
 *   - invalid operation, denormal operand, divide by zero are detected
 *     before the result is stored: nothing changes but the flags and ES;
 *   - overflow/underflow with a register destination store the result
 *     with its exponent biased by 2^-24576 / 2^24576; with a memory
 *     destination nothing is stored;
 *   - precision stores the rounded result.
 * An unmasked exception only sets ES here; the next waiting x87
 * instruction raises #MF: each helper here starts with that check.
 */
#include "fpu_internal.h"
#include "fpu_host.h"
#include "exec/helper-proto.h"

#define EXC_PRE (FPUS_IE | FPUS_DE | FPUS_ZE)  /* detected before a result exists */
#define EXC_POST (FPUS_OE | FPUS_UE)           /* detected on the rounded result */
#define X87_BIAS 24576                         /* exponent bias of unmasked O/U results */

/* the arithmetic of a D8-style reg field (2 and 3 are the compares) */
static const FhBinop d8_binop[8] = {
    FH_ADD, FH_MUL, FH_ADD, FH_ADD, FH_SUB, FH_SUBR, FH_DIV, FH_DIVR,
};

static void fpu_raise_flags(CPUX86State *env, uint16_t exc)
{
    env->fpus |= exc & (FPUS_EXC_MASK | FPUS_SF);
    if (exc & ~env->fpuc & FPUS_EXC_MASK) {
        env->fpus |= FPUS_ES | FPUS_B;
    }
}

static inline void fpu_set_cc(CPUX86State *env, uint16_t mask, uint16_t sw)
{
    env->fpus = (env->fpus & ~mask) | (sw & mask);
}

static inline void fpu_write(CPUX86State *env, int sti, const floatx80 *v)
{
    int phys = fpu_phys(env, sti);

    env->fpregs[phys].d = *v;
    env->fptags[phys] = FPTAG_VALID;
}

/*
 * An operand register is empty: stack underflow (#IS, C1 = 0). Returns
 * true when the masked response applies; dest_sti >= 0 then receives the
 * indefinite, and the caller goes on (pops as usual).
 */
static bool fpu_underflow(CPUX86State *env, int dest_sti)
{
    env->fpus &= ~FPUS_C1;
    fpu_raise_flags(env, FPUS_IE | FPUS_SF);
    if (!(env->fpuc & FPUS_IE)) {
        return false;
    }
    if (dest_sti >= 0) {
        fpu_write(env, dest_sti, &floatx80_default_nan);
    }
    return true;
}

/*
 * A push would overwrite a non-empty register: stack overflow (#IS,
 * C1 = 1); masked, the indefinite is pushed. Returns true if the push
 * may go ahead normally.
 */
static bool fpu_check_push(CPUX86State *env)
{
    if (fpu_empty(env, 7)) {
        return true;
    }
    env->fpus |= FPUS_C1;
    fpu_raise_flags(env, FPUS_IE | FPUS_SF);
    if (env->fpuc & FPUS_IE) {
        fpu_push(env, &floatx80_default_nan);
    }
    return false;
}

/*
 * x scaled by 2^n exactly, for recomputing an unmasked overflow/underflow
 * result in range. A value pushed below the normal range only matters as
 * a sticky bit next to a much larger operand: it becomes the smallest
 * denormal of its sign.
 */
static floatx80 fx_scale_exact(floatx80 x, int n)
{
    int e = x.high & 0x7fff;
    uint64_t m = x.low;

    if (e == 0x7fff || m == 0) {
        return x;
    }
    if (e == 0) {
        int sh = __builtin_clzll(m);
        m <<= sh;
        e = 1 - sh;
    } else if (!(m >> 63)) {
        return x;   /* unnormal: the host rejects it anyway */
    }
    e += n;
    if (e <= 0) {
        x.low = 1;
        x.high &= 0x8000;
        return x;
    }
    x.low = m;
    x.high = (x.high & 0x8000) | (e < 0x7fff ? e : 0x7ffe);
    return x;
}

static bool fx_is_denormal(const floatx80 *x)
{
    return (x->high & 0x7fff) == 0 && x->low != 0;
}

/*
 * The result of a binary op whose overflow/underflow is unmasked: the
 * rounded result times 2^-24576 (overflow) or 2^24576 (underflow),
 * computed from exactly scaled operands. Returns the status of that
 * computation (C1 and PE), or 0xffff if op cannot be rescaled.
 */
static uint16_t fpu_biased_result(CPUX86State *env, FhBinop op, floatx80 *r,
                                  const floatx80 *a, const floatx80 *b, bool overflow)
{
    int k = overflow ? -1 : 1;
    floatx80 a2, b2;

    switch (op) {
    case FH_ADD: case FH_SUB: case FH_SUBR:
        a2 = fx_scale_exact(*a, k * X87_BIAS);
        b2 = fx_scale_exact(*b, k * X87_BIAS);
        break;
    case FH_MUL:
        a2 = fx_scale_exact(*a, k * X87_BIAS / 2);
        b2 = fx_scale_exact(*b, k * X87_BIAS / 2);
        break;
    case FH_DIV:
        a2 = fx_scale_exact(*a, k * X87_BIAS / 2);
        b2 = fx_scale_exact(*b, -k * X87_BIAS / 2);
        break;
    case FH_DIVR:
        a2 = fx_scale_exact(*a, -k * X87_BIAS / 2);
        b2 = fx_scale_exact(*b, k * X87_BIAS / 2);
        break;
    case FH_YL2X:
        a2 = *a;
        b2 = fx_scale_exact(*b, k * X87_BIAS);
        break;
    case FH_SCALE: {
        uint64_t n;
        fh_store_i64(env, &n, b, true);
        a2 = *a;
        fh_load_i64(&b2, (int64_t)n + k * X87_BIAS);
        break;
    }
    default:
        return 0xffff;
    }
    return fh_binop(env, op, r, &a2, &b2);
}

/*
 * Store result r of an operation (status sw) into ST(dest_sti), applying
 * the unmasked-exception rules, and take the condition codes in cc_mask
 * from sw. op/a/b describe a binary op for the biased overflow/underflow
 * result (op < 0: none). Returns false when an unmasked pre-computation
 * exception left everything unchanged.
 */
static bool __attribute__((noinline))
fpu_finish_unmasked(CPUX86State *env, int dest_sti, floatx80 *r, uint16_t sw,
                    uint16_t cc_mask, int op, const floatx80 *a, const floatx80 *b)
{
    uint16_t exc = sw & FPUS_EXC_MASK;
    uint16_t unmasked = ~env->fpuc & FPUS_EXC_MASK;

    if (exc & unmasked & EXC_PRE) {
        fpu_raise_flags(env, exc & EXC_PRE);
        return false;
    }
    /* masked underflow needs inexactness; unmasked, a tiny result is enough */
    if ((unmasked & FPUS_UE) && fx_is_denormal(r)) {
        exc |= FPUS_UE;
    }
    if ((exc & unmasked & EXC_POST) && op >= 0) {
        floatx80 biased;
        uint16_t bsw = fpu_biased_result(env, op, &biased, a, b, exc & FPUS_OE);
        if (bsw != 0xffff) {
            *r = biased;
            sw = (sw & ~FPUS_C1) | (bsw & FPUS_C1);
        }
    }
    fpu_set_cc(env, cc_mask, sw);
    fpu_raise_flags(env, exc);
    fpu_write(env, dest_sti, r);
    return true;
}

/*
 * With every exception masked (the usual case) there are no rules to
 * apply: kept inline and small, the rest out of line.
 */
static inline bool fpu_finish(CPUX86State *env, int dest_sti, floatx80 *r, uint16_t sw,
                              uint16_t cc_mask, int op, const floatx80 *a,
                              const floatx80 *b)
{
    if (unlikely(~env->fpuc & FPUS_EXC_MASK)) {
        return fpu_finish_unmasked(env, dest_sti, r, sw, cc_mask, op, a, b);
    }
    fpu_set_cc(env, cc_mask, sw);
    fpu_raise_flags(env, sw & FPUS_EXC_MASK);
    fpu_write(env, dest_sti, r);
    return true;
}

/* ST(dest) = a op b */
static bool fpu_binop(CPUX86State *env, FhBinop op, int dest_sti, const floatx80 *a,
                      const floatx80 *b)
{
    floatx80 r;
    uint16_t sw = fh_binop(env, op, &r, a, b);

    return fpu_finish(env, dest_sti, &r, sw, fh_binop_cc_mask(op), op, a, b);
}

/* fcom family: C3 C2 C0 from a vs b, C1 = 0; false if an unmasked exception stopped it */
static bool fpu_compare(CPUX86State *env, const floatx80 *a, const floatx80 *b, bool quiet)
{
    uint16_t sw = fh_compare(env, a, b, quiet);

    fpu_raise_flags(env, sw);
    if (sw & ~env->fpuc & EXC_PRE) {
        return false;
    }
    fpu_set_cc(env, FPUS_CC_MASK, sw & (FPUS_C0 | FPUS_C2 | FPUS_C3));
    return true;
}

/* compare with an empty operand: masked, the result is "unordered" */
static bool fpu_compare_underflow(CPUX86State *env)
{
    if (!fpu_underflow(env, -1)) {
        return false;
    }
    fpu_set_cc(env, FPUS_CC_MASK, FPUS_C0 | FPUS_C2 | FPUS_C3);
    return true;
}

/*
 * ST0 op= a memory operand: m32fp/m64fp (size 4/8, raw bits), or an
 * integer (size 0, the value), which converts exactly.
 */
static void fpu_op_mem(CPUX86State *env, int op, uint64_t m, int size)
{
    floatx80 mx, r;
    uint16_t sw;
    const floatx80 *a = fpu_st(env, 0);
    bool compare = op == 2 || op == 3;
    bool done;

    if (fpu_empty(env, 0)) {
        if (compare) {
            if (fpu_compare_underflow(env) && op == 3) {
                fpu_pop(env);
            }
        } else {
            fpu_underflow(env, 0);
        }
        return;
    }
    if (!size) {                    /* an integer: exact in 80 bits */
        fh_load_i64(&mx, (int64_t)m);
        if (compare) {
            done = fpu_compare(env, a, &mx, false);
        } else {
            fpu_binop(env, d8_binop[op], 0, a, &mx);
            return;
        }
    } else if (compare) {
        sw = fh_compare_mem(env, a, m, size);
        fpu_raise_flags(env, sw);
        done = !(sw & ~env->fpuc & EXC_PRE);
        if (done) {
            fpu_set_cc(env, FPUS_CC_MASK, sw & (FPUS_C0 | FPUS_C2 | FPUS_C3));
        }
    } else {
        sw = fh_binop_mem(env, d8_binop[op], &r, a, m, size);
        if (!(~env->fpuc & (FPUS_OE | FPUS_UE))) {
            fpu_finish(env, 0, &r, sw, FPUS_C1, -1, NULL, NULL);
            return;
        }
        /* a biased overflow/underflow result may be needed: widen the operand */
        if (size == 4) {
            fh_load_f32(env, &mx, m);
        } else {
            fh_load_f64(env, &mx, m);
        }
        fpu_finish(env, 0, &r, sw, FPUS_C1, d8_binop[op], a, &mx);
        return;
    }
    if (done && op == 3) {
        fpu_pop(env);
    }
}

/* D8 /op m32fp */
void helper_fop_m32(CPUX86State *env, int op, uint32_t v)
{
    fpu_check_pending(env, GETPC());
    fpu_op_mem(env, op, v, 4);
}

/* DC /op m64fp */
void helper_fop_m64(CPUX86State *env, int op, uint64_t v)
{
    fpu_check_pending(env, GETPC());
    fpu_op_mem(env, op, v, 8);
}

/* DA /op m32int, DE /op m16int (sign-extended by the translator) */
void helper_fop_mint(CPUX86State *env, int op, uint32_t v)
{
    fpu_check_pending(env, GETPC());
    fpu_op_mem(env, op, (uint64_t)(int64_t)(int32_t)v, 0);
}

/*
 * D8 C0-FF: ST0 = ST0 op STi (mode 0);
 * DC C0-FF: STi = STi op STi' (mode 1), DE: the same and pop (mode 2),
 * where DC/DE encode fsub/fsubr and fdiv/fdivr the other way round.
 */
void helper_fop_reg(CPUX86State *env, int op, int sti, int mode)
{
    int dest = mode ? sti : 0;
    FhBinop bop = d8_binop[mode ? (op >= 4 ? op ^ 1 : op) : op];

    fpu_check_pending(env, GETPC());
    if (fpu_empty(env, 0) || fpu_empty(env, sti)) {
        if (!fpu_underflow(env, dest)) {
            return;
        }
    } else if (!fpu_binop(env, bop, dest, fpu_st(env, dest), fpu_st(env, mode ? 0 : sti))) {
        return;
    }
    if (mode == 2) {
        fpu_pop(env);
    }
}

/* fcom/fcomp/fcompp and fucom/fucomp/fucompp ST0, STi */
void helper_fcom_reg(CPUX86State *env, int sti, int pops, int quiet)
{
    bool done;

    fpu_check_pending(env, GETPC());
    if (fpu_empty(env, 0) || fpu_empty(env, sti)) {
        done = fpu_compare_underflow(env);
    } else {
        done = fpu_compare(env, fpu_st(env, 0), fpu_st(env, sti), quiet);
    }
    if (done) {
        while (pops-- > 0) {
            fpu_pop(env);
        }
    }
}

/* fcomi/fucomi(p) ST0, STi: ZF PF CF from the compare, OF SF AF cleared */
target_ulong helper_fcomi(CPUX86State *env, int sti, int quiet, int pop, target_ulong eflags)
{
    uint16_t sw;

    fpu_check_pending(env, GETPC());
    if (fpu_empty(env, 0) || fpu_empty(env, sti)) {
        if (!fpu_underflow(env, -1)) {
            return eflags;
        }
        sw = FPUS_C0 | FPUS_C2 | FPUS_C3;
    } else {
        sw = fh_compare(env, fpu_st(env, 0), fpu_st(env, sti), quiet);
        fpu_raise_flags(env, sw);
        if (sw & ~env->fpuc & EXC_PRE) {
            return eflags;
        }
    }
    if (pop) {
        fpu_pop(env);
    }
    return (eflags & ~CC_FLAGS_MASK) | ((sw & FPUS_C0) ? CC_C : 0) |
           ((sw & FPUS_C2) ? CC_P : 0) | ((sw & FPUS_C3) ? CC_Z : 0);
}

/* ---- D9 E0-FF ---- */

/* ST0 = op ST0 (fsqrt, frndint, f2xm1, fsin, fcos) */
static void fpu_unop(CPUX86State *env, FhUnop op)
{
    floatx80 r;
    uint16_t sw;

    bool trig = op == FH_SIN || op == FH_COS;
    uint16_t cc_mask = (trig || op == FH_F2XM1) ? FPUS_CC_MASK : FPUS_C1;

    if (fpu_empty(env, 0)) {
        if (fpu_underflow(env, 0) && trig) {
            env->fpus &= ~FPUS_C2;
        }
        return;
    }
    sw = fh_unop(env, op, &r, fpu_st(env, 0));
    if (trig && (sw & FPUS_C2)) {
        fpu_set_cc(env, FPUS_CC_MASK, sw);     /* out of range: ST0 unchanged */
        return;
    }
    fpu_finish(env, 0, &r, sw, cc_mask, -1, NULL, NULL);
}

/* ST1 = ST1 op ST0, then pop (fyl2x, fyl2xp1, fpatan) */
static void fpu_op_st1_pop(CPUX86State *env, FhBinop op)
{
    if (fpu_empty(env, 0) || fpu_empty(env, 1)) {
        if (!fpu_underflow(env, 1)) {
            return;
        }
    } else if (!fpu_binop(env, op, 1, fpu_st(env, 0), fpu_st(env, 1))) {
        return;
    }
    fpu_pop(env);
}

/* fprem/fprem1: ST0 = ST0 rem ST1; C0 C3 C1 = low quotient bits, C2 = incomplete */
static void fpu_prem(CPUX86State *env, FhBinop op)
{
    floatx80 r;
    uint16_t sw;

    if (fpu_empty(env, 0) || fpu_empty(env, 1)) {
        if (fpu_underflow(env, 0)) {
            env->fpus &= ~FPUS_C2;
        }
        return;
    }
    sw = fh_binop(env, op, &r, fpu_st(env, 0), fpu_st(env, 1));
    fpu_finish(env, 0, &r, sw, FPUS_CC_MASK, -1, NULL, NULL);
}

/*
 * fptan/fsincos/fxtract with a full stack: masked, ST0 becomes the
 * indefinite and another is pushed; C1 = 1 and the bits in clear are
 * cleared (as the hardware does).
 */
static void fpu_stack_overflow2(CPUX86State *env, uint16_t clear)
{
    env->fpus = (env->fpus & ~clear) | FPUS_C1;
    fpu_raise_flags(env, FPUS_IE | FPUS_SF);
    if (env->fpuc & FPUS_IE) {
        fpu_write(env, 0, &floatx80_default_nan);
        fpu_push(env, &floatx80_default_nan);
    }
}

/* fptan (push 1.0 after the tangent) and fsincos (push the cosine after the sine) */
static void fpu_two_results(CPUX86State *env, bool sincos)
{
    floatx80 first, second;
    uint16_t sw, exc;

    if (fpu_empty(env, 0)) {
        if (fpu_underflow(env, 0)) {
            env->fpus &= ~FPUS_C2;
            fpu_push(env, &floatx80_default_nan);
        }
        return;
    }
    if (!fpu_empty(env, 7)) {
        fpu_stack_overflow2(env, FPUS_C0 | FPUS_C2);
        return;
    }
    if (sincos) {
        sw = fh_sincos(env, &first, &second, fpu_st(env, 0));
    } else {
        sw = fh_ptan(env, &first, &second, fpu_st(env, 0));
    }
    if (sw & FPUS_C2) {
        fpu_set_cc(env, FPUS_CC_MASK, sw);     /* out of range: ST0 unchanged */
        return;
    }
    exc = sw & FPUS_EXC_MASK;
    if (exc & ~env->fpuc & EXC_PRE) {
        fpu_raise_flags(env, exc & EXC_PRE);
        return;
    }
    fpu_set_cc(env, FPUS_CC_MASK, sw);
    fpu_raise_flags(env, exc);
    fpu_write(env, 0, &first);
    fpu_push(env, &second);
}

/* fxtract: ST0 = exponent, then push the significand */
static void fpu_xtract(CPUX86State *env)
{
    floatx80 sig, exp;
    uint16_t sw;

    if (fpu_empty(env, 0)) {
        if (fpu_underflow(env, 0)) {
            fpu_push(env, &floatx80_default_nan);
        }
        return;
    }
    if (!fpu_empty(env, 7)) {
        fpu_stack_overflow2(env, 0);
        return;
    }
    sw = fh_xtract(env, &sig, &exp, fpu_st(env, 0));
    if (sw & ~env->fpuc & EXC_PRE) {
        fpu_raise_flags(env, sw & EXC_PRE);
        return;
    }
    fpu_set_cc(env, FPUS_CC_MASK, sw);
    fpu_raise_flags(env, sw);
    fpu_write(env, 0, &exp);
    fpu_push(env, &sig);
}

/* fxam: classify ST0 (empty included) */
static void fpu_xam(CPUX86State *env)
{
    const floatx80 *v = fpu_st(env, 0);
    uint16_t cc;

    if (fpu_empty(env, 0)) {
        cc = FPUS_C3 | FPUS_C0;
    } else {
        cc = fh_xam(v) & (FPUS_C0 | FPUS_C2 | FPUS_C3);
    }
    if (v->high & 0x8000) {
        cc |= FPUS_C1;
    }
    fpu_set_cc(env, FPUS_CC_MASK, cc);
}

/* D9 E0-FF by modrm & 0x1f (the constants E8-EE are helper_fld_const) */
void helper_fmisc(CPUX86State *env, int op)
{
    static const floatx80 zero;

    fpu_check_pending(env, GETPC());
    switch (op) {
    case 0x00: /* D9 E0: fchs */
    case 0x01: /* D9 E1: fabs */
        if (fpu_empty(env, 0)) {
            fpu_underflow(env, 0);
        } else {
            floatx80 *v = fpu_st(env, 0);
            v->high = op ? v->high & 0x7fff : v->high ^ 0x8000;
            env->fpus &= ~FPUS_C1;
        }
        break;
    case 0x04: /* D9 E4: ftst */
        if (fpu_empty(env, 0)) {
            fpu_compare_underflow(env);
        } else {
            fpu_compare(env, fpu_st(env, 0), &zero, false);
        }
        break;
    case 0x05: /* D9 E5: fxam */
        fpu_xam(env);
        break;
    case 0x10: /* D9 F0: f2xm1 */
        fpu_unop(env, FH_F2XM1);
        break;
    case 0x11: /* D9 F1: fyl2x */
        fpu_op_st1_pop(env, FH_YL2X);
        break;
    case 0x12: /* D9 F2: fptan */
        fpu_two_results(env, false);
        break;
    case 0x13: /* D9 F3: fpatan */
        fpu_op_st1_pop(env, FH_PATAN);
        break;
    case 0x14: /* D9 F4: fxtract */
        fpu_xtract(env);
        break;
    case 0x15: /* D9 F5: fprem1 */
        fpu_prem(env, FH_PREM1);
        break;
    case 0x16: /* D9 F6: fdecstp */
        env->fpstt = (env->fpstt - 1) & 7;
        env->fpus &= ~FPUS_C1;
        break;
    case 0x17: /* D9 F7: fincstp */
        env->fpstt = (env->fpstt + 1) & 7;
        env->fpus &= ~FPUS_C1;
        break;
    case 0x18: /* D9 F8: fprem */
        fpu_prem(env, FH_PREM);
        break;
    case 0x19: /* D9 F9: fyl2xp1 */
        fpu_op_st1_pop(env, FH_YL2XP1);
        break;
    case 0x1a: /* D9 FA: fsqrt */
        fpu_unop(env, FH_SQRT);
        break;
    case 0x1b: /* D9 FB: fsincos */
        fpu_two_results(env, true);
        break;
    case 0x1c: /* D9 FC: frndint */
        fpu_unop(env, FH_RNDINT);
        break;
    case 0x1d: /* D9 FD: fscale */
        if (fpu_empty(env, 0) || fpu_empty(env, 1)) {
            fpu_underflow(env, 0);
        } else {
            fpu_binop(env, FH_SCALE, 0, fpu_st(env, 0), fpu_st(env, 1));
        }
        break;
    case 0x1e: /* D9 FE: fsin */
        fpu_unop(env, FH_SIN);
        break;
    case 0x1f: /* D9 FF: fcos */
        fpu_unop(env, FH_COS);
        break;
    default:
        /* the translator sends only the opcodes above */
        break;
    }
}

/* ---- loads ---- */

/* push a converted value unless an unmasked conversion exception stops it */
static void fpu_push_converted(CPUX86State *env, const floatx80 *v, uint16_t sw)
{
    if (!fpu_check_push(env)) {
        return;
    }
    fpu_raise_flags(env, sw);
    if (sw & ~env->fpuc & EXC_PRE) {
        return;
    }
    env->fpus &= ~FPUS_C1;
    fpu_push(env, v);
}

/* D9 /0: fld m32fp */
void helper_fld_m32(CPUX86State *env, uint32_t v)
{
    floatx80 r;

    fpu_check_pending(env, GETPC());
    fpu_push_converted(env, &r, fh_load_f32(env, &r, v));
}

/* DD /0: fld m64fp */
void helper_fld_m64(CPUX86State *env, uint64_t v)
{
    floatx80 r;

    fpu_check_pending(env, GETPC());
    fpu_push_converted(env, &r, fh_load_f64(env, &r, v));
}

/* DB /5: fld m80fp (raw: no exceptions, SNaN kept) */
void helper_fld_m80(CPUX86State *env, uint64_t low, uint32_t high)
{
    floatx80 r = { low, (uint16_t)high };

    fpu_check_pending(env, GETPC());
    fpu_push_converted(env, &r, 0);
}

/* DF /0, DB /0, DF /5: fild m16int/m32int/m64int (sign-extended by the translator) */
void helper_fild(CPUX86State *env, uint64_t v)
{
    floatx80 r;

    fpu_check_pending(env, GETPC());
    fh_load_i64(&r, (int64_t)v);
    fpu_push_converted(env, &r, 0);
}

/* DF /4: fbld m80bcd */
void helper_fbld(CPUX86State *env, uint64_t low, uint32_t high)
{
    uint8_t bcd[10];
    floatx80 r;
    uint16_t sw;

    fpu_check_pending(env, GETPC());
    memcpy(bcd, &low, 8);
    bcd[8] = high;
    bcd[9] = high >> 8;
    sw = fh_load_bcd(env, &r, bcd);
    fpu_push_converted(env, &r, sw);
}

/* D9 C0+i: fld st(i) */
void helper_fld_sti(CPUX86State *env, int sti)
{
    floatx80 v = *fpu_st(env, sti);

    fpu_check_pending(env, GETPC());
    /* an empty source is reported (underflow) in preference to a full stack */
    if (fpu_empty(env, sti)) {
        if (fpu_underflow(env, -1)) {
            fpu_push(env, &floatx80_default_nan);
        }
        return;
    }
    fpu_push_converted(env, &v, 0);
}

/* D9 E8-EE: fld1, fldl2t, fldl2e, fldpi, fldlg2, fldln2, fldz */
void helper_fld_const(CPUX86State *env, int k)
{
    floatx80 r;

    fpu_check_pending(env, GETPC());
    fh_const(env, &r, (FhConst)k);
    fpu_push_converted(env, &r, 0);
}

/* ---- stores ---- */

/*
 * A store of ST0 to memory runs in two steps around the memory write, so
 * that a page fault leaves the FPU untouched. Before: may anything be
 * stored? Not when ST0 is empty with invalid unmasked (stack underflow),
 * nor when converting raised an unmasked exception in stop_exc (status
 * sw); those are recorded at once. Masked, an empty ST0 stores the
 * indefinite the caller prepared.
 */
static bool fpu_store_check(CPUX86State *env, uint16_t sw, uint16_t stop_exc)
{
    if (fpu_empty(env, 0)) {
        return (env->fpuc & FPUS_IE) || fpu_underflow(env, -1);
    }
    if (sw & ~env->fpuc & stop_exc) {
        fpu_raise_flags(env, sw);
        return false;
    }
    return true;
}

/* after the memory write: the status, then the pop */
static void fpu_store_done(CPUX86State *env, uint16_t sw, bool pop)
{
    if (fpu_empty(env, 0)) {
        fpu_underflow(env, -1);
    } else {
        fpu_raise_flags(env, sw);
        fpu_set_cc(env, FPUS_C1, sw);
    }
    if (pop) {
        fpu_pop(env);
    }
}

/* D9 /2, D9 /3: fst(p) m32fp */
void helper_fst_m32(CPUX86State *env, target_ulong addr, int pop)
{
    uintptr_t ra = GETPC();
    uint32_t v = 0xffc00000;    /* the single-precision indefinite */
    uint16_t sw = 0;

    fpu_check_pending(env, ra);
    if (!fpu_empty(env, 0)) {
        sw = fh_store_f32(env, &v, fpu_st(env, 0));
    }
    if (fpu_store_check(env, sw, FPUS_IE | EXC_POST)) {
        cpu_stl_le_mmuidx_ra(env, addr, v, cpu_mmu_index(env), ra);
        fpu_store_done(env, sw, pop);
    }
}

/* DD /2, DD /3: fst(p) m64fp */
void helper_fst_m64(CPUX86State *env, target_ulong addr, int pop)
{
    uintptr_t ra = GETPC();
    uint64_t v = 0xfff8000000000000ull;
    uint16_t sw = 0;

    fpu_check_pending(env, ra);
    if (!fpu_empty(env, 0)) {
        sw = fh_store_f64(env, &v, fpu_st(env, 0));
    }
    if (fpu_store_check(env, sw, FPUS_IE | EXC_POST)) {
        cpu_stq_le_mmuidx_ra(env, addr, v, cpu_mmu_index(env), ra);
        fpu_store_done(env, sw, pop);
    }
}

/*
 * store 10 bytes: the high word first, so that a fault on either part
 * leaves memory alone unless the operand straddles a page boundary
 */
static void store_m80(CPUX86State *env, target_ulong addr, uint64_t low, uint16_t high,
                      uintptr_t ra)
{
    int idx = cpu_mmu_index(env);

    cpu_stw_le_mmuidx_ra(env, addr + 8, high, idx, ra);
    cpu_stq_le_mmuidx_ra(env, addr, low, idx, ra);
}

/* DB /7: fstp m80fp (no conversion, no exception but a stack underflow) */
void helper_fstp_m80(CPUX86State *env, target_ulong addr)
{
    uintptr_t ra = GETPC();
    const floatx80 *v = fpu_empty(env, 0) ? &floatx80_default_nan : fpu_st(env, 0);

    fpu_check_pending(env, ra);
    if (fpu_store_check(env, 0, 0)) {
        store_m80(env, addr, v->low, v->high, ra);
        fpu_store_done(env, 0, true);
    }
}

/* fist/fistp/fisttp (mode 0/1/2) of size 2, 4 or 8 */
static void fpu_fist(CPUX86State *env, target_ulong addr, int mode, int size, uintptr_t ra)
{
    int idx = cpu_mmu_index(env);
    uint64_t v = 1ull << (size * 8 - 1);    /* the integer indefinite */
    uint16_t sw = 0;

    fpu_check_pending(env, ra);
    if (!fpu_empty(env, 0)) {
        const floatx80 *a = fpu_st(env, 0);
        bool trunc = mode == 2;
        uint16_t v16;
        uint32_t v32;

        switch (size) {
        case 2: sw = fh_store_i16(env, &v16, a, trunc); v = v16; break;
        case 4: sw = fh_store_i32(env, &v32, a, trunc); v = v32; break;
        default: sw = fh_store_i64(env, &v, a, trunc); break;
        }
    }
    if (!fpu_store_check(env, sw, FPUS_IE)) {
        return;
    }
    switch (size) {
    case 2: cpu_stw_le_mmuidx_ra(env, addr, v, idx, ra); break;
    case 4: cpu_stl_le_mmuidx_ra(env, addr, v, idx, ra); break;
    default: cpu_stq_le_mmuidx_ra(env, addr, v, idx, ra); break;
    }
    fpu_store_done(env, sw, mode != 0);
}

/* DF /1 /2 /3: fisttp, fist, fistp m16int */
void helper_fist_m16(CPUX86State *env, target_ulong addr, int mode)
{
    fpu_fist(env, addr, mode, 2, GETPC());
}

/* DB /1 /2 /3: fisttp, fist, fistp m32int */
void helper_fist_m32(CPUX86State *env, target_ulong addr, int mode)
{
    fpu_fist(env, addr, mode, 4, GETPC());
}

/* DD /1: fisttp m64int, DF /7: fistp m64int */
void helper_fist_m64(CPUX86State *env, target_ulong addr, int mode)
{
    fpu_fist(env, addr, mode, 8, GETPC());
}

/* DF /6: fbstp m80bcd */
void helper_fbstp(CPUX86State *env, target_ulong addr)
{
    uintptr_t ra = GETPC();
    uint8_t bcd[10] = { 0, 0, 0, 0, 0, 0, 0, 0xc0, 0xff, 0xff };  /* BCD indefinite */
    uint16_t sw = 0;
    uint64_t low;

    fpu_check_pending(env, ra);
    if (!fpu_empty(env, 0)) {
        sw = fh_store_bcd(env, bcd, fpu_st(env, 0));
    }
    if (fpu_store_check(env, sw, FPUS_IE)) {
        memcpy(&low, bcd, 8);
        store_m80(env, addr, low, bcd[8] | (bcd[9] << 8), ra);
        fpu_store_done(env, sw, true);
    }
}

/* DD D0+i / D8+i: fst/fstp st(i) (and the D9 D8+i, DF D0+i, DF D8+i aliases) */
void helper_fst_sti(CPUX86State *env, int sti, int pop)
{
    fpu_check_pending(env, GETPC());
    if (fpu_empty(env, 0)) {
        if (!fpu_underflow(env, sti)) {
            return;
        }
    } else {
        fpu_write(env, sti, fpu_st(env, 0));
        env->fpus &= ~FPUS_C1;
    }
    if (pop) {
        fpu_pop(env);
    }
}

/* D9 C8+i: fxch st(i) (and the DD C8+i, DF C8+i aliases) */
void helper_fxch(CPUX86State *env, int sti)
{
    floatx80 t;

    fpu_check_pending(env, GETPC());
    if (fpu_empty(env, 0) || fpu_empty(env, sti)) {
        if (!fpu_underflow(env, -1)) {
            return;
        }
        if (fpu_empty(env, 0)) {
            fpu_write(env, 0, &floatx80_default_nan);
        }
        if (fpu_empty(env, sti)) {
            fpu_write(env, sti, &floatx80_default_nan);
        }
    } else {
        env->fpus &= ~FPUS_C1;
    }
    t = *fpu_st(env, 0);
    *fpu_st(env, 0) = *fpu_st(env, sti);
    *fpu_st(env, sti) = t;
}

/* DD C0+i: ffree st(i); DF C0+i: ffreep st(i) */
void helper_ffree(CPUX86State *env, int sti, int pop)
{
    fpu_check_pending(env, GETPC());
    env->fptags[fpu_phys(env, sti)] = FPTAG_EMPTY;
    env->fpus &= ~FPUS_C1;
    if (pop) {
        env->fpstt = (env->fpstt + 1) & 7;
    }
}

/* DA/DB C0-DF: fcmovcc st(0), st(i), with the condition already evaluated */
void helper_fcmov(CPUX86State *env, int sti, int cond)
{
    fpu_check_pending(env, GETPC());
    if (fpu_empty(env, 0) || fpu_empty(env, sti)) {
        fpu_underflow(env, 0);     /* masked: ST0 = indefinite whatever cond */
        return;
    }
    if (cond) {
        fpu_write(env, 0, fpu_st(env, sti));
    }
}
