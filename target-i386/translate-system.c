/*
 * System insns: segment register moves and loads, descriptor tables
 * (groups 6 and 7), control/debug registers, MSRs, CPUID, RDTSC, CLI/STI,
 * SYSENTER/SYSEXIT, ARPL/LAR/LSL/VERR/VERW, CMPXCHG8B, fences and hint
 * NOPs, and the x87 escape. Privilege is checked here from the TB flags;
 * the work is done by the helpers in helper-sys.h.
 */
#include "translate.h"

/* 8C: MOV Ev,Sw */
void mov_Ev_Sw(DisasContext *s, int b, int modrm)
{
    int seg = (modrm >> 3) & 7;
    if (seg > R_GS) {
        gen_illegal_opcode(s);
        return;
    }
    tcg_gen_ld_tl(s->T0, cpu_env, offsetof(CPUX86State, segs[seg].selector));
    if (modrm_is_reg(modrm)) {
        gen_op_mov_reg_v(s, s->dflag, modrm_rm(s, modrm), s->T0);
    } else {
        gen_op_st_v(s, MO_16, s->T0, s->A0);
    }
}

/* 8E: MOV Sw,Ew */
void mov_Sw_Ew(DisasContext *s, int b, int modrm)
{
    int seg = (modrm >> 3) & 7;
    if (seg > R_GS || seg == R_CS) {
        gen_illegal_opcode(s);
        return;
    }
    gen_ld_modrm(s, modrm, MO_16, s->T0);
    gen_movl_seg(s, seg, s->T0);
}

/* C4 LES, C5 LDS, 0F B2 LSS, 0F B4 LFS, 0F B5 LGS: Gv,Mp */
void lxs_Gv_Mp(DisasContext *s, int b, int modrm)
{
    int seg;
    MemOp ot = s->dflag;

    switch (b) {
    case 0xc4: seg = R_ES; break;
    case 0xc5: seg = R_DS; break;
    case 0x1b2: seg = R_SS; break;
    case 0x1b4: seg = R_FS; break;
    default: seg = R_GS; break;
    }
    if (modrm_is_reg(modrm) || (s->code64 && b < 0x100)) {
        gen_illegal_opcode(s);
        return;
    }
    gen_lea_modrm(s, modrm);
    gen_op_ld_v(s, ot, s->T1, s->A0);
    tcg_gen_addi_tl(s->A0, s->A0, 1 << ot);
    gen_op_ld_v(s, MO_16, s->T0, s->A0);
    gen_movl_seg(s, seg, s->T0);
    /* the offset lands only once the segment load succeeded */
    gen_op_mov_reg_v(s, ot, modrm_reg(s, modrm), s->T1);
}

/* 63: ARPL Ew,Gw (protected mode only) */
void arpl_Ew_Gw(DisasContext *s, int b, int modrm)
{
    TCGv rpl_src = tcg_temp_new(), rpl_dst = tcg_temp_new(), adj = tcg_temp_new();
    TCGv f, t;

    if (!s->pe || s->vm86 || s->code64) {
        gen_illegal_opcode(s);
        return;
    }
    gen_ld_modrm(s, modrm, MO_16, s->T0);
    gen_op_mov_v_reg(s, MO_16, s->T1, modrm_reg(s, modrm));
    tcg_gen_andi_tl(rpl_src, s->T1, 3);
    tcg_gen_andi_tl(rpl_dst, s->T0, 3);
    tcg_gen_setcond_tl(TCG_COND_LTU, adj, rpl_dst, rpl_src);
    /* raise the destination's RPL to the source's */
    tcg_gen_andi_tl(s->T1, s->T0, ~3);
    tcg_gen_or_tl(s->T1, s->T1, rpl_src);
    tcg_gen_movcond_tl(TCG_COND_NE, s->T0, adj, tcg_const_tl(0), s->T1, s->T0);
    gen_st_modrm(s, modrm, MO_16, s->T0);
    f = gen_eflags_value(s);
    t = tcg_temp_new();
    tcg_gen_andi_tl(t, f, ~(target_ulong)CC_Z);
    tcg_gen_shli_tl(adj, adj, 6);   /* ZF */
    tcg_gen_or_tl(cpu_cc_src, t, adj);
    set_cc_op(s, CC_OP_EFLAGS);
}

