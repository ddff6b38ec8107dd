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
 * block leaves the host x87 stack empty and its control word as it was.
 * A software implementation for non-x86 hosts would replace this file.
 */
#include "fpu_host.h"

/* the host control word during an operation: the guest's, exceptions masked */
static inline uint16_t run_cw(uint16_t cw)
{
    return cw | FPUC_EM_MASK;
}

#define X87_ENTER "fnstcw %[save]\n\tfldcw %[cw]\n\tfnclex\n\t"
/*
 * The same with the guest's C0-C3 preloaded (fldenv also sets the control
 * word and clears the flags), for the insns that leave some condition
 * codes unchanged or clear them in undocumented ways: the host's own
 * behaviour then carries over.
 */
#define X87_ENTER_CC "fnstcw %[save]\n\tfldenv %[env]\n\t"
#define X87_LEAVE "\n\tfldcw %[save]"
#define X87_CLOBBERS "st", "st(1)", "st(2)"

/* the 28-byte protected-mode environment fldenv reads: control, status, tags */
typedef struct X87Env {
    uint32_t cw, sw, tw, ip, cs_op, dp, ds;
} X87Env;

static inline X87Env x87_env(uint16_t cw, uint16_t cc)
{
    return (X87Env){ .cw = cw, .sw = cc & FPUS_CC_MASK, .tw = 0xffff };
}

#define ENV_IN , [env] "m"(env)

/* r = a insn b with both on the stack (st0 = a, st1 = b), result in st0 */
#define BINOP_KEEP(enter, insn, ...) \
    asm volatile(enter "fldt %[b]\n\tfldt %[a]\n\t" insn "\n\t" \
                 "fnstsw %[sw]\n\tfstpt %[r]\n\tfstp %%st(0)" X87_LEAVE \
                 : [r] "=m"(*r), [sw] "=m"(sw), [save] "=m"(save) \
                 : [a] "m"(*a), [b] "m"(*b), [cw] "m"(cw) __VA_ARGS__ : X87_CLOBBERS)
/* the same for instructions that pop st0 and leave the result in the new st0 */
#define BINOP_POP(enter, insn, ...) \
    asm volatile(enter "fldt %[b]\n\tfldt %[a]\n\t" insn "\n\t" \
                 "fnstsw %[sw]\n\tfstpt %[r]" X87_LEAVE \
                 : [r] "=m"(*r), [sw] "=m"(sw), [save] "=m"(save) \
                 : [a] "m"(*a), [b] "m"(*b), [cw] "m"(cw) __VA_ARGS__ : X87_CLOBBERS)

uint16_t fh_binop(FhBinop op, floatx80 *r, const floatx80 *a, const floatx80 *b,
                  uint16_t guest_cw, uint16_t cc)
{
    uint16_t sw = 0, save, cw = run_cw(guest_cw);
    X87Env env;

    switch (op) {
    case FH_ADD:    BINOP_KEEP(X87_ENTER, "fadd %%st(1), %%st"); break;
    case FH_MUL:    BINOP_KEEP(X87_ENTER, "fmul %%st(1), %%st"); break;
    case FH_SUB:    BINOP_KEEP(X87_ENTER, "fsub %%st(1), %%st"); break;
    case FH_SUBR:   BINOP_KEEP(X87_ENTER, "fsubr %%st(1), %%st"); break;
    case FH_DIV:    BINOP_KEEP(X87_ENTER, "fdiv %%st(1), %%st"); break;
    case FH_DIVR:   BINOP_KEEP(X87_ENTER, "fdivr %%st(1), %%st"); break;
    case FH_PREM:   env = x87_env(cw, cc); BINOP_KEEP(X87_ENTER_CC, "fprem", ENV_IN); break;
    case FH_PREM1:  env = x87_env(cw, cc); BINOP_KEEP(X87_ENTER_CC, "fprem1", ENV_IN); break;
    case FH_SCALE:  env = x87_env(cw, cc); BINOP_KEEP(X87_ENTER_CC, "fscale", ENV_IN); break;
    /* these compute into st1 and pop: the operands are b = st1, a = st0 */
    case FH_YL2X:   env = x87_env(cw, cc); BINOP_POP(X87_ENTER_CC, "fyl2x", ENV_IN); break;
    case FH_YL2XP1: env = x87_env(cw, cc); BINOP_POP(X87_ENTER_CC, "fyl2xp1", ENV_IN); break;
    case FH_PATAN:  env = x87_env(cw, cc); BINOP_POP(X87_ENTER_CC, "fpatan", ENV_IN); break;
    }
    return sw;
}

