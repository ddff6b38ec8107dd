/*
 * What every guest CPU shares: the common CPU state (CPUState), the
 * softmmu TLB, translation blocks, and the hooks a target provides.
 *
 * Layout contract: a target's CPU object is
 *     struct ArchCPU { CPUState parent; CPUArchState env; };
 * with env starting exactly sizeof(CPUState) bytes after parent (CPUState is
 * 64-byte aligned and sized). Generated code holds the env pointer, and
 * reaches CPUState fields (TLB, exit flag) at negative offsets from it.
 * Common code never sees CPUArchState's contents: it passes `void *env`.
 */
#ifndef EXEC_CPU_COMMON_H
#define EXEC_CPU_COMMON_H

#include "qemu/osdep.h"

/* All our guests use 4 KiB pages for the softmmu TLB. */
#define TARGET_PAGE_BITS 12
#define TARGET_PAGE_SIZE (1u << TARGET_PAGE_BITS)
#define TARGET_PAGE_MASK (~(vaddr)0 << TARGET_PAGE_BITS)

/* ---- softmmu TLB ---- */

#define CPU_TLB_BITS 10
#define CPU_TLB_SIZE (1 << CPU_TLB_BITS)
#define NB_MMU_MODES_MAX 8

/*
 * The comparators hold the page-aligned guest virtual address; flags below
 * the page bits make the inline compare fail and send the access to the
 * slow path. An invalid entry is all ones.
 */
#define TLB_INVALID_MASK (1u << (TARGET_PAGE_BITS - 1))
#define TLB_MMIO         (1u << (TARGET_PAGE_BITS - 2))  /* I/O: call the device */
#define TLB_NOTDIRTY     (1u << (TARGET_PAGE_BITS - 3))  /* page holds code: invalidate TBs */
#define TLB_FLAGS_MASK   (TLB_INVALID_MASK | TLB_MMIO | TLB_NOTDIRTY)

typedef struct CPUTLBEntry {
    uint64_t addr_read;
    uint64_t addr_write;
    uint64_t addr_code;
    uintptr_t addend;   /* host address = guest virtual address + addend (RAM) */
} CPUTLBEntry;
QEMU_BUILD_BUG_ON(sizeof(CPUTLBEntry) != 32);

/* Slow-path data for one TLB entry (not touched by generated code). */
typedef struct CPUTLBEntryFull {
    hwaddr phys_addr;           /* guest physical page */
    struct MemoryRegion *mr;    /* what backs it */
    hwaddr mr_offset;           /* page offset within mr */
} CPUTLBEntryFull;

typedef struct CPUTLB {
    CPUTLBEntry table[NB_MMU_MODES_MAX][CPU_TLB_SIZE];
    CPUTLBEntryFull full[NB_MMU_MODES_MAX][CPU_TLB_SIZE];
    uint16_t used_mmu_mask;     /* modes filled since their last flush */
    /* counts flushes, whole or of a page: mappings may have changed since */
    uint64_t flush_gen;
    /*
     * Per mode, the span covering every large page entered since the last
     * flush (addr -1: none): flushing one page inside it flushes the mode.
     */
    vaddr large_page_addr[NB_MMU_MODES_MAX];
    vaddr large_page_mask[NB_MMU_MODES_MAX];
} CPUTLB;

typedef enum MMUAccessType {
    MMU_DATA_LOAD  = 0,
    MMU_DATA_STORE = 1,
    MMU_INST_FETCH = 2,
} MMUAccessType;

/* ---- translation blocks ---- */

typedef struct TranslationBlock TranslationBlock;

/*
 * Sets of the jump cache; two ways each, as the same pc often has two TBs
 * that are both in use (the kernel's code under two user processes whose
 * segment registers differ).
 */
#define TB_JMP_CACHE_BITS 13
#define TB_JMP_CACHE_SIZE (1 << TB_JMP_CACHE_BITS)
#define TB_JMP_CACHE_WAYS 2

/*
 * A jump cache entry: a TB found for a virtual pc, valid without looking
 * at the mapping again while the TLB's flush_gen is still tlb_gen.
 */
typedef struct TBJmpCacheEntry {
    TranslationBlock *tb;
    uint64_t tlb_gen;
} TBJmpCacheEntry;

