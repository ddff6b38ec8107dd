/*
 * MMX, SSE and SSE2 (two-byte opcodes 0F xx with the mandatory-prefix
 * columns none / 66 / F3 / F2).
 *
 * One table (sse_table) gives, for each opcode and prefix column, either
 * a helper applied as dst = op(dst, src) to register pointers into env
 * (the memory operand is first copied into env->xmm_t0 / mmx_t0), or a
 * "special" row decoded by hand below: moves, conversions with general
 * registers, the shift-by-immediate groups, fxsave and friends. Moves and
 * bitwise logic are inline 64-bit IR ops, with no helper call.
 *
 * MMX registers alias the x87 significands: an MMX insn checks for a
 * pending x87 exception, sets TOP = 0 and all tags valid, and writing an
 * MMX register sets its exponent field to all ones. CR0.EM gives #UD,
 * CR0.TS #NM; XMM registers also need CR4.OSFXSR (#UD). Legacy-SSE 16-byte
 * memory operands must be 16-byte aligned (#GP(0)) except for the
 * unaligned moves.
 */
#include "translate.h"

/* ---- the table ---- */

enum {
    F_MMX       = 0x01,     /* the operands are MMX registers (else XMM) */
    F_M32       = 0x02,     /* the memory operand is 4 bytes */
    F_M64       = 0x04,     /* the memory operand is 8 bytes */
    F_UNALIGNED = 0x08,     /* a 16-byte memory operand without alignment check */
    F_SSE       = 0x10,     /* needs CPUID.SSE (else MMX) */
    F_SSE2      = 0x20,     /* needs CPUID.SSE2 */
};

typedef enum SSEKind {
    SK_NONE,                /* #UD */
    SK_BIN,                 /* dst = fn(dst, src) */
    SK_BIN_IMM,             /* dst = fn(dst, src, imm8) */
    SK_LOGIC,               /* dst = dst op src, inline; op in .logic */
    SK_SPECIAL,             /* decoded in gen_sse_special() */
} SSEKind;

typedef enum SSELogic { LOGIC_AND, LOGIC_ANDN, LOGIC_OR, LOGIC_XOR } SSELogic;

typedef void (*SSEBinFn)(TCGv_ptr env, TCGv_ptr d, TCGv_ptr s);
typedef void (*SSEImmFn)(TCGv_ptr env, TCGv_ptr d, TCGv_ptr s, TCGv_i32 imm);

typedef struct SSEEntry {
    uint8_t kind;
    uint8_t flags;
    uint8_t logic;
    SSEBinFn bin;
    SSEImmFn imm;
} SSEEntry;

#define NONE_ { SK_NONE, 0, 0, NULL, NULL }
/* XMM, 16-byte aligned memory operand (fl: size/ISA) */
#define X(fn, fl) { SK_BIN, (fl), 0, gen_helper_##fn, NULL }
#define XI(fn, fl) { SK_BIN_IMM, (fl), 0, NULL, gen_helper_##fn }
/* MMX, 8-byte memory operand */
#define M(fn, fl) { SK_BIN, F_MMX | (fl), 0, gen_helper_##fn, NULL }
#define MI(fn, fl) { SK_BIN_IMM, F_MMX | (fl), 0, NULL, gen_helper_##fn }
#define L(op, fl) { SK_LOGIC, (fl), (op), NULL, NULL }
#define SP(fl) { SK_SPECIAL, (fl), 0, NULL, NULL }

