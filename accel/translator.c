/*
 * Front-end building blocks shared by all targets: the exit check at every
 * TB entry, and the rule for direct jumps between TBs.
 */
#include "qemu/osdep.h"
#include "exec/translator.h"
#include "tcg/tcg-op.h"

/* where the entry check goes; placed by translator_gen_tb_end */
static TCGLabel *exit_request_label;

void translator_gen_tb_start(TranslationBlock *tb)
{
    TCGv_i32 flag = tcg_temp_new_i32();

    exit_request_label = gen_new_label();
    tcg_gen_ld_i32(flag, cpu_env, ENV_OFFSET_OF_CPU(exit_request));
    tcg_gen_brcondi_i32(TCG_COND_NE, flag, 0, exit_request_label);
}

void translator_gen_tb_end(TranslationBlock *tb)
{
    gen_set_label(exit_request_label);
    tcg_gen_exit_tb(tb, TB_EXIT_REQUESTED);
}

bool translator_use_goto_tb(TranslationBlock *tb, vaddr dest)
{
    /*
     * A chained jump skips the lookup, which is what checks the page's
     * mapping: stay on the page the TB was looked up by.
     */
    return !(tb->cflags & CF_NO_CHAIN) && ((tb->pc ^ dest) & TARGET_PAGE_MASK) == 0;
}
