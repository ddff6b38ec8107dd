/* Two-level (non-PAE) page-table builders for the test kernels. PAE
 * tables are built by the kernels that use them, from page_alloc(). */
#include "ktest.h"

#define POOL_PAGES 64
static uint8_t pool[POOL_PAGES][4096] __attribute__((aligned(4096)));
static unsigned pool_used;

void *page_alloc(void)
{
    if (pool_used == POOL_PAGES) {
        fail("page-pool", "out of page-table pages");
        ktest_exit();
    }
    void *p = pool[pool_used++];
    memset(p, 0, 4096);
    return p;
}

uint32_t *pte_of(uint32_t *pd, uint32_t va)
{
    uint32_t *pde = &pd[va >> 22];
    if (!(*pde & PTE_P))
        *pde = (uint32_t)page_alloc() | PTE_P | PTE_W | PTE_U;
    uint32_t *pt = (uint32_t *)(*pde & ~0xfffu);
    return &pt[(va >> 12) & 0x3ff];
}

uint32_t *paging_build_identity_4k(uint32_t mib, uint32_t flags)
{
    uint32_t *pd = page_alloc();
    for (uint32_t va = 0; va < mib << 20; va += 4096)
        *pte_of(pd, va) = va | flags;
    return pd;
}

void paging_enable(uint32_t *pd)
{
    write_cr3((uint32_t)pd);
    write_cr0(read_cr0() | 0x80000000u);
}

void paging_disable(void)
{
    write_cr0(read_cr0() & ~0x80000000u);
}
