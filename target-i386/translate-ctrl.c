/*
 * Control transfer: Jcc, JMP, CALL, RET (near, far, indirect), LOOP/JCXZ,
 * INT n/INT3/INTO/INT1, IRET, HLT, BOUND, and group 5. Near targets wrap
 * at 64K with a 16-bit operand size. Far transfers in protected mode go
 * through the system helpers and end the TB (CS changes the TB flags).
 */
#include "translate.h"

static target_ulong jmp_target(DisasContext *s, target_long disp)
{
    target_ulong eip = next_eip(s) + disp;
    if (s->dflag == MO_16) {
        eip &= 0xffff;
    } else if (!s->code64) {
        eip = (uint32_t)eip;
    }
    return eip;
}

static void gen_jcc(DisasContext *s, int jcc_op, target_ulong target)
{
    TCGLabel *taken = gen_new_label();
    gen_update_cc_op(s);
    gen_jcc1(s, jcc_op, taken);
    gen_jmp_tb(s, next_eip(s), 0);
    gen_set_label(taken);
    gen_jmp_tb(s, target, 1);
}

/* 70-7F: Jcc Jb */
void jcc_Jb(DisasContext *s, int b, int modrm)
{
    target_long disp = insn_get_signed(s, MO_8);
    gen_jcc(s, b & 0xf, jmp_target(s, disp));
}

/* 0F 80-8F: Jcc Jz */
void jcc_Jz(DisasContext *s, int b, int modrm)
{
    target_long disp = insn_get_signed(s, mo_imm(s->dflag));
    gen_jcc(s, b & 0xf, jmp_target(s, disp));
}

/* EB: JMP Jb */
void jmp_Jb(DisasContext *s, int b, int modrm)
{
    target_long disp = insn_get_signed(s, MO_8);
    gen_jmp_tb(s, jmp_target(s, disp), 0);
}

/* E9: JMP Jz */
void jmp_Jz(DisasContext *s, int b, int modrm)
{
    target_long disp = insn_get_signed(s, mo_imm(s->dflag));
    gen_jmp_tb(s, jmp_target(s, disp), 0);
}

/* E8: CALL Jz */
void call_Jz(DisasContext *s, int b, int modrm)
{
    target_long disp = insn_get_signed(s, mo_imm(s->dflag));
    target_ulong target = jmp_target(s, disp);
    tcg_gen_movi_tl(s->T0, next_eip(s));
    gen_push_v(s, s->T0);
    gen_jmp_tb(s, target, 0);
}

/* jump to the eip in T0 (already truncated to the operand size) */
static void gen_jmp_T0(DisasContext *s)
{
    tcg_gen_st_tl(s->T0, cpu_env, offsetof(CPUX86State, eip));
    gen_jr(s);
}

/* C2/C3: RET Iw / RET */
static void gen_ret(DisasContext *s, int imm)
{
    MemOp ot = gen_pop_T0(s);
    gen_op_add_reg_im(s, mo_stacksize(s), R_ESP, (1 << ot) + imm);
    gen_jmp_T0(s);
}

void ret_Iw(DisasContext *s, int b, int modrm)
{
    int imm = x86_lduw_code(s);
    gen_ret(s, imm);
}

void ret(DisasContext *s, int b, int modrm)
{
    gen_ret(s, 0);
}

/* E0-E2: LOOPNE/LOOPE/LOOP Jb; E3: JCXZ/JECXZ Jb */
static void gen_loop(DisasContext *s, int b, target_ulong target)
{
    TCGLabel *taken = gen_new_label(), *not_taken = gen_new_label();
    TCGv cx = tcg_temp_new();

    gen_update_cc_op(s);
    if (b != 0xe3) {
        gen_op_add_reg_im(s, s->aflag, R_ECX, -1);
    }
    gen_ext_tl(cx, cpu_regs[R_ECX], s->aflag, false);
    switch (b) {
    case 0xe0: /* LOOPNE: ECX != 0 and ZF = 0 */
    case 0xe1: /* LOOPE: ECX != 0 and ZF = 1 */
        tcg_gen_brcondi_tl(TCG_COND_EQ, cx, 0, not_taken);
        gen_jcc1(s, b == 0xe1 ? 0x4 : 0x5, taken);
        break;
    case 0xe2: /* LOOP */
        tcg_gen_brcondi_tl(TCG_COND_NE, cx, 0, taken);
        break;
    default:   /* JCXZ */
        tcg_gen_brcondi_tl(TCG_COND_EQ, cx, 0, taken);
        break;
    }
    gen_set_label(not_taken);
    gen_jmp_tb(s, next_eip(s), 0);
    gen_set_label(taken);
    gen_jmp_tb(s, target, 1);
}

