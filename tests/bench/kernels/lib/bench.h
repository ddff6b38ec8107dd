/*
 * Library of the bare-metal benchmark kernels (tests/bench/kernels).
 *
 * A kernel file defines `const struct bench bench`; the library sets up a
 * flat GDT, an IDT whose only gate is the single-step counter, the FPU and
 * SSE, calls setup(), then:
 *   - counts the guest instructions of run(1) and run(2) by single-stepping
 *     (TF=1, one #DB per instruction), so that the host can tell guest
 *     instructions per second: INSNS <per iteration> <fixed part>
 *   - runs run(iterations) between the lines START and END, which the host
 *     timestamps as they arrive on COM1,
 * and leaves through isa-debug-exit (port 0xf4), QEMU's exit status 1.
 *
 * run(n) must do n identical iterations whose instruction count does not
 * depend on the data, and return a checksum that the host compares between
 * emulators.
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdint.h>

struct bench {
    const char *name;
    uint32_t iterations;            /* of the timed run */
    void (*setup)(void);            /* may be NULL */
    uint32_t (*run)(uint32_t n);
};
extern const struct bench bench;

void put_str(const char *s);
void put_u64(uint64_t v);
void put_hex(uint32_t v);

/* Identity-maps the first MIB MiB with 4 KiB pages and turns paging on. */
void paging_identity_4k(uint32_t mib);

#endif
