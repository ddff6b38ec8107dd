/*
 * The register allocator: walks the op list once, keeping each temp in a
 * host register, in memory, as a known constant or dead, and asks the back
 * end to emit each op with registers (or immediates) that satisfy its
 * constraints. Liveness (TCGOp.life) says when values die and when they
 * must be written back; calls, guest memory accesses and block ends force
 * globals to memory as their flags require.
 */
#include "qemu/osdep.h"
#include "tcg/tcg-internal.h"

static inline TCGRegSet reg_bit(TCGReg r) { return 1u << r; }

static TCGReg temp_base_reg(TCGTemp *ts)
{
    return ts->kind == TEMP_GLOBAL ? ts->mem_base->reg : tcg_target_frame_reg;
}

static void temp_allocate_frame(TCGContext *s, TCGTemp *ts)
{
    if (s->frame_used + 8 > tcg_target_frame_size) {
        fatal("TCG: spill frame exhausted");
    }
    ts->mem_offset = tcg_target_frame_start + s->frame_used;
    ts->mem_allocated = true;
    s->frame_used += 8;
}

static void set_temp_reg(TCGContext *s, TCGTemp *ts, TCGReg reg)
{
    ts->val_type = TEMP_VAL_REG;
    ts->reg = reg;
    s->reg_to_temp[reg] = ts;
}

static void release_reg(TCGContext *s, TCGTemp *ts)
{
    if (ts->val_type == TEMP_VAL_REG && s->reg_to_temp[ts->reg] == ts) {
        s->reg_to_temp[ts->reg] = NULL;
    }
}

/* Make the memory copy of ts current. */
static void temp_sync(TCGContext *s, TCGTemp *ts)
{
    if (ts->kind == TEMP_FIXED || ts->mem_coherent) {
        return;
    }
    if (ts->val_type != TEMP_VAL_REG && ts->val_type != TEMP_VAL_CONST) {
        return;
    }
    if (ts->kind != TEMP_GLOBAL && !ts->mem_allocated) {
        temp_allocate_frame(s, ts);
    }
    if (ts->val_type == TEMP_VAL_CONST) {
        tcg_out_sti(s, ts->type, ts->val, temp_base_reg(ts), ts->mem_offset);
    } else {
        tcg_out_st(s, ts->type, ts->reg, temp_base_reg(ts), ts->mem_offset);
    }
    ts->mem_coherent = true;
}

/* The value is no longer needed in a register (its memory copy, if any, is current). */
static void temp_dead(TCGContext *s, TCGTemp *ts)
{
    if (ts->kind == TEMP_FIXED) {
        return;
    }
    release_reg(s, ts);
    ts->val_type = ts->kind == TEMP_NORMAL ? TEMP_VAL_DEAD : TEMP_VAL_MEM;
}

/* Write back and leave only the memory copy. */
static void temp_save(TCGContext *s, TCGTemp *ts)
{
    if (ts->kind == TEMP_FIXED) {
        return;
    }
    temp_sync(s, ts);
    release_reg(s, ts);
    if (ts->val_type != TEMP_VAL_DEAD) {
        ts->val_type = TEMP_VAL_MEM;
    }
}

static void reg_free(TCGContext *s, TCGReg reg)
{
    TCGTemp *ts = s->reg_to_temp[reg];
    if (ts) {
        temp_save(s, ts);
    }
}

/* A register of required not in allocated: a free one if any, else spill one. */
static TCGReg reg_alloc(TCGContext *s, TCGRegSet required, TCGRegSet allocated)
{
    TCGRegSet set = required & ~allocated & ~tcg_target_reserved_regs;
    for (int i = 0; i < tcg_target_nb_alloc_regs; i++) {
        TCGReg r = tcg_target_reg_alloc_order[i];
        if ((set & reg_bit(r)) && !s->reg_to_temp[r]) {
            return r;
        }
    }
    for (int i = 0; i < tcg_target_nb_alloc_regs; i++) {
        TCGReg r = tcg_target_reg_alloc_order[i];
        if (set & reg_bit(r)) {
            reg_free(s, r);
            return r;
        }
    }
    fatal("TCG: no register satisfies an op's constraints");
}

