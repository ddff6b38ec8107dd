/*
 * Limit and type checks of data accesses (seg_check_helper.c). Generated
 * code calls it (translate.c gen_seg_check) before each access through a
 * segment whose HF_SEGCHK bit is set, with the access's linear address and
 * a SEGCHK_* descriptor (cpu.h). It raises #GP(0), or #SS(0) for SS, and
 * restores the guest state of the faulting insn from the return address,
 * so the caller need not sync EIP or cc_op. It reads the segment bases,
 * which are TCG globals.
 */
DEF_HELPER_FLAGS_3(seg_check, TCG_CALL_NO_WG, void, env, tl, i32)
