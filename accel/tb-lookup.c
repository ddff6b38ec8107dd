/*
 * Finding the TB for the CPU's state: first the per-CPU jump cache
 * (indexed by virtual pc, one compare), then the global hash keyed by
 * (physical pc, pc, cs_base, flags, cflags), which survives TLB flushes and
 * address space switches. Also the helper that indirect jumps in generated
 * code use to reach the next TB without returning to cpu_exec.
 */
#include "qemu/osdep.h"
#include "accel/internal.h"
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

TranslationBlock *tb_lookup_cflags(CPUState *cpu, vaddr pc, uint64_t cs_base,
                                   uint32_t flags, uint32_t cflags)
{
    unsigned h = tb_jmp_cache_hash(pc);
    TranslationBlock *tb = cpu->tb_jmp_cache[h];

    if (likely(tb && tb->pc == pc && tb->cs_base == cs_base && tb->flags == flags &&
               tb->cflags == cflags)) {
        return tb;
    }
    tb = tb_htable_lookup(cpu, pc, cs_base, flags, cflags);
    if (tb) {
        cpu->tb_jmp_cache[h] = tb;
    }
    return tb;
}

TranslationBlock *tb_lookup(CPUState *cpu, vaddr pc, uint64_t cs_base, uint32_t flags)
{
    return tb_lookup_cflags(cpu, pc, cs_base, flags, 0);
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

/* ---- the jump cache ---- */

void tb_jmp_cache_clear(CPUState *cpu)
{
    memset(cpu->tb_jmp_cache, 0, sizeof(cpu->tb_jmp_cache));
}

static void tb_jmp_cache_clear_block(CPUState *cpu, vaddr page)
{
    unsigned first = tb_jmp_cache_page_hash(page) << TB_JMP_PAGE_BITS;
    memset(&cpu->tb_jmp_cache[first], 0, TB_JMP_PAGE_SIZE * sizeof(cpu->tb_jmp_cache[0]));
}

void tb_jmp_cache_clear_page(CPUState *cpu, vaddr page)
{
    tb_jmp_cache_clear_block(cpu, page);
    /* a TB starting on the page before may run into this one */
    tb_jmp_cache_clear_block(cpu, page - TARGET_PAGE_SIZE);
}
