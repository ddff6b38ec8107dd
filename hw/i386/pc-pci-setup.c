/*
 * PCI set-up in place of firmware, for a direct kernel boot
 * (include/hw/i386/pc-platform.h): what SeaBIOS does on the PC before it
 * starts an OS, done through configuration cycles as firmware would, so
 * every device's own config hooks see it.
 *
 * BARs are sized by writing all ones, then placed largest first, each at
 * its natural alignment (sizes are powers of two, so nothing is wasted):
 * I/O from 0xc000, memory (prefetchable too) from 0xe0000000 up to the
 * I/O APIC. A BAR that does not fit is left unassigned with a warning.
 * Expansion ROM BARs get an address but stay disabled, as SeaBIOS leaves
 * them (the OS then finds them placed, and enables one to read it).
 */
#include "qemu/osdep.h"
#include "hw/i386/pc-platform.h"
#include "hw/pci/i440fx.h"

#define PCI_ROM_SLOT            PCI_NUM_BARS    /* "BAR 6", at PCI_ROM_ADDRESS */
#define PCI_BAR_REG(n)          ((n) == PCI_ROM_SLOT ? PCI_ROM_ADDRESS : PCI_BASE_ADDRESS_0 + 4 * (n))
#define ROM_ADDRESS_MASK        0xfffff800u
#define BAR_MEM_TYPE_MASK       0x06
#define BAR_MEM_TYPE_64         0x04
#define BAR_IO_FLAGS            0x03
#define BAR_MEM_FLAGS           0x0f

#define PCI_IO_START            0xc000
#define PCI_IO_END              0x10000
#define PCI_MEM_START           0xe0000000ull
#define PCI_MEM_END             0xfec00000ull   /* the I/O APIC and up are the board's */
#define PCI_MEM_MIN_ALIGN       0x1000          /* keep memory BARs on their own pages */
#define PCI_MAX_BARS            (256 * (PCI_NUM_BARS + 1))

#define PIIX3_PIRQC             0x60
#define ELCR_IRQS_PER_CHIP      8

/* PIIX3 IDE: firmware turns on both channels' decoding (IDETIM bit 15) */
#define PIIX3_IDE_DEVICE_ID     0x7010
#define PIIX_IDETIM_PRIMARY     0x40
#define PIIX_IDETIM_SECONDARY   0x42
#define PIIX_IDETIM_DECODE      0x8000

typedef struct BarRequest {
    int devfn, n;
    bool io;
    bool is_64bit;
    uint64_t size;
} BarRequest;

static uint32_t cfg_read(PCIBus *bus, int devfn, uint32_t reg, int len)
{
    return pci_bus_config_read(bus, devfn, reg, len);
}

static void cfg_write(PCIBus *bus, int devfn, uint32_t reg, uint32_t val, int len)
{
    pci_bus_config_write(bus, devfn, reg, val, len);
}

/*
 * BAR n's size (0: none; n == PCI_ROM_SLOT: the ROM BAR); advances *n past
 * the upper half of a 64-bit BAR
 */
static void size_bar(PCIBus *bus, int devfn, int *n, BarRequest *req)
{
    uint32_t reg = PCI_BAR_REG(*n);
    uint32_t old = cfg_read(bus, devfn, reg, 4), mask;

    /* the ROM's enable bit stays clear: sizing must not map it */
    cfg_write(bus, devfn, reg, *n == PCI_ROM_SLOT ? ROM_ADDRESS_MASK : 0xffffffffu, 4);
    mask = cfg_read(bus, devfn, reg, 4);
    cfg_write(bus, devfn, reg, old, 4);
    *req = (BarRequest){ .devfn = devfn, .n = *n };
    if (*n == PCI_ROM_SLOT) {
        mask &= ROM_ADDRESS_MASK;
    } else if ((req->io = mask & PCI_BASE_ADDRESS_SPACE_IO)) {
        /* a 16-bit I/O decoder reads its upper half back as zero */
        mask = (mask & ~BAR_IO_FLAGS) | (mask & 0xffff0000u ? 0 : 0xffff0000u);
    } else {
        req->is_64bit = (mask & BAR_MEM_TYPE_MASK) == BAR_MEM_TYPE_64 && *n < PCI_NUM_BARS - 1;
        mask &= ~BAR_MEM_FLAGS;
    }
    req->size = mask ? (uint32_t)(~mask + 1) : 0;
    if (req->is_64bit) {
        ++*n;
    }
}

static int by_size_descending(const void *a, const void *b)
{
    const BarRequest *x = a, *y = b;

    return x->size < y->size ? 1 : x->size > y->size ? -1 : x->devfn - y->devfn;
}

