/*
 * System instructions that are not about segments or interrupts: cpuid,
 * the time-stamp counter, MSRs, control and debug registers, TLB
 * invalidation, hlt, and port I/O with its permission checks.
 */
#include "qemu/osdep.h"
#include "cpu.h"
#include "sys-internal.h"
#include "exec/helper-proto.h"
#include "exec/memory.h"
#include "qemu/timer.h"
#include "qemu/log.h"

/* the privileged instructions here: #GP(0) outside ring 0 (v8086 is ring 3) */
static void check_cpl0(CPUX86State *env, uintptr_t ra)
{
    if (env->hflags & HF_CPL_MASK) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }
}

/* ---- exceptions and software interrupts raised by generated code ---- */

/*
 * EIP is already the one the exception reports (the instruction's own,
 * or the next one for traps), so nothing is restored on the way out.
 */
void helper_raise_exception(CPUX86State *env, int intno)
{
    raise_exception(env, intno);
}

#define DR6_BS (1u << 14)   /* single step */

/* the trap after an instruction executed with TF set (EIP already past it) */
void helper_single_step(CPUX86State *env)
{
    env->dr[6] |= DR6_BS;
    raise_exception(env, EXCP01_DB);
}

/* int n (CD), int3 (CC): a software interrupt returning to next EIP */
void helper_raise_interrupt(CPUX86State *env, int intno, int next_eip_addend)
{
    raise_interrupt(env, intno, 1, 0, next_eip_addend);
}

/* ---- cpuid (0F A2) ---- */

static void x86_cpuid(CPUX86State *env, uint32_t leaf,
                      uint32_t *eax, uint32_t *ebx, uint32_t *ecx, uint32_t *edx)
{
    /* leaves beyond the maximum answer like the highest basic leaf (Intel) */
    if (leaf >= 0x80000000 ? leaf > env->cpuid_xlevel : leaf > env->cpuid_level) {
        leaf = env->cpuid_level;
    }
    *eax = *ebx = *ecx = *edx = 0;
    switch (leaf) {
    case 0:
        *eax = env->cpuid_level;
        *ebx = env->cpuid_vendor[0];
        *edx = env->cpuid_vendor[1];
        *ecx = env->cpuid_vendor[2];
        break;
    case 1:
        *eax = env->cpuid_version;
        /* CLFLUSH line size in 8-byte units, when clflush is advertised */
        if (env->cpuid_features & CPUID_CLFSH) {
            *ebx = 8 << 8;
        }
        *ecx = env->cpuid_ext_features;
        *edx = env->cpuid_features;
        break;
    case 2:
        *eax = env->cpuid_cache_desc[0];
        *ebx = env->cpuid_cache_desc[1];
        *ecx = env->cpuid_cache_desc[2];
        *edx = env->cpuid_cache_desc[3];
        break;
    case 0x80000000:
        *eax = env->cpuid_xlevel;
        break;
    case 0x80000001:
        *ecx = env->cpuid_ext3_features;
        *edx = env->cpuid_ext2_features;
        break;
    case 0x80000002:
    case 0x80000003:
    case 0x80000004: {
        const uint32_t *brand = &env->cpuid_model[(leaf - 0x80000002) * 4];
        *eax = brand[0];
        *ebx = brand[1];
        *ecx = brand[2];
        *edx = brand[3];
        break;
    }
    default:
        break;
    }
}

void helper_cpuid(CPUX86State *env)
{
    uint32_t eax, ebx, ecx, edx;

    x86_cpuid(env, env->regs[R_EAX], &eax, &ebx, &ecx, &edx);
    env->regs[R_EAX] = eax;
    env->regs[R_EBX] = ebx;
    env->regs[R_ECX] = ecx;
    env->regs[R_EDX] = edx;
}

/* ---- time-stamp counter ---- */

/* the modelled CPU's clock: a Pentium M 760 runs at 2 GHz */
#define TSC_PER_NS 2

uint64_t cpu_get_tsc(CPUX86State *env)
{
    return (uint64_t)qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) * TSC_PER_NS + env->tsc_offset;
}

/* rdtsc (0F 31) */
void helper_rdtsc(CPUX86State *env)
{
    if ((env->cr[4] & CR4_TSD_MASK) && (env->hflags & HF_CPL_MASK)) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, GETPC());
    }
    uint64_t tsc = cpu_get_tsc(env);
    env->regs[R_EAX] = (uint32_t)tsc;
    env->regs[R_EDX] = (uint32_t)(tsc >> 32);
}

