/*
 * The display test's bare-metal kernel (run by display-test.py with the
 * PCI VGA): checks the VGA's memory semantics from the guest side (planar
 * write modes 0-3, read mode 1, latches, chain-4, odd/even, the DAC, the
 * DISPI registers and bank window), and draws known pictures for the host
 * to compare pixel by pixel in a screendump: mode 13h, 640x480x16 planar,
 * VBE 1024x768x32 through the linear framebuffer, VBE 640x480x16 through
 * the bank window; then absurd modes, which must leave a clamped or blank
 * screen, and rounds of random register values. Before each picture it
 * prints `READY name` and waits for a byte on COM1 (the host has taken its
 * screendump).
 */
#include "ktest.h"

const char *kernel_name = "vga";

#define VGA_WINDOW      ((volatile uint8_t *)0xa0000)
#define VBE_INDEX       0x1ce
#define VBE_DATA        0x1cf
#define LFB_DEFAULT     0xe0000000u
#define MMIO_DEFAULT    0xe1000000u

enum { DISPI_ID, DISPI_XRES, DISPI_YRES, DISPI_BPP, DISPI_ENABLE, DISPI_BANK,
       DISPI_VIRT_WIDTH, DISPI_VIRT_HEIGHT, DISPI_X_OFFSET, DISPI_Y_OFFSET, DISPI_VIDEO_64K };
#define DISPI_ENABLED   0x01
#define DISPI_GETCAPS   0x02
#define DISPI_LFB       0x40

static uint32_t lfb_base;

