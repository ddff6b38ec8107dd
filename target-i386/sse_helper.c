/*
 * SSE/SSE2 floating point: arithmetic, sqrt, min/max, compares,
 * reciprocal estimates, conversions, and MXCSR.
 *
 * Every operation runs as the same instruction on the host's SSE unit
 * (intrinsics, or inline asm where the compiler could swap operands)
 * under the guest's MXCSR control bits with all exceptions masked, so
 * results, NaN propagation, min/max operand order, DAZ/FTZ and the
 * rcpps/rsqrtps estimates are bit-identical to the hardware. The flags
 * it raised are read back; an unmasked one leaves the destination
 * untouched and raises #XM (#UD without CR4.OSXMMEXCPT).
 *
 * Speed: on current hosts stmxcsr costs several times more than the
 * arithmetic, ldmxcsr little. Each operation loads the guest's control
 * bits with clear flags, reads the flags once afterwards, and loads the
 * host's own control bits back (the emulator never reads host flags).
 *
 * Like the rest of the emulator (configure accepts x86-64 hosts only),
 * this file needs the host's SSE; another host would replace SSE_RUN and
 * INSN2 with a software implementation.
 *
 * Loads match the width of the store that wrote the operand (the
 * translator stores 4 or 8 bytes for scalar memory operands, 8-byte
 * halves for registers): a wider load than the store would stall.
 * An empty asm with a "+x" constraint pins each value between the MXCSR
 * reads, so the compiler cannot move the arithmetic out of that window.
 */
#include "cpu.h"
#include "exec/helper-proto.h"
#include <emmintrin.h>

#define PIN(v) asm volatile("" : "+x"(v))
#define PS(x) _mm_castsi128_ps(x)
#define PD(x) _mm_castsi128_pd(x)
#define IPS(x) _mm_castps_si128(x)
#define IPD(x) _mm_castpd_si128(x)

#define SIMD_PRE_EXC (MXCSR_IE | MXCSR_DE | MXCSR_ZE)

/* MXCSR access as volatile asm: the compiler may merge two _mm_getcsr() */
static inline uint32_t mxcsr_read(void)
{
    uint32_t v;
    asm volatile("stmxcsr %0" : "=m"(v));
    return v;
}

static inline void mxcsr_write(uint32_t v)
{
    asm volatile("ldmxcsr %0" : : "m"(v));
}

static inline uint32_t sse_guest_control(const CPUX86State *env)
{
    return (env->mxcsr & ~MXCSR_FLAGS_MASK) | MXCSR_EM_MASK;
}

/* the host's own MXCSR control bits, which nothing changes (read once per thread) */
static __thread uint32_t host_control;

/*
 * Run stmt (which computes from pinned inputs into pinned outputs) under
 * the guest's MXCSR; `flags` receives the exception flags it raised.
 */
#define SSE_RUN(stmt) \
    uint32_t flags; \
    if (unlikely(!host_control)) { \
        host_control = (mxcsr_read() & ~MXCSR_FLAGS_MASK) | MXCSR_EM_MASK; \
    } \
    mxcsr_write(sse_guest_control(env)); \
    stmt; \
    flags = mxcsr_read() & MXCSR_FLAGS_MASK; \
    mxcsr_write(host_control)

/* record the flags; an unmasked one raises (pre-computation ones hide the others) */
static void sse_finish(CPUX86State *env, uint32_t flags, uintptr_t ra)
{
    uint32_t unmasked = flags & ~(env->mxcsr >> MXCSR_EM_SHIFT) & MXCSR_FLAGS_MASK;

    if (unlikely(unmasked)) {
        if (unmasked & SIMD_PRE_EXC) {
            flags &= SIMD_PRE_EXC;
        }
        env->mxcsr |= flags;
        raise_exception_ra(env, (env->cr[4] & CR4_OSXMMEXCPT_MASK) ? EXCP13_XMM
                                                                   : EXCP06_ILLOP, ra);
    }
    env->mxcsr |= flags;
}

/* a register or 16-byte operand, as two 8-byte halves */
static inline __m128i ld_x(const void *p)
{
    return _mm_unpacklo_epi64(_mm_loadl_epi64((const __m128i *)p),
                              _mm_loadl_epi64((const __m128i *)((const char *)p + 8)));
}

