/*
 * What each computing op means, as C: the optimiser folds constants with
 * these and the interpreter executes with them, so both agree by
 * construction; the native back end is tested against them.
 * i32 values travel zero-extended in a uint64_t.
 */
#ifndef TCG_EVAL_H
#define TCG_EVAL_H

#include "tcg/tcg.h"

static inline bool tcg_eval_cond(TCGCond cond, uint64_t x, uint64_t y, bool is64)
{
    if (!is64) {
        x = (uint32_t)x;
        y = (uint32_t)y;
    }
    int64_t sx = is64 ? (int64_t)x : (int32_t)x;
    int64_t sy = is64 ? (int64_t)y : (int32_t)y;
    switch (cond) {
    case TCG_COND_NEVER:  return false;
    case TCG_COND_ALWAYS: return true;
    case TCG_COND_EQ:     return x == y;
    case TCG_COND_NE:     return x != y;
    case TCG_COND_LT:     return sx < sy;
    case TCG_COND_GE:     return sx >= sy;
    case TCG_COND_LE:     return sx <= sy;
    case TCG_COND_GT:     return sx > sy;
    case TCG_COND_LTU:    return x < y;
    case TCG_COND_GEU:    return x >= y;
    case TCG_COND_LEU:    return x <= y;
    case TCG_COND_GTU:    return x > y;
    }
    return false;
}

static inline uint64_t tcg_eval_deposit(uint64_t a, uint64_t b, unsigned pos,
                                        unsigned len, bool is64)
{
    uint64_t mask = (len >= 64 ? ~0ull : (1ull << len) - 1) << pos;
    uint64_t r = (a & ~mask) | ((b << pos) & mask);
    return is64 ? r : (uint32_t)r;
}

static inline uint64_t tcg_eval_extract(uint64_t a, unsigned pos, unsigned len,
                                        bool is_signed, bool is64)
{
    /* Put the field at the top, then shift it down (arithmetic if signed). */
    uint64_t top = a << (64 - pos - len);
    uint64_t r = is_signed ? (uint64_t)((int64_t)top >> (64 - len)) : top >> (64 - len);
    return is64 ? r : (uint32_t)r;
}

/* Low and high halves of a double-width product. */
static inline void tcg_eval_mul2(uint64_t a, uint64_t b, bool is_signed, bool is64,
                                 uint64_t *lo, uint64_t *hi)
{
    if (is64) {
        if (is_signed) {
            __int128 p = (__int128)(int64_t)a * (int64_t)b;
            *lo = (uint64_t)p;
            *hi = (uint64_t)(p >> 64);
        } else {
            unsigned __int128 p = (unsigned __int128)a * b;
            *lo = (uint64_t)p;
            *hi = (uint64_t)(p >> 64);
        }
    } else {
        uint64_t p = is_signed ? (uint64_t)((int64_t)(int32_t)a * (int32_t)b)
                               : (uint64_t)(uint32_t)a * (uint32_t)b;
        *lo = (uint32_t)p;
        *hi = (uint32_t)(p >> 32);
    }
}

/*
 * Ops with one or two value inputs and one output, no constant arguments.
 * Returns false for any other op.
 */