void loop_Jb(DisasContext *s, int b, int modrm)
{
    target_long disp = insn_get_signed(s, MO_8);
    gen_loop(s, b, jmp_target(s, disp));
}

void jcxz_Jb(DisasContext *s, int b, int modrm)
{
    target_long disp = insn_get_signed(s, MO_8);
    gen_loop(s, b, jmp_target(s, disp));
}

/* far jump/call to selector T1 : offset T0 */
static void gen_far_transfer(DisasContext *s, bool call)
{
    TCGv_i32 sel = tcg_temp_new_i32();
    tcg_gen_trunc_tl_i32(sel, s->T1);
    gen_update_cc_op(s);
    gen_update_eip_cur(s);
    if (s->pe && !s->vm86) {
        if (call) {
            gen_helper_lcall_protected(cpu_env, sel, s->T0, tcg_const_i32(s->dflag - 1),
                                       tcg_const_tl(next_eip(s)));
        } else {
            gen_helper_ljmp_protected(cpu_env, sel, s->T0, tcg_const_tl(next_eip(s)));
        }
    } else if (call) {
        gen_helper_lcall_real(cpu_env, sel, s->T0, tcg_const_i32(s->dflag - 1),
                              tcg_const_i32(next_eip(s)));
    } else {
        tcg_gen_andi_i32(sel, sel, 0xffff);
        tcg_gen_st_i32(sel, cpu_env, offsetof(CPUX86State, segs[R_CS].selector));
        tcg_gen_shli_tl(cpu_seg_base[R_CS], s->T1, 4);
        tcg_gen_andi_tl(cpu_seg_base[R_CS], cpu_seg_base[R_CS], 0xffff0);
        tcg_gen_st_tl(s->T0, cpu_env, offsetof(CPUX86State, eip));
    }
    gen_eob(s);
}

/* EA: JMPF Ap; 9A: CALLF Ap */
static void gen_far_Ap(DisasContext *s, bool call)
{
    target_ulong off, sel;
    if (s->code64) {
        gen_illegal_opcode(s);
        return;
    }
    off = insn_get(s, s->dflag);
    sel = insn_get(s, MO_16);
    tcg_gen_movi_tl(s->T0, off);
    tcg_gen_movi_tl(s->T1, sel);
    gen_far_transfer(s, call);
}

void jmpf_Ap(DisasContext *s, int b, int modrm) { gen_far_Ap(s, false); }
void callf_Ap(DisasContext *s, int b, int modrm) { gen_far_Ap(s, true); }

/* CA/CB: RETF Iw / RETF */
void retf_Iw(DisasContext *s, int b, int modrm)
{
    int imm = b == 0xca ? x86_lduw_code(s) : 0;
    MemOp ot = s->dflag, a_ot = mo_stacksize(s);

    gen_update_cc_op(s);
    gen_update_eip_cur(s);
    if (s->pe && !s->vm86) {
        gen_helper_lret_protected(cpu_env, tcg_const_i32(ot - 1), tcg_const_i32(imm));
    } else {
        TCGv_i32 sel = tcg_temp_new_i32();
        gen_lea_v_seg(s, a_ot, cpu_regs[R_ESP], R_SS, -1);
        gen_op_ld_v(s, ot, s->T0, s->A0);
        tcg_gen_addi_tl(s->T1, cpu_regs[R_ESP], 1 << ot);
        gen_lea_v_seg(s, a_ot, s->T1, R_SS, -1);
        gen_op_ld_v(s, ot, s->T1, s->A0);
        gen_op_add_reg_im(s, a_ot, R_ESP, (2 << ot) + imm);
        tcg_gen_st_tl(s->T0, cpu_env, offsetof(CPUX86State, eip));
        tcg_gen_trunc_tl_i32(sel, s->T1);
        tcg_gen_andi_i32(sel, sel, 0xffff);
        tcg_gen_st_i32(sel, cpu_env, offsetof(CPUX86State, segs[R_CS].selector));
        tcg_gen_andi_tl(s->T1, s->T1, 0xffff);
        tcg_gen_shli_tl(cpu_seg_base[R_CS], s->T1, 4);
    }
    gen_eob(s);
}

static void gen_interrupt(DisasContext *s, int intno)
{
    gen_update_cc_op(s);
    gen_update_eip_cur(s);
    gen_helper_raise_interrupt(cpu_env, tcg_const_i32(intno),
                               tcg_const_i32(s->pc - s->pc_start));
    s->is_jmp = DISAS_NORETURN;
}

/* CC: INT3 */
void int3(DisasContext *s, int b, int modrm)
{
    gen_interrupt(s, EXCP03_INT3);
}

