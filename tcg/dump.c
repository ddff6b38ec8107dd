/* The op list in readable form, for -d op / op_opt and for test failures. */
#include "qemu/osdep.h"
#include "tcg/tcg-internal.h"

static const char *const cond_names[16] = {
    [TCG_COND_NEVER] = "never", [TCG_COND_ALWAYS] = "always",
    [TCG_COND_EQ] = "eq", [TCG_COND_NE] = "ne",
    [TCG_COND_LT] = "lt", [TCG_COND_GE] = "ge",
    [TCG_COND_LE] = "le", [TCG_COND_GT] = "gt",
    [TCG_COND_LTU] = "ltu", [TCG_COND_GEU] = "geu",
    [TCG_COND_LEU] = "leu", [TCG_COND_GTU] = "gtu",
};

static void print_temp(FILE *f, TCGTemp *ts)
{
    switch (ts->kind) {
    case TEMP_GLOBAL:
    case TEMP_FIXED:
        fputs(ts->name, f);
        break;
    case TEMP_LOCAL:
        fprintf(f, "loc%d", temp_idx(ts));
        break;
    case TEMP_NORMAL:
        fprintf(f, "tmp%d", temp_idx(ts));
        break;
    }
}

static void print_memop(FILE *f, MemOpIdx oi)
{
    static const char size_chars[] = "bwlq";
    MemOp mop = get_memop(oi);
    fprintf(f, "%s%c%c,%u", (mop & MO_BSWAP) ? "be" : "le",
            (mop & MO_SIGN) ? 's' : 'u', size_chars[mop & MO_SIZE], get_mmuidx(oi));
}

/* The constant arguments, in the notation of each op family. */
static void print_consts(FILE *f, const TCGOp *op, const TCGArg *c, int n, bool sep)
{
    switch (op->opc) {
    case INDEX_op_set_label:
    case INDEX_op_br:
        fprintf(f, "%s$L%d", sep ? "," : "", arg_label(c[0])->id);
        return;
    case INDEX_op_brcond_i32:
    case INDEX_op_brcond_i64:
        fprintf(f, ",%s,$L%d", cond_names[c[0] & 15], arg_label(c[1])->id);
        return;
    case INDEX_op_setcond_i32:
    case INDEX_op_setcond_i64:
    case INDEX_op_movcond_i32:
    case INDEX_op_movcond_i64:
        fprintf(f, ",%s", cond_names[c[0] & 15]);
        return;
    case INDEX_op_qemu_ld_i32:
    case INDEX_op_qemu_st_i32:
    case INDEX_op_qemu_ld_i64:
    case INDEX_op_qemu_st_i64:
        fputc(',', f);
        print_memop(f, (MemOpIdx)c[0]);
        return;
    default:
        for (int i = 0; i < n; i++) {
            fprintf(f, "%s$0x%" PRIx64, (sep || i) ? "," : "", c[i]);
        }
    }
}

static void print_life(FILE *f, const TCGOp *op)
{
    if (!op->life) {
        return;
    }
    fputs("  ", f);
    for (int i = 0; i < 16; i++) {
        if (op->life & DEAD_ARG(i)) {
            fprintf(f, " dead:%d", i);
        }
    }
    for (int i = 0; i < 2; i++) {
        if (op->life & SYNC_ARG(i)) {
            fprintf(f, " sync:%d", i);
        }
    }
}

void tcg_dump_op_list(FILE *f, bool with_life)
{
    for (TCGOp *op = tcg_ctx->first_op; op; op = op->next) {
        const TCGOpDef *def = &tcg_op_defs[op->opc];
        int nb_o = op_nb_oargs(op), nb_i = op_nb_iargs(op);

        if (op->opc == INDEX_op_insn_start) {
            fprintf(f, " ---- 0x%" PRIx64 " 0x%" PRIx64 "\n", op->args[0], op->args[1]);
            continue;
        }
        if (op->opc == INDEX_op_call) {
            fprintf(f, " call %s", op_call_info(op)->name);
        } else {
            fprintf(f, " %s ", def->name);
        }
        for (int i = 0; i < nb_o + nb_i; i++) {
            if (op->opc == INDEX_op_call || i > 0) {
                fputc(',', f);
            }
            print_temp(f, arg_temp(op->args[i]));
        }
        if (op->opc != INDEX_op_call) {
            print_consts(f, op, &op->args[nb_o + nb_i], def->nb_cargs, nb_o + nb_i > 0);
        }
        if (with_life) {
            print_life(f, op);
        }
        fputc('\n', f);
    }
}

void tcg_dump_ops(FILE *f)
{
    tcg_dump_op_list(f, false);
}
