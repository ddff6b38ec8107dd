/*
 * i386 front end: the translation loop, instruction-byte fetch, prefix
 * decoding and opcode dispatch, and the utilities every instruction group
 * shares (registers, ModRM addressing, memory, state sync, TB exits).
 * The opcode maps themselves are the table in insn-table.h; the handlers
 * live in translate-*.c by instruction group.
 */
#include "translate.h"
#include "exec/translator.h"

TCGv cpu_regs[CPU_NB_REGS];
TCGv cpu_seg_base[6];
TCGv cpu_cc_dst, cpu_cc_src, cpu_cc_src2;
TCGv_i32 cpu_cc_op;

static void x86_translate_init(void)
{
    static const char reg_names[16][4] = {
        "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
        "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
    };
    static const char seg_names[6][8] = {
        "es_base", "cs_base", "ss_base", "ds_base", "fs_base", "gs_base",
    };
    for (int i = 0; i < CPU_NB_REGS; i++) {
        cpu_regs[i] = tcg_global_mem_new(cpu_env, offsetof(CPUX86State, regs[i]),
                                         reg_names[i]);
    }
    for (int i = 0; i < 6; i++) {
        cpu_seg_base[i] = tcg_global_mem_new(cpu_env,
                                             offsetof(CPUX86State, segs[i].base),
                                             seg_names[i]);
    }
    cpu_cc_dst = tcg_global_mem_new(cpu_env, offsetof(CPUX86State, cc_dst), "cc_dst");
    cpu_cc_src = tcg_global_mem_new(cpu_env, offsetof(CPUX86State, cc_src), "cc_src");
    cpu_cc_src2 = tcg_global_mem_new(cpu_env, offsetof(CPUX86State, cc_src2), "cc_src2");
    cpu_cc_op = tcg_global_mem_new_i32(cpu_env, offsetof(CPUX86State, cc_op), "cc_op");
}

/* ---------------- instruction bytes ---------------- */

static target_ulong fetch_advance(DisasContext *s, int n)
{
    target_ulong pc = s->pc;
    /*
     * Real CPUs raise #GP for an insn longer than 15 bytes before executing
     * any of it; handlers fetch every byte before emitting side effects, so
     * abandoning the insn here leaves only dead arithmetic behind.
     */
    if (pc + n - s->pc_start > X86_MAX_INSN_LENGTH) {
        siglongjmp(s->insn_abort, 1);
    }
    /* so do bytes beyond the CS limit (the TB is specialised on it) */
    if (s->flags & HF_CSLIM) {
        uint32_t eip = pc - s->cs_base;
        if (eip > s->cs_limit || s->cs_limit - eip < (uint32_t)n - 1) {
            siglongjmp(s->insn_abort, 1);
        }
    }
    s->pc += n;
    return pc;
}

uint8_t x86_ldub_code(DisasContext *s)
{
    target_ulong pc = fetch_advance(s, 1);
    return cpu_ldub_code(s->env, pc, s->mem_index);
}

uint16_t x86_lduw_code(DisasContext *s)
{
    target_ulong pc = fetch_advance(s, 2);
    return cpu_ldub_code(s->env, pc, s->mem_index)
         | cpu_ldub_code(s->env, pc + 1, s->mem_index) << 8;
}

uint32_t x86_ldl_code(DisasContext *s)
{
    target_ulong pc = fetch_advance(s, 4);
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        v |= (uint32_t)cpu_ldub_code(s->env, pc + i, s->mem_index) << (8 * i);
    }
    return v;
}

target_ulong insn_get(DisasContext *s, MemOp ot)
{
    switch (ot) {
    case MO_8:
        return x86_ldub_code(s);
    case MO_16:
        return x86_lduw_code(s);
    case MO_32:
        return x86_ldl_code(s);
    default:
        return (target_ulong)(target_long)(int32_t)x86_ldl_code(s);
    }
}

target_long insn_get_signed(DisasContext *s, MemOp ot)
{
    switch (ot) {
    case MO_8:
        return (int8_t)x86_ldub_code(s);
    case MO_16:
        return (int16_t)x86_lduw_code(s);
    default:
        return (int32_t)x86_ldl_code(s);
    }
}

/* ---------------- registers ---------------- */

