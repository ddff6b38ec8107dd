/*
 * fpu_host.h on an x86 host: each guest operation runs as the same x87
 * instruction on the host, under the guest's precision and rounding
 * control with all exceptions masked, and the host status word tells
 * which exceptions and condition codes it produced. The host and the
 * guest share the x87 definition, so results are bit-identical to a real
 * CPU, including fsin/fpatan/fyl2x and the rounding of fldpi & co.
 *
 * Values travel through memory with fldt/fstpt, which are exact and raise
 * nothing, so only the operation itself affects the status word. Each asm
 * block leaves the host x87 stack empty.
 *
 * Speed: fnclex and control-word switches cost more than the arithmetic,
 * so the host's x87 control and status words belong to this file between
 * calls (nothing else in the emulator computes with long double):
 *   - the control word stays at the last guest value (all exceptions
 *     masked) and is reloaded only when the guest's changes;
 *   - the host's sticky exception flags are cleared only when they hold a
 *     flag the guest's status word lacks, or one the guest has unmasked
 *     (whose every occurrence must be seen). Otherwise a flag reported
 *     again is already set in the guest, which changes nothing.
 * Both are per thread, as the host FPU state is.
 *
 * A software implementation for non-x86 hosts would replace this file.
 */
#include "fpu_host.h"

static __thread uint16_t host_cw;       /* 0: unknown (a real value always has the masks) */
static __thread uint16_t host_flags;    /* exception flags set in the host status word */

#define X87_CLOBBERS "st", "st(1)", "st(2)"

/* the host control word for env's operations: the guest's, exceptions masked */
static inline void x87_load_cw(const CPUX86State *env)
{
    uint16_t cw = env->fpuc | FPUC_EM_MASK;

    if (cw != host_cw) {
        asm volatile("fldcw %0" : : "m"(cw));
        host_cw = cw;
    }
}

/* make the flags the next operation reports trustworthy (see the top) */
static inline void x87_prepare_flags(const CPUX86State *env)
{
    if (host_flags & (~env->fpus | ~env->fpuc) & FPUS_EXC_MASK) {
        asm volatile("fnclex");
        host_flags = 0;
    }
}

/* an operation that depends on the control word and reports flags */
static inline void x87_enter(const CPUX86State *env)
{
    x87_load_cw(env);
    x87_prepare_flags(env);
}

static inline uint16_t x87_leave(uint16_t sw)
{
    host_flags = sw & FPUS_EXC_MASK;
    return sw;
}

/*
 * The 28-byte environment fldenv reads: the guest's C0-C3 preloaded for
 * the insns that leave some condition codes unchanged or clear them in
 * undocumented ways (the host's own behaviour then carries over). fldenv
 * also sets the control word and clears the flags.
 */
typedef struct X87Env {
    uint32_t cw, sw, tw, ip, cs_op, dp, ds;
} X87Env;

static inline X87Env x87_enter_cc(const CPUX86State *env)
{
    uint16_t cw = env->fpuc | FPUC_EM_MASK;

    host_cw = cw;
    return (X87Env){ .cw = cw, .sw = env->fpus & FPUS_CC_MASK, .tw = 0xffff };
}

/* r = a insn b with both on the stack (st0 = a, st1 = b), result in st0 */
#define BINOP_KEEP(insn) \
    asm volatile("fldt %[b]\n\tfldt %[a]\n\t" insn "\n\t" \
                 "fnstsw %[sw]\n\tfstpt %[r]\n\tfstp %%st(0)" \
                 : [r] "=m"(*r), [sw] "=m"(sw) : [a] "m"(*a), [b] "m"(*b) : X87_CLOBBERS)
/* the same with the guest's C0-C3 preloaded */
#define BINOP_KEEP_CC(insn) \
    asm volatile("fldenv %[env]\n\tfldt %[b]\n\tfldt %[a]\n\t" insn "\n\t" \
                 "fnstsw %[sw]\n\tfstpt %[r]\n\tfstp %%st(0)" \
                 : [r] "=m"(*r), [sw] "=m"(sw) \
                 : [a] "m"(*a), [b] "m"(*b), [env] "m"(fenv) : X87_CLOBBERS)
