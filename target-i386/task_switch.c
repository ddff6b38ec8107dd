/*
 * Hardware task switches (jmp/call to a TSS or task gate, interrupts
 * through a task gate, iret with NT set): save the current task in its
 * TSS, load the new one, keep the busy bits and the back link.
 * 32-bit and 16-bit TSS formats (Intel SDM vol. 3, "Task Management").
 */
#include "qemu/osdep.h"
#include "cpu.h"
#include "sys-internal.h"

#define TS(sel) raise_exception_err_ra(env, EXCP0A_TSS, (sel) & 0xfffc, ra)

/* the task state a TSS holds */
typedef struct TaskState {
    uint32_t cr3, eip, eflags;
    uint32_t regs[8];
    uint32_t segs[6];
    uint32_t ldt;
} TaskState;

static uint32_t tss_ldw(CPUX86State *env, uint32_t addr, uintptr_t ra)
{
    return cpu_lduw_le_mmuidx_ra(env, addr, MMU_KERNEL_IDX, ra);
}

static uint32_t tss_ldl(CPUX86State *env, uint32_t addr, uintptr_t ra)
{
    return cpu_ldl_le_mmuidx_ra(env, addr, MMU_KERNEL_IDX, ra);
}

static void tss_stw(CPUX86State *env, uint32_t addr, uint32_t val, uintptr_t ra)
{
    cpu_stw_le_mmuidx_ra(env, addr, val, MMU_KERNEL_IDX, ra);
}

static void tss_stl(CPUX86State *env, uint32_t addr, uint32_t val, uintptr_t ra)
{
    cpu_stl_le_mmuidx_ra(env, addr, val, MMU_KERNEL_IDX, ra);
}

static void tss_read(CPUX86State *env, uint32_t base, bool tss32, TaskState *ts, uintptr_t ra)
{
    if (tss32) {
        ts->cr3 = tss_ldl(env, base + 0x1c, ra);
        ts->eip = tss_ldl(env, base + 0x20, ra);
        ts->eflags = tss_ldl(env, base + 0x24, ra);
        for (int i = 0; i < 8; i++) {
            ts->regs[i] = tss_ldl(env, base + 0x28 + i * 4, ra);
        }
        for (int i = 0; i < 6; i++) {
            ts->segs[i] = tss_ldw(env, base + 0x48 + i * 4, ra);
        }
        ts->ldt = tss_ldw(env, base + 0x60, ra);
    } else {
        /* 16-bit TSS: no CR3, no FS/GS; the upper register halves are kept */
        ts->cr3 = env->cr[3];
        ts->eip = tss_ldw(env, base + 0x0e, ra);
        ts->eflags = tss_ldw(env, base + 0x10, ra);
        for (int i = 0; i < 8; i++) {
            ts->regs[i] = (env->regs[i] & 0xffff0000) | tss_ldw(env, base + 0x12 + i * 2, ra);
        }
        for (int i = 0; i < 4; i++) {
            ts->segs[i] = tss_ldw(env, base + 0x22 + i * 2, ra);
        }
        ts->segs[R_FS] = 0;
        ts->segs[R_GS] = 0;
        ts->ldt = tss_ldw(env, base + 0x2a, ra);
    }
}

/* the dynamic fields of the outgoing task */
static void tss_save(CPUX86State *env, uint32_t base, bool tss32, uint32_t eip,
                     uint32_t eflags, uintptr_t ra)
{
    if (tss32) {
        tss_stl(env, base + 0x20, eip, ra);
        tss_stl(env, base + 0x24, eflags, ra);
        for (int i = 0; i < 8; i++) {
            tss_stl(env, base + 0x28 + i * 4, env->regs[i], ra);
        }
        for (int i = 0; i < 6; i++) {
            tss_stw(env, base + 0x48 + i * 4, env->segs[i].selector, ra);
        }
    } else {
        tss_stw(env, base + 0x0e, eip, ra);
        tss_stw(env, base + 0x10, eflags, ra);
        for (int i = 0; i < 8; i++) {
            tss_stw(env, base + 0x12 + i * 2, env->regs[i], ra);
        }
        for (int i = 0; i < 4; i++) {
            tss_stw(env, base + 0x22 + i * 2, env->segs[i].selector, ra);
        }
    }
}

