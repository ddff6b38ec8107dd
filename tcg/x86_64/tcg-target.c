/*
 * The x86-64 back end: instruction encoder, register conventions and
 * constraints, prologue/epilogue, and the code for each op.
 * Guest memory access (qemu_ld/st) lives in tcg-ldst.c.inc.
 */
#include "qemu/osdep.h"
#include "tcg-target.h"
#include "exec/cpu-common.h"
#include <cpuid.h>

/* ---- registers ---- */

#define ALL_REGS 0xffffu

/* Callee-saved registers first: their values survive calls and slow paths. */
const TCGReg tcg_target_reg_alloc_order[] = {
    TCG_REG_RBX, TCG_REG_RBP, TCG_REG_R12, TCG_REG_R13, TCG_REG_R15,
    TCG_REG_R10, TCG_REG_R11, TCG_REG_R9, TCG_REG_R8, TCG_REG_RCX,
    TCG_REG_RDX, TCG_REG_RSI, TCG_REG_RDI, TCG_REG_RAX,
};
const int tcg_target_nb_alloc_regs = ARRAY_SIZE(tcg_target_reg_alloc_order);

const TCGReg tcg_target_call_iarg_regs[TCG_MAX_CALL_ARGS] = {
    TCG_REG_RDI, TCG_REG_RSI, TCG_REG_RDX, TCG_REG_RCX, TCG_REG_R8, TCG_REG_R9,
};
const TCGReg tcg_target_call_oarg_reg = TCG_REG_RAX;
const TCGReg tcg_target_env_reg = TCG_REG_R14;
const TCGReg tcg_target_frame_reg = TCG_REG_RSP;
const intptr_t tcg_target_frame_start = 0;
const uint32_t tcg_target_frame_size = TCG_MAX_TEMPS * 8;
const TCGRegSet tcg_target_call_clobber_regs =
    1u << TCG_REG_RAX | 1u << TCG_REG_RCX | 1u << TCG_REG_RDX | 1u << TCG_REG_RSI |
    1u << TCG_REG_RDI | 1u << TCG_REG_R8 | 1u << TCG_REG_R9 | 1u << TCG_REG_R10 |
    1u << TCG_REG_R11;
const TCGRegSet tcg_target_reserved_regs = 1u << TCG_REG_RSP | 1u << TCG_REG_R14;

static const TCGReg callee_saved_regs[] = {
    TCG_REG_RBP, TCG_REG_RBX, TCG_REG_R12, TCG_REG_R13, TCG_REG_R14, TCG_REG_R15,
};
/* Keeps rsp 16-byte aligned at calls: return address + 6 pushes + this. */
#define FRAME_SIZE (TCG_MAX_TEMPS * 8 + 8)
QEMU_BUILD_BUG_ON((8 + 6 * 8 + FRAME_SIZE) % 16 != 0);

static bool have_lzcnt, have_bmi1;

/* Where exit_tb jumps: with rax set (tb_ret) or to return 0 (epilogue). */
static const uint8_t *tb_ret_addr;

/* ---- the encoder ---- */

void tcg_out_opc(TCGContext *s, int opc, int r, int rm, int x)
{
    int rex = 0;
    if (opc & P_DATA16) {
        tcg_out8(s, 0x66);
    }
    if (opc & P_F3) {
        tcg_out8(s, 0xf3);
    }
    rex |= (opc & P_REXW) ? 0x08 : 0;
    rex |= (r & 8) >> 1;
    rex |= (x & 8) >> 2;
    rex |= (rm & 8) >> 3;
    /* spl, bpl, sil, dil exist only with a REX prefix */
    if (((opc & P_REXB_R) && r >= 4) || ((opc & P_REXB_RM) && rm >= 4)) {
        rex |= 0x40;
    }
    if (rex) {
        tcg_out8(s, 0x40 | rex);
    }
    if (opc & P_EXT) {
        tcg_out8(s, 0x0f);
    }
    tcg_out8(s, opc & 0xff);
}

void tcg_out_modrm(TCGContext *s, int opc, int r, int rm)
{
    tcg_out_opc(s, opc, r, rm, 0);
    tcg_out8(s, 0xc0 | (r & 7) << 3 | (rm & 7));
}

/* r, [rm + index << shift + offset]; index < 0: none. */
void tcg_out_modrm_sib_offset(TCGContext *s, int opc, int r, int rm, int index,
                              int shift, intptr_t offset)
{
    int mod;
    assert(offset == (int32_t)offset);
    if (offset == 0 && (rm & 7) != TCG_REG_RBP) {
        mod = 0x00;
    } else if (offset == (int8_t)offset) {
        mod = 0x40;
    } else {
        mod = 0x80;
    }
    if (index < 0 && (rm & 7) != TCG_REG_RSP) {
        tcg_out_opc(s, opc, r, rm, 0);
        tcg_out8(s, mod | (r & 7) << 3 | (rm & 7));
    } else {
        int idx = index < 0 ? TCG_REG_RSP : index;  /* rsp as index means none */
        tcg_out_opc(s, opc, r, rm, idx);
        tcg_out8(s, mod | (r & 7) << 3 | 0x04);
        tcg_out8(s, shift << 6 | (idx & 7) << 3 | (rm & 7));
    }
    if (mod == 0x40) {
        tcg_out8(s, (uint8_t)offset);
    } else if (mod == 0x80) {
        tcg_out32(s, (uint32_t)offset);
    }
}

