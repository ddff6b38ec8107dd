/*
 * The code cache: translating TBs, keeping them, flushing them all, and
 * mapping a host code address back to its guest instruction.
 *
 * Host code (and, after it, each TB's packed search data) is carved from
 * the code buffer in increasing order; TB descriptors come from a pool in
 * the same order, so the pool is sorted by host address and a fault's
 * return address finds its TB by binary search. When either runs out the
 * whole cache is flushed: simpler and faster than freeing TBs one by one,
 * and working sets that overflow a large cache are rare.
 */
#include "qemu/osdep.h"
#include "exec/cpu-common.h"
#include "exec/perf-map.h"
#include "tcg/tcg.h"
#include "qemu/log.h"
#include "qemu/disas.h"
#include "accel/internal.h"

/* host code starts on this boundary (instruction fetch and branch targets) */
#define CODE_GEN_ALIGN 16
/* pool size: room for TBs averaging this many bytes of host code */
#define CODE_BYTES_PER_TB 256

static TranslationBlock *tb_pool;
static size_t tb_pool_size, nb_tbs;
static uint8_t *code_gen_start;          /* first byte after the prologue */
uint32_t tb_flush_count;

void tcg_exec_init(size_t code_cache_size, bool use_tci)
{
    tcg_context_init(code_cache_size, use_tci);
    tcg_set_env_layout(ENV_OFFSET_OF_CPU(tlb.table), CPU_TLB_BITS, TARGET_PAGE_BITS,
                       ENV_OFFSET_OF_CPU(exit_request));
    code_gen_start = tcg_ctx->code_gen_ptr;
    tb_pool_size = code_cache_size / CODE_BYTES_PER_TB + 1;
    /* mostly untouched until used: calloc gets it lazily from the OS */
    tb_pool = qemu_mallocz(tb_pool_size * sizeof(*tb_pool));
    tb_hash_init(tb_pool_size);
}

void tb_flush(CPUState *cpu)
{
    CPUState *c;

    nb_tbs = 0;
    tcg_ctx->code_gen_ptr = code_gen_start;
    tb_hash_reset();
    tb_pages_reset();
    CPU_FOREACH(c) {
        tb_jmp_cache_clear(c);
    }
    tb_flush_count++;
}

/* ---- translation ---- */

static void tb_init(TranslationBlock *tb, vaddr pc, uint64_t cs_base, uint32_t flags,
                    uint32_t cflags, hwaddr phys_page)
{
    memset(tb, 0, sizeof(*tb));
    tb->pc = pc;
    tb->cs_base = cs_base;
    tb->flags = flags;
    tb->cflags = cflags;
    tb->page_addr[0] = phys_page;
    tb->page_addr[1] = -1;
    tb->jmp_dest[0] = tb->jmp_dest[1] = 1;
    tb->tc_ptr = tcg_ctx->code_gen_ptr;
}

/* The second physical page of a TB whose guest code crosses a page end
 * (-1: none); *from_io is set when that page is not RAM or ROM. */
static hwaddr tb_second_page(CPUState *cpu, const TranslationBlock *tb, int mmu_idx,
                             bool *from_io)
{
    vaddr last = tb->pc + (tb->size ? tb->size - 1 : 0);
    hwaddr page;

    if (((last ^ tb->pc) & TARGET_PAGE_MASK) == 0) {
        return -1;
    }
    if (((last - TARGET_PAGE_SIZE) ^ tb->pc) & TARGET_PAGE_MASK) {
        fatal("%s: TB at 0x%" PRIx64 " spans more than two pages (%u bytes)",
              cpu->ops->arch_name, tb->pc, tb->size);
    }
    /* the front end just fetched from it: a TLB hit */
    page = get_page_addr_code(cpu_env_ptr(cpu), last, mmu_idx);
    *from_io |= page == (hwaddr)-1;
    return page;
}

/*
 * Build the TB's code at code_gen_ptr. Returns NULL when the cache is full;
 * a guest fault while fetching the code unwinds from here to cpu_exec,
 * leaving the pool and the cache as they were.
 */
static TranslationBlock *tb_translate(CPUState *cpu, vaddr pc, uint64_t cs_base,
                                      uint32_t flags, uint32_t cflags,
                                      hwaddr phys_page, int mmu_idx, bool *from_io)
{
    static uint8_t search_buf[TB_SEARCH_DATA_MAX];
    TCGContext *s = tcg_ctx;
    TranslationBlock *tb;
    int max_insns = cflags & CF_COUNT_MASK ? cflags & CF_COUNT_MASK : TCG_MAX_INSNS;

    if (nb_tbs == tb_pool_size || s->code_gen_ptr > s->code_gen_highwater) {
        return NULL;
    }
    tb = &tb_pool[nb_tbs];
    tb_init(tb, pc, cs_base, flags, cflags, phys_page);
    tb->code_mmu_idx = mmu_idx;

    tcg_func_start();
    cpu->ops->gen_intermediate_code(cpu, tb, max_insns);
    int code_size = tcg_gen_code();
    if (code_size < 0) {
        return NULL;
    }

    tb->tc_size = code_size;
    tb->icount = s->gen.nb_insns;
    for (int n = 0; n < 2; n++) {
        tb->jmp_insn_offset[n] = s->gen.jmp_insn_offset[n];
        tb->jmp_reset_offset[n] = s->gen.jmp_reset_offset[n];
    }
    tb->page_addr[1] = tb_second_page(cpu, tb, mmu_idx, from_io);

    size_t search_size = tb_encode_search_data(search_buf, tb, &s->gen);
    uint8_t *search = s->code_gen_ptr + code_size;
    uint8_t *buf_end = s->code_gen_buffer + s->code_gen_buffer_size;
    if (search_size > (size_t)(buf_end - search)) {
        return NULL;
    }
    memcpy(search, search_buf, search_size);
    tb->search_data = search;

    uintptr_t next = ROUND_UP((uintptr_t)(search + search_size), CODE_GEN_ALIGN);
    s->code_gen_ptr = (uint8_t *)MIN(next, (uintptr_t)buf_end);
    nb_tbs++;
    return tb;
}

