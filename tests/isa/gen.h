/* Case generator of the ISA differential tests. */
#ifndef ISA_GEN_H
#define ISA_GEN_H

#include <stdbool.h>
#include <stdint.h>
#include "isa-case.h"

enum isa_group {
    G_ALU, G_INCDEC, G_SHIFT, G_MULDIV, G_BIT, G_MISC, G_STRING, G_X87, G_SSE,
    G_COUNT
};
extern const char *const isa_group_names[G_COUNT];

/* A generated case: the 32-bit code the emulator runs and the 64-bit
 * code with the same effect that the host runs natively. */
struct gen_case {
    struct isa_case c;
    uint8_t code64[ISA_CODE_MAX];
    unsigned code64_len;
};

void gen_case(uint64_t seed, uint32_t index, struct gen_case *out);

#endif
