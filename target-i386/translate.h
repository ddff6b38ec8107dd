/*
 * The i386 front end's shared translation state and generation utilities.
 * translate.c drives a TB and decodes prefixes and opcodes; the
 * translate-*.c files implement instruction groups against this header.
 * Everything here is translation-time only.
 *
 * Conventions:
 *   - operand sizes are MemOps (MO_8 .. MO_64), registers are indexed 0..15;
 *   - addresses are target_ulong-sized TCGv (tcg-tl.h);
 *   - s->T0, s->T1, s->A0, s->tmp0 are scratch temps of the current insn,
 *     normal temps: they die at every label and branch;
 *   - before calling a helper that may raise an exception or read guest
 *     state, call gen_update_eip_cur() and gen_update_cc_op();
 *   - a handler fetches all its instruction bytes before it emits anything
 *     with a side effect (the 15-byte limit check may abort the insn).
 */
#ifndef TARGET_I386_TRANSLATE_H
#define TARGET_I386_TRANSLATE_H

#include "qemu/osdep.h"
#include "cpu.h"
#include "tcg-tl.h"
#include "exec/helper-gen.h"
#include "cc_op.h"

/* Prefix bits of DisasContext.prefix */
#define PREFIX_REPZ   0x01  /* F3 */
#define PREFIX_REPNZ  0x02  /* F2 */
#define PREFIX_LOCK   0x04  /* F0 */
#define PREFIX_DATA   0x08  /* 66 */
#define PREFIX_ADR    0x10  /* 67 */
#define PREFIX_REX    0x40  /* 40-4F in 64-bit mode */

#define X86_MAX_INSN_LENGTH 15

typedef enum DisasJumpType {
    DISAS_NEXT,            /* keep translating */
    DISAS_TOO_MANY,        /* stop before the next insn; chain to it directly */
    DISAS_NORETURN,        /* the insn left the TB itself (jump or exception) */
    DISAS_EOB_NEXT,        /* stop after this insn and return to the loop:
                              state the TB flags depend on may have changed */
    DISAS_EOB_INHIBIT_IRQ, /* same, and open the one-insn interrupt shadow */
    DISAS_JUMP,            /* env->eip was set: next TB via lookup_tb_ptr */
} DisasJumpType;

typedef struct DisasContext {
    TranslationBlock *tb;
    CPUX86State *env;

    /* position */
    target_ulong pc_start;  /* linear address of the current insn */
    target_ulong pc;        /* linear address of the next byte to fetch */
    target_ulong cs_base;
    int num_insns, max_insns;
    DisasJumpType is_jmp;
    sigjmp_buf insn_abort;  /* the current insn exceeded 15 bytes */

    /* the current instruction */
    int prefix;             /* PREFIX_* */
    int override;           /* segment override R_ES..R_GS, or -1 */
    MemOp dflag;            /* operand size: MO_16, MO_32 (MO_64 with REX.W) */
    MemOp aflag;            /* address size: MO_16, MO_32 (MO_64) */
    int rex_r, rex_x, rex_b;/* 8 or 0: register-number extensions (64-bit) */
    bool rex_w;
    int b;                  /* opcode: 0x00-0xff, or 0x100 | byte after 0F */

    /* the TB's CPU state (a copy of tb->flags, decoded) */
    uint32_t flags;
    int cpl, iopl;
    bool pe;                /* protected mode */
    bool vm86;              /* v8086 mode */
    bool code32;            /* 32-bit default operand/address size */
    bool ss32;              /* 32-bit stack */
    bool addseg;            /* DS/ES/SS bases may be non-zero */
    bool code64;            /* 64-bit code segment (long mode) */
    bool tf;                /* single-step: #DB after each insn */
    int mem_index;
    uint32_t cs_limit;      /* with HF_CSLIM: fetch beyond it raises #GP */

    /* the segment of the address last formed by gen_lea_v_seg (-1: none) */
    int a0_seg;
    MemOp a0_aflag;         /* ... and its address size */

    /* lazy flags: the op known at this point (CC_OP_DYNAMIC: see env) */
    CCOp cc_op;
    bool cc_op_dirty;       /* env->cc_op not yet written with cc_op */

    /* scratch temps of the current insn */
    TCGv A0, T0, T1, tmp0;
} DisasContext;

