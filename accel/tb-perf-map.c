/*
 * -perfmap: one "START SIZE NAME" line per translation block in
 * /tmp/perf-PID.map, the format perf report reads to name JIT code. The name
 * is the guest pc, so a profile can be mapped onto the guest's symbols.
 */
#include "qemu/osdep.h"
#include "exec/perf-map.h"
#include <unistd.h>

static FILE *perf_map;

void perf_map_enable(void)
{
    char path[64];

    snprintf(path, sizeof(path), "/tmp/perf-%d.map", (int)getpid());
    perf_map = fopen(path, "w");
    if (!perf_map) {
        fatal("-perfmap: cannot create %s: %s", path, strerror(errno));
    }
}

void perf_map_note_tb(const TranslationBlock *tb)
{
    if (perf_map) {
        /* stdio-buffered: perf reads the map after the run, and exit() flushes it */
        fprintf(perf_map, "%" PRIxPTR " %" PRIx32 " guest-0x%" PRIx64 "\n",
                (uintptr_t)tb->tc_ptr, tb->tc_size, (uint64_t)tb->pc);
    }
}
