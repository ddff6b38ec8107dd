/*
 * Liveness: one backward pass over the op list. For each op it records
 * which arguments die there and which outputs must also be written to
 * memory (TCGOp.life), and removes ops whose results nobody reads.
 *
 * At the end of a basic block globals must be in memory and normal temps
 * are dead; a local is kept (in memory) across block ends if it is read
 * later in the TB, or anywhere in it when the TB branches backwards.
 */
#include "qemu/osdep.h"
#include "tcg/tcg-internal.h"

enum {
    TS_DEAD = 1,   /* the value is not needed any more */
    TS_MEM  = 2,   /* the value must be in its memory slot */
};

/* Does any branch go to a label placed earlier? */
static bool has_backward_branch(TCGContext *s)
{
    bool placed[TCG_MAX_LABELS] = { false };
    for (TCGOp *op = s->first_op; op; op = op->next) {
        switch (op->opc) {
        case INDEX_op_set_label:
            placed[arg_label(op->args[0])->id] = true;
            break;
        case INDEX_op_br:
            if (placed[arg_label(op->args[0])->id]) {
                return true;
            }
            break;
        case INDEX_op_brcond_i32:
        case INDEX_op_brcond_i64:
            if (placed[arg_label(op->args[3])->id]) {
                return true;
            }
            break;
        default:
            break;
        }
    }
    return false;
}

static void mark_all_locals_used(TCGContext *s)
{
    for (int i = s->nb_globals; i < s->nb_temps; i++) {
        s->temps[i].state_ptr = (void *)(uintptr_t)(s->temps[i].kind == TEMP_LOCAL);
    }
}

/* A local's state_ptr is non-NULL once it is known to be read later. */
static bool local_read_later(TCGTemp *ts)
{
    return ts->state_ptr != NULL;
}

static void state_at_bb_end(TCGContext *s)
{
    for (int i = 0; i < s->nb_temps; i++) {
        TCGTemp *ts = &s->temps[i];
        switch (ts->kind) {
        case TEMP_GLOBAL:
            ts->state = TS_DEAD | TS_MEM;
            break;
        case TEMP_LOCAL:
            ts->state = local_read_later(ts) ? TS_DEAD | TS_MEM : TS_DEAD;
            break;
        case TEMP_NORMAL:
            ts->state = TS_DEAD;
            break;
        case TEMP_FIXED:
            break;
        }
    }
}

/* Globals must be in memory before this point (a helper or a fault reads them). */
static void globals_need_mem(TCGContext *s, bool also_dead)
{
    for (int i = 0; i < s->nb_globals; i++) {
        TCGTemp *ts = &s->temps[i];
        if (ts->kind == TEMP_GLOBAL) {
            ts->state = also_dead ? TS_DEAD | TS_MEM : ts->state | TS_MEM;
        }
    }
}

static bool outputs_all_dead(const TCGOp *op, int nb_o)
{
    for (int i = 0; i < nb_o; i++) {
        /* dead and not wanted in memory either */
        if (arg_temp(op->args[i])->state != TS_DEAD) {
            return false;
        }
    }
    return nb_o > 0;
}

static uint32_t outputs_life(TCGOp *op, int nb_o)
{
    uint32_t life = 0;
    for (int i = 0; i < nb_o; i++) {
        TCGTemp *ts = arg_temp(op->args[i]);
        if (ts->kind == TEMP_FIXED) {
            continue;
        }
        if (ts->state & TS_DEAD) {
            life |= DEAD_ARG(i);
        }
        if (ts->state & TS_MEM) {
            life |= SYNC_ARG(i);
        }
        ts->state = TS_DEAD;
    }
    return life;
}

static uint32_t inputs_life(TCGOp *op, int nb_o, int nb_i)
{
    uint32_t life = 0;
    for (int i = nb_o; i < nb_o + nb_i; i++) {
        TCGTemp *ts = arg_temp(op->args[i]);
        if (ts->kind == TEMP_FIXED) {
            continue;
        }
        if (ts->state & TS_DEAD) {
            life |= DEAD_ARG(i);
            ts->state &= ~TS_DEAD;
        }
        if (ts->kind == TEMP_LOCAL) {
            ts->state_ptr = (void *)1;
        }
    }
    return life;
}

void tcg_liveness_analysis(TCGContext *s)
{
    if (has_backward_branch(s)) {
        mark_all_locals_used(s);
    } else {
        for (int i = 0; i < s->nb_temps; i++) {
            s->temps[i].state_ptr = NULL;
        }
    }
    /* End of the TB: globals in memory, everything else dead. */
    for (int i = 0; i < s->nb_temps; i++) {
        TCGTemp *ts = &s->temps[i];
        ts->state = ts->kind == TEMP_GLOBAL ? TS_DEAD | TS_MEM
                  : ts->kind == TEMP_FIXED ? 0 : TS_DEAD;
    }

    TCGOp *prev;
    for (TCGOp *op = s->last_op; op; op = prev) {
        prev = op->prev;
        int nb_o = op_nb_oargs(op), nb_i = op_nb_iargs(op);
        unsigned flags = tcg_op_defs[op->opc].flags;
        uint32_t life;

        switch (op->opc) {
        case INDEX_op_insn_start:
            continue;
        case INDEX_op_discard:
            arg_temp(op->args[0])->state = TS_DEAD;
            tcg_op_remove(op);
            continue;
        case INDEX_op_call: {
            unsigned cflags = op_call_info(op)->flags;
            if ((cflags & TCG_CALL_NO_SIDE_EFFECTS) && outputs_all_dead(op, nb_o)) {
                tcg_op_remove(op);
                continue;
            }
            life = outputs_life(op, nb_o);
            /* A helper that reads no globals writes none either. */
            if (!(cflags & TCG_CALL_NO_READ_GLOBALS)) {
                globals_need_mem(s, !(cflags & TCG_CALL_NO_WRITE_GLOBALS));
            }
            break;
        }
        default:
            if (!(flags & (TCG_OPF_SIDE_EFFECTS | TCG_OPF_BB_END))
                && outputs_all_dead(op, nb_o)) {
                tcg_op_remove(op);
                continue;
            }
            life = outputs_life(op, nb_o);
            if (flags & TCG_OPF_BB_END) {
                state_at_bb_end(s);
            } else if ((flags & TCG_OPF_SIDE_EFFECTS) && (flags & TCG_OPF_CALL_CLOBBER)) {
                /* guest memory access: a fault must find the globals in env */
                globals_need_mem(s, false);
            }
            break;
        }
        op->life = life | inputs_life(op, nb_o, nb_i);
    }
}
