/* The IR builder (tcg-op.h): appends ops to tcg_ctx's list. */
#include "qemu/osdep.h"
#include "tcg/tcg-op.h"
#include "tcg/tcg-internal.h"

static TCGOp *gen_op1(TCGOpcode opc, TCGArg a0)
{
    TCGOp *op = tcg_emit_op(opc);
    op->args[0] = a0;
    return op;
}

static void gen_op2(TCGOpcode opc, TCGArg a0, TCGArg a1)
{
    gen_op1(opc, a0)->args[1] = a1;
}

static void gen_op3(TCGOpcode opc, TCGArg a0, TCGArg a1, TCGArg a2)
{
    TCGOp *op = gen_op1(opc, a0);
    op->args[1] = a1;
    op->args[2] = a2;
}

static void gen_op4(TCGOpcode opc, TCGArg a0, TCGArg a1, TCGArg a2, TCGArg a3)
{
    TCGOp *op = gen_op1(opc, a0);
    op->args[1] = a1;
    op->args[2] = a2;
    op->args[3] = a3;
}

static void gen_op5(TCGOpcode opc, TCGArg a0, TCGArg a1, TCGArg a2, TCGArg a3,
                    TCGArg a4)
{
    TCGOp *op = gen_op1(opc, a0);
    op->args[1] = a1;
    op->args[2] = a2;
    op->args[3] = a3;
    op->args[4] = a4;
}

static void gen_op6(TCGOpcode opc, TCGArg a0, TCGArg a1, TCGArg a2, TCGArg a3,
                    TCGArg a4, TCGArg a5)
{
    TCGOp *op = gen_op1(opc, a0);
    op->args[1] = a1;
    op->args[2] = a2;
    op->args[3] = a3;
    op->args[4] = a4;
    op->args[5] = a5;
}

/*
 * Drop the parts of a MemOp that make no difference, so that equal accesses
 * look equal: byte order of single bytes, sign of stores and of loads that
 * fill the whole value.
 */
static MemOp canonical_memop(MemOp op, int bits, bool is_load)
{
    unsigned size = op & MO_SIZE;
    assert(bits == 64 || size != MO_64);
    if (size == MO_8) {
        op &= ~MO_BSWAP;
    }
    if (!is_load || (8u << size) == (unsigned)bits) {
        op &= ~MO_SIGN;
    }
    return op;
}

/* ---- temps, constants, labels ---- */

TCGv_i32 tcg_temp_new_i32(void) { return temp_tcgv_i32(tcg_temp_alloc(TCG_TYPE_I32, TEMP_NORMAL)); }
TCGv_i64 tcg_temp_new_i64(void) { return temp_tcgv_i64(tcg_temp_alloc(TCG_TYPE_I64, TEMP_NORMAL)); }
TCGv_ptr tcg_temp_new_ptr(void) { return temp_tcgv_ptr(tcg_temp_alloc(TCG_TYPE_PTR, TEMP_NORMAL)); }
TCGv_i32 tcg_temp_local_new_i32(void) { return temp_tcgv_i32(tcg_temp_alloc(TCG_TYPE_I32, TEMP_LOCAL)); }
TCGv_i64 tcg_temp_local_new_i64(void) { return temp_tcgv_i64(tcg_temp_alloc(TCG_TYPE_I64, TEMP_LOCAL)); }

TCGv_i32 tcg_const_i32(int32_t val)
{
    TCGv_i32 t = tcg_temp_new_i32();
    tcg_gen_movi_i32(t, val);
    return t;
}

TCGv_i64 tcg_const_i64(int64_t val)
{
    TCGv_i64 t = tcg_temp_new_i64();
    tcg_gen_movi_i64(t, val);
    return t;
}

TCGv_ptr tcg_const_ptr(const void *p)
{
    return tcg_const_i64((intptr_t)p);
}

TCGLabel *gen_new_label(void)
{
    TCGContext *s = tcg_ctx;
    if (s->nb_labels >= TCG_MAX_LABELS) {
        fatal("TCG: more than %d labels in one translation block", TCG_MAX_LABELS);
    }
    TCGLabel *l = &s->labels[s->nb_labels];
    memset(l, 0, sizeof(*l));
    l->id = s->nb_labels++;
    return l;
}

