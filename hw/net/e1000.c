/*
 * Intel 82540EM Gigabit Ethernet (e1000, 8086:100e), QEMU's default NIC
 * on a PC: the register file behind BAR 0 (and the IOADDR/IODATA window
 * of BAR 1), the Microwire EEPROM holding the MAC, the PHY behind MDIC,
 * interrupt causes and the link. Receive and transmit live in e1000-rx.c
 * and e1000-tx.c.
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "hw/net/e1000-internal.h"

#define E1000_DEVICE_ID 0x100e

/* ---- interrupts ---- */

static void e1000_update_irq(E1000State *s)
{
    pci_set_irq(&s->pci, (e1000_reg(s, E1000_ICR) & e1000_reg(s, E1000_IMS)) != 0);
}

void e1000_raise_cause(E1000State *s, uint32_t cause)
{
    e1000_set_reg(s, E1000_ICR, e1000_reg(s, E1000_ICR) | cause);
    e1000_update_irq(s);
}

void e1000_count(E1000State *s, uint32_t reg, uint64_t n)
{
    if (reg == E1000_GORCL || reg == E1000_GOTCL) {
        uint64_t v = e1000_reg(s, reg) | (uint64_t)e1000_reg(s, reg + 4) << 32;
        v += n;
        e1000_set_reg(s, reg, v);
        e1000_set_reg(s, reg + 4, v >> 32);
    } else if (e1000_reg(s, reg) + n >= e1000_reg(s, reg)) {
        e1000_set_reg(s, reg, e1000_reg(s, reg) + n);     /* counters saturate */
    }
}

/* ---- link and PHY ---- */

static void e1000_phy_reset(E1000State *s)
{
    static const uint16_t phy_init[PHY_REGS] = {
        [PHY_CTRL] = 0x1140,            /* autonegotiation on, 1000 Mb/s, full duplex */
        [PHY_STATUS] = 0x7949,          /* abilities, extended status; link bits below */
        [PHY_ID1] = 0x0141,             /* Marvell 88E1011 */
        [PHY_ID2] = 0x0c20,
        [0x04] = 0x0de1,                /* advertised: 10/100 half and full, pause */
        [PHY_LP_ABILITY] = 0x45e1,
        [0x06] = 0x0001,
        [0x09] = 0x0e00,                /* 1000BASE-T full and half advertised */
        [PHY_1000T_STATUS] = 0x3c00,    /* the partner does 1000BASE-T too */
        [0x0f] = 0x3000,
        [0x10] = 0x0360,                /* M88: specific control */
        [M88_PHY_SPEC_STATUS] = 0xac00, /* 1000 Mb/s, full duplex, resolved */
        [0x14] = 0x0c60,
    };

    memcpy(s->phy, phy_init, sizeof(s->phy));
}

/* STATUS.LU and the PHY's link bits follow the backend's link (set_link) */
static void e1000_set_link_bits(E1000State *s)
{
    bool up = !s->nc->link_down;
    uint32_t status = e1000_reg(s, E1000_STATUS) & ~E1000_STATUS_LU;

    e1000_set_reg(s, E1000_STATUS, status | (up ? E1000_STATUS_LU : 0));
    s->phy[PHY_STATUS] &= ~(PHY_STATUS_LINK | PHY_STATUS_AN_COMPLETE);
    s->phy[PHY_STATUS] |= up ? PHY_STATUS_LINK | PHY_STATUS_AN_COMPLETE : 0;
    s->phy[M88_PHY_SPEC_STATUS] &= ~M88_PSSR_LINK;
    s->phy[M88_PHY_SPEC_STATUS] |= up ? M88_PSSR_LINK : 0;
}

static void e1000_link_status_changed(NetClientState *nc)
{
    E1000State *s = nc->opaque;

    e1000_set_link_bits(s);
    e1000_raise_cause(s, E1000_ICR_LSC);
}

