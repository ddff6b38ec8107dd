/*
 * Integer helpers: division (#DE on a zero divisor or a quotient that
 * does not fit), BCD adjustments, and rotate-through-carry.
 * Division and BCD run with env->eip and cc state synced by the caller.
 */
#include "qemu/osdep.h"
#include "cpu.h"
#include "cc_op.h"
#include "exec/helper-proto.h"

static void QEMU_NORETURN divide_error(CPUX86State *env, uintptr_t ra)
{
    raise_exception_ra(env, EXCP00_DIVZ, ra);
}

static void set_reg_part(CPUX86State *env, int reg, uint32_t val, int bits)
{
    if (bits == 8) {
        env->regs[reg] = (env->regs[reg] & ~(target_ulong)0xff) | (val & 0xff);
    } else if (bits == 16) {
        env->regs[reg] = (env->regs[reg] & ~(target_ulong)0xffff) | (val & 0xffff);
    } else {
        env->regs[reg] = val;
    }
}

/* DIV r/m8: AX / src -> AL quotient, AH remainder */
void helper_divb_AL(CPUX86State *env, target_ulong src)
{
    unsigned num = env->regs[R_EAX] & 0xffff, den = src & 0xff, q;
    if (den == 0) {
        divide_error(env, GETPC());
    }
    q = num / den;
    if (q > 0xff) {
        divide_error(env, GETPC());
    }
    set_reg_part(env, R_EAX, ((num % den) << 8) | q, 16);
}

void helper_idivb_AL(CPUX86State *env, target_ulong src)
{
    int num = (int16_t)env->regs[R_EAX], den = (int8_t)src, q;
    if (den == 0) {
        divide_error(env, GETPC());
    }
    q = num / den;
    if (q != (int8_t)q) {
        divide_error(env, GETPC());
    }
    set_reg_part(env, R_EAX, (((num % den) & 0xff) << 8) | (q & 0xff), 16);
}

/* DIV r/m16: DX:AX / src -> AX, DX */
void helper_divw_AX(CPUX86State *env, target_ulong src)
{
    uint32_t num = (env->regs[R_EAX] & 0xffff) | ((env->regs[R_EDX] & 0xffff) << 16);
    uint32_t den = src & 0xffff, q;
    if (den == 0) {
        divide_error(env, GETPC());
    }
    q = num / den;
    if (q > 0xffff) {
        divide_error(env, GETPC());
    }
    set_reg_part(env, R_EAX, q, 16);
    set_reg_part(env, R_EDX, num % den, 16);
}

void helper_idivw_AX(CPUX86State *env, target_ulong src)
{
    int32_t num = (int32_t)((env->regs[R_EAX] & 0xffff) | ((env->regs[R_EDX] & 0xffff) << 16));
    int32_t den = (int16_t)src, q;
    if (den == 0) {
        divide_error(env, GETPC());
    }
    /* INT32_MIN / -1 overflows in C too: it is a #DE anyway */
    if (num == INT32_MIN && den == -1) {
        divide_error(env, GETPC());
    }
    q = num / den;
    if (q != (int16_t)q) {
        divide_error(env, GETPC());
    }
    set_reg_part(env, R_EAX, q, 16);
    set_reg_part(env, R_EDX, num % den, 16);
}

/* DIV r/m32: EDX:EAX / src -> EAX, EDX */
void helper_divl_EAX(CPUX86State *env, target_ulong src)
{
    uint64_t num = (uint32_t)env->regs[R_EAX] | ((uint64_t)(uint32_t)env->regs[R_EDX] << 32);
    uint32_t den = src;
    uint64_t q;
    if (den == 0) {
        divide_error(env, GETPC());
    }
    q = num / den;
    if (q > 0xffffffffu) {
        divide_error(env, GETPC());
    }
    set_reg_part(env, R_EAX, q, 32);
    set_reg_part(env, R_EDX, num % den, 32);
}

void helper_idivl_EAX(CPUX86State *env, target_ulong src)
{
    int64_t num = (int64_t)((uint32_t)env->regs[R_EAX]
                            | ((uint64_t)(uint32_t)env->regs[R_EDX] << 32));
    int64_t den = (int32_t)src, q;
    if (den == 0) {
        divide_error(env, GETPC());
    }
    if (num == INT64_MIN && den == -1) {
        divide_error(env, GETPC());
    }
    q = num / den;
    if (q != (int32_t)q) {
        divide_error(env, GETPC());
    }
    set_reg_part(env, R_EAX, q, 32);
    set_reg_part(env, R_EDX, num % den, 32);
}

/* ---- BCD: the flags are materialised in cc_src (CC_OP_EFLAGS) ---- */

static target_ulong zsp8(unsigned v)
{
    v &= 0xff;
    return (v == 0 ? CC_Z : 0) | (v & 0x80 ? CC_S : 0)
         | (__builtin_parity(v) ? 0 : CC_P);
}

