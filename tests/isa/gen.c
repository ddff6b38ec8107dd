/* Seeded generator of ISA test cases: short random sequences from one
 * instruction group, with random registers, flags, data and FPU/SSE state.
 * Every instruction is emitted twice: for 32-bit protected mode (what the
 * emulator runs) and for 64-bit mode (what the host CPU runs, since 32-bit
 * code cannot run natively here); the two encodings differ only where
 * 64-bit mode needs it (no 40-4F inc/dec, 0x67 for 32-bit addressing), so
 * the host computes exactly the 32-bit result. */
#include <string.h>
#include "gen.h"

const char *const isa_group_names[G_COUNT] = {
    "alu", "incdec", "shift", "muldiv", "bit", "misc", "string", "x87", "sse", "bcd",
};

/* xorshift64* */
static uint64_t rng;
static uint32_t rnd(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return (uint32_t)((rng * 0x2545F4914F6CDD1Dull) >> 32);
}
static uint32_t rnd_below(uint32_t n) { return rnd() % n; }

/* Interesting 32-bit values: boundaries more often than chance gives. */
static uint32_t rnd_value(void)
{
    static const uint32_t edge[] = { 0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000,
        0xffff, 0x10000, 0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff };
    switch (rnd_below(4)) {
    case 0: return edge[rnd_below(16)];
    case 1: return rnd() & 0xff;
    default: return rnd();
    }
}

struct emit {
    uint8_t *c32, *c64;
    unsigned n32, n64;
};
static void e32(struct emit *e, uint8_t b) { if (e->n32 < ISA_CODE_MAX) e->c32[e->n32++] = b; }
static void e64(struct emit *e, uint8_t b) { if (e->n64 < ISA_CODE_MAX) e->c64[e->n64++] = b; }
static void both(struct emit *e, uint8_t b) { e32(e, b); e64(e, b); }
static void both32(struct emit *e, uint32_t v) { for (int i = 0; i < 4; i++) both(e, (uint8_t)(v >> (8 * i))); }

/* General registers the cases may use: all but ESP. */
static unsigned rnd_reg(void)
{
    static const uint8_t regs[] = { 0, 1, 2, 3, 5, 6, 7 };
    return regs[rnd_below(7)];
}

/* A ModRM operand: a register, or (when mem_ok) an absolute address in the
 * data buffer through the SIB no-base form, which means [disp32] in both
 * 32-bit and 64-bit mode. `align` keeps the address a multiple of it. */
static void modrm(struct emit *e, unsigned reg, bool mem_ok, unsigned size, unsigned align)
{
    if (mem_ok && rnd_below(3) == 0) {
        uint32_t off = rnd_below(ISA_MEM_SIZE - size + 1);
        off -= off % (align ? align : 1);
        both(e, (uint8_t)(0x04 | (reg << 3)));
        both(e, 0x25);
        both32(e, ISA_MEM_ADDR + off);
    } else {
        both(e, (uint8_t)(0xc0 | (reg << 3) | rnd_reg()));
    }
}
static void modrm_reg(struct emit *e, unsigned reg, unsigned rm)
{
    both(e, (uint8_t)(0xc0 | (reg << 3) | rm));
}
static void modrm_mem(struct emit *e, unsigned reg, unsigned size, unsigned align)
{
    uint32_t off = rnd_below(ISA_MEM_SIZE - size + 1);
    off -= off % (align ? align : 1);
    both(e, (uint8_t)(0x04 | (reg << 3)));
    both(e, 0x25);
    both32(e, ISA_MEM_ADDR + off);
}

/* operand size: 0 = byte, 1 = word (0x66), 2 = dword */
static unsigned opsize(struct emit *e)
{
    unsigned s = rnd_below(3);
    if (s == 1)
        both(e, 0x66);
    return s;
}
static void imm(struct emit *e, unsigned size)
{
    uint32_t v = rnd_value();
    both(e, (uint8_t)v);
    if (size >= 1) both(e, (uint8_t)(v >> 8));
    if (size == 2) { both(e, (uint8_t)(v >> 16)); both(e, (uint8_t)(v >> 24)); }
}

