/*
 * The softmmu TLB: filling entries from the target's page walk, flushing
 * them, and write-protecting pages that hold translated code.
 *
 * An entry's comparators carry flags below the page bits that send an
 * access to the slow path (softmmu/ldst.c): TLB_MMIO when the page is not
 * entirely plain RAM for that access (devices, ROM writes, holes, regions
 * smaller than a page), TLB_NOTDIRTY on writes to pages with code. The
 * addend is set only when the whole page lies inside one RAM or ROM
 * region, so generated code can never reach host memory outside it.
 */
#include "qemu/osdep.h"
#include "exec/cpu-common.h"
#include "exec/memory.h"
#include "accel/internal.h"
#include "softmmu/cputlb-internal.h"
#include "softmmu/memory-internal.h"

static void tlb_flush_mode(CPUTLB *tlb, int mmu_idx)
{
    memset(tlb->table[mmu_idx], 0xff, sizeof(tlb->table[mmu_idx]));
    tlb->large_page_addr[mmu_idx] = -1;
    tlb->large_page_mask[mmu_idx] = 0;
}

void tlb_init(CPUState *cpu)
{
    for (int i = 0; i < NB_MMU_MODES_MAX; i++) {
        tlb_flush_mode(&cpu->tlb, i);
    }
    cpu->tlb.used_mmu_mask = 0;
}

void tlb_flush(CPUState *cpu)
{
    CPUTLB *tlb = &cpu->tlb;

    tlb->flush_gen++;
    for (int i = 0; i < NB_MMU_MODES_MAX; i++) {
        if (tlb->used_mmu_mask & (1u << i)) {
            tlb_flush_mode(tlb, i);
        }
    }
    tlb->used_mmu_mask = 0;
}

void tlb_flush_all(void)
{
    CPUState *cpu;

    CPU_FOREACH(cpu) {
        tlb_flush(cpu);
    }
}

static bool tlb_entry_maps_page(const CPUTLBEntry *e, vaddr page)
{
    return tlb_hit(e->addr_read, page) || tlb_hit(e->addr_write, page) ||
           tlb_hit(e->addr_code, page);
}

void tlb_flush_page(CPUState *cpu, vaddr addr)
{
    CPUTLB *tlb = &cpu->tlb;
    vaddr page = addr & TARGET_PAGE_MASK;

    tlb->flush_gen++;
    for (int i = 0; i < NB_MMU_MODES_MAX; i++) {
        if (!(tlb->used_mmu_mask & (1u << i))) {
            continue;
        }
        if ((page & tlb->large_page_mask[i]) == tlb->large_page_addr[i]) {
            /* its 4 KiB pieces may sit anywhere in the table */
            tlb_flush_mode(tlb, i);
            continue;
        }
        CPUTLBEntry *e = tlb_entry(cpu, i, page);
        if (tlb_entry_maps_page(e, page)) {
            memset(e, 0xff, sizeof(*e));
        }
    }
}

void tlb_set_page(CPUState *cpu, vaddr addr, hwaddr paddr, int prot, int mmu_idx)
{
    vaddr page = addr & TARGET_PAGE_MASK;
    hwaddr ppage = paddr & TARGET_PAGE_MASK;
    CPUTLBEntry *e = tlb_entry(cpu, mmu_idx, page);
    CPUTLBEntryFull *full = tlb_full(cpu, mmu_idx, page);
    hwaddr offset, len;
    MemoryRegion *mr = address_space_translate(cpu->as, ppage, &offset, &len);
    bool whole_page = mr && len >= TARGET_PAGE_SIZE;
    uint64_t read_flags = TLB_MMIO, write_flags = TLB_MMIO, code_flags = TLB_MMIO;

    cpu->tlb.used_mmu_mask |= 1u << mmu_idx;
    full->phys_addr = ppage;
    full->mr = whole_page ? mr : NULL;     /* NULL: look up each access */
    full->mr_offset = offset;
    e->addend = 0;
    if (whole_page && !mr->ops) {
        e->addend = (uintptr_t)(mr->ram + offset) - page;
        read_flags = code_flags = 0;
        if (!mr->readonly) {
            /* code to invalidate, or a logged page to mark on the first store */
            write_flags = tb_page_has_code(ppage) || !memory_region_page_dirty(mr, offset)
                          ? TLB_NOTDIRTY : 0;
        }
    }
    e->addr_read = (prot & PAGE_READ) ? page | read_flags : (uint64_t)-1;
    e->addr_write = (prot & PAGE_WRITE) ? page | write_flags : (uint64_t)-1;
    e->addr_code = (prot & PAGE_EXEC) ? page | code_flags : (uint64_t)-1;
}

void tlb_set_large_page(CPUState *cpu, vaddr addr, hwaddr paddr, int prot,
                        int mmu_idx, vaddr size)
{
    CPUTLB *tlb = &cpu->tlb;
    vaddr mask = ~(size - 1);

    /* one span per mode: grow it until it covers the old and the new page */
    if (tlb->large_page_addr[mmu_idx] != (vaddr)-1) {
        mask &= tlb->large_page_mask[mmu_idx];
        while ((tlb->large_page_addr[mmu_idx] ^ addr) & mask) {
            mask <<= 1;
        }
    }
    tlb->large_page_mask[mmu_idx] = mask;
    tlb->large_page_addr[mmu_idx] = addr & mask;
    tlb_set_page(cpu, addr, paddr, prot, mmu_idx);
}

