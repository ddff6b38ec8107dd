/*
 * Far control transfers: jmp/call far (directly to code segments, through
 * call gates, to tasks), ret far, iret in every mode (including returns to
 * an outer ring, to v8086 mode and to the previous task), sysenter/sysexit.
 */
#include "qemu/osdep.h"
#include "cpu.h"
#include "sys-internal.h"
#include "exec/helper-proto.h"

#define GP(sel) raise_exception_err_ra(env, EXCP0D_GPF, (sel) & 0xfffc, ra)
#define NP(sel) raise_exception_err_ra(env, EXCP0B_NOSEG, (sel) & 0xfffc, ra)

/*
 * Checks on a code segment that jmp/call reach directly (no gate):
 * conforming with DPL <= CPL, or non-conforming with DPL == CPL, RPL <= CPL.
 */
static void check_direct_code_target(CPUX86State *env, uint32_t sel, uint32_t e2, uintptr_t ra)
{
    int cpl = env->hflags & HF_CPL_MASK;
    int dpl = desc_dpl(e2);

    if (!(e2 & DESC_CS_MASK)) {
        GP(sel);
    }
    if (e2 & DESC_C_MASK) {
        if (dpl > cpl) {
            GP(sel);
        }
    } else if ((sel & 3) > cpl || dpl != cpl) {
        GP(sel);
    }
    if (!(e2 & DESC_P_MASK)) {
        NP(sel);
    }
}

/* the descriptor that jmp/call far name: #GP(0) when null, #GP(sel) beyond its table */
static void read_far_target(CPUX86State *env, uint32_t sel, uint32_t *e1, uint32_t *e2,
                            uintptr_t ra)
{
    if ((sel & 0xfffc) == 0) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }
    if (!x86_read_descriptor(env, sel, e1, e2, ra)) {
        GP(sel);
    }
}

/* a TSS, task gate or call gate that jmp/call far name: DPL >= CPL and RPL, present */
static void check_system_target(CPUX86State *env, uint32_t sel, uint32_t e2, uintptr_t ra)
{
    int cpl = env->hflags & HF_CPL_MASK;
    int dpl = desc_dpl(e2);

    if (dpl < cpl || dpl < (int)(sel & 3)) {
        GP(sel);
    }
    if (!(e2 & DESC_P_MASK)) {
        NP(sel);
    }
}

/* the offset a call gate (type 4: 16-bit, 12: 32-bit) jumps to */
static uint32_t call_gate_offset(uint32_t e1, uint32_t e2)
{
    return desc_type(e2) & 8 ? (e2 & 0xffff0000) | (e1 & 0xffff) : e1 & 0xffff;
}

/* ljmp ptr16:16/32 (EA), jmp m16:16/32 (FF /5) in protected mode */
void helper_ljmp_protected(CPUX86State *env, int new_cs, target_ulong new_eip,
                           target_ulong next_eip)
{
    uintptr_t ra = GETPC();
    int cpl = env->hflags & HF_CPL_MASK;
    uint32_t e1, e2;

    new_cs &= 0xffff;
    read_far_target(env, new_cs, &e1, &e2, ra);
    if (e2 & DESC_S_MASK) {
        check_direct_code_target(env, new_cs, e2, ra);
        if (new_eip > desc_limit(e1, e2)) {
            raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
        }
        x86_set_desc_accessed(env, new_cs, e2, ra);
        load_seg_cache_desc(env, R_CS, (new_cs & 0xfffc) | cpl, e1, e2 | DESC_A_MASK);
        env->eip = new_eip;
        return;
    }

    switch (desc_type(e2)) {
    case 1: case 9:     /* available TSS */
    case 5:             /* task gate */
        check_system_target(env, new_cs, e2, ra);
        x86_task_switch(env, new_cs, e1, e2, TASK_SWITCH_JMP, next_eip, ra);
        return;
    case 4: case 12: {  /* 16/32-bit call gate */
        uint32_t sel, ce1, ce2;
        check_system_target(env, new_cs, e2, ra);
        x86_read_gate_target(env, e1, 0, &sel, &ce1, &ce2, ra);
        /* jmp never changes privilege: conforming DPL <= CPL, else == CPL */
        int cdpl = desc_dpl(ce2);
        if ((ce2 & DESC_C_MASK) ? cdpl > cpl : cdpl != cpl) {
            GP(sel);
        }
        if (!(ce2 & DESC_P_MASK)) {
            NP(sel);
        }
        uint32_t eip = call_gate_offset(e1, e2);
        if (eip > desc_limit(ce1, ce2)) {
            raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
        }
        load_seg_cache_desc(env, R_CS, (sel & 0xfffc) | cpl, ce1, ce2);
        env->eip = eip;
        return;
    }
    default:
        GP(new_cs);
    }
}

