/* Helpers of the execution core itself, usable by every target. */
DEF_HELPER_FLAGS_1(lookup_tb_ptr, TCG_CALL_NO_WG_SE, cptr, ptr)
/*
 * The same for a jump that leaves every part of the TB state but the pc as
 * it was at the start of TB `from` (a near indirect jump or call, a ret, a
 * direct jump to another page): (env, linear pc, from).
 */
DEF_HELPER_FLAGS_3(lookup_tb_ptr_same_state, TCG_CALL_NO_WG_SE, cptr, ptr, i64, cptr)
