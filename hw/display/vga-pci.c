/*
 * The PCI "VGA" device (QEMU's -vga std, 1234:1111): the standard VGA at
 * its legacy ports and window, video memory as BAR 0 (the prefetchable
 * linear framebuffer), BAR 2 the 4 KiB MMIO page Linux's bochs-drm uses
 * (VGA ports at 0x400, DISPI registers at 0x500, the extended registers
 * at 0x600 with the framebuffer byte order), and an expansion ROM with
 * SeaBIOS's VGA BIOS (vgabios-stdvga.bin), which the firmware runs.
 */
#include "qemu/osdep.h"
#include "hw/pci/pci.h"
#include "hw/loader.h"
#include "hw/display/vga.h"
#include "hw/display/vga-internal.h"
#include "sysemu/sysemu.h"

#define VGA_PCI_VENDOR          0x1234
#define VGA_PCI_DEVICE          0x1111
#define VGA_PCI_REVISION        0x02
#define VGA_PCI_SUBSYS_VENDOR   0x1af4
#define VGA_PCI_SUBSYS_ID       0x1100
#define VGA_ROM_FILE            "vgabios-stdvga.bin"
#define VGA_ROM_MAX             (1024 * 1024)

/* BAR 2 */
#define MMIO_SIZE               0x1000
#define MMIO_VGA_PORTS          0x400   /* 0x3c0-0x3df */
#define MMIO_VGA_PORTS_SIZE     0x20
#define MMIO_DISPI              0x500   /* register n at 0x500 + 2n */
#define MMIO_DISPI_SIZE         (VBE_DISPI_INDEX_COUNT * 2)
#define MMIO_QEXT               0x600
#define MMIO_QEXT_SIZE          8       /* what 0x600 reads: the size of this block */
#define QEXT_REG_SIZE           0x0
#define QEXT_REG_ENDIAN         0x4
#define QEXT_LITTLE_ENDIAN      0x1e1e1e1eu
#define QEXT_BIG_ENDIAN         0xbebebebeu

typedef struct VGAPCIState {
    PCIDevice pci;
    VGAState vga;
    MemoryRegion mmio;
    MemoryRegion rom;
} VGAPCIState;

static uint64_t vga_mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    VGAState *s = opaque;
    uint64_t val = 0;

    if (addr >= MMIO_VGA_PORTS && addr + size <= MMIO_VGA_PORTS + MMIO_VGA_PORTS_SIZE) {
        for (unsigned i = 0; i < size; i++) {
            val |= (uint64_t)vga_ioport_read(s, 0x3c0 + addr - MMIO_VGA_PORTS + i) << (i * 8);
        }
        return val;
    }
    if (addr >= MMIO_DISPI && addr + size <= MMIO_DISPI + MMIO_DISPI_SIZE) {
        uint16_t reg = vga_vbe_read(s, (addr - MMIO_DISPI) / 2);
        return size == 1 ? (reg >> ((addr & 1) * 8)) & 0xff : reg;
    }
    if (addr >= MMIO_QEXT && addr + size <= MMIO_QEXT + MMIO_QEXT_SIZE) {
        uint32_t reg = (addr - MMIO_QEXT) < QEXT_REG_ENDIAN ? MMIO_QEXT_SIZE
                       : s->fb_big_endian ? QEXT_BIG_ENDIAN : QEXT_LITTLE_ENDIAN;
        return (reg >> ((addr & 3) * 8)) & (size == 4 ? 0xffffffffu : (1u << (size * 8)) - 1);
    }
    return 0;
}

static void vga_mmio_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    VGAState *s = opaque;

    if (addr >= MMIO_VGA_PORTS && addr + size <= MMIO_VGA_PORTS + MMIO_VGA_PORTS_SIZE) {
        for (unsigned i = 0; i < size; i++) {
            vga_ioport_write(s, 0x3c0 + addr - MMIO_VGA_PORTS + i, val >> (i * 8));
        }
    } else if (addr >= MMIO_DISPI && addr + size <= MMIO_DISPI + MMIO_DISPI_SIZE) {
        /* the registers are 16 bits wide: byte writes would change half of one */
        if (size == 2) {
            vga_vbe_write(s, (addr - MMIO_DISPI) / 2, val);
        }
    } else if (addr == MMIO_QEXT + QEXT_REG_ENDIAN && size == 4) {
        if (val == QEXT_BIG_ENDIAN) {
            s->fb_big_endian = true;
        } else if (val == QEXT_LITTLE_ENDIAN) {
            s->fb_big_endian = false;
        }
    }
}