/* CD: INT Ib (in v8086 mode only with IOPL 3) */
void int_Ib(DisasContext *s, int b, int modrm)
{
    int intno = x86_ldub_code(s);
    if (s->vm86 && s->iopl != 3) {
        gen_exception_gpf(s);
        return;
    }
    gen_interrupt(s, intno);
}

/* CE: INTO */
void into(DisasContext *s, int b, int modrm)
{
    if (s->code64) {
        gen_illegal_opcode(s);
        return;
    }
    gen_update_cc_op(s);
    gen_update_eip_cur(s);
    gen_helper_into(cpu_env, tcg_const_i32(s->pc - s->pc_start));
}

/* F1: INT1 (ICEBP): a #DB trap after the insn */
void int1(DisasContext *s, int b, int modrm)
{
    gen_update_cc_op(s);
    gen_update_eip_next(s);
    gen_helper_raise_exception(cpu_env, tcg_const_i32(EXCP01_DB));
    s->is_jmp = DISAS_NORETURN;
}

/* CF: IRET/IRETD */
void iret(DisasContext *s, int b, int modrm)
{
    gen_update_cc_op(s);
    gen_update_eip_cur(s);
    if (!s->pe) {
        gen_helper_iret_real(cpu_env, tcg_const_i32(s->dflag - 1));
    } else if (s->vm86) {
        if (s->iopl != 3) {
            gen_exception_gpf(s);
            return;
        }
        gen_helper_iret_real(cpu_env, tcg_const_i32(s->dflag - 1));
    } else {
        gen_helper_iret_protected(cpu_env, tcg_const_i32(s->dflag - 1),
                                  tcg_const_i32(next_eip(s)));
    }
    /* flags are in env now */
    set_cc_op(s, CC_OP_DYNAMIC);
    gen_eob(s);
}

/* F4: HLT */
void hlt(DisasContext *s, int b, int modrm)
{
    if (!check_cpl0(s)) {
        return;
    }
    gen_update_cc_op(s);
    gen_update_eip_cur(s);
    gen_helper_hlt(cpu_env, tcg_const_i32(s->pc - s->pc_start));
    s->is_jmp = DISAS_NORETURN;
}

/* 62: BOUND Gv,Ma */
void bound_Gv_Ma(DisasContext *s, int b, int modrm)
{
    TCGv_i32 idx = tcg_temp_new_i32();
    if (s->code64 || modrm_is_reg(modrm)) {
        gen_illegal_opcode(s);
        return;
    }
    gen_lea_modrm(s, modrm);
    gen_op_mov_v_reg(s, s->dflag, s->T0, modrm_reg(s, modrm));
    tcg_gen_trunc_tl_i32(idx, s->T0);
    /* the pair of bounds */
    gen_seg_check(s, s->A0, 2 << s->dflag, false);
    gen_update_cc_op(s);
    gen_update_eip_cur(s);
    if (s->dflag == MO_16) {
        gen_helper_boundw(cpu_env, s->A0, idx);
    } else {
        gen_helper_boundl(cpu_env, s->A0, idx);
    }
}

/* FF: INC/DEC/CALL/CALLF/JMP/JMPF/PUSH Ev */
void grp5_Ev(DisasContext *s, int b, int modrm)
{
    int op = (modrm >> 3) & 7;
    MemOp ot = s->dflag;

    switch (op) {
    case 0: /* INC Ev */
    case 1: /* DEC Ev */
        grp5_inc_dec(s, modrm, op == 1);
        return;
    case 2: /* CALL Ev */
        gen_ld_modrm(s, modrm, ot, s->T0);
        tcg_gen_movi_tl(s->T1, next_eip(s));
        gen_push_v(s, s->T1);
        gen_jmp_T0(s);
        return;
    case 4: /* JMP Ev */
        gen_ld_modrm(s, modrm, ot, s->T0);
        gen_jmp_T0(s);
        return;
    case 3: /* CALLF Mp */
    case 5: /* JMPF Mp */
        if (modrm_is_reg(modrm)) {
            gen_illegal_opcode(s);
            return;
        }
        gen_op_ld_v(s, ot, s->T0, s->A0);
        tcg_gen_addi_tl(s->A0, s->A0, 1 << ot);
        gen_op_ld_v(s, MO_16, s->T1, s->A0);
        gen_far_transfer(s, op == 3);
        return;
    case 6: /* PUSH Ev */
        gen_ld_modrm(s, modrm, ot, s->T0);
        gen_push_v(s, s->T0);
        return;
    default:
        gen_illegal_opcode(s);
        return;
    }
}