/* 0F 00: SLDT/STR/LLDT/LTR/VERR/VERW Ew */
void grp6_Ew(DisasContext *s, int b, int modrm)
{
    int op = (modrm >> 3) & 7;
    TCGv_i32 sel = tcg_temp_new_i32();

    if (!s->pe || s->vm86) {
        gen_illegal_opcode(s);
        return;
    }
    if (!modrm_is_reg(modrm)) {
        gen_lea_modrm(s, modrm);
    }
    switch (op) {
    case 0: /* SLDT */
    case 1: /* STR */
        tcg_gen_ld_tl(s->T0, cpu_env, op == 0 ? offsetof(CPUX86State, ldt.selector)
                                               : offsetof(CPUX86State, tr.selector));
        if (modrm_is_reg(modrm)) {
            gen_op_mov_reg_v(s, s->dflag, modrm_rm(s, modrm), s->T0);
        } else {
            gen_op_st_v(s, MO_16, s->T0, s->A0);
        }
        break;
    case 2: /* LLDT */
    case 3: /* LTR */
        if (!check_cpl0(s)) {
            return;
        }
        gen_ld_modrm(s, modrm, MO_16, s->T0);
        tcg_gen_trunc_tl_i32(sel, s->T0);
        gen_update_cc_op(s);
        gen_update_eip_cur(s);
        (op == 2 ? gen_helper_lldt : gen_helper_ltr)(cpu_env, sel);
        break;
    case 4: /* VERR */
    case 5: /* VERW */
        gen_ld_modrm(s, modrm, MO_16, s->T0);
        gen_compute_eflags(s);
        gen_update_cc_op(s);
        gen_update_eip_cur(s);
        (op == 4 ? gen_helper_verr : gen_helper_verw)(cpu_env, s->T0);
        break;
    default:
        gen_illegal_opcode(s);
        break;
    }
}

/* 0F 02/03: LAR/LSL Gv,Ew (the destination is written only when ZF = 1) */
void lar_lsl_Gv_Ew(DisasContext *s, int b, int modrm)
{
    TCGv res = tcg_temp_new(), z = tcg_temp_new();
    if (!s->pe || s->vm86) {
        gen_illegal_opcode(s);
        return;
    }
    gen_ld_modrm(s, modrm, MO_16, s->T0);
    gen_compute_eflags(s);
    gen_update_cc_op(s);
    gen_update_eip_cur(s);
    (b == 0x102 ? gen_helper_lar : gen_helper_lsl)(res, cpu_env, s->T0);
    gen_op_mov_v_reg(s, s->dflag, s->T1, modrm_reg(s, modrm));
    tcg_gen_andi_tl(z, cpu_cc_src, CC_Z);
    tcg_gen_movcond_tl(TCG_COND_NE, s->T1, z, tcg_const_tl(0), res, s->T1);
    gen_op_mov_reg_v(s, s->dflag, modrm_reg(s, modrm), s->T1);
}

/* the descriptor-table register at offset dt: store (SGDT/SIDT) or load */
static void gen_dt_access(DisasContext *s, size_t dt, bool load)
{
    TCGv a = tcg_temp_new();
    tcg_gen_addi_tl(a, s->A0, 2);
    if (load) {
        gen_op_ld_v(s, MO_16, s->T1, s->A0);
        gen_op_ld_v(s, MO_32, s->T0, a);
        if (s->dflag == MO_16) {
            tcg_gen_andi_tl(s->T0, s->T0, 0xffffff);
        }
        tcg_gen_st_tl(s->T0, cpu_env, dt + offsetof(SegmentCache, base));
        tcg_gen_st_i32(s->T1, cpu_env, dt + offsetof(SegmentCache, limit));
    } else {
        tcg_gen_ld_i32(s->T1, cpu_env, dt + offsetof(SegmentCache, limit));
        tcg_gen_ld_tl(s->T0, cpu_env, dt + offsetof(SegmentCache, base));
        if (s->dflag == MO_16) {
            tcg_gen_andi_tl(s->T0, s->T0, 0xffffff);
        }
        gen_op_st_v(s, MO_16, s->T1, s->A0);
        gen_op_st_v(s, MO_32, s->T0, a);
    }
}