/* add or adc sbb and sub xor cmp, in all their forms */
static void gen_alu(struct emit *e)
{
    unsigned op = rnd_below(8);
    switch (rnd_below(4)) {
    case 0: {                                   /* op r/m, r   or   op r, r/m */
        unsigned s = opsize(e);
        both(e, (uint8_t)((op << 3) | (rnd_below(2) << 1) | (s ? 1 : 0)));
        modrm(e, rnd_reg(), true, 4, 1);
        break;
    }
    case 1: {                                   /* 80/81/83 /op r/m, imm */
        unsigned s = opsize(e);
        unsigned form = s ? (rnd_below(2) ? 0x81 : 0x83) : 0x80;
        both(e, (uint8_t)form);
        modrm(e, op, true, 4, 1);
        imm(e, form == 0x81 ? s : 0);
        break;
    }
    case 2: {                                   /* op al/ax/eax, imm */
        unsigned s = opsize(e);
        both(e, (uint8_t)((op << 3) | 4 | (s ? 1 : 0)));
        imm(e, s);
        break;
    }
    default: {                                  /* neg/not, test */
        unsigned s = opsize(e);
        if (rnd_below(2)) {
            both(e, s ? 0xf7 : 0xf6);
            modrm(e, 2 + rnd_below(2), true, 4, 1);
        } else {
            both(e, s ? 0x85 : 0x84);
            modrm(e, rnd_reg(), true, 4, 1);
        }
    }
    }
}

/* inc/dec: the one-byte 40-4F forms in 32-bit code are REX prefixes in
 * 64-bit mode, where FF /0 and /1 do the same. */
static void gen_incdec(struct emit *e)
{
    unsigned reg = rnd_reg(), dec = rnd_below(2);
    if (rnd_below(2)) {
        if (rnd_below(3) == 0) both(e, 0x66);
        e32(e, (uint8_t)(0x40 + 8 * dec + reg));
        e64(e, 0xff);
        e64(e, (uint8_t)(0xc0 | (dec << 3) | reg));
    } else {
        unsigned s = opsize(e);
        both(e, s ? 0xff : 0xfe);
        modrm(e, dec, true, 4, 1);
    }
    if (rnd_below(2))
        gen_alu(e);
}

/* rol ror rcl rcr shl shr sar by 1, CL and imm8 (every count 0-31 and a
 * few above), shld/shrd */
static void gen_shift(struct emit *e)
{
    static const uint8_t ops[] = { 0, 1, 2, 3, 4, 5, 7 };
    unsigned op = ops[rnd_below(7)];
    if (rnd_below(5) == 0) {                    /* shld/shrd */
        both(e, 0x0f);
        unsigned base = rnd_below(2) ? 0xa4 : 0xac;
        if (rnd_below(2)) {
            both(e, (uint8_t)base);
            modrm(e, rnd_reg(), true, 4, 1);
            both(e, (uint8_t)rnd_below(40));
        } else {
            both(e, (uint8_t)(base + 1));       /* by CL */
            modrm(e, rnd_reg(), true, 4, 1);
        }
        return;
    }
    if (rnd_below(3) == 0) {                    /* set CL to a count first */
        both(e, 0xb1);
        both(e, (uint8_t)(rnd_below(4) ? rnd_below(33) : rnd()));
    }
    unsigned s = opsize(e);
    switch (rnd_below(3)) {
    case 0:
        both(e, s ? 0xd1 : 0xd0);
        modrm(e, op, true, 4, 1);
        break;
    case 1:
        both(e, s ? 0xd3 : 0xd2);
        modrm(e, op, true, 4, 1);
        break;
    default:
        both(e, s ? 0xc1 : 0xc0);
        modrm(e, op, true, 4, 1);
        both(e, (uint8_t)(rnd_below(8) ? rnd_below(33) : rnd()));
    }
}

/* mul imul div idiv (one operand), imul r, r/m (, imm); sometimes after
 * an ALU op and before a setcc, as MUL keeps the flags other than CF and
 * OF, which an emulator may leave to compute lazily */