/* TCG globals for the integer state (translate.c) */
extern TCGv cpu_regs[CPU_NB_REGS];
extern TCGv cpu_seg_base[6];
extern TCGv cpu_cc_dst, cpu_cc_src, cpu_cc_src2;
extern TCGv_i32 cpu_cc_op;

/* ---- instruction bytes (translate.c) ---- */
uint8_t x86_ldub_code(DisasContext *s);
uint16_t x86_lduw_code(DisasContext *s);
uint32_t x86_ldl_code(DisasContext *s);
/* an immediate of size ot (MO_64: a sign-extended imm32), zero-extended */
target_ulong insn_get(DisasContext *s, MemOp ot);
/* an immediate of size ot, sign-extended */
target_long insn_get_signed(DisasContext *s, MemOp ot);

/* EIP of the current / next insn (relative to CS) */
static inline target_ulong cur_eip(DisasContext *s) { return s->pc_start - s->cs_base; }
static inline target_ulong next_eip(DisasContext *s) { return s->pc - s->cs_base; }

/* ---- sizes ---- */
/* operand size of a byte/full-size opcode pair: b & 1 selects full size */
static inline MemOp mo_b_d(int b, MemOp dflag) { return (b & 1) ? dflag : MO_8; }
/* push/pop operand size */
static inline MemOp mo_pushpop(DisasContext *s, MemOp ot)
{
    return s->code64 ? (ot == MO_16 ? MO_16 : MO_64) : ot;
}
/* stack address size */
static inline MemOp mo_stacksize(DisasContext *s)
{
    return s->code64 ? MO_64 : s->ss32 ? MO_32 : MO_16;
}
/* immediates are at most 32 bits */
static inline MemOp mo_imm(MemOp ot) { return ot < MO_32 ? ot : MO_32; }

/* ---- registers (translate.c) ---- */
/* t = register reg of size ot, zero-extended (AH..BH for MO_8 regs 4-7 without REX) */
void gen_op_mov_v_reg(DisasContext *s, MemOp ot, TCGv t, int reg);
/* register reg of size ot = t (16/8-bit writes keep the other bits) */
void gen_op_mov_reg_v(DisasContext *s, MemOp ot, int reg, TCGv t);
/* add val to register reg of address size size (keeps the upper bits for MO_16) */
void gen_op_add_reg_im(DisasContext *s, MemOp size, int reg, int32_t val);
void gen_op_add_reg(DisasContext *s, MemOp size, int reg, TCGv val);
/* t = t zero- or sign-extended from size ot */
void gen_ext_tl(TCGv dst, TCGv src, MemOp ot, bool sign);

/* ---- memory (translate.c) ---- */
/*
 * Every data access is preceded by gen_seg_check on the segment that
 * gen_lea_v_seg last applied in this insn (gen_op_ld_v/st_v do it;
 * code that loads or stores by other means, or hands the address to a
 * helper that does, calls gen_seg_check itself with the whole operand's
 * size). It emits nothing for flat segments (cpu.h HF_SEGCHK_*).
 */
void gen_seg_check(DisasContext *s, TCGv addr, int size, bool write);
void gen_op_ld_v(DisasContext *s, MemOp ot, TCGv t, TCGv a0);
void gen_op_st_v(DisasContext *s, MemOp ot, TCGv t, TCGv a0);
/*
 * s->A0 = linear address of the ModRM memory operand (segment applied).
 * Fetches SIB and displacement. modrm must have mod != 3.
 */
void gen_lea_modrm(DisasContext *s, int modrm);
/* the effective address of the ModRM memory operand, without segment */
TCGv gen_lea_modrm_ea(DisasContext *s, int modrm, int *def_seg);
/*
 * s->A0 = segment base (ovr_seg if >= 0, else def_seg) + a0 truncated
 * to address size aflag; the base is skipped when known to be zero.
 */
void gen_lea_v_seg(DisasContext *s, MemOp aflag, TCGv a0, int def_seg, int ovr_seg);
/* load/store the E operand (register rm or memory at s->A0) */
void gen_ld_modrm(DisasContext *s, int modrm, MemOp ot, TCGv t);
void gen_st_modrm(DisasContext *s, int modrm, MemOp ot, TCGv t);
/* register numbers of ModRM.reg / ModRM.rm (REX-extended) */
static inline int modrm_reg(DisasContext *s, int modrm) { return ((modrm >> 3) & 7) | s->rex_r; }
static inline int modrm_rm(DisasContext *s, int modrm) { return (modrm & 7) | s->rex_b; }
static inline bool modrm_is_reg(int modrm) { return (modrm >> 6) == 3; }

