/*
 * PCI bus, configuration space and BARs (include/hw/pci/pci.h).
 *
 * Config writes go through per-byte write masks, so read-only fields stay
 * as the device set them whatever the guest writes. After any write that
 * touches the command register or a BAR, every BAR's mapping is brought
 * in line with what the registers now say.
 */
#include "qemu/osdep.h"
#include "hw/pci/pci.h"

#define PCI_BAR_REG(n)      (PCI_BASE_ADDRESS_0 + 4 * (n))
#define PCI_BAR_IO_LIMIT    0x10000ull
#define PCI_BAR_MEM_LIMIT   0x100000000ull

PCIBus *pci_bus_new(AddressSpace *mem, AddressSpace *io)
{
    PCIBus *bus = qemu_mallocz(sizeof(*bus));

    bus->mem = mem;
    bus->io = io;
    bus->qbus.type = "PCI";
    bus->qbus.name = "pci.0";
    qbus_register(&bus->qbus);
    return bus;
}

void pci_bus_irqs(PCIBus *bus, PCIMapIRQFn *map_irq, PCISetIRQFn *set_irq, void *opaque)
{
    bus->map_irq = map_irq;
    bus->set_irq = set_irq;
    bus->irq_opaque = opaque;
}

void pci_init_device(PCIBus *bus, PCIDevice *d, const char *name, int devfn,
                     uint16_t vendor, uint16_t device, uint8_t revision, uint16_t class_id)
{
    if (devfn < 0 || devfn > 255 || bus->devices[devfn]) {
        fatal("PCI: slot %d function %d is not available for %s",
              PCI_SLOT(devfn & 0xff), PCI_FUNC(devfn & 0xff), name);
    }
    memset(d->config, 0, sizeof(d->config));
    memset(d->wmask, 0, sizeof(d->wmask));
    memset(d->w1cmask, 0, sizeof(d->w1cmask));
    d->name = name;
    d->bus = bus;
    d->devfn = devfn;
    pci_set_word(d->config + PCI_VENDOR_ID, vendor);
    pci_set_word(d->config + PCI_DEVICE_ID, device);
    d->config[PCI_REVISION_ID] = revision;
    pci_set_word(d->config + PCI_CLASS_DEVICE, class_id);
    pci_set_word(d->config + PCI_STATUS, PCI_STATUS_FAST_BACK | PCI_STATUS_DEVSEL_MEDIUM);
    pci_set_word(d->wmask + PCI_COMMAND, PCI_COMMAND_IO | PCI_COMMAND_MEMORY |
                                         PCI_COMMAND_MASTER | PCI_COMMAND_INTX_DISABLE);
    /* the error bits of the status register are write-one-to-clear */
    d->w1cmask[PCI_STATUS + 1] = 0xf9;
    d->wmask[PCI_INTERRUPT_LINE] = 0xff;
    for (int i = 0; i < PCI_NUM_BARS; i++) {
        d->bars[i].addr = PCI_BAR_UNMAPPED;
    }
    bus->devices[devfn] = d;
}

/* "slot" or "slot.fn", both hex as QEMU writes them (addr=0x3, addr=03.1) */
static int parse_pci_addr(const char *s)
{
    char *end;
    unsigned long slot = strtoul(s, &end, 16), fn = 0;

    if (end == s || slot > 31) {
        return -1;
    }
    if (*end == '.') {
        const char *f = end + 1;
        fn = strtoul(f, &end, 16);
        if (end == f || fn > 7) {
            return -1;
        }
    }
    return *end ? -1 : (int)PCI_DEVFN(slot, fn);
}

