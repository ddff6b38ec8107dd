/*
 * Unit test of the execution core (cpu-exec.c, translate-all.c, accel/tb-*,
 * softmmu/cputlb.c, softmmu/ldst.c) without a real code generator.
 *
 * A toy guest with one-byte instructions is "translated" by a stub tcg:
 * the host code of a TB is a small record (its TB, its instructions, how it
 * ends, a patchable jump slot) that the stub tcg_qemu_tb_exec interprets,
 * calling the real slow-path helpers and following patched jumps like
 * generated code would. Everything else is the real thing.
 */
#include "qemu/osdep.h"
#include "exec/cpu-common.h"
#include "unit-test.h"
#include "exec/memory.h"
#include "softmmu/cputlb-internal.h"
#include "tcg/tcg.h"
#include "accel/internal.h"

/* ---- the toy guest ---- */

enum {
    OP_HLTCHK = 0x00,   /* halt if r0 >= r2 */
    OP_INC    = 0x10,   /* r0++ */
    OP_ST     = 0x11,   /* byte [r1] = r0 */
    OP_LD     = 0x12,   /* r0 = le32 [r1] */
    OP_JNEXT  = 0x20,   /* end of TB: direct jump to the next instruction */
    OP_JSTART = 0x22,   /* end of TB: direct jump back to the TB's start */
    OP_JIND   = 0x21,   /* end of TB: indirect jump to the next instruction */
};

typedef struct ToyEnv {
    uint64_t pc;
    uint32_t r0, r1, r2;
    vaddr fault_addr;
} ToyEnv;

typedef struct ToyCPU {
    CPUState parent;
    ToyEnv env;
} ToyCPU;

static ToyCPU toy;
static CPUState *cpu = &toy.parent;
static ToyEnv *env = &toy.env;
static int interrupts_taken, exceptions_delivered;

static bool toy_tlb_fill(CPUState *c, vaddr addr, int size, MMUAccessType access,
                         int mmu_idx, bool probe, uintptr_t ra)
{
    if (addr < 0x30000) {
        tlb_set_page(c, addr, addr, PAGE_READ | PAGE_WRITE | PAGE_EXEC, mmu_idx);
        return true;
    }
    if ((addr & TARGET_PAGE_MASK) == 0x3f000) {
        tlb_set_page(c, addr, 0xf000, PAGE_READ | PAGE_WRITE, mmu_idx);
        return true;
    }
    if (probe) {
        return false;
    }
    env->fault_addr = addr;
    c->exception_index = 14;
    cpu_loop_exit_restore(c, ra);
}

static void toy_get_tb_cpu_state(void *e, vaddr *pc, uint64_t *cs_base, uint32_t *flags)
{
    *pc = ((ToyEnv *)e)->pc;
    *cs_base = 0;
    *flags = 0;
}

static void toy_restore_state_to_opc(CPUState *c, const TranslationBlock *tb,
                                     const uint64_t *data)
{
    env->pc = data[0];
}

static bool toy_exec_interrupt(CPUState *c, uint32_t req)
{
    if (req & CPU_INTERRUPT_HARD) {
        cpu_reset_interrupt(c, CPU_INTERRUPT_HARD);
        interrupts_taken++;
        return true;
    }
    return false;
}

static void toy_do_interrupt(CPUState *c)
{
    exceptions_delivered++;
    env->pc = 0x5000;       /* a handler that halts: r0 >= r2 there */
    env->r2 = 0;
}

static bool toy_has_work(CPUState *c)
{
    return c->interrupt_request & CPU_INTERRUPT_HARD;
}

static int toy_mmu_index(CPUState *c, bool ifetch)
{
    return 0;
}

/* ---- the stub code generator ---- */

TCGContext *tcg_ctx;
TCGv_ptr cpu_env;
bool tcg_use_tci;
__thread uintptr_t tci_tb_ptr;

