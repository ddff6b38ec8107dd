/*
 * The x86 CPU object: CPU models and their CPUID data, reset, the CPUOps
 * table common code drives, and the bookkeeping that keeps env->hflags
 * (the TB flags) in step with control registers and segment caches.
 */
#include "qemu/osdep.h"
#include "cpu.h"
#include "cc_op.h"
#include "sys-internal.h"
#include "exec/memory.h"
#include "qemu/log.h"

/*
 * The EFLAGS bits the translator depends on sit at the same bit positions
 * in the TB flags; get_tb_cpu_state copies them from eflags, so they are
 * never kept in env->hflags.
 */
QEMU_BUILD_BUG_ON(TF_MASK != HF_TF);
QEMU_BUILD_BUG_ON(IOPL_MASK != HF_IOPL_MASK);
QEMU_BUILD_BUG_ON(RF_MASK != HF_RF);
QEMU_BUILD_BUG_ON(VM_MASK != HF_VM);
#define HF_FROM_EFLAGS (HF_TF | HF_IOPL_MASK | HF_RF | HF_VM)

/* ---- CPU models ---- */

typedef struct X86CPUModel {
    const char *name;
    const char *description;
    uint32_t level, xlevel;
    char vendor[13];
    int family, model, stepping;
    uint32_t features, ext_features, ext2_features, ext3_features;
    char brand[49];
    uint32_t cache_desc[4];
} X86CPUModel;

/*
 * Only what this emulator implements is advertised: the local APIC (the PC
 * board has one), no VME/PVI, no MCE/MCA, no PSE-36, no SSE3, no EST or
 * thermal monitor. CLFLUSH is left out with the CLFLUSH line size.
 */
#define PENTIUM_M_FEATURES \
    (CPUID_FP87 | CPUID_DE | CPUID_PSE | CPUID_TSC | CPUID_MSR | CPUID_PAE | \
     CPUID_CX8 | CPUID_APIC | CPUID_SEP | CPUID_MTRR | CPUID_PGE | CPUID_CMOV | CPUID_PAT | \
     CPUID_MMX | CPUID_FXSR | CPUID_SSE | CPUID_SSE2)

static const X86CPUModel x86_cpu_models[] = {
    {
        /*
         * Pentium M 760, "Dothan" C0 stepping (2.00 GHz, 533 MHz FSB):
         * the first Pentium M with PAE and the NX (XD) bit.
         */
        .name = "pentium-m",
        .description = "Intel Pentium M 760 (Dothan C0)",
        .level = 2,
        .xlevel = 0x80000004,
        .vendor = "GenuineIntel",
        .family = 6, .model = 13, .stepping = 8,
        .features = PENTIUM_M_FEATURES,
        .ext2_features = CPUID_EXT2_NX,
        .brand = "Intel(R) Pentium(R) M processor 2.00GHz",
        /*
         * 32 KiB 8-way L1 I and D, 2 MiB 8-way L2, 64-byte lines and
         * prefetch, 128-entry I/D TLBs for 4 KiB pages, 2/8 for 4 MiB.
         */
        .cache_desc = { 0x02b3b001, 0x000000f0, 0x00000000, 0x2c04307d },
    },
};

/* Other names accepted by -cpu; `qemu32` is what QEMU users type by habit. */
static const struct { const char *alias, *model; } x86_cpu_aliases[] = {
    { "qemu32", "pentium-m" },
    { "default", "pentium-m" },
};

#define X86_DEFAULT_CPU_MODEL "pentium-m"

static const X86CPUModel *x86_cpu_model_find(const char *name)
{
    if (!name) {
        name = X86_DEFAULT_CPU_MODEL;
    }
    for (size_t i = 0; i < ARRAY_SIZE(x86_cpu_aliases); i++) {
        if (!strcmp(name, x86_cpu_aliases[i].alias)) {
            name = x86_cpu_aliases[i].model;
        }
    }
    for (size_t i = 0; i < ARRAY_SIZE(x86_cpu_models); i++) {
        if (!strcmp(name, x86_cpu_models[i].name)) {
            return &x86_cpu_models[i];
        }
    }
    return NULL;
}