/* 0F 01: SGDT/SIDT/LGDT/LIDT/SMSW/LMSW/INVLPG (register forms: #UD) */
void grp7(DisasContext *s, int b, int modrm)
{
    int op = (modrm >> 3) & 7;

    if (modrm_is_reg(modrm) && op != 4 && op != 6) {
        /* MONITOR, MWAIT, XGETBV, SWAPGS, RDTSCP...: not on our CPU models */
        gen_illegal_opcode(s);
        return;
    }
    if (!modrm_is_reg(modrm)) {
        gen_lea_modrm(s, modrm);
    }
    switch (op) {
    case 0: /* SGDT */
        gen_dt_access(s, offsetof(CPUX86State, gdt), false);
        break;
    case 1: /* SIDT */
        gen_dt_access(s, offsetof(CPUX86State, idt), false);
        break;
    case 2: /* LGDT */
    case 3: /* LIDT */
        if (!check_cpl0(s)) {
            return;
        }
        gen_dt_access(s, op == 2 ? offsetof(CPUX86State, gdt)
                                 : offsetof(CPUX86State, idt), true);
        break;
    case 4: /* SMSW */
        tcg_gen_ld_tl(s->T0, cpu_env, offsetof(CPUX86State, cr[0]));
        if (modrm_is_reg(modrm)) {
            gen_op_mov_reg_v(s, s->dflag, modrm_rm(s, modrm), s->T0);
        } else {
            gen_op_st_v(s, MO_16, s->T0, s->A0);
        }
        break;
    case 6: /* LMSW */
        if (!check_cpl0(s)) {
            return;
        }
        gen_ld_modrm(s, modrm, MO_16, s->T0);
        gen_update_cc_op(s);
        gen_update_eip_cur(s);
        gen_helper_lmsw(cpu_env, s->T0);
        s->is_jmp = DISAS_EOB_NEXT;
        break;
    case 7: /* INVLPG */
        if (!check_cpl0(s)) {
            return;
        }
        gen_update_cc_op(s);
        gen_update_eip_cur(s);
        gen_helper_invlpg(cpu_env, s->A0);
        s->is_jmp = DISAS_EOB_NEXT;
        break;
    default:
        gen_illegal_opcode(s);
        break;
    }
}

/* 0F 20/22: MOV Rd,Cd / Cd,Rd (the ModRM mod field is ignored) */
static void gen_mov_cr(DisasContext *s, int modrm, bool to_cr)
{
    int cr = modrm_reg(s, modrm), rm = modrm_rm(s, modrm);
    if (!check_cpl0(s)) {
        return;
    }
    if (cr != 0 && cr != 2 && cr != 3 && cr != 4) {
        gen_illegal_opcode(s);
        return;
    }
    gen_update_cc_op(s);
    gen_update_eip_cur(s);
    if (to_cr) {
        gen_op_mov_v_reg(s, MO_32, s->T0, rm);
        gen_helper_write_crN(cpu_env, tcg_const_i32(cr), s->T0);
        s->is_jmp = DISAS_EOB_NEXT;
    } else {
        gen_helper_read_crN(s->T0, cpu_env, tcg_const_i32(cr));
        gen_op_mov_reg_v(s, MO_32, rm, s->T0);
    }
}

void mov_Rd_Cd(DisasContext *s, int b, int modrm) { gen_mov_cr(s, modrm, false); }
void mov_Cd_Rd(DisasContext *s, int b, int modrm) { gen_mov_cr(s, modrm, true); }

/* 0F 21/23: MOV Rd,Dd / Dd,Rd */
static void gen_mov_dr(DisasContext *s, int modrm, bool to_dr)
{
    int dr = modrm_reg(s, modrm), rm = modrm_rm(s, modrm);
    if (!check_cpl0(s)) {
        return;
    }
    gen_update_cc_op(s);
    gen_update_eip_cur(s);
    if (to_dr) {
        gen_op_mov_v_reg(s, MO_32, s->T0, rm);
        gen_helper_set_dr(cpu_env, tcg_const_i32(dr), s->T0);
        s->is_jmp = DISAS_EOB_NEXT;
    } else {
        gen_helper_get_dr(s->T0, cpu_env, tcg_const_i32(dr));
        gen_op_mov_reg_v(s, MO_32, rm, s->T0);
    }
}

