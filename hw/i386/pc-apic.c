/* The PC's APICs and how they are wired (include/hw/i386/pc-platform.h). */
#include "qemu/osdep.h"
#include "hw/i386/pc-platform.h"
#include "hw/i386/apic.h"
#include "hw/intc/ioapic.h"

typedef struct ISAIRQSplit {
    qemu_irq pic_in;
    qemu_irq ioapic_in;         /* NULL for the cascade, IRQ2 */
} ISAIRQSplit;

static void isa_irq_split(void *opaque, int n, int level)
{
    ISAIRQSplit *split = opaque;

    qemu_set_irq(split->pic_in, level);
    qemu_set_irq(split->ioapic_in, level);
}

static void pic_output(void *opaque, int n, int level)
{
    apic_set_pic_level(opaque, level);
}

static int pic_acknowledge(void *opaque)
{
    return pic_read_irq(opaque);
}

static int cpu_acknowledge(void *opaque)
{
    return apic_get_interrupt(opaque);
}

/* ISA IRQ n's I/O APIC pin: identity, except the timer at pin 2 */
static int isa_irq_to_gsi(int n)
{
    return n == 0 ? 2 : n == 2 ? -1 : n;
}

void pc_apic_init(X86CPU *cpu, PICState *pic, ISABus *isa)
{
    APICState *apic = apic_init(cpu, &address_space_memory, pic_acknowledge, pic);
    IOAPICState *ioapic = ioapic_init(&address_space_memory, IOAPIC_DEFAULT_BASE,
                                      apic_deliver_message, apic);

    apic_connect_ioapic(apic, ioapic);
    pic->int_out = qemu_allocate_irq(pic_output, apic, 0);
    cpu->env.get_pic_interrupt = cpu_acknowledge;
    cpu->env.pic_opaque = apic;
    for (int n = 0; n < ISA_NUM_IRQS; n++) {
        ISAIRQSplit *split = qemu_malloc(sizeof(*split));
        int gsi = isa_irq_to_gsi(n);
        split->pic_in = isa->irqs[n];
        split->ioapic_in = gsi >= 0 ? ioapic->in[gsi] : NULL;
        isa->irqs[n] = qemu_allocate_irq(isa_irq_split, split, n);
    }
}