void tcg_out_modrm_offset(TCGContext *s, int opc, int r, int rm, intptr_t offset)
{
    tcg_out_modrm_sib_offset(s, opc, r, rm, -1, 0, offset);
}

static int32_t pc_rel32(TCGContext *s, const void *target, int insn_tail)
{
    intptr_t disp = (intptr_t)target - (intptr_t)(s->code_ptr + insn_tail);
    assert(disp == (int32_t)disp);
    return (int32_t)disp;
}

void tcg_out_jmp_abs(TCGContext *s, const void *target)
{
    intptr_t disp8 = (intptr_t)target - (intptr_t)(s->code_ptr + 2);
    if (disp8 == (int8_t)disp8) {
        tcg_out8(s, OPC_JMP_short);
        tcg_out8(s, (uint8_t)disp8);
    } else {
        tcg_out8(s, OPC_JMP_long);
        tcg_out32(s, pc_rel32(s, target, 4));
    }
}

void tcg_out_lea_rip(TCGContext *s, TCGReg r, const void *target)
{
    tcg_out_opc(s, OPC_LEA | P_REXW, r, 0, 0);
    tcg_out8(s, 0x05 | (r & 7) << 3);
    tcg_out32(s, pc_rel32(s, target, 4));
}

static inline int rexw(TCGType type)
{
    return type == TCG_TYPE_I64 ? P_REXW : 0;
}

static void tcg_out_arithi(TCGContext *s, int arith, TCGType type, TCGReg r, int64_t val)
{
    int w = rexw(type);
    if (type == TCG_TYPE_I32) {
        val = (int32_t)val;
    }
    if (val == (int8_t)val) {
        tcg_out_modrm(s, OPC_ARITH_EvIb | w, arith, r);
        tcg_out8(s, (uint8_t)val);
    } else {
        assert(type == TCG_TYPE_I32 || val == (int32_t)val);
        tcg_out_modrm(s, OPC_ARITH_EvIz | w, arith, r);
        tcg_out32(s, (uint32_t)val);
    }
}

static void tcg_out_shifti(TCGContext *s, int shift, TCGType type, TCGReg r, int count)
{
    if (count == 1) {
        tcg_out_modrm(s, OPC_SHIFT_1 | rexw(type), shift, r);
    } else {
        tcg_out_modrm(s, OPC_SHIFT_Ib | rexw(type), shift, r);
        tcg_out8(s, count);
    }
}

static void tcg_out_push(TCGContext *s, TCGReg r)
{
    tcg_out_opc(s, OPC_PUSH_r32 + (r & 7), 0, r, 0);
}

static void tcg_out_pop(TCGContext *s, TCGReg r)
{
    tcg_out_opc(s, OPC_POP_r32 + (r & 7), 0, r, 0);
}

/* ---- what the allocator calls ---- */

void tcg_out_mov(TCGContext *s, TCGType type, TCGReg ret, TCGReg arg)
{
    if (ret != arg) {
        tcg_out_modrm(s, OPC_MOVL_GvEv | rexw(type), ret, arg);
    }
}

void tcg_out_ext32u(TCGContext *s, TCGReg ret, TCGReg arg)
{
    tcg_out_modrm(s, OPC_MOVL_GvEv, ret, arg);
}

void tcg_out_movi(TCGContext *s, TCGType type, TCGReg ret, int64_t val)
{
    if (type == TCG_TYPE_I32) {
        val = (uint32_t)val;
    }
    if (val == 0) {
        tcg_out_modrm(s, OPC_ARITH_GvEv | ARITH_XOR << 3, ret, ret);
    } else if ((uint64_t)val <= UINT32_MAX) {
        tcg_out_opc(s, OPC_MOVL_Iv + (ret & 7), 0, ret, 0);
        tcg_out32(s, (uint32_t)val);
    } else if (val == (int32_t)val) {
        tcg_out_modrm(s, OPC_MOVL_EvIz | P_REXW, 0, ret);
        tcg_out32(s, (uint32_t)val);
    } else {
        tcg_out_opc(s, (OPC_MOVL_Iv + (ret & 7)) | P_REXW, 0, ret, 0);
        tcg_out64(s, (uint64_t)val);
    }
}

void tcg_out_ld(TCGContext *s, TCGType type, TCGReg ret, TCGReg base, intptr_t ofs)
{
    tcg_out_modrm_offset(s, OPC_MOVL_GvEv | rexw(type), ret, base, ofs);
}

void tcg_out_st(TCGContext *s, TCGType type, TCGReg arg, TCGReg base, intptr_t ofs)
{
    tcg_out_modrm_offset(s, OPC_MOVL_EvGv | rexw(type), arg, base, ofs);
}

void tcg_out_sti(TCGContext *s, TCGType type, int64_t val, TCGReg base, intptr_t ofs)
{
    if (type == TCG_TYPE_I64 && val != (int32_t)val) {
        /* no 64-bit immediate store: two halves, no register needed */
        tcg_out_sti(s, TCG_TYPE_I32, (uint32_t)val, base, ofs);
        tcg_out_sti(s, TCG_TYPE_I32, (uint64_t)val >> 32, base, ofs + 4);
        return;
    }
    tcg_out_modrm_offset(s, OPC_MOVL_EvIz | rexw(type), 0, base, ofs);
    tcg_out32(s, (uint32_t)val);
}