typedef struct ToyCodeHeader {
    TranslationBlock *tb;
    uint32_t n;
    uint32_t end_op;
    uint64_t target;
} ToyCodeHeader;

#define SLOT 16
static uint8_t toy_ops[TCG_MAX_INSNS];
static int toy_nb;
static TranslationBlock *toy_tb;
static int translations, exits_to_loop;

static void toy_gen_intermediate_code(CPUState *c, TranslationBlock *tb, int max_insns)
{
    vaddr pc = tb->pc;

    toy_tb = tb;
    for (;;) {
        uint8_t op = cpu_ldub_code(cpu_env_ptr(c), pc, 0);
        toy_ops[toy_nb++] = op;
        pc++;
        if (op == OP_JNEXT || op == OP_JSTART || op == OP_JIND || toy_nb == max_insns ||
            !(pc & ~TARGET_PAGE_MASK)) {
            break;
        }
    }
    tb->size = pc - tb->pc;
}

void tcg_context_init(size_t code_cache_size, bool use_tci)
{
    tcg_ctx = qemu_mallocz(sizeof(*tcg_ctx));
    tcg_ctx->code_gen_buffer = qemu_mallocz(code_cache_size);
    tcg_ctx->code_gen_buffer_size = code_cache_size;
    tcg_ctx->epilogue = tcg_ctx->code_gen_buffer;
    tcg_ctx->code_gen_ptr = tcg_ctx->code_gen_buffer + 64;
    tcg_ctx->code_gen_highwater = tcg_ctx->code_gen_buffer + code_cache_size - 256;
}

void tcg_set_env_layout(intptr_t tlb_offset, int tlb_bits, int page_bits,
                        intptr_t exit_request_offset)
{
    tcg_ctx->tlb_offset = tlb_offset;
    tcg_ctx->exit_request_offset = exit_request_offset;
}

void tcg_func_start(void)
{
    toy_nb = 0;
}

int tcg_gen_code(void)
{
    TCGContext *s = tcg_ctx;
    uint8_t *code = s->code_gen_ptr;
    int n = toy_nb;
    size_t size = sizeof(ToyCodeHeader) + n * SLOT + 16;
    uint8_t last = toy_ops[n - 1];

    if (code + size > s->code_gen_buffer + s->code_gen_buffer_size) {
        return -1;
    }
    ToyCodeHeader h = { toy_tb, n, last, toy_tb->pc + n };
    if (last == OP_JSTART) {
        h.target = toy_tb->pc;
    } else if (last != OP_JNEXT && last != OP_JIND) {
        h.end_op = 0;       /* ran out of instructions: plain exit */
    }
    memcpy(code, &h, sizeof(h));
    memset(s->gen.jmp_insn_offset, 0xff, sizeof(s->gen.jmp_insn_offset));
    memset(s->gen.jmp_reset_offset, 0xff, sizeof(s->gen.jmp_reset_offset));
    for (int i = 0; i < n; i++) {
        uint8_t *slot = code + sizeof(h) + i * SLOT;
        uint64_t pc = toy_tb->pc + i;
        slot[0] = toy_ops[i];
        memcpy(slot + 8, &pc, 8);
        s->gen.insn_data[i][0] = pc;
        s->gen.insn_data[i][1] = 0;
        s->gen.insn_end_off[i] = sizeof(h) + (i + 1) * SLOT;
    }
    s->gen.nb_insns = n;
    uint16_t jmp = sizeof(h) + n * SLOT;
    if (h.end_op == OP_JNEXT || h.end_op == OP_JSTART) {
        s->gen.jmp_insn_offset[0] = jmp;
        s->gen.jmp_reset_offset[0] = jmp + 8;
        uintptr_t reset = (uintptr_t)code + jmp + 8;
        memcpy(code + jmp, &reset, 8);
    }
    translations++;
    return size;
}

void tb_target_set_jmp_target(uintptr_t jmp_addr, uintptr_t addr)
{
    memcpy((void *)jmp_addr, &addr, 8);
}

