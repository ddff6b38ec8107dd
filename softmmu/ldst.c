/*
 * Guest virtual memory accesses that leave the TLB fast path: misses
 * (the target's page walk fills the entry or raises the guest fault),
 * devices, ROM writes, stores to pages holding code, and accesses that
 * cross a page (both pages are translated before either is touched, so a
 * fault on the second leaves no half-done access).
 *
 * Data moves through a byte buffer in memory order; the MemOp's byte swap
 * and sign extension are applied to the assembled value.
 */
#include "qemu/osdep.h"
#include "exec/cpu-common.h"
#include "exec/memory.h"
#include "tcg/tcg.h"
#include "accel/internal.h"
#include "softmmu/cputlb-internal.h"
#include "softmmu/memory-internal.h"
#include "softmmu/host-access.h"

/* The entry for addr, filled for this access if it was a miss. */
static CPUTLBEntry *tlb_fill_entry(CPUState *cpu, vaddr addr, int size,
                                   MMUAccessType access, int mmu_idx, uintptr_t ra)
{
    CPUTLBEntry *e = tlb_entry(cpu, mmu_idx, addr);

    if (!tlb_hit(tlb_tag(e, access), addr)) {
        cpu->ops->tlb_fill(cpu, addr, size, access, mmu_idx, false, ra);
        if (!tlb_hit(tlb_tag(e, access), addr)) {
            fatal("%s: tlb_fill did not map address 0x%" PRIx64 " for access type %d",
                  cpu->ops->arch_name, addr, access);
        }
    }
    return e;
}

/* Devices, ROM and pages not wholly backed by one region. */
static void io_access(CPUState *cpu, int mmu_idx, vaddr addr, uint8_t *buf,
                      unsigned len, bool is_write, uintptr_t ra)
{
    CPUTLBEntryFull *full = tlb_full(cpu, mmu_idx, addr);

    cpu->mem_io_pc = ra;
    if (!full->mr) {
        address_space_rw(cpu->as, full->phys_addr + page_offset(addr), buf, len, is_write);
    } else if (is_write) {
        memory_region_write_bytes(full->mr, full->mr_offset + page_offset(addr), buf, len);
    } else {
        memory_region_read_bytes(full->mr, full->mr_offset + page_offset(addr), buf, len);
    }
}

static void page_read(CPUState *cpu, CPUTLBEntry *e, int mmu_idx, vaddr addr,
                      uint8_t *buf, unsigned len, uintptr_t ra)
{
    if (e->addr_read & TLB_MMIO) {
        io_access(cpu, mmu_idx, addr, buf, len, false, ra);
    } else {
        memcpy(buf, (void *)(uintptr_t)(addr + e->addend), len);
    }
}

/*
 * Before a store to a code page or a clean page of a dirty-logged region:
 * drop the translations it overwrites, mark the page written.
 */
static void page_prepare_write(CPUState *cpu, CPUTLBEntry *e, int mmu_idx, vaddr addr,
                               unsigned len, uintptr_t ra)
{
    if (e->addr_write & TLB_NOTDIRTY) {
        CPUTLBEntryFull *full = tlb_full(cpu, mmu_idx, addr);
        hwaddr page = full->phys_addr;
        hwaddr start = page + page_offset(addr);

        if (full->mr) {
            memory_region_note_write(full->mr, full->mr_offset + page_offset(addr), len);
        }
        tb_invalidate_phys_range_by_store(cpu, start, start + len, ra);
        /* no code left: this entry's writes may take the fast path again */
        if (!tb_page_has_code(page)) {
            e->addr_write &= ~(uint64_t)TLB_NOTDIRTY;
        }
    }
}

static void page_write(CPUState *cpu, CPUTLBEntry *e, int mmu_idx, vaddr addr,
                       uint8_t *buf, unsigned len, uintptr_t ra)
{
    if (e->addr_write & TLB_MMIO) {
        io_access(cpu, mmu_idx, addr, buf, len, true, ra);
    } else {
        memcpy((void *)(uintptr_t)(addr + e->addend), buf, len);
    }
}

/* Host-order value of the size bytes at addr. */
static uint64_t load_slow(CPUState *cpu, vaddr addr, unsigned size, int mmu_idx,
                          uintptr_t ra)
{
    unsigned first = TARGET_PAGE_SIZE - page_offset(addr);
    uint8_t buf[8];

    if (likely(size <= first)) {
        CPUTLBEntry *e = tlb_fill_entry(cpu, addr, size, MMU_DATA_LOAD, mmu_idx, ra);
        page_read(cpu, e, mmu_idx, addr, buf, size, ra);
    } else {
        vaddr addr2 = addr + first;
        CPUTLBEntry *e1 = tlb_fill_entry(cpu, addr, first, MMU_DATA_LOAD, mmu_idx, ra);
        CPUTLBEntry *e2 = tlb_fill_entry(cpu, addr2, size - first, MMU_DATA_LOAD,
                                         mmu_idx, ra);
        page_read(cpu, e1, mmu_idx, addr, buf, first, ra);
        page_read(cpu, e2, mmu_idx, addr2, buf + first, size - first, ra);
    }
    return ld_he(buf, size);
}

