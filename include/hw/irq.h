/*
 * Interrupt lines. A device that receives interrupts allocates its input
 * lines with a handler; the board hands them to the devices that drive
 * them, which call qemu_set_irq(). A NULL line is unconnected: setting it
 * does nothing.
 */
#ifndef HW_IRQ_H
#define HW_IRQ_H

#include "qemu/osdep.h"

typedef struct IRQState *qemu_irq;
/* n: the line's number among its owner's inputs; level 0 or 1 */
typedef void (*qemu_irq_handler)(void *opaque, int n, int level);

struct IRQState {
    qemu_irq_handler handler;
    void *opaque;
    int n;
};

qemu_irq qemu_allocate_irq(qemu_irq_handler handler, void *opaque, int n);
/* count lines numbered 0..count-1 */
qemu_irq *qemu_allocate_irqs(qemu_irq_handler handler, void *opaque, int count);
void qemu_free_irq(qemu_irq irq);

static inline void qemu_set_irq(qemu_irq irq, int level)
{
    if (irq) {
        irq->handler(irq->opaque, irq->n, level);
    }
}
static inline void qemu_irq_raise(qemu_irq irq) { qemu_set_irq(irq, 1); }
static inline void qemu_irq_lower(qemu_irq irq) { qemu_set_irq(irq, 0); }
/* an edge: raise then lower */
static inline void qemu_irq_pulse(qemu_irq irq)
{
    qemu_set_irq(irq, 1);
    qemu_set_irq(irq, 0);
}

#endif
