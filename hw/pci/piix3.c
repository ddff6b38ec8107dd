/*
 * PIIX3 PCI-to-ISA bridge, function 0 (include/hw/pci/i440fx.h): the PIRQ
 * route control registers. Slot s's INTx pin p drives PIRQ (s + p - 1) mod 4,
 * the swizzle the PC's firmware tables describe; each PIRQ goes to the
 * ISA IRQ its register names unless bit 7 disables it.
 */
#include "qemu/osdep.h"
#include "hw/pci/i440fx.h"
#include "sysemu/runstate.h"

#define PIIX3_DEVICE_ID     0x7000
#define PIIX3_PIRQC         0x60    /* PIRQA-D route control, 4 bytes */
#define PIRQ_DISABLE        0x80
#define PIRQ_IRQ_MASK       0x0f
/* IRQs 0-2, 8 and 13 cannot take a PIRQ */
#define PIRQ_VALID_IRQS     0xdef8

static int piix3_map_irq(PCIDevice *d, int pin)
{
    return (PCI_SLOT(d->devfn) + pin - 1) & 3;
}

static void update_isa_irqs(PIIX3State *s)
{
    uint16_t levels = 0;

    for (int line = 0; line < PCI_NUM_PINS; line++) {
        uint8_t route = s->dev.config[PIIX3_PIRQC + line];
        int irq = route & PIRQ_IRQ_MASK;
        if ((s->line_levels & (1 << line)) && !(route & PIRQ_DISABLE) &&
            (PIRQ_VALID_IRQS & (1 << irq))) {
            levels |= 1 << irq;
        }
    }
    for (int irq = 0; irq < ISA_NUM_IRQS; irq++) {
        uint16_t bit = 1 << irq;
        if ((levels ^ s->isa_levels) & bit) {
            qemu_set_irq(isa_get_irq(s->isa, irq), !!(levels & bit));
        }
    }
    s->isa_levels = levels;
}

static void piix3_set_irq(void *opaque, int line, int level)
{
    PIIX3State *s = opaque;

    s->line_levels = (s->line_levels & ~(1 << line)) | (level ? 1 << line : 0);
    update_isa_irqs(s);
}

static void piix3_config_write(PCIDevice *d, uint32_t addr, uint32_t val, int len)
{
    PIIX3State *s = container_of(d, PIIX3State, dev);

    pci_default_config_write(d, addr, val, len);
    if (addr < PIIX3_PIRQC + 4 && addr + len > PIIX3_PIRQC) {
        update_isa_irqs(s);
    }
}

static void piix3_reset(void *opaque)
{
    PIIX3State *s = opaque;

    pci_device_reset(&s->dev);
    /* an ISA bridge always decodes I/O and memory and masters for ISA DMA */
    pci_set_word(s->dev.config + PCI_COMMAND,
                 PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
    memset(s->dev.config + PIIX3_PIRQC, PIRQ_DISABLE, 4);
    update_isa_irqs(s);
}

PIIX3State *piix3_init(PCIBus *bus, ISABus *isa)
{
    PIIX3State *s = qemu_mallocz(sizeof(*s));

    s->isa = isa;
    pci_init_device(bus, &s->dev, "PIIX3", PIIX3_DEVFN, PCI_VENDOR_ID_INTEL,
                    PIIX3_DEVICE_ID, 0, PCI_CLASS_BRIDGE_ISA);
    s->dev.config[PCI_HEADER_TYPE] = PCI_HEADER_TYPE_MULTI_FUNCTION;
    memset(s->dev.wmask + PIIX3_PIRQC, PIRQ_DISABLE | PIRQ_IRQ_MASK, 4);
    s->dev.config_write = piix3_config_write;
    pci_bus_irqs(bus, piix3_map_irq, piix3_set_irq, s);
    qemu_register_reset(piix3_reset, s);
    piix3_reset(s);
    return s;
}
