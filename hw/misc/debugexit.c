/*
 * isa-debug-exit: a write to its port ends the emulator with exit status
 * (value << 1) | 1, so a test guest can report success or failure and an
 * exit status of 0 still means "the guest powered off" (QEMU semantics).
 */
#include "qemu/osdep.h"
#include "hw/isa.h"

typedef struct ISADebugExitState {
    DeviceState parent;
    uint32_t iobase;
    uint32_t iosize;
    MemoryRegion io;
} ISADebugExitState;

static uint64_t debug_exit_read(void *opaque, hwaddr addr, unsigned size)
{
    return 0;
}

static void debug_exit_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    /* at once, like the hardware it imitates: later guest code never runs */
    exit((val << 1) | 1);
}

static const MemoryRegionOps debug_exit_ops = {
    .read = debug_exit_read,
    .write = debug_exit_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .min_access_size = 1,
    .max_access_size = 4,
};

static bool debug_exit_realize(DeviceState *dev, BusState *bus, char **errp)
{
    ISADebugExitState *s = (ISADebugExitState *)dev;

    if (s->iosize == 0 || s->iosize > 4 || s->iobase > 0xffff ||
        s->iobase + s->iosize > 0x10000) {
        error_setg(errp, "isa-debug-exit: iobase=0x%x iosize=%u is outside the I/O space "
                   "(iosize must be 1 to 4)", s->iobase, s->iosize);
        return false;
    }
    memory_region_init_io(&s->io, &debug_exit_ops, s, "isa-debug-exit", s->iosize);
    isa_register_ioport(isa_bus_from(bus), &s->io, s->iobase);
    return true;
}

static const Property debug_exit_props[] = {
    DEFINE_PROP_UINT32("iobase", ISADebugExitState, iobase, 0x501, "first I/O port"),
    DEFINE_PROP_UINT32("iosize", ISADebugExitState, iosize, 2, "number of I/O ports"),
    DEFINE_PROP_END,
};

static DeviceClass isa_debug_exit_class = {
    .name = "isa-debug-exit",
    .category = DEVICE_CATEGORY_MISC,
    .bus_type = "ISA",
    .instance_size = sizeof(ISADebugExitState),
    .user_creatable = true,
    .props = debug_exit_props,
    .realize = debug_exit_realize,
};
DEVICE_REGISTER(isa_debug_exit_class)
