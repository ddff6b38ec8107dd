/*
 * The floppy controller and ISA DMA channel 2 driven register by register
 * (group "storage", run by device-test.py with a patterned 1.44M image as
 * drive A and no drive B; also under Debian's QEMU, to check the kernel's
 * expectations). Floppy sector s (LBA) holds the words 0xf1000000 | s << 7 | k.
 */
#include "ktest.h"

const char *kernel_name = "fdc";

#define FDC_DOR     0x3f2
#define FDC_MSR     0x3f4
#define FDC_FIFO    0x3f5
#define FDC_DIR     0x3f7
#define SPIN        20000000u

static volatile uint32_t irqs;
/* below 16 MiB, inside one 64K page */
static uint8_t buf[65536] __attribute__((aligned(65536)));

static uint32_t floppy_word(uint32_t s, uint32_t k) { return 0xf1000000u | s << 7 | k; }
static uint32_t chs_lba(int c, int h, int s) { return (c * 2 + h) * 18 + s - 1; }

static void on_irq(struct trap_frame *f)
{
    (void)f;
    irqs++;
    outb(0x20, 0x20);
}

static bool wait_irq(uint32_t before)
{
    for (uint32_t i = 0; i < SPIN; i++) {
        if (irqs != before) {
            return true;
        }
        __asm__ volatile("pause");
    }
    return false;
}

static bool fifo_write(uint8_t v)
{
    for (uint32_t i = 0; i < SPIN; i++) {
        if ((inb(FDC_MSR) & 0xc0) == 0x80) {
            outb(FDC_FIFO, v);
            return true;
        }
    }
    return false;
}

static int fifo_read(void)
{
    for (uint32_t i = 0; i < SPIN; i++) {
        if ((inb(FDC_MSR) & 0xc0) == 0xc0) {
            return inb(FDC_FIFO);
        }
    }
    return -1;
}

static bool command(const uint8_t *cmd, int n)
{
    for (int i = 0; i < n; i++) {
        if (!fifo_write(cmd[i])) {
            return false;
        }
    }
    return true;
}

static int results(uint8_t *res, int max)
{
    int n = 0;

    while (n < max && (inb(FDC_MSR) & 0xd0) == 0xd0) {
        int v = fifo_read();
        if (v < 0) {
            break;
        }
        res[n++] = v;
    }
    return n;
}

/* ISA DMA channel 2: mode 0x46 (to memory) or 0x4a (from memory) */
static void dma_setup(void *addr, uint32_t len, uint8_t mode)
{
    uint32_t a = (uint32_t)addr;

    outb(0x0a, 0x06);                   /* mask channel 2 */
    outb(0x0c, 0);                      /* flip-flop */
    outb(0x0b, mode);
    outb(0x04, a);
    outb(0x04, a >> 8);
    outb(0x81, a >> 16);
    outb(0x0c, 0);
    outb(0x05, (len - 1) & 0xff);
    outb(0x05, (len - 1) >> 8);
    outb(0x0a, 0x02);                   /* unmask */
}

static bool sense_interrupt(uint8_t *st0, uint8_t *pcn)
{
    uint8_t c = 0x08, res[2];

    return command(&c, 1) && results(res, 2) == 2 && (*st0 = res[0], *pcn = res[1], true);
}

static bool seek(int cyl, uint8_t *st0, uint8_t *pcn)
{
    uint8_t cmd[3] = { 0x0f, 0, (uint8_t)cyl };
    uint32_t before = irqs;

    return command(cmd, 3) && wait_irq(before) && sense_interrupt(st0, pcn);
}

/* READ DATA (0xe6: MT, MFM, SK) or WRITE DATA (0xc5); the 7 result bytes */
static bool rw(bool write, int drive, int c, int h, int s, int n, int eot, uint8_t *res)
{
    uint8_t cmd[9] = { write ? 0xc5 : 0xe6, (uint8_t)(h << 2 | drive), (uint8_t)c, (uint8_t)h,
                       (uint8_t)s, (uint8_t)n, (uint8_t)eot, 0x1b, 0xff };
    uint32_t before = irqs;

    return command(cmd, 9) && wait_irq(before) && results(res, 7) == 7;
}