/* Put ts's value into reg without moving ts (reg becomes a private copy). */
static void copy_to_reg(TCGContext *s, TCGTemp *ts, TCGReg reg)
{
    switch (ts->val_type) {
    case TEMP_VAL_REG:
        if (ts->reg != reg) {
            tcg_out_mov(s, ts->type, reg, ts->reg);
        }
        break;
    case TEMP_VAL_CONST:
        tcg_out_movi(s, ts->type, reg, ts->val);
        break;
    case TEMP_VAL_MEM:
        tcg_out_ld(s, ts->type, reg, temp_base_reg(ts), ts->mem_offset);
        break;
    case TEMP_VAL_DEAD:
        break;  /* read before written: any value will do */
    }
}

/* Bring ts into a register of required (not in allocated). */
static void temp_load(TCGContext *s, TCGTemp *ts, TCGRegSet required, TCGRegSet allocated)
{
    if (ts->val_type == TEMP_VAL_REG && (required & ~allocated & reg_bit(ts->reg))) {
        return;
    }
    TCGReg reg = reg_alloc(s, required, allocated);
    copy_to_reg(s, ts, reg);
    if (ts->val_type == TEMP_VAL_MEM) {
        ts->mem_coherent = true;
    } else if (ts->val_type == TEMP_VAL_DEAD) {
        ts->mem_coherent = false;
    }
    release_reg(s, ts);
    set_temp_reg(s, ts, reg);
}

static void sync_globals(TCGContext *s)
{
    for (int i = 0; i < s->nb_globals; i++) {
        temp_sync(s, &s->temps[i]);
    }
}

static void save_globals(TCGContext *s)
{
    for (int i = 0; i < s->nb_globals; i++) {
        temp_save(s, &s->temps[i]);
    }
}

/* End of a basic block: globals and locals to memory, normal temps die. */
static void bb_end(TCGContext *s)
{
    for (int i = 0; i < s->nb_temps; i++) {
        TCGTemp *ts = &s->temps[i];
        if (ts->kind == TEMP_NORMAL) {
            temp_dead(s, ts);
        } else {
            temp_save(s, ts);
        }
    }
}

static void free_call_clobbered(TCGContext *s)
{
    for (TCGReg r = 0; r < 16; r++) {
        if ((tcg_target_call_clobber_regs & reg_bit(r)) && s->reg_to_temp[r]) {
            reg_free(s, r);
        }
    }
}

/* After an op wrote output n: write back or drop it as liveness says. */
static void output_done(TCGContext *s, TCGOp *op, int n)
{
    TCGTemp *ts = arg_temp(op->args[n]);
    if (NEED_SYNC_ARG(op, n)) {
        temp_sync(s, ts);
    }
    if (IS_DEAD_ARG(op, n)) {
        temp_dead(s, ts);
    }
}

static void set_const(TCGContext *s, TCGTemp *ts, uint64_t val)
{
    release_reg(s, ts);
    ts->val_type = TEMP_VAL_CONST;
    ts->val = val;
    ts->mem_coherent = false;
}

static void alloc_movi(TCGContext *s, TCGOp *op)
{
    set_const(s, arg_temp(op->args[0]), op->args[1]);
    output_done(s, op, 0);
}

static void alloc_mov(TCGContext *s, TCGOp *op)
{
    TCGTemp *ots = arg_temp(op->args[0]), *ts = arg_temp(op->args[1]);

    if (ts->val_type == TEMP_VAL_CONST) {
        uint64_t val = ts->val;
        if (IS_DEAD_ARG(op, 1)) {
            temp_dead(s, ts);
        }
        set_const(s, ots, val);
    } else if (IS_DEAD_ARG(op, 1) && ts->val_type == TEMP_VAL_REG
               && ts->kind != TEMP_FIXED) {
        /* The source dies here: hand its register over, no code. */
        TCGReg reg = ts->reg;
        temp_dead(s, ts);
        release_reg(s, ots);
        set_temp_reg(s, ots, reg);
        ots->mem_coherent = false;
    } else {
        TCGRegSet all = ~tcg_target_reserved_regs;
        temp_load(s, ts, all | reg_bit(tcg_target_env_reg), 0);
        TCGReg reg;
        if (ots->val_type == TEMP_VAL_REG && ots->reg != ts->reg) {
            reg = ots->reg;
        } else {
            reg = reg_alloc(s, all, reg_bit(ts->reg));
        }
        tcg_out_mov(s, ots->type, reg, ts->reg);
        if (IS_DEAD_ARG(op, 1)) {
            temp_dead(s, ts);
        }
        release_reg(s, ots);
        set_temp_reg(s, ots, reg);
        ots->mem_coherent = false;
    }
    output_done(s, op, 0);
}

