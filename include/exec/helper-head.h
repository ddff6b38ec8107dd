/*
 * Helper declarations are written once, in a list of
 *     DEF_HELPER_FLAGS_n(name, flags, ret, t1, ..., tn)
 *     DEF_HELPER_n(name, ret, t1, ..., tn)
 * lines (a target's helper.h, and helper-common.h for the runtime). From
 * that list helper-proto.h makes the C prototypes (helper_name), helper-gen.h
 * the gen_helper_name() builders, and helper-info.c.inc the TCGHelperInfo
 * records. Types: void i32 s32 int i64 s64 ptr cptr env tl.
 */
#ifndef EXEC_HELPER_HEAD_H
#define EXEC_HELPER_HEAD_H

#define dh_ctype_void void
#define dh_ctype_i32 uint32_t
#define dh_ctype_s32 int32_t
#define dh_ctype_int int
#define dh_ctype_i64 uint64_t
#define dh_ctype_s64 int64_t
#define dh_ctype_ptr void *
#define dh_ctype_cptr const void *
#define dh_ctype_env CPUArchState *
#define dh_ctype_tl target_ulong
#define dh_ctype(t) glue(dh_ctype_, t)

/* the builder-side handle type of each kind */
#define dh_tcgv_i32 TCGv_i32
#define dh_tcgv_s32 TCGv_i32
#define dh_tcgv_int TCGv_i32
#define dh_tcgv_i64 TCGv_i64
#define dh_tcgv_s64 TCGv_i64
#define dh_tcgv_ptr TCGv_ptr
#define dh_tcgv_cptr TCGv_ptr
#define dh_tcgv_env TCGv_ptr
#define dh_tcgv_tl TCGv
#define dh_tcgv(t) glue(dh_tcgv_, t)

#define dh_temp_i32(x) tcgv_i32_temp(x)
#define dh_temp_s32(x) tcgv_i32_temp(x)
#define dh_temp_int(x) tcgv_i32_temp(x)
#define dh_temp_i64(x) tcgv_i64_temp(x)
#define dh_temp_s64(x) tcgv_i64_temp(x)
#define dh_temp_ptr(x) tcgv_ptr_temp(x)
#define dh_temp_cptr(x) tcgv_ptr_temp(x)
#define dh_temp_env(x) tcgv_ptr_temp(x)
#define dh_temp_tl(x) tcgv_tl_temp(x)
#define dh_temp(t, x) glue(dh_temp_, t)(x)

/* how a value travels (TCGHelperType) */
#define dh_htype_void TCG_HELPER_VOID
#define dh_htype_i32 TCG_HELPER_I32
#define dh_htype_s32 TCG_HELPER_I32
#define dh_htype_int TCG_HELPER_I32
#define dh_htype_i64 TCG_HELPER_I64
#define dh_htype_s64 TCG_HELPER_I64
#define dh_htype_ptr TCG_HELPER_I64
#define dh_htype_cptr TCG_HELPER_I64
#define dh_htype_env TCG_HELPER_I64
#if TARGET_LONG_BITS == 64
#define dh_htype_tl TCG_HELPER_I64
#else
#define dh_htype_tl TCG_HELPER_I32
#endif
#define dh_htype(t) glue(dh_htype_, t)

#define DEF_HELPER_0(name, ret) DEF_HELPER_FLAGS_0(name, 0, ret)
#define DEF_HELPER_1(name, ret, t1) DEF_HELPER_FLAGS_1(name, 0, ret, t1)
#define DEF_HELPER_2(name, ret, t1, t2) DEF_HELPER_FLAGS_2(name, 0, ret, t1, t2)
#define DEF_HELPER_3(name, ret, t1, t2, t3) DEF_HELPER_FLAGS_3(name, 0, ret, t1, t2, t3)
#define DEF_HELPER_4(name, ret, t1, t2, t3, t4) \
    DEF_HELPER_FLAGS_4(name, 0, ret, t1, t2, t3, t4)
#define DEF_HELPER_5(name, ret, t1, t2, t3, t4, t5) \
    DEF_HELPER_FLAGS_5(name, 0, ret, t1, t2, t3, t4, t5)
#define DEF_HELPER_6(name, ret, t1, t2, t3, t4, t5, t6) \
    DEF_HELPER_FLAGS_6(name, 0, ret, t1, t2, t3, t4, t5, t6)

#endif
