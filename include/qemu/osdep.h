/*
 * Included first by every C file: the standard headers, the host
 * configuration from configure, and a few small helpers.
 */
#ifndef QEMU_OSDEP_H
#define QEMU_OSDEP_H

#include "config-host.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <setjmp.h>
#include <assert.h>
#include <limits.h>

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define QEMU_NORETURN __attribute__((noreturn))
#define QEMU_PACKED __attribute__((packed))
#define QEMU_ALIGNED(n) __attribute__((aligned(n)))
#define QEMU_PRINTF(a, b) __attribute__((format(printf, a, b)))

#define xglue(a, b) a##b
#define glue(a, b) xglue(a, b)
#define stringify(s) tostring(s)
#define tostring(s) #s

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define container_of(ptr, type, member) \
    ((type *)((char *)(ptr) - offsetof(type, member)))
#define ROUND_UP(n, d) (((n) + (d) - 1) & -(0 ? (n) : (d)))
#define QEMU_BUILD_BUG_ON(x) _Static_assert(!(x), #x)

#ifndef MIN
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#endif

typedef uint64_t hwaddr;   /* guest physical address */
typedef uint64_t vaddr;    /* guest virtual address, any target */

/* Fatal errors: one clear message, non-zero exit (util/error.c). */
void QEMU_NORETURN QEMU_PRINTF(1, 2) fatal(const char *fmt, ...);
void QEMU_PRINTF(1, 2) error_report(const char *fmt, ...);
void QEMU_PRINTF(1, 2) warn_report(const char *fmt, ...);

/* Allocation that never returns NULL (util/alloc.c). */
void *qemu_malloc(size_t size);
void *qemu_mallocz(size_t size);
void *qemu_realloc(void *p, size_t size);
char *qemu_strdup(const char *s);

/* Executable memory for the code cache (util/oslib-posix.c). */
void *qemu_alloc_exec_mem(size_t size);

#endif