static void set_tss_busy(CPUX86State *env, uint32_t selector, bool busy, uintptr_t ra)
{
    uint32_t addr = env->gdt.base + (selector & ~7u) + 4;
    uint32_t e2 = tss_ldl(env, addr, ra);

    e2 = busy ? (e2 | DESC_TSS_BUSY_MASK) : (e2 & ~DESC_TSS_BUSY_MASK);
    tss_stl(env, addr, e2, ra);
}

/* load a segment register of the new task, with #TS/#NP/#SS on bad selectors */
static void task_load_seg(CPUX86State *env, int seg, uint32_t selector, uintptr_t ra)
{
    int cpl = env->hflags & HF_CPL_MASK;
    uint32_t e1, e2;

    if ((selector & 0xfffc) == 0) {
        if (seg == R_CS || seg == R_SS) {
            TS(selector);
        }
        cpu_x86_load_seg_cache(env, seg, selector, 0, 0, 0);
        return;
    }
    if (!x86_read_descriptor(env, selector, &e1, &e2, ra) || !(e2 & DESC_S_MASK)) {
        TS(selector);
    }
    int dpl = desc_dpl(e2), rpl = selector & 3;
    bool code = e2 & DESC_CS_MASK, conforming = code && (e2 & DESC_C_MASK);
    switch (seg) {
    case R_CS:
        if (!code || (conforming ? dpl > rpl : dpl != rpl)) {
            TS(selector);
        }
        break;
    case R_SS:
        if (code || !(e2 & DESC_W_MASK) || dpl != cpl || rpl != cpl) {
            TS(selector);
        }
        break;
    default:
        if ((code && !(e2 & DESC_R_MASK)) || (!conforming && (dpl < cpl || dpl < rpl))) {
            TS(selector);
        }
        break;
    }
    if (!(e2 & DESC_P_MASK)) {
        raise_exception_err_ra(env, seg == R_SS ? EXCP0C_STACK : EXCP0B_NOSEG,
                               selector & 0xfffc, ra);
    }
    x86_set_desc_accessed(env, selector, e2, ra);
    load_seg_cache_desc(env, seg, selector, e1, e2 | DESC_A_MASK);
}

static void task_load_ldt(CPUX86State *env, uint32_t selector, uintptr_t ra)
{
    uint32_t e1, e2;

    if ((selector & 0xfffc) == 0) {
        env->ldt = (SegmentCache){ selector, 0, 0, 0 };
        return;
    }
    if (!x86_read_gdt_descriptor(env, selector, &e1, &e2, ra) || desc_type(e2) != 2 || !(e2 & DESC_P_MASK)) {
        TS(selector);
    }
    env->ldt = (SegmentCache){ selector, desc_base(e1, e2), desc_limit(e1, e2), e2 };
}

