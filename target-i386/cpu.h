/*
 * The x86 CPU state, shared by the i386 (and later x86_64) translator and
 * helpers. Common code never looks inside: it sees CPUState and `void *env`.
 *
 * Sections are owned by different parts of the front end; keep additions
 * in the section they belong to:
 *   integer/flags  translate*.c, cc_helper.c, int_helper.c
 *   system         seg_helper.c, excp_helper.c, misc_helper.c, cpu.c
 *   fpu/simd       fpu_helper.c, sse_helper.c, translate-fpu.c, translate-sse.c
 */
#ifndef TARGET_I386_CPU_H
#define TARGET_I386_CPU_H

#include "qemu/osdep.h"
#include "exec/cpu-common.h"

#if TARGET_LONG_BITS == 64
typedef uint64_t target_ulong;
typedef int64_t target_long;
#define TARGET_FMT_lx "%016" PRIx64
#define CPU_NB_REGS 16
#else
typedef uint32_t target_ulong;
typedef int32_t target_long;
#define TARGET_FMT_lx "%08" PRIx32
#define CPU_NB_REGS 8
#endif

typedef struct CPUX86State CPUX86State;
typedef CPUX86State CPUArchState;
typedef struct X86CPU X86CPU;

/* ======================= integer and flags ======================= */

enum { R_EAX, R_ECX, R_EDX, R_EBX, R_ESP, R_EBP, R_ESI, R_EDI };
enum { R_ES, R_CS, R_SS, R_DS, R_FS, R_GS };

/* EFLAGS bits */
#define CC_C    0x0001
#define CC_P    0x0004
#define CC_A    0x0010
#define CC_Z    0x0040
#define CC_S    0x0080
#define CC_O    0x0800
#define TF_MASK   0x00000100
#define IF_MASK   0x00000200
#define DF_MASK   0x00000400
#define IOPL_MASK 0x00003000
#define IOPL_SHIFT 12
#define NT_MASK   0x00004000
#define RF_MASK   0x00010000
#define VM_MASK   0x00020000
#define AC_MASK   0x00040000
#define VIF_MASK  0x00080000
#define VIP_MASK  0x00100000
#define ID_MASK   0x00200000
#define CC_FLAGS_MASK (CC_O | CC_S | CC_Z | CC_A | CC_P | CC_C)

/*
 * Lazy condition codes: the last flag-setting operation is kept as
 * cc_op with its operands/result in cc_dst, cc_src, cc_src2; flags are
 * computed only when read. The CC_OP_* list and its meaning are defined by
 * the translator (cc_op.h / cc_helper.c).
 */

/* hflags: the CPU state generated code depends on (the TB flags) */
#define HF_CPL_MASK      0x00000003  /* current privilege level */
#define HF_INHIBIT_IRQ   (1u << 3)   /* after mov ss / sti: no interrupt for one insn */
#define HF_CS32          (1u << 4)   /* 32-bit code segment */
#define HF_SS32          (1u << 5)   /* 32-bit stack segment */
#define HF_ADDSEG        (1u << 6)   /* DS/ES/SS base may be non-zero: add segment bases */
#define HF_PE            (1u << 7)   /* protected mode */
#define HF_TF            (1u << 8)   /* trap flag: single-step */
#define HF_MP            (1u << 9)   /* CR0.MP */
#define HF_EM            (1u << 10)  /* CR0.EM */
#define HF_TS            (1u << 11)  /* CR0.TS */
#define HF_IOPL_SHIFT    12          /* copy of EFLAGS.IOPL (2 bits) */
#define HF_IOPL_MASK     (3u << HF_IOPL_SHIFT)
#define HF_LMA           (1u << 14)  /* long mode active */
#define HF_CS64          (1u << 15)  /* 64-bit code segment */
#define HF_RF            (1u << 16)  /* EFLAGS.RF */
#define HF_VM            (1u << 17)  /* v8086 mode (copy of EFLAGS.VM) */
#define HF_OSFXSR        (1u << 18)  /* CR4.OSFXSR */
#define HF_AC            (1u << 19)  /* alignment check enabled (CR0.AM & EFLAGS.AC & CPL 3) */
#define HF_SMAP          (1u << 20)
#define HF_PVI           (1u << 21)  /* CR4.PVI / VME in effect */
/*
 * Segment checks (cpu.c x86_seg_check_hflags; translate.c gen_seg_check).
 * Bit HF_SEGCHK_SHIFT + seg (R_ES..R_GS) is set when data accesses through
 * that segment need limit/type checks: for ES, SS, DS, FS, GS anything but
 * a present, expand-up, writable data segment with a 4 GiB limit; for CS
 * (reads through a CS override) anything but a readable 4 GiB one.
 * Linux's flat segments leave them all clear: no checks are generated.
 */
