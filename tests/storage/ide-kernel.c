/*
 * The PIIX3 IDE function driven register by register (group "storage",
 * run by device-test.py with a patterned raw disk as the primary master
 * and a patterned ISO as the secondary master; also under Debian's QEMU,
 * to check the kernel's expectations).
 *
 * Disk sector s holds the words 0x5a000000 | s << 7 | k (k = 0..127);
 * CD sector s (2048 bytes) the words 0xcd000000 | s << 9 | k.
 * A multiboot module starting with "nofuzz" leaves out the hostile part.
 */
#include "ktest.h"

const char *kernel_name = "ide";

#define DISK_SECTORS    32768u          /* 16 MiB */
#define CD_SECTORS      512u            /* 1 MiB */
#define SPIN            20000000u

#define ST_ERR  0x01
#define ST_DRQ  0x08
#define ST_DRDY 0x40
#define ST_BSY  0x80

static const uint16_t cmd_base[2] = { 0x1f0, 0x170 };
static const uint16_t ctl_base[2] = { 0x3f6, 0x376 };
static uint16_t bm_base;
static volatile uint32_t irqs[2];

static uint8_t buf[65536] __attribute__((aligned(4096)));
static uint32_t prd[64][2] __attribute__((aligned(4096)));

static inline uint16_t inw(uint16_t port) { uint16_t v; __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline uint32_t inl(uint16_t port) { uint32_t v; __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port)); return v; }

static uint32_t disk_word(uint32_t s, uint32_t k) { return 0x5a000000u | s << 7 | k; }
static uint32_t cd_word(uint32_t s, uint32_t k) { return 0xcd000000u | s << 9 | k; }

static void on_irq(struct trap_frame *f)
{
    irqs[f->vector - 0x2e]++;
    outb(0xa0, 0x20);
    outb(0x20, 0x20);
}

/* ---- PCI configuration ---- */

static uint32_t pci_read(int dev, int fn, int reg)
{
    outl(0xcf8, 0x80000000u | dev << 11 | fn << 8 | reg);
    return inl(0xcfc);
}

static void pci_write(int dev, int fn, int reg, uint32_t v)
{
    outl(0xcf8, 0x80000000u | dev << 11 | fn << 8 | reg);
    outl(0xcfc, v);
}

/* ---- ATA helpers ---- */

static bool wait_irq(int ch, uint32_t before)
{
    for (uint32_t i = 0; i < SPIN; i++) {
        if (irqs[ch] != before) {
            return true;
        }
        __asm__ volatile("pause");
    }
    return false;
}

static uint8_t wait_ready(int ch)
{
    uint8_t st = 0xff;

    for (uint32_t i = 0; i < SPIN && ((st = inb(ctl_base[ch])) & ST_BSY); i++) {
        __asm__ volatile("pause");
    }
    return st;
}

static void select_drive(int ch, int unit, uint8_t bits)
{
    outb(cmd_base[ch] + 6, 0xa0 | unit << 4 | bits);
}

static void taskfile_lba28(int ch, uint32_t lba, uint8_t count)
{
    outb(cmd_base[ch] + 2, count);
    outb(cmd_base[ch] + 3, lba);
    outb(cmd_base[ch] + 4, lba >> 8);
    outb(cmd_base[ch] + 5, lba >> 16);
    outb(cmd_base[ch] + 6, 0xe0 | ((lba >> 24) & 0x0f));
}

static void taskfile_lba48(int ch, uint64_t lba, uint16_t count)
{
    outb(cmd_base[ch] + 2, count >> 8);
    outb(cmd_base[ch] + 3, lba >> 24);
    outb(cmd_base[ch] + 4, lba >> 32);
    outb(cmd_base[ch] + 5, lba >> 40);
    outb(cmd_base[ch] + 2, count);
    outb(cmd_base[ch] + 3, lba);
    outb(cmd_base[ch] + 4, lba >> 8);
    outb(cmd_base[ch] + 5, lba >> 16);
    outb(cmd_base[ch] + 6, 0xe0);
}

/* issue cmd and return the status after its interrupt (0xff: none came) */
static uint8_t ata_command(int ch, uint8_t cmd)
{
    uint32_t before = irqs[ch];

    outb(cmd_base[ch] + 7, cmd);
    if (!wait_irq(ch, before)) {
        return 0xff;
    }
    return inb(cmd_base[ch] + 7);
}

static void read_data16(int ch, void *dst, uint32_t bytes)
{
    uint16_t *p = dst;
    for (uint32_t i = 0; i < bytes / 2; i++) {
        p[i] = inw(cmd_base[ch]);
    }
}

static void read_data32(int ch, void *dst, uint32_t bytes)
{
    uint32_t *p = dst;
    for (uint32_t i = 0; i < bytes / 4; i++) {
        p[i] = inl(cmd_base[ch]);
    }
}

static void write_data16(int ch, const void *src, uint32_t bytes)
{
    const uint16_t *p = src;
    for (uint32_t i = 0; i < bytes / 2; i++) {
        outw(cmd_base[ch], p[i]);
    }
}

