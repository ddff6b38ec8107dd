/*
 * Devices: a registry of device types (what -device and the boards
 * create), their properties (parsed from "name,prop=value,..."), and the
 * buses they plug into.
 *
 * A device's struct starts with a DeviceState. Its type is a DeviceClass
 * registered at start-up with DEVICE_REGISTER(); properties point at fields
 * of the device's struct and are set before realize, which maps the
 * device's regions and wires its IRQs on the bus it is given.
 */
#ifndef HW_QDEV_H
#define HW_QDEV_H

#include "qemu/osdep.h"
#include "qemu/errp.h"

typedef struct DeviceState DeviceState;
typedef struct DeviceClass DeviceClass;
typedef struct BusState BusState;

typedef enum PropertyType {
    PROP_UINT32,    /* decimal, 0x hex or 0 octal */
    PROP_BOOL,      /* on/off, yes/no, true/false */
    PROP_STRING,    /* char *, NULL when unset */
    PROP_CHARDEV,   /* Chardev *, given as a -chardev id */
} PropertyType;

typedef struct Property {
    const char *name;
    PropertyType type;
    size_t offset;          /* of the field in the device's struct */
    uint64_t defval;        /* PROP_UINT32, PROP_BOOL */
    const char *help;
} Property;

#define DEFINE_PROP_UINT32(n, st, field, def, h) \
    { .name = (n), .type = PROP_UINT32, .offset = offsetof(st, field), .defval = (def), .help = (h) }
#define DEFINE_PROP_BOOL(n, st, field, def, h) \
    { .name = (n), .type = PROP_BOOL, .offset = offsetof(st, field), .defval = (def), .help = (h) }
#define DEFINE_PROP_STRING(n, st, field, h) \
    { .name = (n), .type = PROP_STRING, .offset = offsetof(st, field), .help = (h) }
#define DEFINE_PROP_CHARDEV(n, st, field, h) \
    { .name = (n), .type = PROP_CHARDEV, .offset = offsetof(st, field), .help = (h) }
#define DEFINE_PROP_END { .name = NULL }

/* categories for -device help, as QEMU groups them */
typedef enum DeviceCategory {
    DEVICE_CATEGORY_MISC,
    DEVICE_CATEGORY_INPUT,
    DEVICE_CATEGORY_DISPLAY,
    DEVICE_CATEGORY_STORAGE,
    DEVICE_CATEGORY_NETWORK,
    DEVICE_CATEGORY_MAX
} DeviceCategory;

struct DeviceClass {
    const char *name;
    const char *desc;           /* may be NULL */
    DeviceCategory category;
    const char *bus_type;       /* "ISA", ...; NULL: plugs into nothing */
    size_t instance_size;
    bool user_creatable;        /* may be given with -device */
    const Property *props;      /* ends with DEFINE_PROP_END; may be NULL */
    /* map regions, wire IRQs; on error set *errp (malloc'd) and return false */
    bool (*realize)(DeviceState *dev, BusState *bus, char **errp);
    /* back to power-on state; registered as a reset handler at realize; may be NULL */
    void (*reset)(DeviceState *dev);
    const DeviceClass *next;    /* registry list, filled by device_class_register */
};

struct DeviceState {
    const DeviceClass *cls;
    char *id;                   /* -device ...,id=; may be NULL */
    bool realized;
};

struct BusState {
    const char *type;           /* matches DeviceClass.bus_type */
    const char *name;
    BusState *next;
};

void device_class_register(DeviceClass *cls);
#define DEVICE_REGISTER(cls) \
    static void __attribute__((constructor)) glue(register_, cls)(void) \
    { device_class_register(&(cls)); }
const DeviceClass *device_class_find(const char *name);
/* -device help */
void device_class_print_list(FILE *f);
/* -device NAME,help */
void device_class_print_props(FILE *f, const DeviceClass *cls);

/* Creation: new (defaults set), properties, realize on a bus. */
DeviceState *qdev_new(const char *name);
bool qdev_prop_set(DeviceState *dev, const char *prop, const char *value, char **errp);
/* "prop=value,prop=value" (a value may contain ",," for a comma) */
bool qdev_prop_parse(DeviceState *dev, const char *list, char **errp);
bool qdev_realize(DeviceState *dev, BusState *bus, char **errp);
/*
 * -device STRING: the driver name first (or driver=NAME), then
 * properties and id=; the device goes on the first bus of its type.
 */
DeviceState *qdev_device_add(const char *spec, char **errp);

/* Buses that boards create, found by type for -device. */
void qbus_register(BusState *bus);
BusState *qbus_find(const char *type);

#endif