/* lcall in real and v8086 mode: push CS:IP and jump */
void helper_lcall_real(CPUX86State *env, int new_cs, target_ulong new_eip, int shift,
                       int next_eip)
{
    X86Stack st;

    stack_init_current(&st, env, GETPC());
    stack_push(&st, shift, env->segs[R_CS].selector);
    stack_push(&st, shift, next_eip);
    stack_commit(&st);
    env->eip = new_eip;
    if (env->eflags & VM_MASK) {
        x86_load_seg_vm86(env, R_CS, new_cs);
    } else {
        x86_load_seg_real(env, R_CS, new_cs);
    }
}

/* call through a call gate (type 4 or 12) */
static void lcall_gate(CPUX86State *env, uint32_t gate_sel, uint32_t e1, uint32_t e2,
                       target_ulong next_eip, uintptr_t ra)
{
    int cpl = env->hflags & HF_CPL_MASK;
    int gate_shift = desc_type(e2) >> 3;
    int param_count = e2 & 0x1f;
    uint32_t sel, ce1, ce2;
    X86Stack st;

    x86_read_gate_target(env, e1, 0, &sel, &ce1, &ce2, ra);
    int dpl = desc_dpl(ce2);
    if (dpl > cpl) {
        GP(sel);
    }
    if (!(ce2 & DESC_P_MASK)) {
        NP(sel);
    }
    uint32_t offset = call_gate_offset(e1, e2);

    bool inner = !(ce2 & DESC_C_MASK) && dpl < cpl;
    uint32_t ss = 0, ss_e1 = 0, ss_e2 = 0;
    if (inner) {
        X86Stack old;

        x86_inner_stack(env, dpl, 0, &st, &ss, &ss_e1, &ss_e2, ra);
        stack_push(&st, gate_shift, env->segs[R_SS].selector);
        stack_push(&st, gate_shift, env->regs[R_ESP]);
        /* copy the parameters, deepest first, so they keep their order */
        stack_init_current(&old, env, ra);
        for (int i = param_count - 1; i >= 0; i--) {
            uint32_t addr = old.base + ((old.sp + (i << (gate_shift + 1))) & old.mask);
            uint32_t val = gate_shift ? cpu_ldl_le_mmuidx_ra(env, addr, old.mmu_idx, ra)
                                      : cpu_lduw_le_mmuidx_ra(env, addr, old.mmu_idx, ra);
            stack_push(&st, gate_shift, val);
        }
    } else {
        stack_init_current(&st, env, ra);
    }
    int new_cpl = inner ? dpl : cpl;
    stack_push(&st, gate_shift, env->segs[R_CS].selector);
    stack_push(&st, gate_shift, next_eip);
    if (offset > desc_limit(ce1, ce2)) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }

    if (inner) {
        load_seg_cache_desc(env, R_SS, (ss & ~3u) | dpl, ss_e1, ss_e2);
    }
    stack_commit(&st);
    load_seg_cache_desc(env, R_CS, (sel & 0xfffc) | new_cpl, ce1, ce2);
    env->eip = offset;
}

/* lcall ptr16:16/32 (9A), call m16:16/32 (FF /3) in protected mode */
void helper_lcall_protected(CPUX86State *env, int new_cs, target_ulong new_eip,
                            int shift, target_ulong next_eip)
{
    uintptr_t ra = GETPC();
    int cpl = env->hflags & HF_CPL_MASK;
    uint32_t e1, e2;

    new_cs &= 0xffff;
    read_far_target(env, new_cs, &e1, &e2, ra);
    if (e2 & DESC_S_MASK) {
        X86Stack st;

        check_direct_code_target(env, new_cs, e2, ra);
        stack_init_current(&st, env, ra);
        stack_push(&st, shift, env->segs[R_CS].selector);
        stack_push(&st, shift, next_eip);
        if (new_eip > desc_limit(e1, e2)) {
            raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
        }
        x86_set_desc_accessed(env, new_cs, e2, ra);
        stack_commit(&st);
        load_seg_cache_desc(env, R_CS, (new_cs & 0xfffc) | cpl, e1, e2 | DESC_A_MASK);
        env->eip = new_eip;
        return;
    }

    int type = desc_type(e2);
    switch (type) {
    case 1: case 9:     /* available TSS */
    case 5:             /* task gate */
    case 4: case 12:    /* call gate */
        break;
    default:
        GP(new_cs);
    }
    check_system_target(env, new_cs, e2, ra);
    if (type == 4 || type == 12) {
        lcall_gate(env, new_cs, e1, e2, next_eip, ra);
    } else {
        x86_task_switch(env, new_cs, e1, e2, TASK_SWITCH_CALL, next_eip, ra);
    }
}