static void e1000_mdic_write(E1000State *s, uint32_t val)
{
    unsigned reg = (val >> E1000_MDIC_REG_SHIFT) & 0x1f;
    unsigned phy_addr = (val >> E1000_MDIC_PHY_SHIFT) & 0x1f;
    uint32_t op = val & (3u << 26);

    val &= ~(E1000_MDIC_READY | E1000_MDIC_ERROR);
    if (phy_addr != 1) {
        val |= E1000_MDIC_ERROR;        /* only one PHY, at address 1 */
    } else if (op == E1000_MDIC_OP_READ) {
        val = (val & ~E1000_MDIC_DATA_MASK) | s->phy[reg];
    } else if (op == E1000_MDIC_OP_WRITE) {
        uint16_t data = val & E1000_MDIC_DATA_MASK;
        if (reg == PHY_CTRL) {
            /* reset and restarted autonegotiation complete at once */
            s->phy[PHY_CTRL] = data & ~(PHY_CTRL_RESET | PHY_CTRL_RESTART_AN);
        } else if (reg != PHY_STATUS && reg != PHY_ID1 && reg != PHY_ID2 &&
                   reg != M88_PHY_SPEC_STATUS) {
            s->phy[reg] = data;
        }
    } else {
        val |= E1000_MDIC_ERROR;
    }
    e1000_set_reg(s, E1000_MDIC, val | E1000_MDIC_READY);
    if (val & E1000_MDIC_INT_EN) {
        e1000_raise_cause(s, E1000_ICR_MDAC);
    }
}

/* ---- EEPROM ---- */

static void e1000_eeprom_init(E1000State *s)
{
    uint16_t sum = 0;

    memset(s->eeprom, 0, sizeof(s->eeprom));
    for (int i = 0; i < 3; i++) {
        s->eeprom[i] = s->conf.macaddr.a[2 * i] | s->conf.macaddr.a[2 * i + 1] << 8;
    }
    s->eeprom[0x04] = 0xffff;           /* LED settings: the driver's defaults */
    s->eeprom[0x0a] = 0x4408;           /* init control 1: a valid signature, no LOM */
    s->eeprom[0x0b] = 0x0000;           /* subsystem id */
    s->eeprom[0x0c] = PCI_VENDOR_ID_INTEL;
    s->eeprom[0x0d] = E1000_DEVICE_ID;
    s->eeprom[0x0e] = PCI_VENDOR_ID_INTEL;
    for (int i = 0; i < EEPROM_CHECKSUM_WORD; i++) {
        sum += s->eeprom[i];
    }
    s->eeprom[EEPROM_CHECKSUM_WORD] = EEPROM_SUM - sum;
}

/*
 * Microwire: with CS high, each rising SK edge clocks DI in; after the
 * start bit, the READ opcode (10) and 6 address bits the words from there
 * on come out on DO, most significant bit first, one per clock.
 */
static void e1000_eecd_write(E1000State *s, uint32_t val)
{
    uint32_t old = s->eecd.last;

    s->eecd.last = val;
    if (!(val & E1000_EECD_CS)) {
        s->eecd.nbits_in = 0;
        s->eecd.bits_in = 0;
        s->eecd.bit_out = -1;
        return;
    }
    if (!((val ^ old) & E1000_EECD_SK)) {
        return;
    }
    if (!(val & E1000_EECD_SK)) {
        if (s->eecd.bit_out >= 0) {
            s->eecd.bit_out = (s->eecd.bit_out + 1) % (EEPROM_WORDS * 16);
        }
        return;
    }
    if (s->eecd.bit_out >= 0 || s->eecd.nbits_in >= 9) {
        return;
    }
    s->eecd.bits_in = s->eecd.bits_in << 1 | !!(val & E1000_EECD_DI);
    if (++s->eecd.nbits_in == 9 && (s->eecd.bits_in >> 6) == 6) {
        /* the first data bit shows after the next falling edge */
        s->eecd.bit_out = (s->eecd.bits_in & 0x3f) * 16 - 1;
        if (s->eecd.bit_out < 0) {
            s->eecd.bit_out = EEPROM_WORDS * 16 - 1;
        }
    }
}

static uint32_t e1000_eecd_read(E1000State *s)
{
    uint32_t val = (s->eecd.last & (E1000_EECD_SK | E1000_EECD_CS | E1000_EECD_DI |
                                    E1000_EECD_FWE | E1000_EECD_REQ)) |
                   E1000_EECD_PRES | E1000_EECD_GNT;
    int bit = s->eecd.bit_out;

    if (bit >= 0 && (s->eecd.last & E1000_EECD_CS) &&
        (s->eeprom[bit / 16] >> (15 - bit % 16)) & 1) {
        val |= E1000_EECD_DO;
    }
    return val;
}

static void e1000_eerd_write(E1000State *s, uint32_t val)
{
    unsigned addr = (val >> E1000_EERD_ADDR_SHIFT) & 0xff;

    if (!(val & E1000_EERD_START)) {
        e1000_set_reg(s, E1000_EERD, val);
        return;
    }
    val &= 0xff00 | E1000_EERD_START;
    if (addr < EEPROM_WORDS) {
        val |= (uint32_t)s->eeprom[addr] << E1000_EERD_DATA_SHIFT;
    }
    e1000_set_reg(s, E1000_EERD, val | E1000_EERD_DONE);
}

