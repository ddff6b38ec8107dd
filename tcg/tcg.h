/*
 * The IR: types, temps, ops, and the context a translation builds into.
 *
 * Who may call what:
 *   - front ends (translate*.c in each target folder) build IR through tcg-op.h only;
 *   - translate-all.c drives a translation: tcg_func_start(), then the front
 *     end, then tcg_gen_code() which optimises and emits host code;
 *   - back ends (tcg/<host>/) and the interpreter (tcg/tci.c) read the op
 *     list and the definitions here.
 * Nothing in tcg/ knows about any guest.
 */
#ifndef TCG_H
#define TCG_H

#include "qemu/osdep.h"

#define TCG_INSN_START_WORDS 2   /* data words per guest instruction marker */
#define TCG_MAX_TEMPS 4096       /* per translation block, globals included */
#define TCG_MAX_OPS 8192         /* per translation block */
#define TCG_MAX_LABELS 1024
#define TCG_MAX_CALL_ARGS 6      /* all helper args fit in host argument registers */
#define TCG_MAX_INSNS 512        /* guest instructions per translation block */

typedef enum TCGType {
    TCG_TYPE_I32,
    TCG_TYPE_I64,
    TCG_TYPE_PTR = TCG_TYPE_I64, /* 64-bit hosts only for now */
} TCGType;

/* Op flags (tcg-opc.h). */
enum {
    TCG_OPF_BB_EXIT      = 0x01, /* leaves the translation block */
    TCG_OPF_BB_END       = 0x02, /* ends a basic block: temps die, globals sync */
    TCG_OPF_CALL_CLOBBER = 0x04, /* clobbers call-clobbered host registers */
    TCG_OPF_SIDE_EFFECTS = 0x08, /* never removed even if outputs are dead */
    TCG_OPF_64BIT        = 0x10, /* operands are i64 */
    TCG_OPF_NOT_PRESENT  = 0x20, /* handled by the allocator, never by a back end */
};

typedef enum TCGOpcode {
#define DEF(name, oargs, iargs, cargs, flags) INDEX_op_##name,
#include "tcg/tcg-opc.h"
    NB_OPS,
} TCGOpcode;

typedef struct TCGOpDef {
    const char *name;
    uint8_t nb_oargs, nb_iargs, nb_cargs, nb_args;
    uint8_t flags;
} TCGOpDef;
extern const TCGOpDef tcg_op_defs[NB_OPS];

/* Conditions: bit 0 inverts, so cond ^ 1 is the inverse condition. */
typedef enum TCGCond {
    TCG_COND_NEVER  = 0,  TCG_COND_ALWAYS = 1,
    TCG_COND_EQ     = 8,  TCG_COND_NE     = 9,
    TCG_COND_LT     = 2,  TCG_COND_GE     = 3,   /* signed */
    TCG_COND_LE     = 4,  TCG_COND_GT     = 5,
    TCG_COND_LTU    = 10, TCG_COND_GEU    = 11,  /* unsigned */
    TCG_COND_LEU    = 12, TCG_COND_GTU    = 13,
} TCGCond;

static inline TCGCond tcg_invert_cond(TCGCond c) { return (TCGCond)(c ^ 1); }

/* Swap the operands: a c b == b swap(c) a. */
static inline TCGCond tcg_swap_cond(TCGCond c)
{
    switch (c) {
    case TCG_COND_LT:  return TCG_COND_GT;
    case TCG_COND_GT:  return TCG_COND_LT;
    case TCG_COND_LE:  return TCG_COND_GE;
    case TCG_COND_GE:  return TCG_COND_LE;
    case TCG_COND_LTU: return TCG_COND_GTU;
    case TCG_COND_GTU: return TCG_COND_LTU;
    case TCG_COND_LEU: return TCG_COND_GEU;
    case TCG_COND_GEU: return TCG_COND_LEU;
    default:           return c;
    }
}

/*
 * Guest memory operations: size, sign and byte order of an access.
 * MO_BSWAP means "opposite to the host's order".
 */
