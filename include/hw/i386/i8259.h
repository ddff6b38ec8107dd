/*
 * The PC's pair of 8259A interrupt controllers: master at 0x20/0x21,
 * slave at 0xa0/0xa1 cascaded on the master's IRQ2, edge/level control
 * (ELCR) at 0x4d0/0x4d1. Inputs are ISA IRQs 0-15; the output is the CPU's
 * INTR line; the CPU acknowledges with pic_read_irq().
 */
#ifndef HW_I386_I8259_H
#define HW_I386_I8259_H

#include "hw/irq.h"
#include "hw/isa.h"

typedef struct PICChip {
    uint8_t irr;                /* requests */
    uint8_t imr;                /* mask */
    uint8_t isr;                /* in service */
    uint8_t last_irr;           /* input levels, for edge detection */
    uint8_t priority_add;       /* rotation: the highest-priority IRQ */
    uint8_t irq_base;           /* vector of IRQ0 (ICW2) */
    uint8_t elcr;               /* 1 = level-triggered */
    uint8_t elcr_mask;          /* which IRQs may be level-triggered */
    uint8_t init_state;         /* 0 ready; 1-3 expecting ICW2..ICW4 */
    bool read_isr;              /* OCW3: command port reads ISR, else IRR */
    bool poll;                  /* OCW3 poll command: next read acknowledges */
    bool special_mask;
    bool auto_eoi;
    bool rotate_on_auto_eoi;
    bool special_fully_nested;
    bool init4;                 /* ICW4 expected */
    bool single_mode;           /* no slave: no ICW3 */
} PICChip;

typedef struct PICState {
    PICChip chip[2];            /* master, slave */
    qemu_irq int_out;           /* to the CPU */
    qemu_irq *in;               /* ISA IRQ 0-15 */
} PICState;

/* Create the pair and its ports on bus->io; bus->irqs become its inputs. */
PICState *i8259_init(ISABus *bus, qemu_irq int_out);
void i8259_reset(PICState *s);
/* interrupt acknowledge cycle: the vector to deliver (spurious: IRQ7/15) */
int pic_read_irq(PICState *s);
/* port access, offset 0/1 of the chip (0 = master, 1 = slave) */
uint64_t pic_ioport_read(PICState *s, int chip, hwaddr addr);
void pic_ioport_write(PICState *s, int chip, hwaddr addr, uint8_t val);
uint64_t pic_elcr_read(PICState *s, int chip);
void pic_elcr_write(PICState *s, int chip, uint8_t val);

#endif
