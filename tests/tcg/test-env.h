/*
 * The world the IR tests run in: a fake CPU state (globals, a scratch area
 * for host ld/st, a softmmu TLB at a negative offset from env), a small
 * guest memory behind it, and one TCG context per way of running code.
 */
#ifndef TESTS_TCG_TEST_ENV_H
#define TESTS_TCG_TEST_ENV_H

#include "qemu/osdep.h"
#include "tcg/tcg-op.h"
#include "exec/cpu-common.h"

#define TEST_NB_GLOBALS 16      /* [0, 8) are i64 globals, [8, 16) i32 */
#define TEST_NB_SCRATCH 16
#define TEST_TLB_BITS   6
#define TEST_NB_MMU     2
#define TEST_MEM_SIZE   0x8000  /* guest address a maps to mem[a % size] */

typedef struct TestEnv {
    uint64_t g[TEST_NB_GLOBALS];
    uint64_t scratch[TEST_NB_SCRATCH];
} TestEnv;

typedef struct TestCPU {
    CPUTLBEntry tlb[TEST_NB_MMU][1 << TEST_TLB_BITS];
    TestEnv env;
} TestCPU;

/* Ways of running an op list. */
typedef enum TestMode {
    MODE_NATIVE,       /* optimised, x86-64 code */
    MODE_TCI,          /* optimised, interpreted */
    MODE_TCI_RAW,      /* interpreted exactly as built: the reference */
    NB_MODES,
} TestMode;
extern const char *const test_mode_names[NB_MODES];

extern TestCPU test_cpu;
extern uint8_t test_mem[TEST_MEM_SIZE];
extern unsigned test_slow_loads, test_slow_stores;
extern uintptr_t test_last_retaddr;   /* of the latest slow-path call */

/* Globals of the current context: i64 ones g64[i] = g[i], i32 ones g32[i] = g[8 + i]. */
extern TCGv_i64 test_g64[TEST_NB_GLOBALS / 2];
extern TCGv_i32 test_g32[TEST_NB_GLOBALS / 2];

void test_env_init(void);
void test_select_mode(TestMode mode);

/* Guest pages the tests use, and whether the TLB maps them. */
#define TEST_NB_PAGES 9
extern const uint64_t test_pages[TEST_NB_PAGES];
extern const bool test_page_is32[TEST_NB_PAGES];
void test_tlb_fill(uint64_t seed);

/* Compile the ops built since tcg_func_start(); returns the code or NULL. */
const void *test_compile(size_t *size);
uintptr_t test_run(const void *code);

#endif
