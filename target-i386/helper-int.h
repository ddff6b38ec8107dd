/*
 * Integer helpers (cc_helper.c, int_helper.c); format in
 * include/exec/helper-head.h. The flag computations read only their
 * arguments, so generated code may keep globals in registers around them
 * and drop them when the result is unused.
 */
/* all arithmetic flags / just CF of the lazy state (dst, src, src2, cc_op) */
DEF_HELPER_FLAGS_4(cc_compute_all, TCG_CALL_NO_RWG_SE, tl, tl, tl, tl, int)
DEF_HELPER_FLAGS_4(cc_compute_c, TCG_CALL_NO_RWG_SE, tl, tl, tl, tl, int)
/*
 * All flags of one sized op known at translation time, cc_all_ADDL(dst,
 * src, src2) and so on: no dispatch on the op at run time.
 */
#include "cc_op.h"
#define CC_ALL_HELPER(group, size, bits) \
    DEF_HELPER_FLAGS_3(cc_all_##group##size, TCG_CALL_NO_RWG_SE, tl, tl, tl, tl)
CC_OP_SIZED_LIST(CC_ALL_HELPER)
#undef CC_ALL_HELPER

/* divide EDX:EAX (or AX, DX:AX) by the operand; #DE on zero or overflow */
DEF_HELPER_2(divb_AL, void, env, tl)
DEF_HELPER_2(idivb_AL, void, env, tl)
DEF_HELPER_2(divw_AX, void, env, tl)
DEF_HELPER_2(idivw_AX, void, env, tl)
DEF_HELPER_2(divl_EAX, void, env, tl)
DEF_HELPER_2(idivl_EAX, void, env, tl)

/* BCD adjust on AL/AX; flags through cc_src (the caller sets CC_OP_EFLAGS) */
DEF_HELPER_1(daa, void, env)
DEF_HELPER_1(das, void, env)
DEF_HELPER_1(aaa, void, env)
DEF_HELPER_1(aas, void, env)
DEF_HELPER_2(aam, void, env, int)      /* base (non-zero: the caller raises #DE) */
DEF_HELPER_2(aad, void, env, int)

/*
 * RCL/RCR of value (size ot) by count (masked to 5 bits) with the flags
 * eflags: returns the result in bits 0-31 and the new flags above.
 */
DEF_HELPER_FLAGS_4(rcl, TCG_CALL_NO_RWG_SE, i64, tl, tl, tl, int)
DEF_HELPER_FLAGS_4(rcr, TCG_CALL_NO_RWG_SE, i64, tl, tl, tl, int)

/*
 * REP MOVS / REP STOS: as many elements as fit in the current pages when
 * both are plain RAM in the TLB, updating ESI, EDI, ECX (string_helper.c);
 * desc = element MemOp | mmu_idx << 2. They never fault.
 */
DEF_HELPER_2(rep_movs_bulk, void, env, i32)
DEF_HELPER_2(rep_stos_bulk, void, env, i32)
