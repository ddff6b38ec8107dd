/* Poke kernel: seeded random port I/O, MMIO and PCI configuration writes
 * at ring 0, with nothing between the guest and the devices. The emulator
 * under test must keep running or end cleanly (run-poke.sh checks); this
 * kernel only tries to outlive its own pokes so that a run covers many of
 * them:
 *   - no write lands on the kernel's own image [1 MiB, _end);
 *   - writes that would reset the machine, power it off, leave through
 *     isa-debug-exit or turn A20 off are dropped or defused (a reset or a
 *     power-off would be a legitimate ending, just a short run);
 *   - interrupts stay disabled (IF=0), an NMI is counted and ignored, and
 *     COM1 is set up again before each line printed.
 *
 * Operations (all sizes, aligned or not, straddling page and region ends):
 *   port I/O, in/out and rep ins/outs, biased towards the PC's devices;
 *   memory reads/writes, locked read-modify-writes, cmpxchg8b and rep movs
 *   anywhere in 4 GiB, biased towards the BIOS area, the APIC pages, the
 *   end of RAM and the PCI hole;
 *   PCI configuration writes, BARs included (moved over RAM or anywhere);
 *   fw_cfg DMA pointed at random guest addresses;
 *   jumps into unassigned memory (a fetch from a hole);
 *   accesses through page tables placed at random physical addresses.
 *
 * The multiboot module holds decimal numbers: seed, operations, and a
 * verbosity (1: print every operation before doing it, to find the one
 * that breaks the emulator). */
#include "ktest.h"

const char *kernel_name = "poke";

extern char _end[];                     /* kernel.ld: end of the image */
#define KERNEL_START 0x100000u
#define COM1 0x3f8
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static uint32_t verbose;
static uint32_t ram_end = 128u << 20;   /* -m 128, as run-poke.sh starts it */
static uint16_t pm_base;                /* PIIX4 PM I/O base (0: unset) */
static volatile uint32_t nmi_count, unwinds;
static uint8_t scratch[8192] __attribute__((aligned(4096)));

/* The pokes may have reprogrammed COM1 (divisor latch access, loopback,
 * word length): undo that before printing. */
static void uart_reinit(void)
{
    outb(COM1 + 1, 0x00);
    outb(COM1 + 3, 0x80);
    outb(COM1 + 0, 0x01);
    outb(COM1 + 1, 0x00);
    outb(COM1 + 3, 0x03);
    outb(COM1 + 4, 0x03);               /* DTR, RTS, no loopback */
    outb(COM1 + 2, 0xc7);
}

#define say(...) do { uart_reinit(); kprintf(__VA_ARGS__); } while (0)

/* ---------------- PCI configuration ---------------- */

static uint32_t pci_address(uint32_t dev, uint32_t fn, uint32_t reg)
{
    return 0x80000000u | dev << 11 | fn << 8 | (reg & 0xfc);
}

static uint32_t pci_read32(uint32_t dev, uint32_t fn, uint32_t reg)
{
    outl(0xcf8, pci_address(dev, fn, reg));
    uint32_t v;
    __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"((uint16_t)0xcfc));
    return v;
}

static void pci_write32(uint32_t dev, uint32_t fn, uint32_t reg, uint32_t v)
{
    outl(0xcf8, pci_address(dev, fn, reg));
    outl(0xcfc, v);
}

/* The I/O decoders of the board's PCI functions (command, BARs, PIIX4 PM
 * and SMBus bases): random writes can move one over isa-debug-exit's port,
 * which the kernel needs at the end. Saved at the start, put back then. */
static const uint8_t io_decoder_regs[] = {
    0x04, 0x10, 0x14, 0x18, 0x1c, 0x20, 0x24, 0x40, 0x80, 0x90, 0xd0,
};
static uint32_t saved_decoders[4][sizeof(io_decoder_regs)];

