/* The null backend: output vanishes, input never comes. */
#include "qemu/osdep.h"
#include "chardev/char.h"

static bool null_open(Chardev *chr, struct QemuOpts *opts, char **errp)
{
    return true;
}

static int null_write(Chardev *chr, const uint8_t *buf, int len)
{
    return len;
}

const ChardevClass char_null_class = {
    .name = "null",
    .help = "discard output, no input",
    .open = null_open,
    .write = null_write,
};