#define HF_SEGCHK_SHIFT  22
#define HF_SEGCHK_MASK   (0x3fu << HF_SEGCHK_SHIFT)
/*
 * CS limit below 4 GiB: instruction fetch is checked against it, and the
 * limit itself is part of the TB key (bits 32-63 of the TB's cs_base).
 */
#define HF_CSLIM         (1u << 28)
/*
 * Every segment is expand-up with a limit of at least 0xFFFF: in real and
 * v8086 mode a byte access at a 16-bit offset cannot fault.
 */
#define HF_SEG64K        (1u << 29)
/* The access descriptor helper_seg_check takes: segment, write, size - 1 */
#define SEGCHK_SEG_MASK   7u
#define SEGCHK_WRITE      (1u << 3)
#define SEGCHK_LAST_SHIFT 4

/* MMU modes of the softmmu TLB */
#define MMU_KERNEL_IDX 0
#define MMU_USER_IDX   1
#define X86_NB_MMU_MODES 2

/* Segment descriptor bits as kept in SegmentCache.flags (the descriptor's high word) */
#define DESC_G_MASK     (1u << 23)
#define DESC_B_SHIFT    22
#define DESC_B_MASK     (1u << DESC_B_SHIFT)
#define DESC_L_SHIFT    21
#define DESC_L_MASK     (1u << DESC_L_SHIFT)
#define DESC_AVL_MASK   (1u << 20)
#define DESC_P_MASK     (1u << 15)
#define DESC_DPL_SHIFT  13
#define DESC_DPL_MASK   (3u << DESC_DPL_SHIFT)
#define DESC_S_MASK     (1u << 12)
#define DESC_TYPE_SHIFT 8
#define DESC_TYPE_MASK  (15u << DESC_TYPE_SHIFT)
#define DESC_A_MASK     (1u << 8)
#define DESC_CS_MASK    (1u << 11)   /* code segment (S=1) */
#define DESC_C_MASK     (1u << 10)   /* conforming */
#define DESC_E_MASK     (1u << 10)   /* expand-down (data) */
#define DESC_R_MASK     (1u << 9)    /* readable (code) */
#define DESC_W_MASK     (1u << 9)    /* writable (data) */
#define DESC_TSS_BUSY_MASK (1u << 9)

typedef struct SegmentCache {
    uint32_t selector;
    target_ulong base;
    uint32_t limit;     /* in bytes, granularity applied */
    uint32_t flags;
} SegmentCache;

/* Exceptions */
#define EXCP00_DIVZ  0
#define EXCP01_DB    1
#define EXCP02_NMI   2
#define EXCP03_INT3  3
#define EXCP04_INTO  4
#define EXCP05_BOUND 5
#define EXCP06_ILLOP 6
#define EXCP07_PREX  7
#define EXCP08_DBLE  8
#define EXCP09_XERR  9
#define EXCP0A_TSS   10
#define EXCP0B_NOSEG 11
#define EXCP0C_STACK 12
#define EXCP0D_GPF   13
#define EXCP0E_PAGE  14
#define EXCP10_COPR  16
#define EXCP11_ALGN  17
#define EXCP12_MCHK  18
#define EXCP13_XMM   19