typedef enum MemOp {
    MO_8 = 0, MO_16 = 1, MO_32 = 2, MO_64 = 3,
    MO_SIZE  = 3,
    MO_SIGN  = 4,
    MO_BSWAP = 8,
#if HOST_BIG_ENDIAN
    MO_LE = MO_BSWAP, MO_BE = 0,
#else
    MO_LE = 0, MO_BE = MO_BSWAP,
#endif
    MO_UB = MO_8, MO_UW = MO_16, MO_UL = MO_32,
    MO_SB = MO_8 | MO_SIGN, MO_SW = MO_16 | MO_SIGN, MO_SL = MO_32 | MO_SIGN,
    MO_UQ = MO_64,
    MO_LEUW = MO_LE | MO_UW, MO_LEUL = MO_LE | MO_UL, MO_LESW = MO_LE | MO_SW,
    MO_LESL = MO_LE | MO_SL, MO_LEUQ = MO_LE | MO_UQ,
    MO_BEUW = MO_BE | MO_UW, MO_BEUL = MO_BE | MO_UL, MO_BESW = MO_BE | MO_SW,
    MO_BESL = MO_BE | MO_SL, MO_BEUQ = MO_BE | MO_UQ,
} MemOp;

/* A MemOp and an MMU index in one constant argument. */
typedef uint32_t MemOpIdx;
static inline MemOpIdx make_memop_idx(MemOp op, unsigned mmu_idx)
{
    return ((unsigned)op << 4) | mmu_idx;
}
static inline MemOp get_memop(MemOpIdx oi) { return (MemOp)(oi >> 4); }
static inline unsigned get_mmuidx(MemOpIdx oi) { return oi & 15; }

/* ---- temps ---- */

typedef enum TCGTempKind {
    TEMP_NORMAL,  /* dies at the end of its basic block */
    TEMP_LOCAL,   /* lives across branches, to the end of the TB */
    TEMP_GLOBAL,  /* a field in memory (base + offset); synced at BB ends and calls */
    TEMP_FIXED,   /* lives in a fixed host register (the env pointer) */
} TCGTempKind;

typedef enum TCGTempVal {
    TEMP_VAL_DEAD,
    TEMP_VAL_REG,
    TEMP_VAL_MEM,
    TEMP_VAL_CONST,
} TCGTempVal;

typedef struct TCGTemp {
    TCGType type;
    TCGTempKind kind;
    TCGTempVal val_type;
    int8_t reg;                   /* when val_type == TEMP_VAL_REG, or the fixed reg */
    bool mem_coherent;            /* memory copy equals the register copy */
    bool mem_allocated;           /* has a frame slot (non-globals) */
    int64_t val;                  /* when val_type == TEMP_VAL_CONST */
    struct TCGTemp *mem_base;     /* globals: the base pointer temp (env) */
    intptr_t mem_offset;          /* globals: offset from base; others: frame slot */
    const char *name;             /* globals */
    uintptr_t state;              /* scratch for passes (liveness, optimiser) */
    void *state_ptr;
} TCGTemp;

/* Front ends see typed handles; a handle is a TCGTemp pointer in disguise. */
typedef struct TCGv_i32_d *TCGv_i32;
typedef struct TCGv_i64_d *TCGv_i64;
typedef TCGv_i64 TCGv_ptr;

static inline TCGTemp *tcgv_i32_temp(TCGv_i32 v) { return (TCGTemp *)v; }
static inline TCGTemp *tcgv_i64_temp(TCGv_i64 v) { return (TCGTemp *)v; }
static inline TCGTemp *tcgv_ptr_temp(TCGv_ptr v) { return (TCGTemp *)v; }
static inline TCGv_i32 temp_tcgv_i32(TCGTemp *t) { return (TCGv_i32)t; }
static inline TCGv_i64 temp_tcgv_i64(TCGTemp *t) { return (TCGv_i64)t; }
static inline TCGv_ptr temp_tcgv_ptr(TCGTemp *t) { return (TCGv_ptr)t; }