/* the low 8 or 4 bytes (scalar double/single operands) */
static inline __m128i ld_q(const void *p) { return _mm_loadl_epi64((const __m128i *)p); }
static inline __m128i ld_d(const void *p) { return _mm_cvtsi32_si128(*(const int32_t *)p); }
static inline void st_x(void *p, __m128i v) { _mm_storeu_si128((__m128i *)p, v); }

/* d = expr over d and s (s loaded with lds), computed under the guest MXCSR */
#define SSE_OP(name, lds, expr) \
void helper_##name(CPUX86State *env, void *dp, void *sp) \
{ \
    __m128i d = ld_x(dp), s = lds(sp), r; \
    SSE_RUN({ PIN(d); PIN(s); r = (expr); PIN(r); }); \
    sse_finish(env, flags, GETPC()); \
    st_x(dp, r); \
}

/*
 * The common arithmetic skips the flag read when it can prove that the
 * operation raised no flag the guest does not already have: all guest
 * exceptions masked, PE already set (for the ops that can be inexact),
 * every input lane normal (so no NaN, infinity, denormal or zero: no IE,
 * DE, ZE) and every result lane normal and away from both ends of the
 * exponent range (no OE, UE; FTZ has nothing to flush). Anything else
 * runs again under a clean MXCSR and reads the flags.
 */

/* mask of the float (ps) / double (pd) lanes whose exponent field is outside [lo, hi] */
static inline int ps_outside(__m128i x, int lo, int hi)
{
    __m128i e = _mm_and_si128(_mm_srli_epi32(x, 23), _mm_set1_epi32(0xff));
    __m128i out = _mm_or_si128(_mm_cmplt_epi32(e, _mm_set1_epi32(lo)),
                               _mm_cmpgt_epi32(e, _mm_set1_epi32(hi)));
    return _mm_movemask_ps(PS(out));
}

static inline int pd_outside(__m128i x, int lo, int hi)
{
    __m128i e = _mm_and_si128(_mm_srli_epi64(x, 52), _mm_set1_epi64x(0x7ff));
    __m128i out = _mm_or_si128(_mm_cmplt_epi32(e, _mm_set1_epi32(lo)),
                               _mm_cmpgt_epi32(e, _mm_set1_epi32(hi)));
    int m = _mm_movemask_ps(PS(out));           /* the exponents sit in dwords 0 and 2 */
    return (m & 1) | ((m >> 1) & 2);
}

/* lanes of the operation: all (packed) or lane 0 (scalar) */
#define LANES_ps 0xf
#define LANES_ss 0x1
#define LANES_pd 0x3
#define LANES_sd 0x1
/* exponent-field limits of a normal input and of a result safely inside the range */
#define CHECK_ps(x, lo, hi) ps_outside(x, lo, hi)
#define CHECK_ss(x, lo, hi) ps_outside(x, lo, hi)
#define CHECK_pd(x, lo, hi) pd_outside(x, lo, hi)
#define CHECK_sd(x, lo, hi) pd_outside(x, lo, hi)
#define SIGNS_ps(x) _mm_movemask_ps(PS(x))
#define SIGNS_ss(x) _mm_movemask_ps(PS(x))
#define SIGNS_pd(x) _mm_movemask_pd(PD(x))
#define SIGNS_sd(x) _mm_movemask_pd(PD(x))
#define EMAX_ps 0xff
#define EMAX_ss 0xff
#define EMAX_pd 0x7ff
#define EMAX_sd 0x7ff

/* the guest already has PE (if the op can set it) and masks everything */
static inline bool sse_quiet_context(const CPUX86State *env, bool inexact_possible)
{
    return (env->mxcsr & MXCSR_EM_MASK) == MXCSR_EM_MASK &&
           (!inexact_possible || (env->mxcsr & MXCSR_PE));
}

/*
 * d = d op s for op in add/sub/mul/div/min/max/sqrt, form fm (ps ss pd sd);
 * `inputs`: which operands are read (sqrt reads only s); `sqrt`: negative
 * inputs are invalid; `rounds`: the op can be inexact, under- or overflow.
 */
