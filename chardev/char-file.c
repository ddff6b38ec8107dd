/* The file backend: output to a file (created or truncated), no input. */
#include "qemu/osdep.h"
#include "qemu/option.h"
#include "chardev/char.h"
#include <fcntl.h>
#include <unistd.h>

static bool file_open(Chardev *chr, QemuOpts *opts, char **errp)
{
    const char *path = qemu_opt_get(opts, "path");
    bool append;
    int fd;

    if (!path) {
        error_setg(errp, "chardev: file: no filename given");
        return false;
    }
    if (!qemu_opt_get_bool(opts, "append", false, &append, errp)) {
        return false;
    }
    fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC), 0666);
    if (fd < 0) {
        error_setg(errp, "Could not open '%s': %s", path, strerror(errno));
        return false;
    }
    chr->fd_out = fd;
    return true;
}

static int file_write(Chardev *chr, const uint8_t *buf, int len)
{
    ssize_t n;

    do {
        n = write(chr->fd_out, buf, len);
    } while (n < 0 && errno == EINTR);
    return n;
}

static void file_close(Chardev *chr)
{
    close(chr->fd_out);
    chr->fd_out = -1;
}

const ChardevClass char_file_class = {
    .name = "file",
    .help = "path=PATH[,append=on|off]: write output to a file",
    .open = file_open,
    .write = file_write,
    .close = file_close,
    .buffered = true,
};