/*
 * rdpmc (0F 33): #GP(0) outside ring 0 unless CR4.PCE; the model has no
 * performance counters, so every counter index is invalid: #GP(0) too.
 */
void helper_rdpmc(CPUX86State *env)
{
    raise_exception_err_ra(env, EXCP0D_GPF, 0, GETPC());
}

/* ---- MSRs ---- */

#define MSR_IA32_TSC            0x10
#define MSR_IA32_PLATFORM_ID    0x17
#define MSR_IA32_APICBASE       0x1b
/* base (36-bit physical), global enable (11); BSP (8) is read-only */
#define APICBASE_WRITABLE       0xffffff800ull
#define MSR_IA32_BIOS_SIGN_ID   0x8b
#define MSR_MTRRCAP             0xfe
#define MSR_IA32_SYSENTER_CS    0x174
#define MSR_IA32_SYSENTER_ESP   0x175
#define MSR_IA32_SYSENTER_EIP   0x176
#define MSR_IA32_MISC_ENABLE    0x1a0
#define MSR_MTRR_PHYS_BASE0     0x200   /* base/mask pairs up to 0x20f */
#define MSR_MTRR_FIX64K_00000   0x250
#define MSR_MTRR_FIX16K_80000   0x258
#define MSR_MTRR_FIX16K_A0000   0x259
#define MSR_MTRR_FIX4K_C0000    0x268   /* to 0x26f */
#define MSR_IA32_PAT            0x277
#define MSR_MTRR_DEF_TYPE       0x2ff
#define MSR_EFER                0xc0000080

#define MTRR_VAR_COUNT 8

/* MTRRcap: 8 variable ranges, fixed ranges, write-combining */
#define MTRRCAP_VALUE (MTRR_VAR_COUNT | (1u << 8) | (1u << 10))
/* bits 35:12 of a base/mask (36-bit physical addresses) */
#define MTRR_PHYS_MASK 0x0000000ffffff000ull

/* index into mtrr_fixed[] of a fixed-range MTRR, or -1 */
static int mtrr_fixed_index(uint32_t msr)
{
    if (msr == MSR_MTRR_FIX64K_00000) {
        return 0;
    }
    if (msr == MSR_MTRR_FIX16K_80000 || msr == MSR_MTRR_FIX16K_A0000) {
        return 1 + msr - MSR_MTRR_FIX16K_80000;
    }
    if (msr >= MSR_MTRR_FIX4K_C0000 && msr <= MSR_MTRR_FIX4K_C0000 + 7) {
        return 3 + msr - MSR_MTRR_FIX4K_C0000;
    }
    return -1;
}

/* memory types valid in MTRRs (UC WC WT WP WB) and in the PAT (also UC-) */
static bool mem_type_valid(uint8_t type, bool pat)
{
    return type == 0 || type == 1 || type == 4 || type == 5 || type == 6 ||
           (pat && type == 7);
}

static bool mem_types_valid(uint64_t val, bool pat)
{
    for (int i = 0; i < 8; i++) {
        if (!mem_type_valid(val >> (i * 8), pat)) {
            return false;
        }
    }
    return true;
}

/* false: the MSR does not exist */
static bool x86_rdmsr(CPUX86State *env, uint32_t msr, uint64_t *val)
{
    int fixed = mtrr_fixed_index(msr);

    if (fixed >= 0) {
        *val = env->mtrr_fixed[fixed];
        return true;
    }
    if (msr >= MSR_MTRR_PHYS_BASE0 && msr < MSR_MTRR_PHYS_BASE0 + 2 * MTRR_VAR_COUNT) {
        *val = env->mtrr_var[msr - MSR_MTRR_PHYS_BASE0];
        return true;
    }
    switch (msr) {
    case MSR_IA32_TSC:
        *val = cpu_get_tsc(env);
        return true;
    case MSR_IA32_PLATFORM_ID:
        *val = 0;       /* platform 0 */
        return true;
    case MSR_IA32_APICBASE:
        if (!(env->cpuid_features & CPUID_APIC)) {
            return false;
        }
        *val = env->apic_base;
        return true;
    case MSR_IA32_BIOS_SIGN_ID:
        *val = 0;       /* no microcode update loaded */
        return true;
    case MSR_MTRRCAP:
        *val = MTRRCAP_VALUE;
        return true;
    case MSR_IA32_SYSENTER_CS:
        *val = env->sysenter_cs;
        return true;
    case MSR_IA32_SYSENTER_ESP:
        *val = env->sysenter_esp;
        return true;
    case MSR_IA32_SYSENTER_EIP:
        *val = env->sysenter_eip;
        return true;
    case MSR_IA32_MISC_ENABLE:
        *val = env->misc_enable;
        return true;
    case MSR_IA32_PAT:
        *val = env->pat;
        return true;
    case MSR_MTRR_DEF_TYPE:
        *val = env->mtrr_deftype;
        return true;
    case MSR_EFER:
        if (!(env->cpuid_ext2_features & CPUID_EXT2_NX)) {
            return false;
        }
        *val = env->efer;
        return true;
    default:
        return false;
    }
}

