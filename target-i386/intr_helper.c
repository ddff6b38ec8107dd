/*
 * Interrupt and exception delivery: through the IVT in real mode, through
 * IDT interrupt/trap/task gates in protected and v8086 mode; and taking
 * external interrupts (the PIC's INTR line, NMI) between instructions.
 */
#include "qemu/osdep.h"
#include "cpu.h"
#include "sys-internal.h"
#include "qemu/log.h"

/* the exceptions that push an error code in protected mode */
static bool excp_has_error_code(int intno)
{
    switch (intno) {
    case EXCP08_DBLE:
    case EXCP0A_TSS:
    case EXCP0B_NOSEG:
    case EXCP0C_STACK:
    case EXCP0D_GPF:
    case EXCP0E_PAGE:
    case EXCP11_ALGN:
        return true;
    default:
        return false;
    }
}

static void do_interrupt_real(CPUX86State *env, int intno, bool is_int, uint32_t next_eip)
{
    uint32_t old_eip = is_int ? next_eip : env->eip;
    X86Stack st;

    if (intno * 4 + 3 > env->idt.limit) {
        raise_exception_err(env, EXCP0D_GPF, intno * 8 + 2);
    }
    uint32_t vec = env->idt.base + intno * 4;
    uint32_t offset = cpu_lduw_le_mmuidx_ra(env, vec, MMU_KERNEL_IDX, 0);
    uint32_t selector = cpu_lduw_le_mmuidx_ra(env, vec + 2, MMU_KERNEL_IDX, 0);

    stack_init(&st, env, env->segs[R_SS].base, env->regs[R_ESP],
               stack_mask_of(env->segs[R_SS].flags), MMU_KERNEL_IDX, 0);
    stack_push16(&st, cpu_compute_eflags(env));
    stack_push16(&st, env->segs[R_CS].selector);
    stack_push16(&st, old_eip);
    stack_commit(&st);

    env->eip = offset;
    x86_load_seg_real(env, R_CS, selector);
    env->eflags &= ~(IF_MASK | TF_MASK | AC_MASK | RF_MASK);
}

static void do_interrupt_protected(CPUX86State *env, int intno, bool is_int, int error_code,
                                   uint32_t next_eip, bool is_hw)
{
    bool has_error_code = !is_int && !is_hw && excp_has_error_code(intno);
    uint32_t old_eip = is_int ? next_eip : env->eip;
    /* EXT: the event came from outside the program (not int n, int3, into) */
    int ext = !is_int;
    int gate_err = intno * 8 + 2 + ext;
    int cpl = env->hflags & HF_CPL_MASK;
    bool from_vm86 = env->eflags & VM_MASK;
    uint32_t e1, e2;

    if (intno * 8 + 7 > env->idt.limit) {
        raise_exception_err(env, EXCP0D_GPF, gate_err);
    }
    e1 = cpu_ldl_le_mmuidx_ra(env, env->idt.base + intno * 8, MMU_KERNEL_IDX, 0);
    e2 = cpu_ldl_le_mmuidx_ra(env, env->idt.base + intno * 8 + 4, MMU_KERNEL_IDX, 0);
    int type = desc_type(e2);
    switch (type) {
    case 5:             /* task gate */
    case 6: case 7:     /* 16-bit interrupt / trap gate */
    case 14: case 15:   /* 32-bit interrupt / trap gate */
        break;
    default:
        raise_exception_err(env, EXCP0D_GPF, gate_err);
    }
    /* software interrupts may only use gates their privilege can reach */
    if (is_int && desc_dpl(e2) < cpl) {
        raise_exception_err(env, EXCP0D_GPF, gate_err);
    }
    if (!(e2 & DESC_P_MASK)) {
        raise_exception_err(env, EXCP0B_NOSEG, gate_err);
    }

    if (type == 5) {
        x86_task_switch(env, e1 >> 16, e1, e2, TASK_SWITCH_CALL, old_eip, 0);
        if (has_error_code) {
            /* onto the new task's stack, in the new TSS's width */
            X86Stack st;
            stack_init_current(&st, env, 0);
            stack_push(&st, (env->tr.flags >> (DESC_TYPE_SHIFT + 3)) & 1, error_code);
            stack_commit(&st);
        }
        return;
    }

    uint32_t offset = (e2 & 0xffff0000) | (e1 & 0xffff);
    int shift = type >> 3;
    uint32_t selector, ce1, ce2;

    x86_read_gate_target(env, e1, ext, &selector, &ce1, &ce2, 0);
    int dpl = desc_dpl(ce2);
    if (dpl > cpl) {
        raise_exception_err(env, EXCP0D_GPF, (selector & 0xfffc) + ext);
    }
    if (!(ce2 & DESC_P_MASK)) {
        raise_exception_err(env, EXCP0B_NOSEG, (selector & 0xfffc) + ext);
    }

    bool inner = !(ce2 & DESC_C_MASK) && dpl < cpl;
    uint32_t ss = 0, ss_e1 = 0, ss_e2 = 0;
    X86Stack st;
    if (inner) {
        x86_inner_stack(env, dpl, ext, &st, &ss, &ss_e1, &ss_e2, 0);
    } else {
        /* v8086 code may only be interrupted into ring 0 */
        if (from_vm86) {
            raise_exception_err(env, EXCP0D_GPF, (selector & 0xfffc) + ext);
        }
        stack_init_current(&st, env, 0);
    }
    int new_cpl = inner ? dpl : cpl;

    if (inner) {
        if (from_vm86) {
            stack_push(&st, shift, env->segs[R_GS].selector);
            stack_push(&st, shift, env->segs[R_FS].selector);
            stack_push(&st, shift, env->segs[R_DS].selector);
            stack_push(&st, shift, env->segs[R_ES].selector);
        }
        stack_push(&st, shift, env->segs[R_SS].selector);
        stack_push(&st, shift, env->regs[R_ESP]);
    }
    stack_push(&st, shift, cpu_compute_eflags(env));
    stack_push(&st, shift, env->segs[R_CS].selector);
    stack_push(&st, shift, old_eip);
    if (has_error_code) {
        stack_push(&st, shift, error_code);
    }

    /* every access succeeded: commit (VM first, so the loads see protected mode) */
    env->eflags &= ~(TF_MASK | VM_MASK | RF_MASK | NT_MASK);
    if (!(type & 1)) {
        env->eflags &= ~IF_MASK;    /* interrupt gate */
    }
    if (inner) {
        if (from_vm86) {
            cpu_x86_load_seg_cache(env, R_ES, 0, 0, 0, 0);
            cpu_x86_load_seg_cache(env, R_DS, 0, 0, 0, 0);
            cpu_x86_load_seg_cache(env, R_FS, 0, 0, 0, 0);
            cpu_x86_load_seg_cache(env, R_GS, 0, 0, 0, 0);
        }
        load_seg_cache_desc(env, R_SS, (ss & ~3u) | dpl, ss_e1, ss_e2);
    }
    stack_commit(&st);
    load_seg_cache_desc(env, R_CS, (selector & ~3u) | new_cpl, ce1, ce2);
    env->eip = shift ? offset : (offset & 0xffff);
}