void x86_cpu_list(FILE *f)
{
    fprintf(f, "Available CPUs:\n");
    for (size_t i = 0; i < ARRAY_SIZE(x86_cpu_models); i++) {
        fprintf(f, "  %-16s %s%s\n", x86_cpu_models[i].name,
                x86_cpu_models[i].description,
                strcmp(x86_cpu_models[i].name, X86_DEFAULT_CPU_MODEL) ? "" : " (default)");
    }
    for (size_t i = 0; i < ARRAY_SIZE(x86_cpu_aliases); i++) {
        fprintf(f, "  %-16s alias of %s\n", x86_cpu_aliases[i].alias,
                x86_cpu_aliases[i].model);
    }
}

static void x86_cpu_apply_model(CPUX86State *env, const X86CPUModel *m)
{
    env->cpuid_level = m->level;
    env->cpuid_xlevel = m->xlevel;
    /* CPUID.0 returns the vendor string in EBX, EDX, ECX order */
    memcpy(env->cpuid_vendor, m->vendor, 12);
    env->cpuid_version = ((m->family & 0xf) << 8) | ((m->model & 0xf) << 4) |
                         (m->stepping & 0xf);
    if (m->family > 0xf) {
        env->cpuid_version |= ((m->family - 0xf) & 0xff) << 20;
    }
    env->cpuid_version |= ((m->model >> 4) & 0xf) << 16;
    env->cpuid_features = m->features;
    env->cpuid_ext_features = m->ext_features;
    env->cpuid_ext2_features = m->ext2_features;
    env->cpuid_ext3_features = m->ext3_features;
    memset(env->cpuid_model, 0, sizeof(env->cpuid_model));
    memcpy(env->cpuid_model, m->brand, strlen(m->brand));
    memcpy(env->cpuid_cache_desc, m->cache_desc, sizeof(env->cpuid_cache_desc));
}

/* ---- hflags ---- */

/* CPL as defined by the mode: 0 in real mode, 3 in v8086, else kept */
static uint32_t x86_mode_cpl(CPUX86State *env)
{
    if (!(env->cr[0] & CR0_PE_MASK)) {
        return 0;
    }
    if (env->eflags & VM_MASK) {
        return 3;
    }
    return env->hflags & HF_CPL_MASK;
}

/*
 * ADDSEG: segment bases must be added to DS/ES/SS addresses. Always in
 * real, v8086 and 16-bit code (bases are selector * 16 or arbitrary);
 * in 32-bit protected mode only when one of those bases is not zero.
 */
static bool x86_need_addseg(CPUX86State *env)
{
    if (!(env->hflags & HF_PE) || (env->eflags & VM_MASK) || !(env->hflags & HF_CS32)) {
        return true;
    }
    return (env->segs[R_DS].base | env->segs[R_ES].base | env->segs[R_SS].base) != 0;
}

/*
 * The segment-check bits of hflags (cpu.h HF_SEGCHK_*, HF_CSLIM, HF_SEG64K),
 * from the segment caches alone: whether a given access faults also
 * depends on the mode, which the check helper reads when it runs.
 */
static uint32_t x86_seg_check_hflags(CPUX86State *env)
{
    uint32_t hf = HF_SEG64K;

    for (int seg = R_ES; seg <= R_GS; seg++) {
        const SegmentCache *sc = &env->segs[seg];
        uint32_t f = sc->flags;
        bool present = (f & (DESC_P_MASK | DESC_S_MASK)) == (DESC_P_MASK | DESC_S_MASK);
        bool code = f & DESC_CS_MASK;
        bool expand_down = !code && (f & DESC_E_MASK);
        /* CS is only read through (its writes are always checked) */
        bool usable = seg == R_CS ? !code || (f & DESC_R_MASK) : !code && (f & DESC_W_MASK);

        if (!present || !usable || expand_down || sc->limit != 0xffffffff) {
            hf |= 1u << (HF_SEGCHK_SHIFT + seg);
        }
        /* a not-present cache counts as 64 KiB: see seg_check_helper.c */
        if (expand_down || ((f & DESC_P_MASK) && sc->limit < 0xffff)) {
            hf &= ~HF_SEG64K;
        }
    }
    if (env->segs[R_CS].limit != 0xffffffff) {
        hf |= HF_CSLIM;
    }
    return hf;
}