/* Without REX, byte registers 4-7 are AH, CH, DH, BH. */
static bool byte_reg_is_xH(DisasContext *s, int reg)
{
    return reg >= 4 && reg < 8 && !(s->prefix & PREFIX_REX);
}

void gen_ext_tl(TCGv dst, TCGv src, MemOp ot, bool sign)
{
    switch (ot) {
    case MO_8:
        (sign ? tcg_gen_ext8s_tl : tcg_gen_ext8u_tl)(dst, src);
        break;
    case MO_16:
        (sign ? tcg_gen_ext16s_tl : tcg_gen_ext16u_tl)(dst, src);
        break;
#if TARGET_LONG_BITS == 64
    case MO_32:
        (sign ? tcg_gen_ext32s_tl : tcg_gen_ext32u_tl)(dst, src);
        break;
#endif
    default:
        tcg_gen_mov_tl(dst, src);
        break;
    }
}

void gen_op_mov_v_reg(DisasContext *s, MemOp ot, TCGv t, int reg)
{
    if (ot == MO_8 && byte_reg_is_xH(s, reg)) {
        tcg_gen_extract_tl(t, cpu_regs[reg - 4], 8, 8);
    } else {
        gen_ext_tl(t, cpu_regs[reg], ot, false);
    }
}

void gen_op_mov_reg_v(DisasContext *s, MemOp ot, int reg, TCGv t)
{
    switch (ot) {
    case MO_8:
        if (byte_reg_is_xH(s, reg)) {
            tcg_gen_deposit_tl(cpu_regs[reg - 4], cpu_regs[reg - 4], t, 8, 8);
        } else {
            tcg_gen_deposit_tl(cpu_regs[reg], cpu_regs[reg], t, 0, 8);
        }
        break;
    case MO_16:
        tcg_gen_deposit_tl(cpu_regs[reg], cpu_regs[reg], t, 0, 16);
        break;
    case MO_32:
        /* in 64-bit mode a 32-bit write clears the upper half */
        tcg_gen_ext32u_tl(cpu_regs[reg], t);
        break;
    default:
        tcg_gen_mov_tl(cpu_regs[reg], t);
        break;
    }
}

void gen_op_add_reg(DisasContext *s, MemOp size, int reg, TCGv val)
{
    tcg_gen_add_tl(s->tmp0, cpu_regs[reg], val);
    gen_op_mov_reg_v(s, size, reg, s->tmp0);
}

void gen_op_add_reg_im(DisasContext *s, MemOp size, int reg, int32_t val)
{
    tcg_gen_addi_tl(s->tmp0, cpu_regs[reg], val);
    gen_op_mov_reg_v(s, size, reg, s->tmp0);
}

/* ---------------- memory ---------------- */

/*
 * The checks are a helper call rather than an inline compare and branch:
 * a branch would end the basic block, and with it the scratch temps that
 * handlers keep live across their accesses.
 */
void gen_seg_check(DisasContext *s, TCGv addr, int size, bool write)
{
    int seg = s->a0_seg;

    if (seg < 0) {
        return;
    }
    /* a flat segment; CS is flat only for reads (its writes fault in protected mode) */
    if (!(s->flags & (1u << (HF_SEGCHK_SHIFT + seg))) && !(write && seg == R_CS)) {
        return;
    }
    /* a byte at a 16-bit offset within 64 KiB limits, and no type checks */
    if (size == 1 && s->a0_aflag == MO_16 && (s->flags & HF_SEG64K) && (!s->pe || s->vm86)) {
        return;
    }
    gen_helper_seg_check(cpu_env, addr,
                         tcg_const_i32(seg | (write ? SEGCHK_WRITE : 0) |
                                       (uint32_t)(size - 1) << SEGCHK_LAST_SHIFT));
}

void gen_op_ld_v(DisasContext *s, MemOp ot, TCGv t, TCGv a0)
{
    gen_seg_check(s, a0, 1 << (ot & MO_SIZE), false);
    tcg_gen_qemu_ld_tl(t, a0, s->mem_index, ot | MO_LE);
}

void gen_op_st_v(DisasContext *s, MemOp ot, TCGv t, TCGv a0)
{
    gen_seg_check(s, a0, 1 << (ot & MO_SIZE), true);
    tcg_gen_qemu_st_tl(t, a0, s->mem_index, ot | MO_LE);
}