bool pci_qdev_init(PCIDevice *d, BusState *qbus, const char *name,
                   uint16_t vendor, uint16_t device, uint8_t revision,
                   uint16_t class_id, char **errp)
{
    PCIBus *bus = container_of(qbus, PCIBus, qbus);
    int devfn = -1;

    if (d->addr_prop) {
        devfn = parse_pci_addr(d->addr_prop);
        if (devfn < 0) {
            error_setg(errp, "%s: invalid PCI address '%s' (want slot[.function] in hex)",
                              name, d->addr_prop);
            return false;
        }
        if (bus->devices[devfn]) {
            error_setg(errp, "%s: PCI slot %x function %d is already in use by %s",
                              name, PCI_SLOT(devfn), PCI_FUNC(devfn), bus->devices[devfn]->name);
            return false;
        }
    } else {
        /* slots 0 and 1 belong to the host bridge and the PIIX */
        for (int slot = 2; slot < 32 && devfn < 0; slot++) {
            if (!bus->devices[PCI_DEVFN(slot, 0)]) {
                devfn = PCI_DEVFN(slot, 0);
            }
        }
        if (devfn < 0) {
            error_setg(errp, "%s: no free PCI slot", name);
            return false;
        }
    }
    pci_init_device(bus, d, name, devfn, vendor, device, revision, class_id);
    return true;
}

uint8_t pci_add_capability(PCIDevice *d, uint8_t cap_id, uint8_t size)
{
    uint8_t off = d->next_cap ? d->next_cap : 0x40;

    /* a board or device bug, not a guest's doing */
    assert(size >= 2 && off + size <= PCI_CONFIG_SPACE_SIZE);
    d->config[off] = cap_id;
    d->config[off + 1] = d->config[PCI_CAPABILITY_LIST];
    d->config[PCI_CAPABILITY_LIST] = off;
    pci_set_word(d->config + PCI_STATUS,
                 pci_get_word(d->config + PCI_STATUS) | PCI_STATUS_CAP_LIST);
    d->next_cap = (off + size + 3) & ~3;
    return off;
}

void pci_register_bar(PCIDevice *d, int n, PCIBarType type, MemoryRegion *mr)
{
    PCIBar *bar = &d->bars[n];
    uint32_t mask;

    assert(n >= 0 && n < PCI_NUM_BARS && mr->size && !(mr->size & (mr->size - 1)));
    bar->type = type;
    bar->size = mr->size;
    bar->mr = mr;
    bar->addr = PCI_BAR_UNMAPPED;
    mask = ~(uint32_t)(mr->size - 1);
    if (type == PCI_BAR_IO) {
        pci_set_long(d->config + PCI_BAR_REG(n), PCI_BASE_ADDRESS_SPACE_IO);
        /* all 32 bits sizeable, as firmware expects; only the low 64K decodes */
        pci_set_long(d->wmask + PCI_BAR_REG(n), mask & ~3u);
    } else {
        pci_set_long(d->config + PCI_BAR_REG(n), type == PCI_BAR_MEM32_PREFETCH ? 8 : 0);
        pci_set_long(d->wmask + PCI_BAR_REG(n), mask & ~0xfu);
    }
}

void pci_register_rom(PCIDevice *d, MemoryRegion *rom)
{
    assert(rom->size && !(rom->size & (rom->size - 1)));
    d->rom.type = PCI_BAR_MEM32;
    d->rom.size = rom->size;
    d->rom.mr = rom;
    d->rom.addr = PCI_BAR_UNMAPPED;
    pci_set_long(d->config + PCI_ROM_ADDRESS, 0);
    pci_set_long(d->wmask + PCI_ROM_ADDRESS,
                 (~(uint32_t)(rom->size - 1) & ~0x7ffu) | PCI_ROM_ADDRESS_ENABLE);
}

