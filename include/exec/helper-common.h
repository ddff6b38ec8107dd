/* Helpers of the execution core itself, usable by every target. */
DEF_HELPER_FLAGS_1(lookup_tb_ptr, TCG_CALL_NO_WG_SE, cptr, ptr)
/*
 * The same for a jump that leaves every part of the TB state but the pc as
 * it was at the start of the jumping TB (a near indirect jump or call, a
 * ret, a direct jump to another page): (env, linear pc, that TB's cs_base
 * and flags, as constants).
 */
DEF_HELPER_FLAGS_4(lookup_tb_ptr_same_state, TCG_CALL_NO_WG_SE, cptr, ptr, i64, i64, i32)
