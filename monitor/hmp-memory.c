/*
 * xp /fmt addr: dump guest physical memory, as QEMU's monitor does.
 * fmt is [count][format][size]: format x (hex, the default), d, u, o or
 * c; size b, h, w (the default) or g. Reads go through the memory map,
 * so device memory (the VGA window) reads as the guest would read it and
 * holes read as all ones.
 */
#include "qemu/osdep.h"
#include "exec/memory.h"
#include "monitor/monitor-internal.h"
#include "monitor/hmp-memory.h"

#define XP_MAX_BYTES    (64 * 1024)     /* bounds one command's output */

typedef struct XPFormat {
    unsigned count;
    char format;                /* x d u o c */
    unsigned size;              /* 1 2 4 8 */
} XPFormat;

/* "/[count][format][size]"; false on anything else */
static bool parse_format(const char *s, XPFormat *f)
{
    char *end;

    f->count = 1;
    f->format = 'x';
    f->size = 4;
    if (*s != '/') {
        return false;
    }
    s++;
    if (*s >= '0' && *s <= '9') {
        unsigned long n = strtoul(s, &end, 10);
        if (n == 0 || n > XP_MAX_BYTES) {
            return false;
        }
        f->count = n;
        s = end;
    }
    for (; *s && *s != ' '; s++) {
        switch (*s) {
        case 'x': case 'd': case 'u': case 'o':
            f->format = *s;
            break;
        case 'c':
            f->format = 'c';
            f->size = 1;
            break;
        case 'b': f->size = 1; break;
        case 'h': f->size = 2; break;
        case 'w': f->size = 4; break;
        case 'g': f->size = 8; break;
        default:
            return false;
        }
    }
    return f->count * f->size <= XP_MAX_BYTES;
}

static void print_value(Monitor *mon, const XPFormat *f, uint64_t v)
{
    int digits = f->size * 2;

    switch (f->format) {
    case 'd': {
        int64_t sv = f->size == 8 ? (int64_t)v : (int64_t)(v << (64 - 8 * f->size)) >> (64 - 8 * f->size);
        monitor_printf(mon, " %" PRId64, sv);
        break;
    }
    case 'u':
        monitor_printf(mon, " %" PRIu64, v);
        break;
    case 'o':
        monitor_printf(mon, " %#" PRIo64, v);
        break;
    case 'c':
        if (v >= 32 && v < 127 && v != '\\' && v != '\'') {
            monitor_printf(mon, " '%c'", (int)v);
        } else {
            monitor_printf(mon, " '\\x%02x'", (unsigned)v);
        }
        break;
    default:
        monitor_printf(mon, " 0x%0*" PRIx64, digits, v);
        break;
    }
}

void hmp_xp(Monitor *mon, const char *arg)
{
    XPFormat f;
    const char *p = arg ? arg : "";
    char *end;
    unsigned long long addr;
    unsigned per_line;

    while (*p == ' ') {
        p++;
    }
    if (*p == '/') {
        if (!parse_format(p, &f)) {
            monitor_printf(mon, "xp: invalid format '%.*s' (want /[count][x|d|u|o|c][b|h|w|g])\n",
                           (int)strcspn(p, " "), p);
            return;
        }
        p += strcspn(p, " ");
        while (*p == ' ') {
            p++;
        }
    } else {
        parse_format("/", &f);
    }
    errno = 0;
    addr = strtoull(p, &end, 0);
    if (!*p || errno || (*end && *end != ' ')) {
        monitor_printf(mon, "usage: xp /fmt addr (e.g. xp /16xb 0xb8000)\n");
        return;
    }
    per_line = f.size == 1 ? 8 : 16 / f.size;
    for (unsigned i = 0; i < f.count; i++) {
        uint8_t buf[8];
        uint64_t v = 0;
        hwaddr a = (hwaddr)addr + (hwaddr)i * f.size;

        if (i % per_line == 0) {
            monitor_printf(mon, "%s%016" PRIx64 ":", i ? "\n" : "", (uint64_t)a);
        }
        address_space_read(&address_space_memory, a, buf, f.size);
        for (unsigned b = 0; b < f.size; b++) {
            v |= (uint64_t)buf[b] << (8 * b);      /* the guest is little-endian */
        }
        print_value(mon, &f, v);
    }
    monitor_printf(mon, "\n");
}