/* CR0 / CR4 / EFER bits */
#define CR0_PE_MASK (1u << 0)
#define CR0_MP_MASK (1u << 1)
#define CR0_EM_MASK (1u << 2)
#define CR0_TS_MASK (1u << 3)
#define CR0_ET_MASK (1u << 4)
#define CR0_NE_MASK (1u << 5)
#define CR0_WP_MASK (1u << 16)
#define CR0_AM_MASK (1u << 18)
#define CR0_NW_MASK (1u << 29)
#define CR0_CD_MASK (1u << 30)
#define CR0_PG_MASK (1u << 31)
#define CR4_VME_MASK (1u << 0)
#define CR4_PVI_MASK (1u << 1)
#define CR4_TSD_MASK (1u << 2)
#define CR4_DE_MASK  (1u << 3)
#define CR4_PSE_MASK (1u << 4)
#define CR4_PAE_MASK (1u << 5)
#define CR4_MCE_MASK (1u << 6)
#define CR4_PGE_MASK (1u << 7)
#define CR4_PCE_MASK (1u << 8)
#define CR4_OSFXSR_MASK (1u << 9)
#define CR4_OSXMMEXCPT_MASK (1u << 10)
#define MSR_EFER_SCE (1u << 0)
#define MSR_EFER_LME (1u << 8)
#define MSR_EFER_LMA (1u << 10)
#define MSR_EFER_NXE (1u << 11)

/*
 * TB flags vs env->hflags (system part): HF_TF, HF_IOPL_MASK, HF_RF, HF_VM
 * (same bit positions as in EFLAGS) and HF_AC are computed from eflags/CR0
 * by get_tb_cpu_state into the TB flags only; env->hflags never holds them.
 * Everything else in the TB flags is env->hflags, kept current by
 * cpu_x86_load_seg_cache, cpu_x86_update_cr0/cr4 and cpu_x86_recompute_hflags.
 */

/*
 * The TB's cs_base is the CS base in bits 0-31 and, when HF_CSLIM is set,
 * the CS limit in bits 32-63 (TBs are specialised on it; the translator
 * ends instruction fetch there with #GP).
 */
#define X86_TB_CS_LIMIT_SHIFT 32

/* hflags2 bits (system part) */
#define HF2_NMI_MASK     (1u << 0)   /* NMI handler running: further NMIs wait for iret */

/* CPUID.1 EDX / ECX and CPUID.80000001 EDX feature bits the CPU models use */
#define CPUID_FP87  (1u << 0)
#define CPUID_VME   (1u << 1)
#define CPUID_DE    (1u << 2)
#define CPUID_PSE   (1u << 3)
#define CPUID_TSC   (1u << 4)
#define CPUID_MSR   (1u << 5)
#define CPUID_PAE   (1u << 6)
#define CPUID_MCE   (1u << 7)
#define CPUID_CX8   (1u << 8)
#define CPUID_APIC  (1u << 9)
#define CPUID_SEP   (1u << 11)
#define CPUID_MTRR  (1u << 12)
#define CPUID_PGE   (1u << 13)
#define CPUID_MCA   (1u << 14)
#define CPUID_CMOV  (1u << 15)
#define CPUID_PAT   (1u << 16)
#define CPUID_PSE36 (1u << 17)
#define CPUID_CLFSH (1u << 19)
#define CPUID_MMX   (1u << 23)
#define CPUID_FXSR  (1u << 24)
#define CPUID_SSE   (1u << 25)
#define CPUID_SSE2  (1u << 26)
#define CPUID_EXT2_NX (1u << 20)

/* ======================= fpu and simd ======================= */

typedef struct floatx80 {
    uint64_t low;       /* significand, explicit integer bit */
    uint16_t high;      /* sign and exponent */
} floatx80;

typedef union FPReg {
    floatx80 d;
    uint64_t mmx;       /* MMX registers alias the significands */
} FPReg;

typedef union XMMReg {
    uint8_t b[16];
    uint16_t w[8];
    uint32_t l[4];
    uint64_t q[2];
    float f[4];
    double d[2];
} XMMReg;

typedef union MMXReg {
    uint8_t b[8];
    uint16_t w[4];
    uint32_t l[2];
    uint64_t q;
} MMXReg;