/* ---- reset ---- */

static void e1000_reset_registers(E1000State *s)
{
    memset(s->regs, 0, sizeof(s->regs));
    e1000_set_reg(s, E1000_CTRL, 0x00140248);   /* full duplex, speed 1000, link up */
    e1000_set_reg(s, E1000_STATUS, E1000_STATUS_FD | E1000_STATUS_SPEED_1000 |
                  E1000_STATUS_ASDV_1000 | E1000_STATUS_GIO_MASTER_ENABLE);
    e1000_set_reg(s, E1000_MDIC, E1000_MDIC_READY);
    e1000_set_reg(s, 0x1000, 0x00100030);       /* PBA: 48 KiB receive, 16 KiB transmit */
    e1000_set_reg(s, 0x0e00, 0x07068302);       /* LEDCTL */
    /* receive address 0 is the EEPROM's MAC, valid */
    e1000_set_reg(s, E1000_RA, pci_get_long(s->conf.macaddr.a));
    e1000_set_reg(s, E1000_RA + 4, pci_get_word(s->conf.macaddr.a + 4) | E1000_RAH_AV);
    memset(&s->eecd, 0, sizeof(s->eecd));
    s->eecd.bit_out = -1;
    s->io_addr = 0;
    e1000_phy_reset(s);
    e1000_set_link_bits(s);
    e1000_tx_reset(s);
    pci_set_irq(&s->pci, 0);
    qemu_purge_queued_packets(s->nc);
}

/* ---- registers ---- */

static uint32_t e1000_reg_read(E1000State *s, uint32_t off)
{
    uint32_t val;

    switch (off) {
    case E1000_EECD:
        return e1000_eecd_read(s);
    case E1000_ICR:
        /* read to clear */
        val = e1000_reg(s, E1000_ICR);
        e1000_set_reg(s, E1000_ICR, 0);
        e1000_update_irq(s);
        return val;
    case E1000_IMC:
    case E1000_ICS:
        return 0;               /* write-only */
    case E1000_CTRL:
        return e1000_reg(s, off) & ~(E1000_CTRL_RST | E1000_CTRL_PHY_RST);
    }
    val = e1000_reg(s, off);
    if (off >= E1000_STATS && off < E1000_STATS_END) {
        e1000_set_reg(s, off, 0);
    }
    return val;
}

static void e1000_reg_write(E1000State *s, uint32_t off, uint32_t val)
{
    switch (off) {
    case E1000_CTRL:
        if (val & E1000_CTRL_RST) {
            e1000_reset_registers(s);
            return;
        }
        if (val & E1000_CTRL_PHY_RST) {
            e1000_phy_reset(s);
            e1000_set_link_bits(s);
        }
        e1000_set_reg(s, off, val & ~(E1000_CTRL_RST | E1000_CTRL_PHY_RST));
        return;
    case E1000_STATUS:
        return;                 /* read-only */
    case E1000_ICR:
        /* writing ones clears them */
        e1000_set_reg(s, off, e1000_reg(s, off) & ~val);
        e1000_update_irq(s);
        return;
    case E1000_EECD:
        e1000_eecd_write(s, val);
        return;
    case E1000_EERD:
        e1000_eerd_write(s, val);
        return;
    case E1000_MDIC:
        e1000_mdic_write(s, val);
        return;
    case E1000_ICS:
        e1000_raise_cause(s, val);
        return;
    case E1000_IMS:
        e1000_set_reg(s, E1000_IMS, e1000_reg(s, E1000_IMS) | val);
        e1000_update_irq(s);
        return;
    case E1000_IMC:
        e1000_set_reg(s, E1000_IMS, e1000_reg(s, E1000_IMS) & ~val);
        e1000_update_irq(s);
        return;
    case E1000_RCTL:
        e1000_set_reg(s, off, val);
        if (val & E1000_RCTL_EN) {
            qemu_flush_queued_packets(s->nc);
        }
        return;
    case E1000_RDT:
        e1000_set_reg(s, off, val & 0xffff);
        qemu_flush_queued_packets(s->nc);
        return;
    case E1000_RDH:
    case E1000_TDH:
        e1000_set_reg(s, off, val & 0xffff);
        return;
    case E1000_RDLEN:
    case E1000_TDLEN:
        e1000_set_reg(s, off, val & 0xfff80);   /* 128-byte multiples, up to 1 MiB */
        return;
    case E1000_RDBAL:
    case E1000_TDBAL:
        e1000_set_reg(s, off, val & ~0xfu);
        return;
    case E1000_TDT:
        e1000_set_reg(s, off, val & 0xffff);
        e1000_transmit(s);
        return;
    case E1000_TCTL:
        e1000_set_reg(s, off, val);
        e1000_transmit(s);
        return;
    }
    if (off >= E1000_STATS && off < E1000_STATS_END) {
        return;                 /* read-only counters */
    }
    e1000_set_reg(s, off, val);
}

