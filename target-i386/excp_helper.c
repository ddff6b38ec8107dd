/*
 * Raising guest exceptions from helpers (with double- and triple-fault
 * detection), and the MMU: the page walk for 32-bit and PAE paging behind
 * x86_cpu_tlb_fill.
 */
#include "qemu/osdep.h"
#include "cpu.h"
#include "sys-internal.h"
#include "exec/memory.h"
#include "qemu/log.h"
#include "sysemu/runstate.h"

/* ---- exceptions ---- */

static bool excp_is_contributory(int intno)
{
    return intno == EXCP00_DIVZ || (intno >= EXCP0A_TSS && intno <= EXCP0D_GPF);
}

/*
 * An exception raised while an earlier one is being delivered may turn
 * into #DF (contributory after contributory, anything but a benign one
 * after #PF) or, during #DF delivery, shut the CPU down (Intel SDM vol. 3,
 * "Conditions for Generating a Double Fault"). Returns the vector to
 * deliver, or -1 after a triple fault.
 */
static int check_exception(CPUX86State *env, int intno, int *error_code)
{
    int old = env->old_exception;
    bool second_contributory = excp_is_contributory(intno);

    if (old == EXCP08_DBLE && (second_contributory || intno == EXCP0E_PAGE)) {
        qemu_log_mask(CPU_LOG_INT | CPU_LOG_RESET, "triple fault (vector %d)\n", intno);
        qemu_system_reset_request(SHUTDOWN_CAUSE_TRIPLE_FAULT);
        return -1;
    }
    if ((excp_is_contributory(old) && second_contributory) ||
        (old == EXCP0E_PAGE && (second_contributory || intno == EXCP0E_PAGE))) {
        intno = EXCP08_DBLE;
        *error_code = 0;
    }
    if (second_contributory || intno == EXCP0E_PAGE || intno == EXCP08_DBLE) {
        env->old_exception = intno;
    }
    return intno;
}

void QEMU_NORETURN raise_interrupt_ra(CPUX86State *env, int intno, int is_int,
                                      int error_code, int next_eip_addend,
                                      uintptr_t retaddr)
{
    CPUState *cs = env_cpu(env);

    if (!is_int) {
        intno = check_exception(env, intno, &error_code);
        if (intno < 0) {
            /* shutdown: stay stopped until the machine reset arrives */
            cs->halted = true;
            cs->exception_index = EXCP_HLT;
            cpu_loop_exit(cs);
        }
    }
    cs->exception_index = intno;
    env->error_code = error_code;
    env->exception_is_int = is_int;
    env->exception_next_eip = env->eip + next_eip_addend;
    if (retaddr) {
        cpu_loop_exit_restore(cs, retaddr);
    }
    cpu_loop_exit(cs);
}

void QEMU_NORETURN raise_interrupt(CPUX86State *env, int intno, int is_int,
                                   int error_code, int next_eip_addend)
{
    raise_interrupt_ra(env, intno, is_int, error_code, next_eip_addend, 0);
}

void QEMU_NORETURN raise_exception_err_ra(CPUX86State *env, int intno,
                                          int error_code, uintptr_t retaddr)
{
    raise_interrupt_ra(env, intno, 0, error_code, 0, retaddr);
}

void QEMU_NORETURN raise_exception_err(CPUX86State *env, int intno, int error_code)
{
    raise_interrupt_ra(env, intno, 0, error_code, 0, 0);
}

void QEMU_NORETURN raise_exception_ra(CPUX86State *env, int intno, uintptr_t retaddr)
{
    raise_interrupt_ra(env, intno, 0, 0, 0, retaddr);
}

void QEMU_NORETURN raise_exception(CPUX86State *env, int intno)
{
    raise_interrupt_ra(env, intno, 0, 0, 0, 0);
}

/* ---- physical memory (page tables, little-endian host) ---- */

uint32_t x86_ldl_phys(CPUX86State *env, hwaddr addr)
{
    hwaddr offset, len;
    MemoryRegion *mr = address_space_translate(env_cpu(env)->as, addr, &offset, &len);
    uint32_t val;

    if (mr && mr->ram && len >= 4) {
        memcpy(&val, mr->ram + offset, 4);
    } else {
        address_space_read(env_cpu(env)->as, addr, &val, 4);
    }
    return val;
}

uint64_t x86_ldq_phys(CPUX86State *env, hwaddr addr)
{
    hwaddr offset, len;
    MemoryRegion *mr = address_space_translate(env_cpu(env)->as, addr, &offset, &len);
    uint64_t val;

    if (mr && mr->ram && len >= 8) {
        memcpy(&val, mr->ram + offset, 8);
    } else {
        address_space_read(env_cpu(env)->as, addr, &val, 8);
    }
    return val;
}