static void alloc_call(TCGContext *s, TCGOp *op)
{
    const TCGHelperInfo *info = op_call_info(op);
    int nb_o = op->call_nb_oargs, nb_i = op->call_nb_iargs;
    TCGRegSet allocated = 0;

    for (int i = 0; i < nb_i; i++) {
        TCGTemp *ts = arg_temp(op->args[nb_o + i]);
        TCGReg reg = tcg_target_call_iarg_regs[i];
        if (!(ts->val_type == TEMP_VAL_REG && ts->reg == reg)) {
            reg_free(s, reg);
            copy_to_reg(s, ts, reg);
        }
        allocated |= reg_bit(reg);
    }
    for (int i = 0; i < nb_i; i++) {
        if (IS_DEAD_ARG(op, nb_o + i)) {
            temp_dead(s, arg_temp(op->args[nb_o + i]));
        }
    }
    free_call_clobbered(s);
    if (!(info->flags & TCG_CALL_NO_READ_GLOBALS)) {
        if (info->flags & TCG_CALL_NO_WRITE_GLOBALS) {
            sync_globals(s);
        } else {
            save_globals(s);
        }
    }
    tcg_out_call(s, info->func);

    if (nb_o) {
        TCGTemp *ts = arg_temp(op->args[0]);
        TCGReg reg = tcg_target_call_oarg_reg;
        if (info->ret_type == TCG_HELPER_I32) {
            tcg_out_ext32u(s, reg, reg);
        }
        release_reg(s, ts);
        set_temp_reg(s, ts, reg);
        ts->mem_coherent = false;
        output_done(s, op, 0);
    }
}

/* Inputs in the order to satisfy them: the most constrained first. */
static void input_order(const TCGTargetOpDef *def, int nb_o, int nb_i, int *order)
{
    for (int i = 0; i < nb_i; i++) {
        int k = nb_o + i, j = i;
        int weight = __builtin_popcount(def->args[k].regs);
        while (j > 0 && __builtin_popcount(def->args[order[j - 1]].regs) > weight) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = k;
    }
}

static void alloc_op(TCGContext *s, TCGOp *op)
{
    TCGOpcode opc = op->opc;
    const TCGOpDef *odef = &tcg_op_defs[opc];
    const TCGTargetOpDef *def = tcg_target_op_def(opc);
    int nb_o = odef->nb_oargs, nb_i = odef->nb_iargs, nb_c = odef->nb_cargs;
    TCGArg new_args[TCG_MAX_OP_ARGS + 4];
    int const_args[TCG_MAX_OP_ARGS + 4] = { 0 };
    int order[TCG_MAX_OP_ARGS];
    TCGRegSet i_allocated = 0, o_allocated = 0;

    memcpy(new_args, op->args, sizeof(op->args));
    input_order(def, nb_o, nb_i, order);
    for (int n = 0; n < nb_i; n++) {
        int k = order[n];
        TCGTemp *ts = arg_temp(op->args[k]);
        const TCGArgConstraint *c = &def->args[k];
        TCGReg reg;

        if (ts->val_type == TEMP_VAL_CONST && tcg_target_const_match(ts->val, ts->type, c->ct)) {
            const_args[k] = 1;
            new_args[k] = ts->val;
            continue;
        }
        if (c->alias >= 0 && (!IS_DEAD_ARG(op, k) || ts->kind == TEMP_FIXED)) {
            /*
             * The output will overwrite this register but the value lives
             * on: work on a copy, or if only its own register will do,
             * write the value back and take the register over.
             */
            TCGRegSet required = c->regs & ~i_allocated;
            if (ts->val_type == TEMP_VAL_REG && required == reg_bit(ts->reg)
                && ts->kind != TEMP_FIXED) {
                reg = ts->reg;
                reg_free(s, reg);
            } else {
                TCGRegSet busy = i_allocated;
                if (ts->val_type == TEMP_VAL_REG) {
                    busy |= reg_bit(ts->reg);
                }
                reg = reg_alloc(s, required, busy);
                copy_to_reg(s, ts, reg);
            }
        } else if (ts->val_type == TEMP_VAL_REG && (c->regs & reg_bit(ts->reg))
                   && (c->alias < 0 || !(i_allocated & reg_bit(ts->reg)))) {
            reg = ts->reg;  /* already where it may be (maybe as another input too) */
        } else {
            temp_load(s, ts, c->regs, i_allocated);
            reg = ts->reg;
        }
        new_args[k] = reg;
        i_allocated |= reg_bit(reg);
    }
    for (int k = nb_o; k < nb_o + nb_i; k++) {
        if (IS_DEAD_ARG(op, k)) {
            temp_dead(s, arg_temp(op->args[k]));
        }
    }

    if (odef->flags & TCG_OPF_BB_END) {
        bb_end(s);
    } else {
        if (odef->flags & TCG_OPF_CALL_CLOBBER) {
            free_call_clobbered(s);
            if (odef->flags & TCG_OPF_SIDE_EFFECTS) {
                sync_globals(s);  /* a guest memory access may fault */
            }
        }
        /* Registers promised to outputs through aliasing are not for the others. */
        for (int j = nb_o; j < nb_o + nb_i; j++) {
            if (def->args[j].alias >= 0) {
                o_allocated |= reg_bit(new_args[j]);
            }
        }
        for (int k = 0; k < nb_o; k++) {
            const TCGArgConstraint *c = &def->args[k];
            TCGTemp *ts = arg_temp(op->args[k]);
            TCGReg reg = -1;
            for (int j = nb_o; j < nb_o + nb_i; j++) {
                if (def->args[j].alias == k) {
                    reg = new_args[j];
                }
            }
            if (reg < 0) {
                reg = reg_alloc(s, c->regs, o_allocated | (c->newreg ? i_allocated : 0));
            } else if (s->reg_to_temp[reg] && s->reg_to_temp[reg] != ts) {
                reg_free(s, reg);
            }
            release_reg(s, ts);
            set_temp_reg(s, ts, reg);
            ts->mem_coherent = false;
            new_args[k] = reg;
            o_allocated |= reg_bit(reg);
        }
        for (int i = 0; i < def->nb_scratch; i++) {
            TCGReg reg = reg_alloc(s, def->scratch_regs, i_allocated | o_allocated);
            new_args[nb_o + nb_i + nb_c + i] = reg;
            o_allocated |= reg_bit(reg);
        }
    }

    tcg_out_op(s, op, new_args, const_args);

    for (int k = 0; k < nb_o; k++) {
        output_done(s, op, k);
    }
}