static inline bool tcg_eval_simple(TCGOpcode opc, uint64_t x, uint64_t y, uint64_t *res)
{
    uint32_t x32 = (uint32_t)x, y32 = (uint32_t)y;
    uint64_t r;

    switch (opc) {
    case INDEX_op_mov_i32:       r = x32; break;
    case INDEX_op_add_i32:       r = x32 + y32; break;
    case INDEX_op_sub_i32:       r = x32 - y32; break;
    case INDEX_op_mul_i32:       r = x32 * y32; break;
    case INDEX_op_neg_i32:       r = (uint32_t)-x32; break;
    case INDEX_op_and_i32:       r = x32 & y32; break;
    case INDEX_op_or_i32:        r = x32 | y32; break;
    case INDEX_op_xor_i32:       r = x32 ^ y32; break;
    case INDEX_op_andc_i32:      r = x32 & ~y32; break;
    case INDEX_op_not_i32:       r = (uint32_t)~x32; break;
    case INDEX_op_shl_i32:       r = (uint32_t)(x32 << (y & 31)); break;
    case INDEX_op_shr_i32:       r = x32 >> (y & 31); break;
    case INDEX_op_sar_i32:       r = (uint32_t)((int32_t)x32 >> (y & 31)); break;
    case INDEX_op_rotl_i32:
        r = (uint32_t)((x32 << (y & 31)) | (x32 >> ((32 - (y & 31)) & 31)));
        break;
    case INDEX_op_rotr_i32:
        r = (uint32_t)((x32 >> (y & 31)) | (x32 << ((32 - (y & 31)) & 31)));
        break;
    case INDEX_op_ext8s_i32:     r = (uint32_t)(int8_t)x32; break;
    case INDEX_op_ext8u_i32:     r = (uint8_t)x32; break;
    case INDEX_op_ext16s_i32:    r = (uint32_t)(int16_t)x32; break;
    case INDEX_op_ext16u_i32:    r = (uint16_t)x32; break;
    case INDEX_op_bswap16_i32:   r = __builtin_bswap16((uint16_t)x32); break;
    case INDEX_op_bswap32_i32:   r = __builtin_bswap32(x32); break;
    case INDEX_op_clz_i32:       r = x32 ? (uint64_t)__builtin_clz(x32) : y32; break;
    case INDEX_op_ctz_i32:       r = x32 ? (uint64_t)__builtin_ctz(x32) : y32; break;

    case INDEX_op_mov_i64:       r = x; break;
    case INDEX_op_add_i64:       r = x + y; break;
    case INDEX_op_sub_i64:       r = x - y; break;
    case INDEX_op_mul_i64:       r = x * y; break;
    case INDEX_op_neg_i64:       r = -x; break;
    case INDEX_op_and_i64:       r = x & y; break;
    case INDEX_op_or_i64:        r = x | y; break;
    case INDEX_op_xor_i64:       r = x ^ y; break;
    case INDEX_op_andc_i64:      r = x & ~y; break;
    case INDEX_op_not_i64:       r = ~x; break;
    case INDEX_op_shl_i64:       r = x << (y & 63); break;
    case INDEX_op_shr_i64:       r = x >> (y & 63); break;
    case INDEX_op_sar_i64:       r = (uint64_t)((int64_t)x >> (y & 63)); break;
    case INDEX_op_rotl_i64:      r = (x << (y & 63)) | (x >> ((64 - (y & 63)) & 63)); break;
    case INDEX_op_rotr_i64:      r = (x >> (y & 63)) | (x << ((64 - (y & 63)) & 63)); break;
    case INDEX_op_ext8s_i64:     r = (uint64_t)(int8_t)x; break;
    case INDEX_op_ext8u_i64:     r = (uint8_t)x; break;
    case INDEX_op_ext16s_i64:    r = (uint64_t)(int16_t)x; break;
    case INDEX_op_ext16u_i64:    r = (uint16_t)x; break;
    case INDEX_op_ext32s_i64:    r = (uint64_t)(int32_t)x; break;
    case INDEX_op_ext32u_i64:    r = (uint32_t)x; break;
    case INDEX_op_bswap16_i64:   r = __builtin_bswap16((uint16_t)x); break;
    case INDEX_op_bswap32_i64:   r = __builtin_bswap32((uint32_t)x); break;
    case INDEX_op_bswap64_i64:   r = __builtin_bswap64(x); break;
    case INDEX_op_clz_i64:       r = x ? (uint64_t)__builtin_clzll(x) : y; break;
    case INDEX_op_ctz_i64:       r = x ? (uint64_t)__builtin_ctzll(x) : y; break;

    case INDEX_op_ext_i32_i64:   r = (uint64_t)(int32_t)x32; break;
    case INDEX_op_extu_i32_i64:  r = x32; break;
    case INDEX_op_extrl_i64_i32: r = x32; break;
    case INDEX_op_extrh_i64_i32: r = x >> 32; break;
    default:
        return false;
    }
    *res = r;
    return true;
}

#endif