/* x87 status word (env->fpus keeps it without TOP, which lives in fpstt) */
#define FPUS_IE  0x0001     /* invalid operation */
#define FPUS_DE  0x0002     /* denormal operand */
#define FPUS_ZE  0x0004     /* zero divide */
#define FPUS_OE  0x0008     /* overflow */
#define FPUS_UE  0x0010     /* underflow */
#define FPUS_PE  0x0020     /* precision (inexact) */
#define FPUS_SF  0x0040     /* stack fault (with IE; C1 = 1 overflow, 0 underflow) */
#define FPUS_ES  0x0080     /* exception summary: an unmasked exception is pending */
#define FPUS_C0  0x0100
#define FPUS_C1  0x0200
#define FPUS_C2  0x0400
#define FPUS_TOP_SHIFT 11
#define FPUS_TOP 0x3800
#define FPUS_C3  0x4000
#define FPUS_B   0x8000     /* busy: mirrors ES */
#define FPUS_EXC_MASK 0x003f
#define FPUS_CC_MASK (FPUS_C0 | FPUS_C1 | FPUS_C2 | FPUS_C3)

/* x87 control word */
#define FPUC_EM_MASK 0x003f /* exception masks, same bits as FPUS_IE..FPUS_PE */
#define FPUC_PC_SHIFT 8     /* precision control: 0 single, 2 double, 3 extended */
#define FPUC_PC_MASK 0x0300
#define FPUC_RC_SHIFT 10    /* rounding control: nearest, down, up, toward zero */
#define FPUC_RC_MASK 0x0c00
#define FPUC_IC      0x1000 /* infinity control (ignored since the 387, kept) */
#define FPUC_DEFAULT 0x037f /* after finit */

/* fptags[]: our own encoding; fnstenv/fxsave convert to the architectural ones */
#define FPTAG_VALID 0
#define FPTAG_EMPTY 1

/* MXCSR */
#define MXCSR_IE  0x0001
#define MXCSR_DE  0x0002
#define MXCSR_ZE  0x0004
#define MXCSR_OE  0x0008
#define MXCSR_UE  0x0010
#define MXCSR_PE  0x0020
#define MXCSR_FLAGS_MASK 0x003f
#define MXCSR_DAZ 0x0040
#define MXCSR_EM_SHIFT 7    /* exception masks: flags << 7 */
#define MXCSR_EM_MASK 0x1f80
#define MXCSR_RC_SHIFT 13
#define MXCSR_RC_MASK 0x6000
#define MXCSR_FTZ 0x8000
#define MXCSR_DEFAULT 0x1f80
/* the bits ldmxcsr/fxrstor accept (others: #GP); DAZ is advertised in fxsave's mask */
#define MXCSR_WRITABLE 0xffff

/* ======================= the state ======================= */

struct CPUX86State {
    /* integer and flags: hot fields first */
    target_ulong regs[CPU_NB_REGS];
    target_ulong eip;
    target_ulong eflags;    /* all but the arithmetic flags and DF (kept lazily) */
    target_ulong cc_dst;
    target_ulong cc_src;
    target_ulong cc_src2;
    uint32_t cc_op;
    int32_t df;             /* +1 or -1 */
    uint32_t hflags;
    uint32_t hflags2;

    /* system */
    SegmentCache segs[6];
    SegmentCache ldt;
    SegmentCache tr;
    SegmentCache gdt;       /* only base and limit */
    SegmentCache idt;
    target_ulong cr[5];
    uint64_t efer;
    uint64_t pat;
    uint32_t a20_mask;
    target_ulong dr[8];
    uint32_t sysenter_cs;
    target_ulong sysenter_esp;
    target_ulong sysenter_eip;
    uint64_t star, lstar, cstar, fmask, kernelgsbase;
    uint64_t tsc_offset;
    uint64_t apic_base;
    uint64_t mtrr_deftype;
    uint64_t mtrr_fixed[11];
    uint64_t mtrr_var[16];
    uint64_t misc_enable;
    /* exception being delivered */
    int error_code;
    int exception_is_int;           /* software interrupt (int n) */
    target_ulong exception_next_eip;
    int old_exception;              /* for double-fault detection, -1 none */
    /* CPU model (cpuid) */
    uint32_t cpuid_level, cpuid_xlevel;
    uint32_t cpuid_vendor[3];
    uint32_t cpuid_version;
    uint32_t cpuid_features, cpuid_ext_features;
    uint32_t cpuid_ext2_features, cpuid_ext3_features;
    uint32_t cpuid_model[12];
    uint32_t cpuid_cache_desc[4];   /* leaf 2: cache and TLB descriptors */
    /* board hooks */
    int (*get_pic_interrupt)(void *opaque); /* vector of the pending interrupt, -1 none */
    void *pic_opaque;

