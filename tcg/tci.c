/*
 * TCI, the IR interpreter: a portable stand-in for a native back end and
 * the reference the native back ends are tested against.
 *
 * tci_gen_code() writes the op list into the code cache as bytecode of
 * 32-bit words: a header (the opcode; for calls also the argument counts),
 * one word per temp argument naming where it lives, then the constant
 * arguments as 64-bit values (labels as absolute bytecode addresses).
 * Temps live in a frame array indexed by temp number; globals are read and
 * written directly in env, so they are always "in memory".
 */
#include "qemu/osdep.h"
#include "tcg/tcg-internal.h"
#include "tcg/tcg-eval.h"
#include "exec/cpu-common.h"

/* Where a temp argument lives: kind in the top two bits. */
enum {
    LOC_FRAME = 0u << 30,     /* low bits: frame slot */
    LOC_GLOBAL32 = 1u << 30,  /* low bits: signed env offset */
    LOC_GLOBAL64 = 2u << 30,
    LOC_ENV = 3u << 30,
};
#define LOC_KIND(w)   ((w) & (3u << 30))
#define LOC_OFFSET(w) ((int32_t)((w) << 2) >> 2)

#define HDR_CALL(nb_o, nb_i) (INDEX_op_call | (nb_o) << 8 | (nb_i) << 12)
#define HDR_PAD 0x100u        /* goto_tb: a padding word precedes the target */

#define TCI_RELOC_ABS64 1

/* ---- bytecode generation ---- */

static uint32_t temp_loc(TCGTemp *ts)
{
    switch (ts->kind) {
    case TEMP_FIXED:
        return LOC_ENV;
    case TEMP_GLOBAL:
        assert(ts->mem_offset == LOC_OFFSET((uint32_t)ts->mem_offset & 0x3fffffff));
        return (ts->type == TCG_TYPE_I32 ? LOC_GLOBAL32 : LOC_GLOBAL64)
               | ((uint32_t)ts->mem_offset & 0x3fffffff);
    default:
        return LOC_FRAME | temp_idx(ts);
    }
}

static void tci_patch(uint8_t *field, int type, uintptr_t value)
{
    assert(type == TCI_RELOC_ABS64);
    uint64_t v = value;
    memcpy(field, &v, 8);
}

static void out_label_ref(TCGContext *s, TCGLabel *l)
{
    if (l->has_value) {
        tcg_out64(s, l->value);
    } else {
        tcg_label_add_reloc(l, s->code_ptr, TCI_RELOC_ABS64);
        tcg_out64(s, 0);
    }
}

static void out_goto_tb(TCGContext *s, unsigned n)
{
    /* the target is patched by one atomic 64-bit store: align it */
    bool pad = ((uintptr_t)(s->code_ptr + 4) & 7) != 0;
    tcg_out32(s, INDEX_op_goto_tb | (pad ? HDR_PAD : 0));
    if (pad) {
        tcg_out32(s, 0);
    }
    s->gen.jmp_insn_offset[n] = tcg_current_code_size(s);
    tcg_out64(s, (uintptr_t)(s->code_ptr + 8));
    s->gen.jmp_reset_offset[n] = tcg_current_code_size(s);
}

static void out_op(TCGContext *s, const TCGOp *op)
{
    const TCGOpDef *def = &tcg_op_defs[op->opc];
    int nb_o = op_nb_oargs(op), nb_i = op_nb_iargs(op);

    if (op->opc == INDEX_op_call) {
        tcg_out32(s, HDR_CALL(nb_o, nb_i));
    } else {
        tcg_out32(s, op->opc);
    }
    for (int i = 0; i < nb_o + nb_i; i++) {
        tcg_out32(s, temp_loc(arg_temp(op->args[i])));
    }
    if (op->opc == INDEX_op_call) {
        tcg_out64(s, op->args[nb_o + nb_i]);
        return;
    }
    for (int i = 0; i < def->nb_cargs; i++) {
        TCGArg c = op->args[nb_o + nb_i + i];
        bool is_label = op->opc == INDEX_op_br
            || ((op->opc == INDEX_op_brcond_i32 || op->opc == INDEX_op_brcond_i64) && i == 1);
        if (is_label) {
            out_label_ref(s, arg_label(c));
        } else {
            tcg_out64(s, c);
        }
    }
}

static void record_insn_start(TCGContext *s, const TCGOp *op)
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