void x86_task_switch(CPUX86State *env, uint32_t selector, uint32_t e1, uint32_t e2,
                     TaskSwitchSource source, uint32_t next_eip, uintptr_t ra)
{
    uint32_t tss_sel = selector & 0xffff;

    if (desc_type(e2) == 5) {
        /* a task gate: the TSS it names, which must be an available TSS in the GDT */
        if (!(e2 & DESC_P_MASK)) {
            raise_exception_err_ra(env, EXCP0B_NOSEG, tss_sel & 0xfffc, ra);
        }
        tss_sel = e1 >> 16;
        if (!x86_read_gdt_descriptor(env, tss_sel, &e1, &e2, ra)) {
            raise_exception_err_ra(env, EXCP0D_GPF, tss_sel & 0xfffc, ra);
        }
    }
    int type = desc_type(e2);
    bool tss32 = type & 8;
    if ((type & ~8) != (source == TASK_SWITCH_IRET ? 3 : 1)) {
        /* jmp/call need an available TSS, iret a busy one */
        raise_exception_err_ra(env, EXCP0D_GPF, tss_sel & 0xfffc, ra);
    }
    if (!(e2 & DESC_P_MASK)) {
        raise_exception_err_ra(env, EXCP0B_NOSEG, tss_sel & 0xfffc, ra);
    }
    uint32_t tss_base = desc_base(e1, e2);
    uint32_t tss_limit = desc_limit(e1, e2);
    if (tss_limit < (tss32 ? 103u : 43u)) {
        TS(tss_sel);
    }
    bool old32 = env->tr.flags & (8u << DESC_TYPE_SHIFT);
    if (env->tr.limit < (old32 ? 103u : 43u)) {
        TS(env->tr.selector);
    }

    /* read the whole new state before anything changes */
    TaskState ts;
    tss_read(env, tss_base, tss32, &ts, ra);

    uint32_t old_eflags = cpu_compute_eflags(env);
    if (source == TASK_SWITCH_IRET) {
        old_eflags &= ~NT_MASK;
    }
    tss_save(env, env->tr.base, old32, next_eip, old_eflags, ra);
    if (source != TASK_SWITCH_CALL) {
        set_tss_busy(env, env->tr.selector, false, ra);
    }
    if (source == TASK_SWITCH_CALL) {
        tss_stw(env, tss_base, env->tr.selector, ra);
        ts.eflags |= NT_MASK;
    }
    if (source != TASK_SWITCH_IRET) {
        set_tss_busy(env, tss_sel, true, ra);
    }

    /*
     * The switch is committed: faults from here on belong to the new task,
     * whose EIP must not be replaced by the old instruction's on unwinding.
     */
    ra = 0;
    cpu_x86_update_cr0(env, env->cr[0] | CR0_TS_MASK);
    env->tr = (SegmentCache){ tss_sel, tss_base, tss_limit, e2 | DESC_TSS_BUSY_MASK };
    if (tss32 && ts.cr3 != env->cr[3]) {
        cpu_x86_update_cr3(env, ts.cr3);
    }
    uint32_t eflags_mask = TF_MASK | AC_MASK | ID_MASK | RF_MASK | NT_MASK | IF_MASK |
                           IOPL_MASK | VM_MASK | VIF_MASK | VIP_MASK;
    cpu_load_eflags(env, ts.eflags, tss32 ? eflags_mask : (eflags_mask & 0xffff));
    env->eip = ts.eip;
    memcpy(env->regs, ts.regs, sizeof(ts.regs));

    if (env->eflags & VM_MASK) {
        for (int i = 0; i < 6; i++) {
            x86_load_seg_vm86(env, i, ts.segs[i]);
        }
        task_load_ldt(env, ts.ldt, ra);
    } else {
        /*
         * Selectors first, so a fault below shows the new task's selectors;
         * the CPL is the new CS's RPL.
         */
        for (int i = 0; i < 6; i++) {
            cpu_x86_load_seg_cache(env, i, ts.segs[i], 0, 0, 0);
        }
        env->hflags = (env->hflags & ~HF_CPL_MASK) | (ts.segs[R_CS] & 3);
        task_load_ldt(env, ts.ldt, ra);
        task_load_seg(env, R_CS, ts.segs[R_CS], ra);
        task_load_seg(env, R_SS, ts.segs[R_SS], ra);
        task_load_seg(env, R_ES, ts.segs[R_ES], ra);
        task_load_seg(env, R_DS, ts.segs[R_DS], ra);
        task_load_seg(env, R_FS, ts.segs[R_FS], ra);
        task_load_seg(env, R_GS, ts.segs[R_GS], ra);
    }
    if (env->eip > env->segs[R_CS].limit) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }
}