/* the first word of buf that is not disk sector lba.., or -1 */
static int check_disk_data(const void *data, uint32_t lba, uint32_t sectors)
{
    const uint32_t *w = data;
    for (uint32_t s = 0; s < sectors; s++) {
        for (uint32_t k = 0; k < 128; k++) {
            if (w[s * 128 + k] != disk_word(lba + s, k)) {
                return s * 128 + k;
            }
        }
    }
    return -1;
}

/* PIO data-in: sectors in blocks of block sectors, an interrupt before each */
static bool pio_read(const char *name, int ch, uint8_t cmd, uint32_t sectors, uint32_t block,
                     bool dword)
{
    uint32_t done = 0, before = irqs[ch];
    uint8_t st;

    outb(cmd_base[ch] + 7, cmd);
    while (done < sectors) {
        uint32_t n = sectors - done < block ? sectors - done : block;
        if (!wait_irq(ch, before)) {
            fail(name, "no interrupt before block %u", done / block);
            return false;
        }
        before = irqs[ch];
        st = inb(cmd_base[ch] + 7);
        if ((st & (ST_DRQ | ST_ERR | ST_BSY)) != ST_DRQ) {
            fail(name, "status %02x before block %u (error %02x)", st, done / block,
                 inb(cmd_base[ch] + 1));
            return false;
        }
        if (dword) {
            read_data32(ch, buf + done * 512, n * 512);
        } else {
            read_data16(ch, buf + done * 512, n * 512);
        }
        done += n;
    }
    st = wait_ready(ch);
    return check(name, (st & (ST_DRQ | ST_ERR | ST_BSY)) == 0,
                 "status %02x after the transfer", st);
}

/* ---- bus-master DMA ---- */

static void bm_setup(int ch, bool to_memory)
{
    uint16_t bm = bm_base + ch * 8;

    outb(bm, 0);                                /* stop */
    outb(bm + 2, 0x06);                         /* clear interrupt and error */
    outl(bm + 4, (uint32_t)prd);
    outb(bm, to_memory ? 0x08 : 0);
}

static void prd_set(int i, const void *addr, uint32_t bytes, bool last)
{
    prd[i][0] = (uint32_t)addr;
    prd[i][1] = (bytes & 0xffff) | (last ? 0x80000000u : 0);
}

/*
 * Start the engine after the command; the engine's status once the drive
 * interrupts (read before the drive's status, which acknowledges it).
 */
static uint8_t bm_run(int ch, uint8_t cmd, bool to_memory, bool *got_irq)
{
    uint16_t bm = bm_base + ch * 8;
    uint32_t before = irqs[ch];

    outb(cmd_base[ch] + 7, cmd);
    outb(bm, (to_memory ? 0x08 : 0) | 1);
    *got_irq = wait_irq(ch, before);
    uint8_t bmst = inb(bm + 2);
    inb(cmd_base[ch] + 7);
    outb(bm, to_memory ? 0x08 : 0);             /* stop */
    return bmst;
}

/* ---- the tests ---- */

static void test_pci(void)
{
    uint32_t id = pci_read(1, 1, 0), class = pci_read(1, 1, 8);

    check("pci-id", id == 0x70108086, "id %08x", id);
    check("pci-class", (class >> 8) == 0x010180, "class %06x", class >> 8);
    bm_base = pci_read(1, 1, 0x20) & 0xfff0;
    check("pci-bar4", bm_base != 0 && (pci_read(1, 1, 0x20) & 1), "BAR4 %08x", pci_read(1, 1, 0x20));
    check("pci-idetim", (pci_read(1, 1, 0x40) & 0x80008000u) == 0x80008000u,
          "IDETIM %08x: channels not decoding", pci_read(1, 1, 0x40));
    pci_write(1, 1, 4, pci_read(1, 1, 4) | 0x05);     /* I/O and bus master */
}

static void test_reset_and_signature(void)
{
    select_drive(0, 0, 0);                      /* firmware may have left the slave selected */
    select_drive(1, 0, 0);
    outb(ctl_base[0], 0x04);                    /* SRST */
    check("srst-busy", inb(ctl_base[0]) & ST_BSY, "status %02x during reset", inb(ctl_base[0]));
    outb(ctl_base[0], 0x00);
    uint8_t st = wait_ready(0);
    select_drive(0, 0, 0);
    check("ata-signature", inb(0x1f4) == 0 && inb(0x1f5) == 0 && inb(0x1f2) == 1 &&
          inb(0x1f3) == 1 && (st & ST_DRDY), "ATA: %02x %02x status %02x",
          inb(0x1f4), inb(0x1f5), st);
    outb(ctl_base[1], 0x04);
    outb(ctl_base[1], 0x00);
    wait_ready(1);
    select_drive(1, 0, 0);
    check("atapi-signature", inb(0x174) == 0x14 && inb(0x175) == 0xeb, "ATAPI: %02x %02x",
          inb(0x174), inb(0x175));
    /* the scratch registers of an absent slave still latch, its status reads 0 */
    select_drive(0, 1, 0);
    outb(0x1f2, 0x55);
    check("absent-slave", inb(0x1f2) == 0x55 && inb(0x1f7) == 0, "nsector %02x status %02x",
          inb(0x1f2), inb(0x1f7));
    select_drive(0, 0, 0);
}