static void gen_muldiv(struct emit *e)
{
    bool around = rnd_below(2);
    if (around)
        gen_alu(e);
    switch (rnd_below(3)) {
    case 0: {
        unsigned s = opsize(e);
        both(e, s ? 0xf7 : 0xf6);
        modrm(e, 4 + rnd_below(4), true, 4, 1);
        break;
    }
    case 1: {
        if (rnd_below(3) == 0) both(e, 0x66);
        both(e, 0x0f); both(e, 0xaf);
        modrm(e, rnd_reg(), true, 4, 1);
        break;
    }
    default: {
        bool word = rnd_below(3) == 0;
        if (word) both(e, 0x66);
        bool imm8 = rnd_below(2);
        both(e, imm8 ? 0x6b : 0x69);
        modrm(e, rnd_reg(), true, 4, 1);
        imm(e, imm8 ? 0 : (word ? 1 : 2));
    }
    }
    if (around && rnd_below(2)) {
        both(e, 0x0f); both(e, (uint8_t)(0x90 + rnd_below(16)));
        modrm(e, 0, true, 1, 1);
    }
}

/* bt bts btr btc (reg and imm forms), bsf bsr, bswap */
static void gen_bit(struct emit *e)
{
    switch (rnd_below(4)) {
    case 0:
        if (rnd_below(3) == 0) both(e, 0x66);
        both(e, 0x0f);
        both(e, (uint8_t)(0xa3 + 8 * rnd_below(4)));
        modrm_reg(e, rnd_reg(), rnd_reg());     /* register bases only */
        break;
    case 1:
        if (rnd_below(3) == 0) both(e, 0x66);
        both(e, 0x0f); both(e, 0xba);
        modrm(e, 4 + rnd_below(4), true, 4, 1);
        both(e, (uint8_t)rnd());
        break;
    case 2:
        if (rnd_below(3) == 0) both(e, 0x66);
        both(e, 0x0f);
        both(e, (uint8_t)(0xbc + rnd_below(2)));
        modrm(e, rnd_reg(), true, 4, 1);
        break;
    default:
        both(e, 0x0f);
        both(e, (uint8_t)(0xc8 + rnd_reg()));
    }
}

/* cmovcc setcc xadd cmpxchg cmpxchg8b lahf sahf cbw/cwde cwd/cdq
 * clc stc cmc, pushf/pop and push/popf of the arithmetic flags, lea,
 * movzx/movsx, xchg */
static void gen_misc(struct emit *e)
{
    switch (rnd_below(12)) {
    case 0:
        if (rnd_below(3) == 0) both(e, 0x66);
        both(e, 0x0f); both(e, (uint8_t)(0x40 + rnd_below(16)));
        modrm(e, rnd_reg(), true, 4, 1);
        break;
    case 1:
        both(e, 0x0f); both(e, (uint8_t)(0x90 + rnd_below(16)));
        modrm(e, 0, true, 1, 1);
        break;
    case 2: {
        unsigned s = opsize(e);
        both(e, 0x0f); both(e, (uint8_t)(0xc0 + (s ? 1 : 0)));
        modrm(e, rnd_reg(), true, 4, 1);
        break;
    }
    case 3: {
        unsigned s = opsize(e);
        both(e, 0x0f); both(e, (uint8_t)(0xb0 + (s ? 1 : 0)));
        modrm(e, rnd_reg(), true, 4, 1);
        break;
    }
    case 4:
        both(e, 0x0f); both(e, 0xc7);
        modrm_mem(e, 1, 8, 1);
        break;
    case 5:
        both(e, rnd_below(2) ? 0x9f : 0x9e);
        break;
    case 6:
        if (rnd_below(2)) both(e, 0x66);
        both(e, (uint8_t)(0x98 + rnd_below(2)));
        break;
    case 7: {
        static const uint8_t ops[] = { 0xf8, 0xf9, 0xf5 };
        both(e, ops[rnd_below(3)]);
        break;
    }
    case 8: {                                   /* pushf; pop r; and $0xcd7, r */
        unsigned r = rnd_reg();
        both(e, 0x9c);
        both(e, (uint8_t)(0x58 + r));
        both(e, 0x81); modrm_reg(e, 4, r); both32(e, 0xcd7);
        break;
    }
    case 9: {                                   /* and $0x8d5, r; push r; popf */
        unsigned r = rnd_reg();
        both(e, 0x81); modrm_reg(e, 4, r); both32(e, 0x8d5);
        both(e, (uint8_t)(0x50 + r));
        both(e, 0x9d);
        break;
    }
    case 10: {                                  /* lea with base+index*scale+disp, 32-bit address size */
        if (rnd_below(4) == 0) both(e, 0x66);
        e64(e, 0x67);
        both(e, 0x8d);
        unsigned base = rnd_reg(), index = rnd_reg();
        both(e, (uint8_t)(0x84 | (rnd_reg() << 3)));
        both(e, (uint8_t)((rnd_below(4) << 6) | (index << 3) | base));
        both32(e, rnd_value());
        break;
    }
    default:
        if (rnd_below(2)) {
            both(e, 0x0f); both(e, (uint8_t)(0xb6 + rnd_below(2) + 8 * rnd_below(2)));
            modrm(e, rnd_reg(), true, 2, 1);
        } else {
            unsigned s = opsize(e);
            both(e, s ? 0x87 : 0x86);
            modrm(e, rnd_reg(), true, 4, 1);
        }
    }
}