static uint16_t inw(uint16_t port)
{
    uint16_t v;
    __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static uint32_t inl(uint16_t port)
{
    uint32_t v;
    __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

/* ---- handshake with the host ---- */

static void wait_host(const char *picture)
{
    kprintf("READY %s\n", picture);
    while (!(inb(0x3fd) & 1)) {
        __asm__ volatile("pause");
    }
    (void)inb(0x3f8);
}

/* ---- registers ---- */

static void seq(uint8_t i, uint8_t v) { outb(0x3c4, i); outb(0x3c5, v); }
static void gc(uint8_t i, uint8_t v) { outb(0x3ce, i); outb(0x3cf, v); }
static uint8_t gc_read(uint8_t i) { outb(0x3ce, i); return inb(0x3cf); }
static void crtc(uint8_t i, uint8_t v) { outb(0x3d4, i); outb(0x3d5, v); }

static void dispi(uint16_t i, uint16_t v) { outw(VBE_INDEX, i); outw(VBE_DATA, v); }
static uint16_t dispi_read(uint16_t i) { outw(VBE_INDEX, i); return inw(VBE_DATA); }

/* the attribute controller: index and data through 0x3c0, then the display on */
static void attr_regs(const uint8_t *ar)
{
    (void)inb(0x3da);
    for (int i = 0; i < 21; i++) {
        outb(0x3c0, i);
        outb(0x3c0, ar[i]);
    }
    outb(0x3c0, 0x20);
}

typedef struct VgaMode {
    uint8_t misc, seq[5], crtc[25], gc[9], ar[21];
} VgaMode;

static const VgaMode mode_13h = {
    0x63,
    { 0x03, 0x01, 0x0f, 0x00, 0x0e },
    { 0x5f, 0x4f, 0x50, 0x82, 0x54, 0x80, 0xbf, 0x1f, 0x00, 0x41, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x9c, 0x0e, 0x8f, 0x28, 0x40, 0x96, 0xb9, 0xa3, 0xff },
    { 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x05, 0x0f, 0xff },
    { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c,
      0x0d, 0x0e, 0x0f, 0x41, 0x00, 0x0f, 0x00, 0x00 },
};

static const VgaMode mode_12h = {
    0xe3,
    { 0x03, 0x01, 0x0f, 0x00, 0x06 },
    { 0x5f, 0x4f, 0x50, 0x82, 0x54, 0x80, 0x0b, 0x3e, 0x00, 0x40, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0xea, 0x0c, 0xdf, 0x28, 0x00, 0xe7, 0x04, 0xe3, 0xff },
    { 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x0f, 0xff },
    { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3a, 0x3b, 0x3c,
      0x3d, 0x3e, 0x3f, 0x01, 0x00, 0x0f, 0x00, 0x00 },
};

static void set_vga_mode(const VgaMode *m)
{
    dispi(DISPI_ENABLE, 0);
    outb(0x3c2, m->misc);
    for (int i = 0; i < 5; i++) {
        seq(i, m->seq[i]);
    }
    /* unlock CR00-CR07 first */
    crtc(0x11, m->crtc[0x11] & 0x7f);
    for (int i = 0; i < 25; i++) {
        crtc(i, i == 0x11 ? m->crtc[i] & 0x7f : m->crtc[i]);
    }
    crtc(0x11, m->crtc[0x11]);
    for (int i = 0; i < 9; i++) {
        gc(i, m->gc[i]);
    }
    attr_regs(m->ar);
}

/* DAC entry i = (i, 63 - i, 5i) in 6 bits: what display-test.py expects */
static void load_test_palette(void)
{
    outb(0x3c6, 0xff);
    outb(0x3c8, 0);
    for (int i = 0; i < 256; i++) {
        outb(0x3c9, i & 63);
        outb(0x3c9, (63 - i) & 63);
        outb(0x3c9, (i * 5) & 63);
    }
}

/* ---- guest-side checks of the memory semantics ---- */

static void check_dac(void)
{
    uint8_t got[6];

    outb(0x3c7, 10);
    for (int i = 0; i < 6; i++) {
        got[i] = inb(0x3c9);
    }
    check("dac-readback", got[0] == 10 && got[1] == 53 && got[2] == 50 &&
          got[3] == 11 && got[4] == 52 && got[5] == 55,
          "entries 10-11 read %u %u %u %u %u %u", got[0], got[1], got[2], got[3], got[4], got[5]);
}

static void check_planar(void)
{
    volatile uint8_t *w = VGA_WINDOW;
    uint8_t planes[4];

    set_vga_mode(&mode_12h);
    /* write mode 0 with map mask: a different byte in each plane */
    gc(5, 0x00);
    gc(8, 0xff);
    for (int p = 0; p < 4; p++) {
        seq(2, 1 << p);
        w[100] = 0x11 * (p + 1);
    }
    seq(2, 0x0f);
    for (int p = 0; p < 4; p++) {
        gc(4, p);
        planes[p] = w[100];
    }
    check("planar-read-map", planes[0] == 0x11 && planes[1] == 0x22 && planes[2] == 0x33 &&
          planes[3] == 0x44, "planes read %x %x %x %x", planes[0], planes[1], planes[2], planes[3]);

    /* read mode 1: bits where the colour (plane bits) equals 0b0101 */
    seq(2, 0x01); w[200] = 0xf0;        /* plane 0 */
    seq(2, 0x02); w[200] = 0x0f;        /* plane 1 */
    seq(2, 0x04); w[200] = 0xf0;        /* plane 2 */
    seq(2, 0x08); w[200] = 0x00;        /* plane 3 */
    seq(2, 0x0f);
    gc(5, 0x08);
    gc(2, 0x05);
    gc(7, 0x0f);
    check_eq("read-mode1-compare", w[200], 0xf0);
    gc(7, 0x01);                        /* only plane 0 cares: 1 where plane 0 is 1 */
    check_eq("read-mode1-dont-care", w[200], 0xf0);
    gc(2, 0x00);
    check_eq("read-mode1-dont-care-zero", w[200], 0x0f);
    gc(5, 0x00);
    gc(7, 0x0f);

    /* write mode 1 copies the latches */
    (void)w[100];
    gc(5, 0x01);
    w[300] = 0;
    gc(5, 0x00);
    for (int p = 0; p < 4; p++) {
        gc(4, p);
        planes[p] = w[300];
    }
    check("write-mode1-latch-copy", planes[0] == 0x11 && planes[1] == 0x22 &&
          planes[2] == 0x33 && planes[3] == 0x44,
          "planes %x %x %x %x", planes[0], planes[1], planes[2], planes[3]);

    /* write mode 2 with a bit mask keeps the latched bits */
    (void)w[100];
    gc(5, 0x02);
    gc(8, 0x0f);
    w[100] = 0x0a;                      /* colour 1010 in the low 4 pixels */
    gc(8, 0xff);
    gc(5, 0x00);
    for (int p = 0; p < 4; p++) {
        gc(4, p);
        planes[p] = w[100];
    }
    check("write-mode2-bit-mask", planes[0] == 0x10 && planes[1] == 0x2f &&
          planes[2] == 0x30 && planes[3] == 0x4f,
          "planes %x %x %x %x", planes[0], planes[1], planes[2], planes[3]);

    /* write mode 0: rotate 4 and XOR with the latches */
    (void)w[100];
    gc(3, 0x18 | 4);
    w[100] = 0x0f;                      /* rotated: 0xf0 */
    gc(3, 0x00);
    gc(4, 0);
    check_eq("write-mode0-rotate-xor", w[100], 0x10 ^ 0xf0);

    /* write mode 3: set/reset colour through rotated data & bit mask */
    (void)w[100];
    gc(0, 0x0f);
    gc(5, 0x03);
    w[100] = 0x3c;
    gc(5, 0x00);
    gc(0, 0x00);
    gc(4, 3);
    /* plane 3 held 0x4f ^ 0xf0; the bits of 0x3c take set/reset (1) */
    check_eq("write-mode3", w[100], (0x4f ^ 0xf0) | 0x3c);
    check_eq("gc-register-readback", gc_read(5), 0x00);
}

static void check_chain4_and_odd_even(void)
{
    volatile uint8_t *w = VGA_WINDOW;
    uint8_t got;

    set_vga_mode(&mode_13h);
    for (int i = 0; i < 8; i++) {
        w[1000 + i] = 0x80 + i;
    }
    /* chain-4 byte i is plane i & 3 at plane offset i >> 2 */
    seq(4, 0x06);
    gc(5, 0x00);
    gc(4, 2);
    got = w[1000 / 4 + 1];
    check_eq("chain4-plane-layout", got, 0x86);
    seq(4, 0x0e);
    check_eq("chain4-readback", w[1003], 0x83);

    /* odd/even (text-mode style): even bytes to plane 0, odd to plane 1 */
    seq(4, 0x02);
    gc(5, 0x10);
    gc(6, 0x0e);
    seq(2, 0x03);
    gc(4, 0);
    ((volatile uint8_t *)0xb8000)[20] = 'V';
    ((volatile uint8_t *)0xb8000)[21] = 0x1e;
    check("odd-even-readback", ((volatile uint8_t *)0xb8000)[20] == 'V' &&
          ((volatile uint8_t *)0xb8000)[21] == 0x1e, "read %x %x",
          ((volatile uint8_t *)0xb8000)[20], ((volatile uint8_t *)0xb8000)[21]);
    /* the graphics controller's memory map hides 0xa0000 now */
    check_eq("memory-map-select", VGA_WINDOW[5], 0xff);
}

static void check_dispi(void)
{
    dispi(DISPI_ID, 0xb0c5);
    check_eq("dispi-id", dispi_read(DISPI_ID), 0xb0c5);
    check_eq("dispi-video-memory-64k", dispi_read(DISPI_VIDEO_64K), 256);
    dispi(DISPI_ENABLE, DISPI_GETCAPS);
    check("dispi-getcaps", dispi_read(DISPI_XRES) >= 1920 && dispi_read(DISPI_BPP) == 32,
          "max %ux%ux%u", dispi_read(DISPI_XRES), dispi_read(DISPI_YRES), dispi_read(DISPI_BPP));
    dispi(DISPI_ENABLE, 0);
    dispi(DISPI_BPP, 7);
    check_eq("dispi-bpp-7-is-8", dispi_read(DISPI_BPP), 8);
}

/* the PCI VGA's framebuffer address; assigns the BARs if nothing did */
static void find_lfb(void)
{
    for (int slot = 0; slot < 32; slot++) {
        uint32_t cfg = 0x80000000u | slot << 11;
        outl(0xcf8, cfg);
        if (inl(0xcfc) != 0x11111234u) {
            continue;
        }
        outl(0xcf8, cfg | 0x10);
        lfb_base = inl(0xcfc) & ~0xfu;
        if (!lfb_base) {
            outl(0xcf8, cfg | 0x10);
            outl(0xcfc, LFB_DEFAULT);
            outl(0xcf8, cfg | 0x18);
            outl(0xcfc, MMIO_DEFAULT);
            lfb_base = LFB_DEFAULT;
        }
        outl(0xcf8, cfg | 0x04);
        outl(0xcfc, (inl(0xcfc) & 0xffff0000u) | 0x0003);
        pass("pci-vga-found");
        return;
    }
    fail("pci-vga-found", "no 1234:1111 on bus 0");
}

/* ---- pictures ---- */

static void draw_mode13h(void)
{
    set_vga_mode(&mode_13h);
    load_test_palette();
    for (int y = 0; y < 200; y++) {
        for (int x = 0; x < 320; x++) {
            VGA_WINDOW[y * 320 + x] = (x + 3 * y) & 0xff;
        }
    }
    wait_host("mode13h");
}

/* planar: colour (x ^ y) & 15 everywhere, then boxes drawn with the other write modes */
static void draw_mode12h(void)
{
    volatile uint8_t *w = VGA_WINDOW;

    set_vga_mode(&mode_12h);
    load_test_palette();
    gc(5, 0x00);
    gc(8, 0xff);
    for (int p = 0; p < 4; p++) {
        seq(2, 1 << p);
        for (int y = 0; y < 480; y++) {
            for (int xb = 0; xb < 80; xb++) {
                uint8_t b = 0;
                for (int i = 0; i < 8; i++) {
                    b |= (((xb * 8 + i) ^ y) >> p & 1) << (7 - i);
                }
                w[y * 80 + xb] = b;
            }
        }
    }
    seq(2, 0x0f);
    /* write mode 2: x 64-127, y 64-95 colour 10 */
    gc(5, 0x02);
    for (int y = 64; y < 96; y++) {
        for (int xb = 8; xb < 16; xb++) {
            w[y * 80 + xb] = 0x0a;
        }
    }
    /* write mode 3: x 192-255, y 64-95: colour 5 where 0xaa has a bit, else unchanged */
    gc(5, 0x03);
    gc(0, 0x05);
    for (int y = 64; y < 96; y++) {
        for (int xb = 24; xb < 32; xb++) {
            (void)w[y * 80 + xb];
            w[y * 80 + xb] = 0xaa;
        }
    }
    gc(0, 0x00);
    /* XOR with set/reset 15: x 320-383, y 64-95 inverted */
    gc(5, 0x00);
    gc(1, 0x0f);
    gc(0, 0x0f);
    gc(3, 0x18);
    for (int y = 64; y < 96; y++) {
        for (int xb = 40; xb < 48; xb++) {
            (void)w[y * 80 + xb];
            w[y * 80 + xb] = 0;
        }
    }
    gc(3, 0x00);
    gc(1, 0x00);
    gc(0, 0x00);
    /* write mode 1: rows 0-15 copied to rows 200-215 through the latches */
    gc(5, 0x01);
    for (int y = 0; y < 16; y++) {
        for (int xb = 0; xb < 80; xb++) {
            (void)w[y * 80 + xb];
            w[(200 + y) * 80 + xb] = 0;
        }
    }
    gc(5, 0x00);
    wait_host("mode12h");
}

static void vbe_mode(uint16_t xres, uint16_t yres, uint16_t bpp, uint16_t flags)
{
    dispi(DISPI_ENABLE, 0);
    dispi(DISPI_BPP, bpp);
    dispi(DISPI_XRES, xres);
    dispi(DISPI_YRES, yres);
    dispi(DISPI_BANK, 0);
    dispi(DISPI_VIRT_WIDTH, xres);
    dispi(DISPI_X_OFFSET, 0);
    dispi(DISPI_Y_OFFSET, 0);
    dispi(DISPI_ENABLE, DISPI_ENABLED | flags);
    (void)inb(0x3da);
    outb(0x3c0, 0x20);
}

/* what memcpy_toio and copy_from_user do to a framebuffer: rep movs in and out */
static void check_string_copies(volatile uint32_t *fb)
{
    static uint32_t src[1024], back[1024];
    uint32_t n = 1024, bad = 0;
    void *d = (void *)(fb + 100 * 1024), *sp = src;

    for (uint32_t i = 0; i < 1024; i++) {
        src[i] = 0x01000193u * (i + 7);
    }
    __asm__ volatile("cld; rep movsl" : "+D"(d), "+S"(sp), "+c"(n) :: "memory");
    for (uint32_t i = 0; i < 1024; i++) {
        bad += fb[100 * 1024 + i] != src[i];
    }
    check("lfb-rep-movsl-write", bad == 0, "%u of 1024 dwords differ", bad);
    d = back;
    sp = (void *)(fb + 100 * 1024);
    n = 4096;
    __asm__ volatile("cld; rep movsb" : "+D"(d), "+S"(sp), "+c"(n) :: "memory");
    check("lfb-rep-movsb-read", memcmp(back, src, sizeof(src)) == 0, "the copy differs");
}

static void draw_vbe32(void)
{
    volatile uint32_t *fb = (volatile uint32_t *)lfb_base;

    vbe_mode(1024, 768, 32, DISPI_LFB);
    check("vbe-mode-readback", dispi_read(DISPI_XRES) == 1024 && dispi_read(DISPI_YRES) == 768 &&
          dispi_read(DISPI_BPP) == 32, "mode reads %ux%ux%u", dispi_read(DISPI_XRES),
          dispi_read(DISPI_YRES), dispi_read(DISPI_BPP));
    for (int y = 0; y < 768; y++) {
        for (int x = 0; x < 1024; x++) {
            fb[y * 1024 + x] = ((x * 3) & 0xff) << 16 | ((y * 5) & 0xff) << 8 | ((x + y) & 0xff);
        }
    }
    wait_host("vbe1024x768x32");
    check_string_copies(fb);
    /* the bank window and the LFB are the same memory */
    dispi(DISPI_BANK, 3);
    check_eq("vbe-bank-window", ((volatile uint32_t *)VGA_WINDOW)[5], fb[3 * 16384 + 5]);
    dispi(DISPI_BANK, 0);
}

/* 640x480x16 written only through the 64 KiB bank window */
static void draw_vbe16_banked(void)
{
    vbe_mode(640, 480, 16, 0);
    for (uint32_t off = 0; off < 640 * 480 * 2; off += 2) {
        uint32_t pix = off / 2, x = pix % 640, y = pix / 640;
        if ((off & 0xffff) == 0) {
            dispi(DISPI_BANK, off >> 16);
        }
        *(volatile uint16_t *)(VGA_WINDOW + (off & 0xffff)) =
            (x & 31) << 11 | (y & 63) << 5 | ((x + y) & 31);
    }
    wait_host("vbe640x480x16-banked");
}

/* ---- absurd modes: the host checks the screen is clamped or blank ---- */

static void absurd_modes(void)
{
    vbe_mode(0xffff, 0xffff, 32, DISPI_LFB);
    check("absurd-resolution-clamped", dispi_read(DISPI_XRES) <= 16000 &&
          (uint32_t)dispi_read(DISPI_XRES) * dispi_read(DISPI_YRES) * 4 <= 16u << 20,
          "mode %ux%u", dispi_read(DISPI_XRES), dispi_read(DISPI_YRES));
    wait_host("absurd-huge");

    vbe_mode(1024, 768, 32, DISPI_LFB);
    dispi(DISPI_VIRT_WIDTH, 0xffff);
    dispi(DISPI_X_OFFSET, 0xffff);
    dispi(DISPI_Y_OFFSET, 0xffff);
    wait_host("absurd-offsets");

    vbe_mode(800, 600, 64, DISPI_LFB);
    check_eq("absurd-bpp-64-is-8", dispi_read(DISPI_BPP), 8);
    vbe_mode(800, 600, 0, DISPI_LFB);
    check_eq("absurd-bpp-0-is-8", dispi_read(DISPI_BPP), 8);
    dispi(DISPI_BANK, 0xffff);
    VGA_WINDOW[0xffff] = 0x55;          /* the last bank's last byte: still in vram */
    wait_host("absurd-bpp");

    /* VGA: every CRTC field at its maximum, start address past the planes */
    set_vga_mode(&mode_13h);
    crtc(0x01, 0xff);
    crtc(0x12, 0xff);
    crtc(0x07, 0xff);
    crtc(0x09, 0x1f);
    crtc(0x0c, 0xff);
    crtc(0x0d, 0xff);
    crtc(0x13, 0xff);
    crtc(0x17, 0x00);
    wait_host("absurd-crtc");

    /* the same in text mode, with a cursor far away */
    gc(6, 0x0e);
    crtc(0x0e, 0x12);
    crtc(0x0f, 0x34);
    crtc(0x0a, 0x00);
    crtc(0x0b, 0x1f);
    wait_host("absurd-text");

    /* the palette source bit clear: a blank screen */
    vbe_mode(640, 480, 32, DISPI_LFB);
    (void)inb(0x3da);
    outb(0x3c0, 0x00);
    wait_host("blank");
}

/*
 * Random register values: every VGA port and DISPI register, and bytes in
 * the window and the framebuffer, then a screendump each round.
 */
#define FUZZ_ROUNDS 40

static void fuzz_registers(void)
{
    rnd_seed(12345);
    for (int round = 0; round < FUZZ_ROUNDS; round++) {
        for (int i = 0; i < 48; i++) {
            uint16_t port = 0x3c0 + rnd_below(0x20);
            outb(port, rnd());
        }
        for (int i = 0; i < 4; i++) {
            dispi(rnd_below(12), rnd() & 0xffff);
        }
        for (int i = 0; i < 64; i++) {
            VGA_WINDOW[rnd_below(0x20000)] = rnd();
            ((volatile uint32_t *)lfb_base)[rnd_below(4u << 20)] = rnd();
        }
        kprintf("READY fuzz-%d\n", round);
        while (!(inb(0x3fd) & 1)) {
            __asm__ volatile("pause");
        }
        (void)inb(0x3f8);
    }
}

void test_main(void)
{
    find_lfb();
    load_test_palette();
    check_dac();
    check_planar();
    check_chain4_and_odd_even();
    check_dispi();
    draw_mode13h();
    draw_mode12h();
    draw_vbe32();
    draw_vbe16_banked();
    absurd_modes();
    fuzz_registers();
}