static void save_io_decoders(void)
{
    for (uint32_t fn = 0; fn < 4; fn++)
        for (unsigned i = 0; i < sizeof(io_decoder_regs); i++)
            saved_decoders[fn][i] = pci_read32(1, fn, io_decoder_regs[i]);
}

static void restore_io_decoders(void)
{
    for (uint32_t fn = 0; fn < 4; fn++)
        for (unsigned i = 0; i < sizeof(io_decoder_regs); i++)
            pci_write32(1, fn, io_decoder_regs[i], saved_decoders[fn][i]);
}

/* PM1 control (power-off through SLP_EN) sits at the PIIX4 PM base + 4;
 * a configuration write may have moved it. */
static void refresh_pm_base(void)
{
    uint32_t v = pci_read32(1, 3, 0x40);
    pm_base = (v & 1) && v != 0xffffffffu ? (uint16_t)(v & 0xffc0) : 0;
}

/* ---------------- what a write must not do ---------------- */

static bool overlaps(uint32_t a, uint32_t len, uint32_t b, uint32_t blen)
{
    return a < b + blen && b < a + len;
}

/* Memory the kernel lives in (a write there ends the run, not the test).
 * A CPU access wraps around 4 GiB to the bytes just above 0, below the
 * kernel; a device's (DMA) goes on above 4 GiB: neither comes back to it. */
static bool hits_kernel(uint32_t addr, uint32_t len)
{
    uint64_t end = (uint64_t)addr + len;
    return addr < (uint32_t)_end && end > KERNEL_START;
}

/* Port writes that would end the run or lose the kernel: returns false to
 * drop the write, or adjusts *value to a harmless one. */
static bool defuse_port_write(uint16_t port, unsigned size, uint32_t *value)
{
    if (overlaps(port, size, 0xf4, 4))
        return false;                           /* isa-debug-exit */
    if (overlaps(port, size, 0x92, 1)) {        /* fast A20 and INIT */
        if (size != 1)
            return false;
        *value = (*value | 0x02) & ~0x01u;
    }
    if (overlaps(port, size, 0x64, 1)) {        /* i8042 command */
        if (size != 1)
            return false;
        /* write output port (A20, reset), A20 off, pulse reset lines */
        if (*value == 0xd1 || *value == 0xdd || *value >= 0xf0)
            *value = 0xaa;                      /* self-test: harmless */
    }
    if (overlaps(port, size, 0xcf9, 1) && !(port == 0xcf8 && size == 4)) {
        if (size != 1)
            return false;
        *value &= ~0x06u;                       /* reset control: no reset */
    }
    if (pm_base && overlaps(port, size, pm_base + 4, 2)) {
        /* PM1 control: no SLP_EN (bit 13) */
        if (port == pm_base + 4 && size >= 2)
            *value &= ~0x2000u;
        else if (port == pm_base + 5 && size == 1)
            *value &= ~0x20u;
        else
            return false;
    }
    return true;
}

/* ---------------- port I/O ---------------- */

static uint32_t random_address(void);