static int check_floppy_data(uint32_t lba, uint32_t sectors)
{
    const uint32_t *w = (const uint32_t *)buf;
    for (uint32_t s = 0; s < sectors; s++) {
        for (uint32_t k = 0; k < 128; k++) {
            if (w[s * 128 + k] != floppy_word(lba + s, k)) {
                return s * 128 + k;
            }
        }
    }
    return -1;
}

static void test_reset(void)
{
    uint8_t st0 = 0, pcn = 0, res[10];
    uint32_t before = irqs;
    bool ok = true;

    outb(FDC_DOR, 0x00);
    outb(FDC_DOR, 0x0c);
    check("reset-irq", wait_irq(before), "no interrupt after reset");
    for (int i = 0; i < 4; i++) {
        ok &= sense_interrupt(&st0, &pcn) && st0 == (0xc0 | i);
    }
    check("reset-sense-interrupts", ok, "ST0 %02x", st0);
    uint8_t c = 0x10;
    check("version", command(&c, 1) && results(res, 1) == 1 && res[0] == 0x90, "%02x", res[0]);
    c = 0x0e;
    check("dumpreg", command(&c, 1) && results(res, 10) == 10, "short DUMPREG");
    c = 0x94;
    check("lock", command(&c, 1) && results(res, 1) == 1 && res[0] == 0x10, "%02x", res[0]);
    c = 0x1f;
    check("invalid-command", command(&c, 1) && results(res, 1) == 1 && res[0] == 0x80,
          "%02x", res[0]);
    uint8_t spec[3] = { 0x03, 0xdf, 0x02 };     /* step rate, head times, DMA */
    check("specify", command(spec, 3) && (inb(FDC_MSR) & 0xd0) == 0x80, "MSR %02x",
          inb(FDC_MSR));
}

static void test_seek(void)
{
    uint8_t st0 = 0, pcn = 0, res[7];
    uint32_t before = irqs;

    outb(FDC_DOR, 0x1c);                        /* motor A on, drive A */
    uint8_t recal[2] = { 0x07, 0 };
    check("recalibrate", command(recal, 2) && wait_irq(before) &&
          sense_interrupt(&st0, &pcn) && st0 == 0x20 && pcn == 0, "ST0 %02x PCN %u", st0, pcn);
    check("seek", seek(5, &st0, &pcn) && st0 == 0x20 && pcn == 5, "ST0 %02x PCN %u", st0, pcn);
    check("disk-change-cleared", !(inb(FDC_DIR) & 0x80), "DIR %02x", inb(FDC_DIR));
    uint8_t sds[2] = { 0x04, 0 };
    check("sense-drive-status", command(sds, 2) && results(res, 1) == 1 && (res[0] & 0x20) &&
          !(res[0] & 0x10), "ST3 %02x", res[0]);
    uint8_t rid[2] = { 0x4a, 0 };
    before = irqs;
    check("read-id", command(rid, 2) && wait_irq(before) && results(res, 7) == 7 &&
          (res[0] & 0xc0) == 0 && res[3] == 5, "ST0 %02x C %u", res[0], res[3]);
}

