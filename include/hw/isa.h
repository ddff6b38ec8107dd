/*
 * The ISA bus of a PC: the I/O port space and the 16 interrupt lines of
 * the 8259 pair. Boards create it; ISA devices find their ports and IRQs
 * through it.
 */
#ifndef HW_ISA_H
#define HW_ISA_H

#include "hw/qdev.h"
#include "hw/irq.h"
#include "exec/memory.h"

#define ISA_NUM_IRQS 16

typedef struct ISABus {
    BusState qbus;
    AddressSpace *io;
    qemu_irq irqs[ISA_NUM_IRQS];
} ISABus;

static inline ISABus *isa_bus_from(BusState *bus)
{
    return container_of(bus, ISABus, qbus);
}

/* IRQ n of the bus; an out-of-range n gives an unconnected line */
static inline qemu_irq isa_get_irq(ISABus *bus, unsigned n)
{
    return n < ISA_NUM_IRQS ? bus->irqs[n] : NULL;
}

static inline void isa_register_ioport(ISABus *bus, MemoryRegion *mr, uint16_t port)
{
    address_space_map(bus->io, mr, port, 0);
}

#endif
