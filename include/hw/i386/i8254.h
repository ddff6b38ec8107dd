/*
 * The 8254 programmable interval timer at ports 0x40-0x43: three
 * channels counting at 1.193182 MHz on the virtual clock. Channel 0's
 * output is ISA IRQ0; channel 2 is gated and read through port 0x61.
 */
#ifndef HW_I386_I8254_H
#define HW_I386_I8254_H

#include "hw/irq.h"
#include "hw/isa.h"
#include "qemu/timer.h"

#define PIT_FREQ 1193182

typedef struct PITChannel {
    uint32_t count;             /* reload value in ticks, 1..0x10000 */
    uint16_t latched_count;
    uint8_t count_latched;      /* 0 none, else the rw mode of the latch (1-3) */
    bool status_latched;
    uint8_t status;
    uint8_t read_state;         /* which byte the next read gives */
    uint8_t write_state;        /* which byte the next write sets */
    uint8_t write_latch;        /* LSB waiting for its MSB */
    uint8_t rw_mode;            /* 1 LSB, 2 MSB, 3 LSB then MSB */
    uint8_t mode;               /* 0-5 */
    bool bcd;
    bool gate;
    bool null_count;            /* a new count written but not yet loaded */
    bool waiting_trigger;       /* modes 1 and 5: counting waits for a gate edge */
    bool loaded;                /* a count was loaded since the mode was set */
    bool frozen;                /* gate low in a mode that pauses counting */
    uint64_t frozen_ticks;      /* ticks elapsed when it was frozen */
    int64_t count_load_time;    /* virtual ns at which counting (re)started */
    qemu_irq irq;               /* channel 0 only */
    QEMUTimer irq_timer;        /* the next change of OUT, channel 0 only */
} PITChannel;

typedef struct PITState {
    PITChannel channels[3];
} PITState;

/* channels on bus->io at 0x40, channel 0 on irq */
PITState *i8254_init(ISABus *bus, qemu_irq irq);
void i8254_reset(PITState *s);
/* the gate input and OUT of a channel (port 0x61 uses channel 2) */
void pit_set_gate(PITState *s, int channel, bool level);
bool pit_get_out(PITState *s, int channel);

/* Port 0x61: channel 2 gate, speaker enable, refresh toggle, channel 2 OUT. */
void pcspk_init(ISABus *bus, PITState *pit);

#endif