/* The PC's devices: [first port, count) */
static const uint16_t device_ports[][2] = {
    { 0x00, 0x20 },    /* DMA 1 */        { 0x20, 2 },     /* PIC master */
    { 0x40, 4 },       /* PIT */          { 0x60, 1 },     /* i8042 data */
    { 0x61, 1 },       /* speaker/NMI */  { 0x64, 1 },     /* i8042 cmd */
    { 0x70, 2 },       /* RTC/CMOS */     { 0x80, 0x10 },  /* POST, DMA pages */
    { 0x92, 1 },       /* fast A20 */     { 0xa0, 2 },     /* PIC slave */
    { 0xb2, 2 },       /* APM */          { 0xc0, 0x20 },  /* DMA 2 */
    { 0xf0, 0x10 },    /* FPU, exit */    { 0x170, 8 },    /* IDE 2 */
    { 0x1f0, 8 },      /* IDE 1 */        { 0x2e8, 8 },    /* COM4 */
    { 0x2f8, 8 },      /* COM2 */         { 0x378, 8 },    /* LPT1 */
    { 0x3b0, 0x30 },   /* VGA */          { 0x3e8, 8 },    /* COM3 */
    { 0x3f0, 8 },      /* floppy, IDE */  { 0x3f8, 8 },    /* COM1 */
    { 0x402, 1 },      /* debugcon */     { 0x4d0, 2 },    /* ELCR */
    { 0x510, 12 },     /* fw_cfg + DMA */ { 0x600, 0x40 }, /* ACPI PM */
    { 0xae00, 0x14 },  /* PCI hotplug */  { 0xaf00, 0x20 },/* CPU hotplug */
    { 0xafe0, 4 },     /* GPE0 */         { 0xb000, 0x40 },/* PM, SeaBIOS */
    { 0xcf8, 8 },      /* PCI config */   { 0xe9, 1 },     /* debugcon */
    { 0xfff8, 8 },     /* the top: a wide access runs past 0xffff */
};

static uint16_t random_port(void)
{
    uint32_t r = rnd_below(100);
    if (r < 60) {
        const uint16_t *d = device_ports[rnd_below(ARRAY_LEN(device_ports))];
        return (uint16_t)(d[0] + rnd_below(d[1] + 2));   /* and just past */
    }
    if (r < 70 && pm_base)
        return (uint16_t)(pm_base + rnd_below(0x40));
    return (uint16_t)rnd();
}

static unsigned random_size(void)
{
    static const unsigned sizes[] = { 1, 1, 2, 4 };
    return sizes[rnd_below(4)];
}

static void port_op(void)
{
    uint16_t port = random_port();
    unsigned size = random_size();
    uint32_t value = rnd();
    bool write = rnd() & 1;

    if (rnd_below(16) == 0) {
        /* rep ins/outs of up to 64 items, through scratch or device memory */
        uint32_t count = 1 + rnd_below(64);
        uint32_t buf = rnd_below(4) ? (uint32_t)scratch : random_address();
        if (hits_kernel(buf, count * size))
            buf = (uint32_t)scratch;
        if (verbose)
            say("poke: rep %s%u port %x count %u buffer %x\n", write ? "outs" : "ins", size,
                port, count, buf);
        if (write) {
            uint32_t zeros = 0, ones = ~0u;
            if (!defuse_port_write(port, size, &value))
                return;
            /* device memory gives what it gives: not for a port that
             * needs defusing */
            if (!defuse_port_write(port, size, &zeros) || zeros ||
                !defuse_port_write(port, size, &ones) || ~ones)
                buf = (uint32_t)scratch;
            /* the same value throughout, defused once */
            for (uint32_t i = 0; i < count * size; i += size)
                memcpy(scratch + i, &value, size);
            const void *src = (const void *)buf;
            if (size == 1)
                __asm__ volatile("rep outsb" : "+S"(src), "+c"(count) : "d"(port) : "memory");
            else if (size == 2)
                __asm__ volatile("rep outsw" : "+S"(src), "+c"(count) : "d"(port) : "memory");
            else
                __asm__ volatile("rep outsl" : "+S"(src), "+c"(count) : "d"(port) : "memory");
        } else {
            void *dst = (void *)buf;
            if (size == 1)
                __asm__ volatile("rep insb" : "+D"(dst), "+c"(count) : "d"(port) : "memory");
            else if (size == 2)
                __asm__ volatile("rep insw" : "+D"(dst), "+c"(count) : "d"(port) : "memory");
            else
                __asm__ volatile("rep insl" : "+D"(dst), "+c"(count) : "d"(port) : "memory");
        }
        return;
    }
    if (write && !defuse_port_write(port, size, &value))
        return;
    if (verbose)
        say("poke: %s%u port %x value %x\n", write ? "out" : "in", size, port, value);
    if (write) {
        if (size == 1)
            outb(port, (uint8_t)value);
        else if (size == 2)
            outw(port, (uint16_t)value);
        else
            outl(port, value);
    } else if (size == 1) {
        (void)inb(port);
    } else if (size == 2) {
        uint16_t v;
        __asm__ volatile("inw %1, %0" : "=a"(v) : "d"(port));
    } else {
        uint32_t v;
        __asm__ volatile("inl %1, %0" : "=a"(v) : "d"(port));
    }
}