static void test_transfers(void)
{
    uint8_t res[7], st0, pcn;
    int bad;

    /* a whole cylinder: both heads with MT */
    memset(buf, 0, 36 * 512);
    seek(5, &st0, &pcn);
    dma_setup(buf, 36 * 512, 0x46);
    check("read-cylinder", rw(false, 0, 5, 0, 1, 2, 18, res) && (res[0] & 0xc0) == 0,
          "ST0 %02x ST1 %02x", res[0], res[1]);
    bad = check_floppy_data(chs_lba(5, 0, 1), 36);
    check("read-cylinder-data", bad < 0, "word %d", bad);

    /* write two sectors on head 1, read them back */
    uint32_t *w = (uint32_t *)buf;
    for (uint32_t k = 0; k < 256; k++) {
        w[k] = 0x0badf00du + k;
    }
    seek(10, &st0, &pcn);
    dma_setup(buf, 1024, 0x4a);
    check("write", rw(true, 0, 10, 1, 3, 2, 18, res) && (res[0] & 0xc0) == 0,
          "ST0 %02x ST1 %02x", res[0], res[1]);
    memset(buf, 0, 1024);
    dma_setup(buf, 1024, 0x46);
    check("write-readback", rw(false, 0, 10, 1, 3, 2, 18, res) && w[0] == 0x0badf00du &&
          w[255] == 0x0badf00du + 255, "ST0 %02x words %08x %08x", res[0], w[0], w[255]);

    /* FORMAT TRACK 20, head 0: 18 sectors of 0xe5 */
    seek(20, &st0, &pcn);
    for (int s = 0; s < 18; s++) {
        buf[4 * s] = 20;
        buf[4 * s + 1] = 0;
        buf[4 * s + 2] = s + 1;
        buf[4 * s + 3] = 2;
    }
    dma_setup(buf, 18 * 4, 0x4a);
    uint8_t fmt[6] = { 0x4d, 0, 2, 18, 0x54, 0xe5 };
    uint32_t before = irqs;
    check("format", command(fmt, 6) && wait_irq(before) && results(res, 7) == 7 &&
          (res[0] & 0xc0) == 0, "ST0 %02x ST1 %02x", res[0], res[1]);
    memset(buf, 0, 18 * 512);
    dma_setup(buf, 18 * 512, 0x46);
    rw(false, 0, 20, 0, 1, 2, 18, res);
    bool filled = true;
    for (int i = 0; i < 18 * 512; i++) {
        filled &= buf[i] == 0xe5;
    }
    check("format-readback", filled, "sectors not filled");

    /* DREQ waits while the channel is masked */
    memset(buf, 0, 512);
    seek(0, &st0, &pcn);
    dma_setup(buf, 512, 0x46);
    outb(0x0a, 0x06);
    uint8_t cmd[9] = { 0x66, 0, 0, 0, 7, 2, 18, 0x1b, 0xff };
    before = irqs;
    command(cmd, 9);
    for (volatile int i = 0; i < 100000; i++) {
    }
    bool early = irqs != before;
    outb(0x0a, 0x02);
    check("dma-masked-waits", !early && wait_irq(before) && results(res, 7) == 7 &&
          check_floppy_data(6, 1) < 0, "early %d ST0 %02x", early, res[0]);
}

static void test_errors(void)
{
    uint8_t res[7], st0, pcn;

    seek(1, &st0, &pcn);
    dma_setup(buf, 512, 0x46);
    check("sector-size", rw(false, 0, 1, 0, 1, 3, 18, res) && (res[0] & 0xc0) == 0x40,
          "ST0 %02x", res[0]);
    dma_setup(buf, 512, 0x46);
    check("sector-past-track", rw(false, 0, 1, 0, 19, 2, 19, res) && (res[0] & 0xc0) == 0x40,
          "ST0 %02x ST1 %02x", res[0], res[1]);
    dma_setup(buf, 512, 0x46);
    outb(FDC_DOR, 0x2d);                        /* drive B, motor B */
    check("no-drive-b", rw(false, 1, 0, 0, 1, 2, 18, res) && (res[0] & 0xc0) == 0x40,
          "ST0 %02x", res[0]);
    outb(FDC_DOR, 0x1c);
    /* a software reset through the data rate register ends in the usual interrupts */
    uint32_t before = irqs;
    outb(FDC_MSR, 0x80);
    check("dsr-reset", wait_irq(before) && sense_interrupt(&st0, &pcn) && st0 == 0xc0,
          "ST0 %02x", st0);
    for (int i = 1; i < 4; i++) {
        sense_interrupt(&st0, &pcn);
    }
    check("no-pending-interrupt", sense_interrupt(&st0, &pcn) == false || st0 == 0x80,
          "ST0 %02x", st0);
}

void test_main(void)
{
    set_trap_handler(0x26, on_irq);
    pic_init(0xbf, 0xff);                       /* IRQ 6 */
    __asm__ volatile("sti");
    test_reset();
    test_seek();
    test_transfers();
    test_errors();
    __asm__ volatile("cli");
}
