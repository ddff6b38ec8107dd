/*
 * Interfaces between the parts of tcg/: the op list (tcg.c), the passes
 * (optimize.c, liveness.c), the register allocator (regalloc.c), the
 * native back end (tcg/<host>/) and the interpreter (tci.c).
 * Nothing outside tcg/ includes this.
 */
#ifndef TCG_INTERNAL_H
#define TCG_INTERNAL_H

#include "tcg/tcg.h"

/* ---- op list and temps (tcg.c) ---- */

#define TCG_OP_POOL_SIZE (TCG_MAX_OPS + 1024)  /* slack for the optimiser's insertions */
#define TCG_MAX_RELOCS   (TCG_MAX_OPS * 2)

/* Liveness results in TCGOp.life. */
#define DEAD_ARG(n)          (1u << (n))
#define SYNC_ARG(n)          (1u << ((n) + 16))   /* output n must reach memory */
#define IS_DEAD_ARG(op, n)   (((op)->life & DEAD_ARG(n)) != 0)
#define NEED_SYNC_ARG(op, n) (((op)->life & SYNC_ARG(n)) != 0)

static inline int temp_idx(const TCGTemp *ts)
{
    return (int)(ts - tcg_ctx->temps);
}

static inline const TCGHelperInfo *op_call_info(const TCGOp *op)
{
    return (const TCGHelperInfo *)(uintptr_t)
        op->args[op->call_nb_oargs + op->call_nb_iargs];
}

/* Argument counts of an op, calls included. */
static inline int op_nb_oargs(const TCGOp *op)
{
    return op->opc == INDEX_op_call ? op->call_nb_oargs : tcg_op_defs[op->opc].nb_oargs;
}
static inline int op_nb_iargs(const TCGOp *op)
{
    return op->opc == INDEX_op_call ? op->call_nb_iargs : tcg_op_defs[op->opc].nb_iargs;
}

TCGOp *tcg_emit_op(TCGOpcode opc);
TCGOp *tcg_op_insert_before(TCGOp *old, TCGOpcode opc);
void tcg_op_remove(TCGOp *op);
TCGTemp *tcg_temp_alloc(TCGType type, TCGTempKind kind);

/* Write an op list to f; with_life adds liveness annotations. */
void tcg_dump_op_list(FILE *f, bool with_life);

/* ---- passes ---- */
void tcg_optimize(TCGContext *s);
void tcg_liveness_analysis(TCGContext *s);

/* Native code for the op list at s->code_buf; returns false on cache overflow. */
bool tcg_reg_alloc_code(TCGContext *s);

/* Interpreter bytecode for the op list at s->code_buf (tci.c). */
bool tci_gen_code(TCGContext *s);
void tci_emit_epilogue(TCGContext *s);
uintptr_t tci_execute(void *env, const void *code);

/* ---- labels ---- */

typedef struct TCGRelocation {
    struct TCGRelocation *next;
    uint8_t *field;     /* where the label's address goes */
    int type;           /* back-end specific kind of field */
} TCGRelocation;

void tcg_label_add_reloc(TCGLabel *l, uint8_t *field, int type);
/* Place l at value and resolve the pending references through patch(). */
void tcg_label_place(TCGLabel *l, uintptr_t value,
                     void (*patch)(uint8_t *field, int type, uintptr_t value));

/* ---- code emission helpers ---- */

static inline void tcg_out8(TCGContext *s, uint8_t v) { *s->code_ptr++ = v; }
static inline void tcg_out16(TCGContext *s, uint16_t v)
{
    memcpy(s->code_ptr, &v, 2);
    s->code_ptr += 2;
}
static inline void tcg_out32(TCGContext *s, uint32_t v)
{
    memcpy(s->code_ptr, &v, 4);
    s->code_ptr += 4;
}
static inline void tcg_out64(TCGContext *s, uint64_t v)
{
    memcpy(s->code_ptr, &v, 8);
    s->code_ptr += 8;
}
static inline size_t tcg_current_code_size(TCGContext *s)
{
    return s->code_ptr - s->code_buf;
}
/* True once emission has run past the high-water mark of the cache. */
static inline bool tcg_code_overflow(TCGContext *s)
{
    return s->code_ptr > s->code_gen_highwater;
}

/* ---- native back end (tcg/<host>/tcg-target.c) ---- */

typedef uint32_t TCGRegSet;
typedef int TCGReg;

/* What an op argument may be. */
typedef struct TCGArgConstraint {
    TCGRegSet regs;      /* registers it may live in */
    uint16_t ct;         /* TCG_CT_CONST_* kinds of immediates accepted */
    int8_t alias;        /* input: the output it shares a register with, or -1 */
    bool newreg;         /* output: must not share a register with any input */
} TCGArgConstraint;

#define TCG_MAX_OP_ARGS 8
typedef struct TCGTargetOpDef {
    TCGArgConstraint args[TCG_MAX_OP_ARGS];  /* outputs then inputs */
    uint8_t nb_scratch;                      /* extra registers the code needs */
    TCGRegSet scratch_regs;
} TCGTargetOpDef;

#define TCG_CT_CONST_ANY 0x1   /* any value of the op's type */

extern const TCGReg tcg_target_reg_alloc_order[];
extern const int tcg_target_nb_alloc_regs;
extern const TCGReg tcg_target_call_iarg_regs[TCG_MAX_CALL_ARGS];
extern const TCGReg tcg_target_call_oarg_reg;
extern const TCGReg tcg_target_env_reg;
extern const TCGReg tcg_target_frame_reg;      /* base of the spill frame */
extern const intptr_t tcg_target_frame_start;  /* offset of slot 0 from it */
extern const uint32_t tcg_target_frame_size;
extern const TCGRegSet tcg_target_call_clobber_regs;
extern const TCGRegSet tcg_target_reserved_regs;

void tcg_target_init(TCGContext *s);
void tcg_target_emit_prologue(TCGContext *s);
const TCGTargetOpDef *tcg_target_op_def(TCGOpcode opc);
bool tcg_target_const_match(int64_t val, TCGType type, uint16_t ct);

void tcg_out_mov(TCGContext *s, TCGType type, TCGReg ret, TCGReg arg);
void tcg_out_movi(TCGContext *s, TCGType type, TCGReg ret, int64_t val);
void tcg_out_ld(TCGContext *s, TCGType type, TCGReg ret, TCGReg base, intptr_t ofs);
void tcg_out_st(TCGContext *s, TCGType type, TCGReg arg, TCGReg base, intptr_t ofs);
void tcg_out_sti(TCGContext *s, TCGType type, int64_t val, TCGReg base, intptr_t ofs);
void tcg_out_call(TCGContext *s, const void *func);
/* After a call returning i32: make the result zero-extended (host ABI leaves junk). */
void tcg_out_ext32u(TCGContext *s, TCGReg ret, TCGReg arg);
/*
 * One op; args[] are registers for temps, values where const_args[i], then
 * the op's constants, then any scratch registers. op gives the temps' types.
 */
void tcg_out_op(TCGContext *s, const TCGOp *op, const TCGArg *args, const int *const_args);
void tcg_out_label(TCGContext *s, TCGLabel *l);
void tcg_out_nop_fill(TCGContext *s, int count);
/* Out-of-line code after the body (qemu_ld/st slow paths); false on overflow. */
bool tcg_target_finish(TCGContext *s);
void tcg_target_patch_reloc(uint8_t *field, int type, uintptr_t value);
void tcg_target_set_jmp_target(uintptr_t jmp_field, uintptr_t addr);
void tci_set_jmp_target(uintptr_t jmp_field, uintptr_t addr);

#endif
