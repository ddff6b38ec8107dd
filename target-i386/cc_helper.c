/*
 * Lazy condition codes, the run-time half: the arithmetic flags from what
 * the last flag-setting instruction left (cc_op.h), and EFLAGS as a whole.
 * Flags the manual calls undefined follow the host CPU (an AMD EPYC where
 * this was checked): shifts set AF, logic ops clear it.
 */
#include "qemu/osdep.h"
#include "cpu.h"
#include "cc_op.h"
#include "exec/helper-proto.h"

static inline target_ulong parity_flag(target_ulong v)
{
    return __builtin_parity(v & 0xff) ? 0 : CC_P;
}

/* ZF, SF, PF of a result of `bits` bits */
static inline target_ulong zsp_flags(target_ulong res, int bits)
{
    target_ulong mask = bits == TARGET_LONG_BITS ? (target_ulong)-1
                                                 : ((target_ulong)1 << bits) - 1;
    res &= mask;
    return (res == 0 ? CC_Z : 0) | ((res >> (bits - 1)) & 1 ? CC_S : 0) | parity_flag(res);
}

static inline target_ulong trunc_bits(target_ulong v, int bits)
{
    return bits == TARGET_LONG_BITS ? v : v & (((target_ulong)1 << bits) - 1);
}

static inline target_ulong msb(target_ulong v, int bits)
{
    return (v >> (bits - 1)) & 1;
}

/*
 * The flags of one sized op. Always inlined with constant group and bits,
 * so that each case of the dispatch below is straight-line code.
 */
static inline __attribute__((always_inline))
target_ulong compute_all_sized(target_ulong dst, target_ulong src, target_ulong src2,
                               int group, int bits)
{
    target_ulong src1, cf, of, af;

    dst = trunc_bits(dst, bits);
    src = trunc_bits(src, bits);
    switch (group) {
    case CC_OP_ADDB:
        src1 = trunc_bits(dst - src, bits);
        cf = dst < src;
        of = msb(~(src1 ^ src) & (src1 ^ dst), bits);
        af = (dst ^ src1 ^ src) & CC_A;
        break;
    case CC_OP_ADCB:
        src1 = trunc_bits(dst - src - src2, bits);
        cf = src2 ? dst <= src : dst < src;
        of = msb(~(src1 ^ src) & (src1 ^ dst), bits);
        af = (dst ^ src1 ^ src) & CC_A;
        break;
    case CC_OP_SUBB:
        src1 = trunc_bits(dst + src, bits);
        cf = src1 < src;
        of = msb((src1 ^ src) & (src1 ^ dst), bits);
        af = (dst ^ src1 ^ src) & CC_A;
        break;
    case CC_OP_SBBB:
        src1 = trunc_bits(dst + src + src2, bits);
        cf = src2 ? src1 <= src : src1 < src;
        of = msb((src1 ^ src) & (src1 ^ dst), bits);
        af = (dst ^ src1 ^ src) & CC_A;
        break;
    case CC_OP_LOGICB:
        cf = of = af = 0;
        break;
    case CC_OP_INCB:
        cf = src;
        of = dst == ((target_ulong)1 << (bits - 1));
        af = (dst & 0xf) == 0 ? CC_A : 0;
        break;
    case CC_OP_DECB:
        cf = src;
        of = dst == ((target_ulong)1 << (bits - 1)) - 1;
        af = (dst & 0xf) == 0xf ? CC_A : 0;
        break;
    case CC_OP_SHLB:
        cf = msb(src, bits);
        of = msb(src ^ dst, bits);
        af = CC_A;
        break;
    default: /* CC_OP_SARB */
        cf = src & 1;
        of = msb(src ^ dst, bits);
        af = CC_A;
        break;
    }
    return (cf ? CC_C : 0) | (of ? CC_O : 0) | af | zsp_flags(dst, bits);
}

