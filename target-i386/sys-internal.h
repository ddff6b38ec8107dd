/*
 * Internals shared by the i386 system part (cpu.c, excp_helper.c,
 * seg_helper.c, intr_helper.c, farjmp_helper.c, task_switch.c,
 * misc_helper.c). Nothing outside target-i386's system files includes it.
 */
#ifndef TARGET_I386_SYS_INTERNAL_H
#define TARGET_I386_SYS_INTERNAL_H

#include "cpu.h"

/* ---- descriptors ---- */

/* A descriptor is kept as its two 32-bit halves: e1 (low), e2 (high). */
static inline uint32_t desc_base(uint32_t e1, uint32_t e2)
{
    return (e1 >> 16) | ((e2 & 0xff) << 16) | (e2 & 0xff000000);
}

static inline uint32_t desc_limit(uint32_t e1, uint32_t e2)
{
    uint32_t limit = (e1 & 0xffff) | (e2 & 0x000f0000);
    return (e2 & DESC_G_MASK) ? (limit << 12) | 0xfff : limit;
}

static inline int desc_dpl(uint32_t e2) { return (e2 >> DESC_DPL_SHIFT) & 3; }
/* type including the S bit: 0x00-0x0f system, 0x10-0x1f code/data */
static inline int desc_type(uint32_t e2) { return (e2 >> DESC_TYPE_SHIFT) & 0x1f; }

/* cache the segment described by e1/e2 under selector */
static inline void load_seg_cache_desc(CPUX86State *env, int seg, uint32_t selector,
                                       uint32_t e1, uint32_t e2)
{
    cpu_x86_load_seg_cache(env, seg, selector, desc_base(e1, e2),
                           desc_limit(e1, e2), e2);
}

/*
 * Read the descriptor of selector from the GDT or LDT. False if the
 * selector lies beyond the table's limit (callers raise their own fault).
 */
bool x86_read_descriptor(CPUX86State *env, uint32_t selector,
                         uint32_t *e1, uint32_t *e2, uintptr_t ra);
/* the same for the selectors that must name the GDT (LDT, TSS): false too for TI=1 */
static inline bool x86_read_gdt_descriptor(CPUX86State *env, uint32_t selector,
                                           uint32_t *e1, uint32_t *e2, uintptr_t ra)
{
    return !(selector & 4) && x86_read_descriptor(env, selector, e1, e2, ra);
}
/*
 * Read the descriptor of selector if it can be the stack at privilege pl:
 * a writable data segment with RPL = DPL = pl, present or not. False
 * otherwise (callers raise their own fault).
 */
bool x86_read_stack_descriptor(CPUX86State *env, uint32_t selector, int pl,
                               uint32_t *e1, uint32_t *e2, uintptr_t ra);
/*
 * The code segment that a call, interrupt or trap gate (first half
 * gate_e1) points to: #GP(ext) for a null selector, #GP(selector + ext)
 * for anything but a code segment. Privilege and presence are the
 * caller's to check.
 */
void x86_read_gate_target(CPUX86State *env, uint32_t gate_e1, int ext, uint32_t *sel,
                          uint32_t *e1, uint32_t *e2, uintptr_t ra);
/* set the accessed bit of a code/data descriptor in memory, if clear */
void x86_set_desc_accessed(CPUX86State *env, uint32_t selector, uint32_t e2,
                           uintptr_t ra);
/* segment loads of real mode (limit and attributes kept) and v8086 mode */
void x86_load_seg_real(CPUX86State *env, int seg, uint32_t selector);
void x86_load_seg_vm86(CPUX86State *env, int seg, uint32_t selector);
/*
 * Protected-mode segment register load with every check (helper_load_seg
 * without the real/v8086 cases).
 */
void x86_load_seg_protected(CPUX86State *env, int seg, uint32_t selector, uintptr_t ra);
/* the ring-dpl stack SS:ESP stored in the current TSS */
void x86_get_tss_stack(CPUX86State *env, int dpl, uint32_t *ss, uint32_t *esp,
                       uintptr_t ra);
/* null DS/ES/FS/GS that the new (outer) privilege level may not use */
void x86_validate_data_segs_for_cpl(CPUX86State *env, int cpl);

/* ---- stacks ---- */

/*
 * A stack being pushed or popped: SS base, a stack pointer that is only
 * committed to ESP once every access has succeeded, the size mask (0xffff
 * for 16-bit stacks) and the MMU mode of the accesses.
 */
typedef struct X86Stack {
    CPUX86State *env;
    uint32_t base;
    uint32_t sp;
    uint32_t mask;
    int mmu_idx;
    uintptr_t ra;
} X86Stack;

