/*
 * Reporting shared by the unit-test programs: each program is one
 * translation unit that includes this header once (hence the static
 * state) and runs its tests with run_test(). A test prints `PASS name`,
 * or `FAIL name: ...` for its first failed check, which also ends it; the
 * program exits non-zero when `failures` is not 0.
 */
#ifndef TESTS_UNIT_TEST_H
#define TESTS_UNIT_TEST_H

#include <stdio.h>

static int failures;
static const char *current_test;

#define CHECK(cond) do { \
    if (!(cond)) { \
        printf("FAIL %s: %s:%d: %s\n", current_test, __FILE__, __LINE__, #cond); \
        failures++; \
        return; \
    } \
} while (0)

#define CHECK_EQ(a, b) do { \
    long long va_ = (long long)(a), vb_ = (long long)(b); \
    if (va_ != vb_) { \
        printf("FAIL %s: %s:%d: %s = 0x%llx, expected 0x%llx\n", current_test, \
               __FILE__, __LINE__, #a, va_, vb_); \
        failures++; \
        return; \
    } \
} while (0)

/* Runs FN as test NAME in this process; true when it passed. */
static inline bool run_test(const char *name, void (*fn)(void))
{
    int before = failures;
    current_test = name;
    fn();
    if (failures != before) {
        return false;
    }
    printf("PASS %s\n", name);
    return true;
}

/* An interrupt line (qemu_irq handler probe_set) that records its level
 * and rising edges. */
typedef struct LineProbe {
    int level;
    int rising_edges;
} LineProbe;

static inline void probe_set(void *opaque, int n, int level)
{
    LineProbe *p = opaque;
    if (level && !p->level) {
        p->rising_edges++;
    }
    p->level = level;
}

#endif
