/*
 * Interfaces between the parts of the execution core: cpu-exec.c,
 * translate-all.c, accel/ and softmmu/cputlb*.c. Nothing else includes
 * this; the public side is exec/cpu-common.h.
 */
#ifndef ACCEL_INTERNAL_H
#define ACCEL_INTERNAL_H

#include "exec/cpu-common.h"
#include "tcg/tcg.h"

/*
 * CPUState.exit_request bits. Generated code leaves at the next TB entry
 * when any is set; cpu_exec then clears them all and returns to its caller
 * only for EXIT_REQUEST_LOOP (bit 0, so a plain store of 1 works too).
 */
#define EXIT_REQUEST_LOOP 1   /* cpu_exit(): return from cpu_exec */
#define EXIT_REQUEST_KICK 2   /* cpu_interrupt(): look at interrupt_request */

/* ---- translate-all.c: the code cache and the TB pool ---- */

/* bumped by tb_flush: TB pointers held across a translation may be stale */
extern uint32_t tb_flush_count;

/* the TB for (pc, cs_base, flags, cflags) in the global hash, or NULL */
TranslationBlock *tb_htable_lookup(CPUState *cpu, vaddr pc, uint64_t cs_base,
                                   uint32_t flags, uint32_t cflags);
/* make the jump out of `from` through slot n go straight to `to` */
void tb_add_jump(TranslationBlock *from, int n, TranslationBlock *to);
/*
 * The TB whose host code holds the call that returned to retaddr, or NULL.
 * retaddr is a helper's return address (GETPC), or for the memory slow path
 * the address the back end passes, which must lie in the instruction's code.
 */
TranslationBlock *tb_find_by_retaddr(uintptr_t retaddr);
/* set the guest state for the instruction at host address retaddr within tb */
void cpu_restore_state_from_tb(CPUState *cpu, const TranslationBlock *tb,
                               uintptr_t retaddr);
/* set the guest state to the start of tb, as when it was entered */
void cpu_restore_state_to_tb_start(CPUState *cpu, const TranslationBlock *tb);

/*
 * A guest store from the CPU is about to write physical [start, end) on a
 * page holding code, from the helper whose return address is retaddr.
 * Invalidates the TBs there; if that includes the TB being executed, the
 * store is not done: the guest state goes back to the storing instruction
 * and the CPU leaves to re-execute it alone in a one-instruction TB (whose
 * stale rest, if it modifies itself, is harmless as it ends there).
 */
void tb_invalidate_phys_range_by_store(CPUState *cpu, hwaddr start, hwaddr end,
                                       uintptr_t retaddr);

/*
 * The per-CPU jump cache, indexed by guest virtual pc: the offset bits
 * spread the TBs of one page, the page bits folded in separate the pages.
 */
static inline unsigned tb_jmp_cache_hash(vaddr pc)
{
    return (pc ^ (pc >> TARGET_PAGE_BITS) ^ (pc >> (2 * TARGET_PAGE_BITS))) &
           (TB_JMP_CACHE_SIZE - 1);
}

void tb_jmp_cache_clear(CPUState *cpu);

/* enter tb, which pc maps to now, as the set's most recent entry */
static inline void tb_jmp_cache_set(CPUState *cpu, vaddr pc, TranslationBlock *tb)
{
    TBJmpCacheEntry *set = cpu->tb_jmp_cache[tb_jmp_cache_hash(pc)];

    if (set[0].tb != tb) {
        set[1] = set[0];
    }
    set[0] = (TBJmpCacheEntry){ tb, cpu->tlb.flush_gen };
}

/* ---- accel/tb-search-data.c: per-instruction guest state of a TB ---- */

/* worst case: every word a 10-byte varint, every offset a 5-byte one */
#define TB_SEARCH_DATA_MAX (TCG_MAX_INSNS * (TCG_INSN_START_WORDS * 10 + 5))
/* encode gen's insn_data/insn_end_off into buf; returns bytes used */
size_t tb_encode_search_data(uint8_t *buf, const TranslationBlock *tb,
                             const struct TCGGenResult *gen);
/*
 * The data words of the instruction whose host code holds offset host_off
 * (from tb->tc_ptr); false when host_off is past the last instruction.
 */
bool tb_decode_search_data(const TranslationBlock *tb, uintptr_t host_off,
                           uint64_t data[TCG_INSN_START_WORDS]);

/* ---- accel/tb-lookup.c: the global TB hash and lookups ---- */

void tb_hash_init(size_t nb_tbs_max);
void tb_hash_insert(TranslationBlock *tb);
void tb_hash_remove(TranslationBlock *tb);
void tb_hash_reset(void);
/* lookup with explicit cflags: jump cache, then hash (does not translate) */
TranslationBlock *tb_lookup_cflags(CPUState *cpu, vaddr pc, uint64_t cs_base,
                                   uint32_t flags, uint32_t cflags);

/* ---- accel/tb-pages.c: TBs by physical page ---- */

/* link tb into the list of its page n (0 or 1); write-protects a new code page */
void tb_page_add(TranslationBlock *tb, int n);
void tb_page_remove(TranslationBlock *tb, int n);
/* the page's list head: (TB pointer | slot n), 0 when empty */
uintptr_t tb_page_first(hwaddr page);
void tb_pages_reset(void);

/* ---- accel/tb-invalidate.c ---- */

/* unlink tb from everything that can reach it; its memory stays until flush */
void tb_phys_invalidate(TranslationBlock *tb);

/* ---- softmmu/cputlb.c ---- */

void tlb_init(CPUState *cpu);
/* like get_page_addr_code, but -1 instead of a fault or non-RAM code */
hwaddr get_page_addr_code_probe(void *env, vaddr addr, int mmu_idx);

#endif
