/*
 * -perfmap: tells Linux perf which guest code each block of generated host
 * code belongs to, through the /tmp/perf-PID.map file perf reads for JIT code.
 */
#ifndef EXEC_PERF_MAP_H
#define EXEC_PERF_MAP_H

#include "exec/cpu-common.h"

/* Opens /tmp/perf-PID.map; exits with an error naming it when it can't. */
void perf_map_enable(void);

/* Records a new TB's host code range (a no-op unless enabled). */
void perf_map_note_tb(const TranslationBlock *tb);

#endif
