/*
 * Port 0x61 (system control port B): bit 0 gates PIT channel 2, bit 1
 * enables the speaker (no sound output here), bit 4 is the DRAM refresh
 * toggle that firmware delay loops watch, bit 5 reads channel 2's OUT.
 */
#include "qemu/osdep.h"
#include "hw/i386/i8254.h"

/* the refresh request toggles every 15.085 us */
#define REFRESH_PERIOD_NS 15085

typedef struct PCSpkState {
    PITState *pit;
    uint8_t control;            /* bits 0-3 as written */
    MemoryRegion io;
} PCSpkState;

static uint64_t pcspk_read(void *opaque, hwaddr addr, unsigned size)
{
    PCSpkState *s = opaque;
    bool refresh = (qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) / REFRESH_PERIOD_NS) & 1;

    return s->control | (refresh << 4) | (pit_get_out(s->pit, 2) << 5);
}

static void pcspk_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    PCSpkState *s = opaque;

    s->control = val & 0x0f;
    pit_set_gate(s->pit, 2, val & 1);
}

static const MemoryRegionOps pcspk_ops = {
    .read = pcspk_read,
    .write = pcspk_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .min_access_size = 1,
    .max_access_size = 1,
};

void pcspk_init(ISABus *bus, PITState *pit)
{
    PCSpkState *s = qemu_mallocz(sizeof(*s));

    s->pit = pit;
    memory_region_init_io(&s->io, &pcspk_ops, s, "pcspk", 1);
    isa_register_ioport(bus, &s->io, 0x61);
}
