/* Option strings and number parsing (include/qemu/option.h). */
#include "qemu/osdep.h"
#include "qemu/option.h"
#include "qemu/errp.h"

/* copy one item up to an unescaped ',' or end, turning ",," into ','; stop
 * also at '=' when stop_at_eq */
static const char *get_item(const char *p, bool stop_at_eq, char **out)
{
    size_t cap = strlen(p) + 1, n = 0;
    char *buf = qemu_malloc(cap);

    while (*p) {
        if (*p == ',') {
            if (p[1] != ',') {
                break;
            }
            p++;
        } else if (*p == '=' && stop_at_eq) {
            break;
        }
        buf[n++] = *p++;
    }
    buf[n] = 0;
    *out = buf;
    return p;
}

static void opts_add(QemuOpts *opts, char *name, char *value)
{
    opts->opt = qemu_realloc(opts->opt, (opts->nb + 1) * sizeof(*opts->opt));
    opts->opt[opts->nb++] = (QemuOpt){ name, value, false };
}

QemuOpts *qemu_opts_parse(const char *str, const char *implied_key, char **errp)
{
    QemuOpts *opts = qemu_mallocz(sizeof(*opts));
    const char *p = str;
    bool first = true;

    while (*p) {
        char *name, *value;
        p = get_item(p, true, &name);
        if (*p == '=') {
            p = get_item(p + 1, false, &value);
        } else if (first && implied_key) {
            value = name;
            name = qemu_strdup(implied_key);
        } else if (!*name) {
            error_setg(errp, "Invalid parameter ''");
            free(name);
            qemu_opts_free(opts);
            return NULL;
        } else {
            value = qemu_strdup("on");
        }
        opts_add(opts, name, value);
        first = false;
        if (*p == ',') {
            p++;
        }
    }
    return opts;
}

QemuOpts *qemu_opts_new(void)
{
    return qemu_mallocz(sizeof(QemuOpts));
}

void qemu_opt_set(QemuOpts *opts, const char *name, const char *value)
{
    opts_add(opts, qemu_strdup(name), qemu_strdup(value));
}

void qemu_opts_free(QemuOpts *opts)
{
    if (!opts) {
        return;
    }
    for (int i = 0; i < opts->nb; i++) {
        free(opts->opt[i].name);
        free(opts->opt[i].value);
    }
    free(opts->opt);
    free(opts);
}

const char *qemu_opt_get(QemuOpts *opts, const char *name)
{
    const char *val = NULL;

    for (int i = 0; i < opts->nb; i++) {
        if (!strcmp(opts->opt[i].name, name)) {
            opts->opt[i].used = true;
            val = opts->opt[i].value;
        }
    }
    return val;
}

bool qemu_parse_bool(const char *s, bool *val)
{
    if (!strcmp(s, "on") || !strcmp(s, "yes") || !strcmp(s, "true")) {
        *val = true;
    } else if (!strcmp(s, "off") || !strcmp(s, "no") || !strcmp(s, "false")) {
        *val = false;
    } else {
        return false;
    }
    return true;
}

bool qemu_opt_get_bool(QemuOpts *opts, const char *name, bool defval, bool *val,
                       char **errp)
{
    const char *s = qemu_opt_get(opts, name);

    *val = defval;
    if (s && !qemu_parse_bool(s, val)) {
        error_setg(errp, "Parameter '%s' expects 'on' or 'off'", name);
        return false;
    }
    return true;
}

bool qemu_opts_check_unused(QemuOpts *opts, char **errp)
{
    for (int i = 0; i < opts->nb; i++) {
        if (!opts->opt[i].used) {
            error_setg(errp, "Invalid parameter '%s'", opts->opt[i].name);
            return false;
        }
    }
    return true;
}

bool qemu_strtou64(const char *s, uint64_t *val)
{
    char *end;

    if (!*s || *s == '-' || *s == '+' || *s == ' ') {
        return false;
    }
    errno = 0;
    *val = strtoull(s, &end, 0);
    return !errno && !*end;
}

bool qemu_strtosz(const char *s, uint64_t default_unit, uint64_t *val)
{
    char *end;
    uint64_t mul = default_unit, n;
    double frac;

    if (!*s || *s == '-' || *s == '+' || *s == ' ') {
        return false;
    }
    errno = 0;
    n = strtoull(s, &end, 10);
    if (errno || end == s) {
        return false;
    }
    /* "1.5G" as QEMU accepts it */
    frac = 0;
    if (*end == '.') {
        char *fend;
        frac = strtod(end, &fend);
        end = fend;
    }
    switch (*end) {
    case 0: break;
    case 'b': case 'B': mul = 1; end++; break;
    case 'k': case 'K': mul = 1ull << 10; end++; break;
    case 'm': case 'M': mul = 1ull << 20; end++; break;
    case 'g': case 'G': mul = 1ull << 30; end++; break;
    case 't': case 'T': mul = 1ull << 40; end++; break;
    default: return false;
    }
    if (*end || (mul && n > UINT64_MAX / mul)) {
        return false;
    }
    *val = n * mul + (uint64_t)(frac * mul);
    return true;
}