static void store_slow(CPUState *cpu, vaddr addr, uint64_t val, unsigned size,
                       int mmu_idx, uintptr_t ra)
{
    unsigned first = TARGET_PAGE_SIZE - page_offset(addr);
    uint8_t buf[8];

    st_he(buf, val, size);
    if (likely(size <= first)) {
        CPUTLBEntry *e = tlb_fill_entry(cpu, addr, size, MMU_DATA_STORE, mmu_idx, ra);
        page_prepare_write(cpu, e, mmu_idx, addr, size, ra);
        page_write(cpu, e, mmu_idx, addr, buf, size, ra);
    } else {
        vaddr addr2 = addr + first;
        CPUTLBEntry *e1 = tlb_fill_entry(cpu, addr, first, MMU_DATA_STORE, mmu_idx, ra);
        CPUTLBEntry *e2 = tlb_fill_entry(cpu, addr2, size - first, MMU_DATA_STORE,
                                         mmu_idx, ra);
        page_prepare_write(cpu, e1, mmu_idx, addr, first, ra);
        page_prepare_write(cpu, e2, mmu_idx, addr2, size - first, ra);
        page_write(cpu, e1, mmu_idx, addr, buf, first, ra);
        page_write(cpu, e2, mmu_idx, addr2, buf + first, size - first, ra);
    }
}

/* ---- MemOp handling, and the fast path for C callers ---- */

static inline uint64_t finish_load(uint64_t val, MemOp op)
{
    unsigned bits = 8u << (op & MO_SIZE);

    if (op & MO_BSWAP) {
        val = bswap_size(val, bits / 8);
    }
    if ((op & MO_SIGN) && bits < 64) {
        val = (uint64_t)((int64_t)(val << (64 - bits)) >> (64 - bits));
    }
    return val;
}

static inline bool tlb_fast_ok(uint64_t tag, vaddr addr, unsigned size)
{
    return tlb_hit(tag, addr) && !(tag & TLB_FLAGS_MASK) &&
           page_offset(addr) <= TARGET_PAGE_SIZE - size;
}

static inline uint64_t do_load(void *env, vaddr addr, MemOp op, int mmu_idx,
                               uintptr_t ra)
{
    CPUState *cpu = env_cpu(env);
    unsigned size = 1u << (op & MO_SIZE);
    CPUTLBEntry *e = tlb_entry(cpu, mmu_idx, addr);
    uint64_t val;

    if (likely(tlb_fast_ok(e->addr_read, addr, size))) {
        val = ld_he((void *)(uintptr_t)(addr + e->addend), size);
    } else {
        val = load_slow(cpu, addr, size, mmu_idx, ra);
    }
    return finish_load(val, op);
}

static inline void do_store(void *env, vaddr addr, uint64_t val, MemOp op,
                            int mmu_idx, uintptr_t ra)
{
    CPUState *cpu = env_cpu(env);
    unsigned size = 1u << (op & MO_SIZE);
    CPUTLBEntry *e = tlb_entry(cpu, mmu_idx, addr);

    if (op & MO_BSWAP) {
        val = bswap_size(val, size);
    }
    if (likely(tlb_fast_ok(e->addr_write, addr, size))) {
        st_he((void *)(uintptr_t)(addr + e->addend), val, size);
    } else {
        store_slow(cpu, addr, val, size, mmu_idx, ra);
    }
}

/* ---- from generated code: the inline TLB check has already missed ---- */

uint64_t helper_ld_mmu(void *env, uint64_t addr, uint32_t oi, uintptr_t retaddr)
{
    MemOp op = get_memop(oi);
    return finish_load(load_slow(env_cpu(env), addr, 1u << (op & MO_SIZE),
                                 get_mmuidx(oi), retaddr), op);
}

void helper_st_mmu(void *env, uint64_t addr, uint64_t val, uint32_t oi, uintptr_t retaddr)
{
    MemOp op = get_memop(oi);
    unsigned size = 1u << (op & MO_SIZE);

    if (op & MO_BSWAP) {
        val = bswap_size(val, size);
    }
    store_slow(env_cpu(env), addr, val, size, get_mmuidx(oi), retaddr);
}

/* ---- from helpers ---- */

#define DEF_CPU_LD(name, rtype, op) \
    rtype name(void *env, vaddr addr, int mmu_idx, uintptr_t ra) \
    { return do_load(env, addr, op, mmu_idx, ra); }
#define DEF_CPU_ST(name, vtype, op) \
    void name(void *env, vaddr addr, vtype val, int mmu_idx, uintptr_t ra) \
    { do_store(env, addr, val, op, mmu_idx, ra); }

DEF_CPU_LD(cpu_ldub_mmuidx_ra, uint32_t, MO_UB)
DEF_CPU_LD(cpu_lduw_le_mmuidx_ra, uint32_t, MO_LEUW)
DEF_CPU_LD(cpu_ldl_le_mmuidx_ra, uint32_t, MO_LEUL)
DEF_CPU_LD(cpu_ldq_le_mmuidx_ra, uint64_t, MO_LEUQ)
DEF_CPU_LD(cpu_lduw_be_mmuidx_ra, uint32_t, MO_BEUW)
DEF_CPU_LD(cpu_ldl_be_mmuidx_ra, uint32_t, MO_BEUL)
DEF_CPU_LD(cpu_ldq_be_mmuidx_ra, uint64_t, MO_BEUQ)
DEF_CPU_ST(cpu_stb_mmuidx_ra, uint32_t, MO_UB)
DEF_CPU_ST(cpu_stw_le_mmuidx_ra, uint32_t, MO_LEUW)
DEF_CPU_ST(cpu_stl_le_mmuidx_ra, uint32_t, MO_LEUL)
DEF_CPU_ST(cpu_stq_le_mmuidx_ra, uint64_t, MO_LEUQ)
DEF_CPU_ST(cpu_stw_be_mmuidx_ra, uint32_t, MO_BEUW)
DEF_CPU_ST(cpu_stl_be_mmuidx_ra, uint32_t, MO_BEUL)
DEF_CPU_ST(cpu_stq_be_mmuidx_ra, uint64_t, MO_BEUQ)
