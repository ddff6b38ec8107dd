/*
 * Bad input for the NIC models: a ring-0 kernel finds the e1000, ne2k_pci
 * and virtio-net-pci on the PCI bus, gives them BARs and bus mastering, and
 * then drives them with seeded random register writes, descriptor rings
 * anywhere (RAM, the end of RAM, unmapped space, the 4 GiB wrap, the NIC's
 * own registers), random ring sizes and head/tail pointers, and random
 * descriptors (legacy, TSO contexts with nonsense offsets, huge lengths).
 * Now and then it sends a real ARP request so that slirp answers and the
 * receive paths write into those rings too. The emulator must neither
 * crash nor hang; the kernel ends with isa-debug-exit once it is done.
 *
 * Module (optional): "SEED OPERATIONS".
 */
#include "ktest.h"

const char *kernel_name = "nic-fuzz";

#define SCRATCH         0x01000000u     /* 16-24 MiB: what DMA may scribble on */
#define SCRATCH_SIZE    0x00800000u
#define RAM_END         0x08000000u     /* -m 128 */
#define MMIO_BASE       0xe0000000u     /* BARs we assign, 1 MiB per slot */
#define IO_BASE         0xc000u         /* I/O BARs, 256 ports per slot */
#define MIN(a, b)       ((a) < (b) ? (a) : (b))

