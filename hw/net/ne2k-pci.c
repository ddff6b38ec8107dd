/*
 * NE2000 on PCI (Realtek RTL8029, 10ec:8029): a National DP8390 with
 * 32 KiB of packet memory behind the remote-DMA data port. Register pages
 * 0-2 at ports 0x00-0x0f, the data port at 0x10 (8, 16 or 32 bits wide),
 * the reset port at 0x1f. Frames are received into a ring of 256-byte
 * pages between PSTART and PSTOP, each behind a 4-byte header; the driver
 * copies them out through remote DMA. All indices into the packet memory
 * come from the guest and are masked or checked.
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "hw/pci/pci.h"
#include "net/nic.h"
#include "qemu/timer.h"
#include <zlib.h>

#define NE2K_IO_SIZE        0x100
#define NE2K_DATA_PORT      0x10
#define NE2K_RESET_PORT     0x1f
#define NE2K_PROM_SIZE      32
#define NE2K_MEM_START      0x4000      /* packet memory: pages 0x40-0x7f */
#define NE2K_MEM_END        0x8000
#define NE2K_PAGE           256
#define NE2K_MIN_FRAME      60
#define NE2K_MAX_FRAME      1518

/* CR */
#define CR_STP      0x01
#define CR_STA      0x02
#define CR_TXP      0x04
#define CR_RD_MASK  0x38
#define CR_RD_READ  0x08
#define CR_RD_WRITE 0x10
#define CR_PS_SHIFT 6
/* ISR and IMR */
#define ISR_PRX     0x01
#define ISR_PTX     0x02
#define ISR_RDC     0x40
#define ISR_RST     0x80
/* RCR */
#define RCR_AB      0x04
#define RCR_AM      0x08
#define RCR_PRO     0x10
/* RSR / TSR */
#define RSR_PRX     0x01
#define RSR_PHY     0x20
#define TSR_PTX     0x01
/* DCR */
#define DCR_WTS     0x01

typedef struct Ne2kState {
    PCIDevice pci;
    NICConf conf;
    NetClientState *nc;
    MemoryRegion io;
    QEMUTimer flush_timer;              /* queued frames go in from the main loop */
    uint8_t cmd, isr, imr, rcr, tcr, dcr, rsr, tsr;
    uint8_t pstart, pstop, bnry, curr, tpsr;
    uint16_t tbcr, rsar, rbcr;
    uint8_t par[6], mar[8];
    uint8_t mem[NE2K_MEM_END];          /* the PROM at 0, packet memory from 0x4000 */
} Ne2kState;

static void ne2k_update_irq(Ne2kState *s)
{
    pci_set_irq(&s->pci, (s->isr & s->imr & 0x7f) != 0);
}

/* the ring is usable only with PSTART < PSTOP inside packet memory */
static bool ne2k_ring_valid(Ne2kState *s)
{
    return s->pstart >= NE2K_MEM_START / NE2K_PAGE && s->pstop <= NE2K_MEM_END / NE2K_PAGE &&
           s->pstart < s->pstop && s->curr >= s->pstart && s->curr < s->pstop;
}

/* bytes free between CURR and BNRY */
static unsigned ne2k_ring_space(Ne2kState *s)
{
    unsigned ring = (s->pstop - s->pstart) * NE2K_PAGE;
    unsigned curr = s->curr * NE2K_PAGE, bnry = s->bnry * NE2K_PAGE;

    return curr < bnry ? bnry - curr : ring - (curr - bnry);
}

/*
 * Frames the driver has not taken yet (it reads from BNRY + 1 up to
 * CURR). PRX stays set while there are any: Linux's driver takes at most
 * nine frames per interrupt and then acknowledges PRX, and with a full
 * ring no new frame would come to set it again.
 */
static bool ne2k_ring_has_frames(Ne2kState *s)
{
    unsigned next = s->bnry + 1;

    if (!ne2k_ring_valid(s)) {
        return false;
    }
    if (next >= s->pstop) {
        next = s->pstart;
    }
    return next != s->curr;
}

static bool ne2k_can_receive(NetClientState *nc)
{
    Ne2kState *s = nc->opaque;

    /* stopped or broken: frames are dropped, not queued */
    if ((s->cmd & CR_STP) || !ne2k_ring_valid(s)) {
        return true;
    }
    return ne2k_ring_space(s) >= NE2K_MAX_FRAME + 4 + NE2K_PAGE;
}