/* exit_tb values: TB pointer | index; 0-1 = chained slot, 3 = exit requested. */
#define TB_EXIT_MASK      3
#define TB_EXIT_IDX0      0
#define TB_EXIT_IDX1      1
#define TB_EXIT_REQUESTED 3

/* jmp_reset_offset of a goto_tb slot the TB does not use (tcg_gen_code presets it) */
#define TB_JMP_OFFSET_INVALID 0xffff

/* cflags */
#define CF_COUNT_MASK 0x000001ff   /* max guest insns in this TB (0 = default) */
#define CF_NO_CHAIN   0x00000200   /* do not chain into or out of it */

struct TranslationBlock {
    vaddr pc;               /* guest virtual address of the first instruction */
    uint64_t cs_base;       /* target-defined (x86: CS base) */
    uint32_t flags;         /* target-defined CPU state the code depends on */
    uint32_t cflags;
    uint16_t size;          /* guest bytes covered */
    uint16_t icount;        /* guest instructions */

    const uint8_t *tc_ptr;  /* host code */
    uint32_t tc_size;

    hwaddr page_addr[2];    /* physical pages of the guest code; [1] = -1 if one page */
    TranslationBlock *page_next[2];  /* TBs of the same page (low bit: which slot) */

    /* direct jumps out of this TB */
    uint16_t jmp_insn_offset[2];
    uint16_t jmp_reset_offset[2];
    uintptr_t jmp_dest[2];  /* TB we jump to (low bit set: none), for unlinking */
    /* TBs jumping into this one: list threaded through their jmp_list_next */
    uintptr_t jmp_list_head;
    uintptr_t jmp_list_next[2];

    TranslationBlock *hash_next;
    bool invalid;
    uint8_t code_mmu_idx;   /* MMU index of its code fetches */

    /* guest state per instruction, for exact faults (translate-all.c encodes) */
    const uint8_t *search_data;
};

/* ---- per-target hooks ---- */

typedef struct CPUState CPUState;

typedef struct CPUOps {
    const char *arch_name;
    /* the disassembler's name for a TB's code (disas_guest), e.g. "i8086" */
    const char *(*disas_arch)(const TranslationBlock *tb);
    /* the state a TB's code depends on */
    void (*get_tb_cpu_state)(void *env, vaddr *pc, uint64_t *cs_base, uint32_t *flags);
    /* build the IR for tb (pc, cs_base, flags set), up to max_insns */
    void (*gen_intermediate_code)(CPUState *cpu, TranslationBlock *tb, int max_insns);
    /* set the guest PC (and lazily kept state) from insn_start data */
    void (*restore_state_to_opc)(CPUState *cpu, const TranslationBlock *tb,
                                 const uint64_t *data);
    /* take an external interrupt if one is pending and enabled */
    bool (*exec_interrupt)(CPUState *cpu, uint32_t interrupt_request);
    /* deliver cpu->exception_index (an exception, trap or software interrupt) */
    void (*do_interrupt)(CPUState *cpu);
    /*
     * Translate addr for access in mmu_idx and fill the TLB (tlb_set_page).
     * On a guest fault: if probe, return false; else raise the guest
     * exception (cpu_loop_exit_restore(cpu, retaddr)) and never return.
     */
    bool (*tlb_fill)(CPUState *cpu, vaddr addr, int size, MMUAccessType access,
                     int mmu_idx, bool probe, uintptr_t retaddr);
    /* the MMU index for data accesses (ifetch false) or code fetches */
    int (*mmu_index)(CPUState *cpu, bool ifetch);
    /* can the CPU leave halt (pending interrupt it would take) */
    bool (*has_work)(CPUState *cpu);
    void (*dump_state)(CPUState *cpu, FILE *f);
    void (*reset)(CPUState *cpu);
} CPUOps;

/* interrupt_request bits */
#define CPU_INTERRUPT_HARD  0x0002  /* external maskable interrupt line */
#define CPU_INTERRUPT_EXITTB 0x0004 /* leave the TB (state changed) */
#define CPU_INTERRUPT_HALT  0x0020
#define CPU_INTERRUPT_SMI   0x0040
#define CPU_INTERRUPT_NMI   0x0200
#define CPU_INTERRUPT_INIT  0x0400
#define CPU_INTERRUPT_TGT_0 0x1000  /* target-defined from here up */
#define CPU_INTERRUPT_TGT_1 0x2000
#define CPU_INTERRUPT_TGT_2 0x4000