/* One string instruction with a rep prefix, after setting ESI, EDI, ECX
 * and DF so that every access stays in the buffer. */
static void gen_string(struct emit *e, struct isa_case *c)
{
    static const uint8_t ops[] = { 0xa4, 0xa5, 0xa6, 0xa7, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf };
    uint8_t op = ops[rnd_below(10)];
    bool word = rnd_below(4) == 0;
    unsigned elem = (op & 1) ? (word ? 2 : 4) : 1;
    unsigned count = rnd_below(24);
    bool down = rnd_below(2);
    unsigned span = count * elem + elem;
    uint32_t lo = down ? span : 0, hi = ISA_MEM_SIZE / 2 - (down ? elem : span);
    c->in.regs[6] = ISA_MEM_ADDR + lo + rnd_below(hi - lo + 1);
    c->in.regs[7] = ISA_MEM_ADDR + ISA_MEM_SIZE / 2 + lo + rnd_below(hi - lo + 1);
    c->in.regs[1] = count;
    both(e, down ? 0xfd : 0xfc);
    e64(e, 0x67);
    if (word) both(e, 0x66);
    if (rnd_below(5)) {
        bool cmp = op == 0xa6 || op == 0xa7 || op == 0xae || op == 0xaf;
        both(e, cmp && rnd_below(2) ? 0xf2 : 0xf3);
    }
    both(e, op);
    /* make repe/repne stop somewhere: copy part of the source over */
    for (unsigned i = 0; i < ISA_MEM_SIZE / 2; i++)
        if (rnd_below(4))
            c->in.mem[ISA_MEM_SIZE / 2 + i] = c->in.mem[i];
}

/* ---- x87 ---- */

static void put_double(uint8_t *p, double d) { memcpy(p, &d, 8); }

static double rnd_double(void)
{
    static const double special[] = { 0.0, -0.0, 1.0, -1.0, 0.5, 3.0, 1e300, -1e-300,
        4.9e-324, 1.0 / 0.0, -1.0 / 0.0, 0.0 / 0.0, 2.5, 1e10, 123456789.0, -7.25 };
    if (rnd_below(4) == 0)
        return special[rnd_below(16)];
    double m = (double)(rnd() | 1) / 4294967296.0;
    int ex = (int)rnd_below(80) - 40;
    while (ex > 0) { m *= 2; ex--; }
    while (ex < 0) { m /= 2; ex++; }
    return rnd_below(2) ? -m : m;
}