static void place_bars(PCIBus *bus, BarRequest *reqs, int count, bool io)
{
    uint64_t next = io ? PCI_IO_START : PCI_MEM_START;
    uint64_t end = io ? PCI_IO_END : PCI_MEM_END;

    qsort(reqs, count, sizeof(*reqs), by_size_descending);
    for (int i = 0; i < count; i++) {
        BarRequest *r = &reqs[i];
        uint64_t align = io ? r->size : MAX(r->size, PCI_MEM_MIN_ALIGN);
        uint64_t addr = (next + align - 1) & ~(align - 1);

        if (r->io != io) {
            continue;
        }
        if (addr + r->size > end) {
            warn_report("PCI %02x.%x: no room for the %s BAR %d (%" PRIu64 " bytes)",
                        PCI_SLOT(r->devfn), PCI_FUNC(r->devfn), io ? "I/O" : "memory",
                        r->n, r->size);
            continue;
        }
        cfg_write(bus, r->devfn, PCI_BAR_REG(r->n), addr, 4);
        if (r->is_64bit) {
            cfg_write(bus, r->devfn, PCI_BAR_REG(r->n + 1), 0, 4);
        }
        next = addr + MAX(r->size, io ? 0 : PCI_MEM_MIN_ALIGN);
    }
}

/* what SeaBIOS does per function besides the BARs */
static void setup_function(PCIBus *bus, int devfn, const uint8_t *pirq_irqs, uint16_t *elcr)
{
    PCIDevice *d = bus->devices[devfn];
    uint8_t pin = cfg_read(bus, devfn, PCI_INTERRUPT_PIN, 1);

    if (cfg_read(bus, devfn, PCI_VENDOR_ID, 2) == PCI_VENDOR_ID_INTEL &&
        cfg_read(bus, devfn, PCI_DEVICE_ID, 2) == PIIX3_IDE_DEVICE_ID) {
        cfg_write(bus, devfn, PIIX_IDETIM_PRIMARY, PIIX_IDETIM_DECODE, 2);
        cfg_write(bus, devfn, PIIX_IDETIM_SECONDARY, PIIX_IDETIM_DECODE, 2);
    }
    if (pin >= 1 && pin <= PCI_NUM_PINS && d && bus->map_irq) {
        /* the IRQ the pin reaches through the bridge's swizzle and the PIRQ routes */
        int irq = pirq_irqs[bus->map_irq(d, pin - 1) & (PCI_NUM_PINS - 1)];
        cfg_write(bus, devfn, PCI_INTERRUPT_LINE, irq, 1);
        *elcr |= 1 << irq;
    }
}

static void enable_decoding(PCIBus *bus, int devfn)
{
    uint16_t cmd = cfg_read(bus, devfn, PCI_COMMAND, 2);

    cfg_write(bus, devfn, PCI_COMMAND, cmd | PCI_COMMAND_IO | PCI_COMMAND_MEMORY, 2);
}

void pc_pci_setup(PCIBus *bus, PICState *pic)
{
    static const uint8_t pirq_irqs[PCI_NUM_PINS] = PC_PIRQ_IRQS;
    BarRequest *reqs = qemu_malloc(PCI_MAX_BARS * sizeof(*reqs));
    int nreqs = 0;
    uint16_t elcr = 0;

    for (int i = 0; i < PCI_NUM_PINS; i++) {
        cfg_write(bus, PIIX3_DEVFN, PIIX3_PIRQC + i, pirq_irqs[i], 1);
    }
    for (int devfn = 0; devfn < 256; devfn++) {
        if (cfg_read(bus, devfn, PCI_VENDOR_ID, 2) == 0xffff) {
            continue;
        }
        for (int n = 0; n <= PCI_ROM_SLOT; n++) {
            BarRequest r;
            size_bar(bus, devfn, &n, &r);
            if (r.size) {
                reqs[nreqs++] = r;
            }
        }
        setup_function(bus, devfn, pirq_irqs, &elcr);
    }
    place_bars(bus, reqs, nreqs, true);
    place_bars(bus, reqs, nreqs, false);
    free(reqs);
    for (int devfn = 0; devfn < 256; devfn++) {
        if (cfg_read(bus, devfn, PCI_VENDOR_ID, 2) != 0xffff) {
            enable_decoding(bus, devfn);
        }
    }
    for (int chip = 0; chip < 2; chip++) {
        pic_elcr_write(pic, chip, elcr >> (chip * ELCR_IRQS_PER_CHIP));
    }
}