void gen_lea_v_seg(DisasContext *s, MemOp aflag, TCGv a0, int def_seg, int ovr_seg)
{
    /* 64-bit mode checks no limits */
    s->a0_seg = s->code64 ? -1 : ovr_seg >= 0 ? ovr_seg : def_seg;
    s->a0_aflag = aflag;
    switch (aflag) {
    case MO_64:
        /* only FS and GS have bases in 64-bit mode */
        if (ovr_seg < R_FS) {
            tcg_gen_mov_tl(s->A0, a0);
            return;
        }
        break;
    case MO_32:
        if (ovr_seg < 0 && s->addseg) {
            ovr_seg = def_seg;
        }
        if (ovr_seg < 0) {
            tcg_gen_ext32u_tl(s->A0, a0);
            return;
        }
        break;
    case MO_16:
        /* 16-bit addressing is real or v8086 mode or old code: bases matter */
        tcg_gen_ext16u_tl(s->A0, a0);
        a0 = s->A0;
        if (ovr_seg < 0) {
            ovr_seg = def_seg;
        }
        break;
    default:
        break;
    }
    tcg_gen_add_tl(s->A0, a0, cpu_seg_base[ovr_seg]);
    if (aflag == MO_32 && TARGET_LONG_BITS == 64 && !s->code64) {
        tcg_gen_ext32u_tl(s->A0, s->A0);
    }
}

TCGv gen_lea_modrm_ea(DisasContext *s, int modrm, int *def_seg)
{
    int mod = modrm >> 6, rm = modrm & 7;
    int base = -1, index = -1, scale = 0;
    target_long disp = 0;
    TCGv ea;

    *def_seg = R_DS;
    if (s->aflag == MO_16) {
        static const int8_t base16[8] = { R_EBX, R_EBX, R_EBP, R_EBP, R_ESI, R_EDI, R_EBP, R_EBX };
        static const int8_t index16[8] = { R_ESI, R_EDI, R_ESI, R_EDI, -1, -1, -1, -1 };
        if (mod == 0 && rm == 6) {
            disp = (int16_t)x86_lduw_code(s);
        } else {
            base = base16[rm];
            index = index16[rm];
            if (mod == 1) {
                disp = (int8_t)x86_ldub_code(s);
            } else if (mod == 2) {
                disp = (int16_t)x86_lduw_code(s);
            }
            if (base == R_EBP) {
                *def_seg = R_SS;
            }
        }
    } else {
        bool rip_relative = false;
        if (rm == 4) {
            int sib = x86_ldub_code(s);
            scale = sib >> 6;
            index = ((sib >> 3) & 7) | s->rex_x;
            base = sib & 7;
            if (index == R_ESP) {
                index = -1;     /* no index */
            }
            if (mod == 0 && base == 5) {
                base = -1;      /* disp32 with no base */
            } else {
                base |= s->rex_b;
            }
        } else if (mod == 0 && rm == 5) {
            rip_relative = s->code64;
        } else {
            base = rm | s->rex_b;
        }
        if (mod == 1) {
            disp = (int8_t)x86_ldub_code(s);
        } else if (mod == 2 || (mod == 0 && base < 0)) {
            disp = (int32_t)x86_ldl_code(s);
        }
        if (base == R_ESP || base == R_EBP) {
            *def_seg = R_SS;
        }
        if (rip_relative) {
            /* relative to the end of the insn: the immediate, if any, is not
               fetched yet, so the caller (64-bit only) must account for it */
            disp += next_eip(s);
        }
    }

    if (base < 0 && index < 0) {
        tcg_gen_movi_tl(s->A0, disp);
        return s->A0;
    }
    if (index < 0 && disp == 0) {
        return cpu_regs[base];
    }
    ea = s->A0;
    if (index >= 0) {
        if (scale) {
            tcg_gen_shli_tl(ea, cpu_regs[index], scale);
            if (base >= 0) {
                tcg_gen_add_tl(ea, ea, cpu_regs[base]);
            }
        } else if (base >= 0) {
            tcg_gen_add_tl(ea, cpu_regs[base], cpu_regs[index]);
        } else {
            tcg_gen_mov_tl(ea, cpu_regs[index]);
        }
        if (disp) {
            tcg_gen_addi_tl(ea, ea, disp);
        }
    } else {
        tcg_gen_addi_tl(ea, cpu_regs[base], disp);
    }
    return ea;
}