/* Run toy code as generated code would: helpers, chained jumps, exits. */
uintptr_t tcg_qemu_tb_exec(void *e, const void *tb_code)
{
    const uint8_t *code = tb_code;

    for (;;) {
        if (code == tcg_ctx->epilogue) {
            exits_to_loop++;
            return 0;
        }
        ToyCodeHeader h;
        memcpy(&h, code, sizeof(h));
        if (cpu->exit_request) {
            exits_to_loop++;
            return (uintptr_t)h.tb | TB_EXIT_REQUESTED;
        }
        for (uint32_t i = 0; i < h.n; i++) {
            const uint8_t *slot = code + sizeof(h) + i * SLOT;
            uintptr_t ra = (uintptr_t)slot + 9;
            uint64_t pc;
            memcpy(&pc, slot + 8, 8);
            switch (slot[0]) {
            case OP_HLTCHK:
                if (env->r0 >= env->r2) {
                    env->pc = pc + 1;
                    cpu->halted = true;
                    cpu->exception_index = EXCP_HLT;
                    cpu_loop_exit(cpu);
                }
                break;
            case OP_INC:
                env->r0++;
                break;
            case OP_ST:
                env->pc = 0xdead;   /* stale on purpose: a fault must restore it */
                helper_st_mmu(env, env->r1, env->r0, make_memop_idx(MO_UB, 0), ra);
                break;
            case OP_LD:
                env->pc = 0xdead;
                env->r0 = helper_ld_mmu(env, env->r1, make_memop_idx(MO_LEUL, 0), ra);
                break;
            }
            env->pc = pc + 1;
        }
        if (h.end_op == OP_JIND) {
            code = helper_lookup_tb_ptr(env);
            continue;
        }
        if (h.end_op == 0) {
            exits_to_loop++;
            return 0;
        }
        env->pc = h.target;
        uintptr_t dest;
        uint16_t jmp = sizeof(h) + h.n * SLOT;
        memcpy(&dest, code + jmp, 8);
        if (dest == (uintptr_t)code + jmp + 8) {
            exits_to_loop++;
            return (uintptr_t)h.tb | 0;
        }
        code = (const uint8_t *)dest;
    }
}

/* ---- test device ---- */

static int dev_reads, dev_writes;
static uintptr_t dev_io_pc;
static uint64_t dev_last_write;

static uint64_t dev_read(void *opaque, hwaddr addr, unsigned size)
{
    dev_reads++;
    dev_io_pc = cpu->mem_io_pc;
    return 0x80 + addr;
}

static void dev_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    dev_writes++;
    dev_last_write = val;
}

static const MemoryRegionOps dev_ops = { dev_read, dev_write, DEVICE_LITTLE_ENDIAN, 1, 1 };

static MemoryRegion ram, dev, rom;

static void load(hwaddr addr, const uint8_t *code, size_t len)
{
    address_space_write(&address_space_memory, addr, code, len);
}

static const CPUOps toy_ops_table = {
    .arch_name = "toy",
    .get_tb_cpu_state = toy_get_tb_cpu_state,
    .gen_intermediate_code = toy_gen_intermediate_code,
    .restore_state_to_opc = toy_restore_state_to_opc,
    .exec_interrupt = toy_exec_interrupt,
    .do_interrupt = toy_do_interrupt,
    .tlb_fill = toy_tlb_fill,
    .mmu_index = toy_mmu_index,
    .has_work = toy_has_work,
};

static void setup(void)
{
    address_space_init(&address_space_memory, "memory");
    address_space_init(&address_space_io, "io");
    memory_region_init_ram(&ram, "ram", 0x10000);
    memory_region_init_io(&dev, &dev_ops, NULL, "dev", 0x1000);
    memory_region_init_rom(&rom, "rom", 0x1000);
    address_space_map(&address_space_memory, &ram, 0, 0);
    address_space_map(&address_space_memory, &dev, 0x10000, 0);
    address_space_map(&address_space_memory, &rom, 0x20000, 0);
    tcg_exec_init(64 * 1024, false);
    cpu_common_init(cpu, &toy_ops_table, &address_space_memory);
}

