/* gen_helper_name(ret, args...) for the helpers in HELPER_H and helper-common.h. */
#ifndef EXEC_HELPER_GEN_H
#define EXEC_HELPER_GEN_H

#include "tcg/tcg-op.h"
#include "exec/helper-head.h"

#define dh_retdecl0_void void
#define dh_retdecl0_i32 TCGv_i32 retval
#define dh_retdecl0_s32 TCGv_i32 retval
#define dh_retdecl0_int TCGv_i32 retval
#define dh_retdecl0_i64 TCGv_i64 retval
#define dh_retdecl0_s64 TCGv_i64 retval
#define dh_retdecl0_ptr TCGv_ptr retval
#define dh_retdecl0_cptr TCGv_ptr retval
#define dh_retdecl0_tl TCGv retval
#define dh_retdecl_void
#define dh_retdecl_i32 TCGv_i32 retval,
#define dh_retdecl_s32 TCGv_i32 retval,
#define dh_retdecl_int TCGv_i32 retval,
#define dh_retdecl_i64 TCGv_i64 retval,
#define dh_retdecl_s64 TCGv_i64 retval,
#define dh_retdecl_ptr TCGv_ptr retval,
#define dh_retdecl_cptr TCGv_ptr retval,
#define dh_retdecl_tl TCGv retval,
#define dh_retval_void NULL
#define dh_retval_i32 tcgv_i32_temp(retval)
#define dh_retval_s32 tcgv_i32_temp(retval)
#define dh_retval_int tcgv_i32_temp(retval)
#define dh_retval_i64 tcgv_i64_temp(retval)
#define dh_retval_s64 tcgv_i64_temp(retval)
#define dh_retval_ptr tcgv_ptr_temp(retval)
#define dh_retval_cptr tcgv_ptr_temp(retval)
#define dh_retval_tl tcgv_tl_temp(retval)

#define DEF_HELPER_FLAGS_0(name, flags, ret) \
    extern const TCGHelperInfo helper_info_##name; \
    static inline void gen_helper_##name(glue(dh_retdecl0_, ret)) \
    { tcg_gen_callN(&helper_info_##name, glue(dh_retval_, ret), NULL); }
#define DEF_HELPER_FLAGS_1(name, flags, ret, t1) \
    extern const TCGHelperInfo helper_info_##name; \
    static inline void gen_helper_##name(glue(dh_retdecl_, ret) dh_tcgv(t1) a1) \
    { TCGTemp *args[] = { dh_temp(t1, a1) }; \
      tcg_gen_callN(&helper_info_##name, glue(dh_retval_, ret), args); }
#define DEF_HELPER_FLAGS_2(name, flags, ret, t1, t2) \
    extern const TCGHelperInfo helper_info_##name; \
    static inline void gen_helper_##name(glue(dh_retdecl_, ret) dh_tcgv(t1) a1, \
                                         dh_tcgv(t2) a2) \
    { TCGTemp *args[] = { dh_temp(t1, a1), dh_temp(t2, a2) }; \
      tcg_gen_callN(&helper_info_##name, glue(dh_retval_, ret), args); }
#define DEF_HELPER_FLAGS_3(name, flags, ret, t1, t2, t3) \
    extern const TCGHelperInfo helper_info_##name; \
    static inline void gen_helper_##name(glue(dh_retdecl_, ret) dh_tcgv(t1) a1, \
                                         dh_tcgv(t2) a2, dh_tcgv(t3) a3) \
    { TCGTemp *args[] = { dh_temp(t1, a1), dh_temp(t2, a2), dh_temp(t3, a3) }; \
      tcg_gen_callN(&helper_info_##name, glue(dh_retval_, ret), args); }
#define DEF_HELPER_FLAGS_4(name, flags, ret, t1, t2, t3, t4) \
    extern const TCGHelperInfo helper_info_##name; \
    static inline void gen_helper_##name(glue(dh_retdecl_, ret) dh_tcgv(t1) a1, \
                                         dh_tcgv(t2) a2, dh_tcgv(t3) a3, dh_tcgv(t4) a4) \
    { TCGTemp *args[] = { dh_temp(t1, a1), dh_temp(t2, a2), dh_temp(t3, a3), \
                          dh_temp(t4, a4) }; \
      tcg_gen_callN(&helper_info_##name, glue(dh_retval_, ret), args); }
#define DEF_HELPER_FLAGS_5(name, flags, ret, t1, t2, t3, t4, t5) \
    extern const TCGHelperInfo helper_info_##name; \
    static inline void gen_helper_##name(glue(dh_retdecl_, ret) dh_tcgv(t1) a1, \
                                         dh_tcgv(t2) a2, dh_tcgv(t3) a3, dh_tcgv(t4) a4, \
                                         dh_tcgv(t5) a5) \
    { TCGTemp *args[] = { dh_temp(t1, a1), dh_temp(t2, a2), dh_temp(t3, a3), \
                          dh_temp(t4, a4), dh_temp(t5, a5) }; \
      tcg_gen_callN(&helper_info_##name, glue(dh_retval_, ret), args); }
#define DEF_HELPER_FLAGS_6(name, flags, ret, t1, t2, t3, t4, t5, t6) \
    extern const TCGHelperInfo helper_info_##name; \
    static inline void gen_helper_##name(glue(dh_retdecl_, ret) dh_tcgv(t1) a1, \
                                         dh_tcgv(t2) a2, dh_tcgv(t3) a3, dh_tcgv(t4) a4, \
                                         dh_tcgv(t5) a5, dh_tcgv(t6) a6) \
    { TCGTemp *args[] = { dh_temp(t1, a1), dh_temp(t2, a2), dh_temp(t3, a3), \
                          dh_temp(t4, a4), dh_temp(t5, a5), dh_temp(t6, a6) }; \
      tcg_gen_callN(&helper_info_##name, glue(dh_retval_, ret), args); }

#ifdef HELPER_H
#include HELPER_H
#endif
#include "exec/helper-common.h"

#undef DEF_HELPER_FLAGS_0
#undef DEF_HELPER_FLAGS_1
#undef DEF_HELPER_FLAGS_2
#undef DEF_HELPER_FLAGS_3
#undef DEF_HELPER_FLAGS_4
#undef DEF_HELPER_FLAGS_5
#undef DEF_HELPER_FLAGS_6

#endif
