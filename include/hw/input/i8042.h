/*
 * The i8042 keyboard controller at ports 0x60/0x64 with a PS/2 keyboard
 * (ISA IRQ1) and mouse (ISA IRQ12). Its output port drives the A20 gate
 * and the CPU reset line, as on the PC/AT.
 */
#ifndef HW_INPUT_I8042_H
#define HW_INPUT_I8042_H

#include "hw/input/ps2.h"
#include "hw/irq.h"
#include "hw/isa.h"

typedef struct I8042State {
    uint8_t status;
    uint8_t mode;               /* controller command byte (CTR) */
    uint8_t outport;
    uint8_t pending;            /* controller command waiting for a data byte, or 0 */
    uint8_t obdata;             /* output buffer */
    PS2KbdState kbd;
    PS2MouseState mouse;
    qemu_irq irq_kbd, irq_mouse;
    qemu_irq a20_out;
    MemoryRegion data_io, cmd_io;
} I8042State;

/* a20_out follows bit 1 of the output port */
I8042State *i8042_init(ISABus *bus, qemu_irq a20_out);
void i8042_reset(I8042State *s);
uint64_t i8042_read(I8042State *s, hwaddr port);
void i8042_write(I8042State *s, hwaddr port, uint8_t val);

#endif
