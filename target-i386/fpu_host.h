/*
 * The x87 arithmetic the FPU helpers (fpu_helper.c) need: one guest
 * operation per call, on 80-bit values, under the guest's control word
 * (precision and rounding) with every exception masked.
 *
 * On an x86 host this is the host's own x87 unit (fpu_host_x87.c), which
 * gives bit-identical results to a real CPU, transcendental functions
 * included. A portable software implementation for other hosts provides
 * the same functions; nothing else in the front end touches the host FPU.
 *
 * Every function returns the status-word bits the operation produced:
 * the exception flags FPUS_IE..FPUS_PE (as the masked response raised
 * them; the result may also repeat flags the guest status word already
 * has, which makes no difference to it) and C0-C3 as the instruction
 * defines them (C1 = rounded up). Results are the masked responses;
 * deciding what an unmasked exception does is the caller's business.
 *
 * env supplies the control word and the status word before the insn.
 * Arithmetic proper (fadd..fdivr, fsqrt, frndint) defines only C1; the
 * others (fprem, fscale, the logarithms and trigonometry, fxtract) return
 * all of C0-C3 as the real insn leaves them given the guest's C0-C3.
 */
#ifndef TARGET_I386_FPU_HOST_H
#define TARGET_I386_FPU_HOST_H

#include "cpu.h"

/* r = a op b, for ST0 = ST0 op src; the prem/scale/log/atan group takes a = ST0, b = ST1 */
typedef enum FhBinop {
    FH_ADD, FH_MUL, FH_SUB, FH_SUBR, FH_DIV, FH_DIVR,
    FH_PREM,        /* a rem b, truncating quotient; C0 C3 C1 = quotient bits, C2 = partial */
    FH_PREM1,       /* IEEE remainder (round-to-nearest quotient) */
    FH_SCALE,       /* a * 2^trunc(b) */
    FH_YL2X,        /* b * log2(a) */
    FH_YL2XP1,      /* b * log2(a + 1) */
    FH_PATAN,       /* atan(b / a) in the quadrant of (a, b) */
} FhBinop;

/* r = op a; fsin/fcos leave r = a with C2 set when |a| >= 2^63 */
typedef enum FhUnop {
    FH_SQRT, FH_RNDINT, FH_F2XM1, FH_SIN, FH_COS,
} FhUnop;

/* the constants of D9 E8-EE, rounded per the control word like the real CPU */
typedef enum FhConst {
    FH_ONE, FH_L2T, FH_L2E, FH_PI, FH_LG2, FH_LN2, FH_ZERO,
} FhConst;

uint16_t fh_binop(const CPUX86State *env, FhBinop op, floatx80 *r, const floatx80 *a,
                  const floatx80 *b);
/*
 * r = a op m for fadd..fdivr with an m32fp/m64fp operand (size 4 or 8,
 * raw bits in m): run as the memory form, so that the flags come out as
 * the real insn raises them (no denormal flag next to a NaN, for one).
 */
uint16_t fh_binop_mem(const CPUX86State *env, FhBinop op, floatx80 *r, const floatx80 *a,
                      uint64_t m, int size);
uint16_t fh_unop(const CPUX86State *env, FhUnop op, floatx80 *r, const floatx80 *a);
/* tan(a) and the value fptan pushes after it (1.0, or a NaN for an invalid operand) */
uint16_t fh_ptan(const CPUX86State *env, floatx80 *tan_r, floatx80 *pushed, const floatx80 *a);
uint16_t fh_sincos(const CPUX86State *env, floatx80 *sin_r, floatx80 *cos_r, const floatx80 *a);
uint16_t fh_xtract(const CPUX86State *env, floatx80 *sig, floatx80 *exp, const floatx80 *a);
void fh_const(const CPUX86State *env, floatx80 *r, FhConst k);

/* the C0-C3 bits that op defines (C1 alone for plain arithmetic) */
static inline uint16_t fh_binop_cc_mask(FhBinop op)
{
    return op <= FH_DIVR ? FPUS_C1 : FPUS_CC_MASK;
}

/* a compared with b: C3 C2 C0 = 000 a > b, 001 a < b, 100 equal, 111 unordered */
uint16_t fh_compare(const CPUX86State *env, const floatx80 *a, const floatx80 *b, bool quiet);
/* fcom m32fp/m64fp */
uint16_t fh_compare_mem(const CPUX86State *env, const floatx80 *a, uint64_t m, int size);
/* classification of a non-empty register (C3 C2 C0, C1 = sign) */
uint16_t fh_xam(const floatx80 *a);

/* conversions into 80 bits (SNaN and denormal flags as fld raises them) */
uint16_t fh_load_f32(const CPUX86State *env, floatx80 *r, uint32_t v);
uint16_t fh_load_f64(const CPUX86State *env, floatx80 *r, uint64_t v);
void fh_load_i64(floatx80 *r, int64_t v);        /* exact */
uint16_t fh_load_bcd(const CPUX86State *env, floatx80 *r, const uint8_t bcd[10]);

/* conversions out of 80 bits, rounded per the control word (truncate: fisttp) */
uint16_t fh_store_f32(const CPUX86State *env, uint32_t *out, const floatx80 *a);
uint16_t fh_store_f64(const CPUX86State *env, uint64_t *out, const floatx80 *a);
uint16_t fh_store_i16(const CPUX86State *env, uint16_t *out, const floatx80 *a, bool truncate);
uint16_t fh_store_i32(const CPUX86State *env, uint32_t *out, const floatx80 *a, bool truncate);
uint16_t fh_store_i64(const CPUX86State *env, uint64_t *out, const floatx80 *a, bool truncate);
uint16_t fh_store_bcd(const CPUX86State *env, uint8_t out[10], const floatx80 *a);

#endif
