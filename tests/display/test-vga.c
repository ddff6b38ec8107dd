/*
 * Unit test of the VGA's renderers and dirty tracking (hw/display/), on
 * the real memory core with a stand-in console that records what the
 * device reports as changed, and a clock the test moves. After a first
 * full picture only what was written is redrawn: a pixel in the linear
 * framebuffer, a byte through the chain-4 or the planar window, a text
 * cell, the blinking cursor; nothing when nothing changed. Then seeded
 * random register values and video memory, a redraw each: built with the
 * sanitizers, any read outside video memory or the surface fails the run.
 */
#include "qemu/osdep.h"
#include "qemu/timer.h"
#include "hw/display/vga-internal.h"
#include "unit-test.h"

#define LFB_BASE    0xe0000000u

/* ---- what the VGA calls in the rest of the emulator ---- */

void tlb_flush_all(void)
{
}

void tb_invalidate_phys_range(hwaddr start, hwaddr end)
{
}

void tlb_rearm_dirty_log(MemoryRegion *mr, uint64_t first, uint64_t last)
{
}

static int64_t clock_ns;

int64_t qemu_clock_get_ns(QEMUClockType type)
{
    return clock_ns;
}

/* the console: one surface, and the union of the rectangles reported */
static DisplaySurface surface;
static const GraphicHwOps *hw_ops;
static void *hw_opaque;
static struct { int calls, x0, y0, x1, y1; } damage;

QemuConsole *graphic_console_init(const char *name, const GraphicHwOps *ops, void *opaque)
{
    hw_ops = ops;
    hw_opaque = opaque;
    return (QemuConsole *)&surface;
}

DisplaySurface *qemu_console_surface(QemuConsole *con)
{
    return &surface;
}

void qemu_console_resize(QemuConsole *con, int width, int height)
{
    surface.width = MIN(MAX(width, 1), 16384);
    surface.height = MIN(MAX(height, 1), 16384);
    surface.stride = surface.width * 4;
    free(surface.data);
    surface.data = qemu_mallocz((size_t)surface.stride * surface.height);
}

void dpy_gfx_update(QemuConsole *con, int x, int y, int w, int h)
{
    /* the device must stay inside its surface */
    assert(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= surface.width &&
           y + h <= surface.height);
    if (!damage.calls++) {
        damage.x0 = x, damage.y0 = y, damage.x1 = x + w, damage.y1 = y + h;
    } else {
        damage.x0 = MIN(damage.x0, x), damage.y0 = MIN(damage.y0, y);
        damage.x1 = MAX(damage.x1, x + w), damage.y1 = MAX(damage.y1, y + h);
    }
}

/* ---- a VGA on a fresh address space ---- */

static VGAState *vga;
static AddressSpace mem_as, io_as;

static void fresh_vga(void)
{
    address_space_init(&mem_as, "memory");
    address_space_init(&io_as, "I/O");
    vga = qemu_mallocz(sizeof(*vga));
    memory_region_init_ram(&vga->vram, "vga.vram", VGA_VRAM_SIZE);
    vga->vram_ptr = vga->vram.ram;
    memory_region_set_dirty_log(&vga->vram, true);
    address_space_map(&mem_as, &vga->vram, LFB_BASE, 0);
    vga_regs_init(vga, &io_as);
    vga_vbe_init(vga, &io_as);
    vga_mem_init(vga, &mem_as);
    vga_display_init(vga);
    vga_regs_reset(vga);
    vga_vbe_reset(vga);
    clock_ns = 0;
}

static void redraw(void)
{
    memset(&damage, 0, sizeof(damage));
    hw_ops->gfx_update(hw_opaque);
}

static uint32_t pixel(int x, int y)
{
    return surface.data[y * (surface.stride / 4) + x];
}

typedef struct VgaMode {
    uint8_t misc, seq[5], crtc[25], gc[9], ar[21];
} VgaMode;