/* ---------------- memory ---------------- */

static uint32_t random_address(void)
{
    /* interesting places, and the bytes either side of their ends */
    static const uint32_t places[][2] = {
        { 0x00000000, 0x1000 },      /* real-mode IVT, BIOS data */
        { 0x0009f000, 0x2000 },      /* end of base RAM, start of VGA */
        { 0x000a0000, 0x20000 },     /* VGA window (SMRAM when open) */
        { 0x000c0000, 0x40000 },     /* option ROMs, BIOS (PAM) */
        { 0xfec00000, 0x1000 },      /* IO-APIC */
        { 0xfed00000, 0x1000 },      /* HPET */
        { 0xfee00000, 0x1000 },      /* local APIC */
        { 0xfffc0000, 0x40000 },     /* BIOS ROM alias at the top */
        { 0xe0000000, 0x10000 },     /* PCI hole */
        { 0xfebff000, 0x2000 },      /* PCI hole end, IO-APIC start */
    };
    uint32_t r = rnd_below(100);
    if (r < 45) {
        const uint32_t *p = places[rnd_below(ARRAY_LEN(places))];
        return p[0] + rnd_below(p[1]) - (rnd_below(8) == 0 ? 4 : 0);
    }
    if (r < 55)
        return ram_end - 0x800 + rnd_below(0x1000);   /* the end of RAM */
    if (r < 65)
        return 0xfffffff0u + rnd_below(16);           /* the 4 GiB wrap */
    if (r < 80)
        return (rnd() & 0x0fffffffu) | 0x01000000u;   /* RAM above the kernel */
    return rnd();
}

static void mem_op(void)
{
    uint32_t addr = random_address();
    unsigned size = random_size();
    uint32_t value = rnd();
    uint32_t kind = rnd_below(100);

    if (kind < 40) {
        if (verbose)
            say("poke: read%u %x\n", size, addr);
        if (size == 1)
            (void)*(volatile uint8_t *)addr;
        else if (size == 2)
            (void)*(volatile uint16_t *)addr;
        else
            (void)*(volatile uint32_t *)addr;
    } else if (kind < 75) {
        if (hits_kernel(addr, size))
            return;
        if (verbose)
            say("poke: write%u %x value %x\n", size, addr, value);
        if (size == 1)
            *(volatile uint8_t *)addr = (uint8_t)value;
        else if (size == 2)
            *(volatile uint16_t *)addr = (uint16_t)value;
        else
            *(volatile uint32_t *)addr = value;
    } else if (kind < 85) {
        /* a locked read-modify-write (atomic access to a device) */
        if (hits_kernel(addr, 4))
            return;
        if (verbose)
            say("poke: lock xadd/or %x\n", addr);
        if (value & 1)
            __asm__ volatile("lock xaddl %0, (%1)" : "+r"(value) : "r"(addr) : "memory");
        else
            __asm__ volatile("lock orl %0, (%1)" :: "r"(value), "r"(addr) : "memory");
    } else if (kind < 90) {
        /* 8-byte access: cmpxchg8b, locked or not */
        if (hits_kernel(addr, 8))
            return;
        if (verbose)
            say("poke: cmpxchg8b %x\n", addr);
        uint32_t lo = value, hi = rnd();
        if (value & 1)
            __asm__ volatile("lock cmpxchg8b (%4)"
                             : "+a"(lo), "+d"(hi) : "b"(rnd()), "c"(rnd()), "S"(addr) : "memory", "cc");
        else
            __asm__ volatile("cmpxchg8b (%4)"
                             : "+a"(lo), "+d"(hi) : "b"(rnd()), "c"(rnd()), "S"(addr) : "memory", "cc");
    } else {
        /* rep movs between scratch and the address, up to 4 KiB */
        uint32_t count = 1 + rnd_below(1024);
        bool to_addr = rnd() & 1;
        if (to_addr && hits_kernel(addr, count * 4))
            return;
        if (verbose)
            say("poke: rep movsl %s %x count %u\n", to_addr ? "to" : "from", addr, count);
        const void *src = to_addr ? (const void *)scratch : (const void *)addr;
        void *dst = to_addr ? (void *)addr : (void *)scratch;
        if (!to_addr && count > sizeof(scratch) / 4)
            count = sizeof(scratch) / 4;
        __asm__ volatile("rep movsl" : "+S"(src), "+D"(dst), "+c"(count) :: "memory");
    }
}