void mov_Rd_Dd(DisasContext *s, int b, int modrm) { gen_mov_dr(s, modrm, false); }
void mov_Dd_Rd(DisasContext *s, int b, int modrm) { gen_mov_dr(s, modrm, true); }

/* 0F 06: CLTS */
void clts(DisasContext *s, int b, int modrm)
{
    if (!check_cpl0(s)) {
        return;
    }
    gen_helper_clts(cpu_env);
    s->is_jmp = DISAS_EOB_NEXT;     /* CR0.TS is a TB flag */
}

/* 0F 08/09: INVD, WBINVD: no caches to manage */
void invd_wbinvd(DisasContext *s, int b, int modrm)
{
    check_cpl0(s);
}

/* 0F 0B UD2, 0F B9 UD1 */
void ud(DisasContext *s, int b, int modrm)
{
    gen_illegal_opcode(s);
}

/* 0F 0D, 0F 18-1F: prefetches and hint NOPs: no access at all */
void nop_Ev(DisasContext *s, int b, int modrm)
{
}

/* helpers that read and write registers and may fault at this insn */
static void gen_sys_helper(DisasContext *s, void (*helper)(TCGv_ptr))
{
    gen_update_cc_op(s);
    gen_update_eip_cur(s);
    helper(cpu_env);
}

/* 0F 30: WRMSR */
void wrmsr(DisasContext *s, int b, int modrm)
{
    if (!check_cpl0(s)) {
        return;
    }
    gen_sys_helper(s, gen_helper_wrmsr);
    s->is_jmp = DISAS_EOB_NEXT;
}

/* 0F 32: RDMSR */
void rdmsr(DisasContext *s, int b, int modrm)
{
    if (!check_cpl0(s)) {
        return;
    }
    gen_sys_helper(s, gen_helper_rdmsr);
}

/* 0F 31: RDTSC (CR4.TSD is checked by the helper) */
void rdtsc(DisasContext *s, int b, int modrm) { gen_sys_helper(s, gen_helper_rdtsc); }
/* 0F 33: RDPMC */
void rdpmc(DisasContext *s, int b, int modrm) { gen_sys_helper(s, gen_helper_rdpmc); }
/* 0F A2: CPUID */
void cpuid(DisasContext *s, int b, int modrm) { gen_sys_helper(s, gen_helper_cpuid); }

/* 0F 34: SYSENTER */
void sysenter(DisasContext *s, int b, int modrm)
{
    if (!s->pe) {
        gen_exception_gpf(s);
        return;
    }
    gen_sys_helper(s, gen_helper_sysenter);
    gen_eob(s);
}

/* 0F 35: SYSEXIT */
void sysexit(DisasContext *s, int b, int modrm)
{
    if (!s->pe || s->vm86) {
        gen_exception_gpf(s);
        return;
    }
    if (!check_cpl0(s)) {
        return;
    }
    gen_update_cc_op(s);
    gen_update_eip_cur(s);
    gen_helper_sysexit(cpu_env, tcg_const_i32(s->dflag));
    gen_eob(s);
}

/* CLI/STI are allowed at CPL <= IOPL (in v8086 mode with IOPL 3) */
static bool if_change_allowed(DisasContext *s)
{
    if (s->vm86 ? s->iopl == 3 : (!s->pe || s->cpl <= s->iopl)) {
        return true;
    }
    gen_exception_gpf(s);
    return false;
}

static void gen_set_if(bool on)
{
    TCGv t = tcg_temp_new();
    tcg_gen_ld_tl(t, cpu_env, offsetof(CPUX86State, eflags));
    if (on) {
        tcg_gen_ori_tl(t, t, IF_MASK);
    } else {
        tcg_gen_andi_tl(t, t, ~(target_ulong)IF_MASK);
    }
    tcg_gen_st_tl(t, cpu_env, offsetof(CPUX86State, eflags));
}

/* FA: CLI */
void cli(DisasContext *s, int b, int modrm)
{
    if (if_change_allowed(s)) {
        gen_set_if(false);
    }
}

/* FB: STI: interrupts stay blocked until after the next insn */
void sti(DisasContext *s, int b, int modrm)
{
    if (if_change_allowed(s)) {
        gen_set_if(true);
        s->is_jmp = DISAS_EOB_INHIBIT_IRQ;
    }
}