/* ---- memory accesses from helpers ---- */

static void test_ldst_ram(void)
{
    cpu_stl_le_mmuidx_ra(env, 0x100, 0x80402010, 0, 0);
    CHECK(ram.ram[0x100] == 0x10 && ram.ram[0x103] == 0x80);
    CHECK(cpu_ldl_be_mmuidx_ra(env, 0x100, 0, 0) == 0x10204080);
    CHECK(cpu_lduw_le_mmuidx_ra(env, 0x102, 0, 0) == 0x8040);
    CHECK(helper_ld_mmu(env, 0x102, make_memop_idx(MO_LESW, 0), 0) ==
          (uint64_t)(int64_t)(int16_t)0x8040);
    CHECK(helper_ld_mmu(env, 0x103, make_memop_idx(MO_SB, 0), 0) ==
          (uint64_t)(int64_t)(int8_t)0x80);
    /* across a page boundary */
    cpu_stq_le_mmuidx_ra(env, 0xffd, 0x0807060504030201ull, 0, 0);
    CHECK(ram.ram[0xffd] == 1 && ram.ram[0x1000] == 4 && ram.ram[0x1004] == 8);
    CHECK(cpu_ldq_be_mmuidx_ra(env, 0xffd, 0, 0) == 0x0102030405060708ull);
    CHECK(helper_ld_mmu(env, 0xfff, make_memop_idx(MO_LEUL, 0), 0) == 0x06050403);
}

static void test_ldst_io(void)
{
    dev_reads = dev_writes = 0;
    /* the device takes bytes only: a 4-byte read is four calls */
    CHECK(helper_ld_mmu(env, 0x10010, make_memop_idx(MO_LEUL, 0), 0x1234) == 0x93929190);
    CHECK(dev_reads == 4 && dev_io_pc == 0x1234);
    cpu_stb_mmuidx_ra(env, 0x10000, 0x5a, 0, 0);
    CHECK(dev_writes == 1 && dev_last_write == 0x5a);
    /* ROM: reads fast, writes dropped; holes read as all ones */
    rom.ram[4] = 0x42;
    CHECK(cpu_ldub_mmuidx_ra(env, 0x20004, 0, 0) == 0x42);
    cpu_stb_mmuidx_ra(env, 0x20004, 0x99, 0, 0);
    CHECK(rom.ram[4] == 0x42);
    CHECK(cpu_ldl_le_mmuidx_ra(env, 0x18000, 0, 0) == 0xffffffff);
    /* a page that crosses from RAM into the device */
    CHECK(cpu_lduw_le_mmuidx_ra(env, 0xffff, 0, 0) == 0x8000 + ram.ram[0xffff]);
}

static void test_fault(void)
{
    volatile int stage = 0;

    cpu->exception_index = -1;
    if (sigsetjmp(cpu->jmp_env, 0) == 0) {
        stage = 1;
        /* second page faults: nothing may be written to the first */
        ram.ram[0xfffe] = 0;
        cpu_stl_le_mmuidx_ra(env, 0x3fffe, 0x11111111, 0, 0);
        stage = 2;
    }
    CHECK(stage == 1 && ram.ram[0xfffe] == 0);
    CHECK(cpu->exception_index == 14 && env->fault_addr == 0x40000);
    cpu->exception_index = -1;
}

static CPUTLBEntry *entry(vaddr addr)
{
    return &cpu->tlb.table[0][(addr >> TARGET_PAGE_BITS) & (CPU_TLB_SIZE - 1)];
}