/* ---------------- PCI configuration writes ---------------- */

static void pci_op(void)
{
    /* the devices that exist (00.0 host bridge, 01.x PIIX) most of the time */
    uint32_t dev = rnd_below(4) ? rnd_below(2) : rnd_below(32);
    uint32_t fn = dev == 1 ? rnd_below(4) : rnd_below(8);
    uint32_t reg = rnd_below(4) ? rnd_below(0x40) : rnd_below(0x100);
    unsigned size = random_size();
    uint32_t value = rnd();

    reg &= ~(size - 1);
    if (reg >= 0x10 && reg < 0x28 && size == 4) {
        /* a BAR: sizing, over RAM (above the kernel), or anywhere */
        uint32_t r = rnd_below(3);
        value = r == 0 ? 0xffffffffu : r == 1 ? (rnd() & 0x07fff000u) | 0x01000000u : value;
        if (hits_kernel(value & ~0xfu, 0x100000))
            value |= 0x01000000u;
    }
    if (verbose)
        say("poke: pci %x.%x reg %x size %u value %x\n", dev, fn, reg, size, value);
    outl(0xcf8, pci_address(dev, fn, reg));
    uint16_t port = (uint16_t)(0xcfc + (reg & 3));
    if (size == 1)
        outb(port, (uint8_t)value);
    else if (size == 2)
        outw(port, (uint16_t)value);
    else
        outl(port, value);
    refresh_pm_base();
}

/* ---------------- fw_cfg DMA ---------------- */

static void fw_cfg_dma_op(void)
{
    /* FWCfgDmaAccess, big-endian: control, length, address */
    static uint32_t access[4] __attribute__((aligned(16)));
    uint32_t addr = random_address();
    uint32_t len = rnd_below(4) ? rnd_below(0x2000) : rnd();
    uint32_t control = (rnd() & 0x1e) | (rnd_below(64) << 16);   /* selector */

    /* a read from fw_cfg writes guest memory: keep it off the kernel */
    if (hits_kernel(addr, len))
        addr = (uint32_t)_end + rnd_below(0x01000000u);
    access[0] = __builtin_bswap32(control);
    access[1] = __builtin_bswap32(len);
    access[2] = 0;
    access[3] = __builtin_bswap32(addr);
    if (verbose)
        say("poke: fw_cfg dma control %x len %x addr %x\n", control, len, addr);
    outl(0x514, 0);
    outl(0x518, __builtin_bswap32((uint32_t)access));
}

/* ---------------- page tables in odd places ---------------- */

#define WINDOW_VA 0x40000000u           /* the PDE the paging pokes rewrite */
static uint32_t *page_dir;

/* One access through paging where the page table itself is at a random
 * physical address (a device, a hole, beyond RAM: the page walk reads its
 * entry there and sets its accessed bit there), or through a 4 MiB page
 * mapping a random physical range. */