static void gen_x87(struct emit *e)
{
    /* memory operands: the buffer holds 16 doubles at 0..127 and is
     * written at 128.. */
    switch (rnd_below(10)) {
    case 0: case 1:                             /* fld m64 */
        both(e, 0xdd);
        both(e, 0x04); both(e, 0x25); both32(e, ISA_MEM_ADDR + 8 * rnd_below(16));
        break;
    case 2: {                                   /* fadd fmul fcom fcomp fsub fsubr fdiv fdivr st(0), st(i) / m64 */
        unsigned op = rnd_below(8);
        if (rnd_below(2)) {
            both(e, rnd_below(2) ? 0xd8 : 0xdc);
            both(e, (uint8_t)(0xc0 | (op << 3) | rnd_below(8)));
        } else {
            both(e, 0xdc);
            both(e, (uint8_t)(0x04 | (op << 3))); both(e, 0x25);
            both32(e, ISA_MEM_ADDR + 8 * rnd_below(16));
        }
        break;
    }
    case 3: {                                   /* D9 E0-FF: fchs fabs ftst fxam fld1.. f2xm1 .. fcos */
        static const uint8_t ops[] = { 0xe0, 0xe1, 0xe4, 0xe5, 0xe8, 0xe9, 0xea, 0xeb, 0xec,
            0xed, 0xee, 0xfa, 0xfc, 0xfd, 0xf8, 0xf5, 0xf4, 0xf0, 0xf1, 0xf2, 0xf3, 0xfe, 0xff };
        both(e, 0xd9);
        both(e, ops[rnd_below(sizeof ops)]);
        break;
    }
    case 4:                                     /* fld st(i), fxch */
        both(e, 0xd9);
        both(e, (uint8_t)((rnd_below(2) ? 0xc0 : 0xc8) + rnd_below(8)));
        break;
    case 5:                                     /* faddp..fdivp st(i), st(0) */
        both(e, 0xde);
        both(e, (uint8_t)(0xc0 | ((rnd_below(4) + 4 * (rnd_below(2))) << 3) | rnd_below(8)));
        break;
    case 6:                                     /* fcomi fucomi (and pop variants) */
        both(e, rnd_below(2) ? 0xdb : 0xdf);
        both(e, (uint8_t)((rnd_below(2) ? 0xe8 : 0xf0) + rnd_below(8)));
        break;
    case 7: {                                   /* fst/fstp m64, fistp m32, fisttp? (SSE3) no */
        static const uint8_t forms[][2] = { { 0xdd, 2 }, { 0xdd, 3 }, { 0xdb, 3 }, { 0xdb, 2 }, { 0xdf, 7 } };
        unsigned f = rnd_below(5);
        both(e, forms[f][0]);
        both(e, (uint8_t)(0x04 | (forms[f][1] << 3))); both(e, 0x25);
        both32(e, ISA_MEM_ADDR + 128 + 8 * rnd_below(16));
        break;
    }
    case 8:                                     /* fnstsw ax */
        both(e, 0xdf); both(e, 0xe0);
        break;
    default:                                    /* fild m32 */
        both(e, 0xdb);
        both(e, 0x04); both(e, 0x25); both32(e, ISA_MEM_ADDR + 4 * rnd_below(32));
    }
}

/* ---- SSE / SSE2 ---- */