void gen_lea_modrm(DisasContext *s, int modrm)
{
    int def_seg;
    TCGv ea = gen_lea_modrm_ea(s, modrm, &def_seg);
    gen_lea_v_seg(s, s->aflag, ea, def_seg, s->override);
}

void gen_ld_modrm(DisasContext *s, int modrm, MemOp ot, TCGv t)
{
    if (modrm_is_reg(modrm)) {
        gen_op_mov_v_reg(s, ot, t, modrm_rm(s, modrm));
    } else {
        gen_op_ld_v(s, ot, t, s->A0);
    }
}

void gen_st_modrm(DisasContext *s, int modrm, MemOp ot, TCGv t)
{
    if (modrm_is_reg(modrm)) {
        gen_op_mov_reg_v(s, ot, modrm_rm(s, modrm), t);
    } else {
        gen_op_st_v(s, ot, t, s->A0);
    }
}

/* ---------------- state sync ---------------- */

void gen_update_eip(DisasContext *s, target_ulong eip)
{
    TCGv t = tcg_const_tl(eip);
    tcg_gen_st_tl(t, cpu_env, offsetof(CPUX86State, eip));
}

void gen_update_eip_cur(DisasContext *s)
{
    gen_update_eip(s, cur_eip(s));
}

void gen_update_eip_next(DisasContext *s)
{
    gen_update_eip(s, next_eip(s));
}

void gen_update_cc_op(DisasContext *s)
{
    if (s->cc_op_dirty) {
        tcg_gen_movi_i32(cpu_cc_op, s->cc_op);
        s->cc_op_dirty = false;
    }
}

/* Which of cc_dst, cc_src, cc_src2 each op reads (bit 0, 1, 2). */
static uint8_t cc_op_live(CCOp op)
{
    if (op & CC_OP_CO_OVERRIDE) {
        return 7;
    }
    if (op >= CC_OP_ADDB && op < CC_OP_NB) {
        switch (cc_op_group(op)) {
        case CC_OP_ADCB:
        case CC_OP_SBBB:
            return 7;
        case CC_OP_LOGICB:
            return 1;
        default:
            return 3;
        }
    }
    switch (op) {
    case CC_OP_EFLAGS:
        return 2;
    case CC_OP_CLR:
        return 0;
    default:
        return 7;
    }
}

void set_cc_op(DisasContext *s, CCOp op)
{
    uint8_t dead;

    if (s->cc_op == op) {
        return;
    }
    /* values the new op no longer reads need not reach env */
    dead = cc_op_live(s->cc_op) & ~cc_op_live(op);
    if (dead & 1) {
        tcg_gen_discard_tl(cpu_cc_dst);
    }
    if (dead & 2) {
        tcg_gen_discard_tl(cpu_cc_src);
    }
    if (dead & 4) {
        tcg_gen_discard_tl(cpu_cc_src2);
    }
    if (op == CC_OP_DYNAMIC) {
        /* the producer wrote env->cc_op itself */
        s->cc_op_dirty = false;
    } else {
        s->cc_op_dirty = true;
    }
    s->cc_op = op;
}

/* ---------------- exceptions and TB exits ---------------- */

void gen_exception(DisasContext *s, int trapno)
{
    gen_update_cc_op(s);
    gen_update_eip_cur(s);
    gen_helper_raise_exception(cpu_env, tcg_const_i32(trapno));
    s->is_jmp = DISAS_NORETURN;
}

void gen_illegal_opcode(DisasContext *s)
{
    gen_exception(s, EXCP06_ILLOP);
}

void gen_exception_gpf(DisasContext *s)
{
    gen_exception(s, EXCP0D_GPF);
}

bool check_cpl0(DisasContext *s)
{
    if (s->cpl == 0) {
        return true;
    }
    gen_exception_gpf(s);
    return false;
}

/* Leave the interrupt shadow this TB was translated in (it covers one insn). */
static void gen_reset_inhibit_irq(DisasContext *s)
{
    if (s->flags & HF_INHIBIT_IRQ) {
        TCGv_i32 t = tcg_temp_new_i32();
        tcg_gen_ld_i32(t, cpu_env, offsetof(CPUX86State, hflags));
        tcg_gen_andi_i32(t, t, ~HF_INHIBIT_IRQ);
        tcg_gen_st_i32(t, cpu_env, offsetof(CPUX86State, hflags));
    }
}