/* false: the MSR does not exist or val sets reserved bits */
static bool x86_wrmsr(CPUX86State *env, uint32_t msr, uint64_t val)
{
    int fixed = mtrr_fixed_index(msr);

    if (fixed >= 0) {
        if (!mem_types_valid(val, false)) {
            return false;
        }
        env->mtrr_fixed[fixed] = val;
        return true;
    }
    if (msr >= MSR_MTRR_PHYS_BASE0 && msr < MSR_MTRR_PHYS_BASE0 + 2 * MTRR_VAR_COUNT) {
        bool is_mask = msr & 1;
        uint64_t valid = MTRR_PHYS_MASK | (is_mask ? (1u << 11) : 0xff);
        if ((val & ~valid) || (!is_mask && !mem_type_valid(val, false))) {
            return false;
        }
        env->mtrr_var[msr - MSR_MTRR_PHYS_BASE0] = val;
        return true;
    }
    switch (msr) {
    case MSR_IA32_TSC:
        env->tsc_offset += val - cpu_get_tsc(env);
        return true;
    case MSR_IA32_BIOS_SIGN_ID:
        /* writing triggers a microcode revision report on the next cpuid */
        return true;
    case MSR_IA32_APICBASE:
        /*
         * The board's APIC reads the enable bit from here; its registers
         * stay at 0xfee00000 whatever base is written (no OS moves them).
         */
        if (!(env->cpuid_features & CPUID_APIC) || (val & ~(APICBASE_WRITABLE | (1u << 8)))) {
            return false;
        }
        env->apic_base = (val & APICBASE_WRITABLE) | (env->apic_base & (1u << 8));
        return true;
    case MSR_IA32_SYSENTER_CS:
        env->sysenter_cs = val & 0xffff;
        return true;
    case MSR_IA32_SYSENTER_ESP:
        env->sysenter_esp = val;
        return true;
    case MSR_IA32_SYSENTER_EIP:
        env->sysenter_eip = val;
        return true;
    case MSR_IA32_MISC_ENABLE:
        /* BTS/PEBS unavailable are read-only */
        env->misc_enable = (val & ~((1ull << 11) | (1ull << 12))) |
                           (env->misc_enable & ((1ull << 11) | (1ull << 12)));
        return true;
    case MSR_IA32_PAT:
        if (!mem_types_valid(val, true)) {
            return false;
        }
        env->pat = val;
        return true;
    case MSR_MTRR_DEF_TYPE:
        /* type, FE (bit 10), E (bit 11) */
        if ((val & ~0xcffull) || !mem_type_valid(val, false)) {
            return false;
        }
        env->mtrr_deftype = val;
        return true;
    case MSR_EFER:
        if (!(env->cpuid_ext2_features & CPUID_EXT2_NX) || (val & ~(uint64_t)MSR_EFER_NXE)) {
            return false;
        }
        if ((val ^ env->efer) & MSR_EFER_NXE) {
            x86_tlb_flush(env);
        }
        env->efer = val;
        return true;
    default:
        return false;
    }
}

/* rdmsr (0F 32) */
void helper_rdmsr(CPUX86State *env)
{
    uintptr_t ra = GETPC();
    uint32_t msr = env->regs[R_ECX];
    uint64_t val;

    check_cpl0(env, ra);
    if (!x86_rdmsr(env, msr, &val)) {
        qemu_log_mask(LOG_GUEST_ERROR, "rdmsr of unknown MSR %08x\n", msr);
        raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }
    env->regs[R_EAX] = (uint32_t)val;
    env->regs[R_EDX] = (uint32_t)(val >> 32);
}