/* through the memory core, so that writes to pages holding code invalidate it */
void x86_stl_phys(CPUX86State *env, hwaddr addr, uint32_t val)
{
    address_space_write(env_cpu(env)->as, addr, &val, 4);
}

/* ---- page walk ---- */

#define PG_PRESENT  (1u << 0)
#define PG_RW       (1u << 1)
#define PG_USER     (1u << 2)
#define PG_ACCESSED (1u << 5)
#define PG_DIRTY    (1u << 6)
#define PG_PSE      (1u << 7)
#define PG_NX       (1ull << 63)

/* #PF error code */
#define PF_ERR_P    (1u << 0)   /* protection violation (else: not present) */
#define PF_ERR_W    (1u << 1)
#define PF_ERR_U    (1u << 2)
#define PF_ERR_RSVD (1u << 3)
#define PF_ERR_ID   (1u << 4)   /* instruction fetch, with PAE + NXE */

/* the physical address width reported for PAE (Pentium M: 36 bits) */
#define PHYS_ADDR_BITS 36
#define PAE_ADDR_MASK  (((1ull << PHYS_ADDR_BITS) - 1) & ~0xfffull)
#define PAE_RSVD_HIGH  (((1ull << 63) - 1) & ~((1ull << PHYS_ADDR_BITS) - 1))
/* PDPTE bits 1, 2 and 5-8 are reserved */
#define PDPTE_RSVD     (PAE_RSVD_HIGH | PG_NX | 0x1e6)
/* large-page entries: bits above the page offset's 12 up to the frame */
#define PDE4M_RSVD     0x003fe000u  /* no PSE-36: bits 21:13 */
#define PDE2M_RSVD     0x001fe000ull

typedef struct X86Translation {
    hwaddr paddr;       /* of the 4 KiB piece holding the address */
    int prot;
    vaddr page_size;
} X86Translation;

typedef struct X86Walk {
    CPUX86State *env;
    uint32_t a20;
    bool user_ok, write_ok, nx;   /* rights accumulated over the levels */
} X86Walk;

static void walk_rights(X86Walk *w, uint64_t entry)
{
    w->user_ok &= !!(entry & PG_USER);
    w->write_ok &= !!(entry & PG_RW);
    w->nx |= !!(entry & PG_NX);
}

/* set the accessed bit of a non-leaf entry (the low word holds it) */
static void walk_set_accessed(X86Walk *w, hwaddr entry_addr, uint64_t entry)
{
    if (!(entry & PG_ACCESSED)) {
        x86_stl_phys(w->env, entry_addr, (uint32_t)entry | PG_ACCESSED);
    }
}

/*
 * Translate addr; on a fault return false with the #PF error code's
 * P and RSVD bits in *fault (the caller adds W, U and I/D).
 */
