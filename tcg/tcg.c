/*
 * The translation context: code cache and prologue, temps, the op list,
 * labels, and the driver that turns an op list into runnable code
 * (optimiser, liveness, then native emission or interpreter bytecode).
 */
#include "qemu/osdep.h"
#include "tcg/tcg-internal.h"
#include "qemu/disas.h"

const TCGOpDef tcg_op_defs[NB_OPS] = {
#define DEF(n, o, i, c, f) [INDEX_op_##n] = { #n, o, i, c, o + i + c, f },
#include "tcg/tcg-opc.h"
};

TCGContext *tcg_ctx;
TCGv_ptr cpu_env;
bool tcg_use_tci;
__thread uintptr_t tci_tb_ptr;

/* Room left after the high-water mark: more than one op and its slow path. */
#define CODE_GEN_SLACK (64 * 1024)

void tcg_context_switch(TCGContext *s)
{
    tcg_ctx = s;
    cpu_env = temp_tcgv_ptr(s->env);
    tcg_use_tci = s->use_tci;
}

void tcg_context_init(size_t code_cache_size, bool use_tci)
{
    TCGContext *s = qemu_mallocz(sizeof(*s));

    if (code_cache_size < 4 * CODE_GEN_SLACK) {
        code_cache_size = 4 * CODE_GEN_SLACK;
    }
    s->use_tci = use_tci;
    s->op_pool = qemu_malloc(sizeof(TCGOp) * TCG_OP_POOL_SIZE);
    s->reloc_pool = qemu_malloc(sizeof(TCGRelocation) * TCG_MAX_RELOCS);
    s->page_bits = 12;
    s->tlb_bits = 8;

    s->env = &s->temps[0];
    s->env->type = TCG_TYPE_PTR;
    s->env->kind = TEMP_FIXED;
    s->env->val_type = TEMP_VAL_REG;
    s->env->name = "env";
    s->nb_globals = s->nb_temps = 1;
    tcg_context_switch(s);

    s->code_gen_buffer = qemu_alloc_exec_mem(code_cache_size);
    s->code_gen_buffer_size = code_cache_size;
    s->code_gen_highwater = s->code_gen_buffer + code_cache_size - CODE_GEN_SLACK;
    s->code_buf = s->code_ptr = s->code_gen_buffer;
    if (use_tci) {
        tci_emit_epilogue(s);
    } else {
        tcg_target_init(s);
        s->env->reg = tcg_target_env_reg;
        tcg_target_emit_prologue(s);
    }
    s->code_gen_ptr = (uint8_t *)ROUND_UP((uintptr_t)s->code_ptr, 64);
}

void tcg_set_env_layout(intptr_t tlb_offset, int tlb_bits, int page_bits,
                        intptr_t exit_request_offset)
{
    tcg_ctx->tlb_offset = tlb_offset;
    tcg_ctx->tlb_bits = tlb_bits;
    tcg_ctx->page_bits = page_bits;
    tcg_ctx->exit_request_offset = exit_request_offset;
}

uintptr_t tcg_qemu_tb_exec(void *env, const void *tb_code)
{
    if (tcg_use_tci) {
        return tci_execute(env, tb_code);
    }
    uintptr_t (*prologue)(void *, const void *) =
        (uintptr_t (*)(void *, const void *))(void *)tcg_ctx->code_gen_buffer;
    return prologue(env, tb_code);
}

void tb_target_set_jmp_target(uintptr_t jmp_field, uintptr_t addr)
{
    if (tcg_use_tci) {
        tci_set_jmp_target(jmp_field, addr);
    } else {
        tcg_target_set_jmp_target(jmp_field, addr);
    }
}

/* ---- temps ---- */

TCGTemp *tcg_temp_alloc(TCGType type, TCGTempKind kind)
{
    TCGContext *s = tcg_ctx;
    if (s->nb_temps >= TCG_MAX_TEMPS) {
        fatal("TCG: more than %d temps in one translation block", TCG_MAX_TEMPS);
    }
    TCGTemp *ts = &s->temps[s->nb_temps++];
    memset(ts, 0, sizeof(*ts));
    ts->type = type;
    ts->kind = kind;
    ts->val_type = TEMP_VAL_DEAD;
    return ts;
}

static TCGTemp *global_mem_new(TCGType type, TCGv_ptr base, intptr_t offset,
                               const char *name)
{
    TCGContext *s = tcg_ctx;
    if (tcgv_ptr_temp(base) != s->env) {
        fatal("TCG: global %s must be based on cpu_env", name);
    }
    if (s->nb_temps != s->nb_globals) {
        fatal("TCG: global %s created after a translation started", name);
    }
    TCGTemp *ts = tcg_temp_alloc(type, TEMP_GLOBAL);
    ts->mem_base = s->env;
    ts->mem_offset = offset;
    ts->name = name;
    ts->val_type = TEMP_VAL_MEM;
    s->nb_globals++;
    return ts;
}

TCGv_i32 tcg_global_mem_new_i32(TCGv_ptr base, intptr_t offset, const char *name)
{
    return temp_tcgv_i32(global_mem_new(TCG_TYPE_I32, base, offset, name));
}

TCGv_i64 tcg_global_mem_new_i64(TCGv_ptr base, intptr_t offset, const char *name)
{
    return temp_tcgv_i64(global_mem_new(TCG_TYPE_I64, base, offset, name));
}

/* ---- the op list ---- */

