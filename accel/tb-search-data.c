/*
 * The guest state of each instruction of a TB, kept after its host code so
 * that a fault in the middle of a TB can be mapped back to the instruction
 * (cpu_restore_state). It is read only on faults, so it is packed: per
 * instruction, each insn_start word as a signed LEB128 delta from the
 * previous instruction's (the first from {tb->pc, 0, ...}), then the end of
 * its host code as an unsigned LEB128 delta from the previous end.
 */
#include "qemu/osdep.h"
#include "accel/internal.h"

static uint8_t *put_uleb(uint8_t *p, uint64_t v)
{
    do {
        uint8_t byte = v & 0x7f;
        v >>= 7;
        *p++ = byte | (v ? 0x80 : 0);
    } while (v);
    return p;
}

static uint8_t *put_sleb(uint8_t *p, int64_t v)
{
    for (;;) {
        uint8_t byte = v & 0x7f;
        v >>= 7;   /* arithmetic: keeps the sign */
        if ((v == 0 && !(byte & 0x40)) || (v == -1 && (byte & 0x40))) {
            *p++ = byte;
            return p;
        }
        *p++ = byte | 0x80;
    }
}

static const uint8_t *get_uleb(const uint8_t *p, uint64_t *v)
{
    uint64_t val = 0;
    unsigned shift = 0;
    uint8_t byte;

    do {
        byte = *p++;
        val |= (uint64_t)(byte & 0x7f) << shift;
        shift += 7;
    } while (byte & 0x80);
    *v = val;
    return p;
}

static const uint8_t *get_sleb(const uint8_t *p, int64_t *v)
{
    uint64_t val = 0;
    unsigned shift = 0;
    uint8_t byte;

    do {
        byte = *p++;
        val |= (uint64_t)(byte & 0x7f) << shift;
        shift += 7;
    } while (byte & 0x80);
    if (shift < 64 && (byte & 0x40)) {
        val |= ~(uint64_t)0 << shift;
    }
    *v = (int64_t)val;
    return p;
}

static void first_row(const TranslationBlock *tb, uint64_t prev[TCG_INSN_START_WORDS])
{
    prev[0] = tb->pc;
    for (int j = 1; j < TCG_INSN_START_WORDS; j++) {
        prev[j] = 0;
    }
}

size_t tb_encode_search_data(uint8_t *buf, const TranslationBlock *tb,
                             const TCGGenResult *gen)
{
    uint64_t prev[TCG_INSN_START_WORDS];
    uint32_t prev_end = 0;
    uint8_t *p = buf;

    first_row(tb, prev);
    for (int i = 0; i < gen->nb_insns; i++) {
        for (int j = 0; j < TCG_INSN_START_WORDS; j++) {
            p = put_sleb(p, (int64_t)(gen->insn_data[i][j] - prev[j]));
            prev[j] = gen->insn_data[i][j];
        }
        p = put_uleb(p, gen->insn_end_off[i] - prev_end);
        prev_end = gen->insn_end_off[i];
    }
    return p - buf;
}

bool tb_decode_search_data(const TranslationBlock *tb, uintptr_t host_off,
                           uint64_t data[TCG_INSN_START_WORDS])
{
    const uint8_t *p = tb->search_data;
    uint64_t end = 0;

    first_row(tb, data);
    for (int i = 0; i < tb->icount; i++) {
        for (int j = 0; j < TCG_INSN_START_WORDS; j++) {
            int64_t delta;
            p = get_sleb(p, &delta);
            data[j] += (uint64_t)delta;
        }
        uint64_t len;
        p = get_uleb(p, &len);
        end += len;
        if (host_off < end) {
            return true;
        }
    }
    return false;
}