void helper_daa(CPUX86State *env)
{
    unsigned al = env->regs[R_EAX] & 0xff, old_al = al;
    target_ulong f = env->cc_src;
    bool cf = f & CC_C, af = f & CC_A;

    if ((al & 0xf) > 9 || af) {
        al += 6;
        af = true;
    } else {
        af = false;
    }
    if (old_al > 0x99 || cf) {
        al += 0x60;
        cf = true;
    } else {
        cf = false;
    }
    set_reg_part(env, R_EAX, al, 8);
    env->cc_src = (cf ? CC_C : 0) | (af ? CC_A : 0) | zsp8(al);
}

void helper_das(CPUX86State *env)
{
    unsigned al = env->regs[R_EAX] & 0xff, old_al = al;
    target_ulong f = env->cc_src;
    bool cf = f & CC_C, af = f & CC_A, old_cf = cf;

    cf = false;
    if ((al & 0xf) > 9 || af) {
        cf = old_cf || al < 6;
        al -= 6;
        af = true;
    } else {
        af = false;
    }
    if (old_al > 0x99 || old_cf) {
        al -= 0x60;
        cf = true;
    }
    set_reg_part(env, R_EAX, al, 8);
    env->cc_src = (cf ? CC_C : 0) | (af ? CC_A : 0) | zsp8(al);
}

void helper_aaa(CPUX86State *env)
{
    unsigned ax = env->regs[R_EAX] & 0xffff;
    target_ulong f = env->cc_src;
    bool adj = (ax & 0xf) > 9 || (f & CC_A);

    if (adj) {
        ax = (ax + 0x106) & 0xffff;
    }
    ax &= 0xff0f;
    set_reg_part(env, R_EAX, ax, 16);
    env->cc_src = (f & ~(target_ulong)(CC_C | CC_A)) | (adj ? CC_C | CC_A : 0);
}

void helper_aas(CPUX86State *env)
{
    unsigned ax = env->regs[R_EAX] & 0xffff;
    target_ulong f = env->cc_src;
    bool adj = (ax & 0xf) > 9 || (f & CC_A);

    if (adj) {
        /* the SDM's AX := AX - 6; AH := AH - 1: AL's borrow reaches AH */
        ax = (ax - 6 - 0x100) & 0xffff;
    }
    ax &= 0xff0f;
    set_reg_part(env, R_EAX, ax, 16);
    env->cc_src = (f & ~(target_ulong)(CC_C | CC_A)) | (adj ? CC_C | CC_A : 0);
}

/* AAM: AH = AL / base, AL = AL % base (base != 0, checked by the translator) */
void helper_aam(CPUX86State *env, int base)
{
    unsigned al = env->regs[R_EAX] & 0xff;
    unsigned ah = al / base;
    al %= base;
    set_reg_part(env, R_EAX, (ah << 8) | al, 16);
    env->cc_src = zsp8(al);
}

/* AAD: AL = AH * base + AL, AH = 0 */
void helper_aad(CPUX86State *env, int base)
{
    unsigned ax = env->regs[R_EAX];
    unsigned al = ((ax >> 8) * base + ax) & 0xff;
    set_reg_part(env, R_EAX, al, 16);
    env->cc_src = zsp8(al);
}

/* ---- rotate through carry ---- */

static uint64_t rotate_through_carry(target_ulong val, target_ulong count,
                                     target_ulong eflags, int ot, bool left)
{
    int bits = 8 << ot;
    int n = (count & 0x1f) % (bits + 1);
    uint64_t mask = (bits == 64) ? ~0ull : (1ull << bits) - 1;
    uint64_t v = val & mask, cf = eflags & CC_C, res, wide;
    target_ulong of;

    if ((count & 0x1f) == 0) {
        return v | ((uint64_t)eflags << 32);
    }
    /* a (bits+1)-wide rotate of CF:value */
    wide = (cf << bits) | v;
    if (n) {
        if (left) {
            wide = (wide << n) | (wide >> (bits + 1 - n));
        } else {
            wide = (wide >> n) | (wide << (bits + 1 - n));
        }
    }
    wide &= (mask << 1) | 1;
    res = wide & mask;
    cf = (wide >> bits) & 1;
    if (left) {
        of = ((res >> (bits - 1)) ^ cf) & 1;
    } else {
        of = ((res >> (bits - 1)) ^ (res >> (bits - 2))) & 1;
    }
    eflags = (eflags & ~(target_ulong)(CC_C | CC_O)) | (cf ? CC_C : 0) | (of ? CC_O : 0);
    return res | ((uint64_t)eflags << 32);
}

uint64_t helper_rcl(target_ulong val, target_ulong count, target_ulong eflags, int ot)
{
    return rotate_through_carry(val, count, eflags, ot, true);
}

uint64_t helper_rcr(target_ulong val, target_ulong count, target_ulong eflags, int ot)
{
    return rotate_through_carry(val, count, eflags, ot, false);
}