/* -d in_asm: the guest code of a new TB (its pages were just fetched: TLB hits) */
static void log_tb_in_asm(CPUState *cpu, const TranslationBlock *tb, int mmu_idx)
{
    uint8_t code[TCG_MAX_INSNS * 16];
    size_t size = MIN(tb->size, sizeof(code));

    for (size_t i = 0; i < size; i++) {
        code[i] = cpu_ldub_code(cpu_env_ptr(cpu), tb->pc + i, mmu_idx);
    }
    qemu_log("----------------\nIN: pc 0x%" PRIx64 "\n", tb->pc);
    disas_guest(qemu_logfile, cpu->ops->disas_arch(tb), code, size, tb->pc);
    qemu_log("\n");
}

TranslationBlock *tb_gen_code(CPUState *cpu, vaddr pc, uint64_t cs_base,
                              uint32_t flags, uint32_t cflags)
{
    int mmu_idx = cpu->ops->mmu_index(cpu, true);
    hwaddr phys_page = get_page_addr_code(cpu_env_ptr(cpu), pc, mmu_idx);
    bool from_io = phys_page == (hwaddr)-1;
    TranslationBlock *tb;

    if (from_io) {
        /* Code in a device: each fetch is a device read, so the TB holds one
         * instruction, is never looked up or chained again, and needs no
         * page tracking (it lives until the next flush). */
        cflags = (cflags & ~CF_COUNT_MASK) | 1 | CF_NO_CHAIN;
    }
    tb = tb_translate(cpu, pc, cs_base, flags, cflags, phys_page, mmu_idx, &from_io);
    if (!tb) {
        tb_flush(cpu);
        tb = tb_translate(cpu, pc, cs_base, flags, cflags, phys_page, mmu_idx, &from_io);
        if (!tb) {
            fatal("code cache too small for one translation block (guest pc 0x%"
                  PRIx64 ")", pc);
        }
    }
    if (qemu_loglevel_mask(CPU_LOG_TB_IN_ASM)) {
        log_tb_in_asm(cpu, tb, mmu_idx);
    }
    perf_map_note_tb(tb);
    if (from_io) {
        /* an instruction that ran on from RAM into a device: not cached */
        tb->cflags |= CF_NO_CHAIN;
        return tb;
    }
    tb_hash_insert(tb);
    tb_page_add(tb, 0);
    if (tb->page_addr[1] != (hwaddr)-1) {
        tb_page_add(tb, 1);
    }
    return tb;
}

/* ---- from host code back to guest state ---- */

TranslationBlock *tb_find_by_retaddr(uintptr_t retaddr)
{
    uintptr_t pc = retaddr - 1;     /* inside the call, not after it */
    size_t lo = 0, hi = nb_tbs;

    /* the last TB starting at or below pc */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if ((uintptr_t)tb_pool[mid].tc_ptr <= pc) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo == 0) {
        return NULL;
    }
    TranslationBlock *tb = &tb_pool[lo - 1];
    return pc - (uintptr_t)tb->tc_ptr < tb->tc_size ? tb : NULL;
}

void cpu_restore_state_from_tb(CPUState *cpu, const TranslationBlock *tb,
                               uintptr_t retaddr)
{
    uint64_t data[TCG_INSN_START_WORDS];

    if (tb_decode_search_data(tb, retaddr - 1 - (uintptr_t)tb->tc_ptr, data)) {
        cpu->ops->restore_state_to_opc(cpu, tb, data);
    }
}

void cpu_restore_state_to_tb_start(CPUState *cpu, const TranslationBlock *tb)
{
    uint64_t data[TCG_INSN_START_WORDS];

    if (tb_decode_search_data(tb, 0, data)) {
        cpu->ops->restore_state_to_opc(cpu, tb, data);
    }
}

bool cpu_restore_state(CPUState *cpu, uintptr_t retaddr)
{
    if (!retaddr) {
        return false;
    }
    TranslationBlock *tb = tb_find_by_retaddr(retaddr);
    if (!tb) {
        return false;
    }
    cpu_restore_state_from_tb(cpu, tb, retaddr);
    return true;
}