static const MemoryRegionOps vga_mmio_ops = {
    .read = vga_mmio_read,
    .write = vga_mmio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .min_access_size = 1,
    .max_access_size = 4,
};

/* the VGA BIOS into a ROM region the size of the next power of two */
static bool vga_load_rom(VGAPCIState *d, char **errp)
{
    char *path = qemu_find_file(VGA_ROM_FILE);
    char *err = NULL;
    size_t size, rom_size = 2048;
    uint8_t *data;

    if (!path) {
        error_setg(errp, "VGA: failed to find romfile \"%s\"", VGA_ROM_FILE);
        return false;
    }
    data = load_file(path, VGA_ROM_MAX, &size, &err);
    free(path);
    if (!data) {
        error_setg(errp, "VGA: could not load the VGA BIOS: %s", err);
        free(err);
        return false;
    }
    while (rom_size < size) {
        rom_size <<= 1;
    }
    memory_region_init_rom(&d->rom, "vga.rom", rom_size);
    memcpy(d->rom.ram, data, size);
    free(data);
    pci_register_rom(&d->pci, &d->rom);
    return true;
}

static bool vga_pci_realize(DeviceState *dev, BusState *bus, char **errp)
{
    VGAPCIState *d = (VGAPCIState *)dev;
    VGAState *s = &d->vga;

    static bool created;

    /* the legacy ports and window can only belong to one */
    if (created) {
        error_setg(errp, "VGA: only one VGA device is supported");
        return false;
    }
    if (!pci_qdev_init(&d->pci, bus, "VGA", VGA_PCI_VENDOR, VGA_PCI_DEVICE,
                       VGA_PCI_REVISION, PCI_CLASS_DISPLAY_VGA, errp)) {
        return false;
    }
    if (!vga_load_rom(d, errp)) {
        return false;
    }
    pci_set_word(d->pci.config + PCI_SUBSYSTEM_VENDOR_ID, VGA_PCI_SUBSYS_VENDOR);
    pci_set_word(d->pci.config + PCI_SUBSYSTEM_ID, VGA_PCI_SUBSYS_ID);

    memory_region_init_ram(&s->vram, "vga.vram", VGA_VRAM_SIZE);
    s->vram_ptr = s->vram.ram;
    memory_region_set_dirty_log(&s->vram, true);
    pci_register_bar(&d->pci, 0, PCI_BAR_MEM32_PREFETCH, &s->vram);
    memory_region_init_io(&d->mmio, &vga_mmio_ops, s, "vga.mmio", MMIO_SIZE);
    pci_register_bar(&d->pci, 2, PCI_BAR_MEM32, &d->mmio);

    vga_regs_init(s, d->pci.bus->io);
    vga_vbe_init(s, d->pci.bus->io);
    vga_mem_init(s, d->pci.bus->mem);
    vga_display_init(s);
    created = true;
    return true;
}

static void vga_pci_reset(DeviceState *dev)
{
    VGAPCIState *d = (VGAPCIState *)dev;

    pci_device_reset(&d->pci);
    vga_regs_reset(&d->vga);
    vga_vbe_reset(&d->vga);
    vga_update_direct_window(&d->vga);
    d->vga.full_update = true;
}

static const Property vga_pci_props[] = {
    DEFINE_PROP_PCI_ADDR(VGAPCIState, pci),
    DEFINE_PROP_END,
};

static DeviceClass vga_pci_class = {
    .name = "VGA",
    .desc = "standard VGA with Bochs VBE extensions (-vga std)",
    .category = DEVICE_CATEGORY_DISPLAY,
    .bus_type = "PCI",
    .instance_size = sizeof(VGAPCIState),
    .user_creatable = true,
    .props = vga_pci_props,
    .realize = vga_pci_realize,
    .reset = vga_pci_reset,
};
DEVICE_REGISTER(vga_pci_class)

bool pci_vga_create(BusState *pci_bus, char **errp)
{
    DeviceState *dev = qdev_new(vga_pci_class.name);
    return dev && qdev_realize(dev, pci_bus, errp);
}
