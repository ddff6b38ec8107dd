/*
 * "name,key=value,key=value" option strings, as -device, -chardev,
 * -machine and friends take them. ",," stands for a comma inside a value.
 */
#ifndef QEMU_OPTION_H
#define QEMU_OPTION_H

#include "qemu/osdep.h"
#include "qemu/errp.h"

typedef struct QemuOpt {
    char *name;
    char *value;
    bool used;
} QemuOpt;

typedef struct QemuOpts {
    int nb;
    QemuOpt *opt;
} QemuOpts;

/*
 * Parse str. A first item without '=' is taken as implied_key=item (e.g.
 * "driver" for -device); with implied_key NULL that is an error. A later
 * bare "flag" means flag=on. Returns NULL and sets *errp on error.
 */
QemuOpts *qemu_opts_parse(const char *str, const char *implied_key, char **errp);
void qemu_opts_free(QemuOpts *opts);
/* an empty list, and adding to one */
QemuOpts *qemu_opts_new(void);
void qemu_opt_set(QemuOpts *opts, const char *name, const char *value);

/* the last value given for name (marks it used), or NULL */
const char *qemu_opt_get(QemuOpts *opts, const char *name);
/* on/off/yes/no/true/false; false with *errp on a bad value */
bool qemu_opt_get_bool(QemuOpts *opts, const char *name, bool defval, bool *val,
                       char **errp);
/* an option nobody asked for: set *errp naming it and return false */
bool qemu_opts_check_unused(QemuOpts *opts, char **errp);

/* numbers: decimal, 0x hex, 0 octal, whole string; false if malformed */
bool qemu_strtou64(const char *s, uint64_t *val);
/*
 * Sizes: a number with an optional suffix B, K, M, G, T (powers of 1024;
 * k/m/g/t too). A bare number is in units of default_unit.
 */
bool qemu_strtosz(const char *s, uint64_t default_unit, uint64_t *val);

bool qemu_parse_bool(const char *s, bool *val);

#endif
