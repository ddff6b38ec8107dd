/*
 * The 82093AA I/O APIC at 0xfec00000: 24 interrupt pins, each with a
 * redirection entry that turns an edge or a level into an interrupt
 * message for the local APICs, with the polarity its entry selects.
 * Level-triggered pins wait for the EOI of their vector (remote IRR) and
 * fire again then if their input is still active.
 */
#ifndef HW_INTC_IOAPIC_H
#define HW_INTC_IOAPIC_H

#include "hw/irq.h"
#include "exec/memory.h"

#define IOAPIC_NUM_PINS     24
#define IOAPIC_DEFAULT_BASE 0xfec00000

/* an interrupt message, as the local APIC bus carries it */
typedef struct APICMessage {
    uint8_t dest;
    bool logical;               /* destination mode */
    uint8_t delivery_mode;      /* 0 fixed, 1 lowest priority, 4 NMI, 5 INIT, 7 ExtINT */
    uint8_t vector;
    bool level;                 /* trigger mode */
} APICMessage;

typedef void APICDeliverFn(void *opaque, const APICMessage *msg);

typedef struct IOAPICState {
    uint8_t id;
    uint8_t ioregsel;
    uint32_t line_levels;       /* the input lines, high or low */
    uint32_t irr;               /* active pins (edges latched until sent) */
    uint64_t redirection[IOAPIC_NUM_PINS];
    qemu_irq *in;
    APICDeliverFn *deliver;
    void *deliver_opaque;
    MemoryRegion mmio;
} IOAPICState;

IOAPICState *ioapic_init(AddressSpace *mem, hwaddr base, APICDeliverFn *deliver, void *opaque);
/* the EOI of a level-triggered vector, broadcast by the local APIC */
void ioapic_eoi_broadcast(IOAPICState *s, uint8_t vector);

#endif