static const VgaMode mode_03h = {
    0x67,
    { 0x03, 0x00, 0x03, 0x00, 0x02 },
    { 0x5f, 0x4f, 0x50, 0x82, 0x55, 0x81, 0xbf, 0x1f, 0x00, 0x4f, 0x0d, 0x0e, 0x00,
      0x00, 0x00, 0x50, 0x9c, 0x0e, 0x8f, 0x28, 0x1f, 0x96, 0xb9, 0xa3, 0xff },
    { 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0e, 0x00, 0xff },
    { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3a, 0x3b, 0x3c,
      0x3d, 0x3e, 0x3f, 0x0c, 0x00, 0x0f, 0x08, 0x00 },
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

static const VgaMode mode_13h = {
    0x63,
    { 0x03, 0x01, 0x0f, 0x00, 0x0e },
    { 0x5f, 0x4f, 0x50, 0x82, 0x54, 0x80, 0xbf, 0x1f, 0x00, 0x41, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x9c, 0x0e, 0x8f, 0x28, 0x40, 0x96, 0xb9, 0xa3, 0xff },
    { 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x05, 0x0f, 0xff },
    { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c,
      0x0d, 0x0e, 0x0f, 0x41, 0x00, 0x0f, 0x00, 0x00 },
};

static void set_mode(const VgaMode *m)
{
    vga_ioport_write(vga, 0x3c2, m->misc);
    for (int i = 0; i < 5; i++) {
        vga_ioport_write(vga, 0x3c4, i);
        vga_ioport_write(vga, 0x3c5, m->seq[i]);
    }
    for (int i = 0; i < 25; i++) {
        vga_ioport_write(vga, 0x3d4, i);
        vga_ioport_write(vga, 0x3d5, m->crtc[i]);
    }
    for (int i = 0; i < 9; i++) {
        vga_ioport_write(vga, 0x3ce, i);
        vga_ioport_write(vga, 0x3cf, m->gc[i]);
    }
    (void)vga_ioport_read(vga, 0x3da);
    for (int i = 0; i < 21; i++) {
        vga_ioport_write(vga, 0x3c0, i);
        vga_ioport_write(vga, 0x3c0, m->ar[i]);
    }
    vga_ioport_write(vga, 0x3c0, 0x20);
    /* a grey ramp in the DAC */
    vga_ioport_write(vga, 0x3c8, 0);
    for (int i = 0; i < 256 * 3; i++) {
        vga_ioport_write(vga, 0x3c9, (i / 3) & 63);
    }
}

static void set_vbe(int xres, int yres, int bpp)
{
    vga_vbe_write(vga, VBE_DISPI_INDEX_ENABLE, 0);
    vga_vbe_write(vga, VBE_DISPI_INDEX_BPP, bpp);
    vga_vbe_write(vga, VBE_DISPI_INDEX_XRES, xres);
    vga_vbe_write(vga, VBE_DISPI_INDEX_YRES, yres);
    vga_vbe_write(vga, VBE_DISPI_INDEX_ENABLE, VBE_DISPI_ENABLED | VBE_DISPI_LFB_ENABLED);
    (void)vga_ioport_read(vga, 0x3da);
    vga_ioport_write(vga, 0x3c0, 0x20);
}

/* ---- tests ---- */

static void test_vbe_dirty_lines(void)
{
    uint32_t red = 0xff0000, line = 640 * 4;

    fresh_vga();
    set_vbe(640, 480, 32);
    redraw();
    CHECK(surface.width == 640 && surface.height == 480);
    CHECK(damage.calls && damage.y0 == 0 && damage.y1 == 480);
    redraw();
    CHECK_EQ(damage.calls, 0);
    /* one pixel on line 100: only the lines sharing its 4 KiB page */
    address_space_write(&mem_as, LFB_BASE + 100 * line + 7 * 4, &red, 4);
    redraw();
    CHECK(damage.calls);
    CHECK(damage.y0 <= 100 && damage.y1 > 100);
    CHECK(damage.y0 >= (100 * line & ~4095u) / line && damage.y1 - damage.y0 <= 3);
    CHECK_EQ(pixel(7, 100), red);
    redraw();
    CHECK_EQ(damage.calls, 0);
}

static void test_chain4_window_dirty(void)
{
    uint8_t c = 200;

    fresh_vga();
    set_mode(&mode_13h);
    redraw();
    CHECK(surface.width == 640 && surface.height == 400);
    redraw();
    CHECK_EQ(damage.calls, 0);
    /* pixel (10, 50): scan lines 100 and 101; its page holds rows 38-51 */
    address_space_write(&mem_as, 0xa0000 + 50 * 320 + 10, &c, 1);
    redraw();
    CHECK(damage.calls && damage.y0 <= 100 && damage.y1 >= 102);
    CHECK(damage.y0 >= 76 && damage.y1 <= 104);
    CHECK_EQ(pixel(20, 100), vga_dac_rgb(vga, 200));
    CHECK_EQ(pixel(21, 101), vga_dac_rgb(vga, 200));
}

static void test_planar_window_dirty(void)
{
    uint8_t ones = 0xff;

    fresh_vga();
    set_mode(&mode_12h);
    redraw();
    CHECK(surface.width == 640 && surface.height == 480);
    redraw();
    CHECK_EQ(damage.calls, 0);
    /* 8 pixels of colour 15 on line 200, written through the planar ALU */
    address_space_write(&mem_as, 0xa0000 + 200 * 80 + 3, &ones, 1);
    redraw();
    CHECK(damage.calls && damage.y0 <= 200 && damage.y1 > 200);
    CHECK(damage.y1 - damage.y0 <= 13);
    CHECK_EQ(pixel(24, 200), vga_attr_rgb(vga, 15));
    CHECK_EQ(pixel(23, 200), vga_attr_rgb(vga, 0));
}

static void test_text_cells_and_cursor(void)
{
    uint8_t cell[2] = { 'A', 0x1f }, under_cursor[2] = { ' ', 0x07 };

    fresh_vga();
    set_mode(&mode_03h);
    address_space_write(&mem_as, 0xb8000 + 80 * 2, under_cursor, 2);
    clock_ns = 0;
    redraw();
    CHECK(surface.width == 720 && surface.height == 400);
    redraw();
    CHECK_EQ(damage.calls, 0);
    /* a character on row 10: that row only */
    address_space_write(&mem_as, 0xb8000 + (10 * 80 + 5) * 2, cell, 2);
    redraw();
    CHECK(damage.calls && damage.y0 == 160 && damage.y1 == 176);
    /* the attribute's background, blue, around the glyph */
    CHECK_EQ(pixel(5 * 9, 160), vga_attr_rgb(vga, 1));
    /* the cursor (row 1, CR0E/CR0F = 80) blinks: its row only */
    clock_ns = 300 * 1000000ll;
    redraw();
    CHECK(damage.calls && damage.y0 == 16 && damage.y1 == 32);
    CHECK_EQ(pixel(0, 16 + 13), vga_attr_rgb(vga, 7));
    clock_ns = 600 * 1000000ll;
    redraw();
    CHECK(damage.calls && damage.y0 == 16 && damage.y1 == 32);
    CHECK_EQ(pixel(0, 16 + 13), vga_attr_rgb(vga, 0));
    /* the cursor moving redraws the old and the new cell's rows */
    vga_ioport_write(vga, 0x3d4, CR_CURSOR_LO);
    vga_ioport_write(vga, 0x3d5, (80 * 20) & 0xff);
    vga_ioport_write(vga, 0x3d4, CR_CURSOR_HI);
    vga_ioport_write(vga, 0x3d5, (80 * 20) >> 8);
    redraw();
    CHECK(damage.calls && damage.y0 == 16 && damage.y1 == 21 * 16);
}

/* seeded random registers and memory: no read outside what exists */
static uint32_t rng = 2463534242u;

static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

static void test_random_registers(void)
{
    fresh_vga();
    for (int round = 0; round < 120; round++) {
        for (int i = 0; i < 24; i++) {
            uint16_t port = 0x3b0 + rnd() % 0x30;
            vga_ioport_write(vga, port, rnd());
        }
        for (int i = 0; i < 3; i++) {
            vga_vbe_write(vga, rnd() % 12, rnd());
        }
        for (int i = 0; i < 32; i++) {
            uint8_t b = rnd();
            address_space_write(&mem_as, 0xa0000 + rnd() % 0x20000, &b, 1);
            vga->vram_ptr[rnd() % VGA_VRAM_SIZE] = rnd();
        }
        if (round % 4 == 0) {
            /* the display enabled, so that something is drawn */
            (void)vga_ioport_read(vga, 0x3da);
            vga_ioport_write(vga, 0x3c0, 0x20);
        }
        clock_ns += 100 * 1000000ll;
        redraw();
        CHECK(surface.width >= 1 && surface.height >= 1);
    }
}

/* regions live as long as the machine: nothing to free, nothing leaked */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "detect_leaks=0";
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    run_test("vga/vbe-dirty-lines", test_vbe_dirty_lines);
    run_test("vga/chain4-window-dirty", test_chain4_window_dirty);
    run_test("vga/planar-window-dirty", test_planar_window_dirty);
    run_test("vga/text-cells-and-cursor", test_text_cells_and_cursor);
    run_test("vga/random-registers", test_random_registers);
    return failures ? 1 : 0;
}