void tcg_out_call(TCGContext *s, const void *func)
{
    intptr_t disp = (intptr_t)func - (intptr_t)(s->code_ptr + 5);
    if (disp == (int32_t)disp) {
        tcg_out8(s, OPC_CALL_Jz);
        tcg_out32(s, (uint32_t)disp);
    } else {
        tcg_out_movi(s, TCG_TYPE_I64, TCG_REG_RAX, (intptr_t)func);
        tcg_out_modrm(s, OPC_GRP5, EXT5_CALL_Ev, TCG_REG_RAX);
    }
}

void tcg_target_patch_reloc(uint8_t *field, int type, uintptr_t value)
{
    assert(type == R_X86_PC32);
    intptr_t disp = (intptr_t)value - (intptr_t)(field + 4);
    assert(disp == (int32_t)disp);
    int32_t d32 = (int32_t)disp;
    memcpy(field, &d32, 4);
}

void tcg_out_label(TCGContext *s, TCGLabel *l)
{
    tcg_label_place(l, (uintptr_t)s->code_ptr, tcg_target_patch_reloc);
}

void tcg_out_nop_fill(TCGContext *s, int count)
{
    while (count-- > 0) {
        tcg_out8(s, 0x90);
    }
}

void tcg_target_set_jmp_target(uintptr_t jmp_field, uintptr_t addr)
{
    int32_t disp = (int32_t)(addr - (jmp_field + 4));
    __atomic_store_n((int32_t *)jmp_field, disp, __ATOMIC_RELAXED);
}

/* ---- constraints ---- */

enum {
    CT_CONST_S32 = 0x2,   /* sign-extended 32-bit immediate */
    CT_CONST_CLZ = 0x4,   /* the op width, when lzcnt gives it for free */
    CT_CONST_CTZ = 0x8,   /* the op width, when tzcnt gives it for free */
};

/* Registers guest memory ops leave free for their TLB lookup and slow-path call. */
#define LDST_ADDR_REGS (ALL_REGS & ~(1u << TCG_REG_RDI | 1u << TCG_REG_RSI | \
                        1u << TCG_REG_RDX | 1u << TCG_REG_RCX | 1u << TCG_REG_R8))

/* Constraint strings: outputs then inputs; a trailing "+n" asks for n scratch registers. */
static const char *const op_constraints[NB_OPS][TCG_MAX_OP_ARGS + 1] = {
#define C(op, ...) [INDEX_op_##op] = { __VA_ARGS__ }
#define C2(op, ...) C(op##_i32, __VA_ARGS__), C(op##_i64, __VA_ARGS__)
    C(goto_ptr, "r"),
    C2(qemu_ld, "r", "L"),
    C2(qemu_st, "L", "L"),
    C2(setcond, "r", "r", "re"),
    C2(movcond, "r", "r", "re", "r", "0"),
    C2(brcond, "r", "re"),
    C2(ld8u, "r", "r"), C2(ld8s, "r", "r"), C2(ld16u, "r", "r"), C2(ld16s, "r", "r"),
    C2(ld, "r", "r"), C(ld32u_i64, "r", "r"), C(ld32s_i64, "r", "r"),
    C2(st8, "ri", "r"), C2(st16, "ri", "r"), C(st32_i64, "ri", "r"),
    C(st_i32, "ri", "r"), C(st_i64, "re", "r"),
    C2(add, "r", "r", "re"), C2(sub, "r", "r", "re"), C2(mul, "r", "r", "re"),
    C2(and, "r", "r", "re"), C2(or, "r", "r", "re"), C2(xor, "r", "r", "re"),
    C2(andc, "&r", "r", "r"),
    C2(neg, "r", "r"), C2(not, "r", "r"),
    C2(shl, "r", "0", "ci"), C2(shr, "r", "0", "ci"), C2(sar, "r", "0", "ci"),
    C2(rotl, "r", "0", "ci"), C2(rotr, "r", "0", "ci"),
    C2(ext8s, "r", "r"), C2(ext8u, "r", "r"), C2(ext16s, "r", "r"), C2(ext16u, "r", "r"),
    C(ext32s_i64, "r", "r"), C(ext32u_i64, "r", "r"),
    C2(bswap16, "r", "r"), C2(bswap32, "r", "r"), C(bswap64_i64, "r", "r"),
    C2(deposit, "r", "0", "r", "+1"),
    C2(extract, "r", "r"), C2(sextract, "r", "r"),
    C2(mulu2, "a", "d", "0", "r"), C2(muls2, "a", "d", "0", "r"),
    C2(clz, "&r", "r", "rW"), C2(ctz, "&r", "r", "rV"),
    C(ext_i32_i64, "r", "r"), C(extu_i32_i64, "r", "r"),
    C(extrl_i64_i32, "r", "r"), C(extrh_i64_i32, "r", "r"),
#undef C
#undef C2
};

static TCGTargetOpDef op_defs[NB_OPS];