static void test_large_page_flush(void)
{
    tlb_set_large_page(cpu, 0x400000, 0x0, PAGE_READ, 0, 0x400000);
    tlb_set_large_page(cpu, 0x402000, 0x2000, PAGE_READ, 0, 0x400000);
    CHECK(entry(0x400000)->addr_read == 0x400000);
    /* a page of the large page not in the TLB: the others go too */
    tlb_flush_page(cpu, 0x401000);
    CHECK(entry(0x400000)->addr_read == (uint64_t)-1);
    CHECK(entry(0x402000)->addr_read == (uint64_t)-1);
    tlb_set_page(cpu, 0x800000, 0, PAGE_READ, 0);
    tlb_set_page(cpu, 0x802000, 0, PAGE_READ, 0);
    tlb_flush_page(cpu, 0x801000);
    CHECK(entry(0x800000)->addr_read == 0x800000);
    tlb_flush_page(cpu, 0x802000);
    CHECK(entry(0x802000)->addr_read == (uint64_t)-1);
    CHECK(entry(0x800000)->addr_read == 0x800000);
    tlb_flush(cpu);
    CHECK(entry(0x800000)->addr_read == (uint64_t)-1);
}

/* ---- translation and execution ---- */

static void test_search_data(void)
{
    static const uint8_t prog[] = { OP_INC, OP_INC, OP_INC, OP_JNEXT };
    load(0x3000, prog, sizeof(prog));
    TranslationBlock *tb = tb_gen_code(cpu, 0x3000, 0, 0, 0);
    CHECK(tb->icount == 4 && tb->size == 4 && tb_page_has_code(0x3000));
    CHECK(tb_lookup(cpu, 0x3000, 0, 0) == tb);
    for (int i = 0; i < 4; i++) {
        env->pc = 0;
        CHECK(cpu_restore_state(cpu, (uintptr_t)tb->tc_ptr + sizeof(ToyCodeHeader) +
                                i * SLOT + 9));
        CHECK(env->pc == 0x3000 + i);
    }
    CHECK(!cpu_restore_state(cpu, 0));
    CHECK(!cpu_restore_state(cpu, (uintptr_t)tcg_ctx->epilogue + 1));
    /* the TLB now sends writes to this page to the slow path */
    CHECK(cpu->tlb.table[0][3].addr_write & TLB_NOTDIRTY);
    cpu_stb_mmuidx_ra(env, 0x3100, 1, 0, 0);     /* same page, no code there */
    CHECK(tb_lookup(cpu, 0x3000, 0, 0) == tb);
    cpu_stb_mmuidx_ra(env, 0x3001, OP_INC, 0, 0);
    CHECK(tb->invalid && tb_lookup(cpu, 0x3000, 0, 0) == NULL);
    CHECK(!tb_page_has_code(0x3000));
    CHECK(!(cpu->tlb.table[0][3].addr_write & TLB_NOTDIRTY));
}

static void test_loop_and_chain(void)
{
    static const uint8_t prog[] = { OP_HLTCHK, OP_INC, OP_JSTART };
    load(0x1000, prog, sizeof(prog));
    env->pc = 0x1000;
    env->r0 = 0;
    env->r2 = 1000;
    exits_to_loop = 0;
    translations = 0;
    CHECK(cpu_exec(cpu) == EXCP_HLT);
    CHECK(env->r0 == 1000 && env->pc == 0x1001 && cpu->halted);
    /* one exit through the unpatched jump, then it ran chained to itself */
    CHECK(translations == 1 && exits_to_loop == 1);
    /* halted without work: does not run */
    CHECK(cpu_exec(cpu) == EXCP_HLT);
    cpu_interrupt(cpu, CPU_INTERRUPT_HARD);
    env->pc = 0x1000;
    env->r2 = 1005;
    CHECK(cpu_exec(cpu) == EXCP_HLT);
    CHECK(interrupts_taken == 1 && env->r0 == 1005 && cpu->exit_request == 0);
}

