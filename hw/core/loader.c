/* Reading whole host files for boards (include/hw/loader.h). */
#include "qemu/osdep.h"
#include "hw/loader.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

uint8_t *load_file(const char *path, size_t max, size_t *size, char **errp)
{
    struct stat st;
    uint8_t *buf;
    size_t done = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0) {
        error_setg(errp, "could not open '%s': %s", path, strerror(errno));
        return NULL;
    }
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        error_setg(errp, "'%s' is not a regular file", path);
        close(fd);
        return NULL;
    }
    if ((uint64_t)st.st_size > max) {
        error_setg(errp, "'%s' is too large (%" PRIu64 " bytes, at most %zu)",
                   path, (uint64_t)st.st_size, max);
        close(fd);
        return NULL;
    }
    buf = qemu_malloc(st.st_size ? st.st_size : 1);
    while (done < (size_t)st.st_size) {
        ssize_t n = read(fd, buf + done, st.st_size - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            error_setg(errp, "could not read '%s': %s", path,
                       n < 0 ? strerror(errno) : "file shrank while reading");
            free(buf);
            close(fd);
            return NULL;
        }
        done += n;
    }
    close(fd);
    *size = done;
    return buf;
}