/* ---- stack (translate-stack.c) ---- */
void gen_push_v(DisasContext *s, TCGv val);            /* size s->dflag (pushpop) */
void gen_push_v_ot(DisasContext *s, MemOp ot, TCGv val);
/* t = value on top of stack of size ot; ESP unchanged until gen_pop_update */
MemOp gen_pop_T0(DisasContext *s);                     /* into s->T0, size dflag */
void gen_pop_update(DisasContext *s, MemOp ot);
/* load segment register seg with selector sel (helper in protected mode);
   ends the TB (SS: with the interrupt shadow) */
void gen_movl_seg(DisasContext *s, int seg, TCGv sel);

/* ---- state sync and exits (translate.c) ---- */
void gen_update_eip_cur(DisasContext *s);
void gen_update_eip_next(DisasContext *s);
void gen_update_eip(DisasContext *s, target_ulong eip);
void gen_update_cc_op(DisasContext *s);
void set_cc_op(DisasContext *s, CCOp op);
/* raise exception trapno at the current insn; ends the TB */
void gen_exception(DisasContext *s, int trapno);
void gen_illegal_opcode(DisasContext *s);              /* #UD */
void gen_exception_gpf(DisasContext *s);               /* #GP(0) */
/* privileged insn: #GP and false unless CPL 0 */
bool check_cpl0(DisasContext *s);
/* jump to eip (relative to CS), chaining through goto_tb slot tb_num */
void gen_jmp_tb(DisasContext *s, target_ulong eip, int tb_num);
/* end the TB here (eip already in env); returns to the loop or chains */
void gen_eob(DisasContext *s);
/* jump to the eip in env through the TB lookup helper */
void gen_jr(DisasContext *s);

/* ---- flags (translate-cc.c) ---- */
/*
 * A temp (or cc_src itself) holding all arithmetic flags; the lazy state
 * stays as it is, so this is safe before an op that may fault.
 */
TCGv gen_eflags_value(DisasContext *s);
/*
 * cpu_cc_src = all arithmetic flags; afterwards cc_op is CC_OP_EFLAGS.
 * It rewrites cc_src, so nothing that may fault may follow it in the insn
 * (the fault would restore the old cc_op with the new cc_src).
 */
void gen_compute_eflags(DisasContext *s);
/* reg = CF (0/1) */
void gen_compute_eflags_c(DisasContext *s, TCGv reg);
/* reg = condition code jcc_op (the low 4 bits of a Jcc opcode) as 0/1 */
void gen_setcc1(DisasContext *s, int jcc_op, TCGv reg);
/* branch to l1 if condition jcc_op holds */
void gen_jcc1(DisasContext *s, int jcc_op, TCGLabel *l1);

/* ---- shared between the integer groups ---- */
/* FF /0 /1: INC/DEC Ev (translate-alu.c) */
void grp5_inc_dec(DisasContext *s, int modrm, bool dec);

/* ---- groups implemented in other files, called by the decoder ---- */
/* x87: opcodes D8-DF (translate-fpu.c); modrm already fetched */
void gen_x87(DisasContext *s, int b, int modrm);
/*
 * MMX/SSE/SSE2 (translate-sse.c): b = 0x100 | second opcode byte of 0F xx,
 * the ModRM byte not yet fetched; returns false, having emitted nothing,
 * if b (with its prefixes) is not one of its opcodes: the caller raises #UD.
 * 0F AE is passed only for its memory forms with reg 0-3 (fxsave, fxrstor,
 * ldmxcsr, stmxcsr); the fences and clflush stay in the integer decoder.
 */
bool gen_sse(DisasContext *s, int b);

/* ======== additions by the fpu/simd part (translate-fpu.c, translate-sse.c) ======== */
/* 9B FWAIT: #NM if CR0.MP and TS, then #MF if an x87 exception is pending */
void gen_fwait(DisasContext *s);

#endif