/* r = a insn m32/m64 */
#define MEMOP(insn, mem) \
    asm volatile(X87_ENTER "fldt %[a]\n\t" insn " %[m]\n\t" \
                 "fnstsw %[sw]\n\tfstpt %[r]" X87_LEAVE \
                 : [r] "=m"(*r), [sw] "=m"(sw), [save] "=m"(save) \
                 : [a] "m"(*a), [m] "m"(mem), [cw] "m"(cw) : X87_CLOBBERS)

uint16_t fh_binop_mem(FhBinop op, floatx80 *r, const floatx80 *a, uint64_t m, int size,
                      uint16_t guest_cw)
{
    uint16_t sw = 0, save, cw = run_cw(guest_cw);
    uint32_t m32 = m;

    if (size == 4) {
        switch (op) {
        case FH_ADD:  MEMOP("fadds", m32); break;
        case FH_MUL:  MEMOP("fmuls", m32); break;
        case FH_SUB:  MEMOP("fsubs", m32); break;
        case FH_SUBR: MEMOP("fsubrs", m32); break;
        case FH_DIV:  MEMOP("fdivs", m32); break;
        case FH_DIVR: MEMOP("fdivrs", m32); break;
        default: break;
        }
    } else {
        switch (op) {
        case FH_ADD:  MEMOP("faddl", m); break;
        case FH_MUL:  MEMOP("fmull", m); break;
        case FH_SUB:  MEMOP("fsubl", m); break;
        case FH_SUBR: MEMOP("fsubrl", m); break;
        case FH_DIV:  MEMOP("fdivl", m); break;
        case FH_DIVR: MEMOP("fdivrl", m); break;
        default: break;
        }
    }
    return sw;
}

uint16_t fh_compare_mem(const floatx80 *a, uint64_t m, int size)
{
    uint16_t sw, save, cw = FPUC_DEFAULT;
    uint32_t m32 = m;

    if (size == 4) {
        asm volatile(X87_ENTER "fldt %[a]\n\tfcoms %[m]\n\tfnstsw %[sw]\n\tfstp %%st(0)" X87_LEAVE
                     : [sw] "=m"(sw), [save] "=m"(save)
                     : [a] "m"(*a), [m] "m"(m32), [cw] "m"(cw) : X87_CLOBBERS);
    } else {
        asm volatile(X87_ENTER "fldt %[a]\n\tfcoml %[m]\n\tfnstsw %[sw]\n\tfstp %%st(0)" X87_LEAVE
                     : [sw] "=m"(sw), [save] "=m"(save)
                     : [a] "m"(*a), [m] "m"(m), [cw] "m"(cw) : X87_CLOBBERS);
    }
    return sw;
}

#define UNOP(enter, insn, ...) \
    asm volatile(enter "fldt %[a]\n\t" insn "\n\t" \
                 "fnstsw %[sw]\n\tfstpt %[r]" X87_LEAVE \
                 : [r] "=m"(*r), [sw] "=m"(sw), [save] "=m"(save) \
                 : [a] "m"(*a), [cw] "m"(cw) __VA_ARGS__ : X87_CLOBBERS)

uint16_t fh_unop(FhUnop op, floatx80 *r, const floatx80 *a, uint16_t guest_cw, uint16_t cc)
{
    uint16_t sw = 0, save, cw = run_cw(guest_cw);
    X87Env env;

    switch (op) {
    case FH_SQRT:   UNOP(X87_ENTER, "fsqrt"); break;
    case FH_RNDINT: UNOP(X87_ENTER, "frndint"); break;
    case FH_F2XM1:  env = x87_env(cw, cc); UNOP(X87_ENTER_CC, "f2xm1", ENV_IN); break;
    case FH_SIN:    env = x87_env(cw, cc); UNOP(X87_ENTER_CC, "fsin", ENV_IN); break;
    case FH_COS:    env = x87_env(cw, cc); UNOP(X87_ENTER_CC, "fcos", ENV_IN); break;
    }
    return sw;
}