static inline uint32_t stack_mask_of(uint32_t ss_flags)
{
    return (ss_flags & DESC_B_MASK) ? 0xffffffff : 0xffff;
}

static inline void stack_init(X86Stack *st, CPUX86State *env, uint32_t base, uint32_t sp,
                              uint32_t mask, int mmu_idx, uintptr_t ra)
{
    st->env = env;
    st->base = base;
    st->sp = sp;
    st->mask = mask;
    st->mmu_idx = mmu_idx;
    st->ra = ra;
}

/* the current SS:ESP, for accesses at the current privilege level */
static inline void stack_init_current(X86Stack *st, CPUX86State *env, uintptr_t ra)
{
    stack_init(st, env, env->segs[R_SS].base, env->regs[R_ESP],
               stack_mask_of(env->segs[R_SS].flags), cpu_mmu_index(env), ra);
}

static inline void stack_push16(X86Stack *st, uint32_t val)
{
    st->sp -= 2;
    cpu_stw_le_mmuidx_ra(st->env, st->base + (st->sp & st->mask), val, st->mmu_idx, st->ra);
}

static inline void stack_push32(X86Stack *st, uint32_t val)
{
    st->sp -= 4;
    cpu_stl_le_mmuidx_ra(st->env, st->base + (st->sp & st->mask), val, st->mmu_idx, st->ra);
}

/* push a 16-bit (shift 0) or 32-bit (shift 1) value */
static inline void stack_push(X86Stack *st, int shift, uint32_t val)
{
    if (shift) {
        stack_push32(st, val);
    } else {
        stack_push16(st, val);
    }
}

static inline uint32_t stack_pop16(X86Stack *st)
{
    uint32_t val = cpu_lduw_le_mmuidx_ra(st->env, st->base + (st->sp & st->mask),
                                         st->mmu_idx, st->ra);
    st->sp += 2;
    return val;
}

static inline uint32_t stack_pop32(X86Stack *st)
{
    uint32_t val = cpu_ldl_le_mmuidx_ra(st->env, st->base + (st->sp & st->mask),
                                        st->mmu_idx, st->ra);
    st->sp += 4;
    return val;
}

static inline uint32_t stack_pop(X86Stack *st, int shift)
{
    return shift ? stack_pop32(st) : stack_pop16(st);
}

static inline int mmu_idx_for_cpl(int cpl)
{
    return cpl == 3 ? MMU_USER_IDX : MMU_KERNEL_IDX;
}

/*
 * The inner stack that a call gate or an interrupt into ring dpl moves to:
 * SS:ESP from the TSS, SS checked (#TS, or #SS when not present, with ext
 * added to the error code), st set up on it, ss and its descriptor
 * returned for the caller to load once every push has succeeded.
 */
void x86_inner_stack(CPUX86State *env, int dpl, int ext, X86Stack *st, uint32_t *ss,
                     uint32_t *ss_e1, uint32_t *ss_e2, uintptr_t ra);

/* ESP = the stack's pointer, keeping ESP's upper half on a 16-bit stack */
static inline void stack_commit(X86Stack *st)
{
    CPUX86State *env = st->env;
    env->regs[R_ESP] = (env->regs[R_ESP] & ~st->mask) | (st->sp & st->mask);
}

/* ---- task switches (task_switch.c) ---- */

typedef enum TaskSwitchSource {
    TASK_SWITCH_JMP,
    TASK_SWITCH_CALL,   /* call and interrupts/exceptions through a task gate */
    TASK_SWITCH_IRET,
} TaskSwitchSource;

/*
 * Switch to the task of TSS (or task gate) descriptor e1/e2 of selector.
 * next_eip is saved as the old task's EIP.
 */
void x86_task_switch(CPUX86State *env, uint32_t selector, uint32_t e1, uint32_t e2,
                     TaskSwitchSource source, uint32_t next_eip, uintptr_t ra);

/* ---- exceptions (excp_helper.c) ---- */

void QEMU_NORETURN raise_interrupt_ra(CPUX86State *env, int intno, int is_int,
                                      int error_code, int next_eip_addend,
                                      uintptr_t retaddr);

/* ---- physical memory for page walks and the like ---- */
uint32_t x86_ldl_phys(CPUX86State *env, hwaddr addr);
uint64_t x86_ldq_phys(CPUX86State *env, hwaddr addr);
void x86_stl_phys(CPUX86State *env, hwaddr addr, uint32_t val);

/* ---- misc ---- */
/* the guest's time-stamp counter */
uint64_t cpu_get_tsc(CPUX86State *env);
/* TLB flags derived from CR0/CR4/EFER changes: flush and remember */
void x86_tlb_flush(CPUX86State *env);

#endif