static bool ne2k_accepts(Ne2kState *s, const uint8_t *dst)
{
    static const uint8_t broadcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

    if (s->rcr & RCR_PRO) {
        return true;
    }
    if (!memcmp(dst, broadcast, 6)) {
        return s->rcr & RCR_AB;
    }
    if (dst[0] & 1) {
        /* the top 6 bits of the Ethernet CRC index the multicast filter */
        uint32_t crc = ~crc32(0, dst, 6);
        uint32_t rev = 0;
        for (int i = 0; i < 32; i++) {
            rev |= ((crc >> i) & 1) << (31 - i);
        }
        unsigned index = rev >> 26;
        return (s->rcr & RCR_AM) && (s->mar[index >> 3] & (1 << (index & 7)));
    }
    return !memcmp(dst, s->par, 6);
}

static ssize_t ne2k_receive(NetClientState *nc, const uint8_t *buf, size_t len)
{
    Ne2kState *s = nc->opaque;
    uint8_t frame[4 + NE2K_MAX_FRAME + 4];     /* the ring header, a frame with a VLAN tag */
    unsigned total, next, addr, ring_start, ring_end;

    if ((s->cmd & CR_STP) || !ne2k_ring_valid(s) || len < 6 || len > NE2K_MAX_FRAME + 4 ||
        !ne2k_accepts(s, buf)) {
        return len;
    }
    if (ne2k_ring_space(s) < NE2K_MAX_FRAME + 4 + NE2K_PAGE) {
        return 0;               /* wait until the driver moves BNRY */
    }
    memcpy(frame + 4, buf, len);
    if (len < NE2K_MIN_FRAME) {
        memset(frame + 4 + len, 0, NE2K_MIN_FRAME - len);
        len = NE2K_MIN_FRAME;
    }
    total = len + 4;
    ring_start = s->pstart * NE2K_PAGE;
    ring_end = s->pstop * NE2K_PAGE;
    next = s->curr + (total + NE2K_PAGE - 1) / NE2K_PAGE;
    if (next >= s->pstop) {
        next -= s->pstop - s->pstart;
    }
    s->rsr = RSR_PRX | (buf[0] & 1 ? RSR_PHY : 0);
    frame[0] = s->rsr;
    frame[1] = next;
    frame[2] = total;
    frame[3] = total >> 8;
    /* copy in, wrapping from PSTOP to PSTART */
    addr = s->curr * NE2K_PAGE;
    for (unsigned done = 0; done < total; ) {
        unsigned chunk = MIN(total - done, ring_end - addr);
        memcpy(s->mem + addr, frame + done, chunk);
        done += chunk;
        addr += chunk;
        if (addr == ring_end) {
            addr = ring_start;
        }
    }
    s->curr = next;
    s->isr |= ISR_PRX;
    ne2k_update_irq(s);
    return len;
}

static void ne2k_transmit(Ne2kState *s)
{
    unsigned addr = s->tpsr * NE2K_PAGE, len = s->tbcr;

    if (addr >= NE2K_MEM_START && addr + len <= NE2K_MEM_END && len <= NE2K_MAX_FRAME + 4 &&
        !(s->tcr & 0x06)) {     /* loopback modes send nothing out */
        qemu_send_packet(s->nc, s->mem + addr, len);
    } else if (!(s->tcr & 0x06)) {
        qemu_log_mask(LOG_GUEST_ERROR, "ne2k_pci: transmit of %u bytes at 0x%x outside memory\n",
                      len, addr);
    }
    s->tsr = TSR_PTX;
    s->isr |= ISR_PTX;
    s->cmd &= ~CR_TXP;
    ne2k_update_irq(s);
}

static void ne2k_reset_state(Ne2kState *s)
{
    memset(s->mem, 0xff, NE2K_MEM_START);
    memset(s->mem + NE2K_MEM_START, 0, NE2K_MEM_END - NE2K_MEM_START);
    /* the station address PROM, each byte doubled as a 16-bit card shows it */
    for (int i = 0; i < 6; i++) {
        s->mem[2 * i] = s->mem[2 * i + 1] = s->conf.macaddr.a[i];
    }
    memset(s->mem + 12, 0, NE2K_PROM_SIZE - 12);
    s->mem[14] = s->mem[15] = 0x57;     /* 'W': a word-wide NE2000 */
    s->cmd = CR_STP | 0x20;             /* stopped, remote DMA aborted */
    s->isr = ISR_RST;
    s->imr = s->rcr = s->tcr = s->dcr = s->rsr = s->tsr = 0;
    s->pstart = s->pstop = s->bnry = s->curr = s->tpsr = 0;
    s->tbcr = s->rsar = s->rbcr = 0;
    memset(s->par, 0, sizeof(s->par));
    memset(s->mar, 0, sizeof(s->mar));
    ne2k_update_irq(s);
}

/* ---- remote DMA through the data port ---- */