static void gen_sse(struct emit *e)
{
    unsigned dst = rnd_below(8);
    switch (rnd_below(8)) {
    case 0: case 1: {                           /* 0F 51-5F, ps/pd/ss/sd */
        static const uint8_t pre[] = { 0, 0x66, 0xf3, 0xf2 };
        static const uint8_t ops[] = { 0x51, 0x58, 0x59, 0x5c, 0x5d, 0x5e, 0x5f, 0x54, 0x55, 0x56, 0x57 };
        uint8_t op = ops[rnd_below(sizeof ops)];
        unsigned p = op >= 0x54 ? rnd_below(2) : rnd_below(4);
        if (pre[p]) both(e, pre[p]);
        both(e, 0x0f); both(e, op);
        if (rnd_below(3) == 0) modrm_mem(e, dst, 16, 16);
        else modrm_reg(e, dst, rnd_below(8));
        break;
    }
    case 2: {                                   /* cmpps/pd/ss/sd imm 0-7 */
        static const uint8_t pre[] = { 0, 0x66, 0xf3, 0xf2 };
        unsigned p = rnd_below(4);
        if (pre[p]) both(e, pre[p]);
        both(e, 0x0f); both(e, 0xc2);
        modrm_reg(e, dst, rnd_below(8));
        both(e, (uint8_t)rnd_below(8));
        break;
    }
    case 3:                                     /* (u)comiss/sd: EFLAGS */
        if (rnd_below(2)) both(e, 0x66);
        both(e, 0x0f); both(e, (uint8_t)(0x2e + rnd_below(2)));
        modrm_reg(e, dst, rnd_below(8));
        break;
    case 4: {                                   /* conversions */
        switch (rnd_below(6)) {
        case 0:                                 /* cvtsi2ss/sd xmm, r32 */
            both(e, rnd_below(2) ? 0xf3 : 0xf2); both(e, 0x0f); both(e, 0x2a);
            modrm_reg(e, dst, rnd_reg());
            break;
        case 1:                                 /* cvt(t)ss2si / cvt(t)sd2si r32, xmm */
            both(e, rnd_below(2) ? 0xf3 : 0xf2); both(e, 0x0f); both(e, (uint8_t)(0x2c + rnd_below(2)));
            modrm_reg(e, rnd_reg(), rnd_below(8));
            break;
        case 2:                                 /* cvtps2pd / cvtpd2ps / cvtss2sd / cvtsd2ss */
        {
            static const uint8_t pre[] = { 0, 0x66, 0xf3, 0xf2 };
            unsigned p = rnd_below(4);
            if (pre[p]) both(e, pre[p]);
            both(e, 0x0f); both(e, 0x5a);
            modrm_reg(e, dst, rnd_below(8));
            break;
        }
        case 3:                                 /* cvtdq2ps / cvtps2dq / cvttps2dq */
        {
            static const uint8_t pre[] = { 0, 0x66, 0xf3 };
            unsigned p = rnd_below(3);
            if (pre[p]) both(e, pre[p]);
            both(e, 0x0f); both(e, 0x5b);
            modrm_reg(e, dst, rnd_below(8));
            break;
        }
        case 4:                                 /* cvtdq2pd / cvtpd2dq / cvttpd2dq */
        {
            static const uint8_t pre[] = { 0xf3, 0xf2, 0x66 };
            both(e, pre[rnd_below(3)]);
            both(e, 0x0f); both(e, 0xe6);
            modrm_reg(e, dst, rnd_below(8));
            break;
        }
        default:                                /* movd xmm, r32 / r32, xmm */
            both(e, 0x66); both(e, 0x0f); both(e, rnd_below(2) ? 0x6e : 0x7e);
            modrm_reg(e, dst, rnd_reg());
        }
        break;
    }
    case 5: {                                   /* SSE2 integer ops 66 0F xx */
        static const uint8_t ops[] = { 0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68,
            0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x74, 0x75, 0x76, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5,
            0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0xe0, 0xe1, 0xe2, 0xe3, 0xe4,
            0xe5, 0xe8, 0xe9, 0xea, 0xeb, 0xec, 0xed, 0xee, 0xef, 0xf1, 0xf2, 0xf3, 0xf4,
            0xf5, 0xf6, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe };
        both(e, 0x66); both(e, 0x0f); both(e, ops[rnd_below(sizeof ops)]);
        if (rnd_below(3) == 0) modrm_mem(e, dst, 16, 16);
        else modrm_reg(e, dst, rnd_below(8));
        break;
    }
    case 6:                                     /* shifts by imm, pshufd, shufps */
        switch (rnd_below(3)) {
        case 0:
            both(e, 0x66); both(e, 0x0f); both(e, (uint8_t)(0x71 + rnd_below(3)));
            both(e, (uint8_t)(0xc0 | ((2 + 2 * rnd_below(3)) << 3) | dst));
            both(e, (uint8_t)rnd_below(70));
            break;
        case 1:
            both(e, 0x66); both(e, 0x0f); both(e, 0x70);
            modrm_reg(e, dst, rnd_below(8));
            both(e, (uint8_t)rnd());
            break;
        default:
            if (rnd_below(2)) both(e, 0x66);
            both(e, 0x0f); both(e, 0xc6);
            modrm_reg(e, dst, rnd_below(8));
            both(e, (uint8_t)rnd());
        }
        break;
    default:                                    /* movmskps/pd, pmovmskb, pextrw, pinsrw, unpck */
        switch (rnd_below(4)) {
        case 0:
            if (rnd_below(2)) both(e, 0x66);
            both(e, 0x0f); both(e, 0x50);
            modrm_reg(e, rnd_reg(), rnd_below(8));
            break;
        case 1:
            both(e, 0x66); both(e, 0x0f); both(e, 0xd7);
            modrm_reg(e, rnd_reg(), rnd_below(8));
            break;
        case 2:
            both(e, 0x66); both(e, 0x0f); both(e, 0xc5);
            modrm_reg(e, rnd_reg(), rnd_below(8));
            both(e, (uint8_t)rnd_below(8));
            break;
        default:
            if (rnd_below(2)) both(e, 0x66);
            both(e, 0x0f); both(e, (uint8_t)(0x14 + rnd_below(2)));
            modrm_reg(e, dst, rnd_below(8));
        }
    }
}

