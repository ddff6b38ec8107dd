/*
 * Pieces every front end's gen_intermediate_code uses (accel/translator.c).
 *
 * A front end's gen_intermediate_code(cpu, tb, max_insns) must:
 *   - call translator_gen_tb_start(tb) before the first insn_start, and
 *     translator_gen_tb_end(tb) after the last op of the TB;
 *   - emit tcg_gen_insn_start() for every guest instruction, whose data
 *     words come back to restore_state_to_opc after a fault;
 *   - stop after max_insns instructions (1 after self-modifying code) and
 *     before an instruction that starts on another page than tb->pc;
 *   - set tb->size to the guest bytes translated;
 *   - leave through goto_tb n + exit_tb(tb, n) only when
 *     translator_use_goto_tb(tb, dest), else through lookup_tb_ptr +
 *     goto_ptr or exit_tb(NULL, 0), with the guest PC (and any lazily
 *     kept state) stored first.
 */
#ifndef EXEC_TRANSLATOR_H
#define EXEC_TRANSLATOR_H

#include "exec/cpu-common.h"

/* leave at TB entry when cpu_exit()/cpu_interrupt() asked (TB_EXIT_REQUESTED) */
void translator_gen_tb_start(TranslationBlock *tb);
void translator_gen_tb_end(TranslationBlock *tb);

/* may this TB jump straight to guest address dest (goto_tb)? */
bool translator_use_goto_tb(TranslationBlock *tb, vaddr dest);

#endif
