/* Helpers of the execution core itself, usable by every target. */
DEF_HELPER_FLAGS_1(lookup_tb_ptr, TCG_CALL_NO_WG_SE, cptr, ptr)
