/*
 * The PIIX3 IDE PCI function (include/hw/ide/piix.h): legacy-mode
 * channels at fixed ISA ports and IRQs, the IDE timing registers that
 * enable them, and BAR4 with the two channels' bus-master registers.
 */
#include "qemu/osdep.h"
#include "hw/ide/piix.h"
#include "sysemu/runstate.h"
#include "bmdma.h"

#define PIIX3_IDE_DEVICE_ID 0x7010
#define PIIX_IDETIM         0x40    /* primary at 0x40, secondary at 0x42; bit 15 decodes */
#define PIIX_SIDETIM        0x44

struct PCIIDEState {
    PCIDevice dev;
    IDEBus bus[2];
    BMDMAState bmdma[2];
    MemoryRegion cmd_io[2], ctrl_io[2], bmdma_io;
};

static const char *const bus_names[2] = { "ide.0", "ide.1" };
static const uint16_t cmd_ports[2] = { 0x1f0, 0x170 };
static const uint16_t ctrl_ports[2] = { 0x3f6, 0x376 };
static const int channel_irqs[2] = { 14, 15 };

/* ---- the command block: the data port (16/32-bit) and task file registers ---- */

static uint64_t ide_cmd_read(void *opaque, hwaddr addr, unsigned size)
{
    IDEBus *bus = opaque;
    uint64_t val = 0;

    if (addr == 0) {
        if (size == 4) {
            return ide_data_readl(bus);
        }
        return size == 2 ? ide_data_readw(bus) : ide_data_readw(bus) & 0xff;
    }
    for (unsigned i = 0; i < size; i++) {
        val |= (uint64_t)(addr + i < 8 ? ide_ioport_read(bus, addr + i) : 0xff) << (8 * i);
    }
    return val;
}

static void ide_cmd_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    IDEBus *bus = opaque;

    if (addr == 0) {
        if (size == 4) {
            ide_data_writel(bus, val);
        } else {
            ide_data_writew(bus, val);
        }
        return;
    }
    for (unsigned i = 0; i < size && addr + i < 8; i++) {
        ide_ioport_write(bus, addr + i, (val >> (8 * i)) & 0xff);
    }
}

static const MemoryRegionOps ide_cmd_ops = {
    .read = ide_cmd_read,
    .write = ide_cmd_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .min_access_size = 1,
    .max_access_size = 4,
};

/* ---- the control block: alternate status and device control ---- */

static uint64_t ide_ctrl_read(void *opaque, hwaddr addr, unsigned size)
{
    return ide_status_read(opaque);
}

static void ide_ctrl_io_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    ide_ctrl_write(opaque, val & 0xff);
}

static const MemoryRegionOps ide_ctrl_ops = {
    .read = ide_ctrl_read,
    .write = ide_ctrl_io_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .min_access_size = 1,
    .max_access_size = 1,
};

/* ---- BAR4: bus master registers, channel n at 8 * n ---- */

static uint64_t piix_bmdma_read(void *opaque, hwaddr addr, unsigned size)
{
    PCIIDEState *d = opaque;
    return bmdma_io_read(&d->bmdma[(addr >> 3) & 1], addr & 7);
}

static void piix_bmdma_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    PCIIDEState *d = opaque;
    bmdma_io_write(&d->bmdma[(addr >> 3) & 1], addr & 7, val);
}

static const MemoryRegionOps piix_bmdma_ops = {
    .read = piix_bmdma_read,
    .write = piix_bmdma_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .min_access_size = 1,
    .max_access_size = 1,
};

static void piix_ide_reset(void *opaque)
{
    PCIIDEState *d = opaque;

    pci_device_reset(&d->dev);
    /*
     * Both channels decoding, as firmware leaves them: a -kernel boot has
     * no firmware, and Linux's ata_piix skips a channel that is off.
     */
    pci_set_word(d->dev.config + PIIX_IDETIM, 0x8000);
    pci_set_word(d->dev.config + PIIX_IDETIM + 2, 0x8000);
    d->dev.config[PIIX_SIDETIM] = 0;
    for (int i = 0; i < 2; i++) {
        bmdma_reset(&d->bmdma[i]);
        ide_bus_reset(&d->bus[i]);
    }
}

PCIIDEState *piix3_ide_init(PCIBus *bus, int devfn, ISABus *isa, DriveInfo *drives[4],
                            char **errp)
{
    PCIIDEState *d = qemu_mallocz(sizeof(*d));

    pci_init_device(bus, &d->dev, "piix3-ide", devfn, PCI_VENDOR_ID_INTEL,
                    PIIX3_IDE_DEVICE_ID, 0, PCI_CLASS_STORAGE_IDE);
    d->dev.config[PCI_CLASS_PROG] = 0x80;   /* legacy mode on both channels, bus master */
    memset(d->dev.wmask + PIIX_IDETIM, 0xff, 5);
    memory_region_init_io(&d->bmdma_io, &piix_bmdma_ops, d, "piix-bmdma", 16);
    pci_register_bar(&d->dev, 4, PCI_BAR_IO, &d->bmdma_io);

    for (int i = 0; i < 2; i++) {
        IDEBus *b = &d->bus[i];

        ide_bus_init(b, isa_get_irq(isa, channel_irqs[i]));
        bmdma_init(&d->bmdma[i], &d->dev, b);
        for (int unit = 0; unit < 2; unit++) {
            DriveInfo *di = drives[i * 2 + unit];
            if (di && !ide_drive_attach(&b->ifs[unit], di, di->media == MEDIA_CDROM, errp)) {
                return NULL;
            }
        }
        b->qbus.type = "IDE";
        b->qbus.name = bus_names[i];
        qbus_register(&b->qbus);
        memory_region_init_io(&d->cmd_io[i], &ide_cmd_ops, b, "ide-cmd", 8);
        isa_register_ioport(isa, &d->cmd_io[i], cmd_ports[i]);
        memory_region_init_io(&d->ctrl_io[i], &ide_ctrl_ops, b, "ide-ctrl", 1);
        isa_register_ioport(isa, &d->ctrl_io[i], ctrl_ports[i]);
    }
    qemu_register_reset(piix_ide_reset, d);
    piix_ide_reset(d);
    return d;
}

bool piix_ide_get_geometry(PCIIDEState *d, int index, uint32_t *cyls, uint32_t *heads,
                           uint32_t *secs)
{
    IDEState *s;

    if (index < 0 || index > 3) {
        return false;
    }
    s = &d->bus[index / 2].ifs[index % 2];
    if (!s->present || s->is_cdrom) {
        return false;
    }
    *cyls = s->cylinders;
    *heads = s->heads;
    *secs = s->sectors;
    return true;
}