void *tlb_plain_host_addr(void *env, vaddr addr, MMUAccessType access, int mmu_idx)
{
    CPUTLBEntry *e = tlb_entry(env_cpu(env), mmu_idx, addr);

    /* the flags sit below the page bits: any of them fails the compare */
    if ((tlb_tag(e, access) & (TARGET_PAGE_MASK | TLB_FLAGS_MASK)) != (addr & TARGET_PAGE_MASK)) {
        return NULL;
    }
    return (void *)(uintptr_t)(addr + e->addend);
}

/* Set or clear TLB_NOTDIRTY on every valid RAM write entry for a physical page. */
static void tlb_set_notdirty(hwaddr page, bool notdirty)
{
    CPUState *cpu;

    CPU_FOREACH(cpu) {
        CPUTLB *tlb = &cpu->tlb;
        for (int i = 0; i < NB_MMU_MODES_MAX; i++) {
            if (!(tlb->used_mmu_mask & (1u << i))) {
                continue;
            }
            for (int j = 0; j < CPU_TLB_SIZE; j++) {
                CPUTLBEntry *e = &tlb->table[i][j];
                if ((e->addr_write & (TLB_INVALID_MASK | TLB_MMIO)) ||
                    tlb->full[i][j].phys_addr != page) {
                    continue;
                }
                if (notdirty) {
                    e->addr_write |= TLB_NOTDIRTY;
                } else {
                    e->addr_write &= ~(uint64_t)TLB_NOTDIRTY;
                }
            }
        }
    }
}

void tlb_protect_code(hwaddr page)
{
    tlb_set_notdirty(page & TARGET_PAGE_MASK, true);
}

void tlb_unprotect_code(hwaddr page)
{
    tlb_set_notdirty(page & TARGET_PAGE_MASK, false);
}

/* put TLB_NOTDIRTY back on every CPU write entry mapping pages [first, last] of mr */
void tlb_rearm_dirty_log(MemoryRegion *mr, uint64_t first, uint64_t last)
{
    CPUState *cpu;

    CPU_FOREACH(cpu) {
        CPUTLB *tlb = &cpu->tlb;
        for (int i = 0; i < NB_MMU_MODES_MAX; i++) {
            if (!(tlb->used_mmu_mask & (1u << i))) {
                continue;
            }
            for (int j = 0; j < CPU_TLB_SIZE; j++) {
                CPUTLBEntry *e = &tlb->table[i][j];
                CPUTLBEntryFull *full = &tlb->full[i][j];
                uint64_t page = full->mr_offset >> TARGET_PAGE_BITS;

                if (full->mr == mr && !(e->addr_write & (TLB_INVALID_MASK | TLB_MMIO)) &&
                    page >= first && page <= last) {
                    e->addr_write |= TLB_NOTDIRTY;
                }
            }
        }
    }
}

/* ---- code addresses ---- */

static CPUTLBEntry *tlb_code_entry(void *env, vaddr addr, int mmu_idx, bool probe)
{
    CPUState *cpu = env_cpu(env);
    CPUTLBEntry *e = tlb_entry(cpu, mmu_idx, addr);

    if (!tlb_hit(e->addr_code, addr)) {
        if (!cpu->ops->tlb_fill(cpu, addr, 1, MMU_INST_FETCH, mmu_idx, probe, 0)) {
            return NULL;
        }
        if (!tlb_hit(e->addr_code, addr)) {
            fatal("%s: tlb_fill did not map code address 0x%" PRIx64,
                  cpu->ops->arch_name, addr);
        }
    }
    return e;
}

hwaddr get_page_addr_code(void *env, vaddr addr, int mmu_idx)
{
    CPUTLBEntry *e = tlb_code_entry(env, addr, mmu_idx, false);

    if (e->addr_code & TLB_MMIO) {
        return -1;      /* a device or nothing: fetched through the I/O path */
    }
    return tlb_full(env_cpu(env), mmu_idx, addr)->phys_addr;
}

hwaddr get_page_addr_code_probe(void *env, vaddr addr, int mmu_idx)
{
    CPUTLBEntry *e = tlb_code_entry(env, addr, mmu_idx, true);

    if (!e || (e->addr_code & TLB_MMIO)) {
        return -1;
    }
    return tlb_full(env_cpu(env), mmu_idx, addr)->phys_addr;
}

uint32_t cpu_ldub_code(void *env, vaddr addr, int mmu_idx)
{
    CPUState *cpu = env_cpu(env);
    CPUTLBEntry *e = tlb_entry(cpu, mmu_idx, addr);

    if (unlikely(!tlb_hit(e->addr_code, addr) || (e->addr_code & TLB_FLAGS_MASK)) &&
        get_page_addr_code(env, addr, mmu_idx) == (hwaddr)-1) {
        /* code in a device (or in no region): the fetch is a device read */
        CPUTLBEntryFull *full = tlb_full(cpu, mmu_idx, addr);
        uint8_t byte;

        if (full->mr) {
            memory_region_read_bytes(full->mr, full->mr_offset + page_offset(addr), &byte, 1);
        } else {
            address_space_rw(cpu->as, full->phys_addr + page_offset(addr), &byte, 1, false);
        }
        return byte;
    }
    return *(const uint8_t *)(uintptr_t)(addr + e->addend);
}
