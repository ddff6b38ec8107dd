/*
 * -device ide-hd and ide-cd: a drive (usually -drive if=none,id=...) put on
 * the PIIX IDE channels ide.0/ide.1 by hand, with QEMU's bus=, unit= and
 * bootindex= (which SeaBIOS reads from the fw_cfg "bootorder" file).
 */
#include "qemu/osdep.h"
#include "sysemu/bootdevice.h"
#include "ide-internal.h"

#define UNSET UINT32_MAX

typedef struct IDEDevice {
    DeviceState qdev;
    char *drive;
    char *bus;
    uint32_t unit;
    uint32_t bootindex;
} IDEDevice;

/* bus= names one of the IDE buses; without it the first one with room */
static IDEBus *ide_dev_find_bus(IDEDevice *d, BusState *first, char **errp)
{
    for (BusState *b = first; b; b = b->next) {
        IDEBus *bus = container_of(b, IDEBus, qbus);
        if (strcmp(b->type, "IDE")) {
            continue;
        }
        if (d->bus ? !strcmp(b->name, d->bus) : !bus->ifs[0].present || !bus->ifs[1].present) {
            return bus;
        }
    }
    if (d->bus) {
        error_setg(errp, "Bus '%s' not found", d->bus);
    } else {
        error_setg(errp, "No free IDE unit left (the PC has ide.0 and ide.1)");
    }
    return NULL;
}

static bool ide_dev_realize(DeviceState *dev, BusState *first, bool is_cdrom, char **errp)
{
    IDEDevice *d = container_of(dev, IDEDevice, qdev);
    DriveInfo *dinfo;
    IDEBus *bus;
    uint32_t unit = d->unit;
    char path[64];

    if (!d->drive) {
        error_setg(errp, "Property 'drive' is required");
        return false;
    }
    dinfo = drive_get_by_id(d->drive);
    if (!dinfo) {
        error_setg(errp, "Property 'drive': no drive with id '%s'", d->drive);
        return false;
    }
    if (!(bus = ide_dev_find_bus(d, first, errp))) {
        return false;
    }
    if (unit == UNSET) {
        unit = bus->ifs[0].present ? 1 : 0;
    }
    if (unit > 1) {
        error_setg(errp, "Invalid IDE unit %u (0 or 1)", unit);
        return false;
    }
    if (bus->ifs[unit].present) {
        error_setg(errp, "IDE unit %u on %s is in use", unit, bus->qbus.name);
        return false;
    }
    snprintf(path, sizeof(path), "/pci@i0cf8/ide@1,1/drive@%d/disk@%u",
             !strcmp(bus->qbus.name, "ide.1"), unit);
    if (d->bootindex != UNSET && !boot_order_add_device(d->bootindex, path, errp)) {
        return false;
    }
    return ide_drive_attach(&bus->ifs[unit], dinfo, is_cdrom, errp);
}

static bool ide_hd_realize(DeviceState *dev, BusState *bus, char **errp)
{
    return ide_dev_realize(dev, bus, false, errp);
}

static bool ide_cd_realize(DeviceState *dev, BusState *bus, char **errp)
{
    return ide_dev_realize(dev, bus, true, errp);
}

static const Property ide_dev_props[] = {
    DEFINE_PROP_STRING("drive", IDEDevice, drive, "the -drive id= of its image"),
    DEFINE_PROP_STRING("bus", IDEDevice, bus, "ide.0 or ide.1 (default: the first with room)"),
    DEFINE_PROP_UINT32("unit", IDEDevice, unit, UNSET, "0 (master) or 1 (slave)"),
    DEFINE_PROP_UINT32("bootindex", IDEDevice, bootindex, UNSET,
                       "its place in the firmware's boot order"),
    DEFINE_PROP_END,
};

static DeviceClass ide_hd_class = {
    .name = "ide-hd",
    .desc = "virtual IDE disk",
    .category = DEVICE_CATEGORY_STORAGE,
    .bus_type = "IDE",
    .instance_size = sizeof(IDEDevice),
    .user_creatable = true,
    .props = ide_dev_props,
    .realize = ide_hd_realize,
};
DEVICE_REGISTER(ide_hd_class)

static DeviceClass ide_cd_class = {
    .name = "ide-cd",
    .desc = "virtual IDE CD-ROM",
    .category = DEVICE_CATEGORY_STORAGE,
    .bus_type = "IDE",
    .instance_size = sizeof(IDEDevice),
    .user_creatable = true,
    .props = ide_dev_props,
    .realize = ide_cd_realize,
};
DEVICE_REGISTER(ide_cd_class)
