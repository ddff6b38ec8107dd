/*
 * The local APIC of the (single) x86 CPU, at the address in the APIC base
 * MSR (0xfee00000). It merges three sources into the CPU's INTR line: its
 * own IRR (from the I/O APIC, IPIs and its timer), and the 8259's output
 * on LINT0 when LINT0 is in ExtINT mode or the APIC is globally disabled
 * (the virtual-wire mode a PC starts in).
 */
#ifndef HW_I386_APIC_H
#define HW_I386_APIC_H

#include "hw/intc/ioapic.h"
#include "qemu/timer.h"
#include "cpu.h"

#define APIC_DEFAULT_BASE   0xfee00000
#define APIC_LVT_COUNT      6       /* timer, thermal, perf, LINT0, LINT1, error */

typedef struct APICState {
    X86CPU *cpu;
    uint8_t id;
    uint32_t tpr, ldr, dfr, svr, esr;
    uint32_t icr[2];
    uint32_t lvt[APIC_LVT_COUNT];
    uint32_t isr[8], tmr[8], irr[8];    /* 256-bit vector bitmaps */
    uint32_t initial_count, divide_conf;
    int64_t count_start_ns;             /* virtual time the timer (re)loaded */
    bool oneshot_expired;               /* this load's one-shot count reached zero */
    bool pic_level;                     /* the 8259's INTR output on LINT0 */
    QEMUTimer timer;
    MemoryRegion mmio;
    IOAPICState *ioapic;                /* gets EOIs of level-triggered vectors */
    int (*pic_acknowledge)(void *opaque);   /* the 8259's vector, on LINT0 */
    void *pic_opaque;
} APICState;

/* pic_acknowledge: the interrupt acknowledge cycle of the 8259 on LINT0 */
APICState *apic_init(X86CPU *cpu, AddressSpace *mem,
                     int (*pic_acknowledge)(void *opaque), void *pic_opaque);
void apic_connect_ioapic(APICState *s, IOAPICState *ioapic);
/* the 8259's INTR output */
void apic_set_pic_level(APICState *s, bool level);
/* the CPU acknowledges: the vector to take, or -1 */
int apic_get_interrupt(APICState *s);
/* a message from the I/O APIC (an APICDeliverFn with s as opaque) */
void apic_deliver_message(void *opaque, const APICMessage *msg);

#endif
