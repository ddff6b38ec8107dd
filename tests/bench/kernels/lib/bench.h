/*
 * Driver of the bare-metal benchmark kernels (tests/bench/kernels), built on
 * the test-kernel library (tests/kernels/lib: multiboot entry, COM1,
 * descriptors, paging; see ktest.h).
 *
 * A kernel file defines `const struct bench bench`; the driver turns on the
 * FPU and SSE, points the #DB gate at the single-step counter, calls
 * setup(), then:
 *   - counts the guest instructions of run(1) and run(2) by single-stepping
 *     (TF=1, one #DB per instruction), so that the host can tell guest
 *     instructions per second: INSNS <per iteration> <fixed part>
 *   - runs run(iterations) between the lines START and END, which the host
 *     timestamps as they arrive on COM1,
 * and leaves through the library's isa-debug-exit (port 0xf4), QEMU's exit
 * status 1.
 *
 * run(n) must do n identical iterations whose instruction count does not
 * depend on the data, and return a checksum that the host compares between
 * emulators.
 */
#ifndef BENCH_H
#define BENCH_H

#include "ktest.h"

struct bench {
    const char *name;
    uint32_t iterations;            /* of the timed run */
    void (*setup)(void);            /* may be NULL */
    uint32_t (*run)(uint32_t n);
};
extern const struct bench bench;

#endif