#define SSE_FAST_OP(name, fm, lds, expr, inputs_d, sqrt, rounds) \
void helper_##name(CPUX86State *env, void *dp, void *sp) \
{ \
    __m128i d = ld_x(dp), s = lds(sp), r; \
    uint32_t ctrl = sse_guest_control(env), flags = 0; \
    int emax = glue(EMAX_, fm), bad; \
    bool wrote; \
    if (unlikely(!host_control)) { \
        host_control = (mxcsr_read() & ~MXCSR_FLAGS_MASK) | MXCSR_EM_MASK; \
    } \
    wrote = ctrl != host_control; \
    if (wrote) { \
        mxcsr_write(ctrl); \
    } \
    PIN(d); PIN(s); r = (expr); PIN(r); \
    bad = glue(CHECK_, fm)(s, 1, emax - 1); \
    if (inputs_d) { \
        bad |= glue(CHECK_, fm)(d, 1, emax - 1); \
    } \
    if (sqrt) { \
        bad |= glue(SIGNS_, fm)(s); \
    } \
    if (rounds) { \
        bad |= glue(CHECK_, fm)(r, 2, emax - 2); \
    } \
    if ((bad & glue(LANES_, fm)) || !sse_quiet_context(env, rounds)) { \
        mxcsr_write(ctrl); \
        PIN(d); PIN(s); r = (expr); PIN(r); \
        flags = mxcsr_read() & MXCSR_FLAGS_MASK; \
        wrote = true; \
    } \
    if (wrote) { \
        mxcsr_write(host_control); \
    } \
    sse_finish(env, flags, GETPC()); \
    st_x(dp, r); \
}

/*
 * d insn s as written: the compiler would treat addps/mulps as
 * commutative and may swap the operands, which changes which NaN comes out
 */
#define INSN2(insn) ({ __m128i t_ = d; asm(insn " %1, %0" : "+x"(t_) : "x"(s)); t_; })