/* insns that compute into st1 and pop: the operands are b = st1, a = st0 */
#define BINOP_POP_CC(insn) \
    asm volatile("fldenv %[env]\n\tfldt %[b]\n\tfldt %[a]\n\t" insn "\n\t" \
                 "fnstsw %[sw]\n\tfstpt %[r]" \
                 : [r] "=m"(*r), [sw] "=m"(sw) \
                 : [a] "m"(*a), [b] "m"(*b), [env] "m"(fenv) : X87_CLOBBERS)

uint16_t fh_binop(const CPUX86State *env, FhBinop op, floatx80 *r, const floatx80 *a,
                  const floatx80 *b)
{
    uint16_t sw = 0;
    X87Env fenv;

    if (op <= FH_DIVR) {
        x87_enter(env);
        switch (op) {
        case FH_ADD:  BINOP_KEEP("fadd %%st(1), %%st"); break;
        case FH_MUL:  BINOP_KEEP("fmul %%st(1), %%st"); break;
        case FH_SUB:  BINOP_KEEP("fsub %%st(1), %%st"); break;
        case FH_SUBR: BINOP_KEEP("fsubr %%st(1), %%st"); break;
        case FH_DIV:  BINOP_KEEP("fdiv %%st(1), %%st"); break;
        default:      BINOP_KEEP("fdivr %%st(1), %%st"); break;
        }
        return x87_leave(sw);
    }
    fenv = x87_enter_cc(env);
    switch (op) {
    case FH_PREM:   BINOP_KEEP_CC("fprem"); break;
    case FH_PREM1:  BINOP_KEEP_CC("fprem1"); break;
    case FH_SCALE:  BINOP_KEEP_CC("fscale"); break;
    case FH_YL2X:   BINOP_POP_CC("fyl2x"); break;
    case FH_YL2XP1: BINOP_POP_CC("fyl2xp1"); break;
    default:        BINOP_POP_CC("fpatan"); break;
    }
    return x87_leave(sw);
}

/* r = a insn m32/m64 */
#define MEMOP(insn, mem) \
    asm volatile("fldt %[a]\n\t" insn " %[m]\n\tfnstsw %[sw]\n\tfstpt %[r]" \
                 : [r] "=m"(*r), [sw] "=m"(sw) : [a] "m"(*a), [m] "m"(mem) : X87_CLOBBERS)

uint16_t fh_binop_mem(const CPUX86State *env, FhBinop op, floatx80 *r, const floatx80 *a,
                      uint64_t m, int size)
{
    uint16_t sw = 0;
    uint32_t m32 = m;

    x87_enter(env);
    if (size == 4) {
        switch (op) {
        case FH_ADD:  MEMOP("fadds", m32); break;
        case FH_MUL:  MEMOP("fmuls", m32); break;
        case FH_SUB:  MEMOP("fsubs", m32); break;
        case FH_SUBR: MEMOP("fsubrs", m32); break;
        case FH_DIV:  MEMOP("fdivs", m32); break;
        default:      MEMOP("fdivrs", m32); break;
        }
    } else {
        switch (op) {
        case FH_ADD:  MEMOP("faddl", m); break;
        case FH_MUL:  MEMOP("fmull", m); break;
        case FH_SUB:  MEMOP("fsubl", m); break;
        case FH_SUBR: MEMOP("fsubrl", m); break;
        case FH_DIV:  MEMOP("fdivl", m); break;
        default:      MEMOP("fdivrl", m); break;
        }
    }
    return x87_leave(sw);
}

#define UNOP(insn) \
    asm volatile("fldt %[a]\n\t" insn "\n\tfnstsw %[sw]\n\tfstpt %[r]" \
                 : [r] "=m"(*r), [sw] "=m"(sw) : [a] "m"(*a) : X87_CLOBBERS)
#define UNOP_CC(insn) \
    asm volatile("fldenv %[env]\n\tfldt %[a]\n\t" insn "\n\tfnstsw %[sw]\n\tfstpt %[r]" \
                 : [r] "=m"(*r), [sw] "=m"(sw) : [a] "m"(*a), [env] "m"(fenv) : X87_CLOBBERS)

uint16_t fh_unop(const CPUX86State *env, FhUnop op, floatx80 *r, const floatx80 *a)
{
    uint16_t sw = 0;
    X87Env fenv;

    if (op == FH_SQRT || op == FH_RNDINT) {
        x87_enter(env);
        if (op == FH_SQRT) {
            UNOP("fsqrt");
        } else {
            UNOP("frndint");
        }
        return x87_leave(sw);
    }
    fenv = x87_enter_cc(env);
    switch (op) {
    case FH_F2XM1: UNOP_CC("f2xm1"); break;
    case FH_SIN:   UNOP_CC("fsin"); break;
    default:       UNOP_CC("fcos"); break;
    }
    return x87_leave(sw);
}

