/* Device types, properties, creation and buses (include/hw/qdev.h). */
#include "qemu/osdep.h"
#include "qemu/option.h"
#include "hw/qdev.h"
#include "chardev/char.h"
#include "sysemu/runstate.h"

static const DeviceClass *device_classes;
static BusState *all_buses;

static const char *const category_names[DEVICE_CATEGORY_MAX] = {
    [DEVICE_CATEGORY_MISC] = "Misc devices",
    [DEVICE_CATEGORY_INPUT] = "Input devices",
    [DEVICE_CATEGORY_DISPLAY] = "Display devices",
    [DEVICE_CATEGORY_STORAGE] = "Storage devices",
    [DEVICE_CATEGORY_NETWORK] = "Network devices",
};

static const char *const prop_type_names[] = {
    [PROP_UINT32] = "uint32",
    [PROP_BOOL] = "bool",
    [PROP_STRING] = "str",
    [PROP_CHARDEV] = "str",
};

void device_class_register(DeviceClass *cls)
{
    cls->next = device_classes;
    device_classes = cls;
}

const DeviceClass *device_class_find(const char *name)
{
    for (const DeviceClass *cls = device_classes; cls; cls = cls->next) {
        if (!strcmp(cls->name, name)) {
            return cls;
        }
    }
    return NULL;
}

static int compare_class_names(const void *a, const void *b)
{
    return strcmp((*(const DeviceClass *const *)a)->name, (*(const DeviceClass *const *)b)->name);
}

void device_class_print_list(FILE *f)
{
    const DeviceClass *sorted[256];
    int n = 0;

    for (const DeviceClass *cls = device_classes; cls && n < 256; cls = cls->next) {
        if (cls->user_creatable) {
            sorted[n++] = cls;
        }
    }
    qsort(sorted, n, sizeof(sorted[0]), compare_class_names);
    for (int cat = 0; cat < DEVICE_CATEGORY_MAX; cat++) {
        bool header = false;
        for (int i = 0; i < n; i++) {
            if (sorted[i]->category != (DeviceCategory)cat) {
                continue;
            }
            if (!header) {
                fprintf(f, "%s:\n", category_names[cat]);
                header = true;
            }
            fprintf(f, "name \"%s\"", sorted[i]->name);
            if (sorted[i]->bus_type) {
                fprintf(f, ", bus %s", sorted[i]->bus_type);
            }
            if (sorted[i]->desc) {
                fprintf(f, ", desc \"%s\"", sorted[i]->desc);
            }
            fprintf(f, "\n");
        }
        if (header) {
            fprintf(f, "\n");
        }
    }
}

void device_class_print_props(FILE *f, const DeviceClass *cls)
{
    if (!cls->props || !cls->props[0].name) {
        fprintf(f, "There are no options for %s.\n", cls->name);
        return;
    }
    fprintf(f, "%s options:\n", cls->name);
    for (const Property *p = cls->props; p->name; p++) {
        char left[64];
        snprintf(left, sizeof(left), "%s=<%s>", p->name, prop_type_names[p->type]);
        fprintf(f, "  %-18s - %s", left, p->help ? p->help : "");
        /* UINT32_MAX is the "decided at realize" marker: no fixed default */
        if (p->type == PROP_UINT32 && p->defval != UINT32_MAX) {
            fprintf(f, " (default: %" PRIu64 ")", p->defval);
        } else if (p->type == PROP_BOOL) {
            fprintf(f, " (default: %s)", p->defval ? "true" : "false");
        }
        fprintf(f, "\n");
    }
}

DeviceState *qdev_new(const char *name)
{
    const DeviceClass *cls = device_class_find(name);
    DeviceState *dev;

    if (!cls) {
        return NULL;
    }
    dev = qemu_mallocz(cls->instance_size);
    dev->cls = cls;
    for (const Property *p = cls->props; p && p->name; p++) {
        void *field = (char *)dev + p->offset;
        if (p->type == PROP_UINT32) {
            *(uint32_t *)field = p->defval;
        } else if (p->type == PROP_BOOL) {
            *(bool *)field = p->defval;
        }
    }
    return dev;
}