static void reset_state(TCGContext *s)
{
    memset(s->reg_to_temp, 0, sizeof(s->reg_to_temp));
    s->frame_used = 0;
    for (int i = 0; i < s->nb_temps; i++) {
        TCGTemp *ts = &s->temps[i];
        switch (ts->kind) {
        case TEMP_FIXED:
            ts->val_type = TEMP_VAL_REG;
            break;
        case TEMP_GLOBAL:
            ts->val_type = TEMP_VAL_MEM;
            ts->mem_coherent = true;
            break;
        default:
            ts->val_type = TEMP_VAL_DEAD;
            ts->mem_allocated = false;
            ts->mem_coherent = false;
            break;
        }
    }
}

static void insn_start(TCGContext *s, TCGOp *op)
{
    TCGGenResult *gen = &s->gen;
    if (gen->nb_insns >= TCG_MAX_INSNS) {
        fatal("TCG: more than %d guest instructions in one translation block",
              TCG_MAX_INSNS);
    }
    if (gen->nb_insns > 0) {
        gen->insn_end_off[gen->nb_insns - 1] = tcg_current_code_size(s);
    }
    gen->insn_data[gen->nb_insns][0] = op->args[0];
    gen->insn_data[gen->nb_insns][1] = op->args[1];
    gen->nb_insns++;
}

bool tcg_reg_alloc_code(TCGContext *s)
{
    reset_state(s);
    for (TCGOp *op = s->first_op; op; op = op->next) {
        switch (op->opc) {
        case INDEX_op_insn_start:
            insn_start(s, op);
            break;
        case INDEX_op_mov_i32:
        case INDEX_op_mov_i64:
            alloc_mov(s, op);
            break;
        case INDEX_op_movi_i32:
        case INDEX_op_movi_i64:
            alloc_movi(s, op);
            break;
        case INDEX_op_call:
            alloc_call(s, op);
            break;
        case INDEX_op_set_label:
            bb_end(s);
            tcg_out_label(s, arg_label(op->args[0]));
            break;
        default:
            alloc_op(s, op);
            break;
        }
        if (tcg_code_overflow(s)) {
            return false;
        }
    }
    if (s->gen.nb_insns > 0) {
        s->gen.insn_end_off[s->gen.nb_insns - 1] = tcg_current_code_size(s);
    }
    return tcg_target_finish(s) && !tcg_code_overflow(s);
}