bool tci_gen_code(TCGContext *s)
{
    for (TCGOp *op = s->first_op; op; op = op->next) {
        switch (op->opc) {
        case INDEX_op_insn_start:
            record_insn_start(s, op);
            break;
        case INDEX_op_set_label:
            tcg_label_place(arg_label(op->args[0]), (uintptr_t)s->code_ptr, tci_patch);
            break;
        case INDEX_op_discard:
            break;
        case INDEX_op_goto_tb:
            out_goto_tb(s, op->args[0]);
            break;
        default:
            out_op(s, op);
            break;
        }
        if (tcg_code_overflow(s)) {
            return false;
        }
    }
    if (s->gen.nb_insns > 0) {
        s->gen.insn_end_off[s->gen.nb_insns - 1] = tcg_current_code_size(s);
    }
    return true;
}

void tci_emit_epilogue(TCGContext *s)
{
    s->epilogue = s->code_ptr;
    tcg_out32(s, INDEX_op_exit_tb);
    tcg_out64(s, 0);
}

void tci_set_jmp_target(uintptr_t jmp_field, uintptr_t addr)
{
    __atomic_store_n((uint64_t *)jmp_field, (uint64_t)addr, __ATOMIC_RELAXED);
}

/* ---- the interpreter ---- */

typedef struct TCIState {
    uint64_t frame[TCG_MAX_TEMPS];
    uint8_t *env;
} TCIState;

static inline uint64_t read_loc(const TCIState *st, uint32_t loc)
{
    switch (LOC_KIND(loc)) {
    case LOC_FRAME:
        return st->frame[loc];
    case LOC_GLOBAL32: {
        uint32_t v;
        memcpy(&v, st->env + LOC_OFFSET(loc), 4);
        return v;
    }
    case LOC_GLOBAL64: {
        uint64_t v;
        memcpy(&v, st->env + LOC_OFFSET(loc), 8);
        return v;
    }
    default:
        return (uintptr_t)st->env;
    }
}

static inline void write_loc(TCIState *st, uint32_t loc, uint64_t v)
{
    switch (LOC_KIND(loc)) {
    case LOC_FRAME:
        st->frame[loc] = v;
        break;
    case LOC_GLOBAL32: {
        uint32_t v32 = (uint32_t)v;
        memcpy(st->env + LOC_OFFSET(loc), &v32, 4);
        break;
    }
    case LOC_GLOBAL64:
        memcpy(st->env + LOC_OFFSET(loc), &v, 8);
        break;
    default:
        fatal("TCI: write to env");
    }
}

static inline uint64_t read_u64(const uint32_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

/* Sign-extend the low 8 << size bits of v. */
static uint64_t sign_extend(uint64_t v, unsigned size)
{
    int bits = 8 << size;
    return bits == 64 ? v : (uint64_t)((int64_t)(v << (64 - bits)) >> (64 - bits));
}

/* Host address for a TLB hit, or NULL. */
static void *tlb_lookup(uint8_t *env, uint64_t addr, MemOpIdx oi, bool is_ld)
{
    const TCGContext *s = tcg_ctx;
    unsigned size = 1u << (get_memop(oi) & MO_SIZE);
    uint64_t index = (addr >> s->page_bits) & ((1u << s->tlb_bits) - 1);
    CPUTLBEntry *e = (CPUTLBEntry *)(env + s->tlb_offset)
                     + ((size_t)get_mmuidx(oi) << s->tlb_bits) + index;
    uint64_t cmp = is_ld ? e->addr_read : e->addr_write;
    if (((addr + size - 1) & ((uint64_t)-1 << s->page_bits)) != cmp) {
        return NULL;
    }
    return (void *)(uintptr_t)(addr + e->addend);
}

static uint64_t guest_load(uint8_t *env, uint64_t addr, MemOpIdx oi)
{
    MemOp mop = get_memop(oi);
    unsigned size = mop & MO_SIZE;
    uint64_t v;
    void *host = tlb_lookup(env, addr, oi, true);

    if (host) {
        switch (size) {
        case MO_8:  { uint8_t x;  memcpy(&x, host, 1); v = x; break; }
        case MO_16: { uint16_t x; memcpy(&x, host, 2); v = mop & MO_BSWAP ? __builtin_bswap16(x) : x; break; }
        case MO_32: { uint32_t x; memcpy(&x, host, 4); v = mop & MO_BSWAP ? __builtin_bswap32(x) : x; break; }
        default:    { uint64_t x; memcpy(&x, host, 8); v = mop & MO_BSWAP ? __builtin_bswap64(x) : x; break; }
        }
    } else {
        v = helper_ld_mmu(env, addr, oi, tci_tb_ptr);
    }
    return mop & MO_SIGN ? sign_extend(v, size) : v;
}

static void guest_store(uint8_t *env, uint64_t addr, uint64_t v, MemOpIdx oi)
{
    MemOp mop = get_memop(oi);
    void *host = tlb_lookup(env, addr, oi, false);

    if (!host) {
        helper_st_mmu(env, addr, v, oi, tci_tb_ptr);
        return;
    }
    switch (mop & MO_SIZE) {
    case MO_8:  { uint8_t x = v; memcpy(host, &x, 1); break; }
    case MO_16: { uint16_t x = mop & MO_BSWAP ? __builtin_bswap16(v) : v; memcpy(host, &x, 2); break; }
    case MO_32: { uint32_t x = mop & MO_BSWAP ? __builtin_bswap32(v) : v; memcpy(host, &x, 4); break; }
    default:    { uint64_t x = mop & MO_BSWAP ? __builtin_bswap64(v) : v; memcpy(host, &x, 8); break; }
    }
}

/* Host memory at p, zero- or sign-extended from size bytes. */
static uint64_t host_load(const void *p, unsigned size, bool sign)
{
    uint64_t v = 0;
    memcpy(&v, p, size);
    return sign ? sign_extend(v, __builtin_ctz(size)) : v;
}

typedef uint64_t (*TCIHelperFn)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);

