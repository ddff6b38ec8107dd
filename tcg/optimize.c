/*
 * The optimiser: one forward pass over the op list that folds constants,
 * propagates copies and applies the algebraic identities that matter.
 * Knowledge lives within a basic block: it is dropped at labels and at
 * every op that ends a block, and for globals after calls that may
 * write them.
 */
#include "qemu/osdep.h"
#include "tcg/tcg-internal.h"
#include "tcg/tcg-eval.h"

/* What the pass knows about one temp. */
typedef struct TCGOptTemp {
    bool is_const;
    uint64_t val;                  /* when is_const; i32 values zero-extended */
    TCGTemp *prev_copy, *next_copy; /* ring of temps known to hold the same value */
} TCGOptTemp;

static inline TCGOptTemp *info(TCGContext *s, TCGTemp *ts)
{
    return &s->opt_temps[temp_idx(ts)];
}

static void reset_temp(TCGContext *s, TCGTemp *ts)
{
    TCGOptTemp *ti = info(s, ts);
    TCGOptTemp *prev = info(s, ti->prev_copy), *next = info(s, ti->next_copy);
    prev->next_copy = ti->next_copy;
    next->prev_copy = ti->prev_copy;
    ti->next_copy = ti->prev_copy = ts;
    ti->is_const = false;
}

static void reset_all(TCGContext *s)
{
    for (int i = 0; i < s->nb_temps; i++) {
        TCGOptTemp *ti = &s->opt_temps[i];
        ti->is_const = false;
        ti->next_copy = ti->prev_copy = &s->temps[i];
    }
}

static void reset_globals(TCGContext *s)
{
    for (int i = 0; i < s->nb_globals; i++) {
        if (s->temps[i].kind == TEMP_GLOBAL) {
            reset_temp(s, &s->temps[i]);
        }
    }
}

static bool is_const(TCGContext *s, TCGArg a)
{
    return info(s, arg_temp(a))->is_const;
}

static uint64_t const_val(TCGContext *s, TCGArg a)
{
    return info(s, arg_temp(a))->val;
}

static bool is_const_val(TCGContext *s, TCGArg a, uint64_t v)
{
    return is_const(s, a) && const_val(s, a) == v;
}

static bool same_value(TCGContext *s, TCGArg a, TCGArg b)
{
    if (a == b) {
        return true;
    }
    for (TCGTemp *t = info(s, arg_temp(a))->next_copy; t != arg_temp(a);
         t = info(s, t)->next_copy) {
        if (t == arg_temp(b)) {
            return true;
        }
    }
    return is_const(s, a) && is_const(s, b) && const_val(s, a) == const_val(s, b);
}

/*
 * The copy an input should read: globals and the env register first
 * (they are already in registers or memory), then locals, then the temp.
 */
static TCGTemp *best_copy(TCGContext *s, TCGTemp *ts)
{
    TCGTemp *best = ts;
    for (TCGTemp *t = info(s, ts)->next_copy; t != ts; t = info(s, t)->next_copy) {
        if (t->kind > best->kind) {
            best = t;
        }
    }
    return best;
}

static inline bool op_is64(TCGOpcode opc)
{
    return (tcg_op_defs[opc].flags & TCG_OPF_64BIT) != 0;
}

static uint64_t canon(TCGTemp *ts, uint64_t v)
{
    return ts->type == TCG_TYPE_I32 ? (uint32_t)v : v;
}

/* Turn op into "movi out, v" and record the constant. */
static void make_movi(TCGContext *s, TCGOp *op, TCGArg out, uint64_t v)
{
    TCGTemp *ts = arg_temp(out);
    op->opc = ts->type == TCG_TYPE_I32 ? INDEX_op_movi_i32 : INDEX_op_movi_i64;
    op->args[0] = out;
    op->args[1] = canon(ts, v);
    reset_temp(s, ts);
    info(s, ts)->is_const = true;
    info(s, ts)->val = canon(ts, v);
}