    /* fpu and simd */
    unsigned fpstt;         /* top of stack */
    uint16_t fpus;          /* status word without TOP */
    uint16_t fpuc;          /* control word */
    uint8_t fptags[8];      /* 1 = empty */
    FPReg fpregs[8];
    uint16_t fpop;
    uint64_t fpip, fpdp;
    uint32_t fpcs, fpds;
    uint32_t mxcsr;
    XMMReg xmm_regs[CPU_NB_REGS];
    XMMReg xmm_t0;          /* a memory operand of an SSE insn */
    MMXReg mmx_t0;          /* a memory operand of an MMX insn */
    /*
     * Board hook for legacy x87 error reporting (CR0.NE = 0): FERR#, which
     * a PC routes to IRQ13. Called with true when a waiting x87 insn finds
     * an unmasked exception pending, false when fnclex/fninit clear it.
     */
    void (*fpu_ferr)(void *opaque, bool asserted);
    void *fpu_ferr_opaque;
};

struct X86CPU {
    CPUState parent;
    CPUX86State env;
};
QEMU_BUILD_BUG_ON(offsetof(X86CPU, env) != sizeof(CPUState));

static inline X86CPU *env_archcpu(CPUX86State *env)
{
    return container_of(env, X86CPU, env);
}

/* ======================= functions shared across the front end ======================= */

/* cpu.c */
X86CPU *cpu_x86_create(const char *model);  /* NULL: unknown model */
void x86_cpu_list(FILE *f);
extern const CPUOps x86_cpu_ops;
void cpu_x86_update_cr0(CPUX86State *env, uint32_t new_cr0);
void cpu_x86_update_cr3(CPUX86State *env, target_ulong new_cr3);
void cpu_x86_update_cr4(CPUX86State *env, uint32_t new_cr4);
void cpu_x86_load_seg_cache(CPUX86State *env, int seg, uint32_t selector,
                            target_ulong base, uint32_t limit, uint32_t flags);
void cpu_x86_recompute_hflags(CPUX86State *env);
void x86_cpu_dump_state(CPUState *cs, FILE *f);

/* cc_helper.c: EFLAGS from the lazy state, and back */
target_ulong cpu_compute_eflags(CPUX86State *env);
void cpu_load_eflags(CPUX86State *env, target_ulong eflags, target_ulong update_mask);

/* excp_helper.c: raising guest exceptions from helpers (never return) */
void QEMU_NORETURN raise_exception(CPUX86State *env, int intno);
void QEMU_NORETURN raise_exception_ra(CPUX86State *env, int intno, uintptr_t retaddr);
void QEMU_NORETURN raise_exception_err(CPUX86State *env, int intno, int error_code);
void QEMU_NORETURN raise_exception_err_ra(CPUX86State *env, int intno,
                                          int error_code, uintptr_t retaddr);
void QEMU_NORETURN raise_interrupt(CPUX86State *env, int intno, int is_int,
                                   int error_code, int next_eip_addend);
bool x86_cpu_tlb_fill(CPUState *cs, vaddr addr, int size, MMUAccessType access,
                      int mmu_idx, bool probe, uintptr_t retaddr);

/* seg_helper.c: interrupt and exception delivery */
void x86_cpu_do_interrupt(CPUState *cs);
bool x86_cpu_exec_interrupt(CPUState *cs, uint32_t interrupt_request);

/* fpu_helper.c */
void cpu_x86_fpu_reset(CPUX86State *env);

static inline int cpu_mmu_index(CPUX86State *env)
{
    return (env->hflags & HF_CPL_MASK) == 3 ? MMU_USER_IDX : MMU_KERNEL_IDX;
}

#endif