static uint64_t e1000_mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    E1000State *s = opaque;

    if (addr >= E1000_REG_WORDS * 4) {
        return 0;
    }
    return e1000_reg_read(s, addr & ~3u);
}

static void e1000_mmio_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    E1000State *s = opaque;

    if (addr >= E1000_REG_WORDS * 4) {
        qemu_log_mask(LOG_GUEST_ERROR, "e1000: write to unknown register 0x%" PRIx64 "\n",
                      (uint64_t)addr);
        return;
    }
    e1000_reg_write(s, addr & ~3u, val);
}

static const MemoryRegionOps e1000_mmio_ops = {
    .read = e1000_mmio_read,
    .write = e1000_mmio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .min_access_size = 4,
    .max_access_size = 4,
};

/* BAR 1: IOADDR at 0 selects a register, IODATA at 4 accesses it */
static uint64_t e1000_io_read(void *opaque, hwaddr addr, unsigned size)
{
    E1000State *s = opaque;

    if (addr == 0) {
        return s->io_addr;
    }
    if (addr == 4) {
        return e1000_mmio_read(s, s->io_addr & (E1000_MMIO_SIZE - 1), 4);
    }
    return 0;
}

static void e1000_io_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    E1000State *s = opaque;

    if (addr == 0) {
        s->io_addr = val & (E1000_MMIO_SIZE - 4);
    } else if (addr == 4) {
        e1000_mmio_write(s, s->io_addr, val, 4);
    }
}

static const MemoryRegionOps e1000_io_ops = {
    .read = e1000_io_read,
    .write = e1000_io_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .min_access_size = 4,
    .max_access_size = 4,
};

/* ---- the device ---- */

static const NetClientInfo e1000_net_info = {
    .kind = NET_CLIENT_NIC,
    .type = "nic",
    .size = sizeof(NetClientState),
    .receive = e1000_receive,
    .can_receive = e1000_can_receive,
    .link_status_changed = e1000_link_status_changed,
};

static bool e1000_realize(DeviceState *dev, BusState *bus, char **errp)
{
    E1000State *s = (E1000State *)dev;
    PCIDevice *d = &s->pci;

    if (!pci_qdev_init(d, bus, "e1000", PCI_VENDOR_ID_INTEL, E1000_DEVICE_ID, 3,
                       PCI_CLASS_NETWORK_ETHERNET, errp)) {
        return false;
    }
    s->nc = qemu_new_nic(&e1000_net_info, &s->conf, "e1000", dev, errp);
    if (!s->nc) {
        return false;
    }
    s->nc->opaque = s;
    pci_set_word(d->config + PCI_SUBSYSTEM_VENDOR_ID, PCI_VENDOR_ID_INTEL);
    d->config[PCI_INTERRUPT_PIN] = 1;
    memory_region_init_io(&s->mmio, &e1000_mmio_ops, s, "e1000-mmio", E1000_MMIO_SIZE);
    memory_region_init_io(&s->io, &e1000_io_ops, s, "e1000-io", E1000_IO_SIZE);
    pci_register_bar(d, 0, PCI_BAR_MEM32, &s->mmio);
    pci_register_bar(d, 1, PCI_BAR_IO, &s->io);
    s->tx_buf = qemu_malloc(E1000_TX_BUF_SIZE);
    e1000_eeprom_init(s);
    e1000_reset_registers(s);
    return true;
}

static void e1000_reset(DeviceState *dev)
{
    E1000State *s = (E1000State *)dev;

    pci_device_reset(&s->pci);
    e1000_reset_registers(s);
}

static const Property e1000_props[] = {
    DEFINE_PROP_PCI_ADDR(E1000State, pci),
    DEFINE_NIC_PROPERTIES(E1000State, conf),
    DEFINE_PROP_END,
};

static DeviceClass e1000_class = {
    .name = "e1000",
    .desc = "Intel Gigabit Ethernet (82540EM)",
    .category = DEVICE_CATEGORY_NETWORK,
    .bus_type = "PCI",
    .instance_size = sizeof(E1000State),
    .user_creatable = true,
    .props = e1000_props,
    .realize = e1000_realize,
    .reset = e1000_reset,
};
DEVICE_REGISTER(e1000_class)