/* where a BAR (or the ROM, at config offset reg_off) should be mapped now */
static hwaddr bar_decoded_address(PCIDevice *d, PCIBar *bar, uint32_t reg_off)
{
    uint16_t cmd = pci_get_word(d->config + PCI_COMMAND);
    uint32_t reg = pci_get_long(d->config + reg_off);
    hwaddr addr;

    if (reg_off == PCI_ROM_ADDRESS) {
        addr = reg & ~0x7ffu;
        if (!(cmd & PCI_COMMAND_MEMORY) || !(reg & PCI_ROM_ADDRESS_ENABLE) ||
            addr + bar->size > PCI_BAR_MEM_LIMIT) {
            return PCI_BAR_UNMAPPED;
        }
    } else if (bar->type == PCI_BAR_IO) {
        addr = reg & ~3u;
        if (!(cmd & PCI_COMMAND_IO) || addr + bar->size > PCI_BAR_IO_LIMIT) {
            return PCI_BAR_UNMAPPED;
        }
    } else {
        addr = reg & ~0xfu;
        if (!(cmd & PCI_COMMAND_MEMORY) || addr + bar->size > PCI_BAR_MEM_LIMIT) {
            return PCI_BAR_UNMAPPED;
        }
    }
    /* address 0 is what an unprogrammed BAR holds: firmware never places one there */
    return addr ? addr : PCI_BAR_UNMAPPED;
}

static void update_bar_mapping(PCIDevice *d, PCIBar *bar, uint32_t reg_off)
{
    hwaddr addr;

    if (bar->type == PCI_BAR_UNUSED) {
        return;
    }
    addr = bar_decoded_address(d, bar, reg_off);
    if (addr == bar->addr) {
        return;
    }
    AddressSpace *as = bar->type == PCI_BAR_IO ? d->bus->io : d->bus->mem;
    if (bar->addr != PCI_BAR_UNMAPPED) {
        address_space_unmap(as, bar->mr);
    }
    if (addr != PCI_BAR_UNMAPPED) {
        /* BARs overlay RAM and each other, as a bus master would see them */
        address_space_map(as, bar->mr, addr, 1);
    }
    bar->addr = addr;
}

static void update_mappings(PCIDevice *d)
{
    for (int n = 0; n < PCI_NUM_BARS; n++) {
        update_bar_mapping(d, &d->bars[n], PCI_BAR_REG(n));
    }
    update_bar_mapping(d, &d->rom, PCI_ROM_ADDRESS);
}

static void update_irq(PCIDevice *d)
{
    bool disabled = pci_get_word(d->config + PCI_COMMAND) & PCI_COMMAND_INTX_DISABLE;
    int pin = d->config[PCI_INTERRUPT_PIN];
    PCIBus *bus = d->bus;
    bool level, was;

    if (pin < 1 || pin > PCI_NUM_PINS || !bus->map_irq) {
        return;
    }
    pin--;
    level = (d->irq_state & 1) && !disabled;
    was = d->irq_state & 2;           /* what the bus has been told */
    if (level == was) {
        return;
    }
    d->irq_state = (d->irq_state & ~2) | (level ? 2 : 0);
    int line = bus->map_irq(d, pin) & (PCI_NUM_PINS - 1);
    bus->irq_count[line] += level ? 1 : -1;
    bus->set_irq(bus->irq_opaque, line, bus->irq_count[line] > 0);
}

void pci_set_irq(PCIDevice *d, int level)
{
    uint16_t status = pci_get_word(d->config + PCI_STATUS);

    d->irq_state = (d->irq_state & ~1) | (level ? 1 : 0);
    pci_set_word(d->config + PCI_STATUS, level ? status | PCI_STATUS_INTERRUPT
                                               : status & ~PCI_STATUS_INTERRUPT);
    update_irq(d);
}

uint32_t pci_default_config_read(PCIDevice *d, uint32_t addr, int len)
{
    uint32_t val = 0;

    for (int i = 0; i < len; i++) {
        val |= (uint32_t)d->config[addr + i] << (8 * i);
    }
    return val;
}

