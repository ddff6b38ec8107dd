/*
 * The BCD adjust insns (daa das aaa aas aam aad) written from the
 * pseudo-code of the Intel SDM vol. 2, for the G_BCD cases that the host
 * cannot run (they are invalid in 64-bit mode). The model runs the steps
 * gen_bcd recorded, with the same stores and final cmp as its code.
 * It repeats target-i386/int_helper.c on purpose: a reference must not share
 * code with what it checks.
 */
#include <string.h>
#include "bcd-model.h"

enum { CF = 0x01, PF = 0x04, AF = 0x10, ZF = 0x40, SF = 0x80, OF = 0x800 };

static uint32_t szp(uint8_t v)
{
    return (v & 0x80 ? SF : 0) | (v == 0 ? ZF : 0) |
           (__builtin_parity(v) ? 0 : PF);
}

/*
 * One insn on AX with the flags f (SF ZF AF PF CF). Returns false for
 * #DE. Flags the SDM leaves undefined come out as 0: the caller masks
 * them as the generated code does.
 */
static bool bcd_exec(const struct bcd_step *st, uint16_t *ax, uint32_t *f)
{
    uint8_t al = (uint8_t)*ax, ah = (uint8_t)(*ax >> 8), old_al = al;
    bool cf = *f & CF, af = *f & AF, old_cf = cf;

    switch (st->op) {
    case BCD_DAA:
        cf = false;
        if ((al & 0x0f) > 9 || af) {
            cf = old_cf || al + 6 > 0xff;
            al += 6;
            af = true;
        } else {
            af = false;
        }
        if (old_al > 0x99 || old_cf) {
            al += 0x60;
            cf = true;
        } else {
            cf = false;
        }
        *f = szp(al) | (af ? AF : 0) | (cf ? CF : 0);
        break;
    case BCD_DAS:
        cf = false;
        if ((al & 0x0f) > 9 || af) {
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
        *f = szp(al) | (af ? AF : 0) | (cf ? CF : 0);
        break;
    case BCD_AAA:
        if ((al & 0x0f) > 9 || af) {
            *ax += 0x106;
            af = cf = true;
        } else {
            af = cf = false;
        }
        *ax &= 0xff0f;
        *f = (af ? AF : 0) | (cf ? CF : 0);
        return true;
    case BCD_AAS:
        if ((al & 0x0f) > 9 || af) {
            *ax -= 6;
            *ax -= 0x100;
            af = cf = true;
        } else {
            af = cf = false;
        }
        *ax &= 0xff0f;
        *f = (af ? AF : 0) | (cf ? CF : 0);
        return true;
    case BCD_AAM:
        if (st->imm == 0) {
            return false;
        }
        ah = al / st->imm;
        al = al % st->imm;
        *f = szp(al);
        break;
    case BCD_AAD:
        al = (uint8_t)(al + ah * st->imm);
        ah = 0;
        *f = szp(al);
        break;
    }
    *ax = (uint16_t)(ah << 8 | al);
    return true;
}

void bcd_model_run(const struct gen_case *g, struct isa_state *out)
{
    uint32_t *eax = &out->regs[0];
    uint32_t eflags;

    *out = g->c.in;
    out->vector = ISA_NO_FAULT;
    eflags = out->eflags;
    for (unsigned k = 0; k < g->bcd_steps; k++) {
        const struct bcd_step *st = &g->bcd[k];
        uint16_t ax = st->ax_in;
        uint32_t f = st->flags_in;
        uint8_t kept;

        /* mov $f, %ah; sahf (OF stays); mov $ax, %ax */
        eflags = (eflags & ~(uint32_t)(SF | ZF | AF | PF | CF)) | f;
        *eax = (*eax & 0xffff0000u) | ax;
        if (!bcd_exec(st, &ax, &f)) {
            out->vector = 0;        /* #DE, state before the insn */
            out->eflags = eflags;
            return;
        }
        /* mov %ax, slot; lahf; and $kept, %ah; mov %ah, slot + 2 */
        kept = bcd_flags_kept(st->op);
        out->mem[4 * k] = (uint8_t)ax;
        out->mem[4 * k + 1] = (uint8_t)(ax >> 8);
        uint8_t ah = (uint8_t)((f | 0x02) & kept);
        out->mem[4 * k + 2] = ah;
        *eax = (*eax & 0xffff0000u) | (uint32_t)ah << 8 | (ax & 0xff);
        /* and: OF = CF = 0, SF ZF PF of AH (AF undefined, reloaded by the next sahf) */
        eflags = (eflags & ~(uint32_t)(SF | ZF | AF | PF | CF | OF)) | szp(ah);
    }
    /* cmp %eax, %eax */
    out->eflags = (eflags & ~(uint32_t)(SF | ZF | AF | PF | CF | OF)) | ZF | PF;
}