static void test_exit_request(void)
{
    static const uint8_t prog[] = { OP_INC, OP_JIND };
    load(0x4000, prog, sizeof(prog));
    env->pc = 0x4000;
    env->r0 = 0;
    cpu->halted = false;
    cpu_exit(cpu);
    CHECK(cpu_exec(cpu) == EXCP_INTERRUPT);
    CHECK(cpu->exit_request == 0 && env->r0 == 0 && env->pc == 0x4000);
}

static void test_indirect(void)
{
    /* 0x4000: INC; JIND -> 0x4002: HLTCHK */
    static const uint8_t prog[] = { OP_INC, OP_JIND, OP_HLTCHK };
    load(0x4000, prog, sizeof(prog));
    env->pc = 0x4000;
    env->r0 = 0;
    env->r2 = 1;
    CHECK(cpu_exec(cpu) == EXCP_HLT);
    CHECK(env->r0 == 1 && env->pc == 0x4003);
}

static void test_self_modifying(void)
{
    /* the store turns the HLTCHK right after it into an INC */
    static const uint8_t prog[] = { OP_ST, OP_HLTCHK, OP_INC, OP_HLTCHK };
    load(0x2000, prog, sizeof(prog));
    env->pc = 0x2000;
    env->r0 = OP_INC;
    env->r1 = 0x2001;
    env->r2 = OP_INC + 1;
    cpu->halted = false;
    CHECK(cpu_exec(cpu) == EXCP_HLT);
    CHECK(ram.ram[0x2001] == OP_INC);
    CHECK(env->r0 == OP_INC + 2 && env->pc == 0x2004);
}

static void test_exception_in_tb(void)
{
    /* 0x5000: the do_interrupt handler halts at once */
    static const uint8_t handler[] = { OP_HLTCHK };
    static const uint8_t prog[] = { OP_INC, OP_LD, OP_INC, OP_JNEXT };
    load(0x5000, handler, sizeof(handler));
    load(0x6000, prog, sizeof(prog));
    env->pc = 0x6000;
    env->r1 = 0x40000;
    env->r0 = 0;
    env->r2 = 100;
    cpu->halted = false;
    exceptions_delivered = 0;
    CHECK(cpu_exec(cpu) == EXCP_HLT);
    CHECK(exceptions_delivered == 1 && env->fault_addr == 0x40000);
    CHECK(env->r0 == 1 && env->pc == 0x5001);
}

static void test_flush_when_full(void)
{
    uint8_t prog[64];
    uint32_t flushes = tb_flush_count;

    memset(prog, OP_INC, sizeof(prog));
    prog[63] = OP_JNEXT;
    for (int i = 0; i < 64; i++) {
        load(0x8000 + i * 64, prog, sizeof(prog));
    }
    /* 64 KiB of cache, about 1 KiB per TB here: it fills up */
    for (int round = 0; round < 2; round++) {
        for (int i = 0; i < 64; i++) {
            vaddr pc = 0x8000 + i * 64;
            TranslationBlock *tb = tb_lookup(cpu, pc, 0, 0);
            if (!tb) {
                tb = tb_gen_code(cpu, pc, 0, 0, 0);
            }
            CHECK(tb->pc == pc && !tb->invalid);
            CHECK(tb_lookup(cpu, pc, 0, 0) == tb);
            uintptr_t ra = (uintptr_t)tb->tc_ptr + sizeof(ToyCodeHeader) + 5 * SLOT + 9;
            CHECK(tb_find_by_retaddr(ra) == tb);
        }
    }
    CHECK(tb_flush_count > flushes);
}

static void test_dma_invalidates(void)
{
    static const uint8_t prog[] = { OP_INC, OP_JNEXT };
    load(0x7000, prog, sizeof(prog));
    TranslationBlock *tb = tb_gen_code(cpu, 0x7000, 0, 0, 0);
    CHECK(tb_lookup(cpu, 0x7000, 0, 0) == tb);
    load(0x7001, prog, 1);
    CHECK(tb->invalid && tb_lookup(cpu, 0x7000, 0, 0) == NULL);
}