/* the four forms of a two-operand arithmetic op */
#define SSE_ARITH(op, rounds) \
    SSE_FAST_OP(op##ps, ps, ld_x, INSN2(#op "ps"), 1, 0, rounds) \
    SSE_FAST_OP(op##ss, ss, ld_d, INSN2(#op "ss"), 1, 0, rounds) \
    SSE_FAST_OP(op##pd, pd, ld_x, INSN2(#op "pd"), 1, 0, rounds) \
    SSE_FAST_OP(op##sd, sd, ld_q, INSN2(#op "sd"), 1, 0, rounds)

SSE_ARITH(add, 1)   /* 0F 58 */
SSE_ARITH(mul, 1)   /* 0F 59 */
SSE_ARITH(sub, 1)   /* 0F 5C */
SSE_ARITH(min, 0)   /* 0F 5D: the second operand when unordered or both zero */
SSE_ARITH(div, 1)   /* 0F 5E */
SSE_ARITH(max, 0)   /* 0F 5F */

/* 0F 51: sqrt; the scalar forms keep d's upper lanes */
SSE_FAST_OP(sqrtps, ps, ld_x, IPS(_mm_sqrt_ps(PS(s))), 0, 1, 1)
SSE_FAST_OP(sqrtss, ss, ld_d, IPS(_mm_move_ss(PS(d), _mm_sqrt_ss(PS(s)))), 0, 1, 1)
SSE_FAST_OP(sqrtpd, pd, ld_x, IPD(_mm_sqrt_pd(PD(s))), 0, 1, 1)
SSE_FAST_OP(sqrtsd, sd, ld_q, IPD(_mm_sqrt_sd(PD(d), PD(s))), 0, 1, 1)
/* 0F 52, 0F 53: the host's estimates, which real CPUs differ on */
SSE_OP(rsqrtps, ld_x, IPS(_mm_rsqrt_ps(PS(s))))
SSE_OP(rsqrtss, ld_d, IPS(_mm_move_ss(PS(d), _mm_rsqrt_ss(PS(s)))))
SSE_OP(rcpps, ld_x, IPS(_mm_rcp_ps(PS(s))))
SSE_OP(rcpss, ld_d, IPS(_mm_move_ss(PS(d), _mm_rcp_ss(PS(s)))))

/* 0F 5A: cvtps2pd (m64) / 66: cvtpd2ps / F3: cvtss2sd / F2: cvtsd2ss */
SSE_OP(cvtps2pd, ld_q, IPD(_mm_cvtps_pd(PS(s))))
SSE_OP(cvtpd2ps, ld_x, IPS(_mm_cvtpd_ps(PD(s))))
SSE_OP(cvtss2sd, ld_d, IPD(_mm_cvtss_sd(PD(d), PS(s))))
SSE_OP(cvtsd2ss, ld_q, IPS(_mm_cvtsd_ss(PS(d), PD(s))))
/* 0F 5B: cvtdq2ps / 66: cvtps2dq / F3: cvttps2dq */
SSE_OP(cvtdq2ps, ld_x, IPS(_mm_cvtepi32_ps(s)))
SSE_OP(cvtps2dq, ld_x, _mm_cvtps_epi32(PS(s)))
SSE_OP(cvttps2dq, ld_x, _mm_cvttps_epi32(PS(s)))
/* 0F E6: F3 cvtdq2pd (m64) / F2 cvtpd2dq / 66 cvttpd2dq */
SSE_OP(cvtdq2pd, ld_q, IPD(_mm_cvtepi32_pd(s)))
SSE_OP(cvtpd2dq, ld_x, _mm_cvtpd_epi32(PD(s)))
SSE_OP(cvttpd2dq, ld_x, _mm_cvttpd_epi32(PD(s)))

/* 0F C2: cmpps/cmpss/cmppd/cmpsd with predicate imm8[2:0] */
#define SSE_CMP(sfx, lds, cast, icast) \
static inline __m128i cmp_##sfx(__m128i d, __m128i s, uint32_t pred) \
{ \
    switch (pred & 7) { \
    case 0: return icast(_mm_cmpeq_##sfx(cast(d), cast(s))); \
    case 1: return icast(_mm_cmplt_##sfx(cast(d), cast(s))); \
    case 2: return icast(_mm_cmple_##sfx(cast(d), cast(s))); \
    case 3: return icast(_mm_cmpunord_##sfx(cast(d), cast(s))); \
    case 4: return icast(_mm_cmpneq_##sfx(cast(d), cast(s))); \
    case 5: return icast(_mm_cmpnlt_##sfx(cast(d), cast(s))); \
    case 6: return icast(_mm_cmpnle_##sfx(cast(d), cast(s))); \
    default: return icast(_mm_cmpord_##sfx(cast(d), cast(s))); \
    } \
} \
void helper_cmp##sfx(CPUX86State *env, void *dp, void *sp, uint32_t pred) \
{ \
    __m128i d = ld_x(dp), s = lds(sp), r; \
    SSE_RUN({ PIN(d); PIN(s); r = cmp_##sfx(d, s, pred); PIN(r); }); \
    sse_finish(env, flags, GETPC()); \
    st_x(dp, r); \
}

SSE_CMP(ps, ld_x, PS, IPS)
SSE_CMP(ss, ld_d, PS, IPS)
SSE_CMP(pd, ld_x, PD, IPD)
SSE_CMP(sd, ld_q, PD, IPD)

/* 0F 2E/2F: (u)comiss, (u)comisd: ZF PF CF, the other arithmetic flags cleared */
#define SSE_COMI(name, insn, lds) \
uint32_t helper_##name(CPUX86State *env, void *dp, void *sp) \
{ \
    __m128i a = lds(dp), b = lds(sp); \
    uint8_t z, p, c; \
    SSE_RUN(asm volatile(insn " %[b], %[a]\n\tsetz %[z]\n\tsetp %[p]\n\tsetc %[c]" \
                         : [z] "=q"(z), [p] "=q"(p), [c] "=q"(c) \
                         : [a] "x"(a), [b] "x"(b) : "cc")); \
    sse_finish(env, flags, GETPC()); \
    return (z ? CC_Z : 0) | (p ? CC_P : 0) | (c ? CC_C : 0); \
}

SSE_COMI(comiss, "comiss", ld_d)
SSE_COMI(ucomiss, "ucomiss", ld_d)
SSE_COMI(comisd, "comisd", ld_q)
SSE_COMI(ucomisd, "ucomisd", ld_q)

/* ---- conversions with a general register ---- */

/* F3 0F 2A: cvtsi2ss xmm, r/m32 */
void helper_cvtsi2ss(CPUX86State *env, void *dp, uint32_t v)
{
    __m128 d = PS(ld_x(dp)), r;
    int32_t i = v;

    SSE_RUN({ PIN(d); asm volatile("" : "+r"(i)); r = _mm_cvtsi32_ss(d, i); PIN(r); });
    sse_finish(env, flags, GETPC());
    st_x(dp, IPS(r));
}

/* F2 0F 2A: cvtsi2sd xmm, r/m32 (exact) */
void helper_cvtsi2sd(CPUX86State *env, void *dp, uint32_t v)
{
    XMMReg *d = dp;
    d->d[0] = (int32_t)v;
}

/* F3/F2 0F 2D, 0F 2C: cvt(t)ss2si, cvt(t)sd2si r32, xmm/m */
#define SSE_TO_INT(name, lds, cast, intrin) \
uint32_t helper_##name(CPUX86State *env, void *sp) \
{ \
    __m128i s = lds(sp); \
    int32_t r; \
    SSE_RUN({ PIN(s); r = intrin(cast(s)); asm volatile("" : "+r"(r)); }); \
    sse_finish(env, flags, GETPC()); \
    return r; \
}

SSE_TO_INT(cvtss2si, ld_d, PS, _mm_cvtss_si32)
SSE_TO_INT(cvttss2si, ld_d, PS, _mm_cvttss_si32)
SSE_TO_INT(cvtsd2si, ld_q, PD, _mm_cvtsd_si32)
SSE_TO_INT(cvttsd2si, ld_q, PD, _mm_cvttsd_si32)

/* ---- conversions with an MMX register (8 bytes at dp or sp) ---- */

/* 0F 2A: cvtpi2ps xmm, mm/m64: the low two lanes; zero upper inputs raise nothing */
void helper_cvtpi2ps(CPUX86State *env, void *dp, void *sp)
{
    __m128i s = ld_q(sp);
    __m128 r;

    SSE_RUN({ PIN(s); r = _mm_cvtepi32_ps(s); PIN(r); });
    sse_finish(env, flags, GETPC());
    _mm_storel_pi((__m64 *)dp, r);
}

/* 66 0F 2A: cvtpi2pd xmm, mm/m64 (exact) */
void helper_cvtpi2pd(CPUX86State *env, void *dp, void *sp)
{
    XMMReg *d = dp;
    int32_t i[2];
    memcpy(i, sp, 8);
    d->d[0] = i[0];
    d->d[1] = i[1];
}

/* 0F 2D / 0F 2C: cvt(t)ps2pi mm, xmm/m64; 66: cvt(t)pd2pi mm, xmm/m128 */
#define SSE_TO_PI(name, lds, cast, intrin) \
void helper_##name(CPUX86State *env, void *dp, void *sp) \
{ \
    __m128i s = lds(sp), r; \
    SSE_RUN({ PIN(s); r = intrin(cast(s)); PIN(r); }); \
    sse_finish(env, flags, GETPC()); \
    _mm_storel_epi64((__m128i *)dp, r); \
}

SSE_TO_PI(cvtps2pi, ld_q, PS, _mm_cvtps_epi32)     /* the zeroed upper lanes raise nothing */
SSE_TO_PI(cvttps2pi, ld_q, PS, _mm_cvttps_epi32)
SSE_TO_PI(cvtpd2pi, ld_x, PD, _mm_cvtpd_epi32)
SSE_TO_PI(cvttpd2pi, ld_x, PD, _mm_cvttpd_epi32)

/* 0F AE /2: ldmxcsr (reserved bits: #GP(0)) */
void helper_ldmxcsr(CPUX86State *env, uint32_t val)
{
    if (val & ~MXCSR_WRITABLE) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, GETPC());
    }
    env->mxcsr = val;
}

/* a movaps-style 16-byte memory operand that is not 16-byte aligned */
void helper_sse_misaligned(CPUX86State *env)
{
    raise_exception_err_ra(env, EXCP0D_GPF, 0, GETPC());
}
