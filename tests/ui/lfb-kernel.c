/*
 * A bare-metal kernel for the display tests and benchmarks: finds the
 * standard VGA (PCI 1234:1111), sets a 1024x768x32 Bochs VBE (DISPI) mode
 * with the linear framebuffer, draws a known picture and says READY on
 * COM1. Then it takes one-letter commands from COM1:
 *   f  redraw the whole screen FRAMES times (a full-screen update loop),
 *      then print FRAMES-DONE and draw the picture again
 *   q  leave through isa-debug-exit
 */
#include "ktest.h"

#define WIDTH 1024
#define HEIGHT 768
#define FRAMES 300

#define DISPI_INDEX 0x1ce
#define DISPI_DATA 0x1cf
#define DISPI_XRES 1
#define DISPI_YRES 2
#define DISPI_BPP 3
#define DISPI_ENABLE 4
#define DISPI_ENABLED 0x01
#define DISPI_LFB_ENABLED 0x40

#define COM1 0x3f8

const char *kernel_name = "lfb";

static inline uint32_t inl(uint16_t port)
{
    uint32_t v;
    __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static uint32_t pci_read(int dev, int reg)
{
    outl(0xcf8, 0x80000000u | dev << 11 | reg);
    return inl(0xcfc);
}

static void dispi_write(uint16_t index, uint16_t value)
{
    outw(DISPI_INDEX, index);
    outw(DISPI_DATA, value);
}

/* the picture the tests look for: four coloured quarters, a white frame
 * and a grey ramp across the middle */
static uint32_t picture_pixel(int x, int y)
{
    static const uint32_t quarters[4] = { 0xff0000, 0x00ff00, 0x0000ff, 0xffff00 };

    if (x < 8 || y < 8 || x >= WIDTH - 8 || y >= HEIGHT - 8) {
        return 0xffffff;
    }
    if (y >= HEIGHT / 2 - 32 && y < HEIGHT / 2 + 32) {
        uint32_t v = x * 255 / (WIDTH - 1);
        return v << 16 | v << 8 | v;
    }
    return quarters[(y >= HEIGHT / 2) * 2 + (x >= WIDTH / 2)];
}

static void draw_picture(volatile uint32_t *fb)
{
    for (int y = 0; y < HEIGHT; y++) {
        for (int x = 0; x < WIDTH; x++) {
            fb[y * WIDTH + x] = picture_pixel(x, y);
        }
    }
}

static void frame_loop(volatile uint32_t *fb)
{
    for (uint32_t frame = 0; frame < FRAMES; frame++) {
        uint32_t colour = frame * 0x010203;
        for (int i = 0; i < WIDTH * HEIGHT; i++) {
            fb[i] = colour + i;
        }
    }
}

static char serial_getc(void)
{
    while (!(inb(COM1 + 5) & 1)) {
        __asm__ volatile("pause");
    }
    return inb(COM1);
}

void test_main(void)
{
    volatile uint32_t *fb = NULL;

    for (int dev = 0; dev < 32; dev++) {
        if (pci_read(dev, 0) == (0x1111u << 16 | 0x1234)) {
            fb = (volatile uint32_t *)(pci_read(dev, 0x10) & ~0xfu);
            break;
        }
    }
    if (!check("vga-found", fb != NULL, "no PCI VGA 1234:1111 with a BAR 0")) {
        return;
    }
    /* the attribute controller must hand the palette to the display, or the
     * screen stays blank (as SeaBIOS and Linux leave it) */
    inb(0x3da);
    outb(0x3c0, 0x20);
    dispi_write(DISPI_ENABLE, 0);
    dispi_write(DISPI_XRES, WIDTH);
    dispi_write(DISPI_YRES, HEIGHT);
    dispi_write(DISPI_BPP, 32);
    dispi_write(DISPI_ENABLE, DISPI_ENABLED | DISPI_LFB_ENABLED);
    draw_picture(fb);
    kprintf("READY\n");
    for (;;) {
        char c = serial_getc();
        if (c == 'q') {
            break;
        }
        if (c == 'f') {
            frame_loop(fb);
            kprintf("FRAMES-DONE\n");
            draw_picture(fb);
            kprintf("READY\n");
        }
    }
    pass("done");
}