/* special exception_index values (targets use 0..255 for their vectors) */
#define EXCP_INTERRUPT 0x10000  /* async exit: look at interrupt_request */
#define EXCP_HLT       0x10001  /* CPU halted */
#define EXCP_DEBUG     0x10002
#define EXCP_HALTED    0x10003

struct QEMU_ALIGNED(64) CPUState {
    const CPUOps *ops;
    int cpu_index;
    struct AddressSpace *as;        /* guest physical memory as this CPU sees it */
    struct AddressSpace *io_as;     /* x86 port space, or NULL */
    sigjmp_buf jmp_env;             /* unwinding from helpers to cpu_exec */
    int exception_index;            /* -1: none */
    uint32_t interrupt_request;
    bool halted;
    bool stopped;
    bool can_do_io;
    uintptr_t mem_io_pc;
    uint32_t cflags_next_tb;        /* cflags for the next TB only (0: normal) */
    CPUState *next_cpu;             /* list of all CPUs, see CPU_FOREACH */
    TBJmpCacheEntry tb_jmp_cache[TB_JMP_CACHE_SIZE][TB_JMP_CACHE_WAYS];
    CPUTLB tlb;
    /* last: closest to env, checked at every TB entry by generated code */
    volatile int32_t exit_request;
};
QEMU_BUILD_BUG_ON(sizeof(CPUState) % 64 != 0);

/* The env pointer of a CPU and back. */
static inline void *cpu_env_ptr(CPUState *cpu) { return (char *)cpu + sizeof(CPUState); }
static inline CPUState *env_cpu(void *env) { return (CPUState *)((char *)env - sizeof(CPUState)); }
/* Offsets of CPUState fields as seen from env (negative). */
#define ENV_OFFSET_OF_CPU(field) \
    ((intptr_t)offsetof(CPUState, field) - (intptr_t)sizeof(CPUState))

/* ---- cpu-exec.c ---- */
extern CPUState *first_cpu;
#define CPU_FOREACH(cpu) for ((cpu) = first_cpu; (cpu); (cpu) = (cpu)->next_cpu)

void cpu_common_init(CPUState *cpu, const CPUOps *ops, struct AddressSpace *as);
/* run until an exit request; returns the EXCP_* reason it stopped for */
int cpu_exec(CPUState *cpu);
/* ask the CPU to leave generated code soon (any thread, signal-safe) */
void cpu_exit(CPUState *cpu);
void cpu_interrupt(CPUState *cpu, uint32_t mask);
void cpu_reset_interrupt(CPUState *cpu, uint32_t mask);
/* unwind to cpu_exec from a helper; state must already be right */
void QEMU_NORETURN cpu_loop_exit(CPUState *cpu);
/* restore guest state for the instruction at host retaddr, then unwind */
void QEMU_NORETURN cpu_loop_exit_restore(CPUState *cpu, uintptr_t retaddr);
/* unwind to cpu_exec with no exception pending; state must already be right */
void QEMU_NORETURN cpu_loop_exit_noexc(CPUState *cpu);

/*
 * The key to a helper's guest instruction: the host return address into
 * generated code, or under the interpreter the bytecode position it set.
 */
extern bool tcg_use_tci;
extern __thread uintptr_t tci_tb_ptr;
#define GETPC() (unlikely(tcg_use_tci) ? tci_tb_ptr \
                 : (uintptr_t)__builtin_return_address(0))

/* ---- translate-all.c ---- */
void tcg_exec_init(size_t code_cache_size, bool use_tci);
/* restore guest state for host code address retaddr inside a TB; false if none */
bool cpu_restore_state(CPUState *cpu, uintptr_t retaddr);
TranslationBlock *tb_lookup(CPUState *cpu, vaddr pc, uint64_t cs_base, uint32_t flags);
TranslationBlock *tb_gen_code(CPUState *cpu, vaddr pc, uint64_t cs_base,
                              uint32_t flags, uint32_t cflags);
void tb_flush(CPUState *cpu);
/* guest physical [start, end) was written: drop TBs translated from it */
void tb_invalidate_phys_range(hwaddr start, hwaddr end);
/* is any translated code on this physical page */
bool tb_page_has_code(hwaddr page);
/* helper for indirect jumps: host code of the TB for the current state, or the epilogue */
const void *helper_lookup_tb_ptr(void *env);
/* the same when the state but the pc is as at the start of the jumping TB */
const void *helper_lookup_tb_ptr_same_state(void *env, uint64_t pc, uint64_t cs_base,
                                            uint32_t flags);