static void test_identify(void)
{
    const uint16_t *w = (const uint16_t *)buf;
    char model[41];

    select_drive(0, 0, 0);
    uint8_t st = ata_command(0, 0xec);
    if (!check("identify-irq", (st & (ST_DRQ | ST_ERR)) == ST_DRQ, "status %02x", st)) {
        return;
    }
    read_data16(0, buf, 512);
    check("identify-done", (inb(0x1f7) & ST_DRQ) == 0, "DRQ still set");
    for (int i = 0; i < 20; i++) {
        model[2 * i] = w[27 + i] >> 8;
        model[2 * i + 1] = w[27 + i] & 0xff;
    }
    model[40] = 0;
    check("identify-model", !memcmp(model, "QEMU HARDDISK ", 14), "model '%s'", model);
    check("identify-general", w[0] == 0x0040, "word 0 %04x", w[0]);
    check("identify-lba-dma", (w[49] & 0x0300) == 0x0300, "word 49 %04x", w[49]);
    check_eq("identify-lba28-sectors", w[60] | (uint32_t)w[61] << 16, DISK_SECTORS);
    check("identify-lba48", (w[83] & (1 << 10)) && (w[86] & (1 << 10)), "words 83/86 %04x %04x",
          w[83], w[86]);
    check_eq("identify-lba48-sectors", w[100] | (uint32_t)w[101] << 16, DISK_SECTORS);
    check("identify-chs", w[1] == DISK_SECTORS / (16 * 63) && w[3] == 16 && w[6] == 63,
          "CHS %u/%u/%u", w[1], w[3], w[6]);
    check("identify-multiple", (w[47] & 0xff) >= 2, "word 47 %04x", w[47]);
}

static void test_pio(void)
{
    int bad;

    select_drive(0, 0, 0);
    taskfile_lba28(0, 100, 3);
    if (pio_read("pio-read", 0, 0x20, 3, 1, false)) {
        bad = check_disk_data(buf, 100, 3);
        check("pio-read-data", bad < 0, "word %d", bad);
    }
    taskfile_lba28(0, 7, 2);
    if (pio_read("pio-read-32bit", 0, 0x20, 2, 1, true)) {
        bad = check_disk_data(buf, 7, 2);
        check("pio-read-32bit-data", bad < 0, "word %d", bad);
    }
    /* the task file points past the last sector moved */
    check("pio-lba-after", inb(0x1f3) == 9 && inb(0x1f4) == 0, "lba regs %02x %02x",
          inb(0x1f3), inb(0x1f4));

    /* WRITE SECTORS: the first block without an interrupt, then one per block */
    uint32_t *w = (uint32_t *)buf;
    for (uint32_t k = 0; k < 256; k++) {
        w[k] = 0xfeed0000u | k;
    }
    taskfile_lba28(0, 200, 2);
    outb(0x1f7, 0x30);
    uint8_t st = wait_ready(0);
    uint32_t before = irqs[0];
    if (check("pio-write-drq", st & ST_DRQ, "status %02x", st)) {
        write_data16(0, buf, 512);
        wait_irq(0, before);
        check("pio-write-block-irq", irqs[0] == before + 1 && (inb(0x1f7) & ST_DRQ),
              "irqs %u status %02x", irqs[0] - before, inb(0x1f7));
        write_data16(0, buf + 512, 512);
        wait_irq(0, before + 1);
        st = inb(0x1f7);
        check("pio-write-done", (st & (ST_DRQ | ST_ERR | ST_BSY)) == 0, "status %02x", st);
    }
    memset(buf, 0, 1024);
    taskfile_lba28(0, 200, 2);
    if (pio_read("pio-readback", 0, 0x20, 2, 1, false)) {
        check("pio-readback-data", w[0] == 0xfeed0000u && w[255] == 0xfeed00ffu,
              "words %08x %08x", w[0], w[255]);
    }

    /* READ MULTIPLE in blocks of 8 */
    outb(0x1f2, 8);
    st = ata_command(0, 0xc6);
    check("set-multiple", (st & ST_ERR) == 0, "status %02x", st);
    outb(0x1f2, 3);
    st = ata_command(0, 0xc6);
    check("set-multiple-bad", (st & ST_ERR) && (inb(0x1f1) & 0x04), "status %02x", st);
    taskfile_lba28(0, 300, 20);
    if (pio_read("read-multiple", 0, 0xc4, 20, 8, false)) {
        bad = check_disk_data(buf, 300, 20);
        check("read-multiple-data", bad < 0, "word %d", bad);
    }

    /* LBA48 */
    taskfile_lba48(0, 0x1234, 5);
    if (pio_read("pio-read-ext", 0, 0x24, 5, 1, false)) {
        bad = check_disk_data(buf, 0x1234, 5);
        check("pio-read-ext-data", bad < 0, "word %d", bad);
    }
    /* CHS: sector (c, h, s) = LBA (c * 16 + h) * 63 + s - 1 */
    outb(0x1f2, 1);
    outb(0x1f3, 5);
    outb(0x1f4, 2);
    outb(0x1f5, 0);
    outb(0x1f6, 0xa0 | 3);
    if (pio_read("pio-read-chs", 0, 0x20, 1, 1, false)) {
        bad = check_disk_data(buf, (2 * 16 + 3) * 63 + 4, 1);
        check("pio-read-chs-data", bad < 0, "word %d", bad);
    }
}