static void gen_eob_worker(DisasContext *s, bool inhibit, bool jr)
{
    gen_update_cc_op(s);
    if (inhibit && !(s->flags & HF_INHIBIT_IRQ)) {
        TCGv_i32 t = tcg_temp_new_i32();
        tcg_gen_ld_i32(t, cpu_env, offsetof(CPUX86State, hflags));
        tcg_gen_ori_i32(t, t, HF_INHIBIT_IRQ);
        tcg_gen_st_i32(t, cpu_env, offsetof(CPUX86State, hflags));
    } else if (!inhibit) {
        gen_reset_inhibit_irq(s);
    }
    if (s->tf) {
        /* single-step trap after the insn (eip already points past it); sets DR6.BS */
        gen_helper_single_step(cpu_env);
    } else if (jr && !inhibit && !(s->flags & HF_INHIBIT_IRQ)) {
        /*
         * Only near jumps get here (an insn that changes the TB flags
         * or CS ends its TB without a lookup): find the next TB by pc
         * alone, under this TB's flags and cs_base.
         */
        TCGv_ptr dest = tcg_temp_new_ptr();
        TCGv pc = tcg_temp_new();
        TCGv_i64 pc64 = tcg_temp_new_i64();
        tcg_gen_ld_tl(pc, cpu_env, offsetof(CPUX86State, eip));
        tcg_gen_addi_tl(pc, pc, s->cs_base);
        tcg_gen_extu_i32_i64(pc64, pc);
        gen_helper_lookup_tb_ptr_same_state(dest, cpu_env, pc64,
                                            tcg_const_i64(s->tb->cs_base),
                                            tcg_const_i32(s->tb->flags));
        tcg_gen_goto_ptr(dest);
    } else {
        /*
         * Back to the loop, which takes pending interrupts. That matters
         * at the end of an STI/MOV SS shadow: an interrupt that arrived
         * while IF was clear is only noticed there, not by a chained TB.
         */
        tcg_gen_exit_tb(NULL, 0);
    }
    s->is_jmp = DISAS_NORETURN;
}

void gen_eob(DisasContext *s)
{
    gen_eob_worker(s, false, false);
}

void gen_jr(DisasContext *s)
{
    gen_eob_worker(s, false, true);
}

void gen_jmp_tb(DisasContext *s, target_ulong eip, int tb_num)
{
    gen_update_cc_op(s);
    if (!s->tf && !(s->flags & HF_INHIBIT_IRQ)
        && translator_use_goto_tb(s->tb, s->cs_base + eip)) {
        tcg_gen_goto_tb(tb_num);
        gen_update_eip(s, eip);
        tcg_gen_exit_tb(s->tb, tb_num);
        s->is_jmp = DISAS_NORETURN;
    } else {
        gen_update_eip(s, eip);
        gen_jr(s);
    }
}

/* ---------------- decoding ---------------- */

/* A row of an opcode map. */
typedef void (*X86GenFunc)(DisasContext *s, int b, int modrm);
typedef struct X86OpEntry {
    X86GenFunc gen;
    uint8_t flags;
} X86OpEntry;

#define OPF_MODRM 1   /* fetch the ModRM byte before calling gen */
#define OPF_EA    2   /* ... and compute s->A0 when it names memory */
#define OPF_LOCK  4   /* lock prefix allowed (with a memory destination) */
#define M   OPF_MODRM
#define ME  (OPF_MODRM | OPF_EA)
#define MEL (OPF_MODRM | OPF_EA | OPF_LOCK)

#define OP1(b, gen, flags) void gen(DisasContext *s, int b_, int modrm);
#define OP2(b, gen, flags) void gen(DisasContext *s, int b_, int modrm);
#include "insn-table.h"
#undef OP1
#undef OP2

static const X86OpEntry one_byte_map[256] = {
#define OP1(b, gen, flags) [b] = { gen, flags },
#define OP2(b, gen, flags)
#include "insn-table.h"
#undef OP1
#undef OP2
};