static void parse_constraint(TCGTargetOpDef *def, int k, const char *str, int nb_o)
{
    TCGArgConstraint *c = &def->args[k];
    c->alias = -1;
    for (; *str; str++) {
        switch (*str) {
        case '0' ... '9':
            c->alias = *str - '0';
            assert(c->alias < nb_o);
            c->regs = def->args[c->alias].regs;
            break;
        case '&': c->newreg = true; break;
        case 'r': c->regs |= ALL_REGS; break;
        case 'a': c->regs |= 1u << TCG_REG_RAX; break;
        case 'c': c->regs |= 1u << TCG_REG_RCX; break;
        case 'd': c->regs |= 1u << TCG_REG_RDX; break;
        case 'L': c->regs |= LDST_ADDR_REGS; break;
        case 'i': c->ct |= TCG_CT_CONST_ANY; break;
        case 'e': c->ct |= CT_CONST_S32; break;
        case 'W': c->ct |= CT_CONST_CLZ; break;
        case 'V': c->ct |= CT_CONST_CTZ; break;
        default:
            fatal("TCG x86-64: bad constraint '%c'", *str);
        }
    }
}

static void parse_op_constraints(void)
{
    for (int opc = 0; opc < NB_OPS; opc++) {
        const TCGOpDef *odef = &tcg_op_defs[opc];
        TCGTargetOpDef *def = &op_defs[opc];
        int n = odef->nb_oargs + odef->nb_iargs;
        if ((odef->flags & TCG_OPF_NOT_PRESENT) || opc == INDEX_op_call) {
            continue;   /* the allocator handles these itself */
        }
        for (int k = 0; k < n; k++) {
            if (!op_constraints[opc][k]) {
                fatal("TCG x86-64: no constraint for %s", odef->name);
            }
            parse_constraint(def, k, op_constraints[opc][k], odef->nb_oargs);
        }
        const char *extra = op_constraints[opc][n];
        if (extra && extra[0] == '+') {
            def->nb_scratch = extra[1] - '0';
            def->scratch_regs = ALL_REGS;
        }
    }
}

const TCGTargetOpDef *tcg_target_op_def(TCGOpcode opc)
{
    return &op_defs[opc];
}

bool tcg_target_const_match(int64_t val, TCGType type, uint16_t ct)
{
    int width = type == TCG_TYPE_I32 ? 32 : 64;
    if (ct & TCG_CT_CONST_ANY) {
        return true;
    }
    if ((ct & CT_CONST_S32) && (type == TCG_TYPE_I32 || val == (int32_t)val)) {
        return true;
    }
    if ((ct & CT_CONST_CLZ) && have_lzcnt && val == width) {
        return true;
    }
    return (ct & CT_CONST_CTZ) && have_bmi1 && val == width;
}

void tcg_target_init(TCGContext *s)
{
    unsigned a, b, c, d;
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
        have_bmi1 = (b & bit_BMI) != 0;
    }
    if (__get_cpuid(0x80000001, &a, &b, &c, &d)) {
        have_lzcnt = (c & bit_LZCNT) != 0;
    }
    static bool parsed;
    if (!parsed) {
        parse_op_constraints();
        parsed = true;
    }
    if (!s->slow_paths) {
        s->slow_paths = qemu_malloc(sizeof(*s->slow_paths) * TCG_MAX_OPS);
    }
    assert(s->code_gen_buffer_size < (1ull << 31));
}

/* ---- prologue ---- */

/*
 * uintptr_t prologue(void *env, const void *tb_code): save the callee-saved
 * registers, make room for the spill frame, keep env in its register and
 * jump into the TB. exit_tb comes back to tb_ret_addr with rax set.
 */
void tcg_target_emit_prologue(TCGContext *s)
{
    for (size_t i = 0; i < ARRAY_SIZE(callee_saved_regs); i++) {
        tcg_out_push(s, callee_saved_regs[i]);
    }
    tcg_out_modrm(s, OPC_ARITH_EvIz | P_REXW, ARITH_SUB, TCG_REG_RSP);
    tcg_out32(s, FRAME_SIZE);
    tcg_out_mov(s, TCG_TYPE_PTR, TCG_REG_R14, tcg_target_call_iarg_regs[0]);
    tcg_out_modrm(s, OPC_GRP5, EXT5_JMP_Ev, tcg_target_call_iarg_regs[1]);

    s->epilogue = s->code_ptr;
    tcg_out_movi(s, TCG_TYPE_I32, TCG_REG_RAX, 0);
    tb_ret_addr = s->code_ptr;
    tcg_out_modrm(s, OPC_ARITH_EvIz | P_REXW, ARITH_ADD, TCG_REG_RSP);
    tcg_out32(s, FRAME_SIZE);
    for (int i = ARRAY_SIZE(callee_saved_regs) - 1; i >= 0; i--) {
        tcg_out_pop(s, callee_saved_regs[i]);
    }
    tcg_out8(s, OPC_RET);
}

/* ---- ops ---- */

static const uint8_t tcg_cond_to_jcc[16] = {
    [TCG_COND_EQ] = JCC_JE, [TCG_COND_NE] = JCC_JNE,
    [TCG_COND_LT] = JCC_JL, [TCG_COND_GE] = JCC_JGE,
    [TCG_COND_LE] = JCC_JLE, [TCG_COND_GT] = JCC_JG,
    [TCG_COND_LTU] = JCC_JB, [TCG_COND_GEU] = JCC_JAE,
    [TCG_COND_LEU] = JCC_JBE, [TCG_COND_GTU] = JCC_JA,
};