typedef struct TCGLabel {
    int id;
    bool has_value;
    uintptr_t value;              /* host code address once placed */
    struct TCGRelocation *relocs; /* uses waiting for the address */
    bool refs;                    /* referenced by a branch */
} TCGLabel;

/* ---- helpers ---- */

enum {
    TCG_CALL_NO_READ_GLOBALS  = 0x1, /* helper reads (and so writes) no global through env */
    TCG_CALL_NO_WRITE_GLOBALS = 0x2, /* helper writes no global through env */
    TCG_CALL_NO_SIDE_EFFECTS  = 0x4, /* may be removed if its result is dead */
    TCG_CALL_NO_RWG = TCG_CALL_NO_READ_GLOBALS,
    TCG_CALL_NO_WG  = TCG_CALL_NO_WRITE_GLOBALS,
    TCG_CALL_NO_SE  = TCG_CALL_NO_SIDE_EFFECTS,
    TCG_CALL_NO_RWG_SE = TCG_CALL_NO_RWG | TCG_CALL_NO_SE,
    TCG_CALL_NO_WG_SE  = TCG_CALL_NO_WG | TCG_CALL_NO_SE,
};

/* Argument/return kinds: i32 values travel zero-extended in 64-bit registers. */
typedef enum TCGHelperType {
    TCG_HELPER_VOID = 0,
    TCG_HELPER_I32  = 1,
    TCG_HELPER_I64  = 2,  /* also pointers */
} TCGHelperType;

typedef struct TCGHelperInfo {
    void *func;
    const char *name;
    unsigned flags;
    uint8_t nb_args;
    uint8_t ret_type;                          /* TCGHelperType */
    uint8_t arg_types[TCG_MAX_CALL_ARGS];      /* TCGHelperType */
} TCGHelperInfo;

/* ---- ops ---- */

typedef uint64_t TCGArg;  /* a temp (TCGTemp *), a constant, a label (TCGLabel *) */

typedef struct TCGOp {
    TCGOpcode opc;
    uint8_t call_nb_oargs;        /* INDEX_op_call: outputs (0 or 1) */
    uint8_t call_nb_iargs;        /* INDEX_op_call: inputs */
    /* liveness (tcg-internal.h): bit n = arg n dies here; bit 16 + n = output n syncs */
    uint32_t life;
    /* outputs, inputs, constants, as in tcg-opc.h; for call: out, ins, info */
    TCGArg args[TCG_MAX_CALL_ARGS + 2];
    struct TCGOp *next, *prev;
} TCGOp;

static inline TCGTemp *arg_temp(TCGArg a) { return (TCGTemp *)(uintptr_t)a; }
static inline TCGArg temp_arg(TCGTemp *t) { return (TCGArg)(uintptr_t)t; }
static inline TCGLabel *arg_label(TCGArg a) { return (TCGLabel *)(uintptr_t)a; }
static inline TCGArg label_arg(TCGLabel *l) { return (TCGArg)(uintptr_t)l; }

/* Where a translated block puts its patchable jumps and its guest markers. */
typedef struct TCGGenResult {
    uint16_t jmp_insn_offset[2];   /* offset of the jump's rel32 field (goto_tb n) */
    uint16_t jmp_reset_offset[2];  /* where the unpatched jump goes (the exit path) */
    int nb_insns;
    uint64_t insn_data[TCG_MAX_INSNS][TCG_INSN_START_WORDS];
    uint32_t insn_end_off[TCG_MAX_INSNS];  /* host code offset where insn i ends */
} TCGGenResult;