/*
 * The common part of ret far and iret in protected mode, popping
 * EIP, CS (and EFLAGS for iret) from the current stack.
 */
static void protected_return(CPUX86State *env, int shift, bool is_iret, int addend,
                             uintptr_t ra)
{
    int cpl = env->hflags & HF_CPL_MASK;
    uint32_t new_eflags = 0, e1, e2;
    X86Stack st;

    stack_init_current(&st, env, ra);
    uint32_t new_eip = stack_pop(&st, shift);
    uint32_t new_cs = stack_pop(&st, shift) & 0xffff;
    if (is_iret) {
        new_eflags = stack_pop(&st, shift);
        if (shift && (new_eflags & VM_MASK) && cpl == 0) {
            /* iret to v8086 mode: the rest of the frame is ESP, SS, ES, DS, FS, GS */
            uint32_t new_esp = stack_pop32(&st);
            uint32_t new_ss = stack_pop32(&st);
            uint32_t new_es = stack_pop32(&st);
            uint32_t new_ds = stack_pop32(&st);
            uint32_t new_fs = stack_pop32(&st);
            uint32_t new_gs = stack_pop32(&st);
            cpu_load_eflags(env, new_eflags, TF_MASK | AC_MASK | ID_MASK | RF_MASK |
                            NT_MASK | IF_MASK | IOPL_MASK | VM_MASK | VIF_MASK | VIP_MASK);
            x86_load_seg_vm86(env, R_CS, new_cs);
            x86_load_seg_vm86(env, R_SS, new_ss);
            x86_load_seg_vm86(env, R_ES, new_es);
            x86_load_seg_vm86(env, R_DS, new_ds);
            x86_load_seg_vm86(env, R_FS, new_fs);
            x86_load_seg_vm86(env, R_GS, new_gs);
            env->eip = new_eip & 0xffff;
            env->regs[R_ESP] = new_esp;
            return;
        }
    }

    if ((new_cs & 0xfffc) == 0) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }
    if (!x86_read_descriptor(env, new_cs, &e1, &e2, ra) ||
        !(e2 & DESC_S_MASK) || !(e2 & DESC_CS_MASK)) {
        GP(new_cs);
    }
    int rpl = new_cs & 3;
    int dpl = desc_dpl(e2);
    if (rpl < cpl) {
        GP(new_cs);
    }
    if ((e2 & DESC_C_MASK) ? dpl > rpl : dpl != rpl) {
        GP(new_cs);
    }
    if (!(e2 & DESC_P_MASK)) {
        NP(new_cs);
    }
    st.sp += addend;

    if (rpl == cpl) {
        stack_commit(&st);
        load_seg_cache_desc(env, R_CS, new_cs, e1, e2);
    } else {
        /* return to an outer ring: its SS:ESP follows */
        uint32_t new_esp = stack_pop(&st, shift);
        uint32_t new_ss = stack_pop(&st, shift) & 0xffff;
        uint32_t ss_e1, ss_e2;
        if ((new_ss & 0xfffc) == 0) {
            raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
        }
        if (!x86_read_stack_descriptor(env, new_ss, rpl, &ss_e1, &ss_e2, ra)) {
            GP(new_ss);
        }
        if (!(ss_e2 & DESC_P_MASK)) {
            raise_exception_err_ra(env, EXCP0C_STACK, new_ss & 0xfffc, ra);
        }
        load_seg_cache_desc(env, R_CS, new_cs, e1, e2);
        load_seg_cache_desc(env, R_SS, new_ss, ss_e1, ss_e2);
        /* the new ESP's upper half follows the new stack's size */
        uint32_t mask = stack_mask_of(ss_e2);
        env->regs[R_ESP] = (env->regs[R_ESP] & ~mask) | ((new_esp + addend) & mask);
        x86_validate_data_segs_for_cpl(env, rpl);
    }
    env->eip = new_eip;

    if (is_iret) {
        /* what the old CPL may change: IOPL at ring 0 only, IF up to IOPL */
        uint32_t mask = TF_MASK | AC_MASK | ID_MASK | RF_MASK | NT_MASK;
        int iopl = (env->eflags & IOPL_MASK) >> IOPL_SHIFT;
        if (cpl == 0) {
            mask |= IOPL_MASK | VIF_MASK | VIP_MASK;
        }
        if (cpl <= iopl) {
            mask |= IF_MASK;
        }
        if (!shift) {
            mask &= 0xffff;
        }
        cpu_load_eflags(env, new_eflags, mask);
    }
}

/* ret far (CB), ret far imm16 (CA) in protected mode */
void helper_lret_protected(CPUX86State *env, int shift, int addend)
{
    protected_return(env, shift, false, addend, GETPC());
}