/* deliver one event; faults on the way are raised (and may become #DF) */
static void x86_deliver_interrupt(CPUX86State *env, int intno, bool is_int, int error_code,
                                  uint32_t next_eip, bool is_hw)
{
    if (qemu_loglevel_mask(CPU_LOG_INT)) {
        qemu_log("int v=%02x e=%04x i=%d hw=%d cpl=%d IP=%04x:%08x SP=%04x:%08x "
                 "CR2=%08x EAX=%08x\n", intno, error_code, is_int, is_hw,
                 env->hflags & HF_CPL_MASK, env->segs[R_CS].selector, (uint32_t)env->eip,
                 env->segs[R_SS].selector, (uint32_t)env->regs[R_ESP],
                 (uint32_t)env->cr[2], (uint32_t)env->regs[R_EAX]);
    }
    env->hflags &= ~HF_INHIBIT_IRQ;
    if (env->cr[0] & CR0_PE_MASK) {
        do_interrupt_protected(env, intno, is_int, error_code, next_eip, is_hw);
    } else {
        do_interrupt_real(env, intno, is_int, next_eip);
    }
}

void x86_cpu_do_interrupt(CPUState *cs)
{
    CPUX86State *env = cpu_env_ptr(cs);

    x86_deliver_interrupt(env, cs->exception_index, env->exception_is_int,
                          env->error_code, env->exception_next_eip, false);
    /* delivered: a later fault is no longer a double fault */
    env->old_exception = -1;
}

/*
 * The board keeps CPU_INTERRUPT_HARD equal to the PIC's INTR output;
 * acknowledging (get_pic_interrupt) lowers it when nothing else is pending.
 */
bool x86_cpu_exec_interrupt(CPUState *cs, uint32_t interrupt_request)
{
    CPUX86State *env = cpu_env_ptr(cs);

    if (env->hflags & HF_INHIBIT_IRQ) {
        return false;
    }
    if ((interrupt_request & CPU_INTERRUPT_NMI) && !(env->hflags2 & HF2_NMI_MASK)) {
        cpu_reset_interrupt(cs, CPU_INTERRUPT_NMI);
        /* NMIs stay blocked until the handler's iret */
        env->hflags2 |= HF2_NMI_MASK;
        x86_deliver_interrupt(env, EXCP02_NMI, false, 0, 0, true);
        env->old_exception = -1;
        return true;
    }
    if ((interrupt_request & CPU_INTERRUPT_HARD) && (env->eflags & IF_MASK)) {
        int intno = env->get_pic_interrupt ? env->get_pic_interrupt(env->pic_opaque) : -1;
        if (intno < 0) {
            /* the line was stale: nothing to acknowledge */
            cpu_reset_interrupt(cs, CPU_INTERRUPT_HARD);
            return false;
        }
        x86_deliver_interrupt(env, intno, false, 0, 0, true);
        env->old_exception = -1;
        return true;
    }
    return false;
}