/* CPU stores into a dirty-logged region: the first per page is seen, then fast */
static void test_dirty_log_stores(void)
{
    memory_region_set_dirty_log(&ram, true);
    memory_region_reset_dirty(&ram, 0, ram.size);
    CHECK(!memory_region_get_dirty(&ram, 0x3000, 0x1000));
    cpu_stl_le_mmuidx_ra(env, 0x3010, 1, 0, 0);
    CHECK(memory_region_get_dirty(&ram, 0x3000, 0x1000));
    CHECK(!memory_region_get_dirty(&ram, 0x4000, 0x1000));
    /* the page is marked: its entry takes the fast path again */
    CHECK(!(tlb_entry(cpu, 0, 0x3010)->addr_write & TLB_NOTDIRTY));
    /* a reset re-arms the entry, and the next store is seen again */
    memory_region_reset_dirty(&ram, 0x3000, 0x1000);
    CHECK(tlb_entry(cpu, 0, 0x3010)->addr_write & TLB_NOTDIRTY);
    CHECK(!memory_region_get_dirty(&ram, 0x3000, 0x1000));
    cpu_stb_mmuidx_ra(env, 0x3fff, 2, 0, 0);
    CHECK(memory_region_get_dirty(&ram, 0x3000, 0x1000) && ram.ram[0x3fff] == 2);
    memory_region_set_dirty_log(&ram, false);
    CHECK(memory_region_get_dirty(&ram, 0x4000, 1));
}

static void test_unchain_on_invalidate(void)
{
    static const uint8_t a[] = { OP_INC, OP_JNEXT };
    static const uint8_t b[] = { OP_INC, OP_JIND };
    load(0x9000, a, sizeof(a));
    load(0x9002, b, sizeof(b));
    TranslationBlock *ta = tb_gen_code(cpu, 0x9000, 0, 0, 0);
    TranslationBlock *tb = tb_gen_code(cpu, 0x9002, 0, 0, 0);
    tb_add_jump(ta, 0, tb);
    uintptr_t dest;
    memcpy(&dest, ta->tc_ptr + ta->jmp_insn_offset[0], 8);
    CHECK(dest == (uintptr_t)tb->tc_ptr && ta->jmp_dest[0] == (uintptr_t)tb);
    tb_phys_invalidate(tb);
    memcpy(&dest, ta->tc_ptr + ta->jmp_insn_offset[0], 8);
    CHECK(dest == (uintptr_t)ta->tc_ptr + ta->jmp_reset_offset[0]);
    CHECK(ta->jmp_dest[0] == 1 && tb->jmp_list_head == 0);
    /* and the other way: invalidating the source forgets its outgoing jump */
    TranslationBlock *tb2 = tb_gen_code(cpu, 0x9002, 0, 0, 0);
    tb_add_jump(ta, 0, tb2);
    CHECK(tb2->jmp_list_head == (uintptr_t)ta);
    tb_phys_invalidate(ta);
    CHECK(tb2->jmp_list_head == 0);
}

const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "detect_leaks=0";
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    setup();
    run_test("exec/ldst-ram", test_ldst_ram);
    run_test("exec/ldst-io-rom-holes", test_ldst_io);
    run_test("exec/fault-cross-page", test_fault);
    run_test("exec/large-page-flush", test_large_page_flush);
    run_test("exec/search-data-and-notdirty", test_search_data);
    run_test("exec/loop-chain-halt-interrupt", test_loop_and_chain);
    run_test("exec/exit-request", test_exit_request);
    run_test("exec/indirect-jump", test_indirect);
    run_test("exec/self-modifying-code", test_self_modifying);
    run_test("exec/exception-in-tb", test_exception_in_tb);
    run_test("exec/flush-when-full", test_flush_when_full);
    run_test("exec/dma-invalidates", test_dma_invalidates);
    run_test("exec/unchain-on-invalidate", test_unchain_on_invalidate);
    run_test("exec/dirty-log-stores", test_dirty_log_stores);
    return failures ? 1 : 0;
}