bool qdev_prop_set(DeviceState *dev, const char *prop, const char *value, char **errp)
{
    const Property *p = dev->cls->props;
    void *field;
    uint64_t num;

    while (p && p->name && strcmp(p->name, prop)) {
        p++;
    }
    if (!p || !p->name) {
        error_setg(errp, "Property '%s.%s' not found", dev->cls->name, prop);
        return false;
    }
    field = (char *)dev + p->offset;
    switch (p->type) {
    case PROP_UINT32:
        if (!qemu_strtou64(value, &num) || num > UINT32_MAX) {
            error_setg(errp, "Property '%s.%s' doesn't take value '%s'",
                       dev->cls->name, prop, value);
            return false;
        }
        *(uint32_t *)field = num;
        return true;
    case PROP_BOOL:
        if (!qemu_parse_bool(value, (bool *)field)) {
            error_setg(errp, "Property '%s.%s' doesn't take value '%s'",
                       dev->cls->name, prop, value);
            return false;
        }
        return true;
    case PROP_STRING:
        free(*(char **)field);
        *(char **)field = qemu_strdup(value);
        return true;
    case PROP_CHARDEV: {
        Chardev *chr = qemu_chr_find(value);
        if (!chr) {
            error_setg(errp, "Property '%s.%s' can't find value '%s'",
                       dev->cls->name, prop, value);
            return false;
        }
        *(Chardev **)field = chr;
        return true;
    }
    }
    return false;
}

bool qdev_prop_parse(DeviceState *dev, const char *list, char **errp)
{
    QemuOpts *opts = qemu_opts_parse(list, NULL, errp);
    bool ok = opts != NULL;

    for (int i = 0; ok && i < opts->nb; i++) {
        ok = qdev_prop_set(dev, opts->opt[i].name, opts->opt[i].value, errp);
    }
    qemu_opts_free(opts);
    return ok;
}

static void device_reset_handler(void *opaque)
{
    DeviceState *dev = opaque;
    dev->cls->reset(dev);
}

bool qdev_realize(DeviceState *dev, BusState *bus, char **errp)
{
    if (dev->cls->bus_type && (!bus || strcmp(bus->type, dev->cls->bus_type))) {
        error_setg(errp, "No '%s' bus found for device '%s'", dev->cls->bus_type,
                   dev->cls->name);
        return false;
    }
    if (dev->cls->realize && !dev->cls->realize(dev, bus, errp)) {
        return false;
    }
    dev->realized = true;
    if (dev->cls->reset) {
        qemu_register_reset(device_reset_handler, dev);
    }
    return true;
}

DeviceState *qdev_device_add(const char *spec, char **errp)
{
    QemuOpts *opts = qemu_opts_parse(spec, "driver", errp);
    const char *driver;
    DeviceState *dev = NULL;
    bool ok = true;

    if (!opts) {
        return NULL;
    }
    driver = qemu_opt_get(opts, "driver");
    if (!driver) {
        error_setg(errp, "Parameter 'driver' is missing");
        ok = false;
    } else if (!device_class_find(driver) || !device_class_find(driver)->user_creatable) {
        error_setg(errp, "'%s' is not a valid device model name", driver);
        ok = false;
    } else {
        dev = qdev_new(driver);
        for (int i = 0; ok && i < opts->nb; i++) {
            const char *name = opts->opt[i].name, *value = opts->opt[i].value;
            if (!strcmp(name, "driver")) {
                continue;
            }
            if (!strcmp(name, "id")) {
                free(dev->id);
                dev->id = qemu_strdup(value);
            } else {
                ok = qdev_prop_set(dev, name, value, errp);
            }
        }
        if (ok) {
            BusState *bus = dev->cls->bus_type ? qbus_find(dev->cls->bus_type) : NULL;
            ok = qdev_realize(dev, bus, errp);
        }
    }
    qemu_opts_free(opts);
    if (!ok) {
        free(dev);
        return NULL;
    }
    return dev;
}

void qbus_register(BusState *bus)
{
    BusState **p = &all_buses;
    while (*p) {
        p = &(*p)->next;
    }
    bus->next = NULL;
    *p = bus;
}

BusState *qbus_find(const char *type)
{
    for (BusState *bus = all_buses; bus; bus = bus->next) {
        if (!strcmp(bus->type, type)) {
            return bus;
        }
    }
    return NULL;
}