/* wrmsr (0F 30) */
void helper_wrmsr(CPUX86State *env)
{
    uintptr_t ra = GETPC();
    uint32_t msr = env->regs[R_ECX];
    uint64_t val = ((uint64_t)(uint32_t)env->regs[R_EDX] << 32) | (uint32_t)env->regs[R_EAX];

    check_cpl0(env, ra);
    if (!x86_wrmsr(env, msr, val)) {
        qemu_log_mask(LOG_GUEST_ERROR, "wrmsr of MSR %08x with %016" PRIx64 " refused\n",
                      msr, val);
        raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }
}

/* ---- control registers ---- */

#define CR0_DEFINED_BITS (CR0_PE_MASK | CR0_MP_MASK | CR0_EM_MASK | CR0_TS_MASK | \
                          CR0_ET_MASK | CR0_NE_MASK | CR0_WP_MASK | CR0_AM_MASK | \
                          CR0_NW_MASK | CR0_CD_MASK | CR0_PG_MASK)

/* the CR4 bits of the features the model advertises; others are reserved */
static uint32_t cr4_valid_bits(CPUX86State *env)
{
    uint32_t f = env->cpuid_features;
    uint32_t valid = CR4_TSD_MASK | CR4_PCE_MASK;

    if (f & CPUID_VME) {
        valid |= CR4_VME_MASK | CR4_PVI_MASK;
    }
    if (f & CPUID_DE) {
        valid |= CR4_DE_MASK;
    }
    if (f & CPUID_PSE) {
        valid |= CR4_PSE_MASK;
    }
    if (f & CPUID_PAE) {
        valid |= CR4_PAE_MASK;
    }
    if (f & CPUID_MCE) {
        valid |= CR4_MCE_MASK;
    }
    if (f & CPUID_PGE) {
        valid |= CR4_PGE_MASK;
    }
    if (f & CPUID_FXSR) {
        valid |= CR4_OSFXSR_MASK;
    }
    if (f & CPUID_SSE) {
        valid |= CR4_OSXMMEXCPT_MASK;
    }
    return valid;
}

/* mov r32, CRn (0F 20) */
target_ulong helper_read_crN(CPUX86State *env, int reg)
{
    uintptr_t ra = GETPC();

    check_cpl0(env, ra);
    switch (reg) {
    case 0:
    case 2:
    case 3:
    case 4:
        return env->cr[reg];
    default:
        raise_exception_ra(env, EXCP06_ILLOP, ra);
    }
}

/* mov CRn, r32 (0F 22) */
void helper_write_crN(CPUX86State *env, int reg, target_ulong val)
{
    uintptr_t ra = GETPC();

    check_cpl0(env, ra);
    switch (reg) {
    case 0:
        if (((val & CR0_PG_MASK) && !(val & CR0_PE_MASK)) ||
            ((val & CR0_NW_MASK) && !(val & CR0_CD_MASK))) {
            raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
        }
        cpu_x86_update_cr0(env, val & CR0_DEFINED_BITS);
        break;
    case 2:
        env->cr[2] = val;
        break;
    case 3:
        cpu_x86_update_cr3(env, val);
        break;
    case 4:
        if (val & ~cr4_valid_bits(env)) {
            raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
        }
        cpu_x86_update_cr4(env, val);
        break;
    default:
        raise_exception_ra(env, EXCP06_ILLOP, ra);
    }
}

/* lmsw r/m16 (0F 01 /6): MP, EM, TS, and PE which it can set but not clear */
void helper_lmsw(CPUX86State *env, target_ulong val)
{
    check_cpl0(env, GETPC());
    cpu_x86_update_cr0(env, (env->cr[0] & ~0xeu) | (val & 0xf));
}

/* clts (0F 06) */
void helper_clts(CPUX86State *env)
{
    check_cpl0(env, GETPC());
    env->cr[0] &= ~CR0_TS_MASK;
    env->hflags &= ~HF_TS;
}

/* ---- debug registers: kept for the guest; breakpoints are not triggered ---- */

#define DR6_FIXED_1 0xffff0ff0u
#define DR7_FIXED_1 0x00000400u
#define DR7_FIXED_0 ((1u << 11) | (1u << 12) | (1u << 14) | (1u << 15))