void cpu_x86_recompute_hflags(CPUX86State *env)
{
    uint32_t hf = env->hflags & HF_INHIBIT_IRQ;

    hf |= x86_mode_cpl(env);
    if (env->cr[0] & CR0_PE_MASK) {
        hf |= HF_PE;
    }
    /* CR0.MP, EM, TS are bits 1-3; HF_MP, HF_EM, HF_TS are bits 9-11 */
    hf |= (env->cr[0] & (CR0_MP_MASK | CR0_EM_MASK | CR0_TS_MASK)) << 8;
    if (env->segs[R_CS].flags & DESC_B_MASK) {
        hf |= HF_CS32;
    }
    if (env->segs[R_SS].flags & DESC_B_MASK) {
        hf |= HF_SS32;
    }
    if (env->cr[4] & CR4_OSFXSR_MASK) {
        hf |= HF_OSFXSR;
    }
    hf |= x86_seg_check_hflags(env);
    env->hflags = hf;
    if (x86_need_addseg(env)) {
        env->hflags |= HF_ADDSEG;
    }
}

void cpu_x86_load_seg_cache(CPUX86State *env, int seg, uint32_t selector,
                            target_ulong base, uint32_t limit, uint32_t flags)
{
    SegmentCache *sc = &env->segs[seg];

    sc->selector = selector;
    sc->base = base;
    sc->limit = limit;
    sc->flags = flags;

    if (seg == R_CS) {
        env->hflags = (env->hflags & ~HF_CS32) | ((flags & DESC_B_MASK) ? HF_CS32 : 0);
    } else if (seg == R_SS) {
        env->hflags = (env->hflags & ~HF_SS32) | ((flags & DESC_B_MASK) ? HF_SS32 : 0);
        /* in protected mode the CPL is the DPL of the stack segment */
        if ((env->cr[0] & CR0_PE_MASK) && !(env->eflags & VM_MASK)) {
            env->hflags = (env->hflags & ~HF_CPL_MASK) | desc_dpl(flags);
        } else {
            env->hflags = (env->hflags & ~HF_CPL_MASK) | x86_mode_cpl(env);
        }
    }
    if (seg != R_FS && seg != R_GS) {
        env->hflags = (env->hflags & ~HF_ADDSEG) | (x86_need_addseg(env) ? HF_ADDSEG : 0);
    }
    env->hflags = (env->hflags & ~(HF_SEGCHK_MASK | HF_CSLIM | HF_SEG64K)) |
                  x86_seg_check_hflags(env);
}

/* ---- control registers ---- */

void x86_tlb_flush(CPUX86State *env)
{
    tlb_flush(env_cpu(env));
}

void cpu_x86_update_cr0(CPUX86State *env, uint32_t new_cr0)
{
    /* ET is hardwired to 1 since the 486 */
    new_cr0 |= CR0_ET_MASK;
    if ((new_cr0 ^ env->cr[0]) & (CR0_PG_MASK | CR0_WP_MASK | CR0_PE_MASK)) {
        x86_tlb_flush(env);
    }
    env->cr[0] = new_cr0;
    cpu_x86_recompute_hflags(env);
}

/*
 * A CR3 write flushes the whole TLB: the common TLB keeps no global bit,
 * and a flush is always a correct (if slower) substitute.
 */
void cpu_x86_update_cr3(CPUX86State *env, target_ulong new_cr3)
{
    env->cr[3] = new_cr3;
    if (env->cr[0] & CR0_PG_MASK) {
        x86_tlb_flush(env);
    }
}