/* Turn op into "mov out, src" (or movi, or nothing) and record the copy. */
static void make_mov(TCGContext *s, TCGOp *op, TCGArg out, TCGArg src)
{
    TCGTemp *dst = arg_temp(out), *st = arg_temp(src);
    if (is_const(s, src)) {
        make_movi(s, op, out, const_val(s, src));
        return;
    }
    if (same_value(s, out, src)) {
        tcg_op_remove(op);
        return;
    }
    op->opc = dst->type == TCG_TYPE_I32 ? INDEX_op_mov_i32 : INDEX_op_mov_i64;
    op->args[0] = out;
    op->args[1] = src;
    reset_temp(s, dst);
    /* Join src's ring. */
    TCGOptTemp *di = info(s, dst), *si = info(s, st);
    di->next_copy = si->next_copy;
    di->prev_copy = st;
    info(s, si->next_copy)->prev_copy = dst;
    si->next_copy = dst;
}

static bool is_commutative(TCGOpcode opc)
{
    switch (opc) {
    case INDEX_op_add_i32: case INDEX_op_add_i64:
    case INDEX_op_mul_i32: case INDEX_op_mul_i64:
    case INDEX_op_and_i32: case INDEX_op_and_i64:
    case INDEX_op_or_i32:  case INDEX_op_or_i64:
    case INDEX_op_xor_i32: case INDEX_op_xor_i64:
        return true;
    default:
        return false;
    }
}

/*
 * x op 0, x op -1, x op 1, x op x: returns true if op was rewritten.
 * The constant, if any, is the second input (commutative ops were swapped).
 */
static bool simplify_binary(TCGContext *s, TCGOp *op)
{
    TCGArg out = op->args[0], a = op->args[1], b = op->args[2];
    uint64_t all_ones = canon(arg_temp(out), ~0ull);

    switch (op->opc) {
    case INDEX_op_add_i32: case INDEX_op_add_i64:
    case INDEX_op_sub_i32: case INDEX_op_sub_i64:
    case INDEX_op_or_i32:  case INDEX_op_or_i64:
    case INDEX_op_xor_i32: case INDEX_op_xor_i64:
    case INDEX_op_andc_i32: case INDEX_op_andc_i64:
    case INDEX_op_shl_i32: case INDEX_op_shl_i64:
    case INDEX_op_shr_i32: case INDEX_op_shr_i64:
    case INDEX_op_sar_i32: case INDEX_op_sar_i64:
    case INDEX_op_rotl_i32: case INDEX_op_rotl_i64:
    case INDEX_op_rotr_i32: case INDEX_op_rotr_i64:
        if (is_const_val(s, b, 0)) {
            make_mov(s, op, out, a);
            return true;
        }
        break;
    case INDEX_op_mul_i32: case INDEX_op_mul_i64:
        if (is_const_val(s, b, 1)) {
            make_mov(s, op, out, a);
            return true;
        }
        if (is_const_val(s, b, 0)) {
            make_movi(s, op, out, 0);
            return true;
        }
        break;
    case INDEX_op_and_i32: case INDEX_op_and_i64:
        if (is_const_val(s, b, all_ones)) {
            make_mov(s, op, out, a);
            return true;
        }
        if (is_const_val(s, b, 0)) {
            make_movi(s, op, out, 0);
            return true;
        }
        break;
    default:
        return false;
    }

    switch (op->opc) {
    case INDEX_op_or_i32: case INDEX_op_or_i64:
        if (is_const_val(s, b, all_ones)) {
            make_movi(s, op, out, all_ones);
            return true;
        }
        /* fall through */
    case INDEX_op_and_i32: case INDEX_op_and_i64:
        if (same_value(s, a, b)) {
            make_mov(s, op, out, a);
            return true;
        }
        break;
    case INDEX_op_sub_i32: case INDEX_op_sub_i64:
    case INDEX_op_xor_i32: case INDEX_op_xor_i64:
    case INDEX_op_andc_i32: case INDEX_op_andc_i64:
        if (same_value(s, a, b)) {
            make_movi(s, op, out, 0);
            return true;
        }
        break;
    case INDEX_op_shl_i32: case INDEX_op_shl_i64:
    case INDEX_op_shr_i32: case INDEX_op_shr_i64:
    case INDEX_op_sar_i32: case INDEX_op_sar_i64:
    case INDEX_op_rotl_i32: case INDEX_op_rotl_i64:
    case INDEX_op_rotr_i32: case INDEX_op_rotr_i64:
        if (is_const_val(s, a, 0)) {
            make_movi(s, op, out, 0);
            return true;
        }
        break;
    default:
        break;
    }
    return false;
}