static void init_fx(struct isa_case *c, bool x87, bool sse)
{
    uint8_t *fx = c->in.fx;
    memset(fx, 0, 512);
    uint16_t fcw = 0x037f;
    if (x87)
        fcw = (uint16_t)((fcw & ~0x0f00) | (rnd_below(4) << 10) | ((rnd_below(3) ? 3 : rnd_below(3)) << 8));
    memcpy(fx, &fcw, 2);
    uint32_t mxcsr = 0x1f80;
    if (sse)
        mxcsr |= (rnd_below(4) << 13) | (rnd_below(4) == 0 ? 0x8040 : 0);
    memcpy(fx + 24, &mxcsr, 4);
    uint32_t mask = 0xffff;
    memcpy(fx + 28, &mask, 4);
    for (int i = 0; i < 8; i++) {
        uint8_t *x = fx + 160 + 16 * i;
        switch (rnd_below(3)) {
        case 0:
            for (int j = 0; j < 4; j++) { float f = (float)rnd_double(); memcpy(x + 4 * j, &f, 4); }
            break;
        case 1:
            put_double(x, rnd_double());
            put_double(x + 8, rnd_double());
            break;
        default:
            for (int j = 0; j < 4; j++) { uint32_t v = rnd_value(); memcpy(x + 4 * j, &v, 4); }
        }
    }
}

/*
 * G_BCD: daa das aaa aas aam aad, invalid in 64-bit mode, so only 32-bit
 * code is made and bcd-model.c gives the expected state. Each step loads
 * fresh inputs (flags with sahf, AX with mov), runs one insn and stores AX
 * and the flags (lahf) at mem[4 * step], with the flags the SDM leaves
 * undefined masked out: AMD's manual leaves them undefined too, so they
 * are not compared. OF is undefined after all six and lahf does not see
 * it. A final cmp leaves every flag defined.
 */
static const uint8_t bcd_defined_flags[] = {
    [BCD_DAA] = 0xd7, [BCD_DAS] = 0xd7,     /* SF ZF AF PF CF (bit 1 reads 1) */
    [BCD_AAA] = 0x13, [BCD_AAS] = 0x13,     /* AF CF */
    [BCD_AAM] = 0xc6, [BCD_AAD] = 0xc6,     /* SF ZF PF */
};

uint8_t bcd_flags_kept(enum bcd_op op) { return bcd_defined_flags[op]; }

