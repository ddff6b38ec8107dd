/*
 * Lazy condition codes, the translation-time half: reading CF, a Jcc
 * condition, or all flags from whatever the last flag-setting insn left.
 * When the op is known, conditions become a single compare of the
 * operands (cmp+jcc is one compare-and-branch); otherwise a helper
 * materialises the flags.
 */
#include "translate.h"

/* A condition ready for brcond/setcond: cond(reg, reg2). */
typedef struct CCPrepare {
    TCGCond cond;
    TCGv reg, reg2;
} CCPrepare;

static TCGv cc_ext(DisasContext *s, TCGv v, MemOp ot, bool sign)
{
    TCGv t;
    if (ot == (TARGET_LONG_BITS == 64 ? MO_64 : MO_32)) {
        return v;
    }
    t = tcg_temp_new();
    gen_ext_tl(t, v, ot, sign);
    return t;
}

/* The helpers of the sized ops, from CC_OP_ADDB in CCOp order (cc_helper.c). */
#define CC_ALL_INFO(group, size, bits) \
    [CC_OP_##group##size - CC_OP_ADDB] = &helper_info_cc_all_##group##size,
static const TCGHelperInfo *const cc_all_helper[CC_OP_NB - CC_OP_ADDB] = {
    CC_OP_SIZED_LIST(CC_ALL_INFO)
};

TCGv gen_eflags_value(DisasContext *s)
{
    TCGv t;

    if (s->cc_op == CC_OP_EFLAGS) {
        return cpu_cc_src;
    }
    if (s->cc_op == CC_OP_CLR) {
        return tcg_const_tl(CC_Z | CC_P);
    }
    t = tcg_temp_new();
    if (s->cc_op >= CC_OP_ADDB && s->cc_op < CC_OP_NB && cc_all_helper[s->cc_op - CC_OP_ADDB]) {
        TCGTemp *args[] = { tcgv_tl_temp(cpu_cc_dst), tcgv_tl_temp(cpu_cc_src),
                            tcgv_tl_temp(cpu_cc_src2) };
        tcg_gen_callN(cc_all_helper[s->cc_op - CC_OP_ADDB], tcgv_tl_temp(t), args);
        return t;
    }
    {
        TCGv_i32 op = tcg_temp_new_i32();
        if (s->cc_op == CC_OP_DYNAMIC) {
            tcg_gen_mov_i32(op, cpu_cc_op);
        } else {
            tcg_gen_movi_i32(op, s->cc_op);
        }
        gen_helper_cc_compute_all(t, cpu_cc_dst, cpu_cc_src, cpu_cc_src2, op);
    }
    return t;
}

void gen_compute_eflags(DisasContext *s)
{
    TCGv t;
    if (s->cc_op == CC_OP_EFLAGS) {
        return;
    }
    t = gen_eflags_value(s);
    tcg_gen_mov_tl(cpu_cc_src, t);
    set_cc_op(s, CC_OP_EFLAGS);
}

/* cond on CF, without materialising the other flags */
static CCPrepare prepare_cc_c(DisasContext *s)
{
    MemOp ot;
    TCGv t;

    if (s->cc_op >= CC_OP_ADDB && s->cc_op < CC_OP_NB) {
        ot = cc_op_size(s->cc_op);
        switch (cc_op_group(s->cc_op)) {
        case CC_OP_ADDB:
            /* carry out iff the truncated result is below an operand */
            return (CCPrepare){ TCG_COND_LTU, cc_ext(s, cpu_cc_dst, ot, false),
                                cc_ext(s, cpu_cc_src, ot, false) };
        case CC_OP_SUBB:
            t = tcg_temp_new();
            tcg_gen_add_tl(t, cpu_cc_dst, cpu_cc_src);
            return (CCPrepare){ TCG_COND_LTU, cc_ext(s, t, ot, false),
                                cc_ext(s, cpu_cc_src, ot, false) };
        case CC_OP_LOGICB:
            return (CCPrepare){ TCG_COND_NEVER, cpu_cc_dst, cpu_cc_dst };
        case CC_OP_INCB:
        case CC_OP_DECB:
            return (CCPrepare){ TCG_COND_NE, cpu_cc_src, tcg_const_tl(0) };
        case CC_OP_SHLB:
            t = tcg_temp_new();
            tcg_gen_extract_tl(t, cpu_cc_src, (8 << ot) - 1, 1);
            return (CCPrepare){ TCG_COND_NE, t, tcg_const_tl(0) };
        case CC_OP_SARB:
            t = tcg_temp_new();
            tcg_gen_andi_tl(t, cpu_cc_src, 1);
            return (CCPrepare){ TCG_COND_NE, t, tcg_const_tl(0) };
        default:
            break;
        }
    }
    switch (s->cc_op) {
    case CC_OP_CLR:
        return (CCPrepare){ TCG_COND_NEVER, cpu_cc_dst, cpu_cc_dst };
    case CC_OP_EFLAGS:
        t = tcg_temp_new();
        tcg_gen_andi_tl(t, cpu_cc_src, CC_C);
        return (CCPrepare){ TCG_COND_NE, t, tcg_const_tl(0) };
    default:
        t = tcg_temp_new();
        {
            TCGv_i32 op = tcg_temp_new_i32();
            if (s->cc_op == CC_OP_DYNAMIC) {
                tcg_gen_mov_i32(op, cpu_cc_op);
            } else {
                tcg_gen_movi_i32(op, s->cc_op);
            }
            gen_helper_cc_compute_c(t, cpu_cc_dst, cpu_cc_src, cpu_cc_src2, op);
        }
        return (CCPrepare){ TCG_COND_NE, t, tcg_const_tl(0) };
    }
}

/* cond on (flags & mask) != 0, from the materialised flags */
static CCPrepare prepare_flags_test(DisasContext *s, target_ulong mask)
{
    TCGv t = tcg_temp_new();
    tcg_gen_andi_tl(t, gen_eflags_value(s), mask);
    return (CCPrepare){ TCG_COND_NE, t, tcg_const_tl(0) };
}

/* the condition of Jcc low nibble jcc_op, not inverted (bit 0 clear) */
static CCPrepare prepare_cc_base(DisasContext *s, int cond)
{
    MemOp ot = MO_8;
    int group = -1;
    TCGv t, src1, src2;
    CCOp op = s->cc_op;

    /* after MUL/IMUL, ZF and SF are still those of the op underneath */
    if ((op & CC_OP_CO_OVERRIDE) && (cond == 0x4 || cond == 0x8)) {
        op &= ~CC_OP_CO_OVERRIDE;
    }
    if (op >= CC_OP_ADDB && op < CC_OP_NB) {
        ot = cc_op_size(op);
        group = cc_op_group(op);
    }
    switch (cond) {
    case 0x2: /* B: CF */
        return prepare_cc_c(s);
    case 0x4: /* Z: ZF */
        if (group >= 0) {
            return (CCPrepare){ TCG_COND_EQ, cc_ext(s, cpu_cc_dst, ot, false),
                                tcg_const_tl(0) };
        }
        if (s->cc_op == CC_OP_CLR) {
            return (CCPrepare){ TCG_COND_ALWAYS, cpu_cc_dst, cpu_cc_dst };
        }
        return prepare_flags_test(s, CC_Z);
    case 0x8: /* S: SF */
        if (group >= 0) {
            return (CCPrepare){ TCG_COND_LT, cc_ext(s, cpu_cc_dst, ot, true),
                                tcg_const_tl(0) };
        }
        if (s->cc_op == CC_OP_CLR) {
            return (CCPrepare){ TCG_COND_NEVER, cpu_cc_dst, cpu_cc_dst };
        }
        return prepare_flags_test(s, CC_S);
    case 0x6: /* BE: CF or ZF */
        if (group == CC_OP_SUBB) {
            src2 = cc_ext(s, cpu_cc_src, ot, false);
            src1 = tcg_temp_new();
            tcg_gen_add_tl(src1, cpu_cc_dst, cpu_cc_src);
            return (CCPrepare){ TCG_COND_LEU, cc_ext(s, src1, ot, false), src2 };
        }
        if (group == CC_OP_LOGICB) {
            return (CCPrepare){ TCG_COND_EQ, cc_ext(s, cpu_cc_dst, ot, false),
                                tcg_const_tl(0) };
        }
        return prepare_flags_test(s, CC_Z | CC_C);
    case 0xc: /* L: SF != OF */
    case 0xe: /* LE: ZF or SF != OF */
        if (group == CC_OP_SUBB) {
            src2 = cc_ext(s, cpu_cc_src, ot, true);
            src1 = tcg_temp_new();
            tcg_gen_add_tl(src1, cpu_cc_dst, cpu_cc_src);
            return (CCPrepare){ cond == 0xc ? TCG_COND_LT : TCG_COND_LE,
                                cc_ext(s, src1, ot, true), src2 };
        }
        if (group == CC_OP_LOGICB) {
            /* OF is clear: SF alone, or SF or ZF */
            return (CCPrepare){ cond == 0xc ? TCG_COND_LT : TCG_COND_LE,
                                cc_ext(s, cpu_cc_dst, ot, true), tcg_const_tl(0) };
        }
        t = tcg_temp_new();
        {
            TCGv f = gen_eflags_value(s);
            /* bring OF (bit 11) onto SF (bit 7) */
            tcg_gen_shri_tl(t, f, 4);
            tcg_gen_xor_tl(t, t, f);
            tcg_gen_andi_tl(t, t, CC_S);
            if (cond == 0xe) {
                TCGv z = tcg_temp_new();
                tcg_gen_andi_tl(z, f, CC_Z);
                tcg_gen_or_tl(t, t, z);
            }
        }
        return (CCPrepare){ TCG_COND_NE, t, tcg_const_tl(0) };
    case 0x0: /* O: OF */
        if (group == CC_OP_LOGICB || s->cc_op == CC_OP_CLR) {
            return (CCPrepare){ TCG_COND_NEVER, cpu_cc_dst, cpu_cc_dst };
        }
        return prepare_flags_test(s, CC_O);
    default: /* 0xa P: PF */
        if (s->cc_op == CC_OP_CLR) {
            return (CCPrepare){ TCG_COND_ALWAYS, cpu_cc_dst, cpu_cc_dst };
        }
        return prepare_flags_test(s, CC_P);
    }
}

static CCPrepare prepare_cc(DisasContext *s, int jcc_op)
{
    CCPrepare cc = prepare_cc_base(s, jcc_op & 0xe);
    if (jcc_op & 1) {
        cc.cond = tcg_invert_cond(cc.cond);
    }
    return cc;
}

void gen_setcc1(DisasContext *s, int jcc_op, TCGv reg)
{
    CCPrepare cc = prepare_cc(s, jcc_op);
    switch (cc.cond) {
    case TCG_COND_NEVER:
        tcg_gen_movi_tl(reg, 0);
        break;
    case TCG_COND_ALWAYS:
        tcg_gen_movi_tl(reg, 1);
        break;
    default:
        tcg_gen_setcond_tl(cc.cond, reg, cc.reg, cc.reg2);
        break;
    }
}

void gen_compute_eflags_c(DisasContext *s, TCGv reg)
{
    gen_setcc1(s, 0x2, reg);
}

void gen_jcc1(DisasContext *s, int jcc_op, TCGLabel *l1)
{
    CCPrepare cc = prepare_cc(s, jcc_op);
    switch (cc.cond) {
    case TCG_COND_NEVER:
        break;
    case TCG_COND_ALWAYS:
        tcg_gen_br(l1);
        break;
    default:
        tcg_gen_brcond_tl(cc.cond, cc.reg, cc.reg2, l1);
        break;
    }
}