static void ne2k_dma_advance(Ne2kState *s, unsigned n)
{
    s->rsar += n;
    /* remote DMA wraps in the receive ring, as the driver reads frames out */
    if (s->pstop > s->pstart && s->rsar == s->pstop * NE2K_PAGE) {
        s->rsar = s->pstart * NE2K_PAGE;
    }
    if (s->rbcr <= n) {
        s->rbcr = 0;
        s->isr |= ISR_RDC;
        ne2k_update_irq(s);
    } else {
        s->rbcr -= n;
    }
}

static uint8_t ne2k_mem_read(Ne2kState *s, unsigned addr)
{
    return addr < NE2K_PROM_SIZE || (addr >= NE2K_MEM_START && addr < NE2K_MEM_END)
           ? s->mem[addr] : 0xff;
}

static uint32_t ne2k_data_read(Ne2kState *s, unsigned size)
{
    unsigned n = size == 4 ? 4 : (s->dcr & DCR_WTS) ? 2 : 1;
    uint32_t val = 0;

    for (unsigned i = 0; i < n; i++) {
        val |= (uint32_t)ne2k_mem_read(s, (uint16_t)(s->rsar + i)) << (8 * i);
    }
    ne2k_dma_advance(s, n);
    return val;
}

static void ne2k_data_write(Ne2kState *s, uint32_t val, unsigned size)
{
    unsigned n = size == 4 ? 4 : (s->dcr & DCR_WTS) ? 2 : 1;

    for (unsigned i = 0; i < n; i++) {
        unsigned addr = (uint16_t)(s->rsar + i);
        if (addr >= NE2K_MEM_START && addr < NE2K_MEM_END) {
            s->mem[addr] = val >> (8 * i);
        }
    }
    ne2k_dma_advance(s, n);
}

/* ---- registers ---- */

static uint8_t ne2k_reg_read(Ne2kState *s, unsigned reg)
{
    unsigned page = s->cmd >> CR_PS_SHIFT;

    if (reg == 0) {
        return s->cmd;
    }
    if (page == 1) {
        return reg <= 6 ? s->par[reg - 1] : reg == 7 ? s->curr : s->mar[reg - 8];
    }
    if (page == 2) {
        switch (reg) {
        case 0x1: return s->pstart;
        case 0x2: return s->pstop;
        case 0x4: return s->tpsr;
        case 0xc: return s->rcr;
        case 0xd: return s->tcr;
        case 0xe: return s->dcr;
        case 0xf: return s->imr;
        }
        return 0;
    }
    if (page == 3) {
        return 0;               /* RTL8029 configuration: nothing to report */
    }
    switch (reg) {
    case 0x3: return s->bnry;
    case 0x4: return s->tsr;
    case 0x7: return s->isr;
    case 0x8: return s->rsar;
    case 0x9: return s->rsar >> 8;
    case 0xa: return 0x50;      /* RTL8029 id: 'P' 'C' */
    case 0xb: return 0x43;
    case 0xc: return s->rsr;
    }
    return 0;                   /* CLDA, FIFO, NCR, tally counters */
}

/*
 * Frames waiting for room go in later, not while the driver is in its
 * interrupt handler: Linux's 8390 driver reads CURR, takes a few frames,
 * moves BNRY and then acknowledges PRX, so a frame that arrived in between
 * would go unnoticed until the next one.
 */