/* CF alone: a compare or two instead of all the flags */
static inline __attribute__((always_inline))
target_ulong compute_c_sized(target_ulong dst, target_ulong src, target_ulong src2,
                             int group, int bits)
{
    target_ulong src1;

    dst = trunc_bits(dst, bits);
    src = trunc_bits(src, bits);
    switch (group) {
    case CC_OP_ADDB:
        return dst < src;
    case CC_OP_ADCB:
        return src2 ? dst <= src : dst < src;
    case CC_OP_SUBB:
        return trunc_bits(dst + src, bits) < src;
    case CC_OP_SBBB:
        src1 = trunc_bits(dst + src + src2, bits);
        return src2 ? src1 <= src : src1 < src;
    case CC_OP_LOGICB:
        return 0;
    case CC_OP_INCB:
    case CC_OP_DECB:
        return src != 0;
    case CC_OP_SHLB:
        return msb(src, bits);
    default: /* CC_OP_SARB */
        return src & 1;
    }
}

/* one case per sized op */
#define SIZED_CASE(fn, group, size, bits) \
    case CC_OP_##group##size: return fn(dst, src, src2, CC_OP_##group##B, bits);
#define ALL_CASE(group, size, bits) SIZED_CASE(compute_all_sized, group, size, bits)
#define C_CASE(group, size, bits) SIZED_CASE(compute_c_sized, group, size, bits)

static target_ulong compute_all(target_ulong dst, target_ulong src, target_ulong src2,
                                int op)
{
    if (op & CC_OP_CO_OVERRIDE) {
        return (compute_all(dst, src, 0, op & ~CC_OP_CO_OVERRIDE) & ~(CC_C | CC_O)) |
               (src2 ? CC_C | CC_O : 0);
    }
    switch (op) {
    case CC_OP_EFLAGS:
        return src & CC_FLAGS_MASK;
    case CC_OP_CLR:
        return CC_Z | CC_P;
    CC_OP_SIZED_LIST(ALL_CASE)
    default:
        /* CC_OP_DYNAMIC never reaches run time */
        return 0;
    }
}

target_ulong helper_cc_compute_all(target_ulong dst, target_ulong src,
                                   target_ulong src2, int op)
{
    return compute_all(dst, src, src2, op);
}

#define CC_ALL_FN(group, size, bits) \
target_ulong helper_cc_all_##group##size(target_ulong dst, target_ulong src, \
                                         target_ulong src2) \
{ \
    return compute_all_sized(dst, src, src2, CC_OP_##group##B, bits); \
}
CC_OP_SIZED_LIST(CC_ALL_FN)

target_ulong helper_cc_compute_c(target_ulong dst, target_ulong src,
                                 target_ulong src2, int op)
{
    if (op & CC_OP_CO_OVERRIDE) {
        return src2 != 0;
    }
    switch (op) {
    case CC_OP_EFLAGS:
        return src & CC_C;
    CC_OP_SIZED_LIST(C_CASE)
    default:
        /* CLR, and CC_OP_DYNAMIC which never reaches run time */
        return 0;
    }
}

target_ulong cpu_compute_eflags(CPUX86State *env)
{
    return env->eflags
         | compute_all(env->cc_dst, env->cc_src, env->cc_src2, env->cc_op)
         | (env->df < 0 ? DF_MASK : 0);
}

/*
 * Load EFLAGS: the arithmetic flags and DF always, the other bits where
 * update_mask says (privilege rules are the caller's business).
 */
void cpu_load_eflags(CPUX86State *env, target_ulong eflags, target_ulong update_mask)
{
    env->cc_src = eflags & CC_FLAGS_MASK;
    env->cc_op = CC_OP_EFLAGS;
    env->df = (eflags & DF_MASK) ? -1 : 1;
    update_mask &= ~(CC_FLAGS_MASK | DF_MASK);
    env->eflags = ((env->eflags & ~update_mask) | (eflags & update_mask)
                   | 0x2) & ~(CC_FLAGS_MASK | DF_MASK);
}
