/* Host OS services for POSIX hosts. */
#include "qemu/osdep.h"
#include <sys/mman.h>

void *qemu_alloc_exec_mem(size_t size)
{
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE | PROT_EXEC,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        fatal("cannot allocate %zu bytes of executable memory for the code cache: %s",
              size, strerror(errno));
    }
    return p;
}