static void test_dma(void)
{
    bool irq;
    uint8_t bmst, st;
    int bad;

    /* a read split over two PRDs */
    memset(buf, 0, 4096);
    prd_set(0, buf, 1024, false);
    prd_set(1, buf + 1024, 512, true);
    bm_setup(0, true);
    select_drive(0, 0, 0);
    taskfile_lba28(0, 400, 3);
    bmst = bm_run(0, 0xc8, true, &irq);
    st = inb(ctl_base[0]);
    check("dma-read-irq", irq, "no interrupt");
    check("dma-read-status", (bmst & 0x07) == 0x04 && (st & (ST_DRQ | ST_ERR | ST_BSY)) == 0,
          "BM status %02x, drive %02x", bmst, st);
    bad = check_disk_data(buf, 400, 3);
    check("dma-read-data", bad < 0, "word %d", bad);

    /* a write, then PIO read back */
    uint32_t *w = (uint32_t *)buf;
    for (uint32_t k = 0; k < 1024; k++) {
        w[k] = 0xd0a00000u | k;
    }
    prd_set(0, buf, 4096, true);
    bm_setup(0, false);
    taskfile_lba28(0, 500, 8);
    bmst = bm_run(0, 0xca, false, &irq);
    check("dma-write", irq && (bmst & 0x07) == 0x04, "irq %d BM status %02x", irq, bmst);
    memset(buf, 0, 4096);
    taskfile_lba28(0, 500, 8);
    if (pio_read("dma-write-readback", 0, 0x20, 8, 1, false)) {
        check("dma-write-data", w[0] == 0xd0a00000u && w[1023] == 0xd0a003ffu,
              "words %08x %08x", w[0], w[1023]);
    }

    /* READ DMA EXT, with a table larger than the transfer: the engine stays active */
    memset(buf, 0, 8192);
    prd_set(0, buf, 8192, true);
    bm_setup(0, true);
    taskfile_lba48(0, 0x4000, 4);
    bmst = bm_run(0, 0x25, true, &irq);
    check("dma-read-ext", irq && (bmst & 0x07) == 0x05, "irq %d BM status %02x", irq, bmst);
    bad = check_disk_data(buf, 0x4000, 4);
    check("dma-read-ext-data", bad < 0, "word %d", bad);

    /* a table shorter than the transfer: no interrupt, the engine stops */
    prd_set(0, buf, 1024, true);
    bm_setup(0, true);
    taskfile_lba28(0, 0, 8);
    bmst = bm_run(0, 0xc8, true, &irq);
    st = inb(ctl_base[0]);
    check("dma-short-prd", !irq && !(bmst & 0x01) && !(st & (ST_BSY | ST_DRQ)),
          "irq %d BM status %02x drive %02x", irq, bmst, st);

    /* a table in memory that is not there, and entries pointing nowhere */
    bm_setup(0, true);
    outl(bm_base + 4, 0xfebff000u);
    taskfile_lba28(0, 0, 4);
    outb(0x1f7, 0xc8);
    outb(bm_base, 0x09);
    wait_irq(0, irqs[0]);
    outb(bm_base, 0x08);
    st = wait_ready(0);
    check("dma-prd-table-unmapped", !(st & ST_BSY), "drive stuck, status %02x", st);
    prd_set(0, (void *)0xf0000000u, 2048, true);
    bm_setup(0, true);
    taskfile_lba28(0, 0, 4);
    bmst = bm_run(0, 0xc8, true, &irq);
    st = wait_ready(0);
    check("dma-prd-unmapped", !(st & (ST_BSY | ST_DRQ)), "status %02x BM %02x", st, bmst);
    /* the drive still works */
    prd_set(0, buf, 512, true);
    bm_setup(0, true);
    taskfile_lba28(0, 42, 1);
    bmst = bm_run(0, 0xc8, true, &irq);
    bad = check_disk_data(buf, 42, 1);
    check("dma-after-errors", irq && bad < 0, "irq %d word %d", irq, bad);
}

