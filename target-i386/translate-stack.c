/*
 * Stack insns: PUSH/POP in all forms, PUSHA/POPA, ENTER/LEAVE,
 * PUSHF/POPF. The stack address size comes from SS (the TB's SS32 flag).
 */
#include "translate.h"

void gen_push_v_ot(DisasContext *s, MemOp ot, TCGv val)
{
    MemOp a_ot = mo_stacksize(s);
    TCGv new_esp = tcg_temp_new();

    tcg_gen_subi_tl(new_esp, cpu_regs[R_ESP], 1 << ot);
    gen_lea_v_seg(s, a_ot, new_esp, R_SS, -1);
    gen_op_st_v(s, ot, val, s->A0);
    /* ESP changes only once the store can no longer fault */
    gen_op_mov_reg_v(s, a_ot, R_ESP, new_esp);
}

void gen_push_v(DisasContext *s, TCGv val)
{
    gen_push_v_ot(s, mo_pushpop(s, s->dflag), val);
}

MemOp gen_pop_T0(DisasContext *s)
{
    MemOp ot = mo_pushpop(s, s->dflag);
    gen_lea_v_seg(s, mo_stacksize(s), cpu_regs[R_ESP], R_SS, -1);
    gen_op_ld_v(s, ot, s->T0, s->A0);
    return ot;
}

void gen_pop_update(DisasContext *s, MemOp ot)
{
    gen_op_add_reg_im(s, mo_stacksize(s), R_ESP, 1 << ot);
}

/* 50-57: PUSH Zv */
void push_Zv(DisasContext *s, int b, int modrm)
{
    gen_op_mov_v_reg(s, s->dflag, s->T0, (b & 7) | s->rex_b);
    gen_push_v(s, s->T0);
}

/* 58-5F: POP Zv */
void pop_Zv(DisasContext *s, int b, int modrm)
{
    MemOp ot = gen_pop_T0(s);
    /* POP ESP: the popped value wins over the increment */
    gen_pop_update(s, ot);
    gen_op_mov_reg_v(s, ot, (b & 7) | s->rex_b, s->T0);
}

/* 68/6A: PUSH Iz / PUSH Ib (sign-extended) */
void push_I(DisasContext *s, int b, int modrm)
{
    tcg_gen_movi_tl(s->T0, insn_get_signed(s, b == 0x6a ? MO_8 : mo_imm(s->dflag)));
    gen_push_v(s, s->T0);
}

/* 8F /0: POP Ev (ESP is incremented before the address is computed) */
void pop_Ev(DisasContext *s, int b, int modrm)
{
    MemOp ot;
    if ((modrm >> 3) & 7) {
        gen_illegal_opcode(s);
        return;
    }
    ot = gen_pop_T0(s);
    if (modrm_is_reg(modrm)) {
        gen_pop_update(s, ot);
        gen_op_mov_reg_v(s, ot, modrm_rm(s, modrm), s->T0);
    } else {
        TCGv v = tcg_temp_new();
        tcg_gen_mov_tl(v, s->T0);
        gen_pop_update(s, ot);
        gen_lea_modrm(s, modrm);
        gen_op_st_v(s, ot, v, s->A0);
    }
}

/* 60: PUSHA/PUSHAD (the ESP pushed is the value before the insn) */
void pusha(DisasContext *s, int b, int modrm)
{
    MemOp ot = s->dflag, a_ot = mo_stacksize(s);
    int size = 1 << ot;
    if (s->code64) {
        gen_illegal_opcode(s);
        return;
    }
    for (int i = 0; i < 8; i++) {
        tcg_gen_subi_tl(s->T1, cpu_regs[R_ESP], (i + 1) * size);
        gen_lea_v_seg(s, a_ot, s->T1, R_SS, -1);
        gen_op_st_v(s, ot, cpu_regs[i], s->A0);
    }
    gen_op_add_reg_im(s, a_ot, R_ESP, -8 * size);
}

/* 61: POPA/POPAD (the stored ESP is skipped) */
void popa(DisasContext *s, int b, int modrm)
{
    MemOp ot = s->dflag, a_ot = mo_stacksize(s);
    int size = 1 << ot;
    TCGv v[8];
    if (s->code64) {
        gen_illegal_opcode(s);
        return;
    }
    /* load all first: a fault leaves every register as it was */
    for (int i = 0; i < 8; i++) {
        if (7 - i == R_ESP) {
            continue;
        }
        v[i] = tcg_temp_new();
        tcg_gen_addi_tl(s->T1, cpu_regs[R_ESP], i * size);
        gen_lea_v_seg(s, a_ot, s->T1, R_SS, -1);
        gen_op_ld_v(s, ot, v[i], s->A0);
    }
    for (int i = 0; i < 8; i++) {
        if (7 - i != R_ESP) {
            gen_op_mov_reg_v(s, ot, 7 - i, v[i]);
        }
    }
    gen_op_add_reg_im(s, a_ot, R_ESP, 8 * size);
}

