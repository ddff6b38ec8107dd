/* Poke the PC's devices from a Linux guest: random port I/O after iopl(3)
 * and random reads and writes of physical memory through /dev/mem (the MMIO
 * holes, the BIOS area, the APIC pages, beyond RAM; the kernel's
 * STRICT_DEVMEM keeps RAM out of reach, iomem=relaxed lets the devices'
 * pages in). Built `gcc -m32 -static` and run as the guest's init job by
 * poke-test.py; the guest may well die of it, the emulator must not.
 *
 * usage: poke SEED OPERATIONS
 * Prints the seed first, and each operation before it is done (the console
 * is the only trace left when the guest dies), every 64th only when quiet
 * is asked for with a third argument. */
#define _FILE_OFFSET_BITS 64
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/io.h>
#include <sys/mman.h>
#include <unistd.h>

static uint32_t rng;

static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

static uint32_t rnd_below(uint32_t n) { return rnd() % n; }

/* Writes that would end the machine at once (reset, power-off at QEMU's
 * PM base, isa-debug-exit) or turn A20 off are left out: a run that ends
 * early pokes less. So are writes to COM1, the console that tells how far
 * the run got (the bare-metal poke kernel covers the UART). */
static int harmless_port_write(uint16_t port, unsigned size, uint32_t *value)
{
    uint32_t end = port + size;
    if (port < 0x400 && end > 0x3f8)
        return 0;
    if (port < 0xf8 && end > 0xf4)
        return 0;
    if ((port <= 0x92 && end > 0x92) || (port <= 0x64 && end > 0x64)) {
        if (size != 1)
            return 0;
        if (port == 0x92)
            *value = (*value | 0x02) & ~0x01u;
        else if ((*value & 0xff) >= 0xd1)
            *value = 0xaa;              /* not a write to the output port */
    }
    if (port <= 0xcf9 && end > 0xcf9 && !(port == 0xcf8 && size == 4))
        return 0;
    if (port <= 0x605 && end > 0x604)
        return 0;
    return 1;
}

static uint16_t random_port(void)
{
    static const uint16_t devices[][2] = {
        { 0x00, 0x20 }, { 0x20, 2 }, { 0x40, 4 }, { 0x60, 5 }, { 0x70, 2 },
        { 0x80, 0x10 }, { 0xa0, 2 }, { 0xc0, 0x20 }, { 0xf0, 0x10 },
        { 0x2f8, 8 }, { 0x3f8, 8 }, { 0x3b0, 0x30 }, { 0x4d0, 2 },
        { 0x510, 12 }, { 0x600, 0x40 }, { 0xafe0, 4 }, { 0xcf8, 8 },
    };
    if (rnd_below(4))
        return rnd();
    const uint16_t *d = devices[rnd_below(sizeof(devices) / sizeof(devices[0]))];
    return d[0] + rnd_below(d[1]);
}

static void port_op(int verbose)
{
    uint16_t port = random_port();
    unsigned size = 1u << rnd_below(3);
    uint32_t value = rnd();
    int write = rnd() & 1;

    if (write && !harmless_port_write(port, size, &value))
        return;
    if (verbose)
        printf("poke: %s%u %#x %#x\n", write ? "out" : "in", size, port, value);
    fflush(stdout);
    if (write)
        size == 1 ? outb(value, port) : size == 2 ? outw(value, port) : outl(value, port);
    else
        (void)(size == 1 ? inb(port) : size == 2 ? inw(port) : inl(port));
}

static uint32_t random_phys(void)
{
    static const uint32_t places[][2] = {
        { 0x00000000, 0x100000 },   /* the first MiB: BIOS data, VGA, ROMs */
        { 0xfec00000, 0x1000 },     /* IO-APIC */
        { 0xfee00000, 0x1000 },     /* local APIC */
        { 0xfffc0000, 0x40000 },    /* BIOS at the top */
        { 0xe0000000, 0x1000000 },  /* PCI hole */
        { 0x10000000, 0x10000000 }, /* beyond RAM (-m 256) */
    };
    if (rnd_below(4) == 0)
        return rnd();
    const uint32_t *p = places[rnd_below(sizeof(places) / sizeof(places[0]))];
    return p[0] + rnd_below(p[1]);
}

static void mem_op(int fd, int verbose)
{
    uint32_t phys = random_phys();
    uint32_t page = phys & ~0xfffu, offset = phys & 0xfff;
    unsigned size = 1u << rnd_below(4);
    int write = rnd() & 1;
    uint64_t value = (uint64_t)rnd() << 32 | rnd();

    if (offset + size > 4096)
        offset = 4096 - size;
    if (verbose)
        printf("poke: %s%u %#x\n", write ? "write" : "read", size, page + offset);
    fflush(stdout);
    if (rnd_below(4) == 0) {
        /* read()/write() on /dev/mem: the kernel's own copy routines */
        ssize_t r = write ? pwrite(fd, &value, size, (off_t)page + offset)
                          : pread(fd, &value, size, (off_t)page + offset);
        (void)r;
        return;
    }
    volatile uint8_t *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)page);
    if (p == MAP_FAILED)
        return;                         /* RAM, or a range a driver holds */
    volatile uint8_t *a = p + offset;
    if (write) {
        if (size == 1) *a = value;
        else if (size == 2) *(volatile uint16_t *)a = value;
        else if (size == 4) *(volatile uint32_t *)a = value;
        else *(volatile uint64_t *)a = value;
    } else {
        if (size == 1) (void)*a;
        else if (size == 2) (void)*(volatile uint16_t *)a;
        else if (size == 4) (void)*(volatile uint32_t *)a;
        else (void)*(volatile uint64_t *)a;
    }
    munmap((void *)p, 4096);
}

int main(int argc, char **argv)
{
    uint32_t seed = argc > 1 ? strtoul(argv[1], NULL, 0) : 1;
    uint32_t ops = argc > 2 ? strtoul(argv[2], NULL, 0) : 10000;
    int quiet = argc > 3;

    printf("poke: seed %u, %u operations\n", seed, ops);
    rng = seed * 2654435761u + 1;
    if (iopl(3) < 0) {
        perror("poke: iopl");
        return 1;
    }
    int fd = open("/dev/mem", O_RDWR | O_SYNC);
    if (fd < 0) {
        perror("poke: /dev/mem");
        return 1;
    }
    for (uint32_t i = 0; i < ops; i++) {
        int verbose = !quiet || (i & 63) == 0;
        if (rnd() & 1)
            port_op(verbose);
        else
            mem_op(fd, verbose);
    }
    /* power-off writes PM1 control at the PM base the ACPI tables give: put
     * it back where the board set it (PIIX4 function 3, PMBA and PMIOSE),
     * so that init's poweroff can end the run */
    outl(0x80000b40, 0xcf8);
    outl(0x601, 0xcfc);
    outl(0x80000b80, 0xcf8);
    outb(1, 0xcfc);
    printf("poke: %u operations done\n", ops);
    return 0;
}
