/*
 * i440FX host bridge and configuration mechanism #1 (include/hw/pci/i440fx.h).
 *
 * The PAM registers put RAM over the BIOS area (0xc0000-0xfffff) in place
 * of the ROM and option ROMs the board mapped there. Any mode other than
 * "disabled" shows RAM for both reads and writes: the read-only mode does
 * not drop writes and the write-only mode does not read ROM, which firmware
 * that copies itself to RAM and then locks it never notices. SMRAM is not
 * modelled.
 */
#include "qemu/osdep.h"
#include "hw/pci/i440fx.h"
#include "sysemu/runstate.h"

#define CONF_ADDR_PORT      0xcf8
#define CONF_DATA_PORT      0xcfc
#define CONF_ENABLE         0x80000000u
#define CONF_BUS(a)         (((a) >> 16) & 0xff)
#define CONF_DEVFN(a)       (((a) >> 8) & 0xff)
#define CONF_REG(a)         ((a) & 0xfc)

#define I440FX_DEVICE_ID    0x1237
#define I440FX_REVISION     0x02
#define I440FX_SUBSYSTEM_VENDOR_ID 0x1af4
#define I440FX_SUBSYSTEM_ID 0x1100
#define I440FX_PAM0         0x59    /* PAM0-PAM6: 0x59-0x5f */
#define PAM_REGS            7
#define PAM_MODE_MASK       0x3     /* per nibble: 0 off, 1 read, 2 write, 3 read/write */
#define PAM_BIOS_BASE       0xf0000
#define PAM_BIOS_SIZE       0x10000
#define PAM_EXP_BASE        0xc0000
#define PAM_EXP_SIZE        0x4000
/* above the ROMs below 1 MiB (ISA BIOS alias 1) */
#define PAM_PRIORITY        2

/* segment i's PAM register and nibble: 0 is PAM0's high nibble, then PAM1 low, ... */
static int pam_mode(I440FXState *s, int seg)
{
    int reg = (seg + 1) / 2, shift = seg & 1 ? 0 : 4;

    return (s->dev.config[I440FX_PAM0 + reg] >> shift) & PAM_MODE_MASK;
}

static void update_pam(I440FXState *s)
{
    for (int seg = 0; seg < I440FX_PAM_SEGMENTS; seg++) {
        memory_region_set_enabled(&s->pam_ram[seg], pam_mode(s, seg) != 0);
    }
}

static void i440fx_config_write(PCIDevice *d, uint32_t addr, uint32_t val, int len)
{
    I440FXState *s = container_of(d, I440FXState, dev);

    pci_default_config_write(d, addr, val, len);
    if (addr < I440FX_PAM0 + PAM_REGS && addr + len > I440FX_PAM0) {
        update_pam(s);
    }
}

static void pam_init(I440FXState *s, AddressSpace *mem, MemoryRegion *ram)
{
    for (int seg = 0; seg < I440FX_PAM_SEGMENTS; seg++) {
        hwaddr base = seg ? PAM_EXP_BASE + (seg - 1) * PAM_EXP_SIZE : PAM_BIOS_BASE;
        uint64_t size = seg ? PAM_EXP_SIZE : PAM_BIOS_SIZE;
        memory_region_init_alias(&s->pam_ram[seg], "pam-ram", ram, base, size);
        s->pam_ram[seg].enabled = false;
        address_space_map(mem, &s->pam_ram[seg], base, PAM_PRIORITY);
    }
    s->dev.wmask[I440FX_PAM0] = PAM_MODE_MASK << 4;
    memset(s->dev.wmask + I440FX_PAM0 + 1, PAM_MODE_MASK << 4 | PAM_MODE_MASK, PAM_REGS - 1);
    s->dev.config_write = i440fx_config_write;
}

static uint64_t conf_addr_read(void *opaque, hwaddr addr, unsigned size)
{
    I440FXState *s = opaque;

    if (size == 4 && addr == 0) {
        return s->config_address;
    }
    if (addr == 1 && size == 1 && s->byte_io_at_cf9) {
        return memory_region_dispatch_read(s->byte_io_at_cf9, 0, 1);
    }
    return (1ull << (8 * size)) - 1;
}

static void conf_addr_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    I440FXState *s = opaque;

    if (size == 4 && addr == 0) {
        s->config_address = val & ~3u;
    } else if (addr == 1 && size == 1 && s->byte_io_at_cf9) {
        memory_region_dispatch_write(s->byte_io_at_cf9, 0, val, 1);
    }
    /* other narrow accesses are not configuration cycles (0xcfb: type 2 probe) */
}

static const MemoryRegionOps conf_addr_ops = {
    .read = conf_addr_read,
    .write = conf_addr_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .min_access_size = 1,
    .max_access_size = 4,
};

/* only bus 0 exists: cycles for other buses find no device */
static bool conf_target(I440FXState *s, int *devfn)
{
    uint32_t a = s->config_address;

    if (!(a & CONF_ENABLE) || CONF_BUS(a) != 0) {
        return false;
    }
    *devfn = CONF_DEVFN(a);
    return true;
}

static uint64_t conf_data_read(void *opaque, hwaddr addr, unsigned size)
{
    I440FXState *s = opaque;
    int devfn;

    if (!conf_target(s, &devfn)) {
        return (1ull << (8 * size)) - 1;
    }
    return pci_bus_config_read(s->bus, devfn, CONF_REG(s->config_address) + addr, size);
}

static void conf_data_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    I440FXState *s = opaque;
    int devfn;

    if (conf_target(s, &devfn)) {
        pci_bus_config_write(s->bus, devfn, CONF_REG(s->config_address) + addr, val, size);
    }
}

static const MemoryRegionOps conf_data_ops = {
    .read = conf_data_read,
    .write = conf_data_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .min_access_size = 1,
    .max_access_size = 4,
};

static void i440fx_reset(void *opaque)
{
    I440FXState *s = opaque;

    s->config_address = 0;
    pci_device_reset(&s->dev);
    memset(s->dev.config + I440FX_PAM0, 0, PAM_REGS);
    update_pam(s);
}

I440FXState *i440fx_init(AddressSpace *mem, AddressSpace *io, MemoryRegion *byte_io_at_cf9,
                         MemoryRegion *ram)
{
    I440FXState *s = qemu_mallocz(sizeof(*s));

    s->bus = pci_bus_new(mem, io);
    s->byte_io_at_cf9 = byte_io_at_cf9;
    pci_init_device(s->bus, &s->dev, "i440FX", PCI_DEVFN(0, 0), PCI_VENDOR_ID_INTEL,
                    I440FX_DEVICE_ID, I440FX_REVISION, PCI_CLASS_BRIDGE_HOST);
    /* QEMU's subsystem ids: SeaBIOS recognises the machine by them */
    pci_set_word(s->dev.config + PCI_SUBSYSTEM_VENDOR_ID, I440FX_SUBSYSTEM_VENDOR_ID);
    pci_set_word(s->dev.config + PCI_SUBSYSTEM_ID, I440FX_SUBSYSTEM_ID);
    pam_init(s, mem, ram);
    memory_region_init_io(&s->conf_addr_io, &conf_addr_ops, s, "pci-conf-addr", 4);
    /* above the reset control byte at 0xcf9, which it forwards */
    address_space_map(io, &s->conf_addr_io, CONF_ADDR_PORT, 1);
    memory_region_init_io(&s->conf_data_io, &conf_data_ops, s, "pci-conf-data", 4);
    address_space_map(io, &s->conf_data_io, CONF_DATA_PORT, 0);
    qemu_register_reset(i440fx_reset, s);
    i440fx_reset(s);
    return s;
}
