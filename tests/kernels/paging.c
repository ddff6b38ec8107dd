/* Paging: 4 KiB pages, 4 MiB PSE pages, PAE (2 MiB pages, NX), the #PF
 * error code bits and CR2, CR0.WP, accessed/dirty bits, invlpg. */
#include "ktest.h"

const char *kernel_name = "paging";

#define TEST_VA 0x40000000u             /* outside the identity map */
static uint8_t frames[4][4096] __attribute__((aligned(4096)));
static volatile uint32_t sink;

static uint32_t rd(uint32_t va) { return *(volatile uint32_t *)va; }
static void wr(uint32_t va, uint32_t v) { *(volatile uint32_t *)va = v; }

void user_read_test_va(void);
void user_write_test_va(void);
__asm__(".text\n"
        "user_read_test_va: mov 0x40000010, %eax\n int $0x80\n"
        "user_write_test_va: movl $1, 0x40000010\n int $0x80\n");

static void test_4k(void)
{
    uint32_t *pd = paging_build_identity_4k(16, PTE_P | PTE_W | PTE_U);
    uint32_t *pte = pte_of(pd, TEST_VA);
    paging_enable(pd);

    EXPECT_EXC("pf-read-not-present", 14, 0, sink = rd(TEST_VA + 0x123));
    check_eq("pf-read-not-present-cr2", last_exc.cr2, TEST_VA + 0x123);
    EXPECT_EXC("pf-write-not-present", 14, 2, wr(TEST_VA + 0xffc, 1));
    check_eq("pf-write-not-present-cr2", last_exc.cr2, TEST_VA + 0xffc);

    *pte = (uint32_t)frames[0] | PTE_P;     /* supervisor, read-only */
    invlpg(TEST_VA);
    frames[0][0x10] = 0x5a;
    EXPECT_NO_EXC("read-mapped", sink = rd(TEST_VA + 0x10));
    check_eq("read-mapped-value", sink & 0xff, 0x5a);
    check("accessed-bit", *pte & PTE_A, "pte %x", *pte);
    check("not-dirty-after-read", !(*pte & PTE_D), "pte %x", *pte);

    /* CR0.WP = 0: ring 0 writes through read-only pages */
    write_cr0(read_cr0() & ~0x10000u);
    EXPECT_NO_EXC("wp0-supervisor-write", wr(TEST_VA + 0x20, 0x1234));
    check("dirty-bit", *pte & PTE_D, "pte %x", *pte);
    write_cr0(read_cr0() | 0x10000u);
    EXPECT_EXC("wp1-supervisor-write", 14, 3, wr(TEST_VA + 0x24, 1));
    check_eq("wp1-supervisor-write-cr2", last_exc.cr2, TEST_VA + 0x24);

    /* user accesses */
    EXPECT_EXC("user-read-supervisor", 14, 5, run_user(user_read_test_va, 0));
    check_eq("user-read-supervisor-cr2", last_exc.cr2, TEST_VA + 0x10);
    *pte = (uint32_t)frames[0] | PTE_P | PTE_U;
    invlpg(TEST_VA);
    EXPECT_NO_EXC("user-read-user", run_user(user_read_test_va, 0));
    EXPECT_EXC("user-write-readonly", 14, 7, run_user(user_write_test_va, 0));
    /* the page directory entry's U bit counts too */
    uint32_t pde = pd[TEST_VA >> 22];
    pd[TEST_VA >> 22] = pde & ~PTE_U;
    invlpg(TEST_VA);
    EXPECT_EXC("user-read-supervisor-pde", 14, 5, run_user(user_read_test_va, 0));
    pd[TEST_VA >> 22] = pde;
    *pte = 0;
    invlpg(TEST_VA);
    EXPECT_EXC("user-read-not-present", 14, 4, run_user(user_read_test_va, 0));

    /* remapping is seen after invlpg; aliases share the frame */
    *pte = (uint32_t)frames[1] | PTE_P | PTE_W;
    *pte_of(pd, TEST_VA + 0x1000) = (uint32_t)frames[1] | PTE_P | PTE_W;
    invlpg(TEST_VA);
    invlpg(TEST_VA + 0x1000);
    wr(TEST_VA + 0x40, 0xcafef00d);
    check_eq("alias-read", rd(TEST_VA + 0x1040), 0xcafef00d);
    check_eq("alias-frame", *(uint32_t *)&frames[1][0x40], 0xcafef00d);
    /* an unaligned dword across into a not-present page: CR2 = first byte
     * of the missing page */
    *pte_of(pd, TEST_VA + 0x2000) = 0;
    invlpg(TEST_VA + 0x2000);
    EXPECT_EXC("pf-straddle", 14, 0, sink = rd(TEST_VA + 0x1ffe));
    check_eq("pf-straddle-cr2", last_exc.cr2, TEST_VA + 0x2000);

    /* 4 MiB PSE page at 0x80000000 onto physical 0 */
    write_cr4(read_cr4() | 0x10);
    pd[0x80000000u >> 22] = 0 | PTE_P | PTE_W | PTE_PS;
    invlpg(0x80000000u);
    check_eq("pse-4m-read", rd(0x80000000u + (uint32_t)&frames[1][0x40]), 0xcafef00d);
    wr(0x80000000u + (uint32_t)&frames[2][0], 0x600d600d);
    check_eq("pse-4m-write", *(volatile uint32_t *)&frames[2][0], 0x600d600d);
    pd[0x80000000u >> 22] = 0;
    invlpg(0x80000000u);
    EXPECT_EXC("pse-4m-unmapped", 14, 0, sink = rd(0x80000000u + 0x1000));
    paging_disable();
}