void tcg_func_start(void)
{
    TCGContext *s = tcg_ctx;
    s->nb_temps = s->nb_globals;
    s->nb_ops = 0;
    s->nb_ops_used = 0;
    s->first_op = s->last_op = NULL;
    s->free_ops = NULL;
    s->nb_labels = 0;
    s->nb_relocs = 0;
    s->nb_slow_paths = 0;
    s->imm_temps[0] = s->imm_temps[1] = NULL;
}

bool tcg_op_buf_full(void)
{
    TCGContext *s = tcg_ctx;
    return s->nb_ops > TCG_MAX_OPS - 512 || s->nb_temps > TCG_MAX_TEMPS - 256
        || s->nb_labels > TCG_MAX_LABELS - 32;
}

static TCGOp *op_alloc(TCGOpcode opc)
{
    TCGContext *s = tcg_ctx;
    TCGOp *op = s->free_ops;
    if (op) {
        s->free_ops = op->next;
    } else {
        if (s->nb_ops_used >= TCG_OP_POOL_SIZE) {
            fatal("TCG: more than %d ops in one translation block", TCG_OP_POOL_SIZE);
        }
        op = &s->op_pool[s->nb_ops_used++];
    }
    memset(op, 0, sizeof(*op));
    op->opc = opc;
    s->nb_ops++;
    return op;
}

TCGOp *tcg_emit_op(TCGOpcode opc)
{
    TCGContext *s = tcg_ctx;
    TCGOp *op = op_alloc(opc);
    op->prev = s->last_op;
    if (s->last_op) {
        s->last_op->next = op;
    } else {
        s->first_op = op;
    }
    s->last_op = op;
    return op;
}

TCGOp *tcg_op_insert_before(TCGOp *old, TCGOpcode opc)
{
    TCGContext *s = tcg_ctx;
    TCGOp *op = op_alloc(opc);
    op->next = old;
    op->prev = old->prev;
    if (old->prev) {
        old->prev->next = op;
    } else {
        s->first_op = op;
    }
    old->prev = op;
    return op;
}

void tcg_op_remove(TCGOp *op)
{
    TCGContext *s = tcg_ctx;
    if (op->prev) {
        op->prev->next = op->next;
    } else {
        s->first_op = op->next;
    }
    if (op->next) {
        op->next->prev = op->prev;
    } else {
        s->last_op = op->prev;
    }
    op->next = s->free_ops;
    s->free_ops = op;
    s->nb_ops--;
}

/* ---- labels ---- */

void tcg_label_add_reloc(TCGLabel *l, uint8_t *field, int type)
{
    TCGContext *s = tcg_ctx;
    if (s->nb_relocs >= TCG_MAX_RELOCS) {
        fatal("TCG: too many branches in one translation block");
    }
    TCGRelocation *r = &s->reloc_pool[s->nb_relocs++];
    r->field = field;
    r->type = type;
    r->next = l->relocs;
    l->relocs = r;
}

void tcg_label_place(TCGLabel *l, uintptr_t value,
                     void (*patch)(uint8_t *field, int type, uintptr_t value))
{
    l->has_value = true;
    l->value = value;
    for (TCGRelocation *r = l->relocs; r; r = r->next) {
        patch(r->field, r->type, value);
    }
    l->relocs = NULL;
}

/* ---- the driver ---- */

static void log_host_code(TCGContext *s, size_t size)
{
    fprintf(s->logfile, "OUT: [size=%zu]\n", size);
    if (s->use_tci) {
        fprintf(s->logfile, "  (interpreter bytecode)\n");
    } else {
        disas_host(s->logfile, s->code_buf, size);
    }
    fputc('\n', s->logfile);
}

int tcg_gen_code(void)
{
    TCGContext *s = tcg_ctx;
    bool logging = s->logfile != NULL;

    if (logging && (s->log_mask & TCG_LOG_OP)) {
        fprintf(s->logfile, "OP:\n");
        tcg_dump_op_list(s->logfile, false);
        fputc('\n', s->logfile);
    }
    /* The reference mode of the interpreter runs the ops exactly as built. */
    if (!(s->no_optimize && s->use_tci)) {
        if (!s->no_optimize) {
            tcg_optimize(s);
        }
        tcg_liveness_analysis(s);
    }
    if (logging && (s->log_mask & TCG_LOG_OP_OPT)) {
        fprintf(s->logfile, "OP after optimization and liveness analysis:\n");
        tcg_dump_op_list(s->logfile, true);
        fputc('\n', s->logfile);
    }

    s->code_buf = s->code_ptr = s->code_gen_ptr;
    memset(s->gen.jmp_insn_offset, 0xff, sizeof(s->gen.jmp_insn_offset));
    memset(s->gen.jmp_reset_offset, 0xff, sizeof(s->gen.jmp_reset_offset));
    s->gen.nb_insns = 0;
    s->nb_relocs = 0;
    s->nb_slow_paths = 0;
    for (int i = 0; i < s->nb_labels; i++) {
        s->labels[i].has_value = false;
        s->labels[i].relocs = NULL;
    }

    bool ok = s->use_tci ? tci_gen_code(s) : tcg_reg_alloc_code(s);
    if (!ok) {
        return -1;
    }
    size_t size = tcg_current_code_size(s);
    if (logging && (s->log_mask & TCG_LOG_OUT_ASM)) {
        log_host_code(s, size);
    }
    return (int)size;
}
