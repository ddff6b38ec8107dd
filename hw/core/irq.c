/* Interrupt line objects (include/hw/irq.h). */
#include "qemu/osdep.h"
#include "hw/irq.h"

qemu_irq qemu_allocate_irq(qemu_irq_handler handler, void *opaque, int n)
{
    qemu_irq irq = qemu_malloc(sizeof(*irq));
    irq->handler = handler;
    irq->opaque = opaque;
    irq->n = n;
    return irq;
}

qemu_irq *qemu_allocate_irqs(qemu_irq_handler handler, void *opaque, int count)
{
    qemu_irq *irqs = qemu_malloc(count * sizeof(*irqs));
    for (int i = 0; i < count; i++) {
        irqs[i] = qemu_allocate_irq(handler, opaque, i);
    }
    return irqs;
}

void qemu_free_irq(qemu_irq irq)
{
    free(irq);
}
