/* Runs a case's 64-bit encoding on the host CPU. */
#ifndef ISA_NATIVE_H
#define ISA_NATIVE_H

#include "gen.h"

/* Maps the fixed code and data pages; false (with a message) on failure. */
bool native_init(void);
/* Runs g natively; fills *out with the final state (or the state at the
 * fault and its vector). */
void native_run(const struct gen_case *g, struct isa_state *out);

#endif