/* the MMX form (no prefix) and the SSE2 XMM form (66) of an integer op */
#define MX(name) [0] = M(name##_mmx, 0), [1] = X(name##_xmm, F_SSE2)
#define MX_SSE(name) [0] = M(name##_mmx, F_SSE), [1] = X(name##_xmm, F_SSE2)
#define MX_SSE2(name) [0] = M(name##_mmx, F_SSE2), [1] = X(name##_xmm, F_SSE2)
/* punpckl*: the MMX form reads only 4 bytes of memory */
#define MX_LOW(name) [0] = M(name##_mmx, F_M32), [1] = X(name##_xmm, F_SSE2)
/* ps / pd / ss / sd arithmetic */
#define ARITH(op) { X(op##ps, F_SSE), X(op##pd, F_SSE2), X(op##ss, F_SSE | F_M32), \
                    X(op##sd, F_SSE2 | F_M64) }

static const SSEEntry sse_table[256][4] = {
    [0x10] = { SP(F_SSE), SP(F_SSE2), SP(F_SSE), SP(F_SSE2) },  /* movups movupd movss movsd */
    [0x11] = { SP(F_SSE), SP(F_SSE2), SP(F_SSE), SP(F_SSE2) },
    [0x12] = { SP(F_SSE), SP(F_SSE2) },         /* movlps/movhlps, movlpd */
    [0x13] = { SP(F_SSE), SP(F_SSE2) },         /* movlps m64, movlpd m64 */
    [0x14] = { X(punpckldq_xmm, F_SSE), X(punpcklqdq_xmm, F_SSE2) },  /* unpcklps unpcklpd */
    [0x15] = { X(punpckhdq_xmm, F_SSE), X(punpckhqdq_xmm, F_SSE2) },  /* unpckhps unpckhpd */
    [0x16] = { SP(F_SSE), SP(F_SSE2) },         /* movhps/movlhps, movhpd */
    [0x17] = { SP(F_SSE), SP(F_SSE2) },         /* movhps m64, movhpd m64 */
    [0x28] = { SP(F_SSE), SP(F_SSE2) },         /* movaps movapd */
    [0x29] = { SP(F_SSE), SP(F_SSE2) },
    [0x2a] = { SP(F_SSE), SP(F_SSE2), SP(F_SSE), SP(F_SSE2) },  /* cvtpi2ps cvtpi2pd cvtsi2ss cvtsi2sd */
    [0x2b] = { SP(F_SSE), SP(F_SSE2) },         /* movntps movntpd */
    [0x2c] = { SP(F_SSE), SP(F_SSE2), SP(F_SSE), SP(F_SSE2) },  /* cvtt*2pi, cvtt*2si */
    [0x2d] = { SP(F_SSE), SP(F_SSE2), SP(F_SSE), SP(F_SSE2) },  /* cvt*2pi, cvt*2si */
    [0x2e] = { SP(F_SSE), SP(F_SSE2) },         /* ucomiss ucomisd */
    [0x2f] = { SP(F_SSE), SP(F_SSE2) },         /* comiss comisd */
    [0x50] = { SP(F_SSE), SP(F_SSE2) },         /* movmskps movmskpd */
    [0x51] = ARITH(sqrt),
    [0x52] = { X(rsqrtps, F_SSE), NONE_, X(rsqrtss, F_SSE | F_M32) },
    [0x53] = { X(rcpps, F_SSE), NONE_, X(rcpss, F_SSE | F_M32) },
    [0x54] = { L(LOGIC_AND, F_SSE), L(LOGIC_AND, F_SSE2) },     /* andps andpd */
    [0x55] = { L(LOGIC_ANDN, F_SSE), L(LOGIC_ANDN, F_SSE2) },   /* andnps andnpd */
    [0x56] = { L(LOGIC_OR, F_SSE), L(LOGIC_OR, F_SSE2) },       /* orps orpd */
    [0x57] = { L(LOGIC_XOR, F_SSE), L(LOGIC_XOR, F_SSE2) },     /* xorps xorpd */
    [0x58] = ARITH(add),
    [0x59] = ARITH(mul),
    [0x5a] = { X(cvtps2pd, F_SSE2 | F_M64), X(cvtpd2ps, F_SSE2),
               X(cvtss2sd, F_SSE2 | F_M32), X(cvtsd2ss, F_SSE2 | F_M64) },
    [0x5b] = { X(cvtdq2ps, F_SSE2), X(cvtps2dq, F_SSE2), X(cvttps2dq, F_SSE2) },
    [0x5c] = ARITH(sub),
    [0x5d] = ARITH(min),
    [0x5e] = ARITH(div),
    [0x5f] = ARITH(max),
    [0x60] = { MX_LOW(punpcklbw) },
    [0x61] = { MX_LOW(punpcklwd) },
    [0x62] = { MX_LOW(punpckldq) },
    [0x63] = { MX(packsswb) },
    [0x64] = { MX(pcmpgtb) },
    [0x65] = { MX(pcmpgtw) },
    [0x66] = { MX(pcmpgtd) },
    [0x67] = { MX(packuswb) },
    [0x68] = { MX(punpckhbw) },
    [0x69] = { MX(punpckhwd) },
    [0x6a] = { MX(punpckhdq) },
    [0x6b] = { MX(packssdw) },
    [0x6c] = { [1] = X(punpcklqdq_xmm, F_SSE2) },
    [0x6d] = { [1] = X(punpckhqdq_xmm, F_SSE2) },
    [0x6e] = { SP(0), SP(F_SSE2) },             /* movd mm/xmm, r/m32 */
    [0x6f] = { SP(0), SP(F_SSE2), SP(F_SSE2) }, /* movq mm; movdqa; movdqu */
    [0x70] = { MI(pshufw, F_SSE), XI(pshufd, F_SSE2), XI(pshufhw, F_SSE2),
               XI(pshuflw, F_SSE2) },
    [0x71] = { SP(0), SP(F_SSE2) },             /* psrlw psraw psllw imm8 */
    [0x72] = { SP(0), SP(F_SSE2) },             /* psrld psrad pslld imm8 */
    [0x73] = { SP(0), SP(F_SSE2) },             /* psrlq psllq (psrldq pslldq) imm8 */
    [0x74] = { MX(pcmpeqb) },
    [0x75] = { MX(pcmpeqw) },
    [0x76] = { MX(pcmpeqd) },
    [0x77] = { SP(0) },                         /* emms */
    [0x7e] = { SP(0), SP(F_SSE2), SP(F_SSE2) }, /* movd r/m32, mm/xmm; movq xmm, xmm/m64 */
    [0x7f] = { SP(0), SP(F_SSE2), SP(F_SSE2) }, /* movq mm/m64; movdqa; movdqu */
    [0xae] = { SP(0) },                         /* fxsave fxrstor ldmxcsr stmxcsr */
    [0xc2] = { XI(cmpps, F_SSE), XI(cmppd, F_SSE2), XI(cmpss, F_SSE | F_M32),
               XI(cmpsd, F_SSE2 | F_M64) },
    [0xc3] = { SP(F_SSE2) },                    /* movnti */
    [0xc4] = { SP(F_SSE), SP(F_SSE2) },         /* pinsrw */
    [0xc5] = { SP(F_SSE), SP(F_SSE2) },         /* pextrw */
    [0xc6] = { XI(shufps, F_SSE), XI(shufpd, F_SSE2) },
    [0xd1] = { MX(psrlw) },
    [0xd2] = { MX(psrld) },
    [0xd3] = { MX(psrlq) },
    [0xd4] = { MX_SSE2(paddq) },
    [0xd5] = { MX(pmullw) },
    [0xd6] = { [1] = SP(F_SSE2), [2] = SP(F_SSE2), [3] = SP(F_SSE2) },  /* movq; movq2dq; movdq2q */
    [0xd7] = { SP(F_SSE), SP(F_SSE2) },         /* pmovmskb */
    [0xd8] = { MX(psubusb) },
    [0xd9] = { MX(psubusw) },
    [0xda] = { MX_SSE(pminub) },
    [0xdb] = { L(LOGIC_AND, F_MMX), L(LOGIC_AND, F_SSE2) },     /* pand */
    [0xdc] = { MX(paddusb) },
    [0xdd] = { MX(paddusw) },
    [0xde] = { MX_SSE(pmaxub) },
    [0xdf] = { L(LOGIC_ANDN, F_MMX), L(LOGIC_ANDN, F_SSE2) },   /* pandn */
    [0xe0] = { MX_SSE(pavgb) },
    [0xe1] = { MX(psraw) },
    [0xe2] = { MX(psrad) },
    [0xe3] = { MX_SSE(pavgw) },
    [0xe4] = { MX_SSE(pmulhuw) },
    [0xe5] = { MX(pmulhw) },
    [0xe6] = { NONE_, X(cvttpd2dq, F_SSE2), X(cvtdq2pd, F_SSE2 | F_M64), X(cvtpd2dq, F_SSE2) },
    [0xe7] = { SP(F_SSE), SP(F_SSE2) },         /* movntq movntdq */
    [0xe8] = { MX(psubsb) },
    [0xe9] = { MX(psubsw) },
    [0xea] = { MX_SSE(pminsw) },
    [0xeb] = { L(LOGIC_OR, F_MMX), L(LOGIC_OR, F_SSE2) },       /* por */
    [0xec] = { MX(paddsb) },
    [0xed] = { MX(paddsw) },
    [0xee] = { MX_SSE(pmaxsw) },
    [0xef] = { L(LOGIC_XOR, F_MMX), L(LOGIC_XOR, F_SSE2) },     /* pxor */
    [0xf1] = { MX(psllw) },
    [0xf2] = { MX(pslld) },
    [0xf3] = { MX(psllq) },
    [0xf4] = { MX_SSE2(pmuludq) },
    [0xf5] = { MX(pmaddwd) },
    [0xf6] = { MX_SSE(psadbw) },
    [0xf7] = { SP(F_SSE), SP(F_SSE2) },         /* maskmovq maskmovdqu */
    [0xf8] = { MX(psubb) },
    [0xf9] = { MX(psubw) },
    [0xfa] = { MX(psubd) },
    [0xfb] = { MX_SSE2(psubq) },
    [0xfc] = { MX(paddb) },
    [0xfd] = { MX(paddw) },
    [0xfe] = { MX(paddd) },
};

/* rows whose no-prefix special form works on MMX registers only */
static bool special_is_mmx(int op, int col)
{
    if (col != 0) {
        return col == 3 && op == 0xd6;          /* movdq2q: also XMM */
    }
    switch (op) {
    case 0x6e: case 0x6f: case 0x71: case 0x72: case 0x73:
    case 0x7e: case 0x7f: case 0xc4: case 0xc5: case 0xd7: case 0xe7: case 0xf7:
        return true;
    default:
        return false;
    }
}

/* ---- operands ---- */

static inline intptr_t xmm_off(int r)
{
    return offsetof(CPUX86State, xmm_regs[r]);
}

static inline intptr_t mmx_off(int r)
{
    return offsetof(CPUX86State, fpregs[r & 7].mmx);
}

#define XMM_T0 offsetof(CPUX86State, xmm_t0)
#define MMX_T0 offsetof(CPUX86State, mmx_t0)

static TCGv_ptr env_ptr(intptr_t off)
{
    TCGv_ptr p = tcg_temp_new_ptr();
    tcg_gen_addi_ptr(p, cpu_env, off);
    return p;
}

static void gen_ld64_mem(DisasContext *s, TCGv_i64 v, TCGv addr, int disp)
{
    TCGv a = addr;

    if (disp) {
        a = tcg_temp_new();
        tcg_gen_addi_tl(a, addr, disp);
    }
    tcg_gen_qemu_ld_i64(v, tcgv_tl_temp(a), s->mem_index, MO_LEUQ);
}

static void gen_st64_mem(DisasContext *s, TCGv_i64 v, TCGv addr, int disp)
{
    TCGv a = addr;

    if (disp) {
        a = tcg_temp_new();
        tcg_gen_addi_tl(a, addr, disp);
    }
    tcg_gen_qemu_st_i64(v, tcgv_tl_temp(a), s->mem_index, MO_LEUQ);
}

/*
 * The address of a 16-byte operand at s->A0, checked for alignment
 * (#GP(0)) when the insn requires it. The check branches, which ends
 * normal temps, so the address is kept in a local temp.
 */
static TCGv gen_addr16(DisasContext *s, bool aligned)
{
    TCGv a;
    TCGv t;
    TCGLabel *ok;

    if (!aligned) {
        return s->A0;
    }
    a = tcg_temp_local_new();
    t = tcg_temp_new();
    ok = gen_new_label();
    tcg_gen_mov_tl(a, s->A0);
    tcg_gen_andi_tl(t, a, 15);
    tcg_gen_brcondi_tl(TCG_COND_EQ, t, 0, ok);
    gen_helper_sse_misaligned(cpu_env);
    gen_set_label(ok);
    return a;
}

/* env[off .. off+15] = the 16 bytes at s->A0 */
static void gen_ldo_env_A0(DisasContext *s, intptr_t off, bool aligned)
{
    TCGv a = gen_addr16(s, aligned);
    TCGv_i64 lo = tcg_temp_new_i64(), hi = tcg_temp_new_i64();

    gen_seg_check(s, a, 16, false);
    gen_ld64_mem(s, lo, a, 0);
    gen_ld64_mem(s, hi, a, 8);
    tcg_gen_st_i64(lo, cpu_env, off);
    tcg_gen_st_i64(hi, cpu_env, off + 8);
}

/* the 16 bytes at s->A0 = env[off .. off+15] */
static void gen_sto_env_A0(DisasContext *s, intptr_t off, bool aligned)
{
    TCGv a = gen_addr16(s, aligned);
    TCGv_i64 lo = tcg_temp_new_i64(), hi = tcg_temp_new_i64();

    tcg_gen_ld_i64(lo, cpu_env, off);
    tcg_gen_ld_i64(hi, cpu_env, off + 8);
    /* the whole operand first: a fault must leave memory untouched */
    gen_seg_check(s, a, 16, true);
    gen_st64_mem(s, lo, a, 0);
    gen_st64_mem(s, hi, a, 8);
}

static void gen_ldq_env_A0(DisasContext *s, intptr_t off)
{
    TCGv_i64 v = tcg_temp_new_i64();
    gen_seg_check(s, s->A0, 8, false);
    gen_ld64_mem(s, v, s->A0, 0);
    tcg_gen_st_i64(v, cpu_env, off);
}

static void gen_stq_env_A0(DisasContext *s, intptr_t off)
{
    TCGv_i64 v = tcg_temp_new_i64();
    tcg_gen_ld_i64(v, cpu_env, off);
    gen_seg_check(s, s->A0, 8, true);
    gen_st64_mem(s, v, s->A0, 0);
}

static void gen_ldl_env_A0(DisasContext *s, intptr_t off)
{
    TCGv_i32 v = tcg_temp_new_i32();
    gen_seg_check(s, s->A0, 4, false);
    tcg_gen_qemu_ld_i32(v, tcgv_tl_temp(s->A0), s->mem_index, MO_LEUL);
    tcg_gen_st_i32(v, cpu_env, off);
}

static void gen_stl_env_A0(DisasContext *s, intptr_t off)
{
    TCGv_i32 v = tcg_temp_new_i32();
    tcg_gen_ld_i32(v, cpu_env, off);
    gen_seg_check(s, s->A0, 4, true);
    tcg_gen_qemu_st_i32(v, tcgv_tl_temp(s->A0), s->mem_index, MO_LEUL);
}

/* env[d] = env[s], n bytes (8 or 16) */
static void gen_mov_env(intptr_t d, intptr_t src, int n)
{
    TCGv_i64 t = tcg_temp_new_i64();

    for (int i = 0; i < n; i += 8) {
        tcg_gen_ld_i64(t, cpu_env, src + i);
        tcg_gen_st_i64(t, cpu_env, d + i);
    }
}

static void gen_zero_env64(intptr_t off)
{
    TCGv_i64 z = tcg_const_i64(0);
    tcg_gen_st_i64(z, cpu_env, off);
}

/* ---- MMX state ---- */

/* writing MMX register r sets its exponent/sign field to all ones */
static void gen_mmx_written(int r)
{
    TCGv_i32 ones = tcg_const_i32(0xffff);
    tcg_gen_st16_i32(ones, cpu_env, offsetof(CPUX86State, fpregs[r & 7].d.high));
}

/* ---- the generic forms ---- */

/*
 * The source operand of a table op: a register, or memory copied into
 * the scratch register of the right width. Returns its env offset.
 */
static intptr_t gen_src_operand(DisasContext *s, int modrm, int flags)
{
    bool mmx = flags & F_MMX;

    if (modrm_is_reg(modrm)) {
        return mmx ? mmx_off(modrm & 7) : xmm_off(modrm_rm(s, modrm));
    }
    if (flags & F_M32) {
        gen_ldl_env_A0(s, mmx ? MMX_T0 : XMM_T0);
    } else if (mmx || (flags & F_M64)) {
        gen_ldq_env_A0(s, mmx ? MMX_T0 : XMM_T0);
    } else {
        gen_ldo_env_A0(s, XMM_T0, !(flags & F_UNALIGNED));
    }
    return mmx ? MMX_T0 : XMM_T0;
}

static void gen_sse_table_op(DisasContext *s, const SSEEntry *e, int modrm)
{
    bool mmx = e->flags & F_MMX;
    int reg = mmx ? (modrm >> 3) & 7 : modrm_reg(s, modrm);
    intptr_t d = mmx ? mmx_off(reg) : xmm_off(reg);
    intptr_t src;
    int imm = 0;

    if (!modrm_is_reg(modrm)) {
        gen_lea_modrm(s, modrm);
    }
    if (e->kind == SK_BIN_IMM) {
        imm = x86_ldub_code(s);
    }
    src = gen_src_operand(s, modrm, e->flags);

    switch (e->kind) {
    case SK_BIN:
        e->bin(cpu_env, env_ptr(d), env_ptr(src));
        break;
    case SK_BIN_IMM:
        e->imm(cpu_env, env_ptr(d), env_ptr(src), tcg_const_i32(imm));
        break;
    case SK_LOGIC: {
        TCGv_i64 a = tcg_temp_new_i64(), b = tcg_temp_new_i64();
        for (int i = 0; i < (mmx ? 8 : 16); i += 8) {
            tcg_gen_ld_i64(a, cpu_env, d + i);
            tcg_gen_ld_i64(b, cpu_env, src + i);
            switch (e->logic) {
            case LOGIC_AND:  tcg_gen_and_i64(a, a, b); break;
            case LOGIC_ANDN: tcg_gen_andc_i64(a, b, a); break;
            case LOGIC_OR:   tcg_gen_or_i64(a, a, b); break;
            default:         tcg_gen_xor_i64(a, a, b); break;
            }
            tcg_gen_st_i64(a, cpu_env, d + i);
        }
        break;
    }
    default:
        break;
    }
    if (mmx) {
        gen_mmx_written(reg);
    }
}

/* ---- the special rows ---- */

static void gen_gpr_to_i32(DisasContext *s, int modrm, TCGv_i32 v)
{
    gen_ld_modrm(s, modrm, MO_32, s->T0);
    tcg_gen_trunc_tl_i32(v, s->T0);
}

static void gen_i32_to_gpr(DisasContext *s, int reg, TCGv_i32 v)
{
    tcg_gen_extu_i32_tl(s->T0, v);
    gen_op_mov_reg_v(s, MO_32, reg, s->T0);
}

/* 0F 71/72/73 /r ib: shifts by an immediate count (register operand only) */
static bool gen_shift_imm(DisasContext *s, int op, int col, int modrm)
{
    static const char kinds[3][8] = {
        /* /2 srl, /4 sra, /6 sll; 73: /3 srldq, /7 slldq (XMM only) */
        [0] = { [2] = 'l', [4] = 'a', [6] = 's' },
        [1] = { [2] = 'l', [4] = 'a', [6] = 's' },
        [2] = { [2] = 'l', [3] = 'R', [6] = 's', [7] = 'L' },
    };
    static const SSEBinFn fns[3][8][2] = {
        [0] = { [2] = { gen_helper_psrlw_mmx, gen_helper_psrlw_xmm },
                [4] = { gen_helper_psraw_mmx, gen_helper_psraw_xmm },
                [6] = { gen_helper_psllw_mmx, gen_helper_psllw_xmm } },
        [1] = { [2] = { gen_helper_psrld_mmx, gen_helper_psrld_xmm },
                [4] = { gen_helper_psrad_mmx, gen_helper_psrad_xmm },
                [6] = { gen_helper_pslld_mmx, gen_helper_pslld_xmm } },
        [2] = { [2] = { gen_helper_psrlq_mmx, gen_helper_psrlq_xmm },
                [6] = { gen_helper_psllq_mmx, gen_helper_psllq_xmm } },
    };
    int group = op - 0x71, r = (modrm >> 3) & 7;
    char kind = kinds[group][r];
    bool mmx = col == 0;
    int rm = mmx ? modrm & 7 : modrm_rm(s, modrm);
    intptr_t d = mmx ? mmx_off(rm) : xmm_off(rm);
    int imm;

    if (!modrm_is_reg(modrm) || !kind || (mmx && (kind == 'R' || kind == 'L'))) {
        return false;
    }
    imm = x86_ldub_code(s);
    if (kind == 'R' || kind == 'L') {
        TCGv_i32 n = tcg_const_i32(imm);
        if (kind == 'R') {
            gen_helper_psrldq(cpu_env, env_ptr(d), n);
        } else {
            gen_helper_pslldq(cpu_env, env_ptr(d), n);
        }
        return true;
    }
    {
        TCGv_i64 count = tcg_const_i64(imm);
        intptr_t t0 = mmx ? MMX_T0 : XMM_T0;
        tcg_gen_st_i64(count, cpu_env, t0);
        fns[group][r][!mmx](cpu_env, env_ptr(d), env_ptr(t0));
    }
    if (mmx) {
        gen_mmx_written(rm);
    }
    return true;
}

/* 0F AE /0-/3 (memory forms): fxsave, fxrstor, ldmxcsr, stmxcsr */
static bool gen_sse_group15(DisasContext *s, int modrm)
{
    int r = (modrm >> 3) & 7;
    TCGv_i32 v;

    if (modrm_is_reg(modrm) || r > 3) {
        return false;
    }
    if (r <= 1) {           /* fxsave/fxrstor: #UD with CR0.EM, #NM with CR0.TS */
        if (!(s->env->cpuid_features & CPUID_FXSR) || (s->flags & HF_EM)) {
            return false;
        }
        if (s->flags & HF_TS) {
            gen_exception(s, EXCP07_PREX);
            return true;
        }
    } else {
        if (!(s->env->cpuid_features & CPUID_SSE) || (s->flags & HF_EM) ||
            !(s->flags & HF_OSFXSR)) {
            return false;
        }
        if (s->flags & HF_TS) {
            gen_exception(s, EXCP07_PREX);
            return true;
        }
    }
    gen_lea_modrm(s, modrm);
    switch (r) {
    case 0:     /* 0F AE /0: fxsave m512 */
        gen_seg_check(s, s->A0, 512, true);
        gen_helper_fxsave(cpu_env, s->A0);
        break;
    case 1:     /* 0F AE /1: fxrstor m512 */
        gen_seg_check(s, s->A0, 512, false);
        gen_helper_fxrstor(cpu_env, s->A0);
        break;
    case 2:     /* 0F AE /2: ldmxcsr m32 */
        v = tcg_temp_new_i32();
        gen_seg_check(s, s->A0, 4, false);
        tcg_gen_qemu_ld_i32(v, tcgv_tl_temp(s->A0), s->mem_index, MO_LEUL);
        gen_helper_ldmxcsr(cpu_env, v);
        break;
    default:    /* 0F AE /3: stmxcsr m32 */
        gen_stl_env_A0(s, offsetof(CPUX86State, mxcsr));
        break;
    }
    return true;
}

/*
 * The hand-decoded rows. modrm is fetched, the CR0/CR4 checks are done,
 * MMX state is entered when MMX registers are involved. Returns false
 * for an undefined register/memory form (the caller raises #UD).
 */
static bool gen_sse_special(DisasContext *s, int op, int col, int modrm)
{
    bool is_mem = !modrm_is_reg(modrm);
    int reg = modrm_reg(s, modrm), rm = modrm_rm(s, modrm);
    int mreg = (modrm >> 3) & 7, mrm = modrm & 7;   /* MMX register numbers */
    TCGv_i32 v = tcg_temp_new_i32();
    TCGv_i32 t;

    if (is_mem && op != 0xae) {
        gen_lea_modrm(s, modrm);
    }

    switch (op | (col << 8)) {
    case 0x010: /* 0F 10: movups xmm, xmm/m128 */
    case 0x110: /* 66 0F 10: movupd */
    case 0x028: /* 0F 28: movaps */
    case 0x128: /* 66 0F 28: movapd */
    case 0x16f: /* 66 0F 6F: movdqa */
    case 0x26f: /* F3 0F 6F: movdqu */
        if (is_mem) {
            gen_ldo_env_A0(s, xmm_off(reg), op == 0x28 || (op == 0x6f && col == 1));
        } else {
            gen_mov_env(xmm_off(reg), xmm_off(rm), 16);
        }
        return true;
    case 0x011: /* 0F 11: movups xmm/m128, xmm */
    case 0x111: /* 66 0F 11: movupd */
    case 0x029: /* 0F 29: movaps */
    case 0x129: /* 66 0F 29: movapd */
    case 0x17f: /* 66 0F 7F: movdqa */
    case 0x27f: /* F3 0F 7F: movdqu */
        if (is_mem) {
            gen_sto_env_A0(s, xmm_off(reg), op == 0x29 || (op == 0x7f && col == 1));
        } else {
            gen_mov_env(xmm_off(rm), xmm_off(reg), 16);
        }
        return true;
    case 0x02b: /* 0F 2B: movntps m128, xmm */
    case 0x12b: /* 66 0F 2B: movntpd */
    case 0x1e7: /* 66 0F E7: movntdq */
        if (!is_mem) {
            return false;
        }
        gen_sto_env_A0(s, xmm_off(reg), true);
        return true;

    case 0x210: /* F3 0F 10: movss xmm, xmm/m32 */
        if (is_mem) {
            gen_ldl_env_A0(s, xmm_off(reg));
            tcg_gen_movi_i32(v, 0);
            tcg_gen_st_i32(v, cpu_env, xmm_off(reg) + 4);
            gen_zero_env64(xmm_off(reg) + 8);
        } else {
            tcg_gen_ld_i32(v, cpu_env, xmm_off(rm));
            tcg_gen_st_i32(v, cpu_env, xmm_off(reg));
        }
        return true;
    case 0x211: /* F3 0F 11: movss xmm/m32, xmm */
        if (is_mem) {
            gen_stl_env_A0(s, xmm_off(reg));
        } else {
            tcg_gen_ld_i32(v, cpu_env, xmm_off(reg));
            tcg_gen_st_i32(v, cpu_env, xmm_off(rm));
        }
        return true;
    case 0x310: /* F2 0F 10: movsd xmm, xmm/m64 */
        if (is_mem) {
            gen_ldq_env_A0(s, xmm_off(reg));
            gen_zero_env64(xmm_off(reg) + 8);
        } else {
            gen_mov_env(xmm_off(reg), xmm_off(rm), 8);
        }
        return true;
    case 0x311: /* F2 0F 11: movsd xmm/m64, xmm */
        if (is_mem) {
            gen_stq_env_A0(s, xmm_off(reg));
        } else {
            gen_mov_env(xmm_off(rm), xmm_off(reg), 8);
        }
        return true;

    case 0x012: /* 0F 12: movlps xmm, m64 / movhlps xmm, xmm */
        if (is_mem) {
            gen_ldq_env_A0(s, xmm_off(reg));
        } else {
            gen_mov_env(xmm_off(reg), xmm_off(rm) + 8, 8);
        }
        return true;
    case 0x112: /* 66 0F 12: movlpd xmm, m64 */
        if (!is_mem) {
            return false;
        }
        gen_ldq_env_A0(s, xmm_off(reg));
        return true;
    case 0x013: /* 0F 13: movlps m64, xmm */
    case 0x113: /* 66 0F 13: movlpd m64, xmm */
        if (!is_mem) {
            return false;
        }
        gen_stq_env_A0(s, xmm_off(reg));
        return true;
    case 0x016: /* 0F 16: movhps xmm, m64 / movlhps xmm, xmm */
        if (is_mem) {
            gen_ldq_env_A0(s, xmm_off(reg) + 8);
        } else {
            gen_mov_env(xmm_off(reg) + 8, xmm_off(rm), 8);
        }
        return true;
    case 0x116: /* 66 0F 16: movhpd xmm, m64 */
        if (!is_mem) {
            return false;
        }
        gen_ldq_env_A0(s, xmm_off(reg) + 8);
        return true;
    case 0x017: /* 0F 17: movhps m64, xmm */
    case 0x117: /* 66 0F 17: movhpd m64, xmm */
        if (!is_mem) {
            return false;
        }
        gen_stq_env_A0(s, xmm_off(reg) + 8);
        return true;

    case 0x06e: /* 0F 6E: movd mm, r/m32 */
    case 0x16e: /* 66 0F 6E: movd xmm, r/m32 */
    {
        TCGv_i64 q = tcg_temp_new_i64();
        gen_gpr_to_i32(s, modrm, v);
        tcg_gen_extu_i32_i64(q, v);
        if (col == 0) {
            tcg_gen_st_i64(q, cpu_env, mmx_off(mreg));
            gen_mmx_written(mreg);
        } else {
            tcg_gen_st_i64(q, cpu_env, xmm_off(reg));
            gen_zero_env64(xmm_off(reg) + 8);
        }
        return true;
    }
    case 0x07e: /* 0F 7E: movd r/m32, mm */
    case 0x17e: /* 66 0F 7E: movd r/m32, xmm */
        tcg_gen_ld_i32(v, cpu_env, col == 0 ? mmx_off(mreg) : xmm_off(reg));
        tcg_gen_extu_i32_tl(s->T0, v);
        gen_st_modrm(s, modrm, MO_32, s->T0);
        return true;
    case 0x27e: /* F3 0F 7E: movq xmm, xmm/m64 */
        if (is_mem) {
            gen_ldq_env_A0(s, xmm_off(reg));
        } else {
            gen_mov_env(xmm_off(reg), xmm_off(rm), 8);
        }
        gen_zero_env64(xmm_off(reg) + 8);
        return true;
    case 0x1d6: /* 66 0F D6: movq xmm/m64, xmm */
        if (is_mem) {
            gen_stq_env_A0(s, xmm_off(reg));
        } else {
            gen_mov_env(xmm_off(rm), xmm_off(reg), 8);
            gen_zero_env64(xmm_off(rm) + 8);
        }
        return true;
    case 0x2d6: /* F3 0F D6: movq2dq xmm, mm */
        if (is_mem) {
            return false;
        }
        gen_mov_env(xmm_off(reg), mmx_off(mrm), 8);
        gen_zero_env64(xmm_off(reg) + 8);
        return true;
    case 0x3d6: /* F2 0F D6: movdq2q mm, xmm */
        if (is_mem) {
            return false;
        }
        gen_mov_env(mmx_off(mreg), xmm_off(rm), 8);
        gen_mmx_written(mreg);
        return true;
    case 0x06f: /* 0F 6F: movq mm, mm/m64 */
        if (is_mem) {
            gen_ldq_env_A0(s, mmx_off(mreg));
        } else {
            gen_mov_env(mmx_off(mreg), mmx_off(mrm), 8);
        }
        gen_mmx_written(mreg);
        return true;
    case 0x07f: /* 0F 7F: movq mm/m64, mm */
        if (is_mem) {
            gen_stq_env_A0(s, mmx_off(mreg));
        } else {
            gen_mov_env(mmx_off(mrm), mmx_off(mreg), 8);
            gen_mmx_written(mrm);
        }
        return true;
    case 0x0e7: /* 0F E7: movntq m64, mm */
        if (!is_mem) {
            return false;
        }
        gen_stq_env_A0(s, mmx_off(mreg));
        return true;
    case 0x0c3: /* 0F C3: movnti m32, r32 */
        if (!is_mem) {
            return false;
        }
        gen_op_mov_v_reg(s, MO_32, s->T0, reg);
        gen_op_st_v(s, MO_32, s->T0, s->A0);
        return true;
    case 0x0c4: /* 0F C4: pinsrw mm, r32/m16, imm8 */
    case 0x1c4: /* 66 0F C4: pinsrw xmm, r32/m16, imm8 */
    {
        int imm;
        if (is_mem) {
            imm = x86_ldub_code(s);
            gen_op_ld_v(s, MO_16, s->T0, s->A0);
        } else {
            imm = x86_ldub_code(s);
            gen_op_mov_v_reg(s, MO_32, s->T0, rm);
        }
        tcg_gen_trunc_tl_i32(v, s->T0);
        if (col == 0) {
            tcg_gen_st16_i32(v, cpu_env, mmx_off(mreg) + (imm & 3) * 2);
            gen_mmx_written(mreg);
        } else {
            tcg_gen_st16_i32(v, cpu_env, xmm_off(reg) + (imm & 7) * 2);
        }
        return true;
    }
    case 0x0c5: /* 0F C5: pextrw r32, mm, imm8 */
    case 0x1c5: /* 66 0F C5: pextrw r32, xmm, imm8 */
    {
        int imm;
        if (is_mem) {
            return false;
        }
        imm = x86_ldub_code(s);
        if (col == 0) {
            tcg_gen_ld16u_i32(v, cpu_env, mmx_off(mrm) + (imm & 3) * 2);
        } else {
            tcg_gen_ld16u_i32(v, cpu_env, xmm_off(rm) + (imm & 7) * 2);
        }
        gen_i32_to_gpr(s, reg, v);
        return true;
    }
    case 0x0d7: /* 0F D7: pmovmskb r32, mm */
    case 0x1d7: /* 66 0F D7: pmovmskb r32, xmm */
    case 0x050: /* 0F 50: movmskps r32, xmm */
    case 0x150: /* 66 0F 50: movmskpd r32, xmm */
        if (is_mem) {
            return false;
        }
        if (op == 0x50) {
            (col ? gen_helper_movmskpd : gen_helper_movmskps)(v, cpu_env, env_ptr(xmm_off(rm)));
        } else if (col == 0) {
            gen_helper_pmovmskb_mmx(v, cpu_env, env_ptr(mmx_off(mrm)));
        } else {
            gen_helper_pmovmskb_xmm(v, cpu_env, env_ptr(xmm_off(rm)));
        }
        gen_i32_to_gpr(s, reg, v);
        return true;
    case 0x0f7: /* 0F F7: maskmovq mm, mm */
    case 0x1f7: /* 66 0F F7: maskmovdqu xmm, xmm */
    {
        TCGv edi = tcg_temp_new();
        if (is_mem) {
            return false;
        }
        gen_op_mov_v_reg(s, s->aflag, edi, R_EDI);
        gen_lea_v_seg(s, s->aflag, edi, R_DS, s->override);
        gen_seg_check(s, s->A0, col == 0 ? 8 : 16, true);
        if (col == 0) {
            gen_helper_maskmov_mmx(cpu_env, env_ptr(mmx_off(mreg)), env_ptr(mmx_off(mrm)), s->A0);
        } else {
            gen_helper_maskmov_xmm(cpu_env, env_ptr(xmm_off(reg)), env_ptr(xmm_off(rm)), s->A0);
        }
        return true;
    }

    case 0x071: case 0x171: case 0x072: case 0x172: case 0x073: case 0x173:
        return gen_shift_imm(s, op, col, modrm);

    case 0x02a: /* 0F 2A: cvtpi2ps xmm, mm/m64 */
    case 0x12a: /* 66 0F 2A: cvtpi2pd xmm, mm/m64 */
    {
        intptr_t src = MMX_T0;
        if (is_mem) {
            gen_ldq_env_A0(s, MMX_T0);
        } else {
            src = mmx_off(mrm);
        }
        (col ? gen_helper_cvtpi2pd : gen_helper_cvtpi2ps)(cpu_env, env_ptr(xmm_off(reg)),
                                                          env_ptr(src));
        return true;
    }
    case 0x22a: /* F3 0F 2A: cvtsi2ss xmm, r/m32 */
    case 0x32a: /* F2 0F 2A: cvtsi2sd xmm, r/m32 */
        gen_gpr_to_i32(s, modrm, v);
        (col == 2 ? gen_helper_cvtsi2ss : gen_helper_cvtsi2sd)(cpu_env, env_ptr(xmm_off(reg)), v);
        return true;
    case 0x02c: /* 0F 2C: cvttps2pi mm, xmm/m64 */
    case 0x02d: /* 0F 2D: cvtps2pi mm, xmm/m64 */
    case 0x12c: /* 66 0F 2C: cvttpd2pi mm, xmm/m128 */
    case 0x12d: /* 66 0F 2D: cvtpd2pi mm, xmm/m128 */
    {
        intptr_t src = XMM_T0;
        if (!is_mem) {
            src = xmm_off(rm);
        } else if (col == 0) {
            gen_ldq_env_A0(s, XMM_T0);
        } else {
            gen_ldo_env_A0(s, XMM_T0, true);
        }
        SSEBinFn fn = col == 0 ? (op == 0x2c ? gen_helper_cvttps2pi : gen_helper_cvtps2pi)
                               : (op == 0x2c ? gen_helper_cvttpd2pi : gen_helper_cvtpd2pi);
        fn(cpu_env, env_ptr(mmx_off(mreg)), env_ptr(src));
        gen_mmx_written(mreg);
        return true;
    }
    case 0x22c: /* F3 0F 2C: cvttss2si r32, xmm/m32 */
    case 0x22d: /* F3 0F 2D: cvtss2si r32, xmm/m32 */
    case 0x32c: /* F2 0F 2C: cvttsd2si r32, xmm/m64 */
    case 0x32d: /* F2 0F 2D: cvtsd2si r32, xmm/m64 */
    {
        intptr_t src = XMM_T0;
        if (!is_mem) {
            src = xmm_off(rm);
        } else if (col == 2) {
            gen_ldl_env_A0(s, XMM_T0);
        } else {
            gen_ldq_env_A0(s, XMM_T0);
        }
        t = tcg_temp_new_i32();
        if (col == 2) {
            (op == 0x2c ? gen_helper_cvttss2si : gen_helper_cvtss2si)(t, cpu_env, env_ptr(src));
        } else {
            (op == 0x2c ? gen_helper_cvttsd2si : gen_helper_cvtsd2si)(t, cpu_env, env_ptr(src));
        }
        gen_i32_to_gpr(s, reg, t);
        return true;
    }
    case 0x02e: /* 0F 2E: ucomiss xmm, xmm/m32 */
    case 0x02f: /* 0F 2F: comiss */
    case 0x12e: /* 66 0F 2E: ucomisd xmm, xmm/m64 */
    case 0x12f: /* 66 0F 2F: comisd */
    {
        intptr_t src = XMM_T0;
        if (!is_mem) {
            src = xmm_off(rm);
        } else if (col == 0) {
            gen_ldl_env_A0(s, XMM_T0);
        } else {
            gen_ldq_env_A0(s, XMM_T0);
        }
        t = tcg_temp_new_i32();
        if (col == 0) {
            (op == 0x2e ? gen_helper_ucomiss : gen_helper_comiss)(t, cpu_env,
                env_ptr(xmm_off(reg)), env_ptr(src));
        } else {
            (op == 0x2e ? gen_helper_ucomisd : gen_helper_comisd)(t, cpu_env,
                env_ptr(xmm_off(reg)), env_ptr(src));
        }
        tcg_gen_extu_i32_tl(cpu_cc_src, t);
        set_cc_op(s, CC_OP_EFLAGS);
        return true;
    }
    case 0x0ae:
        return gen_sse_group15(s, modrm);
    default:
        return false;
    }
}

/* the mandatory-prefix column: F3 and F2 take precedence over 66 */
static int sse_column(int prefix)
{
    if (prefix & PREFIX_REPZ) {
        return 2;
    }
    if (prefix & PREFIX_REPNZ) {
        return 3;
    }
    return (prefix & PREFIX_DATA) ? 1 : 0;
}

static bool sse_isa_present(DisasContext *s, int flags)
{
    uint32_t f = s->env->cpuid_features;

    if (flags & F_SSE2) {
        return f & CPUID_SSE2;
    }
    if (flags & F_SSE) {
        return f & CPUID_SSE;
    }
    return f & CPUID_MMX;
}

/* does this row use XMM registers (or MXCSR)? then CR4.OSFXSR matters */
static bool sse_uses_xmm(const SSEEntry *e, int op, int col)
{
    if (e->kind != SK_SPECIAL) {
        return !(e->flags & F_MMX);
    }
    return !special_is_mmx(op, col) || (col == 3 && op == 0xd6);
}

/* does this row use MMX registers (x87 pending check and MMX state)? */
static bool sse_uses_mmx(const SSEEntry *e, int op, int col, int modrm)
{
    if (e->kind != SK_SPECIAL) {
        return e->flags & F_MMX;
    }
    if (special_is_mmx(op, col)) {
        return true;
    }
    switch (op | (col << 8)) {
    case 0x2d6: case 0x3d6:                      /* movq2dq, movdq2q */
    case 0x02c: case 0x02d: case 0x12c: case 0x12d:  /* cvt*2pi: MMX destination */
        return true;
    case 0x02a: case 0x12a:                      /* cvtpi2p*: from an MMX register */
        return modrm_is_reg(modrm);
    default:
        return false;
    }
}

bool gen_sse(DisasContext *s, int b)
{
    int op = b & 0xff;
    int col = sse_column(s->prefix);
    const SSEEntry *e = &sse_table[op][col];
    bool xmm, mmx;
    int modrm;

    if (op == 0xae) {       /* only the fxsave group's memory forms get here */
        modrm = x86_ldub_code(s);
        if ((s->prefix & PREFIX_LOCK) || !gen_sse_group15(s, modrm)) {
            gen_illegal_opcode(s);
        }
        return true;
    }
    if (e->kind == SK_NONE || !sse_isa_present(s, e->flags)) {
        return false;
    }
    if (s->prefix & PREFIX_LOCK) {
        gen_illegal_opcode(s);
        return true;
    }
    if (op == 0x77) {       /* 0F 77: emms (no ModRM): all registers empty */
        if (s->flags & HF_EM) {
            gen_illegal_opcode(s);
        } else if (s->flags & HF_TS) {
            gen_exception(s, EXCP07_PREX);
        } else {
            gen_helper_emms(cpu_env);
        }
        return true;
    }
    modrm = x86_ldub_code(s);
    if (op == 0xc3) {       /* movnti: a general-register store, no FPU/SSE state */
        if (!gen_sse_special(s, op, col, modrm)) {
            gen_illegal_opcode(s);
        }
        return true;
    }
    xmm = sse_uses_xmm(e, op, col);
    mmx = sse_uses_mmx(e, op, col, modrm);

    if ((s->flags & HF_EM) || (xmm && !(s->flags & HF_OSFXSR))) {
        gen_illegal_opcode(s);
        return true;
    }
    if (s->flags & HF_TS) {
        gen_exception(s, EXCP07_PREX);
        return true;
    }
    if (mmx) {      /* pending x87 exception (#MF), then TOP = 0, tags valid */
        gen_helper_enter_mmx(cpu_env);
    }
    if (e->kind != SK_SPECIAL) {
        gen_sse_table_op(s, e, modrm);
    } else if (!gen_sse_special(s, op, col, modrm)) {
        gen_illegal_opcode(s);
    }
    return true;
}
