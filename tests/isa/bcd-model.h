/* Reference model of the BCD adjust insns for the G_BCD cases. */
#ifndef ISA_BCD_MODEL_H
#define ISA_BCD_MODEL_H

#include "gen.h"

/* The state the emulator must reach running g's 32-bit code. */
void bcd_model_run(const struct gen_case *g, struct isa_state *out);

#endif
