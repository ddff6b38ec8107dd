/* -boot: parsing and the order in force (include/sysemu/bootdevice.h). */
#include "qemu/osdep.h"
#include "qemu/option.h"
#include "sysemu/bootdevice.h"

#define BOOT_DEVICES "abcdn"

static char order[16] = "cad";
static char once[16];
static bool once_pending;
static bool menu;
static int splash_time = -1;

static bool valid_drives(const char *s, const char *what, char **errp)
{
    if (strlen(s) >= sizeof(order)) {
        error_setg(errp, "%s=%s: too many boot devices", what, s);
        return false;
    }
    for (const char *p = s; *p; p++) {
        if (!strchr(BOOT_DEVICES, *p)) {
            error_setg(errp, "Invalid boot device '%c' in %s=%s (one of %s)", *p, what, s,
                       BOOT_DEVICES);
            return false;
        }
        if (strchr(p + 1, *p)) {
            error_setg(errp, "Boot device '%c' was given twice in %s=%s", *p, what, s);
            return false;
        }
    }
    return true;
}

bool boot_parse_option(const char *arg, char **errp)
{
    QemuOpts *opts = qemu_opts_parse(arg, "order", errp);
    const char *v;
    bool ok = false;

    if (!opts) {
        return false;
    }
    if ((v = qemu_opt_get(opts, "order"))) {
        if (!valid_drives(v, "order", errp)) {
            goto out;
        }
        snprintf(order, sizeof(order), "%s", v);
    }
    if ((v = qemu_opt_get(opts, "once"))) {
        if (!valid_drives(v, "once", errp)) {
            goto out;
        }
        snprintf(once, sizeof(once), "%s", v);
        once_pending = true;
    }
    if (!qemu_opt_get_bool(opts, "menu", menu, &menu, errp)) {
        goto out;
    }
    if ((v = qemu_opt_get(opts, "splash-time"))) {
        uint64_t ms;
        if (!qemu_strtou64(v, &ms) || ms > 0xffff) {
            error_setg(errp, "splash-time=%s: a time in ms from 0 to 65535", v);
            goto out;
        }
        splash_time = ms;
    }
    ok = qemu_opts_check_unused(opts, errp);
out:
    qemu_opts_free(opts);
    return ok;
}

const char *boot_order_current(void)
{
    return once_pending ? once : order;
}

void boot_order_next_reset(void)
{
    once_pending = false;
}

typedef struct BootDevice {
    uint32_t bootindex;
    char *path;
    struct BootDevice *next;
} BootDevice;

static BootDevice *boot_devices;    /* sorted by bootindex */

bool boot_order_add_device(uint32_t bootindex, const char *path, char **errp)
{
    BootDevice **p = &boot_devices, *b;

    while (*p && (*p)->bootindex < bootindex) {
        p = &(*p)->next;
    }
    if (*p && (*p)->bootindex == bootindex) {
        error_setg(errp, "bootindex %u used by more than one device", bootindex);
        return false;
    }
    b = qemu_mallocz(sizeof(*b));
    b->bootindex = bootindex;
    b->path = qemu_strdup(path);
    b->next = *p;
    *p = b;
    return true;
}

char *boot_order_firmware_list(size_t *len)
{
    size_t total = 0;
    char *list, *q;

    if (!boot_devices) {
        return NULL;
    }
    for (BootDevice *b = boot_devices; b; b = b->next) {
        total += strlen(b->path) + 1;
    }
    q = list = qemu_malloc(total);
    for (BootDevice *b = boot_devices; b; b = b->next) {
        q += sprintf(q, "%s%s", b->path, b->next ? "\n" : "");
    }
    *len = total;
    return list;
}

bool boot_menu_enabled(void)
{
    return menu;
}

int boot_splash_time(void)
{
    return splash_time;
}
