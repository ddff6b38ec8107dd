/*
 * SSE/SSE2 floating point: arithmetic, sqrt, min/max, compares,
 * reciprocal estimates, conversions, and MXCSR.
 *
 * Every operation runs as the same instruction on the host's SSE unit
 * (through the compiler's intrinsics) with the guest's MXCSR loaded (all
 * exceptions masked), so results, NaN propagation, min/max operand
 * order, DAZ/FTZ and the rcpps/rsqrtps estimates are bit-identical to the
 * hardware. The flags it raised are read back; an unmasked one leaves the
 * destination untouched and raises #XM (#UD without CR4.OSXMMEXCPT).
 *
 * An empty asm with a "+x" constraint pins each value between the MXCSR
 * switch and the read-back, so the compiler cannot move the arithmetic
 * out of that window.
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

static inline uint32_t sse_enter(CPUX86State *env)
{
    uint32_t host = _mm_getcsr();
    _mm_setcsr((env->mxcsr & ~MXCSR_FLAGS_MASK) | MXCSR_EM_MASK);
    return host;
}

static inline uint32_t sse_leave(uint32_t host)
{
    uint32_t flags = _mm_getcsr() & MXCSR_FLAGS_MASK;
    _mm_setcsr(host);
    return flags;
}

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

static inline __m128i ld128(const void *p) { return _mm_loadu_si128((const __m128i *)p); }
static inline void st128(void *p, __m128i v) { _mm_storeu_si128((__m128i *)p, v); }

/* d = expr over the 128-bit values d and s, computed under the guest MXCSR */
#define SSE_OP(name, expr) \
void helper_##name(CPUX86State *env, void *dp, void *sp) \
{ \
    __m128i d = ld128(dp), s = ld128(sp), r; \
    uint32_t host = sse_enter(env); \
    PIN(d); \
    PIN(s); \
    r = (expr); \
    PIN(r); \
    sse_finish(env, sse_leave(host), GETPC()); \
    st128(dp, r); \
}

/*
 * d insn s as written: the compiler would treat addps/mulps as
 * commutative and may swap the operands, which changes which NaN comes out
 */
#define INSN2(insn) ({ __m128i t_ = d; asm(insn " %1, %0" : "+x"(t_) : "x"(s)); t_; })