static void tcg_out_jxx(TCGContext *s, int jcc, TCGLabel *l)
{
    bool always = jcc < 0;
    if (l->has_value) {
        intptr_t disp8 = (intptr_t)l->value - (intptr_t)(s->code_ptr + 2);
        if (disp8 == (int8_t)disp8) {
            tcg_out8(s, always ? OPC_JMP_short : OPC_JCC_short + jcc);
            tcg_out8(s, (uint8_t)disp8);
            return;
        }
    }
    if (always) {
        tcg_out8(s, OPC_JMP_long);
    } else {
        tcg_out_opc(s, OPC_JCC_long + jcc, 0, 0, 0);
    }
    if (l->has_value) {
        tcg_out32(s, pc_rel32(s, (void *)l->value, 4));
    } else {
        tcg_label_add_reloc(l, s->code_ptr, R_X86_PC32);
        tcg_out32(s, 0);
    }
}

/* Compare a with b (register or immediate); test sets the same flags for 0. */
static void tcg_out_cmp(TCGContext *s, TCGType type, TCGArg a, TCGArg b, int const_b)
{
    if (const_b) {
        if (b == 0) {
            tcg_out_modrm(s, OPC_TESTL | rexw(type), a, a);
        } else {
            tcg_out_arithi(s, ARITH_CMP, type, a, b);
        }
    } else {
        tcg_out_modrm(s, OPC_ARITH_GvEv | ARITH_CMP << 3 | rexw(type), a, b);
    }
}

/* o = a <op> b for add/and/or/xor/mul, without requiring o == a. */
static void tcg_out_binary(TCGContext *s, TCGType type, int arith_or_mul,
                           TCGReg o, TCGReg a, TCGArg b, int const_b)
{
    int w = rexw(type);
    bool is_mul = arith_or_mul < 0;
    if (const_b) {
        if (is_mul) {
            int opc = b == (int8_t)b ? OPC_IMUL_GvEvIb : OPC_IMUL_GvEvIz;
            tcg_out_modrm(s, opc | w, o, a);
            if (b == (int8_t)b) {
                tcg_out8(s, (uint8_t)b);
            } else {
                tcg_out32(s, (uint32_t)b);
            }
            return;
        }
        tcg_out_mov(s, type, o, a);
        tcg_out_arithi(s, arith_or_mul, type, o, b);
        return;
    }
    if (o == (TCGReg)b) {
        /* all these ops are commutative */
        b = a;
    } else {
        tcg_out_mov(s, type, o, a);
    }
    if (is_mul) {
        tcg_out_modrm(s, OPC_IMUL_GvEv | w, o, b);
    } else {
        tcg_out_modrm(s, OPC_ARITH_GvEv | arith_or_mul << 3 | w, o, b);
    }
}

static void tcg_out_add(TCGContext *s, TCGType type, TCGReg o, TCGReg a, TCGArg b,
                        int const_b)
{
    int w = rexw(type);
    if (const_b) {
        if (o == a) {
            tcg_out_arithi(s, ARITH_ADD, type, o, b);
        } else {
            tcg_out_modrm_offset(s, OPC_LEA | w, o, a, type == TCG_TYPE_I32 ? (int32_t)b : (intptr_t)b);
        }
    } else if (o == a) {
        tcg_out_modrm(s, OPC_ARITH_GvEv | ARITH_ADD << 3 | w, o, b);
    } else if (o == (TCGReg)b) {
        tcg_out_modrm(s, OPC_ARITH_GvEv | ARITH_ADD << 3 | w, o, a);
    } else {
        tcg_out_modrm_sib_offset(s, OPC_LEA | w, o, a, b, 0, 0);
    }
}

static void tcg_out_sub(TCGContext *s, TCGType type, TCGReg o, TCGReg a, TCGArg b,
                        int const_b)
{
    int w = rexw(type);
    if (const_b) {
        int64_t neg = type == TCG_TYPE_I32 ? -(int64_t)(int32_t)b : -(int64_t)b;
        if (neg == (int32_t)neg) {
            tcg_out_add(s, type, o, a, neg, 1);
        } else {
            tcg_out_mov(s, type, o, a);
            tcg_out_arithi(s, ARITH_SUB, type, o, b);
        }
    } else if (o == (TCGReg)b) {
        /* o = a - o = -o + a */
        tcg_out_modrm(s, OPC_GRP3_Ev | w, EXT3_NEG, o);
        tcg_out_modrm(s, OPC_ARITH_GvEv | ARITH_ADD << 3 | w, o, a);
    } else {
        tcg_out_mov(s, type, o, a);
        tcg_out_modrm(s, OPC_ARITH_GvEv | ARITH_SUB << 3 | w, o, b);
    }
}

static void tcg_out_shift(TCGContext *s, TCGType type, int shift, TCGReg o, TCGArg b,
                          int const_b)
{
    if (const_b) {
        int count = b & (type == TCG_TYPE_I32 ? 31 : 63);
        if (count) {
            tcg_out_shifti(s, shift, type, o, count);
        }
    } else {
        tcg_out_modrm(s, OPC_SHIFT_cl | rexw(type), shift, o);
    }
}

