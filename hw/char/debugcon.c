/*
 * isa-debugcon: Bochs' port 0xe9 console. Every byte written goes to the
 * chardev; reads return a fixed value (0xe9 by default) so a guest can
 * detect the console is there.
 */
#include "qemu/osdep.h"
#include "hw/isa.h"
#include "chardev/char.h"

typedef struct ISADebugconState {
    DeviceState parent;
    uint32_t iobase;
    uint32_t readback;
    Chardev *chr;
    MemoryRegion io;
} ISADebugconState;

static uint64_t debugcon_read(void *opaque, hwaddr addr, unsigned size)
{
    ISADebugconState *s = opaque;
    return s->readback;
}

static void debugcon_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    ISADebugconState *s = opaque;
    uint8_t ch = val;

    qemu_chr_fe_write_all(s->chr, &ch, 1);
}

static const MemoryRegionOps debugcon_ops = {
    .read = debugcon_read,
    .write = debugcon_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .min_access_size = 1,
    .max_access_size = 1,
};

static bool debugcon_realize(DeviceState *dev, BusState *bus, char **errp)
{
    ISADebugconState *s = (ISADebugconState *)dev;

    if (s->iobase > 0xffff) {
        error_setg(errp, "isa-debugcon: iobase=0x%x is outside the I/O space", s->iobase);
        return false;
    }
    if (!s->chr) {
        error_setg(errp, "Can't create isa-debugcon device, empty char device "
                   "(give chardev=ID)");
        return false;
    }
    if (!qemu_chr_fe_attach(s->chr, errp)) {
        return false;
    }
    memory_region_init_io(&s->io, &debugcon_ops, s, "isa-debugcon", 1);
    isa_register_ioport(isa_bus_from(bus), &s->io, s->iobase);
    return true;
}

static const Property debugcon_props[] = {
    DEFINE_PROP_UINT32("iobase", ISADebugconState, iobase, 0xe9, "I/O port"),
    DEFINE_PROP_UINT32("readback", ISADebugconState, readback, 0xe9, "value port reads return"),
    DEFINE_PROP_CHARDEV("chardev", ISADebugconState, chr, "ID of a chardev to use as a backend"),
    DEFINE_PROP_END,
};

static DeviceClass isa_debugcon_class = {
    .name = "isa-debugcon",
    .category = DEVICE_CATEGORY_MISC,
    .bus_type = "ISA",
    .instance_size = sizeof(ISADebugconState),
    .user_creatable = true,
    .props = debugcon_props,
    .realize = debugcon_realize,
};
DEVICE_REGISTER(isa_debugcon_class)