uint16_t fh_ptan(floatx80 *tan_r, floatx80 *pushed, const floatx80 *a, uint16_t guest_cw,
                 uint16_t cc)
{
    uint16_t sw, save, cw = run_cw(guest_cw);
    X87Env env = x87_env(cw, cc);

    /* in range: st0 = the pushed value, st1 = tan; out of range only the operand is left */
    asm volatile(X87_ENTER_CC "fldt %[a]\n\tfptan\n\tfnstsw %[sw]\n\t"
                 "testw $0x400, %[sw]\n\tjnz 1f\n\tfstpt %[p]\n"
                 "1:\tfstpt %[t]" X87_LEAVE
                 : [t] "=m"(*tan_r), [p] "=m"(*pushed), [sw] "=m"(sw), [save] "=m"(save)
                 : [a] "m"(*a), [cw] "m"(cw), [env] "m"(env) : X87_CLOBBERS, "cc");
    return sw;
}

uint16_t fh_sincos(floatx80 *sin_r, floatx80 *cos_r, const floatx80 *a, uint16_t guest_cw,
                   uint16_t cc)
{
    uint16_t sw, save, cw = run_cw(guest_cw);
    X87Env env = x87_env(cw, cc);

    /* in range: st0 = cos, st1 = sin; out of range only the operand is left */
    asm volatile(X87_ENTER_CC "fldt %[a]\n\tfsincos\n\tfnstsw %[sw]\n\t"
                 "testw $0x400, %[sw]\n\tjnz 1f\n\tfstpt %[c]\n"
                 "1:\tfstpt %[s]" X87_LEAVE
                 : [s] "=m"(*sin_r), [c] "=m"(*cos_r), [sw] "=m"(sw), [save] "=m"(save)
                 : [a] "m"(*a), [cw] "m"(cw), [env] "m"(env) : X87_CLOBBERS, "cc");
    return sw;
}

uint16_t fh_xtract(floatx80 *sig, floatx80 *exp, const floatx80 *a, uint16_t guest_cw,
                   uint16_t cc)
{
    uint16_t sw, save, cw = run_cw(guest_cw);
    X87Env env = x87_env(cw, cc);

    asm volatile(X87_ENTER_CC "fldt %[a]\n\tfxtract\n\tfnstsw %[sw]\n\t"
                 "fstpt %[s]\n\tfstpt %[e]" X87_LEAVE
                 : [s] "=m"(*sig), [e] "=m"(*exp), [sw] "=m"(sw), [save] "=m"(save)
                 : [a] "m"(*a), [cw] "m"(cw), [env] "m"(env) : X87_CLOBBERS);
    return sw;
}

#define CONST(insn) \
    asm volatile(X87_ENTER insn "\n\tfstpt %[r]" X87_LEAVE \
                 : [r] "=m"(*r), [save] "=m"(save) : [cw] "m"(cw) : X87_CLOBBERS)