/* iret (CF) in real mode, and in v8086 mode with IOPL 3 */
void helper_iret_real(CPUX86State *env, int shift)
{
    uintptr_t ra = GETPC();
    X86Stack st;

    if ((env->eflags & VM_MASK) && (env->eflags & IOPL_MASK) != IOPL_MASK) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }
    stack_init_current(&st, env, ra);
    uint32_t new_eip = stack_pop(&st, shift);
    uint32_t new_cs = stack_pop(&st, shift) & 0xffff;
    uint32_t new_eflags = stack_pop(&st, shift);
    stack_commit(&st);
    env->eip = shift ? new_eip : (new_eip & 0xffff);
    uint32_t mask = TF_MASK | AC_MASK | ID_MASK | RF_MASK | NT_MASK | IF_MASK;
    if (env->eflags & VM_MASK) {
        x86_load_seg_vm86(env, R_CS, new_cs);
    } else {
        x86_load_seg_real(env, R_CS, new_cs);
        mask |= IOPL_MASK;
    }
    if (!shift) {
        mask &= 0xffff;
    }
    cpu_load_eflags(env, new_eflags, mask);
    env->hflags2 &= ~HF2_NMI_MASK;
}

/* iret (CF) in protected mode: a return, or with NT set, to the previous task */
void helper_iret_protected(CPUX86State *env, int shift, int next_eip)
{
    uintptr_t ra = GETPC();

    if (env->eflags & NT_MASK) {
        uint32_t back_link, e1, e2;

        back_link = cpu_lduw_le_mmuidx_ra(env, env->tr.base, MMU_KERNEL_IDX, ra);
        if (!x86_read_gdt_descriptor(env, back_link, &e1, &e2, ra)) {
            raise_exception_err_ra(env, EXCP0A_TSS, back_link & 0xfffc, ra);
        }
        /* the previous task must be a busy TSS */
        int type = desc_type(e2);
        if (type != 3 && type != 11) {
            raise_exception_err_ra(env, EXCP0A_TSS, back_link & 0xfffc, ra);
        }
        if (!(e2 & DESC_P_MASK)) {
            raise_exception_err_ra(env, EXCP0B_NOSEG, back_link & 0xfffc, ra);
        }
        x86_task_switch(env, back_link, e1, e2, TASK_SWITCH_IRET, next_eip, ra);
    } else {
        protected_return(env, shift, true, 0, ra);
    }
    env->hflags2 &= ~HF2_NMI_MASK;
}

/* sysenter (0F 34): to the flat ring-0 segments of SYSENTER_CS */
void helper_sysenter(CPUX86State *env)
{
    uint32_t cs = env->sysenter_cs & 0xfffc;

    if (!(env->cr[0] & CR0_PE_MASK) || cs == 0) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, GETPC());
    }
    env->eflags &= ~(VM_MASK | IF_MASK | RF_MASK);
    cpu_x86_load_seg_cache(env, R_CS, cs, 0, 0xffffffff,
                           DESC_G_MASK | DESC_B_MASK | DESC_P_MASK | DESC_S_MASK |
                           DESC_CS_MASK | DESC_R_MASK | DESC_A_MASK);
    cpu_x86_load_seg_cache(env, R_SS, cs + 8, 0, 0xffffffff,
                           DESC_G_MASK | DESC_B_MASK | DESC_P_MASK | DESC_S_MASK |
                           DESC_W_MASK | DESC_A_MASK);
    env->regs[R_ESP] = env->sysenter_esp;
    env->eip = env->sysenter_eip;
}

/* sysexit (0F 35): to the flat ring-3 segments after SYSENTER_CS, at EDX with ESP = ECX */
void helper_sysexit(CPUX86State *env, int dflag)
{
    uint32_t cs = env->sysenter_cs & 0xfffc;

    if (!(env->cr[0] & CR0_PE_MASK) || cs == 0 || (env->hflags & HF_CPL_MASK) != 0) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, GETPC());
    }
    cpu_x86_load_seg_cache(env, R_CS, (cs + 16) | 3, 0, 0xffffffff,
                           DESC_G_MASK | DESC_B_MASK | DESC_P_MASK | DESC_S_MASK |
                           (3 << DESC_DPL_SHIFT) | DESC_CS_MASK | DESC_R_MASK | DESC_A_MASK);
    cpu_x86_load_seg_cache(env, R_SS, (cs + 24) | 3, 0, 0xffffffff,
                           DESC_G_MASK | DESC_B_MASK | DESC_P_MASK | DESC_S_MASK |
                           (3 << DESC_DPL_SHIFT) | DESC_W_MASK | DESC_A_MASK);
    env->regs[R_ESP] = env->regs[R_ECX];
    env->eip = env->regs[R_EDX];
}