static const X86OpEntry two_byte_map[256] = {
#define OP1(b, gen, flags)
#define OP2(b, gen, flags) [b] = { gen, flags },
#include "insn-table.h"
#undef OP1
#undef OP2
};

/*
 * LOCK is legal only on the read-modify-write forms with a memory
 * destination; in the group opcodes that depends on ModRM.reg.
 */
static bool lock_allowed(int b, int modrm)
{
    int op = (modrm >> 3) & 7;

    if (modrm_is_reg(modrm)) {
        return false;
    }
    switch (b) {
    case 0x80 ... 0x83:         /* group 1: all but CMP */
        return op != 7;
    case 0xf6: case 0xf7:       /* group 3: NOT, NEG */
        return op == 2 || op == 3;
    case 0xfe: case 0xff:       /* group 4/5: INC, DEC */
        return op < 2;
    case 0x1ba:                 /* group 8: BTS, BTR, BTC */
        return op >= 5;
    case 0x1c7:                 /* group 9: CMPXCHG8B */
        return op == 1;
    default:
        return true;
    }
}

static void disas_insn(DisasContext *s)
{
    int b, prefixes = 0;
    const X86OpEntry *e;
    int modrm = -1;

    s->override = -1;
    s->a0_seg = -1;
    s->rex_r = s->rex_x = s->rex_b = 0;
    s->rex_w = false;
    for (;;) {
        b = x86_ldub_code(s);
        switch (b) {
        case 0xf3: prefixes = (prefixes & ~PREFIX_REPNZ) | PREFIX_REPZ; continue;
        case 0xf2: prefixes = (prefixes & ~PREFIX_REPZ) | PREFIX_REPNZ; continue;
        case 0xf0: prefixes |= PREFIX_LOCK; continue;
        case 0x2e: s->override = R_CS; continue;
        case 0x36: s->override = R_SS; continue;
        case 0x3e: s->override = R_DS; continue;
        case 0x26: s->override = R_ES; continue;
        case 0x64: s->override = R_FS; continue;
        case 0x65: s->override = R_GS; continue;
        case 0x66: prefixes |= PREFIX_DATA; continue;
        case 0x67: prefixes |= PREFIX_ADR; continue;
        }
        if (s->code64 && (b & 0xf0) == 0x40) {
            /* REX: must be the last prefix, else it is ignored */
            prefixes |= PREFIX_REX;
            s->rex_w = (b >> 3) & 1;
            s->rex_r = (b & 4) << 1;
            s->rex_x = (b & 2) << 2;
            s->rex_b = (b & 1) << 3;
            b = x86_ldub_code(s);
            if ((b & 0xf0) == 0x40 || b == 0x66 || b == 0x67 || b == 0xf0
                || b == 0xf2 || b == 0xf3 || (b & 0xe7) == 0x26 || (b & 0xfe) == 0x64) {
                /* a legacy prefix after REX cancels it: decode again */
                s->pc--;
                prefixes &= ~PREFIX_REX;
                s->rex_r = s->rex_x = s->rex_b = 0;
                s->rex_w = false;
                continue;
            }
        }
        break;
    }
    s->prefix = prefixes;

    if (s->code64) {
        s->dflag = s->rex_w ? MO_64 : (prefixes & PREFIX_DATA) ? MO_16 : MO_32;
        s->aflag = (prefixes & PREFIX_ADR) ? MO_32 : MO_64;
    } else {
        s->dflag = (s->code32 ^ !!(prefixes & PREFIX_DATA)) ? MO_32 : MO_16;
        s->aflag = (s->code32 ^ !!(prefixes & PREFIX_ADR)) ? MO_32 : MO_16;
    }

    if (b == 0x0f) {
        b = 0x100 | x86_ldub_code(s);
        e = &two_byte_map[b & 0xff];
    } else {
        e = &one_byte_map[b];
    }
    s->b = b;

    if (!e->gen) {
        if (b >= 0x100 && gen_sse(s, b)) {
            return;
        }
        gen_illegal_opcode(s);
        return;
    }
    if (e->flags & OPF_MODRM) {
        modrm = x86_ldub_code(s);
    }
    if (prefixes & PREFIX_LOCK) {
        if (!(e->flags & OPF_LOCK) || !lock_allowed(b, modrm)) {
            gen_illegal_opcode(s);
            return;
        }
    }
    if ((e->flags & OPF_EA) && !modrm_is_reg(modrm)) {
        gen_lea_modrm(s, modrm);
    }
    e->gen(s, b, modrm);
}