void cpu_x86_update_cr4(CPUX86State *env, uint32_t new_cr4)
{
    if ((new_cr4 ^ env->cr[4]) & (CR4_PGE_MASK | CR4_PAE_MASK | CR4_PSE_MASK)) {
        x86_tlb_flush(env);
    }
    env->cr[4] = new_cr4;
    cpu_x86_recompute_hflags(env);
}

/* ---- CPUOps ---- */

static void x86_get_tb_cpu_state(void *opaque, vaddr *pc, uint64_t *cs_base, uint32_t *flags)
{
    CPUX86State *env = opaque;
    uint32_t f = (env->hflags & ~(HF_FROM_EFLAGS | HF_AC)) | (env->eflags & HF_FROM_EFLAGS);

    if ((env->eflags & AC_MASK) && (env->cr[0] & CR0_AM_MASK) &&
        (env->hflags & HF_CPL_MASK) == 3) {
        f |= HF_AC;
    }
    *cs_base = env->segs[R_CS].base;
    if (f & HF_CSLIM) {
        *cs_base |= (uint64_t)env->segs[R_CS].limit << X86_TB_CS_LIMIT_SHIFT;
    }
    *pc = (uint32_t)(env->segs[R_CS].base + env->eip);
    *flags = f;
}

static int x86_cpu_mmu_index(CPUState *cs, bool ifetch)
{
    return cpu_mmu_index(cpu_env_ptr(cs));
}

static bool x86_cpu_has_work(CPUState *cs)
{
    CPUX86State *env = cpu_env_ptr(cs);

    /* one CPU and no SMM: INIT, SIPI and SMI never arrive */
    return ((cs->interrupt_request & CPU_INTERRUPT_HARD) && (env->eflags & IF_MASK)) ||
           (cs->interrupt_request & CPU_INTERRUPT_NMI);
}

/* selector, base, limit, flags of a real-mode data segment after reset */
#define RESET_DATA_FLAGS (DESC_P_MASK | DESC_S_MASK | DESC_W_MASK | DESC_A_MASK)
#define RESET_CODE_FLAGS (DESC_P_MASK | DESC_S_MASK | DESC_CS_MASK | DESC_R_MASK | DESC_A_MASK)