/* DR4/DR5 alias DR6/DR7 unless CR4.DE makes them undefined */
static int dr_index(CPUX86State *env, int reg, uintptr_t ra)
{
    if (reg == 4 || reg == 5) {
        if (env->cr[4] & CR4_DE_MASK) {
            raise_exception_ra(env, EXCP06_ILLOP, ra);
        }
        return reg + 2;
    }
    if (reg > 7) {
        raise_exception_ra(env, EXCP06_ILLOP, ra);
    }
    return reg;
}

/* mov r32, DRn (0F 21) */
target_ulong helper_get_dr(CPUX86State *env, int reg)
{
    uintptr_t ra = GETPC();

    check_cpl0(env, ra);
    return env->dr[dr_index(env, reg, ra)];
}

/* mov DRn, r32 (0F 23) */
void helper_set_dr(CPUX86State *env, int reg, target_ulong val)
{
    uintptr_t ra = GETPC();

    check_cpl0(env, ra);
    reg = dr_index(env, reg, ra);
    if (reg == 6) {
        val = (val & ~DR6_FIXED_1) | DR6_FIXED_1;
        val &= ~(1u << 12);
    } else if (reg == 7) {
        val = (val & ~DR7_FIXED_0) | DR7_FIXED_1;
    }
    env->dr[reg] = val;
}

/* ---- TLB, hlt, pause ---- */

/* invlpg m (0F 01 /7) */
void helper_invlpg(CPUX86State *env, target_ulong addr)
{
    check_cpl0(env, GETPC());
    tlb_flush_page(env_cpu(env), addr);
}

/* hlt (F4): wait for an interrupt, resuming after the hlt */
void helper_hlt(CPUX86State *env, int next_eip_addend)
{
    CPUState *cs = env_cpu(env);

    check_cpl0(env, GETPC());
    env->hflags &= ~HF_INHIBIT_IRQ;
    env->eip += next_eip_addend;
    cs->halted = true;
    cs->exception_index = EXCP_HLT;
    cpu_loop_exit(cs);
}

/*
 * pause (F3 90): a spin-wait hint. With one vCPU sharing the thread with
 * the main loop, there is no other agent to yield to inside the block.
 */
void helper_pause(CPUX86State *env)
{
}

/* ---- port I/O ---- */

/*
 * in/out/ins/outs: allowed when CPL <= IOPL outside v8086 mode; otherwise
 * every bit of the port range must be clear in the TSS I/O bitmap.
 */
void helper_check_io(CPUX86State *env, uint32_t port, uint32_t size)
{
    uintptr_t ra = GETPC();
    int iopl = (env->eflags & IOPL_MASK) >> IOPL_SHIFT;

    if (!(env->cr[0] & CR0_PE_MASK) ||
        (!(env->eflags & VM_MASK) && (env->hflags & HF_CPL_MASK) <= iopl)) {
        return;
    }
    int tr_type = (env->tr.flags >> DESC_TYPE_SHIFT) & 0xf;
    /* only a 32-bit TSS (available 9 or busy 11) has an I/O bitmap */
    if (!(env->tr.flags & DESC_P_MASK) || (tr_type & ~2) != 9 || env->tr.limit < 103) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }
    uint32_t bitmap = cpu_lduw_le_mmuidx_ra(env, env->tr.base + 0x66, MMU_KERNEL_IDX, ra);
    uint32_t offset = bitmap + (port >> 3);
    if (offset + 1 > env->tr.limit) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }
    uint32_t bits = cpu_lduw_le_mmuidx_ra(env, env->tr.base + offset, MMU_KERNEL_IDX, ra);
    if ((bits >> (port & 7)) & ((1u << size) - 1)) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }
}

/* in al/ax/eax, dx|imm8 (E4 E5 EC ED) and ins */
uint32_t helper_inb(CPUX86State *env, uint32_t port)
{
    return cpu_inb(port & 0xffff);
}

uint32_t helper_inw(CPUX86State *env, uint32_t port)
{
    return cpu_inw(port & 0xffff);
}

uint32_t helper_inl(CPUX86State *env, uint32_t port)
{
    return cpu_inl(port & 0xffff);
}

/* out dx|imm8, al/ax/eax (E6 E7 EE EF) and outs */
void helper_outb(CPUX86State *env, uint32_t port, uint32_t val)
{
    cpu_outb(port & 0xffff, val & 0xff);
}

void helper_outw(CPUX86State *env, uint32_t port, uint32_t val)
{
    cpu_outw(port & 0xffff, val & 0xffff);
}

void helper_outl(CPUX86State *env, uint32_t port, uint32_t val)
{
    cpu_outl(port & 0xffff, val);
}