static inline uint32_t inl(uint16_t port)
{
    uint32_t v;
    __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline uint16_t inw(uint16_t port)
{
    uint16_t v;
    __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static uint32_t pci_read(int slot, int reg)
{
    outl(0xcf8, 0x80000000u | slot << 11 | reg);
    return inl(0xcfc);
}

static void pci_write(int slot, int reg, uint32_t val)
{
    outl(0xcf8, 0x80000000u | slot << 11 | reg);
    outl(0xcfc, val);
}

static volatile uint32_t *mmio32(uint32_t addr)
{
    return (volatile uint32_t *)addr;
}

/* a DMA address: mostly scratch RAM, often somewhere a guest must not win */
static uint32_t dma_addr(uint32_t own_bar)
{
    switch (rnd_below(10)) {
    case 0: return 0;
    case 1: return RAM_END - rnd_below(0x2000);                 /* across the end of RAM */
    case 2: return RAM_END + rnd_below(0x10000000);             /* nothing there */
    case 3: return 0xffffffffu - rnd_below(0x3000);             /* the 4 GiB wrap */
    case 4: return own_bar + rnd_below(0x20000);                /* its own registers */
    case 5: {
        uint32_t a = rnd();
        return a >= SCRATCH + SCRATCH_SIZE || a < RAM_END ? SCRATCH + a % SCRATCH_SIZE : a;
    }
    default: return SCRATCH + rnd_below(SCRATCH_SIZE);
    }
}

static uint32_t any_value(void)
{
    static const uint32_t edge[] = { 0, 1, 0xffffffffu, 0x7fffffffu, 0x80000000u, 0xffff,
                                     0x10000, 0xfff80, 0x1000, 16, 255, 256 };
    return rnd_below(3) ? rnd() >> rnd_below(32) : edge[rnd_below(sizeof(edge) / 4)];
}

/*
 * Random ring contents. A random word that would point into the kernel's
 * own RAM is moved up into scratch: the devices may be told to write
 * anywhere else, but a guest that overwrites its own code only tests itself.
 */
static void scribble(uint32_t addr, uint32_t len)
{
    if (addr < SCRATCH || addr + len > SCRATCH + SCRATCH_SIZE || addr + len < addr)
        return;
    for (uint32_t i = 0; i < len; i += 4) {
        uint32_t v = rnd_below(4) ? rnd() : any_value();
        /* no device writes more than 64 KiB from one address */
        if (v >= 0x100000 - 0x10000 - 0x100 && v < SCRATCH)
            v += SCRATCH;
        *(volatile uint32_t *)(addr + i) = v;
    }
}

/* An ARP request for 10.0.2.2 from 10.0.2.15: slirp answers it. */
static const uint8_t arp_request[60] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x52, 0x54, 0x00, 0x12, 0x34, 0x56, 0x08, 0x06,
    0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x01, 0x52, 0x54, 0x00, 0x12, 0x34, 0x56,
    10, 0, 2, 15, 0, 0, 0, 0, 0, 0, 10, 0, 2, 2,
};

/* ---- e1000 ---- */

static const uint16_t e1000_regs[] = {
    0x0000, 0x0008, 0x0010, 0x0014, 0x0020, 0x00c0, 0x00c4, 0x00c8, 0x00d0, 0x00d8, 0x0100,
    0x0400, 0x2800, 0x2804, 0x2808, 0x2810, 0x2818, 0x3800, 0x3804, 0x3808, 0x3810, 0x3818,
    0x4000, 0x4074, 0x5200, 0x5400, 0x5404, 0x0038,
};

static void e1000_op(uint32_t bar, uint16_t io)
{
    volatile uint32_t *r = mmio32(bar);
    uint32_t ring, n;

    switch (rnd_below(8)) {
    case 0:     /* a register, any value (CTRL.RST now and then) */
        r[e1000_regs[rnd_below(sizeof(e1000_regs) / 2)] / 4] = any_value();
        break;
    case 1:     /* a register read, or anything in the BAR */
        (void)r[rnd_below(0x20000) / 4];
        break;
    case 2:     /* the I/O window */
        outl(io, rnd_below(2) ? rnd_below(0x20000) : rnd());
        if (rnd_below(2))
            outl(io + 4, any_value());
        else
            (void)inl(io + 4);
        break;
    case 3:     /* a transmit ring of random descriptors, then go */
    case 4:
        ring = dma_addr(bar) & ~15u;
        n = rnd_below(4) ? 8 + rnd_below(64) : any_value() >> 4;
        scribble(ring, MIN(n, 256u) * 16);
        if (ring >= SCRATCH && ring < SCRATCH + SCRATCH_SIZE - 16 && rnd_below(2)) {
            /* a context descriptor with TSO and nonsense offsets */
            volatile uint32_t *d = (volatile uint32_t *)ring;
            d[2] = 0x2d000000u | rnd_below(0x100000);       /* DEXT, TSE, IP, TCP */
            d[3] = rnd() & 0xffffff00u;                     /* mss, hdrlen */
        }
        r[0x3800 / 4] = ring;
        r[0x3804 / 4] = rnd_below(8) ? 0 : rnd();
        r[0x3808 / 4] = n * 16;
        r[0x3810 / 4] = rnd_below(4) ? 0 : any_value();
        r[0x0400 / 4] = 0x0000010a | (rnd_below(8) ? 0 : rnd());
        r[0x3818 / 4] = rnd_below(4) ? rnd_below(n ? n : 1) : any_value();
        break;
    case 5:     /* a receive ring anywhere */
        ring = dma_addr(bar) & ~15u;
        n = rnd_below(4) ? 8 + rnd_below(64) : any_value() >> 4;
        scribble(ring, MIN(n, 256u) * 16);
        r[0x2800 / 4] = ring;
        r[0x2804 / 4] = rnd_below(8) ? 0 : rnd();
        r[0x2808 / 4] = n * 16;
        r[0x2810 / 4] = rnd_below(4) ? 0 : any_value();
        r[0x2818 / 4] = rnd_below(4) ? rnd_below(n ? n : 1) : any_value();
        r[0x0100 / 4] = 0x0000801a | (rnd_below(4) ? 0 : rnd());  /* EN, UPE, MPE, BAM */
        break;
    case 6: {   /* an ARP request through a sane ring, so replies come back */
        volatile uint32_t *d = (volatile uint32_t *)SCRATCH;
        memcpy((void *)(SCRATCH + 0x1000), arp_request, sizeof(arp_request));
        d[0] = SCRATCH + 0x1000;
        d[1] = 0;
        d[2] = 0x0b000000u | sizeof(arp_request);          /* EOP, IFCS, RS */
        d[3] = 0;
        r[0x3800 / 4] = SCRATCH;
        r[0x3804 / 4] = 0;
        r[0x3808 / 4] = 128;
        r[0x3810 / 4] = 0;
        r[0x0400 / 4] = 0x0000010a;
        r[0x3818 / 4] = 1;
        break;
    }
    case 7:     /* the EEPROM and the PHY */
        r[0x0010 / 4] = rnd_below(0x200);
        r[0x0020 / 4] = rnd();
        (void)r[0x0010 / 4];
        break;
    }
}

/* ---- ne2k_pci ---- */

static void ne2k_op(uint16_t io)
{
    uint32_t n;

    switch (rnd_below(7)) {
    case 0:     /* any register on any page */
        outb(io, (rnd_below(4) << 6) | (rnd() & 0x3f));
        outb(io + 1 + rnd_below(15), any_value());
        break;
    case 1:
        (void)inb(io + rnd_below(16));
        break;
    case 2:     /* remote DMA of random length and width */
        outb(io + 0x08, rnd());
        outb(io + 0x09, rnd());
        outb(io + 0x0a, rnd());
        outb(io + 0x0b, rnd_below(4) ? 0 : rnd());
        outb(io + 0x0e, rnd_below(2));
        outb(io, rnd_below(2) ? 0x0a : 0x12);
        n = rnd_below(600);
        for (uint32_t i = 0; i < n; i++) {
            switch (rnd_below(6)) {
            case 0: outb(io + 0x10, rnd()); break;
            case 1: outw(io + 0x10, rnd()); break;
            case 2: outl(io + 0x10, rnd()); break;
            case 3: (void)inb(io + 0x10); break;
            case 4: (void)inw(io + 0x10); break;
            default: (void)inl(io + 0x10); break;
            }
        }
        break;
    case 3:     /* a ring anywhere, CURR and BNRY anywhere */
        outb(io, 0x21);
        outb(io + 0x01, rnd_below(2) ? 0x4c : rnd());
        outb(io + 0x02, rnd_below(2) ? 0x80 : rnd());
        outb(io + 0x03, rnd());
        outb(io + 0x0c, rnd());                         /* RCR: accept who knows */
        outb(io, 0x61);
        outb(io + 0x07, rnd());                         /* CURR */
        outb(io, 0x22);
        break;
    case 4:     /* transmit from anywhere, any length */
        outb(io + 0x04, rnd());
        outb(io + 0x05, rnd());
        outb(io + 0x06, rnd_below(4) ? rnd_below(8) : rnd());
        outb(io, 0x26);
        break;
    case 5: {   /* a sane ring and an ARP request, so slirp answers */
        outb(io, 0x21);
        outb(io + 0x0e, 0x49);
        outb(io + 0x01, 0x4c);
        outb(io + 0x02, 0x80);
        outb(io + 0x03, 0x4c);
        outb(io + 0x0c, 0x04);
        outb(io + 0x0d, 0x00);
        outb(io + 0x0f, 0xff);
        outb(io, 0x61);
        outb(io + 0x07, 0x4d);
        outb(io, 0x22);
        outb(io + 0x08, 0x00);
        outb(io + 0x09, 0x40);
        outb(io + 0x0a, sizeof(arp_request));
        outb(io + 0x0b, 0);
        outb(io, 0x12);
        for (uint32_t i = 0; i < sizeof(arp_request); i += 2)
            outw(io + 0x10, arp_request[i] | arp_request[i + 1] << 8);
        outb(io + 0x04, 0x40);
        outb(io + 0x05, sizeof(arp_request));
        outb(io + 0x06, 0);
        outb(io, 0x26);
        break;
    }
    case 6:
        if (rnd_below(8) == 0)
            (void)inb(io + 0x1f);                       /* reset */
        else
            outb(io + 0x07, rnd());                     /* acknowledge */
        break;
    }
}

/* ---- virtio-net, legacy interface ---- */

static void virtio_op(uint16_t io)
{
    uint32_t pfn;

    switch (rnd_below(6)) {
    case 0:
        outb(io + 18, rnd_below(4) ? 0x07 : rnd());     /* status: ack, driver, ok */
        break;
    case 1:
        outl(io + 4, rnd_below(2) ? 1u << 5 | 1u << 15 | 1u << 16 : rnd());
        break;
    case 2:     /* a queue anywhere, with random ring contents */
        outw(io + 14, rnd_below(4) ? rnd_below(2) : rnd());
        pfn = dma_addr(0xffffffffu) >> 12;
        scribble(pfn << 12, 3 * 4096);
        outl(io + 8, rnd_below(8) ? pfn : rnd() | 0x80000);    /* or beyond RAM */
        break;
    case 3:
        outw(io + 16, rnd_below(4) ? rnd_below(2) : rnd());    /* notify */
        break;
    case 4:
        (void)inb(io + 19);                             /* ISR */
        (void)inl(io + rnd_below(32));
        break;
    case 5:
        outb(io + 20 + rnd_below(12), rnd());           /* config: the MAC */
        break;
    }
}

void test_main(void)
{
    uint32_t seed = 1, ops = 20000, e1000_bar = 0;
    int e1000_slot = -1, ne2k_slot = -1, virtio_slot = -1;
    uint16_t e1000_io = 0, ne2k_io = 0, virtio_io = 0;

    if (mb_mod_start) {
        const char *p = (const char *)mb_mod_start;
        seed = parse_number(&p);
        ops = parse_number(&p);
    }
    rnd_seed(seed);
    __asm__ volatile("cli");
    for (int slot = 1; slot < 32; slot++) {
        uint32_t id = pci_read(slot, 0);
        uint32_t mem = MMIO_BASE + ((uint32_t)slot << 20), io = IO_BASE + (slot << 8);
        if (id == 0x100e8086) {
            e1000_slot = slot;
            e1000_bar = mem;
            e1000_io = io;
            pci_write(slot, 0x10, mem);
            pci_write(slot, 0x14, io);
        } else if (id == 0x802910ec) {
            ne2k_slot = slot;
            ne2k_io = io;
            pci_write(slot, 0x10, io);
        } else if (id == 0x10001af4) {
            virtio_slot = slot;
            virtio_io = io;
            pci_write(slot, 0x10, io);
        } else {
            continue;
        }
        pci_write(slot, 0x04, 0x07);                    /* I/O, memory, bus master */
    }
    kprintf("nic-fuzz: seed %u, %u operations; e1000 %d, ne2k_pci %d, virtio-net %d\n",
            seed, ops, e1000_slot, ne2k_slot, virtio_slot);
    for (uint32_t i = 0; i < ops; i++) {
        switch (rnd_below(3)) {
        case 0:
            if (e1000_slot >= 0)
                e1000_op(e1000_bar, e1000_io);
            break;
        case 1:
            if (ne2k_slot >= 0)
                ne2k_op(ne2k_io);
            break;
        default:
            if (virtio_slot >= 0)
                virtio_op(virtio_io);
            break;
        }
        if (rnd_below(64) == 0)
            pci_write(rnd_below(2) ? e1000_slot : ne2k_slot, 0x04, rnd_below(4) ? 0x07 : 0x03);
    }
    check("devices-found", e1000_slot >= 0 && ne2k_slot >= 0 && virtio_slot >= 0,
          "e1000 %d, ne2k_pci %d, virtio-net %d", e1000_slot, ne2k_slot, virtio_slot);
    pass("survived");
}