/* C8: ENTER Iw,Ib */
void enter_Iw_Ib(DisasContext *s, int b, int modrm)
{
    int esp_addend = x86_lduw_code(s);
    int level = x86_ldub_code(s) & 31;
    MemOp d_ot = mo_pushpop(s, s->dflag), a_ot = mo_stacksize(s);
    int size = 1 << d_ot;
    TCGv frame = tcg_temp_new(), t = tcg_temp_new();

    /* push EBP */
    tcg_gen_subi_tl(frame, cpu_regs[R_ESP], size);
    gen_lea_v_seg(s, a_ot, frame, R_SS, -1);
    gen_op_st_v(s, d_ot, cpu_regs[R_EBP], s->A0);

    /* copy level-1 frame pointers from the old frame, then push the new one */
    for (int i = 1; i < level; i++) {
        tcg_gen_subi_tl(s->T1, cpu_regs[R_EBP], size * i);
        gen_lea_v_seg(s, a_ot, s->T1, R_SS, -1);
        gen_op_ld_v(s, d_ot, t, s->A0);
        tcg_gen_subi_tl(s->T1, frame, size * i);
        gen_lea_v_seg(s, a_ot, s->T1, R_SS, -1);
        gen_op_st_v(s, d_ot, t, s->A0);
    }
    if (level) {
        tcg_gen_subi_tl(s->T1, frame, size * level);
        gen_lea_v_seg(s, a_ot, s->T1, R_SS, -1);
        gen_op_st_v(s, d_ot, frame, s->A0);
    }
    gen_op_mov_reg_v(s, d_ot, R_EBP, frame);
    tcg_gen_subi_tl(t, frame, esp_addend + size * level);
    gen_op_mov_reg_v(s, a_ot, R_ESP, t);
}

/* C9: LEAVE */
void leave(DisasContext *s, int b, int modrm)
{
    MemOp d_ot = mo_pushpop(s, s->dflag), a_ot = mo_stacksize(s);
    gen_lea_v_seg(s, a_ot, cpu_regs[R_EBP], R_SS, -1);
    gen_op_ld_v(s, d_ot, s->T0, s->A0);
    tcg_gen_addi_tl(s->T1, cpu_regs[R_EBP], 1 << d_ot);
    gen_op_mov_reg_v(s, d_ot, R_EBP, s->T0);
    gen_op_mov_reg_v(s, a_ot, R_ESP, s->T1);
}

/* 9C: PUSHF/PUSHFD */
void pushf(DisasContext *s, int b, int modrm)
{
    if (s->vm86 && s->iopl != 3) {
        gen_exception_gpf(s);
        return;
    }
    gen_update_cc_op(s);
    gen_helper_read_eflags(s->T0, cpu_env);
    /* VM and RF read as 0 in the pushed image */
    tcg_gen_andi_tl(s->T0, s->T0, ~(target_ulong)(VM_MASK | RF_MASK));
    gen_push_v(s, s->T0);
}

/* 9D: POPF/POPFD: which bits may change depends on CPL and IOPL */
void popf(DisasContext *s, int b, int modrm)
{
    uint32_t mask = TF_MASK | AC_MASK | ID_MASK | NT_MASK;
    MemOp ot;

    if (s->vm86 && s->iopl != 3) {
        gen_exception_gpf(s);
        return;
    }
    if (s->cpl == 0) {
        mask |= IF_MASK | IOPL_MASK;
    } else if (s->cpl <= s->iopl) {
        mask |= IF_MASK;
    }
    if (s->dflag == MO_16) {
        mask &= 0xffff;
    }
    ot = gen_pop_T0(s);
    gen_update_cc_op(s);
    gen_update_eip_cur(s);
    gen_helper_write_eflags(cpu_env, s->T0, tcg_const_i32(mask));
    gen_pop_update(s, ot);
    /* the helper left the flags materialised in env */
    set_cc_op(s, CC_OP_DYNAMIC);
    /* TF, IF and IOPL may have changed: the next insn needs a new TB */
    s->is_jmp = DISAS_EOB_NEXT;
}

/* Load segment register seg with the selector in T0 (mov, pop, lxs). */
void gen_movl_seg(DisasContext *s, int seg, TCGv sel)
{
    if (s->pe && !s->vm86) {
        TCGv_i32 t = tcg_temp_new_i32();
        tcg_gen_trunc_tl_i32(t, sel);
        gen_update_cc_op(s);
        gen_update_eip_cur(s);
        gen_helper_load_seg(cpu_env, tcg_const_i32(seg), t);
    } else {
        TCGv_i32 t = tcg_temp_new_i32();
        tcg_gen_trunc_tl_i32(t, sel);
        tcg_gen_andi_i32(t, t, 0xffff);
        tcg_gen_st_i32(t, cpu_env, offsetof(CPUX86State, segs[seg].selector));
        tcg_gen_andi_tl(cpu_seg_base[seg], sel, 0xffff);
        tcg_gen_shli_tl(cpu_seg_base[seg], cpu_seg_base[seg], 4);
    }
    /* SS opens the interrupt shadow; any load may change the TB flags */
    s->is_jmp = seg == R_SS ? DISAS_EOB_INHIBIT_IRQ : DISAS_EOB_NEXT;
}

static int sreg_of_opcode(int b)
{
    switch (b) {
    case 0x06: case 0x07: return R_ES;
    case 0x0e: return R_CS;
    case 0x16: case 0x17: return R_SS;
    case 0x1e: case 0x1f: return R_DS;
    case 0x1a0: case 0x1a1: return R_FS;
    default: return R_GS;
    }
}

/* 06/0E/16/1E/0F A0/0F A8: PUSH ES/CS/SS/DS/FS/GS */
void push_sreg(DisasContext *s, int b, int modrm)
{
    int seg = sreg_of_opcode(b);
    if (s->code64 && b < 0x100) {
        gen_illegal_opcode(s);
        return;
    }
    tcg_gen_ld_tl(s->T0, cpu_env, offsetof(CPUX86State, segs[seg].selector));
    gen_push_v(s, s->T0);
}

/* 07/17/1F/0F A1/0F A9: POP ES/SS/DS/FS/GS */
void pop_sreg(DisasContext *s, int b, int modrm)
{
    int seg = sreg_of_opcode(b);
    MemOp ot;
    if (s->code64 && b < 0x100) {
        gen_illegal_opcode(s);
        return;
    }
    ot = gen_pop_T0(s);
    gen_movl_seg(s, seg, s->T0);
    gen_pop_update(s, ot);
}