static void test_errors(void)
{
    uint8_t st;

    select_drive(0, 0, 0);
    /* the last sector may come, the one past the end must not */
    taskfile_lba28(0, DISK_SECTORS - 1, 2);
    st = ata_command(0, 0x20);
    if (st != 0xff && (st & ST_DRQ)) {
        uint32_t before = irqs[0];
        read_data16(0, buf, 512);
        st = wait_irq(0, before) ? inb(0x1f7) : inb(ctl_base[0]);
    }
    check("read-past-end", (st & ST_ERR) && !(st & ST_DRQ) && inb(0x1f1),
          "status %02x error %02x", st, inb(0x1f1));
    /* the last LBA48 sector, with the engine started */
    bool irq;
    prd_set(0, buf, 4096, true);
    bm_setup(0, true);
    taskfile_lba48(0, 0xffffffffffffull, 1);
    bm_run(0, 0x25, true, &irq);
    st = inb(ctl_base[0]);
    check("dma-ext-absurd-lba", irq && (st & ST_ERR) && inb(0x1f1), "irq %d status %02x error %02x",
          irq, st, inb(0x1f1));
    /* 65536 sectors from the last one: the second block must fail */
    taskfile_lba48(0, DISK_SECTORS - 1, 0);
    st = ata_command(0, 0x34);
    if (st == 0xff) {
        st = inb(ctl_base[0]);          /* the first block needs no interrupt */
    }
    for (int i = 0; i < 3 && (st & ST_DRQ); i++) {
        uint32_t before = irqs[0];
        write_data16(0, buf, 512);
        st = wait_irq(0, before) ? inb(0x1f7) : inb(ctl_base[0]);
    }
    check("write-ext-past-end", (st & ST_ERR) && !(st & ST_DRQ), "status %02x", st);
    st = ata_command(0, 0xff);
    check("unknown-command", (st & ST_ERR) && (inb(0x1f1) & 0x04), "status %02x error %02x",
          st, inb(0x1f1));
    st = ata_command(0, 0xa0);
    check("packet-on-disk", (st & ST_ERR) && (inb(0x1f1) & 0x04), "status %02x", st);
    /* a command that asks for data, then a reset in the middle of it */
    taskfile_lba28(0, 10, 4);
    outb(0x1f7, 0x20);
    wait_ready(0);
    inw(0x1f0);
    outb(ctl_base[0], 0x04);
    outb(ctl_base[0], 0x00);
    st = wait_ready(0);
    check("reset-mid-transfer", (st & (ST_DRQ | ST_BSY)) == 0 && (st & ST_DRDY), "status %02x", st);
}

static void test_misc(void)
{
    uint8_t st;

    select_drive(0, 0, 0);
    taskfile_lba28(0, 1000, 16);
    st = ata_command(0, 0x40);
    check("verify", (st & (ST_ERR | ST_DRQ)) == 0, "status %02x", st);
    st = ata_command(0, 0xe7);
    if (st == 0xff) {
        st = wait_ready(0);
    }
    check("flush-cache", (st & (ST_ERR | ST_BSY)) == 0, "status %02x", st);
    st = ata_command(0, 0xea);
    if (st == 0xff) {
        st = wait_ready(0);
    }
    check("flush-cache-ext", (st & (ST_ERR | ST_BSY)) == 0, "status %02x", st);
    outb(0x1f1, 0x82);                          /* write cache off */
    st = ata_command(0, 0xef);
    ata_command(0, 0xec);
    read_data16(0, buf, 512);
    check("set-features-wce-off", (st & ST_ERR) == 0 && !(((uint16_t *)buf)[85] & 0x20),
          "status %02x word 85 %04x", st, ((uint16_t *)buf)[85]);
    outb(0x1f1, 0x02);
    ata_command(0, 0xef);
    outb(0x1f1, 0x03);                          /* transfer mode: multiword DMA 2 */
    outb(0x1f2, 0x22);
    st = ata_command(0, 0xef);
    ata_command(0, 0xec);
    read_data16(0, buf, 512);
    check("set-features-mode", (st & ST_ERR) == 0 && (((uint16_t *)buf)[63] & 0x0400),
          "status %02x word 63 %04x", st, ((uint16_t *)buf)[63]);
    outb(0x1f1, 0x77);
    st = ata_command(0, 0xef);
    check("set-features-unknown", (st & ST_ERR) != 0, "status %02x", st);
    /* INITIALIZE DEVICE PARAMETERS: 8 heads, 32 sectors for CHS from now on */
    outb(0x1f2, 32);
    outb(0x1f6, 0xa0 | 7);
    st = ata_command(0, 0x91);
    outb(0x1f2, 1);
    outb(0x1f3, 1);
    outb(0x1f4, 1);
    outb(0x1f5, 0);
    outb(0x1f6, 0xa0 | 2);
    if (check("init-dev-params", (st & ST_ERR) == 0, "status %02x", st) &&
        pio_read("chs-translated", 0, 0x20, 1, 1, false)) {
        int bad = check_disk_data(buf, (1 * 8 + 2) * 32, 1);
        check("chs-translated-data", bad < 0, "word %d", bad);
    }
    /* interrupts off with nIEN: the command runs, no interrupt comes */
    uint32_t before = irqs[0];
    outb(ctl_base[0], 0x02);
    outb(0x1f7, 0xe5);
    for (volatile int i = 0; i < 100000; i++) {
    }
    st = inb(0x1f7);
    outb(ctl_base[0], 0x00);
    check("nien", irqs[0] == before && inb(0x1f2) == 0xff && !(st & ST_BSY),
          "irqs %u status %02x", irqs[0] - before, st);
}

