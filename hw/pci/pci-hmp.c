/*
 * `info pci` (include/hw/pci/pci-hmp.h), in QEMU's layout: per function
 * its class, vendor:device and subsystem ids, the IRQ and pin, and each
 * BAR with where it decodes now (all ones when it does not).
 */
#include "qemu/osdep.h"
#include "monitor/monitor-internal.h"
#include "hw/pci/pci.h"
#include "hw/pci/pci-hmp.h"

static const struct {
    uint16_t class_id;
    const char *desc;
} pci_class_names[] = {
    { 0x0100, "SCSI controller" },
    { 0x0101, "IDE controller" },
    { 0x0106, "SATA controller" },
    { 0x0180, "Storage controller" },
    { 0x0200, "Ethernet controller" },
    { 0x0280, "Network controller" },
    { 0x0300, "VGA controller" },
    { 0x0380, "Display controller" },
    { 0x0401, "Audio controller" },
    { 0x0600, "Host bridge" },
    { 0x0601, "ISA bridge" },
    { 0x0604, "PCI bridge" },
    { 0x0680, "Bridge" },
    { 0x0c03, "USB controller" },
    { 0x00ff, "RAM controller" },   /* QEMU lists class 0x00ff so too */
};

static void print_class(Monitor *mon, uint16_t class_id)
{
    for (size_t i = 0; i < ARRAY_SIZE(pci_class_names); i++) {
        if (pci_class_names[i].class_id == class_id) {
            monitor_printf(mon, "    %s", pci_class_names[i].desc);
            return;
        }
    }
    monitor_printf(mon, "    Class %04x", class_id);
}

static void print_bar(Monitor *mon, const char *name, const PCIBar *bar)
{
    /* an unmapped BAR shows all ones, as QEMU prints it */
    uint64_t addr = bar->addr == PCI_BAR_UNMAPPED ? UINT64_MAX : bar->addr;

    if (bar->type == PCI_BAR_IO) {
        monitor_printf(mon, "      %s: I/O at 0x%04" PRIx64 " [0x%04" PRIx64 "].\n",
                       name, addr, addr + bar->size - 1);
    } else {
        monitor_printf(mon, "      %s: 32 bit %smemory at 0x%08" PRIx64 " [0x%08" PRIx64 "].\n",
                       name, bar->type == PCI_BAR_MEM32_PREFETCH ? "prefetchable " : "",
                       addr, addr + bar->size - 1);
    }
}

static void print_function(Monitor *mon, PCIDevice *d)
{
    const uint8_t *c = d->config;
    uint8_t pin = c[PCI_INTERRUPT_PIN];

    monitor_printf(mon, "  Bus %2d, device %3d, function %d:\n", 0,
                   PCI_SLOT(d->devfn), PCI_FUNC(d->devfn));
    print_class(mon, pci_get_word(c + PCI_CLASS_DEVICE));
    monitor_printf(mon, ": PCI device %04x:%04x\n",
                   pci_get_word(c + PCI_VENDOR_ID), pci_get_word(c + PCI_DEVICE_ID));
    monitor_printf(mon, "      PCI subsystem %04x:%04x\n",
                   pci_get_word(c + PCI_SUBSYSTEM_VENDOR_ID), pci_get_word(c + PCI_SUBSYSTEM_ID));
    if (pin >= 1 && pin <= PCI_NUM_PINS) {
        monitor_printf(mon, "      IRQ %d, pin %c\n", c[PCI_INTERRUPT_LINE], 'A' + pin - 1);
    }
    for (int n = 0; n < PCI_NUM_BARS; n++) {
        if (d->bars[n].type != PCI_BAR_UNUSED) {
            char name[8];
            snprintf(name, sizeof(name), "BAR%d", n);
            print_bar(mon, name, &d->bars[n]);
        }
    }
    if (d->rom.type != PCI_BAR_UNUSED) {
        print_bar(mon, "BAR6", &d->rom);
    }
    monitor_printf(mon, "      id \"%s\"\n", d->qdev.id ? d->qdev.id : "");
}

void hmp_info_pci(Monitor *mon, const char *arg)
{
    BusState *qbus = qbus_find("PCI");
    PCIBus *bus;

    if (!qbus) {
        monitor_printf(mon, "this machine has no PCI bus\n");
        return;
    }
    bus = container_of(qbus, PCIBus, qbus);
    for (int devfn = 0; devfn < 256; devfn++) {
        if (bus->devices[devfn]) {
            print_function(mon, bus->devices[devfn]);
        }
    }
}