static void paging_op(void)
{
    uint32_t va = WINDOW_VA + (rnd() & 0x3ffffcu);
    uint32_t table = random_address() & ~0xfffu;
    bool big = rnd() & 1;
    bool write = big && (rnd() & 1);

    if (big) {
        uint32_t frame = random_address() & ~0x3fffffu;
        if (write && hits_kernel(frame, 0x400000))
            write = false;
        page_dir[WINDOW_VA >> 22] = frame | PTE_PS | PTE_P | PTE_W;
    } else {
        /* reads only: the entry found there may map any frame, the kernel's too */
        page_dir[WINDOW_VA >> 22] = table | PTE_P | PTE_W;
    }
    if (verbose)
        say("poke: paging %s pde %x va %x\n", write ? "write" : "read",
            page_dir[WINDOW_VA >> 22], va);
    paging_enable(page_dir);            /* reloading CR3 flushes the TLB */
    if (write)
        *(volatile uint32_t *)va = rnd();
    else
        (void)*(volatile uint32_t *)va;
    paging_disable();
}

/* ---------------- a fetch from a hole ---------------- */

static void fetch_op(void)
{
    uint32_t addr = rnd_below(2) ? 0xe0000000u + (rnd() & 0x0ffffff0u) : 0xfed01000u;
    /* only where the bytes read as 0xff: an invalid opcode, caught (what a
     * device page would execute is not this kernel's business) */
    for (int i = 0; i < 16; i++)
        if (((volatile uint8_t *)addr)[i] != 0xff)
            return;
    if (verbose)
        say("poke: jump %x\n", addr);
    __asm__ volatile("call *%0" :: "r"(addr) : "memory");
}

/* ---------------- driver ---------------- */

static void on_trap(struct trap_frame *f)
{
    if (f->vector == 2) {
        nmi_count++;
        return;
    }
    unwinds++;
    catch_unwind();
}

/* One operation; an exception it raises comes back here. */
static void poke_once(uint32_t kind)
{
    static void (*const ops[])(void) = {
        port_op, mem_op, pci_op, fw_cfg_dma_op, fetch_op, paging_op
    };
    if (catch_arm() == 0) {
        ops[kind]();
        catch_disarm();
    }
    __asm__ volatile("cli");
    paging_disable();                   /* after a page fault in paging_op */
}

void test_main(void)
{
    uint32_t seed = 1, ops = 20000;
    if (mb_mod_start) {
        const char *p = (const char *)mb_mod_start;
        seed = parse_number(&p);
        ops = parse_number(&p);
        verbose = parse_number(&p);
    }
    say("poke: seed %u, %u operations, kernel ends at %x\n", seed, ops, (uint32_t)_end);
    rnd_seed(seed);
    for (int v = 0; v < 256; v++)
        set_trap_handler(v, on_trap);
    __asm__ volatile("cli");
    refresh_pm_base();
    save_io_decoders();

    /* the kernel identity-mapped, 4 MiB pages allowed */
    page_dir = paging_build_identity_4k(((uint32_t)_end >> 20) + 1, PTE_P | PTE_W);
    write_cr4(read_cr4() | 0x10);       /* PSE */

    uint32_t counts[6] = { 0 };
    for (uint32_t i = 0; i < ops; i++) {
        uint32_t r = rnd_below(100), kind;
        kind = r < 42 ? 0 : r < 80 ? 1 : r < 90 ? 2 : r < 94 ? 3 : r < 95 ? 4 : 5;
        counts[kind]++;
        poke_once(kind);
        if ((i + 1) % 5000 == 0)
            say("poke: %u operations\n", i + 1);
    }
    say("poke: ports %u, memory %u, pci %u, fw_cfg dma %u, fetches %u, paging %u; "
        "%u exceptions, %u NMIs\n", counts[0], counts[1], counts[2], counts[3], counts[4],
        counts[5], unwinds, nmi_count);
    restore_io_decoders();
    uart_reinit();
    pass("survived");
}
