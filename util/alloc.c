/* Allocation that ends the program with a clear message instead of returning NULL. */
#include "qemu/osdep.h"

static void *check(void *p, size_t size)
{
    if (!p && size) {
        fatal("out of memory allocating %zu bytes", size);
    }
    return p;
}

void *qemu_malloc(size_t size) { return check(malloc(size), size); }
void *qemu_mallocz(size_t size) { return check(calloc(1, size), size); }
void *qemu_realloc(void *p, size_t size) { return check(realloc(p, size), size); }

char *qemu_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(qemu_malloc(n), s, n);
}
