/* isa-serial: the 16550A at a PC COM port (COM1 0x3f8/IRQ4 ... COM4 0x2e8/IRQ3). */
#include "qemu/osdep.h"
#include "hw/char/serial.h"

#define MAX_ISA_SERIAL_PORTS 4

static const uint16_t isa_serial_io[MAX_ISA_SERIAL_PORTS] = { 0x3f8, 0x2f8, 0x3e8, 0x2e8 };
static const uint8_t isa_serial_irq[MAX_ISA_SERIAL_PORTS] = { 4, 3, 4, 3 };
#define UNSET UINT32_MAX

typedef struct ISASerialState {
    DeviceState parent;
    uint32_t index;
    uint32_t iobase;
    uint32_t isairq;
    Chardev *chr;
    SerialState state;
    MemoryRegion io;
} ISASerialState;

static const MemoryRegionOps isa_serial_ops = {
    .read = serial_io_read,
    .write = serial_io_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .min_access_size = 1,
    .max_access_size = 1,
};

static bool isa_serial_realize(DeviceState *dev, BusState *bus, char **errp)
{
    static uint32_t next_index;
    ISASerialState *s = (ISASerialState *)dev;
    ISABus *isa = isa_bus_from(bus);

    if (s->index == UNSET) {
        s->index = next_index;
    }
    if (s->index >= MAX_ISA_SERIAL_PORTS) {
        error_setg(errp, "Max. supported number of ISA serial ports is %d",
                   MAX_ISA_SERIAL_PORTS);
        return false;
    }
    next_index = MAX(next_index, s->index + 1);
    if (s->iobase == UNSET) {
        s->iobase = isa_serial_io[s->index];
    }
    if (s->isairq == UNSET) {
        s->isairq = isa_serial_irq[s->index];
    }
    if (s->iobase > 0xfff8 || s->isairq >= ISA_NUM_IRQS) {
        error_setg(errp, "isa-serial: iobase=0x%x irq=%u out of range", s->iobase, s->isairq);
        return false;
    }
    if (s->chr && !qemu_chr_fe_attach(s->chr, errp)) {
        return false;
    }
    serial_init(&s->state, isa_get_irq(isa, s->isairq), s->chr);
    memory_region_init_io(&s->io, &isa_serial_ops, &s->state, "serial", 8);
    isa_register_ioport(isa, &s->io, s->iobase);
    return true;
}

static void isa_serial_reset(DeviceState *dev)
{
    serial_reset(&((ISASerialState *)dev)->state);
}

static const Property isa_serial_props[] = {
    DEFINE_PROP_UINT32("index", ISASerialState, index, UNSET, "COM port number, 0-3"),
    DEFINE_PROP_UINT32("iobase", ISASerialState, iobase, UNSET, "I/O port (default: by index)"),
    DEFINE_PROP_UINT32("irq", ISASerialState, isairq, UNSET, "ISA IRQ (default: by index)"),
    DEFINE_PROP_CHARDEV("chardev", ISASerialState, chr, "ID of a chardev to use as a backend"),
    DEFINE_PROP_END,
};

static DeviceClass isa_serial_class = {
    .name = "isa-serial",
    .category = DEVICE_CATEGORY_INPUT,
    .bus_type = "ISA",
    .instance_size = sizeof(ISASerialState),
    .user_creatable = true,
    .props = isa_serial_props,
    .realize = isa_serial_realize,
    .reset = isa_serial_reset,
};
DEVICE_REGISTER(isa_serial_class)

bool serial_isa_create(ISABus *bus, int index, Chardev *chr, char **errp)
{
    ISASerialState *s = (ISASerialState *)qdev_new("isa-serial");

    s->index = index;
    s->chr = chr;
    if (!qdev_realize(&s->parent, &bus->qbus, errp)) {
        free(s);
        return false;
    }
    return true;
}