void pci_default_config_write(PCIDevice *d, uint32_t addr, uint32_t val, int len)
{
    bool remap = false;

    for (int i = 0; i < len; i++) {
        uint32_t a = addr + i;
        uint8_t b = val >> (8 * i);
        uint8_t wm = d->wmask[a], w1c = d->w1cmask[a];

        d->config[a] = (d->config[a] & ~wm) | (b & wm);
        d->config[a] &= ~(b & w1c);
        if ((a >= PCI_COMMAND && a < PCI_COMMAND + 2) ||
            (a >= PCI_BASE_ADDRESS_0 && a < PCI_BAR_REG(PCI_NUM_BARS)) ||
            (a >= PCI_ROM_ADDRESS && a < PCI_ROM_ADDRESS + 4)) {
            remap = true;
        }
    }
    if (remap) {
        update_mappings(d);
        update_irq(d);
    }
}

static bool config_access_ok(uint32_t addr, int len)
{
    return (len == 1 || len == 2 || len == 4) && addr + len <= PCI_CONFIG_SPACE_SIZE;
}

uint32_t pci_bus_config_read(PCIBus *bus, int devfn, uint32_t addr, int len)
{
    PCIDevice *d = bus->devices[devfn & 0xff];

    if (!d || !config_access_ok(addr, len)) {
        return len == 4 ? 0xffffffffu : (1u << (8 * len)) - 1;
    }
    return d->config_read ? d->config_read(d, addr, len) : pci_default_config_read(d, addr, len);
}

void pci_bus_config_write(PCIBus *bus, int devfn, uint32_t addr, uint32_t val, int len)
{
    PCIDevice *d = bus->devices[devfn & 0xff];

    if (!d || !config_access_ok(addr, len)) {
        return;
    }
    if (d->config_write) {
        d->config_write(d, addr, val, len);
    } else {
        pci_default_config_write(d, addr, val, len);
    }
}

void pci_device_reset(PCIDevice *d)
{
    pci_set_word(d->config + PCI_COMMAND, 0);
    pci_set_word(d->config + PCI_STATUS, pci_get_word(d->config + PCI_STATUS) &
                                         ~(0xf900 | PCI_STATUS_INTERRUPT));
    d->config[PCI_INTERRUPT_LINE] = 0;
    for (int n = 0; n < PCI_NUM_BARS; n++) {
        if (d->bars[n].type != PCI_BAR_UNUSED) {
            uint32_t reg = PCI_BAR_REG(n);
            pci_set_long(d->config + reg, pci_get_long(d->config + reg) & ~pci_get_long(d->wmask + reg));
        }
    }
    if (d->rom.type != PCI_BAR_UNUSED) {
        pci_set_long(d->config + PCI_ROM_ADDRESS, 0);
    }
    d->irq_state &= ~1;
    update_mappings(d);
    update_irq(d);
}

/* ---- bus-master DMA ---- */

static bool dma_allowed(PCIDevice *d)
{
    return pci_get_word(d->config + PCI_COMMAND) & PCI_COMMAND_MASTER;
}

MemTxResult pci_dma_read(PCIDevice *d, uint64_t addr, void *buf, uint64_t len)
{
    if (!dma_allowed(d)) {
        memset(buf, 0xff, len);
        return MEMTX_ERROR;
    }
    return address_space_read(d->bus->mem, addr, buf, len);
}

MemTxResult pci_dma_write(PCIDevice *d, uint64_t addr, const void *buf, uint64_t len)
{
    if (!dma_allowed(d)) {
        return MEMTX_ERROR;
    }
    return address_space_write(d->bus->mem, addr, buf, len);
}

void *pci_dma_map(PCIDevice *d, uint64_t addr, uint64_t *len, bool is_write)
{
    hwaddr l = *len;
    void *p;

    if (!dma_allowed(d)) {
        return NULL;
    }
    p = address_space_map_ram(d->bus->mem, addr, &l, is_write);
    *len = l;
    return p;
}

void pci_dma_unmap(PCIDevice *d, uint64_t addr, uint64_t len, bool is_write)
{
    address_space_unmap_ram(d->bus->mem, addr, len, is_write);
}