/* 0F AE: LFENCE/MFENCE/SFENCE (register forms), CLFLUSH; the rest is SSE */
void grp15(DisasContext *s, int b, int modrm)
{
    int peek = cpu_ldub_code(s->env, s->pc, s->mem_index);
    int op = (peek >> 3) & 7;

    if (!modrm_is_reg(peek) && op < 4 && !(s->prefix & (PREFIX_REPZ | PREFIX_REPNZ))) {
        if (!gen_sse(s, b)) {
            gen_illegal_opcode(s);
        }
        return;
    }
    modrm = x86_ldub_code(s);
    if (s->prefix & (PREFIX_REPZ | PREFIX_REPNZ | PREFIX_LOCK)) {
        gen_illegal_opcode(s);
    } else if (modrm_is_reg(modrm) && op >= 5) {
        /* fences: one CPU, in-order memory: nothing to do */
    } else if (!modrm_is_reg(modrm) && op == 7) {
        /* CLFLUSH: no caches; the address is still decoded */
        gen_lea_modrm(s, modrm);
    } else {
        gen_illegal_opcode(s);
    }
}

/* 0F C7 /1: CMPXCHG8B Mq (only ZF changes) */
void grp9(DisasContext *s, int b, int modrm)
{
    TCGv_i64 old = tcg_temp_new_i64(), cmp = tcg_temp_new_i64();
    TCGv_i64 newv = tcg_temp_new_i64(), res = tcg_temp_new_i64();
    TCGv_i32 lo = tcg_temp_new_i32(), hi = tcg_temp_new_i32();
    TCGv eq = tcg_temp_new(), f, t;

    if (modrm_is_reg(modrm) || ((modrm >> 3) & 7) != 1) {
        gen_illegal_opcode(s);
        return;
    }
    /* a write whatever the comparison gives */
    gen_seg_check(s, s->A0, 8, true);
    tcg_gen_qemu_ld_i64(old, tcgv_tl_temp(s->A0), s->mem_index, MO_LEUQ);
    tcg_gen_trunc_tl_i32(lo, cpu_regs[R_EAX]);
    tcg_gen_trunc_tl_i32(hi, cpu_regs[R_EDX]);
    tcg_gen_concat_i32_i64(cmp, lo, hi);
    tcg_gen_trunc_tl_i32(lo, cpu_regs[R_EBX]);
    tcg_gen_trunc_tl_i32(hi, cpu_regs[R_ECX]);
    tcg_gen_concat_i32_i64(newv, lo, hi);
    tcg_gen_movcond_i64(TCG_COND_EQ, res, old, cmp, newv, old);
    /* written either way, as the locked cycle does */
    tcg_gen_qemu_st_i64(res, tcgv_tl_temp(s->A0), s->mem_index, MO_LEUQ);
    {
        TCGv_i64 e64 = tcg_temp_new_i64();
        tcg_gen_setcond_i64(TCG_COND_EQ, e64, old, cmp);
        tcg_gen_trunc_i64_tl(eq, e64);
    }
    tcg_gen_extrl_i64_i32(lo, old);
    tcg_gen_extrh_i64_i32(hi, old);
    tcg_gen_extu_i32_tl(s->T0, lo);
    tcg_gen_extu_i32_tl(s->T1, hi);
    gen_op_mov_reg_v(s, MO_32, R_EAX, s->T0);
    gen_op_mov_reg_v(s, MO_32, R_EDX, s->T1);
    f = gen_eflags_value(s);
    t = tcg_temp_new();
    tcg_gen_andi_tl(t, f, ~(target_ulong)CC_Z);
    tcg_gen_shli_tl(eq, eq, 6);
    tcg_gen_or_tl(cpu_cc_src, t, eq);
    set_cc_op(s, CC_OP_EFLAGS);
}

/* 9B: FWAIT: #NM when CR0.MP and CR0.TS are both set, else #MF if an x87 exception is pending */
void fwait(DisasContext *s, int b, int modrm)
{
    gen_fwait(s);
}

/* D8-DF: x87 escape: #NM when CR0.EM or CR0.TS is set */
void esc_x87(DisasContext *s, int b, int modrm)
{
    if (s->flags & (HF_EM | HF_TS)) {
        gen_exception(s, EXCP07_PREX);
        return;
    }
    gen_x87(s, b, modrm);
}