/* ---- ATAPI ---- */

/* a packet command by PIO (or DMA into buf); bytes received, or -1 with the error */
static int atapi(const uint8_t *cdb, uint16_t limit, bool dma, uint8_t *error)
{
    uint32_t total = 0, before;
    uint8_t st;

    select_drive(1, 0, 0);
    outb(0x171, dma ? 1 : 0);
    outb(0x174, limit & 0xff);
    outb(0x175, limit >> 8);
    outb(0x177, 0xa0);
    st = wait_ready(1);
    if (!(st & ST_DRQ) || (inb(0x172) & 3) != 1) {
        *error = 0xfe;
        return -1;
    }
    before = irqs[1];
    write_data16(1, cdb, 12);
    if (dma) {
        outb(bm_base + 8, 0x09);
    }
    for (;;) {
        if (!wait_irq(1, before)) {
            *error = 0xfd;
            return -1;
        }
        before = irqs[1];
        st = inb(0x177);
        if (st & ST_ERR) {
            *error = inb(0x171);
            if (dma) {
                outb(bm_base + 8, 0x08);
            }
            return -1;
        }
        if (!(st & ST_DRQ)) {
            break;
        }
        uint32_t n = inb(0x174) | inb(0x175) << 8;
        if (total + n > sizeof(buf)) {
            *error = 0xfc;
            return -1;
        }
        read_data16(1, buf + total, n);
        total += n;
    }
    if (dma) {
        outb(bm_base + 8, 0x08);
    }
    return total;
}

