/*
 * MMX and SSE2 integer operations and the SSE data shuffles. Pure
 * functions of their register operands (no flags, no exceptions), so
 * their helpers are TCG_CALL_NO_RWG; maskmov stores to guest memory.
 * The element-wise ops exist once in simd_int_template.c.inc for both
 * register widths.
 */
#include "cpu.h"
#include "exec/helper-proto.h"

static inline int8_t sat_s8(int v)
{
    return v < INT8_MIN ? INT8_MIN : v > INT8_MAX ? INT8_MAX : v;
}

static inline uint8_t sat_u8(int v)
{
    return v < 0 ? 0 : v > UINT8_MAX ? UINT8_MAX : v;
}

static inline int16_t sat_s16(int v)
{
    return v < INT16_MIN ? INT16_MIN : v > INT16_MAX ? INT16_MAX : v;
}

static inline uint16_t sat_u16(int v)
{
    return v < 0 ? 0 : v > UINT16_MAX ? UINT16_MAX : v;
}

#define SHIFT 0
#include "simd_int_template.c.inc"
#undef SHIFT
#define SHIFT 1
#include "simd_int_template.c.inc"
#undef SHIFT

/* 0F 70: pshufw mm, mm/m64, imm8 */
void helper_pshufw(CPUX86State *env, void *dp, void *sp, uint32_t order)
{
    MMXReg *d = dp, s = *(MMXReg *)sp;
    for (int i = 0; i < 4; i++) {
        d->w[i] = s.w[(order >> (2 * i)) & 3];
    }
}

/* 66 0F 70: pshufd xmm, xmm/m128, imm8 */
void helper_pshufd(CPUX86State *env, void *dp, void *sp, uint32_t order)
{
    XMMReg *d = dp, s = *(XMMReg *)sp;
    for (int i = 0; i < 4; i++) {
        d->l[i] = s.l[(order >> (2 * i)) & 3];
    }
}

/* F3 0F 70: pshufhw (the high four words; the low quadword copied) */
void helper_pshufhw(CPUX86State *env, void *dp, void *sp, uint32_t order)
{
    XMMReg *d = dp, s = *(XMMReg *)sp;
    d->q[0] = s.q[0];
    for (int i = 0; i < 4; i++) {
        d->w[4 + i] = s.w[4 + ((order >> (2 * i)) & 3)];
    }
}

/* F2 0F 70: pshuflw (the low four words; the high quadword copied) */
void helper_pshuflw(CPUX86State *env, void *dp, void *sp, uint32_t order)
{
    XMMReg *d = dp, s = *(XMMReg *)sp;
    d->q[1] = s.q[1];
    for (int i = 0; i < 4; i++) {
        d->w[i] = s.w[(order >> (2 * i)) & 3];
    }
}

/* 0F C6: shufps */
void helper_shufps(CPUX86State *env, void *dp, void *sp, uint32_t order)
{
    XMMReg *d = dp, a = *d, s = *(XMMReg *)sp;
    d->l[0] = a.l[order & 3];
    d->l[1] = a.l[(order >> 2) & 3];
    d->l[2] = s.l[(order >> 4) & 3];
    d->l[3] = s.l[(order >> 6) & 3];
}

/* 66 0F C6: shufpd */
void helper_shufpd(CPUX86State *env, void *dp, void *sp, uint32_t order)
{
    XMMReg *d = dp, a = *d, s = *(XMMReg *)sp;
    d->q[0] = a.q[order & 1];
    d->q[1] = s.q[(order >> 1) & 1];
}

/* 66 0F 73 /7: pslldq xmm, imm8 (bytes) */
void helper_pslldq(CPUX86State *env, void *dp, uint32_t count)
{
    XMMReg *d = dp, a = *d;
    for (int i = 0; i < 16; i++) {
        d->b[i] = i >= (int)count ? a.b[i - count] : 0;
    }
}

/* 66 0F 73 /3: psrldq xmm, imm8 (bytes) */
void helper_psrldq(CPUX86State *env, void *dp, uint32_t count)
{
    XMMReg *d = dp, a = *d;
    for (int i = 0; i < 16; i++) {
        d->b[i] = i + count < 16 ? a.b[i + count] : 0;
    }
}

/* 0F 50: movmskps */
uint32_t helper_movmskps(CPUX86State *env, void *sp)
{
    const XMMReg *s = sp;
    uint32_t mask = 0;
    for (int i = 0; i < 4; i++) {
        mask |= (s->l[i] >> 31) << i;
    }
    return mask;
}

/* 66 0F 50: movmskpd */
uint32_t helper_movmskpd(CPUX86State *env, void *sp)
{
    const XMMReg *s = sp;
    return (s->q[0] >> 63) | ((s->q[1] >> 63) << 1);
}