/* ---------------- the translation loop ---------------- */

static void init_disas_context(DisasContext *s, CPUState *cs, TranslationBlock *tb,
                               int max_insns)
{
    uint32_t flags = tb->flags;

    s->tb = tb;
    s->env = cpu_env_ptr(cs);
    s->cs_base = (uint32_t)tb->cs_base;
    s->cs_limit = tb->cs_base >> X86_TB_CS_LIMIT_SHIFT;
    s->pc = tb->pc;
    s->num_insns = 0;
    s->max_insns = max_insns;
    s->is_jmp = DISAS_NEXT;
    s->flags = flags;
    s->cpl = flags & HF_CPL_MASK;
    s->iopl = (flags & HF_IOPL_MASK) >> HF_IOPL_SHIFT;
    s->pe = flags & HF_PE;
    s->vm86 = flags & HF_VM;
    s->code32 = flags & HF_CS32;
    s->ss32 = flags & HF_SS32;
    s->addseg = flags & HF_ADDSEG;
    s->code64 = flags & HF_CS64;
    s->tf = flags & HF_TF;
    s->mem_index = s->cpl == 3 ? MMU_USER_IDX : MMU_KERNEL_IDX;
    s->cc_op = CC_OP_DYNAMIC;
    s->cc_op_dirty = false;
    s->A0 = tcg_temp_new();
    s->T0 = tcg_temp_new();
    s->T1 = tcg_temp_new();
    s->tmp0 = tcg_temp_new();
}

/*
 * An insn other than the TB's first must not fetch from the next page:
 * that page may fault or change mapping independently. Ending the TB
 * when one might begin near the page end keeps every fetch fault on the
 * first insn of a TB, where env already holds its state.
 */
static bool next_insn_may_cross_page(DisasContext *s)
{
    return ((s->pc & ~TARGET_PAGE_MASK) + X86_MAX_INSN_LENGTH) > TARGET_PAGE_SIZE;
}

void x86_gen_intermediate_code(CPUState *cs, TranslationBlock *tb, int max_insns)
{
    static bool initialized;
    DisasContext dc, *s = &dc;

    if (!initialized) {
        x86_translate_init();
        initialized = true;
    }
    init_disas_context(s, cs, tb, max_insns);
    /* the insn after sti/mov ss runs alone: the shadow covers just it */
    if (s->flags & HF_INHIBIT_IRQ) {
        s->max_insns = 1;
    }

    translator_gen_tb_start(tb);
    for (;;) {
        s->pc_start = s->pc;
        tcg_gen_insn_start(s->pc_start, s->cc_op);
        s->num_insns++;
        if (sigsetjmp(s->insn_abort, 0) == 0) {
            disas_insn(s);
        } else {
            s->pc = s->pc_start;
            gen_exception_gpf(s);
        }
        if (s->is_jmp != DISAS_NEXT) {
            break;
        }
        if (s->tf || s->num_insns >= s->max_insns || tcg_op_buf_full()
            || next_insn_may_cross_page(s)) {
            s->is_jmp = s->tf ? DISAS_EOB_NEXT : DISAS_TOO_MANY;
            break;
        }
    }

    switch (s->is_jmp) {
    case DISAS_TOO_MANY:
        gen_jmp_tb(s, next_eip(s), 0);
        break;
    case DISAS_EOB_NEXT:
        gen_update_eip_next(s);
        gen_eob(s);
        break;
    case DISAS_EOB_INHIBIT_IRQ:
        gen_update_eip_next(s);
        gen_eob_worker(s, true, false);
        break;
    case DISAS_JUMP:
        gen_jr(s);
        break;
    default:
        break;
    }
    translator_gen_tb_end(tb);
    tb->size = s->pc - tb->pc;
    tb->icount = s->num_insns;
}

void x86_restore_state_to_opc(CPUState *cs, const TranslationBlock *tb,
                              const uint64_t *data)
{
    CPUX86State *env = cpu_env_ptr(cs);

    env->eip = data[0] - (uint32_t)tb->cs_base;
    if (data[1] != CC_OP_DYNAMIC) {
        env->cc_op = data[1];
    }
}