static const uint32_t *do_call(TCIState *st, const uint32_t *pc, uint32_t hdr)
{
    int nb_o = (hdr >> 8) & 0xf, nb_i = (hdr >> 12) & 0xf;
    uint64_t a[TCG_MAX_CALL_ARGS] = { 0 };
    const uint32_t *outs = pc;

    pc += nb_o;
    for (int i = 0; i < nb_i; i++) {
        a[i] = read_loc(st, *pc++);
    }
    const TCGHelperInfo *info = (const TCGHelperInfo *)(uintptr_t)read_u64(pc);
    pc += 2;
    tci_tb_ptr = (uintptr_t)pc;
    uint64_t r = ((TCIHelperFn)info->func)(a[0], a[1], a[2], a[3], a[4], a[5]);
    if (nb_o) {
        write_loc(st, outs[0], info->ret_type == TCG_HELPER_I32 ? (uint32_t)r : r);
    }
    return pc;
}

uintptr_t tci_execute(void *env, const void *code)
{
    TCIState st;
    const uint32_t *pc = code;
    st.env = env;

    for (;;) {
        uint32_t hdr = *pc++;
        TCGOpcode opc = (TCGOpcode)(hdr & 0xff);
        const TCGOpDef *def = &tcg_op_defs[opc];
        uint32_t out[2];
        uint64_t in[4], c[TCG_INSN_START_WORDS + 2], r, hi;
        bool is64 = (def->flags & TCG_OPF_64BIT) != 0;

        if (opc == INDEX_op_call) {
            pc = do_call(&st, pc, hdr);
            continue;
        }
        if (opc == INDEX_op_goto_tb) {
            pc += (hdr & HDR_PAD) ? 1 : 0;
            pc = (const uint32_t *)(uintptr_t)__atomic_load_n((const uint64_t *)pc,
                                                              __ATOMIC_RELAXED);
            continue;
        }
        for (int i = 0; i < def->nb_oargs; i++) {
            out[i] = *pc++;
        }
        for (int i = 0; i < def->nb_iargs; i++) {
            in[i] = read_loc(&st, *pc++);
        }
        for (int i = 0; i < def->nb_cargs; i++, pc += 2) {
            c[i] = read_u64(pc);
        }

        switch (opc) {
        case INDEX_op_br:
            pc = (const uint32_t *)(uintptr_t)c[0];
            break;
        case INDEX_op_brcond_i32:
        case INDEX_op_brcond_i64:
            if (tcg_eval_cond((TCGCond)c[0], in[0], in[1], is64)) {
                pc = (const uint32_t *)(uintptr_t)c[1];
            }
            break;
        case INDEX_op_exit_tb:
            return c[0];
        case INDEX_op_goto_ptr:
            pc = (const uint32_t *)(uintptr_t)in[0];
            break;
        case INDEX_op_movi_i32:
        case INDEX_op_movi_i64:
            write_loc(&st, out[0], c[0]);
            break;
        case INDEX_op_setcond_i32:
        case INDEX_op_setcond_i64:
            write_loc(&st, out[0], tcg_eval_cond((TCGCond)c[0], in[0], in[1], is64));
            break;
        case INDEX_op_movcond_i32:
        case INDEX_op_movcond_i64:
            write_loc(&st, out[0],
                      tcg_eval_cond((TCGCond)c[0], in[0], in[1], is64) ? in[2] : in[3]);
            break;

        case INDEX_op_ld8u_i32: case INDEX_op_ld8u_i64:
            write_loc(&st, out[0], host_load((void *)(uintptr_t)(in[0] + c[0]), 1, false));
            break;
        case INDEX_op_ld8s_i32: case INDEX_op_ld8s_i64:
            r = host_load((void *)(uintptr_t)(in[0] + c[0]), 1, true);
            write_loc(&st, out[0], is64 ? r : (uint32_t)r);
            break;
        case INDEX_op_ld16u_i32: case INDEX_op_ld16u_i64:
            write_loc(&st, out[0], host_load((void *)(uintptr_t)(in[0] + c[0]), 2, false));
            break;
        case INDEX_op_ld16s_i32: case INDEX_op_ld16s_i64:
            r = host_load((void *)(uintptr_t)(in[0] + c[0]), 2, true);
            write_loc(&st, out[0], is64 ? r : (uint32_t)r);
            break;
        case INDEX_op_ld_i32: case INDEX_op_ld32u_i64:
            write_loc(&st, out[0], host_load((void *)(uintptr_t)(in[0] + c[0]), 4, false));
            break;
        case INDEX_op_ld32s_i64:
            write_loc(&st, out[0], host_load((void *)(uintptr_t)(in[0] + c[0]), 4, true));
            break;
        case INDEX_op_ld_i64:
            write_loc(&st, out[0], host_load((void *)(uintptr_t)(in[0] + c[0]), 8, false));
            break;
        case INDEX_op_st8_i32: case INDEX_op_st8_i64:
            memcpy((void *)(uintptr_t)(in[1] + c[0]), &in[0], 1);
            break;
        case INDEX_op_st16_i32: case INDEX_op_st16_i64:
            memcpy((void *)(uintptr_t)(in[1] + c[0]), &in[0], 2);
            break;
        case INDEX_op_st_i32: case INDEX_op_st32_i64:
            memcpy((void *)(uintptr_t)(in[1] + c[0]), &in[0], 4);
            break;
        case INDEX_op_st_i64:
            memcpy((void *)(uintptr_t)(in[1] + c[0]), &in[0], 8);
            break;

        case INDEX_op_qemu_ld_i32:
        case INDEX_op_qemu_ld_i64:
            tci_tb_ptr = (uintptr_t)pc;
            r = guest_load(st.env, in[0], (MemOpIdx)c[0]);
            write_loc(&st, out[0], is64 ? r : (uint32_t)r);
            break;
        case INDEX_op_qemu_st_i32:
        case INDEX_op_qemu_st_i64:
            tci_tb_ptr = (uintptr_t)pc;
            guest_store(st.env, in[1], in[0], (MemOpIdx)c[0]);
            break;

        case INDEX_op_deposit_i32:
        case INDEX_op_deposit_i64:
            write_loc(&st, out[0], tcg_eval_deposit(in[0], in[1], c[0], c[1], is64));
            break;
        case INDEX_op_extract_i32:
        case INDEX_op_extract_i64:
            write_loc(&st, out[0], tcg_eval_extract(in[0], c[0], c[1], false, is64));
            break;
        case INDEX_op_sextract_i32:
        case INDEX_op_sextract_i64:
            write_loc(&st, out[0], tcg_eval_extract(in[0], c[0], c[1], true, is64));
            break;
        case INDEX_op_mulu2_i32:
        case INDEX_op_mulu2_i64:
        case INDEX_op_muls2_i32:
        case INDEX_op_muls2_i64:
            tcg_eval_mul2(in[0], in[1],
                          opc == INDEX_op_muls2_i32 || opc == INDEX_op_muls2_i64, is64, &r, &hi);
            write_loc(&st, out[0], r);
            write_loc(&st, out[1], hi);
            break;

        default:
            if (!tcg_eval_simple(opc, in[0], def->nb_iargs > 1 ? in[1] : 0, &r)) {
                fatal("TCI: unexpected op %s", def->name);
            }
            write_loc(&st, out[0], r);
            break;
        }
    }
}
