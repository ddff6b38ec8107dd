/* The IR tests' fake CPU, guest memory, slow-path helpers and contexts. */
#include "test-env.h"

const char *const test_mode_names[NB_MODES] = { "native", "tci", "tci-raw" };

TestCPU test_cpu;
uint8_t test_mem[TEST_MEM_SIZE];
unsigned test_slow_loads, test_slow_stores;
uintptr_t test_last_retaddr;
TCGv_i64 test_g64[TEST_NB_GLOBALS / 2];
TCGv_i32 test_g32[TEST_NB_GLOBALS / 2];

static TCGContext *contexts[NB_MODES];
static TCGv_i64 mode_g64[NB_MODES][TEST_NB_GLOBALS / 2];
static TCGv_i32 mode_g32[NB_MODES][TEST_NB_GLOBALS / 2];

/*
 * 32-bit pages (the last one ends at 4 GiB) and 64-bit pages, at distinct
 * TLB indexes.
 */
const uint64_t test_pages[TEST_NB_PAGES] = {
    0x10000, 0x11000, 0x12000, 0x13000, 0xfffff000,
    0x7fff12340000ull, 0x7fff12341000ull, 0x7fff12342000ull, 0xffffffffffffe000ull,
};
const bool test_page_is32[TEST_NB_PAGES] = { 1, 1, 1, 1, 1, 0, 0, 0, 0 };

static const char *const global_names[TEST_NB_GLOBALS] = {
    "q0", "q1", "q2", "q3", "q4", "q5", "q6", "q7",
    "l0", "l1", "l2", "l3", "l4", "l5", "l6", "l7",
};

void test_env_init(void)
{
    for (int m = 0; m < NB_MODES; m++) {
        tcg_context_init(1 << 22, m != MODE_NATIVE);
        contexts[m] = tcg_ctx;
        contexts[m]->no_optimize = m == MODE_TCI_RAW;
        tcg_set_env_layout((intptr_t)offsetof(TestCPU, tlb) - (intptr_t)offsetof(TestCPU, env),
                           TEST_TLB_BITS, TARGET_PAGE_BITS, 0);
        for (int i = 0; i < TEST_NB_GLOBALS / 2; i++) {
            mode_g64[m][i] = tcg_global_mem_new_i64(cpu_env, offsetof(TestEnv, g[i]),
                                                    global_names[i]);
            mode_g32[m][i] = tcg_global_mem_new_i32(cpu_env, offsetof(TestEnv, g[8 + i]),
                                                    global_names[8 + i]);
        }
    }
}

void test_select_mode(TestMode mode)
{
    tcg_context_switch(contexts[mode]);
    memcpy(test_g64, mode_g64[mode], sizeof(test_g64));
    memcpy(test_g32, mode_g32[mode], sizeof(test_g32));
}

/* Map about two thirds of the pages, some of them read-only, per MMU mode. */
void test_tlb_fill(uint64_t seed)
{
    memset(test_cpu.tlb, 0xff, sizeof(test_cpu.tlb));
    for (int mmu = 0; mmu < TEST_NB_MMU; mmu++) {
        for (int p = 0; p < TEST_NB_PAGES; p++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            unsigned pick = seed >> 60;
            if (pick < 5) {
                continue;
            }
            uint64_t page = test_pages[p];
            CPUTLBEntry *e = &test_cpu.tlb[mmu][(page >> TARGET_PAGE_BITS)
                                                & ((1 << TEST_TLB_BITS) - 1)];
            e->addr_read = page;
            e->addr_write = pick < 8 ? (uint64_t)-1 : page;
            e->addend = (uintptr_t)test_mem + (page % TEST_MEM_SIZE) - page;
        }
    }
}

/* ---- the slow paths generated code calls ---- */

static uint8_t *mem_byte(uint64_t addr)
{
    return &test_mem[addr % TEST_MEM_SIZE];
}

uint64_t helper_ld_mmu(void *env, uint64_t addr, uint32_t oi, uintptr_t retaddr)
{
    MemOp mop = get_memop(oi);
    int size = 1 << (mop & MO_SIZE);
    uint64_t v = 0;

    test_slow_loads++;
    test_last_retaddr = retaddr;
    for (int i = 0; i < size; i++) {
        int shift = (mop & MO_BSWAP) ? (size - 1 - i) * 8 : i * 8;
        v |= (uint64_t)*mem_byte(addr + i) << shift;
    }
    if ((mop & MO_SIGN) && size < 8) {
        v = (uint64_t)((int64_t)(v << (64 - size * 8)) >> (64 - size * 8));
    }
    return v;
}

void helper_st_mmu(void *env, uint64_t addr, uint64_t val, uint32_t oi, uintptr_t retaddr)
{
    MemOp mop = get_memop(oi);
    int size = 1 << (mop & MO_SIZE);

    test_slow_stores++;
    test_last_retaddr = retaddr;
    for (int i = 0; i < size; i++) {
        int shift = (mop & MO_BSWAP) ? (size - 1 - i) * 8 : i * 8;
        *mem_byte(addr + i) = (uint8_t)(val >> shift);
    }
}

/* ---- compiling and running ---- */

const void *test_compile(size_t *size)
{
    int n = tcg_gen_code();
    if (n < 0) {
        return NULL;
    }
    *size = n;
    return tcg_ctx->code_gen_ptr;
}

uintptr_t test_run(const void *code)
{
    return tcg_qemu_tb_exec(&test_cpu.env, code);
}