static void gen_bcd(struct emit *e, struct gen_case *g)
{
    static const uint8_t opcode[] = { 0x27, 0x2f, 0x37, 0x3f, 0xd4, 0xd5 };
    unsigned n = 1 + rnd_below(BCD_MAX_STEPS);

    for (unsigned k = 0; k < n; k++) {
        struct bcd_step *st = &g->bcd[k];
        uint32_t slot = ISA_MEM_ADDR + 4 * k;
        st->op = (enum bcd_op)rnd_below(6);
        st->flags_in = (uint8_t)(rnd() & 0xd5);
        st->ax_in = (uint16_t)rnd();
        /* base 10 (the documented form), 0 (#DE for aam) or any */
        switch (rnd_below(8)) {
        case 0: st->imm = 0; break;
        case 1: case 2: case 3: st->imm = 10; break;
        default: st->imm = (uint8_t)rnd(); break;
        }
        e32(e, 0xb4); e32(e, st->flags_in);                 /* mov $f, %ah */
        e32(e, 0x9e);                                       /* sahf */
        e32(e, 0x66); e32(e, 0xb8);                         /* mov $ax, %ax */
        e32(e, (uint8_t)st->ax_in); e32(e, (uint8_t)(st->ax_in >> 8));
        e32(e, opcode[st->op]);
        if (st->op >= BCD_AAM)
            e32(e, st->imm);
        e32(e, 0x66); e32(e, 0xa3);                         /* mov %ax, slot */
        for (int i = 0; i < 4; i++) e32(e, (uint8_t)(slot >> (8 * i)));
        e32(e, 0x9f);                                       /* lahf */
        e32(e, 0x80); e32(e, 0xe4); e32(e, bcd_defined_flags[st->op]);  /* and $m, %ah */
        e32(e, 0x88); e32(e, 0x25);                         /* mov %ah, slot + 2 */
        for (int i = 0; i < 4; i++) e32(e, (uint8_t)((slot + 2) >> (8 * i)));
    }
    e32(e, 0x39); e32(e, 0xc0);                             /* cmp %eax, %eax */
    g->bcd_steps = n;
}

void gen_case(uint64_t seed, uint32_t index, struct gen_case *out)
{
    rng = (seed * 0x9E3779B97F4A7C15ull) ^ ((uint64_t)index * 0xD1B54A32D192ED03ull) ^ 0x5DEECE66Dull;
    if (!rng)
        rng = 1;
    for (int i = 0; i < 8; i++)
        rnd();
    memset(out, 0, sizeof *out);
    struct isa_case *c = &out->c;
    c->index = index;
    c->group = (uint16_t)(index % G_COUNT);
    for (int i = 0; i < 8; i++)
        c->in.regs[i] = rnd_value();
    c->in.regs[4] = 0;
    c->in.eflags = 0x2 | (rnd() & 0x8d5);
    c->in.vector = ISA_NO_FAULT;
    for (int i = 0; i < ISA_MEM_SIZE; i++)
        c->in.mem[i] = (uint8_t)rnd_value();
    struct emit e = { c->code, out->code64, 0, 0 };
    unsigned n = 1 + rnd_below(6);
    switch (c->group) {
    case G_X87:
        for (int i = 0; i < 16; i++)
            put_double(c->in.mem + 8 * i, rnd_double());
        init_fx(c, true, false);
        c->flags |= ISA_CASE_FPU;
        n = 2 + rnd_below(8);
        break;
    case G_SSE:
        for (int i = 0; i < 16; i++)
            put_double(c->in.mem + 8 * i, rnd_double());
        init_fx(c, false, true);
        c->flags |= ISA_CASE_FPU;
        break;
    default:
        init_fx(c, false, false);
    }
    for (unsigned i = 0; i < n && e.n32 < ISA_CODE_MAX - 16 && e.n64 < ISA_CODE_MAX - 16; i++) {
        switch (c->group) {
        case G_ALU: gen_alu(&e); break;
        case G_INCDEC: gen_incdec(&e); break;
        case G_SHIFT: gen_shift(&e); break;
        case G_MULDIV: gen_muldiv(&e); break;
        case G_BIT: gen_bit(&e); break;
        case G_MISC: gen_misc(&e); break;
        case G_STRING: gen_string(&e, c); i = n; break;
        case G_BCD: gen_bcd(&e, out); i = n; break;
        case G_X87: gen_x87(&e); break;
        case G_SSE: gen_sse(&e); break;
        }
    }
    c->code_len = (uint16_t)e.n32;
    out->code64_len = e.n64;
}
