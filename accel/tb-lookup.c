/*
 * Finding the TB for the CPU's state: first the per-CPU jump cache
 * (indexed by virtual pc), then the global hash keyed by (physical pc, pc,
 * cs_base, flags, cflags). Both survive TLB flushes and address space
 * switches: a jump cache hit is checked against the code TLB, which says
 * where pc maps now. Also the helpers that indirect jumps in generated code
 * use to reach the next TB without returning to cpu_exec.
 */
#include "qemu/osdep.h"
#include "accel/internal.h"
#include "softmmu/cputlb-internal.h"
#include "exec/helper-proto.h"

static TranslationBlock **tb_hash_table;
static size_t tb_hash_mask;

static size_t tb_hash(hwaddr phys_pc, vaddr pc, uint64_t cs_base, uint32_t flags,
                      uint32_t cflags)
{
    uint64_t h = phys_pc * 0x9e3779b97f4a7c15ull;
    h ^= (pc ^ (cs_base << 17)) * 0xc2b2ae3d27d4eb4full;
    h ^= (((uint64_t)flags << 32) | cflags) * 0x165667b19e3779f9ull;
    return (h ^ (h >> 29) ^ (h >> 47)) & tb_hash_mask;
}

static size_t tb_hash_of(const TranslationBlock *tb)
{
    hwaddr phys_pc = tb->page_addr[0] + (tb->pc & ~TARGET_PAGE_MASK);
    return tb_hash(phys_pc, tb->pc, tb->cs_base, tb->flags, tb->cflags);
}

void tb_hash_init(size_t nb_tbs_max)
{
    size_t size = 1;

    while (size < nb_tbs_max) {
        size <<= 1;
    }
    tb_hash_table = qemu_mallocz(size * sizeof(*tb_hash_table));
    tb_hash_mask = size - 1;
}

void tb_hash_insert(TranslationBlock *tb)
{
    size_t h = tb_hash_of(tb);

    tb->hash_next = tb_hash_table[h];
    tb_hash_table[h] = tb;
}

void tb_hash_remove(TranslationBlock *tb)
{
    TranslationBlock **pp = &tb_hash_table[tb_hash_of(tb)];

    while (*pp != tb) {
        pp = &(*pp)->hash_next;
    }
    *pp = tb->hash_next;
}

void tb_hash_reset(void)
{
    memset(tb_hash_table, 0, (tb_hash_mask + 1) * sizeof(*tb_hash_table));
}

TranslationBlock *tb_htable_lookup(CPUState *cpu, vaddr pc, uint64_t cs_base,
                                   uint32_t flags, uint32_t cflags)
{
    void *env = cpu_env_ptr(cpu);
    int mmu_idx = cpu->ops->mmu_index(cpu, true);
    hwaddr phys_page = get_page_addr_code_probe(env, pc, mmu_idx);

    if (phys_page == (hwaddr)-1) {
        return NULL;
    }
    hwaddr phys_pc = phys_page + (pc & ~TARGET_PAGE_MASK);
    for (TranslationBlock *tb = tb_hash_table[tb_hash(phys_pc, pc, cs_base, flags, cflags)];
         tb; tb = tb->hash_next) {
        if (tb->pc != pc || tb->page_addr[0] != phys_page || tb->cs_base != cs_base ||
            tb->flags != flags || tb->cflags != cflags) {
            continue;
        }
        /* code continued on a second page: it must still be the same one */
        if (tb->page_addr[1] != (hwaddr)-1 &&
            get_page_addr_code_probe(env, tb->pc + tb->size - 1, mmu_idx) !=
            tb->page_addr[1]) {
            continue;
        }
        return tb;
    }
    return NULL;
}

static inline bool tb_matches(const TranslationBlock *tb, vaddr pc, uint64_t cs_base,
                              uint32_t flags, uint32_t cflags)
{
    return tb && tb->pc == pc && tb->cs_base == cs_base && tb->flags == flags &&
           tb->cflags == cflags;
}

/*
 * Is tb's code still what its pc runs? The jump cache survives TLB flushes
 * (clearing it at each guest context switch sent every TB through the hash
 * table again), so an entry older than the last flush is checked against
 * the code TLB: one compare of physical pages. A TLB miss or a TB on two
 * pages is left to the slow path.
 */
static inline bool tb_mapped_by_tlb(CPUState *cpu, const TranslationBlock *tb)
{
    int mmu_idx = tb->code_mmu_idx;
    const CPUTLBEntry *e = tlb_entry(cpu, mmu_idx, tb->pc);

    return (e->addr_code & (TARGET_PAGE_MASK | TLB_FLAGS_MASK)) == (tb->pc & TARGET_PAGE_MASK) &&
           tlb_full(cpu, mmu_idx, tb->pc)->phys_addr == tb->page_addr[0] &&
           tb->page_addr[1] == (hwaddr)-1;
}