void fh_const(floatx80 *r, FhConst k, uint16_t guest_cw)
{
    uint16_t save, cw = run_cw(guest_cw);

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

uint16_t fh_compare(const floatx80 *a, const floatx80 *b, bool quiet)
{
    uint16_t sw, save, cw = FPUC_DEFAULT;

    if (quiet) {
        asm volatile(X87_ENTER "fldt %[b]\n\tfldt %[a]\n\tfucom %%st(1)\n\t"
                     "fnstsw %[sw]\n\tfstp %%st(0)\n\tfstp %%st(0)" X87_LEAVE
                     : [sw] "=m"(sw), [save] "=m"(save)
                     : [a] "m"(*a), [b] "m"(*b), [cw] "m"(cw) : X87_CLOBBERS);
    } else {
        asm volatile(X87_ENTER "fldt %[b]\n\tfldt %[a]\n\tfcom %%st(1)\n\t"
                     "fnstsw %[sw]\n\tfstp %%st(0)\n\tfstp %%st(0)" X87_LEAVE
                     : [sw] "=m"(sw), [save] "=m"(save)
                     : [a] "m"(*a), [b] "m"(*b), [cw] "m"(cw) : X87_CLOBBERS);
    }
    return sw;
}

uint16_t fh_xam(const floatx80 *a)
{
    uint16_t sw;

    asm volatile("fldt %[a]\n\tfxam\n\tfnstsw %[sw]\n\tfstp %%st(0)"
                 : [sw] "=m"(sw) : [a] "m"(*a) : X87_CLOBBERS);
    return sw;
}

#define LOAD(insn) \
    asm volatile(X87_ENTER insn " %[v]\n\tfnstsw %[sw]\n\tfstpt %[r]" X87_LEAVE \
                 : [r] "=m"(*r), [sw] "=m"(sw), [save] "=m"(save) \
                 : [v] "m"(v), [cw] "m"(cw) : X87_CLOBBERS)

uint16_t fh_load_f32(floatx80 *r, uint32_t v)
{
    uint16_t sw, save, cw = FPUC_DEFAULT;
    LOAD("flds");
    return sw;
}

uint16_t fh_load_f64(floatx80 *r, uint64_t v)
{
    uint16_t sw, save, cw = FPUC_DEFAULT;
    LOAD("fldl");
    return sw;
}

void fh_load_i64(floatx80 *r, int64_t v)
{
    asm volatile("fildll %[v]\n\tfstpt %[r]" : [r] "=m"(*r) : [v] "m"(v) : X87_CLOBBERS);
}

uint16_t fh_load_bcd(floatx80 *r, const uint8_t bcd[10])
{
    uint16_t sw, save, cw = FPUC_DEFAULT;

    asm volatile(X87_ENTER "fbld %[v]\n\tfnstsw %[sw]\n\tfstpt %[r]" X87_LEAVE
                 : [r] "=m"(*r), [sw] "=m"(sw), [save] "=m"(save)
                 : [v] "m"(*(const uint8_t (*)[10])bcd), [cw] "m"(cw) : X87_CLOBBERS);
    return sw;
}

#define STORE(insn, dst) \
    asm volatile(X87_ENTER "fldt %[a]\n\t" insn " %[o]\n\tfnstsw %[sw]" X87_LEAVE \
                 : [o] "=m"(dst), [sw] "=m"(sw), [save] "=m"(save) \
                 : [a] "m"(*a), [cw] "m"(cw) : X87_CLOBBERS)

uint16_t fh_store_f32(uint32_t *out, const floatx80 *a, uint16_t guest_cw)
{
    uint16_t sw, save, cw = run_cw(guest_cw);
    STORE("fstps", *out);
    return sw;
}

uint16_t fh_store_f64(uint64_t *out, const floatx80 *a, uint16_t guest_cw)
{
    uint16_t sw, save, cw = run_cw(guest_cw);
    STORE("fstpl", *out);
    return sw;
}

uint16_t fh_store_i16(uint16_t *out, const floatx80 *a, uint16_t guest_cw, bool truncate)
{
    uint16_t sw, save, cw = run_cw(guest_cw);
    if (truncate) {
        STORE("fisttps", *out);
    } else {
        STORE("fistps", *out);
    }
    return sw;
}

uint16_t fh_store_i32(uint32_t *out, const floatx80 *a, uint16_t guest_cw, bool truncate)
{
    uint16_t sw, save, cw = run_cw(guest_cw);
    if (truncate) {
        STORE("fisttpl", *out);
    } else {
        STORE("fistpl", *out);
    }
    return sw;
}

uint16_t fh_store_i64(uint64_t *out, const floatx80 *a, uint16_t guest_cw, bool truncate)
{
    uint16_t sw, save, cw = run_cw(guest_cw);
    if (truncate) {
        STORE("fisttpll", *out);
    } else {
        STORE("fistpll", *out);
    }
    return sw;
}

uint16_t fh_store_bcd(uint8_t out[10], const floatx80 *a, uint16_t guest_cw)
{
    uint16_t sw, save, cw = run_cw(guest_cw);
    STORE("fbstp", *(uint8_t (*)[10])out);
    return sw;
}