/* the four forms of a two-operand arithmetic op */
#define SSE_ARITH(op) \
    SSE_OP(op##ps, INSN2(#op "ps")) \
    SSE_OP(op##ss, INSN2(#op "ss")) \
    SSE_OP(op##pd, INSN2(#op "pd")) \
    SSE_OP(op##sd, INSN2(#op "sd"))

SSE_ARITH(add)      /* 0F 58 */
SSE_ARITH(mul)      /* 0F 59 */
SSE_ARITH(sub)      /* 0F 5C */
SSE_ARITH(min)      /* 0F 5D: the second operand when unordered or both zero */
SSE_ARITH(div)      /* 0F 5E */
SSE_ARITH(max)      /* 0F 5F */

/* 0F 51: sqrt; the scalar forms keep d's upper lanes */
SSE_OP(sqrtps, IPS(_mm_sqrt_ps(PS(s))))
SSE_OP(sqrtss, IPS(_mm_move_ss(PS(d), _mm_sqrt_ss(PS(s)))))
SSE_OP(sqrtpd, IPD(_mm_sqrt_pd(PD(s))))
SSE_OP(sqrtsd, IPD(_mm_sqrt_sd(PD(d), PD(s))))
/* 0F 52, 0F 53: the host's estimates, which real CPUs differ on */
SSE_OP(rsqrtps, IPS(_mm_rsqrt_ps(PS(s))))
SSE_OP(rsqrtss, IPS(_mm_move_ss(PS(d), _mm_rsqrt_ss(PS(s)))))
SSE_OP(rcpps, IPS(_mm_rcp_ps(PS(s))))
SSE_OP(rcpss, IPS(_mm_move_ss(PS(d), _mm_rcp_ss(PS(s)))))

/* 0F 5A: cvtps2pd / 66: cvtpd2ps / F3: cvtss2sd / F2: cvtsd2ss */
SSE_OP(cvtps2pd, IPD(_mm_cvtps_pd(PS(s))))
SSE_OP(cvtpd2ps, IPS(_mm_cvtpd_ps(PD(s))))
SSE_OP(cvtss2sd, IPD(_mm_cvtss_sd(PD(d), PS(s))))
SSE_OP(cvtsd2ss, IPS(_mm_cvtsd_ss(PS(d), PD(s))))
/* 0F 5B: cvtdq2ps / 66: cvtps2dq / F3: cvttps2dq */
SSE_OP(cvtdq2ps, IPS(_mm_cvtepi32_ps(s)))
SSE_OP(cvtps2dq, _mm_cvtps_epi32(PS(s)))
SSE_OP(cvttps2dq, _mm_cvttps_epi32(PS(s)))
/* 0F E6: F3 cvtdq2pd / F2 cvtpd2dq / 66 cvttpd2dq */
SSE_OP(cvtdq2pd, IPD(_mm_cvtepi32_pd(s)))
SSE_OP(cvtpd2dq, _mm_cvtpd_epi32(PD(s)))
SSE_OP(cvttpd2dq, _mm_cvttpd_epi32(PD(s)))

/* 0F C2: cmpps/cmpss/cmppd/cmpsd with predicate imm8[2:0] */
#define SSE_CMP(sfx, cast, icast) \
void helper_cmp##sfx(CPUX86State *env, void *dp, void *sp, uint32_t pred) \
{ \
    __m128i d = ld128(dp), s = ld128(sp), r; \
    uint32_t host = sse_enter(env); \
    PIN(d); \
    PIN(s); \
    switch (pred & 7) { \
    case 0: r = icast(_mm_cmpeq_##sfx(cast(d), cast(s))); break; \
    case 1: r = icast(_mm_cmplt_##sfx(cast(d), cast(s))); break; \
    case 2: r = icast(_mm_cmple_##sfx(cast(d), cast(s))); break; \
    case 3: r = icast(_mm_cmpunord_##sfx(cast(d), cast(s))); break; \
    case 4: r = icast(_mm_cmpneq_##sfx(cast(d), cast(s))); break; \
    case 5: r = icast(_mm_cmpnlt_##sfx(cast(d), cast(s))); break; \
    case 6: r = icast(_mm_cmpnle_##sfx(cast(d), cast(s))); break; \
    default: r = icast(_mm_cmpord_##sfx(cast(d), cast(s))); break; \
    } \
    PIN(r); \
    sse_finish(env, sse_leave(host), GETPC()); \
    st128(dp, r); \
}

SSE_CMP(ps, PS, IPS)
SSE_CMP(ss, PS, IPS)
SSE_CMP(pd, PD, IPD)
SSE_CMP(sd, PD, IPD)

/* 0F 2E/2F: (u)comiss, (u)comisd: ZF PF CF, the other arithmetic flags cleared */
#define SSE_COMI(name, insn, type, load) \
uint32_t helper_##name(CPUX86State *env, void *dp, void *sp) \
{ \
    type a = load(dp), b = load(sp); \
    uint8_t z, p, c; \
    uint32_t host = sse_enter(env); \
    asm volatile(insn " %[b], %[a]\n\tsetz %[z]\n\tsetp %[p]\n\tsetc %[c]" \
                 : [z] "=q"(z), [p] "=q"(p), [c] "=q"(c) : [a] "x"(a), [b] "x"(b) : "cc"); \
    sse_finish(env, sse_leave(host), GETPC()); \
    return (z ? CC_Z : 0) | (p ? CC_P : 0) | (c ? CC_C : 0); \
}

SSE_COMI(comiss, "comiss", __m128, _mm_loadu_ps)
SSE_COMI(ucomiss, "ucomiss", __m128, _mm_loadu_ps)
SSE_COMI(comisd, "comisd", __m128d, _mm_loadu_pd)
SSE_COMI(ucomisd, "ucomisd", __m128d, _mm_loadu_pd)

/* ---- conversions with a general register ---- */

/* F3 0F 2A: cvtsi2ss xmm, r/m32 */
void helper_cvtsi2ss(CPUX86State *env, void *dp, uint32_t v)
{
    __m128 d = _mm_loadu_ps(dp);
    int32_t i = v;
    uint32_t host = sse_enter(env);
    PIN(d);
    asm volatile("" : "+r"(i));
    d = _mm_cvtsi32_ss(d, i);
    PIN(d);
    sse_finish(env, sse_leave(host), GETPC());
    _mm_storeu_ps(dp, d);
}

/* F2 0F 2A: cvtsi2sd xmm, r/m32 (exact) */
void helper_cvtsi2sd(CPUX86State *env, void *dp, uint32_t v)
{
    XMMReg *d = dp;
    d->d[0] = (int32_t)v;
}

/* F3/F2 0F 2D, 0F 2C: cvt(t)ss2si, cvt(t)sd2si r32, xmm/m */
#define SSE_TO_INT(name, type, load, intrin) \
uint32_t helper_##name(CPUX86State *env, void *sp) \
{ \
    type s = load(sp); \
    int32_t r; \
    uint32_t host = sse_enter(env); \
    PIN(s); \
    r = intrin(s); \
    asm volatile("" : "+r"(r)); \
    sse_finish(env, sse_leave(host), GETPC()); \
    return r; \
}

SSE_TO_INT(cvtss2si, __m128, _mm_loadu_ps, _mm_cvtss_si32)
SSE_TO_INT(cvttss2si, __m128, _mm_loadu_ps, _mm_cvttss_si32)
SSE_TO_INT(cvtsd2si, __m128d, _mm_loadu_pd, _mm_cvtsd_si32)
SSE_TO_INT(cvttsd2si, __m128d, _mm_loadu_pd, _mm_cvttsd_si32)

/* ---- conversions with an MMX register (8 bytes at dp or sp) ---- */

/* 0F 2A: cvtpi2ps xmm, mm/m64: the low two lanes; zero upper inputs raise nothing */
void helper_cvtpi2ps(CPUX86State *env, void *dp, void *sp)
{
    __m128i s = _mm_loadl_epi64((const __m128i *)sp);
    __m128 r;
    uint32_t host = sse_enter(env);
    PIN(s);
    r = _mm_cvtepi32_ps(s);
    PIN(r);
    sse_finish(env, sse_leave(host), GETPC());
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

/* 0F 2D / 0F 2C: cvt(t)ps2pi mm, xmm/m64 (the upper inputs are zeroed: no flags) */
#define SSE_PS2PI(name, intrin) \
void helper_##name(CPUX86State *env, void *dp, void *sp) \
{ \
    __m128i s = _mm_loadl_epi64((const __m128i *)sp), r; \
    uint32_t host = sse_enter(env); \
    PIN(s); \
    r = intrin(PS(s)); \
    PIN(r); \
    sse_finish(env, sse_leave(host), GETPC()); \
    _mm_storel_epi64((__m128i *)dp, r); \
}

SSE_PS2PI(cvtps2pi, _mm_cvtps_epi32)
SSE_PS2PI(cvttps2pi, _mm_cvttps_epi32)

/* 66 0F 2D / 66 0F 2C: cvt(t)pd2pi mm, xmm/m128 */
#define SSE_PD2PI(name, intrin) \
void helper_##name(CPUX86State *env, void *dp, void *sp) \
{ \
    __m128i s = ld128(sp), r; \
    uint32_t host = sse_enter(env); \
    PIN(s); \
    r = intrin(PD(s)); \
    PIN(r); \
    sse_finish(env, sse_leave(host), GETPC()); \
    _mm_storel_epi64((__m128i *)dp, r); \
}

SSE_PD2PI(cvtpd2pi, _mm_cvtpd_epi32)
SSE_PD2PI(cvttpd2pi, _mm_cvttpd_epi32)

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