/* ---- cputlb.c ---- */
void tlb_flush(CPUState *cpu);
void tlb_flush_page(CPUState *cpu, vaddr addr);
/* every CPU's TLB (the memory map changed) */
void tlb_flush_all(void);
/* map virtual page vaddr to physical paddr with prot (PAGE_READ/WRITE/EXEC) */
void tlb_set_page(CPUState *cpu, vaddr addr, hwaddr paddr, int prot, int mmu_idx);
#define PAGE_READ  1
#define PAGE_WRITE 2
#define PAGE_EXEC  4
/*
 * The same for one 4 KiB piece of a larger guest page of `size` bytes
 * (power of two): tlb_flush_page anywhere in it then drops all its pieces.
 */
void tlb_set_large_page(CPUState *cpu, vaddr addr, hwaddr paddr, int prot,
                        int mmu_idx, vaddr size);
/*
 * Host address of guest virtual addr when an access of that type in mmu_idx
 * would take the inline fast path (a TLB hit on plain RAM, no flags), else
 * NULL. Never fills the TLB nor faults: it lets a helper move a run of
 * elements within one page at host speed and leave the rest to the slow path.
 */
void *tlb_plain_host_addr(void *env, vaddr addr, MMUAccessType access, int mmu_idx);
/* a physical page now holds code: make its writes take the slow path */
void tlb_protect_code(hwaddr page);
void tlb_unprotect_code(hwaddr page);

/* Slow paths called by generated code (and helpers) for guest memory. */
uint64_t helper_ld_mmu(void *env, uint64_t addr, uint32_t oi, uintptr_t retaddr);
void helper_st_mmu(void *env, uint64_t addr, uint64_t val, uint32_t oi, uintptr_t retaddr);

/*
 * Guest virtual memory from helpers: data accesses for mmu_idx, faulting
 * like the instruction at retaddr (0: not from generated code).
 */
uint32_t cpu_ldub_mmuidx_ra(void *env, vaddr addr, int mmu_idx, uintptr_t ra);
uint32_t cpu_lduw_le_mmuidx_ra(void *env, vaddr addr, int mmu_idx, uintptr_t ra);
uint32_t cpu_ldl_le_mmuidx_ra(void *env, vaddr addr, int mmu_idx, uintptr_t ra);
uint64_t cpu_ldq_le_mmuidx_ra(void *env, vaddr addr, int mmu_idx, uintptr_t ra);
void cpu_stb_mmuidx_ra(void *env, vaddr addr, uint32_t val, int mmu_idx, uintptr_t ra);
void cpu_stw_le_mmuidx_ra(void *env, vaddr addr, uint32_t val, int mmu_idx, uintptr_t ra);
void cpu_stl_le_mmuidx_ra(void *env, vaddr addr, uint32_t val, int mmu_idx, uintptr_t ra);
void cpu_stq_le_mmuidx_ra(void *env, vaddr addr, uint64_t val, int mmu_idx, uintptr_t ra);
uint32_t cpu_lduw_be_mmuidx_ra(void *env, vaddr addr, int mmu_idx, uintptr_t ra);
uint32_t cpu_ldl_be_mmuidx_ra(void *env, vaddr addr, int mmu_idx, uintptr_t ra);
uint64_t cpu_ldq_be_mmuidx_ra(void *env, vaddr addr, int mmu_idx, uintptr_t ra);
void cpu_stw_be_mmuidx_ra(void *env, vaddr addr, uint32_t val, int mmu_idx, uintptr_t ra);
void cpu_stl_be_mmuidx_ra(void *env, vaddr addr, uint32_t val, int mmu_idx, uintptr_t ra);
void cpu_stq_be_mmuidx_ra(void *env, vaddr addr, uint64_t val, int mmu_idx, uintptr_t ra);
/* instruction fetch for the translator (mmu_idx of the TB's privilege) */
uint32_t cpu_ldub_code(void *env, vaddr addr, int mmu_idx);
/* physical page of a code address (fills the TLB; faults like a fetch);
 * -1 when the address is not RAM or ROM (cpu_ldub_code reads the device) */
hwaddr get_page_addr_code(void *env, vaddr addr, int mmu_idx);

#endif