static bool x86_walk(CPUX86State *env, vaddr addr, MMUAccessType access, bool is_user,
                     X86Translation *out, uint32_t *fault)
{
    X86Walk w = { env, env->a20_mask, true, true, false };
    bool is_write = access == MMU_DATA_STORE;
    bool wp = env->cr[0] & CR0_WP_MASK;
    uint64_t pte;
    hwaddr pte_addr, frame;
    vaddr page_size;

    if (env->cr[4] & CR4_PAE_MASK) {
        uint64_t rsvd = PAE_RSVD_HIGH | ((env->efer & MSR_EFER_NXE) ? 0 : PG_NX);
        hwaddr pdpte_addr = ((env->cr[3] & ~0x1fu) + ((addr >> 27) & 0x18)) & w.a20;
        uint64_t pdpte = x86_ldq_phys(env, pdpte_addr);

        if (!(pdpte & PG_PRESENT)) {
            *fault = 0;
            return false;
        }
        if (pdpte & PDPTE_RSVD) {
            *fault = PF_ERR_P | PF_ERR_RSVD;
            return false;
        }
        hwaddr pde_addr = ((pdpte & PAE_ADDR_MASK) + (((addr >> 21) & 0x1ff) << 3)) & w.a20;
        uint64_t pde = x86_ldq_phys(env, pde_addr);
        if (!(pde & PG_PRESENT)) {
            *fault = 0;
            return false;
        }
        if ((pde & rsvd) || ((pde & PG_PSE) && (pde & PDE2M_RSVD))) {
            *fault = PF_ERR_P | PF_ERR_RSVD;
            return false;
        }
        walk_rights(&w, pde);
        if (pde & PG_PSE) {
            pte = pde;
            pte_addr = pde_addr;
            page_size = 2 << 20;
            frame = (pde & PAE_ADDR_MASK & ~0x1fffffull) | (addr & 0x1ff000);
        } else {
            walk_set_accessed(&w, pde_addr, pde);
            pte_addr = ((pde & PAE_ADDR_MASK) + (((addr >> 12) & 0x1ff) << 3)) & w.a20;
            pte = x86_ldq_phys(env, pte_addr);
            if (!(pte & PG_PRESENT)) {
                *fault = 0;
                return false;
            }
            if (pte & rsvd) {
                *fault = PF_ERR_P | PF_ERR_RSVD;
                return false;
            }
            walk_rights(&w, pte);
            page_size = 4096;
            frame = pte & PAE_ADDR_MASK;
        }
    } else {
        hwaddr pde_addr = ((env->cr[3] & ~0xfffu) + ((addr >> 20) & 0xffc)) & w.a20;
        uint32_t pde = x86_ldl_phys(env, pde_addr);

        if (!(pde & PG_PRESENT)) {
            *fault = 0;
            return false;
        }
        walk_rights(&w, pde);
        if ((pde & PG_PSE) && (env->cr[4] & CR4_PSE_MASK)) {
            if (pde & PDE4M_RSVD) {
                *fault = PF_ERR_P | PF_ERR_RSVD;
                return false;
            }
            pte = pde;
            pte_addr = pde_addr;
            page_size = 4 << 20;
            frame = (pde & 0xffc00000u) | (addr & 0x3ff000);
        } else {
            walk_set_accessed(&w, pde_addr, pde);
            pte_addr = ((pde & ~0xfffu) + ((addr >> 10) & 0xffc)) & w.a20;
            pte = x86_ldl_phys(env, pte_addr);
            if (!(pte & PG_PRESENT)) {
                *fault = 0;
                return false;
            }
            walk_rights(&w, pte);
            page_size = 4096;
            frame = pte & ~0xfffu;
        }
    }

    /* protection: user pages only for user accesses; CR0.WP guards the kernel */
    if (is_user && !w.user_ok) {
        *fault = PF_ERR_P;
        return false;
    }
    if (is_write && !w.write_ok && (is_user || wp)) {
        *fault = PF_ERR_P;
        return false;
    }
    if (access == MMU_INST_FETCH && w.nx) {
        *fault = PF_ERR_P;
        return false;
    }

    uint32_t new_low = (uint32_t)pte | PG_ACCESSED | (is_write ? PG_DIRTY : 0);
    if (new_low != (uint32_t)pte) {
        x86_stl_phys(env, pte_addr, new_low);
    }

    out->prot = PAGE_READ;
    /* until the dirty bit is set, writes must come back here to set it */
    if ((w.write_ok || (!is_user && !wp)) && (new_low & PG_DIRTY)) {
        out->prot |= PAGE_WRITE;
    }
    if (!w.nx) {
        out->prot |= PAGE_EXEC;
    }
    out->paddr = frame & w.a20;
    out->page_size = page_size;
    return true;
}

bool x86_cpu_tlb_fill(CPUState *cs, vaddr addr, int size, MMUAccessType access,
                      int mmu_idx, bool probe, uintptr_t retaddr)
{
    CPUX86State *env = cpu_env_ptr(cs);
    vaddr page = addr & TARGET_PAGE_MASK;
    X86Translation t;
    uint32_t fault;

    if (!(env->cr[0] & CR0_PG_MASK)) {
        tlb_set_page(cs, page, page & env->a20_mask, PAGE_READ | PAGE_WRITE | PAGE_EXEC,
                     mmu_idx);
        return true;
    }
    bool is_user = mmu_idx == MMU_USER_IDX;
    if (x86_walk(env, (uint32_t)addr, access, is_user, &t, &fault)) {
        if (t.page_size > TARGET_PAGE_SIZE) {
            tlb_set_large_page(cs, page, t.paddr, t.prot, mmu_idx, t.page_size);
        } else {
            tlb_set_page(cs, page, t.paddr, t.prot, mmu_idx);
        }
        return true;
    }
    if (probe) {
        return false;
    }
    if (access == MMU_DATA_STORE) {
        fault |= PF_ERR_W;
    }
    if (is_user) {
        fault |= PF_ERR_U;
    }
    if (access == MMU_INST_FETCH && (env->cr[4] & CR4_PAE_MASK) &&
        (env->efer & MSR_EFER_NXE)) {
        fault |= PF_ERR_ID;
    }
    env->cr[2] = (uint32_t)addr;
    qemu_log_mask(CPU_LOG_INT, "#PF at %08x error %x\n", (uint32_t)addr, fault);
    raise_exception_err_ra(env, EXCP0E_PAGE, fault, retaddr);
}
