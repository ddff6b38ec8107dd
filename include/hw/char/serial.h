/*
 * The 16550A UART. The core (registers, FIFOs, interrupts) is driven
 * through serial_io_read/serial_io_write at register offsets 0-7; the ISA
 * glue maps it at a COM port.
 */
#ifndef HW_CHAR_SERIAL_H
#define HW_CHAR_SERIAL_H

#include "hw/qdev.h"
#include "hw/irq.h"
#include "hw/isa.h"
#include "exec/memory.h"
#include "qemu/timer.h"
#include "chardev/char.h"

#define UART_FIFO_SIZE 16

typedef struct SerialState {
    uint16_t divider;
    uint8_t ier, lcr, mcr, lsr, msr, scr, fcr;
    uint8_t iir;                /* the pending source, without the FIFO bits */
    uint8_t rx_fifo[UART_FIFO_SIZE];
    unsigned rx_head, rx_count;
    bool thr_ipending;          /* THR empty interrupt, cleared by IIR read or THR write */
    bool timeout_ipending;      /* character timeout interrupt */
    qemu_irq irq;
    Chardev *chr;
    QEMUTimer timeout_timer;    /* 4 character times after the last RX activity */
    int64_t char_time_ns;       /* one character at the current line settings */
} SerialState;

void serial_init(SerialState *s, qemu_irq irq, Chardev *chr);
void serial_reset(SerialState *s);
uint64_t serial_io_read(void *opaque, hwaddr addr, unsigned size);
void serial_io_write(void *opaque, hwaddr addr, uint64_t val, unsigned size);

/* Board side: an isa-serial at COM1..COM4 (index 0..3) on chr (may be NULL). */
bool serial_isa_create(ISABus *bus, int index, Chardev *chr, char **errp);

#endif
