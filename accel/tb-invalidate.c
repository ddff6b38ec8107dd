/*
 * Direct jumps between TBs, and dropping TBs whose guest code changed.
 *
 * A chained jump from TB `from` slot n to TB `to` is recorded twice:
 * from->jmp_dest[n] = to (1 when unchained), and (from | n) in the list of
 * jumps into `to`, headed by to->jmp_list_head and threaded through
 * jmp_list_next[n] of each source. Invalidating `to` walks that list and
 * points every source's jump back at its exit path.
 */
#include "qemu/osdep.h"
#include "accel/internal.h"

#define JMP_DEST_NONE ((uintptr_t)1)

static TranslationBlock *tagged_tb(uintptr_t p)
{
    return (TranslationBlock *)(p & ~(uintptr_t)1);
}

void tb_add_jump(TranslationBlock *from, int n, TranslationBlock *to)
{
    if (from->invalid || to->invalid || ((from->cflags | to->cflags) & CF_NO_CHAIN) ||
        from->jmp_dest[n] != JMP_DEST_NONE ||
        from->jmp_reset_offset[n] == TB_JMP_OFFSET_INVALID ||
        /* its second page is not re-checked on a direct jump */
        to->page_addr[1] != (hwaddr)-1) {
        return;
    }
    tb_target_set_jmp_target((uintptr_t)from->tc_ptr + from->jmp_insn_offset[n],
                             (uintptr_t)to->tc_ptr);
    from->jmp_dest[n] = (uintptr_t)to;
    from->jmp_list_next[n] = to->jmp_list_head;
    to->jmp_list_head = (uintptr_t)from | n;
}

/* Forget from's jump n in its destination's list of incoming jumps. */
static void tb_unlink_outgoing(TranslationBlock *from, int n)
{
    if (from->jmp_dest[n] == JMP_DEST_NONE) {
        return;
    }
    TranslationBlock *to = (TranslationBlock *)from->jmp_dest[n];
    uintptr_t me = (uintptr_t)from | n;
    uintptr_t *link = &to->jmp_list_head;

    while (*link != me) {
        link = &tagged_tb(*link)->jmp_list_next[*link & 1];
    }
    *link = from->jmp_list_next[n];
    from->jmp_dest[n] = JMP_DEST_NONE;
}

/* Send every jump into tb back to its source's exit path. */
static void tb_reset_incoming(TranslationBlock *tb)
{
    uintptr_t p = tb->jmp_list_head;

    while (p) {
        TranslationBlock *from = tagged_tb(p);
        int n = p & 1;
        tb_target_set_jmp_target((uintptr_t)from->tc_ptr + from->jmp_insn_offset[n],
                                 (uintptr_t)from->tc_ptr + from->jmp_reset_offset[n]);
        from->jmp_dest[n] = JMP_DEST_NONE;
        p = from->jmp_list_next[n];
    }
    tb->jmp_list_head = 0;
}

void tb_phys_invalidate(TranslationBlock *tb)
{
    CPUState *cpu;
    unsigned h = tb_jmp_cache_hash(tb->pc);

    tb->invalid = true;
    tb_hash_remove(tb);
    tb_page_remove(tb, 0);
    if (tb->page_addr[1] != (hwaddr)-1) {
        tb_page_remove(tb, 1);
    }
    CPU_FOREACH(cpu) {
        for (int way = 0; way < TB_JMP_CACHE_WAYS; way++) {
            if (cpu->tb_jmp_cache[h][way].tb == tb) {
                cpu->tb_jmp_cache[h][way].tb = NULL;
            }
        }
    }
    tb_unlink_outgoing(tb, 0);
    tb_unlink_outgoing(tb, 1);
    tb_reset_incoming(tb);
}

/* The physical bytes [start, end) that tb's guest code occupies on its page n. */
static void tb_page_span(const TranslationBlock *tb, int n, hwaddr *start, hwaddr *end)
{
    vaddr first_len = TARGET_PAGE_SIZE - (tb->pc & ~TARGET_PAGE_MASK);

    if (n == 0) {
        *start = tb->page_addr[0] + (tb->pc & ~TARGET_PAGE_MASK);
        *end = *start + MIN((vaddr)tb->size, first_len);
    } else {
        *start = tb->page_addr[1];
        *end = *start + (tb->size - first_len);
    }
}

/*
 * Invalidate the TBs overlapping [start, end) on one page. Returns the one
 * whose code holds retaddr, if any (0: none is running).
 */
static TranslationBlock *tb_invalidate_page(hwaddr page, hwaddr start, hwaddr end,
                                            uintptr_t retaddr)
{
    TranslationBlock *current = NULL;
    uintptr_t p = tb_page_first(page);

    while (p) {
        TranslationBlock *tb = tagged_tb(p);
        int n = p & 1;
        hwaddr tb_start, tb_end;

        p = (uintptr_t)tb->page_next[n];    /* before tb leaves the list */
        tb_page_span(tb, n, &tb_start, &tb_end);
        if (tb_start >= end || tb_end <= start) {
            continue;
        }
        if (retaddr && retaddr - 1 - (uintptr_t)tb->tc_ptr < tb->tc_size) {
            current = tb;
        }
        tb_phys_invalidate(tb);
    }
    return current;
}

static TranslationBlock *tb_invalidate_range(hwaddr start, hwaddr end, uintptr_t retaddr)
{
    TranslationBlock *current = NULL;

    for (hwaddr page = start & TARGET_PAGE_MASK; page < end; page += TARGET_PAGE_SIZE) {
        TranslationBlock *tb = tb_invalidate_page(page, start, end, retaddr);
        if (tb) {
            current = tb;
        }
        if (page + TARGET_PAGE_SIZE < page) {
            break;      /* top of the address space */
        }
    }
    return current;
}

void tb_invalidate_phys_range(hwaddr start, hwaddr end)
{
    tb_invalidate_range(start, end, 0);
}

void tb_invalidate_phys_range_by_store(CPUState *cpu, hwaddr start, hwaddr end,
                                       uintptr_t retaddr)
{
    TranslationBlock *current = tb_invalidate_range(start, end, retaddr);

    /* a one-instruction TB may finish: its code stops after the store */
    if (current && (current->cflags & CF_COUNT_MASK) != 1) {
        cpu_restore_state_from_tb(cpu, current, retaddr);
        cpu->cflags_next_tb = 1;
        cpu_loop_exit_noexc(cpu);
    }
}