uint16_t fh_ptan(const CPUX86State *env, floatx80 *tan_r, floatx80 *pushed, const floatx80 *a)
{
    uint16_t sw;
    X87Env fenv = x87_enter_cc(env);

    /* in range: st0 = the pushed value, st1 = tan; out of range only the operand is left */
    asm volatile("fldenv %[env]\n\tfldt %[a]\n\tfptan\n\tfnstsw %[sw]\n\t"
                 "testw $0x400, %[sw]\n\tjnz 1f\n\tfstpt %[p]\n"
                 "1:\tfstpt %[t]"
                 : [t] "=m"(*tan_r), [p] "=m"(*pushed), [sw] "=m"(sw)
                 : [a] "m"(*a), [env] "m"(fenv) : X87_CLOBBERS, "cc");
    return x87_leave(sw);
}

uint16_t fh_sincos(const CPUX86State *env, floatx80 *sin_r, floatx80 *cos_r, const floatx80 *a)
{
    uint16_t sw;
    X87Env fenv = x87_enter_cc(env);

    /* in range: st0 = cos, st1 = sin; out of range only the operand is left */
    asm volatile("fldenv %[env]\n\tfldt %[a]\n\tfsincos\n\tfnstsw %[sw]\n\t"
                 "testw $0x400, %[sw]\n\tjnz 1f\n\tfstpt %[c]\n"
                 "1:\tfstpt %[s]"
                 : [s] "=m"(*sin_r), [c] "=m"(*cos_r), [sw] "=m"(sw)
                 : [a] "m"(*a), [env] "m"(fenv) : X87_CLOBBERS, "cc");
    return x87_leave(sw);
}

uint16_t fh_xtract(const CPUX86State *env, floatx80 *sig, floatx80 *exp, const floatx80 *a)
{
    uint16_t sw;
    X87Env fenv = x87_enter_cc(env);

    asm volatile("fldenv %[env]\n\tfldt %[a]\n\tfxtract\n\tfnstsw %[sw]\n\t"
                 "fstpt %[s]\n\tfstpt %[e]"
                 : [s] "=m"(*sig), [e] "=m"(*exp), [sw] "=m"(sw)
                 : [a] "m"(*a), [env] "m"(fenv) : X87_CLOBBERS);
    return x87_leave(sw);
}

#define CONST(insn) asm volatile(insn "\n\tfstpt %[r]" : [r] "=m"(*r) : : X87_CLOBBERS)

void fh_const(const CPUX86State *env, floatx80 *r, FhConst k)
{
    x87_load_cw(env);
    switch (k) {
    case FH_ONE:  CONST("fld1"); break;
    case FH_L2T:  CONST("fldl2t"); break;
    case FH_L2E:  CONST("fldl2e"); break;
    case FH_PI:   CONST("fldpi"); break;
    case FH_LG2:  CONST("fldlg2"); break;
    case FH_LN2:  CONST("fldln2"); break;
    case FH_ZERO: CONST("fldz"); break;
    }
}

/* compares, classification and widening loads do not depend on the control word */

uint16_t fh_compare(const CPUX86State *env, const floatx80 *a, const floatx80 *b, bool quiet)
{
    uint16_t sw;

    x87_prepare_flags(env);
    if (quiet) {
        asm volatile("fldt %[b]\n\tfldt %[a]\n\tfucom %%st(1)\n\t"
                     "fnstsw %[sw]\n\tfstp %%st(0)\n\tfstp %%st(0)"
                     : [sw] "=m"(sw) : [a] "m"(*a), [b] "m"(*b) : X87_CLOBBERS);
    } else {
        asm volatile("fldt %[b]\n\tfldt %[a]\n\tfcom %%st(1)\n\t"
                     "fnstsw %[sw]\n\tfstp %%st(0)\n\tfstp %%st(0)"
                     : [sw] "=m"(sw) : [a] "m"(*a), [b] "m"(*b) : X87_CLOBBERS);
    }
    return x87_leave(sw);
}