typedef struct TCGContext {
    /* temps: [0, nb_globals) are globals and survive from TB to TB */
    int nb_globals;
    int nb_temps;
    TCGTemp temps[TCG_MAX_TEMPS];

    int nb_ops;
    TCGOp *first_op, *last_op;    /* doubly linked list, in program order */
    TCGOp *free_ops;
    int nb_labels;
    TCGLabel labels[TCG_MAX_LABELS];

    TCGTemp *env;                 /* the fixed env-pointer temp */
    intptr_t tlb_offset;          /* env-relative offset of CPUTLBEntry table[0][0] */
    intptr_t exit_request_offset; /* env-relative offset of the int32 exit flag */
    int tlb_bits;                 /* log2 entries per MMU mode */
    int page_bits;                /* guest page size */

    bool use_tci;                 /* interpret instead of emitting host code */

    /* code emission */
    uint8_t *code_gen_buffer;     /* the whole cache */
    size_t code_gen_buffer_size;
    uint8_t *code_gen_ptr;        /* next free byte */
    uint8_t *code_gen_highwater;  /* past this, flush before translating */
    uint8_t *code_buf, *code_ptr; /* the TB being emitted */
    const void *epilogue;         /* return path of the prologue: exit_tb(0) */
    TCGGenResult gen;

    /* debug output (-d op, op_opt, out_asm) */
    FILE *logfile;
    unsigned log_mask;
    bool no_optimize;             /* testing: skip tcg_optimize() (reference runs) */

    /* working storage of tcg/ itself (tcg-internal.h), allocated once */
    TCGOp *op_pool;               /* ops are taken from here, nb_ops_used so far */
    int nb_ops_used;
    struct TCGRelocation *reloc_pool;
    int nb_relocs;
    struct TCGSlowPath *slow_paths;  /* back end: out-of-line qemu_ld/st paths */
    int nb_slow_paths;
    struct TCGOptTemp *opt_temps;    /* optimiser knowledge, one per temp */
    TCGTemp *reg_to_temp[16];        /* register allocator: who lives in each host reg */
    uint32_t frame_used;             /* bytes of the spill frame handed out this TB */
    TCGTemp *imm_temps[2];           /* builder: carrier of immediates, [is 64-bit] */
} TCGContext;

extern TCGContext *tcg_ctx;
extern TCGv_ptr cpu_env;

enum {                             /* TCGContext.log_mask */
    TCG_LOG_OP = 1, TCG_LOG_OP_OPT = 2, TCG_LOG_OUT_ASM = 4,
};

/* ---- the driver (tcg.c) ---- */

/*
 * Once at start-up: the code cache and the prologue; env offsets for the TLB.
 * Each call makes a new context and makes it current (tcg_ctx, cpu_env,
 * tcg_use_tci); tests use two at once through tcg_context_switch().
 */
void tcg_context_init(size_t code_cache_size, bool use_tci);
void tcg_context_switch(TCGContext *s);
void tcg_set_env_layout(intptr_t tlb_offset, int tlb_bits, int page_bits,
                        intptr_t exit_request_offset);

/*
 * Globals: fields of the CPU state, addressed from the env pointer (base must
 * be cpu_env). Generated code keeps them in host registers within a basic
 * block, so front ends must not also reach a global's field with ld/st ops.
 */
TCGv_i32 tcg_global_mem_new_i32(TCGv_ptr base, intptr_t offset, const char *name);
TCGv_i64 tcg_global_mem_new_i64(TCGv_ptr base, intptr_t offset, const char *name);

/* Start a translation: drops all non-global temps, ops and labels. */
void tcg_func_start(void);

/*
 * Optimise, allocate registers and emit the ops built since tcg_func_start().
 * Returns the number of host code bytes written at tcg_ctx->code_gen_ptr, or
 * -1 when the code cache is full (the caller flushes and retranslates).
 * Fills tcg_ctx->gen. Does not advance code_gen_ptr: the caller does.
 */
int tcg_gen_code(void);

/* True when the op buffer or temp pool is close to full: end the TB. */
bool tcg_op_buf_full(void);

/* Run translated code: returns the value given to exit_tb. */
uintptr_t tcg_qemu_tb_exec(void *env, const void *tb_code);

/* Patch jump slot at jmp_addr (from TCGGenResult) to go to addr. */
void tb_target_set_jmp_target(uintptr_t jmp_rel32_addr, uintptr_t addr);

/* Debug: print the op list (for -d op). */
void tcg_dump_ops(FILE *f);

#endif