/* movzx/movsx between registers; byte sources may be spl..dil. */
static void tcg_out_ext(TCGContext *s, int opc, TCGReg o, TCGReg a)
{
    tcg_out_modrm(s, opc | P_REXB_RM, o, a);
}

static void tcg_out_deposit(TCGContext *s, TCGType type, TCGReg o, TCGReg b,
                            unsigned pos, unsigned len, TCGReg scratch)
{
    int width = type == TCG_TYPE_I32 ? 32 : 64;
    int w = rexw(type);

    if (pos == 0 && len == 8) {
        tcg_out_modrm(s, OPC_MOVB_EvGv | P_REXB_R | P_REXB_RM, b, o);
        return;
    }
    if (pos == 0 && len == 16) {
        tcg_out_modrm(s, OPC_MOVL_EvGv | P_DATA16, b, o);
        return;
    }
    /* scratch = field of b moved into place, zero elsewhere */
    tcg_out_mov(s, type, scratch, b);
    tcg_out_shifti(s, SHIFT_SHL, type, scratch, width - len);
    if (width - len - pos) {
        tcg_out_shifti(s, SHIFT_SHR, type, scratch, width - len - pos);
    }
    uint64_t keep = ~(((len == 64 ? 0 : 1ull << len) - 1) << pos);
    if (type == TCG_TYPE_I32 || (int64_t)keep == (int32_t)keep) {
        tcg_out_arithi(s, ARITH_AND, type, o, type == TCG_TYPE_I32 ? (int32_t)keep
                                                                   : (int64_t)keep);
    } else {
        /* clear the field without a 64-bit mask: rotate it to the bottom */
        if (pos) {
            tcg_out_shifti(s, SHIFT_ROR, type, o, pos);
        }
        tcg_out_shifti(s, SHIFT_SHR, type, o, len);
        tcg_out_shifti(s, SHIFT_SHL, type, o, len);
        if (pos) {
            tcg_out_shifti(s, SHIFT_ROL, type, o, pos);
        }
    }
    tcg_out_modrm(s, OPC_ARITH_GvEv | ARITH_OR << 3 | w, o, scratch);
}

static void tcg_out_extract(TCGContext *s, TCGType type, TCGReg o, TCGReg a,
                            unsigned pos, unsigned len, bool sign)
{
    int width = type == TCG_TYPE_I32 ? 32 : 64;
    tcg_out_mov(s, type, o, a);
    if (!sign && len < 32) {
        if (pos) {
            tcg_out_shifti(s, SHIFT_SHR, type, o, pos);
        }
        tcg_out_arithi(s, ARITH_AND, TCG_TYPE_I32, o, (1u << len) - 1);
        return;
    }
    if (width - len - pos) {
        tcg_out_shifti(s, SHIFT_SHL, type, o, width - len - pos);
    }
    tcg_out_shifti(s, sign ? SHIFT_SAR : SHIFT_SHR, type, o, width - len);
}

static void tcg_out_bitcount(TCGContext *s, TCGType type, bool leading, TCGReg o,
                             TCGReg a, TCGArg if_zero, int const_z)
{
    int w = rexw(type);
    int width = type == TCG_TYPE_I32 ? 32 : 64;
    bool have = leading ? have_lzcnt : have_bmi1;

    if (have) {
        /* lzcnt/tzcnt give the width for 0 and set CF then */
        tcg_out_modrm(s, (leading ? OPC_LZCNT : OPC_TZCNT) | w, o, a);
        if (!const_z) {
            tcg_out_modrm(s, (OPC_CMOVCC + JCC_JB) | w, o, if_zero);
        }
        return;
    }
    assert(!const_z);
    if (leading) {
        tcg_out_modrm(s, OPC_BSR | w, o, a);
        tcg_out_arithi(s, ARITH_XOR, type, o, width - 1);
        tcg_out_modrm(s, OPC_TESTL | w, a, a);
    } else {
        tcg_out_modrm(s, OPC_BSF | w, o, a);
    }
    tcg_out_modrm(s, (OPC_CMOVCC + JCC_JE) | w, o, if_zero);
}

static void tcg_out_goto_tb(TCGContext *s, unsigned n)
{
    /* the rel32 field must be 4-byte aligned for an atomic patch */
    tcg_out_nop_fill(s, (-(uintptr_t)(s->code_ptr + 1)) & 3);
    tcg_out8(s, OPC_JMP_long);
    s->gen.jmp_insn_offset[n] = tcg_current_code_size(s);
    tcg_out32(s, 0);
    s->gen.jmp_reset_offset[n] = tcg_current_code_size(s);
}

static void tcg_out_exit_tb(TCGContext *s, uintptr_t val)
{
    if (val == 0) {
        tcg_out_jmp_abs(s, s->epilogue);
    } else {
        tcg_out_movi(s, TCG_TYPE_I64, TCG_REG_RAX, val);
        tcg_out_jmp_abs(s, tb_ret_addr);
    }
}

static void tcg_out_qemu_ld(TCGContext *s, TCGType type, TCGReg data, TCGReg addr,
                            TCGType addr_type, MemOpIdx oi);
static void tcg_out_qemu_st(TCGContext *s, TCGType type, TCGReg data, TCGReg addr,
                            TCGType addr_type, MemOpIdx oi);