static void test_atapi(void)
{
    uint8_t err = 0, st;
    int n = -1;
    const uint16_t *w = (const uint16_t *)buf;

    select_drive(1, 0, 0);
    st = ata_command(1, 0xec);
    check("atapi-identify-device-aborts", (st & ST_ERR) && inb(0x174) == 0x14 &&
          inb(0x175) == 0xeb, "status %02x sig %02x %02x", st, inb(0x174), inb(0x175));
    st = ata_command(1, 0xa1);
    if (check("atapi-identify-packet", (st & (ST_DRQ | ST_ERR)) == ST_DRQ, "status %02x", st)) {
        read_data16(1, buf, 512);
        /* packet device, CD-ROM, removable, 12-byte packets */
        check("atapi-identify-word0", (w[0] & 0xff83) == 0x8580, "word 0 %04x", w[0]);
    }

    uint8_t tur[12] = { 0x00 };
    for (int i = 0; i < 3 && (n = atapi(tur, 0, false, &err)) < 0; i++) {
    }
    check("test-unit-ready", n == 0, "error %02x", err);

    uint8_t inq[12] = { 0x12, 0, 0, 0, 36 };
    n = atapi(inq, 36, false, &err);
    check("inquiry", n == 36 && buf[0] == 5 && (buf[1] & 0x80) && !memcmp(buf + 8, "QEMU", 4),
          "%d bytes, type %02x", n, buf[0]);

    uint8_t cap[12] = { 0x25 };
    n = atapi(cap, 8, false, &err);
    check("read-capacity", n == 8 && buf[2] == (CD_SECTORS - 1) >> 8 &&
          buf[3] == ((CD_SECTORS - 1) & 0xff) && buf[6] == 8 && buf[7] == 0,
          "%d bytes %02x%02x %02x%02x", n, buf[2], buf[3], buf[6], buf[7]);

    /* READ (10) of 3 sectors from 5, in pieces of at most 2048 bytes */
    uint8_t rd[12] = { 0x28, 0, 0, 0, 0, 5, 0, 0, 3 };
    n = atapi(rd, 2048, false, &err);
    bool ok = n == 3 * 2048;
    for (uint32_t k = 0; ok && k < 3 * 512; k++) {
        ok = ((uint32_t *)buf)[k] == cd_word(5 + k / 512, k % 512);
    }
    check("read10-pio", ok, "%d bytes, error %02x", n, err);

    uint8_t rd12[12] = { 0xa8, 0, 0, 0, 0, 9, 0, 0, 0, 1 };
    n = atapi(rd12, 0xfffe, false, &err);
    check("read12-pio", n == 2048 && ((uint32_t *)buf)[0] == cd_word(9, 0) &&
          ((uint32_t *)buf)[511] == cd_word(9, 511), "%d bytes", n);

    /* READ (10) by DMA */
    memset(buf, 0, 8192);
    prd[0][0] = (uint32_t)buf;
    prd[0][1] = 4096 | 0x80000000u;
    outb(bm_base + 8, 0);
    outb(bm_base + 10, 0x06);
    outl(bm_base + 12, (uint32_t)prd);
    uint8_t rdd[12] = { 0x28, 0, 0, 0, 1, 0, 0, 0, 2 };
    n = atapi(rdd, 0, true, &err);
    check("read10-dma", n == 0 && ((uint32_t *)buf)[0] == cd_word(256, 0) &&
          ((uint32_t *)buf)[1023] == cd_word(257, 511), "result %d error %02x word %08x",
          n, err, ((uint32_t *)buf)[0]);

    uint8_t toc[12] = { 0x43, 0, 0, 0, 0, 0, 0, 0, 20 };
    n = atapi(toc, 100, false, &err);
    check("read-toc", n == 20 && buf[1] == 18 && buf[2] == 1 && buf[3] == 1 && buf[6] == 1 &&
          buf[14] == 0xaa && buf[18] == (CD_SECTORS >> 8) && buf[19] == (CD_SECTORS & 0xff),
          "%d bytes: %02x %02x %02x lead-out %02x%02x", n, buf[1], buf[6], buf[14], buf[18],
          buf[19]);
    uint8_t tocm[12] = { 0x43, 2, 0, 0, 0, 0, 0, 0, 20 };
    n = atapi(tocm, 100, false, &err);
    /* the lead-out at LBA 512 is MSF 00:08:62 (150 sectors of pregap) */
    check("read-toc-msf", n == 20 && buf[17] == 0 && buf[18] == 8 && buf[19] == 62,
          "%d bytes: %02x:%02x:%02x", n, buf[17], buf[18], buf[19]);
    uint8_t toc1[12] = { 0x43, 0, 0, 0, 0, 0, 0, 0, 12, 0x40 };   /* format 1, old style */
    n = atapi(toc1, 100, false, &err);
    check("read-toc-session", n == 12 && buf[1] == 10 && buf[2] == 1 && buf[3] == 1,
          "%d bytes", n);

    uint8_t past[12] = { 0x28, 0, 0, 0, (CD_SECTORS - 1) >> 8, (CD_SECTORS - 1) & 0xff, 0, 0, 2 };
    n = atapi(past, 2048, false, &err);
    uint8_t sense[12] = { 0x03, 0, 0, 0, 18 };
    int m = atapi(sense, 18, false, &err);
    check("read10-past-end", n < 0 && m == 18 && (buf[2] & 0x0f) == 5 && buf[12] == 0x21,
          "read %d, sense key %x asc %02x", n, buf[2] & 0x0f, buf[12]);

    uint8_t bad[12] = { 0xff };
    n = atapi(bad, 100, false, &err);
    check("atapi-unknown-command", n < 0 && (err >> 4) == 5, "result %d error %02x", n, err);

    uint8_t cfg[12] = { 0x46, 0, 0, 0, 0, 0, 0, 0, 64 };
    n = atapi(cfg, 100, false, &err);
    check("get-configuration", n >= 8 && buf[6] == 0 && (buf[7] == 0x08 || buf[7] == 0x10),
          "%d bytes profile %02x%02x", n, buf[6], buf[7]);
    uint8_t ms[12] = { 0x5a, 0, 0x2a, 0, 0, 0, 0, 0, 64 };
    n = atapi(ms, 100, false, &err);
    check("mode-sense-2a", n > 8 && buf[8] == 0x2a, "%d bytes page %02x", n, buf[8]);
    uint8_t gesn[12] = { 0x4a, 1, 0, 0, 0x10, 0, 0, 0, 8 };
    n = atapi(gesn, 100, false, &err);
    check("event-status", n == 8 && buf[2] == 4 && (buf[5] & 2), "%d bytes class %02x st %02x",
          n, buf[2], buf[5]);
    /* lock, then a guest eject fails; unlock and the tray opens: no medium */
    uint8_t lock[12] = { 0x1e, 0, 0, 0, 1 }, unlock[12] = { 0x1e };
    uint8_t eject[12] = { 0x1b, 0, 0, 0, 2 }, load[12] = { 0x1b, 0, 0, 0, 3 };
    atapi(lock, 0, false, &err);
    n = atapi(eject, 0, false, &err);
    check("eject-locked", n < 0, "eject of a locked tray succeeded");
    atapi(unlock, 0, false, &err);
    n = atapi(eject, 0, false, &err);
    m = atapi(tur, 0, false, &err);
    check("eject", n == 0 && m < 0 && (err >> 4) == 2, "eject %d, TUR %d error %02x", n, m, err);
    atapi(load, 0, false, &err);
    /* a unit attention (medium may have changed) may come first */
    m = atapi(tur, 0, false, &err);
    if (m < 0 && (err >> 4) == 6) {
        m = atapi(tur, 0, false, &err);
    }
    check("load-ready", m == 0, "TUR %d error %02x", m, err);
}

/*
 * Hostile use: random task file values and commands, random PRD tables
 * (entries anywhere in a scratch area or in unmapped space, any count, with
 * or without an end mark), the engine started and stopped at random, resets
 * and random packets. The kernel's own memory stays out of reach; the
 * channels must still work afterwards.
 */
#define SCRATCH_BASE 0x00400000u
#define SCRATCH_SIZE 0x00400000u