void gen_set_label(TCGLabel *l)
{
    gen_op1(INDEX_op_set_label, label_arg(l));
}

void tcg_gen_br(TCGLabel *l)
{
    l->refs = true;
    gen_op1(INDEX_op_br, label_arg(l));
}

/* ---- markers and exits ---- */

void tcg_gen_insn_start(uint64_t data0, uint64_t data1)
{
    gen_op2(INDEX_op_insn_start, data0, data1);
}

void tcg_gen_exit_tb(const void *tb, unsigned idx)
{
    gen_op1(INDEX_op_exit_tb, tb ? (uintptr_t)tb | idx : 0);
}

void tcg_gen_goto_tb(unsigned idx)
{
    assert(idx < 2);
    gen_op1(INDEX_op_goto_tb, idx);
}

void tcg_gen_goto_ptr(TCGv_ptr dest)
{
    gen_op1(INDEX_op_goto_ptr, temp_arg(tcgv_ptr_temp(dest)));
}

void tcg_gen_callN(const TCGHelperInfo *info, TCGTemp *ret, TCGTemp **args)
{
    TCGOp *op = tcg_emit_op(INDEX_op_call);
    int n = 0;

    assert(info->nb_args <= TCG_MAX_CALL_ARGS);
    assert((ret != NULL) == (info->ret_type != TCG_HELPER_VOID));
    if (ret) {
        op->args[n++] = temp_arg(ret);
    }
    op->call_nb_oargs = n;
    op->call_nb_iargs = info->nb_args;
    for (int i = 0; i < info->nb_args; i++) {
        op->args[n++] = temp_arg(args[i]);
    }
    op->args[n] = (uintptr_t)info;
}

/* ---- both widths ---- */

#define BITS 32
#define SFX _i32
#define TCGV TCGv_i32
#define SVAL int32_t
#define TTYPE TCG_TYPE_I32
#include "tcg-op-width.c.inc"
#undef BITS
#undef SFX
#undef TCGV
#undef SVAL
#undef TTYPE

void tcg_gen_subfi_i32(TCGv_i32 ret, int32_t a, TCGv_i32 b)
{
    if (a == 0) {
        tcg_gen_neg_i32(ret, b);
    } else {
        tcg_gen_sub_i32(ret, imm_temp_i32(a), b);
    }
}

#define BITS 64
#define SFX _i64
#define TCGV TCGv_i64
#define SVAL int64_t
#define TTYPE TCG_TYPE_I64
#include "tcg-op-width.c.inc"
#undef BITS
#undef SFX
#undef TCGV
#undef SVAL
#undef TTYPE

/* ---- between sizes ---- */

void tcg_gen_ext_i32_i64(TCGv_i64 ret, TCGv_i32 a)
{
    gen_op2(INDEX_op_ext_i32_i64, temp_arg(tcgv_i64_temp(ret)), temp_arg(tcgv_i32_temp(a)));
}

void tcg_gen_extu_i32_i64(TCGv_i64 ret, TCGv_i32 a)
{
    gen_op2(INDEX_op_extu_i32_i64, temp_arg(tcgv_i64_temp(ret)), temp_arg(tcgv_i32_temp(a)));
}

void tcg_gen_extrl_i64_i32(TCGv_i32 ret, TCGv_i64 a)
{
    gen_op2(INDEX_op_extrl_i64_i32, temp_arg(tcgv_i32_temp(ret)), temp_arg(tcgv_i64_temp(a)));
}

void tcg_gen_extrh_i64_i32(TCGv_i32 ret, TCGv_i64 a)
{
    gen_op2(INDEX_op_extrh_i64_i32, temp_arg(tcgv_i32_temp(ret)), temp_arg(tcgv_i64_temp(a)));
}

void tcg_gen_concat_i32_i64(TCGv_i64 ret, TCGv_i32 lo, TCGv_i32 hi)
{
    TCGv_i64 t = tcg_temp_new_i64();
    tcg_gen_extu_i32_i64(t, hi);
    tcg_gen_shli_i64(t, t, 32);
    tcg_gen_extu_i32_i64(ret, lo);
    tcg_gen_or_i64(ret, ret, t);
}