void tcg_out_op(TCGContext *s, const TCGOp *op, const TCGArg *args, const int *const_args)
{
    TCGOpcode opc = op->opc;
    const TCGOpDef *odef = &tcg_op_defs[opc];
    TCGType type = (odef->flags & TCG_OPF_64BIT) ? TCG_TYPE_I64 : TCG_TYPE_I32;
    int w = rexw(type);
    TCGArg a0 = args[0], a1 = args[1], a2 = args[2];
    int c2 = const_args[2];

#define CASE_32_64(x) case INDEX_op_##x##_i32: case INDEX_op_##x##_i64:
    switch (opc) {
    case INDEX_op_br:
        tcg_out_jxx(s, -1, arg_label(a0));
        break;
    case INDEX_op_exit_tb:
        tcg_out_exit_tb(s, a0);
        break;
    case INDEX_op_goto_tb:
        tcg_out_goto_tb(s, a0);
        break;
    case INDEX_op_goto_ptr:
        tcg_out_modrm(s, OPC_GRP5, EXT5_JMP_Ev, a0);
        break;

    case INDEX_op_qemu_ld_i32:
    case INDEX_op_qemu_ld_i64:
        tcg_out_qemu_ld(s, type, a0, a1, arg_temp(op->args[1])->type, a2);
        break;
    case INDEX_op_qemu_st_i32:
    case INDEX_op_qemu_st_i64:
        tcg_out_qemu_st(s, type, a0, a1, arg_temp(op->args[1])->type, a2);
        break;

    CASE_32_64(brcond)
        tcg_out_cmp(s, type, a0, a1, const_args[1]);
        if (a2 == TCG_COND_ALWAYS) {
            tcg_out_jxx(s, -1, arg_label(args[3]));
        } else if (a2 != TCG_COND_NEVER) {
            tcg_out_jxx(s, tcg_cond_to_jcc[a2], arg_label(args[3]));
        }
        break;
    CASE_32_64(setcond)
        tcg_out_cmp(s, type, a1, a2, c2);
        tcg_out_modrm(s, OPC_SETCC + tcg_cond_to_jcc[args[3]], 0, a0);
        tcg_out_ext(s, OPC_MOVZBL, a0, a0);
        break;
    CASE_32_64(movcond)
        tcg_out_cmp(s, type, a1, a2, c2);
        tcg_out_modrm(s, (OPC_CMOVCC + tcg_cond_to_jcc[args[5]]) | w, a0, args[3]);
        break;

    case INDEX_op_ld8u_i32: case INDEX_op_ld8u_i64:
        tcg_out_modrm_offset(s, OPC_MOVZBL, a0, a1, (intptr_t)a2);
        break;
    case INDEX_op_ld8s_i32: case INDEX_op_ld8s_i64:
        tcg_out_modrm_offset(s, OPC_MOVSBL | w, a0, a1, (intptr_t)a2);
        break;
    case INDEX_op_ld16u_i32: case INDEX_op_ld16u_i64:
        tcg_out_modrm_offset(s, OPC_MOVZWL, a0, a1, (intptr_t)a2);
        break;
    case INDEX_op_ld16s_i32: case INDEX_op_ld16s_i64:
        tcg_out_modrm_offset(s, OPC_MOVSWL | w, a0, a1, (intptr_t)a2);
        break;
    case INDEX_op_ld_i32: case INDEX_op_ld32u_i64:
        tcg_out_ld(s, TCG_TYPE_I32, a0, a1, (intptr_t)a2);
        break;
    case INDEX_op_ld32s_i64:
        tcg_out_modrm_offset(s, OPC_MOVSLQ, a0, a1, (intptr_t)a2);
        break;
    case INDEX_op_ld_i64:
        tcg_out_ld(s, TCG_TYPE_I64, a0, a1, (intptr_t)a2);
        break;
    case INDEX_op_st8_i32: case INDEX_op_st8_i64:
        if (const_args[0]) {
            tcg_out_modrm_offset(s, OPC_MOVB_EvIb, 0, a1, (intptr_t)a2);
            tcg_out8(s, (uint8_t)a0);
        } else {
            tcg_out_modrm_offset(s, OPC_MOVB_EvGv | P_REXB_R, a0, a1, (intptr_t)a2);
        }
        break;
    case INDEX_op_st16_i32: case INDEX_op_st16_i64:
        if (const_args[0]) {
            tcg_out_modrm_offset(s, OPC_MOVL_EvIz | P_DATA16, 0, a1, (intptr_t)a2);
            tcg_out16(s, (uint16_t)a0);
        } else {
            tcg_out_modrm_offset(s, OPC_MOVL_EvGv | P_DATA16, a0, a1, (intptr_t)a2);
        }
        break;
    case INDEX_op_st_i32: case INDEX_op_st32_i64: case INDEX_op_st_i64: {
        TCGType st_type = opc == INDEX_op_st_i64 ? TCG_TYPE_I64 : TCG_TYPE_I32;
        if (const_args[0]) {
            tcg_out_sti(s, st_type, st_type == TCG_TYPE_I32 ? (int64_t)(uint32_t)a0 : (int64_t)a0,
                        a1, (intptr_t)a2);
        } else {
            tcg_out_st(s, st_type, a0, a1, (intptr_t)a2);
        }
        break;
    }

    CASE_32_64(add)
        tcg_out_add(s, type, a0, a1, a2, c2);
        break;
    CASE_32_64(sub)
        tcg_out_sub(s, type, a0, a1, a2, c2);
        break;
    CASE_32_64(mul)
        tcg_out_binary(s, type, -1, a0, a1, a2, c2);
        break;
    CASE_32_64(and)
        tcg_out_binary(s, type, ARITH_AND, a0, a1, a2, c2);
        break;
    CASE_32_64(or)
        tcg_out_binary(s, type, ARITH_OR, a0, a1, a2, c2);
        break;
    CASE_32_64(xor)
        tcg_out_binary(s, type, ARITH_XOR, a0, a1, a2, c2);
        break;
    CASE_32_64(andc)
        /* o is distinct from both inputs */
        tcg_out_mov(s, type, a0, a2);
        tcg_out_modrm(s, OPC_GRP3_Ev | w, EXT3_NOT, a0);
        tcg_out_modrm(s, OPC_ARITH_GvEv | ARITH_AND << 3 | w, a0, a1);
        break;
    CASE_32_64(neg)
        tcg_out_mov(s, type, a0, a1);
        tcg_out_modrm(s, OPC_GRP3_Ev | w, EXT3_NEG, a0);
        break;
    CASE_32_64(not)
        tcg_out_mov(s, type, a0, a1);
        tcg_out_modrm(s, OPC_GRP3_Ev | w, EXT3_NOT, a0);
        break;
    CASE_32_64(shl)
        tcg_out_shift(s, type, SHIFT_SHL, a0, a2, c2);
        break;
    CASE_32_64(shr)
        tcg_out_shift(s, type, SHIFT_SHR, a0, a2, c2);
        break;
    CASE_32_64(sar)
        tcg_out_shift(s, type, SHIFT_SAR, a0, a2, c2);
        break;
    CASE_32_64(rotl)
        tcg_out_shift(s, type, SHIFT_ROL, a0, a2, c2);
        break;
    CASE_32_64(rotr)
        tcg_out_shift(s, type, SHIFT_ROR, a0, a2, c2);
        break;

    CASE_32_64(ext8s)
        tcg_out_ext(s, OPC_MOVSBL | w, a0, a1);
        break;
    CASE_32_64(ext8u)
        tcg_out_ext(s, OPC_MOVZBL, a0, a1);
        break;
    CASE_32_64(ext16s)
        tcg_out_ext(s, OPC_MOVSWL | w, a0, a1);
        break;
    CASE_32_64(ext16u)
        tcg_out_ext(s, OPC_MOVZWL, a0, a1);
        break;
    case INDEX_op_ext32s_i64:
    case INDEX_op_ext_i32_i64:
        tcg_out_modrm(s, OPC_MOVSLQ, a0, a1);
        break;
    case INDEX_op_ext32u_i64:
    case INDEX_op_extu_i32_i64:
    case INDEX_op_extrl_i64_i32:
        tcg_out_ext32u(s, a0, a1);
        break;
    case INDEX_op_extrh_i64_i32:
        tcg_out_mov(s, TCG_TYPE_I64, a0, a1);
        tcg_out_shifti(s, SHIFT_SHR, TCG_TYPE_I64, a0, 32);
        break;

    CASE_32_64(bswap16)
        tcg_out_mov(s, TCG_TYPE_I32, a0, a1);
        tcg_out_modrm(s, OPC_SHIFT_Ib | P_DATA16, SHIFT_ROL, a0);
        tcg_out8(s, 8);
        tcg_out_ext(s, OPC_MOVZWL, a0, a0);
        break;
    CASE_32_64(bswap32)
        tcg_out_mov(s, TCG_TYPE_I32, a0, a1);
        tcg_out_opc(s, OPC_BSWAP + (a0 & 7), 0, a0, 0);
        break;
    case INDEX_op_bswap64_i64:
        tcg_out_mov(s, TCG_TYPE_I64, a0, a1);
        tcg_out_opc(s, (OPC_BSWAP + (a0 & 7)) | P_REXW, 0, a0, 0);
        break;

    CASE_32_64(deposit)
        tcg_out_deposit(s, type, a0, a2, args[3], args[4], args[5]);
        break;
    CASE_32_64(extract)
        tcg_out_extract(s, type, a0, a1, a2, args[3], false);
        break;
    CASE_32_64(sextract)
        tcg_out_extract(s, type, a0, a1, a2, args[3], true);
        break;
    CASE_32_64(mulu2)
        tcg_out_modrm(s, OPC_GRP3_Ev | w, EXT3_MUL, args[3]);
        break;
    CASE_32_64(muls2)
        tcg_out_modrm(s, OPC_GRP3_Ev | w, EXT3_IMUL, args[3]);
        break;
    CASE_32_64(clz)
        tcg_out_bitcount(s, type, true, a0, a1, a2, c2);
        break;
    CASE_32_64(ctz)
        tcg_out_bitcount(s, type, false, a0, a1, a2, c2);
        break;

    default:
        fatal("TCG x86-64: unexpected op %s", odef->name);
    }
#undef CASE_32_64
}

#include "tcg-ldst.c.inc"
