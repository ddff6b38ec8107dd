/* The softmmu TLB's indexing, shared by its management and its access paths. */
#ifndef SOFTMMU_CPUTLB_INTERNAL_H
#define SOFTMMU_CPUTLB_INTERNAL_H

#include "exec/cpu-common.h"

static inline unsigned tlb_index(vaddr addr)
{
    return (addr >> TARGET_PAGE_BITS) & (CPU_TLB_SIZE - 1);
}

static inline CPUTLBEntry *tlb_entry(CPUState *cpu, int mmu_idx, vaddr addr)
{
    return &cpu->tlb.table[mmu_idx][tlb_index(addr)];
}

static inline CPUTLBEntryFull *tlb_full(CPUState *cpu, int mmu_idx, vaddr addr)
{
    return &cpu->tlb.full[mmu_idx][tlb_index(addr)];
}

/* Does comparator tag map the page of addr (whatever its slow-path flags)? */
static inline bool tlb_hit(uint64_t tag, vaddr addr)
{
    return (tag & (TARGET_PAGE_MASK | TLB_INVALID_MASK)) == (addr & TARGET_PAGE_MASK);
}

static inline uint64_t tlb_tag(const CPUTLBEntry *e, MMUAccessType access)
{
    return access == MMU_DATA_LOAD ? e->addr_read
         : access == MMU_DATA_STORE ? e->addr_write : e->addr_code;
}

static inline vaddr page_offset(vaddr addr)
{
    return addr & ~TARGET_PAGE_MASK;
}

#endif