/* PAE: 4 PDPTEs, 2 MiB identity pages for the first 16 MiB, one 4K
 * table for TEST_VA. */
static uint64_t pdpt[4] __attribute__((aligned(32)));

static bool have_nx(void)
{
    uint32_t a, b, c, d;
    cpuid(0x80000000, &a, &b, &c, &d);
    if (a < 0x80000001)
        return false;
    cpuid(0x80000001, &a, &b, &c, &d);
    return d & (1u << 20);
}

static void test_pae(void)
{
    uint64_t *pd0 = page_alloc(), *pd1 = page_alloc(), *pt = page_alloc();
    for (int i = 0; i < 8; i++)
        pd0[i] = ((uint64_t)i << 21) | PTE_P | PTE_W | PTE_U | PTE_PS;
    pdpt[0] = (uint32_t)pd0 | PTE_P;
    pdpt[1] = (uint32_t)pd1 | PTE_P;            /* 0x40000000.. */
    pd1[0] = (uint32_t)pt | PTE_P | PTE_W | PTE_U;
    pt[0] = (uint32_t)frames[3] | PTE_P | PTE_W;
    pt[1] = (uint32_t)frames[3] | PTE_P | PTE_W;
    pt[2] = (uint32_t)frames[3] | PTE_P | PTE_W | (1ull << 50);  /* reserved */
    write_cr4(read_cr4() | 0x20);
    write_cr3((uint32_t)pdpt);
    write_cr0(read_cr0() | 0x80000000u);

    frames[3][0] = 0xc3;                        /* ret */
    *(volatile uint32_t *)&frames[3][8] = 0x11223344;
    check_eq("pae-read", rd(TEST_VA + 8), 0x11223344);
    check("pae-accessed-bit", pt[0] & PTE_A, "pte %x", (uint32_t)pt[0]);
    EXPECT_EXC("pae-reserved-bit", 14, 9, sink = rd(TEST_VA + 0x2000));
    check_eq("pae-reserved-bit-cr2", last_exc.cr2, TEST_VA + 0x2000);
    EXPECT_EXC("pae-not-present", 14, 0, sink = rd(TEST_VA + 0x3000));

    /* run-tests.sh runs this kernel with a CPU model that has NX */
    if (check("pae-nx-cpuid", have_nx(), "the CPU model has no NX (CPUID 80000001h EDX bit 20)")) {
        wrmsr(0xc0000080, rdmsr(0xc0000080) | (1 << 11));   /* EFER.NXE */
        EXPECT_NO_EXC("pae-exec-allowed", ((void (*)(void))TEST_VA)());
        pt[1] |= PTE_NX;
        invlpg(TEST_VA + 0x1000);
        EXPECT_EXC("pae-nx-fetch", 14, 0x11, ((void (*)(void))(TEST_VA + 0x1000))());
        check_eq("pae-nx-fetch-cr2", last_exc.cr2, TEST_VA + 0x1000);
        check_eq("pae-nx-fetch-eip", last_exc.eip, TEST_VA + 0x1000);
        check_eq("pae-nx-data-read", rd(TEST_VA + 0x1008), 0x11223344);
        /* with NXE, a not-present fetch reports I/D too */
        EXPECT_EXC("pae-fetch-not-present", 14, 0x10, ((void (*)(void))(TEST_VA + 0x3000))());
        wrmsr(0xc0000080, rdmsr(0xc0000080) & ~(1ull << 11));
        /* without NXE, bit 63 is reserved */
        invlpg(TEST_VA + 0x1000);
        EXPECT_EXC("pae-nx-reserved-without-nxe", 14, 9, sink = rd(TEST_VA + 0x1000));
    }
    paging_disable();
    write_cr4(read_cr4() & ~0x20u);
}

void test_main(void)
{
    test_4k();
    test_pae();
}