/* Fold a compare of known operands: 1 true, 0 false, -1 unknown. */
static int fold_cond(TCGContext *s, TCGCond cond, TCGArg a, TCGArg b, bool is64)
{
    if (is_const(s, a) && is_const(s, b)) {
        return tcg_eval_cond(cond, const_val(s, a), const_val(s, b), is64);
    }
    if (same_value(s, a, b)) {
        return tcg_eval_cond(cond, 0, 0, is64);
    }
    if (is_const_val(s, b, 0)) {
        if (cond == TCG_COND_LTU) {
            return 0;
        }
        if (cond == TCG_COND_GEU) {
            return 1;
        }
    }
    return -1;
}

/* Put a constant operand of a compare second: back ends take immediates there. */
static void canonicalize_cond(TCGContext *s, TCGArg *a, TCGArg *b, TCGArg *cond)
{
    if (is_const(s, *a) && !is_const(s, *b)) {
        TCGArg t = *a;
        *a = *b;
        *b = t;
        *cond = tcg_swap_cond((TCGCond)*cond);
    }
}

/* Returns true if op was consumed (rewritten or removed). */
static bool fold_op(TCGContext *s, TCGOp *op)
{
    TCGOpcode opc = op->opc;
    TCGArg *args = op->args;
    bool is64 = op_is64(opc);
    uint64_t r, hi;
    int c;

    switch (opc) {
    case INDEX_op_mov_i32: case INDEX_op_mov_i64:
        make_mov(s, op, args[0], args[1]);
        return true;
    case INDEX_op_movi_i32: case INDEX_op_movi_i64:
        make_movi(s, op, args[0], args[1]);
        return true;
    case INDEX_op_setcond_i32: case INDEX_op_setcond_i64:
        canonicalize_cond(s, &args[1], &args[2], &args[3]);
        c = fold_cond(s, (TCGCond)args[3], args[1], args[2], is64);
        if (c >= 0) {
            make_movi(s, op, args[0], c);
            return true;
        }
        return false;
    case INDEX_op_brcond_i32: case INDEX_op_brcond_i64:
        canonicalize_cond(s, &args[0], &args[1], &args[2]);
        c = fold_cond(s, (TCGCond)args[2], args[0], args[1], is64);
        if (c == 0) {
            tcg_op_remove(op);
            return true;
        }
        if (c == 1) {
            op->opc = INDEX_op_br;
            args[0] = args[3];
        }
        return false;
    case INDEX_op_movcond_i32: case INDEX_op_movcond_i64:
        if (is_const(s, args[1]) && !is_const(s, args[2])) {
            canonicalize_cond(s, &args[1], &args[2], &args[5]);
        }
        c = fold_cond(s, (TCGCond)args[5], args[1], args[2], is64);
        if (c >= 0) {
            make_mov(s, op, args[0], c ? args[3] : args[4]);
            return true;
        }
        if (same_value(s, args[3], args[4])) {
            make_mov(s, op, args[0], args[3]);
            return true;
        }
        return false;
    case INDEX_op_deposit_i32: case INDEX_op_deposit_i64:
        if (is_const(s, args[1]) && is_const(s, args[2])) {
            make_movi(s, op, args[0], tcg_eval_deposit(const_val(s, args[1]),
                      const_val(s, args[2]), args[3], args[4], is64));
            return true;
        }
        return false;
    case INDEX_op_extract_i32: case INDEX_op_extract_i64:
    case INDEX_op_sextract_i32: case INDEX_op_sextract_i64:
        if (is_const(s, args[1])) {
            bool sign = opc == INDEX_op_sextract_i32 || opc == INDEX_op_sextract_i64;
            make_movi(s, op, args[0], tcg_eval_extract(const_val(s, args[1]),
                      args[2], args[3], sign, is64));
            return true;
        }
        return false;
    case INDEX_op_mulu2_i32: case INDEX_op_mulu2_i64:
    case INDEX_op_muls2_i32: case INDEX_op_muls2_i64:
        if (is_const(s, args[2]) && is_const(s, args[3])) {
            bool sign = opc == INDEX_op_muls2_i32 || opc == INDEX_op_muls2_i64;
            TCGArg out_hi = args[1];
            tcg_eval_mul2(const_val(s, args[2]), const_val(s, args[3]), sign, is64,
                          &r, &hi);
            make_movi(s, tcg_op_insert_before(op, INDEX_op_movi_i32), out_hi, hi);
            make_movi(s, op, args[0], r);
            return true;
        }
        return false;
    case INDEX_op_clz_i32: case INDEX_op_clz_i64:
    case INDEX_op_ctz_i32: case INDEX_op_ctz_i64:
        if (is_const(s, args[1])) {
            if (const_val(s, args[1]) == 0) {
                make_mov(s, op, args[0], args[2]);
            } else {
                tcg_eval_simple(opc, const_val(s, args[1]), 0, &r);
                make_movi(s, op, args[0], r);
            }
            return true;
        }
        return false;
    default:
        break;
    }

    const TCGOpDef *def = &tcg_op_defs[opc];
    if (def->nb_oargs != 1 || def->nb_cargs != 0 || def->nb_iargs < 1 || def->nb_iargs > 2) {
        return false;
    }
    if (def->nb_iargs == 2 && is_commutative(opc) && is_const(s, args[1])
        && !is_const(s, args[2])) {
        TCGArg t = args[1];
        args[1] = args[2];
        args[2] = t;
    }
    bool all_const = is_const(s, args[1]) && (def->nb_iargs < 2 || is_const(s, args[2]));
    if (all_const
        && tcg_eval_simple(opc, const_val(s, args[1]),
                           def->nb_iargs == 2 ? const_val(s, args[2]) : 0, &r)) {
        make_movi(s, op, args[0], r);
        return true;
    }
    return def->nb_iargs == 2 && simplify_binary(s, op);
}

void tcg_optimize(TCGContext *s)
{
    if (!s->opt_temps) {
        s->opt_temps = qemu_malloc(sizeof(TCGOptTemp) * TCG_MAX_TEMPS);
    }
    reset_all(s);

    TCGOp *next;
    for (TCGOp *op = s->first_op; op; op = next) {
        next = op->next;
        if (op->opc == INDEX_op_insn_start) {
            continue;
        }
        int nb_o = op_nb_oargs(op), nb_i = op_nb_iargs(op);
        for (int i = nb_o; i < nb_o + nb_i; i++) {
            op->args[i] = temp_arg(best_copy(s, arg_temp(op->args[i])));
        }

        if (op->opc == INDEX_op_call) {
            if (!(op_call_info(op)->flags
                  & (TCG_CALL_NO_WRITE_GLOBALS | TCG_CALL_NO_READ_GLOBALS))) {
                reset_globals(s);
            }
        } else if (fold_op(s, op)) {
            continue;
        }
        if (tcg_op_defs[op->opc].flags & TCG_OPF_BB_END) {
            reset_all(s);
            continue;
        }
        for (int i = 0; i < nb_o; i++) {
            reset_temp(s, arg_temp(op->args[i]));
        }
    }
}