static void ne2k_flush_later(Ne2kState *s)
{
    timer_mod_ns(&s->flush_timer, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
}

static void ne2k_flush(void *opaque)
{
    Ne2kState *s = opaque;

    qemu_flush_queued_packets(s->nc);
}

static void ne2k_cmd_write(Ne2kState *s, uint8_t val)
{
    s->cmd = val;
    if (val & CR_STP) {
        s->isr |= ISR_RST;
    } else if (val & CR_STA) {
        s->isr &= ~ISR_RST;
        ne2k_flush_later(s);
    }
    /* a remote read or write of nothing completes at once */
    if ((val & CR_RD_MASK) == CR_RD_READ || (val & CR_RD_MASK) == CR_RD_WRITE) {
        if (s->rbcr == 0) {
            s->isr |= ISR_RDC;
        }
    }
    if ((val & CR_TXP) && (val & CR_STA)) {
        ne2k_transmit(s);
    }
    ne2k_update_irq(s);
}

static void ne2k_reg_write(Ne2kState *s, unsigned reg, uint8_t val)
{
    unsigned page = s->cmd >> CR_PS_SHIFT;

    if (reg == 0) {
        ne2k_cmd_write(s, val);
        return;
    }
    if (page == 1) {
        if (reg <= 6) {
            s->par[reg - 1] = val;
        } else if (reg == 7) {
            s->curr = val;
        } else {
            s->mar[reg - 8] = val;
        }
        return;
    }
    if (page != 0) {
        return;
    }
    switch (reg) {
    case 0x1: s->pstart = val; break;
    case 0x2: s->pstop = val; break;
    case 0x3:
        s->bnry = val;
        ne2k_flush_later(s);
        break;
    case 0x4: s->tpsr = val; break;
    case 0x5: s->tbcr = (s->tbcr & 0xff00) | val; break;
    case 0x6: s->tbcr = (s->tbcr & 0x00ff) | val << 8; break;
    case 0x7:
        s->isr &= ~(val & 0x7f);    /* writing ones acknowledges */
        if (ne2k_ring_has_frames(s)) {
            s->isr |= ISR_PRX;
        }
        ne2k_update_irq(s);
        break;
    case 0x8: s->rsar = (s->rsar & 0xff00) | val; break;
    case 0x9: s->rsar = (s->rsar & 0x00ff) | val << 8; break;
    case 0xa: s->rbcr = (s->rbcr & 0xff00) | val; break;
    case 0xb: s->rbcr = (s->rbcr & 0x00ff) | val << 8; break;
    case 0xc: s->rcr = val; break;
    case 0xd: s->tcr = val; break;
    case 0xe: s->dcr = val; break;
    case 0xf:
        s->imr = val;
        ne2k_update_irq(s);
        break;
    }
}

static uint64_t ne2k_io_read(void *opaque, hwaddr addr, unsigned size)
{
    Ne2kState *s = opaque;

    if (addr < NE2K_DATA_PORT) {
        return ne2k_reg_read(s, addr);
    }
    if (addr == NE2K_DATA_PORT) {
        return ne2k_data_read(s, size);
    }
    if (addr == NE2K_RESET_PORT) {
        ne2k_reset_state(s);
    }
    return 0;
}

static void ne2k_io_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    Ne2kState *s = opaque;

    if (addr < NE2K_DATA_PORT) {
        ne2k_reg_write(s, addr, val);
    } else if (addr == NE2K_DATA_PORT) {
        ne2k_data_write(s, val, size);
    }
}

static const MemoryRegionOps ne2k_io_ops = {
    .read = ne2k_io_read,
    .write = ne2k_io_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .min_access_size = 1,
    .max_access_size = 4,
};

static const NetClientInfo ne2k_net_info = {
    .kind = NET_CLIENT_NIC,
    .type = "nic",
    .size = sizeof(NetClientState),
    .receive = ne2k_receive,
    .can_receive = ne2k_can_receive,
};

static bool ne2k_realize(DeviceState *dev, BusState *bus, char **errp)
{
    Ne2kState *s = (Ne2kState *)dev;
    PCIDevice *d = &s->pci;

    if (!pci_qdev_init(d, bus, "ne2k_pci", 0x10ec, 0x8029, 0, PCI_CLASS_NETWORK_ETHERNET,
                       errp)) {
        return false;
    }
    s->nc = qemu_new_nic(&ne2k_net_info, &s->conf, "ne2k_pci", dev, errp);
    if (!s->nc) {
        return false;
    }
    s->nc->opaque = s;
    timer_init_ns(&s->flush_timer, QEMU_CLOCK_VIRTUAL, ne2k_flush, s);
    d->config[PCI_INTERRUPT_PIN] = 1;
    memory_region_init_io(&s->io, &ne2k_io_ops, s, "ne2k-io", NE2K_IO_SIZE);
    pci_register_bar(d, 0, PCI_BAR_IO, &s->io);
    ne2k_reset_state(s);
    return true;
}

static void ne2k_reset(DeviceState *dev)
{
    Ne2kState *s = (Ne2kState *)dev;

    pci_device_reset(&s->pci);
    ne2k_reset_state(s);
    qemu_purge_queued_packets(s->nc);
}

static const Property ne2k_props[] = {
    DEFINE_PROP_PCI_ADDR(Ne2kState, pci),
    DEFINE_NIC_PROPERTIES(Ne2kState, conf),
    DEFINE_PROP_END,
};

static DeviceClass ne2k_class = {
    .name = "ne2k_pci",
    .desc = "NE2000 on PCI (Realtek RTL8029)",
    .category = DEVICE_CATEGORY_NETWORK,
    .bus_type = "PCI",
    .instance_size = sizeof(Ne2kState),
    .user_creatable = true,
    .props = ne2k_props,
    .realize = ne2k_realize,
    .reset = ne2k_reset,
};
DEVICE_REGISTER(ne2k_class)