static void x86_cpu_reset(CPUState *cs)
{
    CPUX86State *env = cpu_env_ptr(cs);

    memset(env->regs, 0, sizeof(env->regs));
    /* EDX holds the processor signature, as CPUID.1 EAX reports it */
    env->regs[R_EDX] = env->cpuid_version;
    env->eip = 0xfff0;
    env->eflags = 0x2;
    env->cc_op = CC_OP_EFLAGS;
    env->cc_src = 0;
    env->cc_dst = 0;
    env->cc_src2 = 0;
    env->df = 1;
    env->hflags = 0;
    env->hflags2 = 0;

    env->cr[0] = 0x60000010;    /* CD, NW, ET */
    env->cr[2] = 0;
    env->cr[3] = 0;
    env->cr[4] = 0;
    env->efer = 0;
    env->pat = 0x0007040600070406ULL;
    env->a20_mask = ~0u;
    memset(env->dr, 0, sizeof(env->dr));
    env->dr[6] = 0xffff0ff0;
    env->dr[7] = 0x00000400;
    env->sysenter_cs = 0;
    env->sysenter_esp = 0;
    env->sysenter_eip = 0;
    env->star = env->lstar = env->cstar = env->fmask = env->kernelgsbase = 0;
    /* the TSC counts from 0 at reset */
    env->tsc_offset = 0;
    env->tsc_offset = -cpu_get_tsc(env);
    /* the local APIC at its default base, globally enabled, this CPU the BSP */
    env->apic_base = 0xfee00000 | (1u << 11) | (1u << 8);
    env->mtrr_deftype = 0;
    memset(env->mtrr_fixed, 0, sizeof(env->mtrr_fixed));
    memset(env->mtrr_var, 0, sizeof(env->mtrr_var));
    /* fast strings enabled; BTS and PEBS unavailable */
    env->misc_enable = 1 | (1u << 11) | (1u << 12);
    env->error_code = 0;
    env->exception_is_int = 0;
    env->exception_next_eip = 0;
    env->old_exception = -1;

    cpu_x86_load_seg_cache(env, R_CS, 0xf000, 0xffff0000, 0xffff, RESET_CODE_FLAGS);
    cpu_x86_load_seg_cache(env, R_SS, 0, 0, 0xffff, RESET_DATA_FLAGS);
    cpu_x86_load_seg_cache(env, R_DS, 0, 0, 0xffff, RESET_DATA_FLAGS);
    cpu_x86_load_seg_cache(env, R_ES, 0, 0, 0xffff, RESET_DATA_FLAGS);
    cpu_x86_load_seg_cache(env, R_FS, 0, 0, 0xffff, RESET_DATA_FLAGS);
    cpu_x86_load_seg_cache(env, R_GS, 0, 0, 0xffff, RESET_DATA_FLAGS);
    env->ldt = (SegmentCache){ 0, 0, 0xffff, DESC_P_MASK | (2 << DESC_TYPE_SHIFT) };
    env->tr = (SegmentCache){ 0, 0, 0xffff, DESC_P_MASK | (11 << DESC_TYPE_SHIFT) };
    env->gdt = (SegmentCache){ 0, 0, 0xffff, 0 };
    env->idt = (SegmentCache){ 0, 0, 0xffff, 0 };

    cpu_x86_fpu_reset(env);

    cs->exception_index = -1;
    cs->halted = false;
    cs->interrupt_request = 0;
    cpu_x86_recompute_hflags(env);
    x86_tlb_flush(env);

    if (qemu_loglevel_mask(CPU_LOG_RESET)) {
        qemu_log("CPU reset\n");
        x86_cpu_dump_state(cs, qemu_logfile);
    }
}

/* provided by the integer front end (translate.c) */
void x86_gen_intermediate_code(CPUState *cpu, TranslationBlock *tb, int max_insns);
void x86_restore_state_to_opc(CPUState *cpu, const TranslationBlock *tb,
                              const uint64_t *data);

/* real mode, v8086 and 16-bit protected-mode code disassemble as 8086 */
static const char *x86_disas_arch(const TranslationBlock *tb)
{
    return tb->flags & HF_CS32 ? "i386" : "i8086";
}

const CPUOps x86_cpu_ops = {
    .arch_name = "i386",
    .disas_arch = x86_disas_arch,
    .get_tb_cpu_state = x86_get_tb_cpu_state,
    .gen_intermediate_code = x86_gen_intermediate_code,
    .restore_state_to_opc = x86_restore_state_to_opc,
    .exec_interrupt = x86_cpu_exec_interrupt,
    .do_interrupt = x86_cpu_do_interrupt,
    .tlb_fill = x86_cpu_tlb_fill,
    .mmu_index = x86_cpu_mmu_index,
    .has_work = x86_cpu_has_work,
    .dump_state = x86_cpu_dump_state,
    .reset = x86_cpu_reset,
};

X86CPU *cpu_x86_create(const char *model_name)
{
    const X86CPUModel *model = x86_cpu_model_find(model_name);
    X86CPU *cpu;

    if (!model) {
        return NULL;
    }
    /* CPUState must be 64-byte aligned (generated code relies on the layout) */
    if (posix_memalign((void **)&cpu, 64, sizeof(*cpu))) {
        fatal("out of memory allocating the CPU");
    }
    memset(cpu, 0, sizeof(*cpu));
    x86_cpu_apply_model(&cpu->env, model);
    cpu_common_init(&cpu->parent, &x86_cpu_ops, &address_space_memory);
    cpu->parent.io_as = &address_space_io;
    x86_cpu_reset(&cpu->parent);
    return cpu;
}