uint16_t fh_compare_mem(const CPUX86State *env, const floatx80 *a, uint64_t m, int size)
{
    uint16_t sw;
    uint32_t m32 = m;

    x87_prepare_flags(env);
    if (size == 4) {
        asm volatile("fldt %[a]\n\tfcoms %[m]\n\tfnstsw %[sw]\n\tfstp %%st(0)"
                     : [sw] "=m"(sw) : [a] "m"(*a), [m] "m"(m32) : X87_CLOBBERS);
    } else {
        asm volatile("fldt %[a]\n\tfcoml %[m]\n\tfnstsw %[sw]\n\tfstp %%st(0)"
                     : [sw] "=m"(sw) : [a] "m"(*a), [m] "m"(m) : X87_CLOBBERS);
    }
    return x87_leave(sw);
}

uint16_t fh_xam(const floatx80 *a)
{
    uint16_t sw;

    asm volatile("fldt %[a]\n\tfxam\n\tfnstsw %[sw]\n\tfstp %%st(0)"
                 : [sw] "=m"(sw) : [a] "m"(*a) : X87_CLOBBERS);
    return sw;
}

#define LOAD(insn, src) \
    asm volatile(insn " %[v]\n\tfnstsw %[sw]\n\tfstpt %[r]" \
                 : [r] "=m"(*r), [sw] "=m"(sw) : [v] "m"(src) : X87_CLOBBERS)

uint16_t fh_load_f32(const CPUX86State *env, floatx80 *r, uint32_t v)
{
    uint16_t sw;

    x87_prepare_flags(env);
    LOAD("flds", v);
    return x87_leave(sw);
}

uint16_t fh_load_f64(const CPUX86State *env, floatx80 *r, uint64_t v)
{
    uint16_t sw;

    x87_prepare_flags(env);
    LOAD("fldl", v);
    return x87_leave(sw);
}

void fh_load_i64(floatx80 *r, int64_t v)
{
    asm volatile("fildll %[v]\n\tfstpt %[r]" : [r] "=m"(*r) : [v] "m"(v) : X87_CLOBBERS);
}

uint16_t fh_load_bcd(const CPUX86State *env, floatx80 *r, const uint8_t bcd[10])
{
    uint16_t sw;

    x87_prepare_flags(env);
    LOAD("fbld", *(const uint8_t (*)[10])bcd);
    return x87_leave(sw);
}

#define STORE(insn, dst) \
    asm volatile("fldt %[a]\n\t" insn " %[o]\n\tfnstsw %[sw]" \
                 : [o] "=m"(dst), [sw] "=m"(sw) : [a] "m"(*a) : X87_CLOBBERS)

uint16_t fh_store_f32(const CPUX86State *env, uint32_t *out, const floatx80 *a)
{
    uint16_t sw;

    x87_enter(env);
    STORE("fstps", *out);
    return x87_leave(sw);
}

uint16_t fh_store_f64(const CPUX86State *env, uint64_t *out, const floatx80 *a)
{
    uint16_t sw;

    x87_enter(env);
    STORE("fstpl", *out);
    return x87_leave(sw);
}

uint16_t fh_store_i16(const CPUX86State *env, uint16_t *out, const floatx80 *a, bool truncate)
{
    uint16_t sw;

    x87_enter(env);
    if (truncate) {
        STORE("fisttps", *out);
    } else {
        STORE("fistps", *out);
    }
    return x87_leave(sw);
}

uint16_t fh_store_i32(const CPUX86State *env, uint32_t *out, const floatx80 *a, bool truncate)
{
    uint16_t sw;

    x87_enter(env);
    if (truncate) {
        STORE("fisttpl", *out);
    } else {
        STORE("fistpl", *out);
    }
    return x87_leave(sw);
}

uint16_t fh_store_i64(const CPUX86State *env, uint64_t *out, const floatx80 *a, bool truncate)
{
    uint16_t sw;

    x87_enter(env);
    if (truncate) {
        STORE("fisttpll", *out);
    } else {
        STORE("fistpll", *out);
    }
    return x87_leave(sw);
}

uint16_t fh_store_bcd(const CPUX86State *env, uint8_t out[10], const floatx80 *a)
{
    uint16_t sw;

    x87_enter(env);
    STORE("fbstp", *(uint8_t (*)[10])out);
    return x87_leave(sw);
}