/* The TB of entry je if it matches and is still mapped (checked once per flush). */
static inline TranslationBlock *tb_jmp_cache_entry(CPUState *cpu, TBJmpCacheEntry *je,
                                                   vaddr pc, uint64_t cs_base,
                                                   uint32_t flags, uint32_t cflags)
{
    TranslationBlock *tb = je->tb;

    if (!tb_matches(tb, pc, cs_base, flags, cflags)) {
        return NULL;
    }
    if (likely(je->tlb_gen == cpu->tlb.flush_gen)) {
        return tb;
    }
    if (tb_mapped_by_tlb(cpu, tb)) {
        je->tlb_gen = cpu->tlb.flush_gen;
        return tb;
    }
    return NULL;
}

static inline TranslationBlock *tb_jmp_cache_get(CPUState *cpu, vaddr pc, uint64_t cs_base,
                                                 uint32_t flags, uint32_t cflags)
{
    TBJmpCacheEntry *set = cpu->tb_jmp_cache[tb_jmp_cache_hash(pc)];
    TranslationBlock *tb = tb_jmp_cache_entry(cpu, &set[0], pc, cs_base, flags, cflags);

    return likely(tb) ? tb : tb_jmp_cache_entry(cpu, &set[1], pc, cs_base, flags, cflags);
}

/* The jump cache entries checked through page walks, else the hash table. */
static TranslationBlock *__attribute__((noinline)) tb_lookup_slow(CPUState *cpu, vaddr pc,
                                                                  uint64_t cs_base,
                                                                  uint32_t flags,
                                                                  uint32_t cflags)
{
    void *env = cpu_env_ptr(cpu);
    TBJmpCacheEntry *set = cpu->tb_jmp_cache[tb_jmp_cache_hash(pc)];
    TranslationBlock *tb = NULL;

    for (int way = 0; way < TB_JMP_CACHE_WAYS && !tb; way++) {
        TranslationBlock *t = set[way].tb;
        if (tb_matches(t, pc, cs_base, flags, cflags) &&
            get_page_addr_code_probe(env, pc, t->code_mmu_idx) == t->page_addr[0] &&
            (t->page_addr[1] == (hwaddr)-1 ||
             get_page_addr_code_probe(env, pc + t->size - 1, t->code_mmu_idx) ==
             t->page_addr[1])) {
            tb = t;
        }
    }
    if (!tb) {
        tb = tb_htable_lookup(cpu, pc, cs_base, flags, cflags);
    }
    if (tb) {
        tb_jmp_cache_set(cpu, pc, tb);
    }
    return tb;
}

TranslationBlock *tb_lookup_cflags(CPUState *cpu, vaddr pc, uint64_t cs_base,
                                   uint32_t flags, uint32_t cflags)
{
    TranslationBlock *tb = tb_jmp_cache_get(cpu, pc, cs_base, flags, cflags);

    return likely(tb) ? tb : tb_lookup_slow(cpu, pc, cs_base, flags, cflags);
}

TranslationBlock *tb_lookup(CPUState *cpu, vaddr pc, uint64_t cs_base, uint32_t flags)
{
    return tb_lookup_cflags(cpu, pc, cs_base, flags, 0);
}

static const void *__attribute__((noinline)) lookup_tb_ptr_slow(CPUState *cpu, vaddr pc,
                                                    uint64_t cs_base, uint32_t flags)
{
    TranslationBlock *tb = tb_lookup_slow(cpu, pc, cs_base, flags, 0);
    return tb ? tb->tc_ptr : tcg_ctx->epilogue;
}

const void *helper_lookup_tb_ptr(void *env)
{
    CPUState *cpu = env_cpu(env);
    vaddr pc;
    uint64_t cs_base;
    uint32_t flags;

    cpu->ops->get_tb_cpu_state(env, &pc, &cs_base, &flags);
    TranslationBlock *tb = tb_lookup(cpu, pc, cs_base, flags);
    return tb ? tb->tc_ptr : tcg_ctx->epilogue;
}

/* Kept small (no stack frame on a hit): it runs at most indirect jumps. */
const void *helper_lookup_tb_ptr_same_state(void *env, uint64_t pc, uint64_t cs_base,
                                            uint32_t flags)
{
    CPUState *cpu = env_cpu(env);
    /* the target's state need not be read again: it is the caller's */
    TranslationBlock *tb = tb_jmp_cache_get(cpu, pc, cs_base, flags, 0);

    if (likely(tb)) {
        return tb->tc_ptr;
    }
    return lookup_tb_ptr_slow(cpu, pc, cs_base, flags);
}

/* ---- the jump cache ---- */

void tb_jmp_cache_clear(CPUState *cpu)
{
    memset(cpu->tb_jmp_cache, 0, sizeof(cpu->tb_jmp_cache));
}

