/* Case generator of the ISA differential tests. */
#ifndef ISA_GEN_H
#define ISA_GEN_H

#include <stdbool.h>
#include <stdint.h>
#include "isa-case.h"

enum isa_group {
    G_ALU, G_INCDEC, G_SHIFT, G_MULDIV, G_BIT, G_MISC, G_STRING, G_X87, G_SSE,
    G_BCD,      /* 32-bit only: checked against bcd-model.c, not the host */
    G_COUNT
};
extern const char *const isa_group_names[G_COUNT];

/* One step of a G_BCD case: inputs loaded, one BCD insn, results stored
 * (see gen_bcd in gen.c). */
enum bcd_op { BCD_DAA, BCD_DAS, BCD_AAA, BCD_AAS, BCD_AAM, BCD_AAD };
struct bcd_step {
    enum bcd_op op;
    uint8_t imm;            /* aam/aad base */
    uint8_t flags_in;       /* loaded by sahf: SF ZF AF PF CF */
    uint16_t ax_in;
};
#define BCD_MAX_STEPS 4

/* A generated case: the 32-bit code the emulator runs and the 64-bit
 * code with the same effect that the host runs natively (G_BCD: the
 * steps the reference model runs instead). */
struct gen_case {
    struct isa_case c;
    uint8_t code64[ISA_CODE_MAX];
    unsigned code64_len;
    struct bcd_step bcd[BCD_MAX_STEPS];
    unsigned bcd_steps;
};

void gen_case(uint64_t seed, uint32_t index, struct gen_case *out);
/* the lahf flag bits a G_BCD step stores after op (the defined ones) */
uint8_t bcd_flags_kept(enum bcd_op op);

#endif