static uint32_t random_dma_address(void)
{
    switch (rnd_below(4)) {
    case 0:
        return 0xf0000000u + (rnd() & 0x0ffffffe);      /* nothing there */
    case 1:
        return 0xfffffff0u + (rnd() & 0xe);             /* the top of the address space */
    default:
        return SCRATCH_BASE + (rnd() % (SCRATCH_SIZE - 0x10000)) / 2 * 2;
    }
}

static void fuzz_step(void)
{
    static const uint8_t commands[] = {
        0x20, 0x24, 0x30, 0x34, 0xc4, 0xc5, 0x29, 0x39, 0xc8, 0xca, 0x25, 0x35, 0x40, 0x42,
        0xe7, 0xea, 0xef, 0xc6, 0x91, 0xec, 0xa1, 0xa0, 0x08, 0x90, 0xf8, 0x27, 0x00, 0xff,
    };
    int ch = rnd_below(2);
    uint16_t base = cmd_base[ch], bm = bm_base + ch * 8;
    uint32_t *table = (uint32_t *)(SCRATCH_BASE + SCRATCH_SIZE - 0x10000 + ch * 0x8000);

    switch (rnd_below(10)) {
    case 0: case 1:                             /* task file */
        outb(base + 1 + rnd_below(6), rnd());
        break;
    case 2:                                     /* a command */
        outb(base + 7, commands[rnd_below(sizeof(commands))]);
        break;
    case 3:                                     /* data port */
        for (uint32_t i = rnd_below(300); i; i--) {
            if (rnd() & 1) {
                inw(base);
            } else {
                outw(base, rnd());
            }
        }
        break;
    case 4: {                                   /* a new PRD table */
        uint32_t n = 1 + rnd_below(64);
        for (uint32_t i = 0; i < n; i++) {
            table[2 * i] = random_dma_address();
            table[2 * i + 1] = (rnd() & 0xffff) | (i == n - 1 && (rnd() & 3) ? 0x80000000u : 0);
        }
        outl(bm + 4, rnd_below(8) ? (uint32_t)table : random_dma_address());
        break;
    }
    case 5:                                     /* start or stop the engine */
        outb(bm, rnd() & 0x09);
        break;
    case 6:
        outb(bm + 2, rnd());
        inb(bm + 2);
        break;
    case 7:                                     /* reset, interrupts on or off */
        outb(ctl_base[ch], rnd() & 0x06);
        outb(ctl_base[ch], rnd() & 0x02);
        break;
    case 8:                                     /* a packet of random bytes */
        outb(base + 7, 0xa0);
        for (int i = 0; i < 6; i++) {
            outw(base, rnd());
        }
        break;
    default:
        inb(base + 7);
        inb(base + 1 + rnd_below(6));
        break;
    }
}

static void test_fuzz(void)
{
    uint8_t st;

    rnd_seed(12345);
    for (int i = 0; i < 20000; i++) {
        fuzz_step();
    }
    for (int ch = 0; ch < 2; ch++) {
        outb(bm_base + ch * 8, 0);
        outb(bm_base + ch * 8 + 2, 0x06);
        outb(ctl_base[ch], 0x04);
        outb(ctl_base[ch], 0x00);
        /* give a controller that resets in the background (QEMU) time to */
        for (volatile uint32_t i = 0; i < 2000000; i++) {
        }
        wait_ready(ch);
    }
    select_drive(0, 0, 0);
    st = ata_command(0, 0xec);
    if (check("fuzz-survived-disk", (st & (ST_DRQ | ST_ERR)) == ST_DRQ, "status %02x", st)) {
        read_data16(0, buf, 512);
    }
    select_drive(1, 0, 0);
    st = ata_command(1, 0xa1);
    if (check("fuzz-survived-cdrom", (st & (ST_DRQ | ST_ERR)) == ST_DRQ, "status %02x", st)) {
        read_data16(1, buf, 512);
    }
    /* DMA still works, and the disk holds what it held where the fuzz did not write */
    prd_set(0, buf, 512, true);
    bm_setup(0, true);
    select_drive(0, 0, 0);
    taskfile_lba28(0, 42, 1);
    bool irq;
    bm_run(0, 0xc8, true, &irq);
    check("fuzz-survived-dma", irq, "no interrupt");
}

void test_main(void)
{
    set_trap_handler(0x2e, on_irq);
    set_trap_handler(0x2f, on_irq);
    pic_init(0xfb, 0x3f);                       /* cascade, IRQ 14 and 15 */
    __asm__ volatile("sti");
    test_pci();
    if (!bm_base) {
        return;
    }
    test_reset_and_signature();
    test_identify();
    test_pio();
    test_dma();
    test_errors();
    test_misc();
    test_atapi();
    /* a module saying "nofuzz": the reference run checks the expectations only */
    if (mb_mod_start && !memcmp((const void *)mb_mod_start, "nofuzz", 6)) {
        skip("fuzz", "not asked for");
    } else {
        test_fuzz();
    }
    __asm__ volatile("cli");
}
