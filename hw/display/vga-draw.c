/*
 * Drawing the VGA's picture into the console surface: which mode the
 * registers describe (blank, text, planar/CGA/256-colour graphics, Bochs
 * VBE), the graphics renderers, and the console hooks. Only lines whose
 * video memory was written since the last update are redrawn, unless a
 * register or palette change makes everything stale. Every address is
 * wrapped or bounded within video memory, whatever the registers say.
 */
#include "qemu/osdep.h"
#include "hw/display/vga-internal.h"

enum {
    VGA_MODE_BLANK,
    VGA_MODE_TEXT,
    VGA_MODE_GRAPHIC,
    VGA_MODE_VBE,
};

/* graphics controller shift register modes (GR05 bits 5-6) */
enum { SHIFT_PLANAR = 0, SHIFT_CGA = 1 };

uint32_t vga_dac_rgb(VGAState *s, unsigned index)
{
    const uint8_t *p = &s->palette[(index & 0xff) * 3];

    if (s->vbe_regs[VBE_DISPI_INDEX_ENABLE] & VBE_DISPI_8BIT_DAC) {
        return p[0] << 16 | p[1] << 8 | p[2];
    }
    /* 6-bit DAC values to 8 bits, full scale at 63 */
    return ((p[0] << 2) | (p[0] >> 4)) << 16 | ((p[1] << 2) | (p[1] >> 4)) << 8 |
           ((p[2] << 2) | (p[2] >> 4));
}

uint32_t vga_attr_rgb(VGAState *s, unsigned colour)
{
    uint8_t v = s->ar[colour & s->ar[AR_PLANE_ENABLE] & 0xf];

    /* bits 4-5 from the palette register or the colour select register, 6-7 from the latter */
    if (s->ar[AR_MODE] & AR10_P54_SELECT) {
        v = (v & 0x0f) | ((s->ar[AR_COLOR_SELECT] & 3) << 4);
    } else {
        v &= 0x3f;
    }
    v |= (s->ar[AR_COLOR_SELECT] & 0x0c) << 4;
    return vga_dac_rgb(s, v & s->pel_mask);
}

static int current_mode(VGAState *s)
{
    if (!(s->ar_index & AR_INDEX_PALETTE_SOURCE)) {
        return VGA_MODE_BLANK;
    }
    if (vga_vbe_enabled(s)) {
        return VGA_MODE_VBE;
    }
    if (s->sr[SR_CLOCKING] & SR01_SCREEN_OFF) {
        return VGA_MODE_BLANK;
    }
    return (s->gr[GR_MISC] & GR06_GRAPHICS) ? VGA_MODE_GRAPHIC : VGA_MODE_TEXT;
}

/*
 * Did anything that changes every pixel change since the last update?
 * Only what the picture depends on counts: a program drawing in planar
 * mode changes the write mode, bit mask and map mask all the time.
 */
static bool drawn_state_changed(VGAState *s, int mode)
{
    struct VGADrawnState *d = &s->drawn;
    uint8_t cr[VGA_CR_COUNT], sr[VGA_SR_COUNT] = { 0 }, gr[VGA_GR_COUNT] = { 0 };
    bool changed;

    /* the cursor moving redraws two cells, not the screen */
    memcpy(cr, s->cr, sizeof(cr));
    cr[CR_CURSOR_HI] = cr[CR_CURSOR_LO] = 0;
    sr[SR_CLOCKING] = s->sr[SR_CLOCKING];
    sr[SR_CHAR_MAP] = s->sr[SR_CHAR_MAP];
    gr[GR_MODE] = s->gr[GR_MODE] & 0x60;        /* the shift register mode */
    gr[GR_MISC] = s->gr[GR_MISC] & GR06_GRAPHICS;
    changed = d->mode != mode || memcmp(d->sr, sr, sizeof(sr)) ||
              memcmp(d->gr, gr, sizeof(gr)) || memcmp(d->ar, s->ar, sizeof(d->ar)) ||
              memcmp(d->cr, cr, sizeof(cr)) || d->pel_mask != s->pel_mask ||
              memcmp(d->palette, s->palette, sizeof(d->palette)) ||
              memcmp(d->vbe_regs, s->vbe_regs, sizeof(d->vbe_regs)) ||
              d->fb_big_endian != s->fb_big_endian;
    if (changed) {
        d->mode = mode;
        memcpy(d->sr, sr, sizeof(sr));
        memcpy(d->gr, gr, sizeof(gr));
        memcpy(d->ar, s->ar, sizeof(d->ar));
        memcpy(d->cr, cr, sizeof(cr));
        d->pel_mask = s->pel_mask;
        memcpy(d->palette, s->palette, sizeof(d->palette));
        memcpy(d->vbe_regs, s->vbe_regs, sizeof(d->vbe_regs));
        d->fb_big_endian = s->fb_big_endian;
    }
    return changed;
}

/* the console surface at this size; true if it had to be made anew */
static bool ensure_surface(VGAState *s, int width, int height)
{
    DisplaySurface *surf = qemu_console_surface(s->con);

    if (s->drawn.width == width && s->drawn.height == height &&
        surf->width == width && surf->height == height) {
        return false;
    }
    qemu_console_resize(s->con, width, height);
    s->drawn.width = width;
    s->drawn.height = height;
    return true;
}

static uint32_t *surface_row(VGAState *s, int y)
{
    DisplaySurface *surf = qemu_console_surface(s->con);
    return (uint32_t *)((uint8_t *)surf->data + (size_t)y * surf->stride);
}

/* ---- VGA graphics modes ---- */

typedef struct LegacyGeometry {
    int shift;                  /* SHIFT_PLANAR, SHIFT_CGA or 256-colour */
    bool dot_double;            /* each pixel two dots wide */
    int width, height;          /* of the surface */
    int fetch_groups;           /* 4-byte vram groups per line */
    uint32_t start, line_offset;
    int scans_per_row, line_compare;
    bool double_scan;
} LegacyGeometry;

static int vertical_display_end(VGAState *s)
{
    return s->cr[CR_V_DISPLAY_END] | (s->cr[CR_OVERFLOW] & 0x02) << 7 |
           (s->cr[CR_OVERFLOW] & 0x40) << 3;
}

static void legacy_geometry(VGAState *s, LegacyGeometry *g)
{
    int dots = (s->cr[CR_H_DISPLAY_END] + 1) * 8;

    g->shift = (s->gr[GR_MODE] >> 5) & 3;
    /* 8 pixels from each 4-byte group, or 4 at 256 colours (two dots each) */
    g->fetch_groups = dots / 8;
    if (g->shift == SHIFT_PLANAR || g->shift == SHIFT_CGA) {
        g->dot_double = s->sr[SR_CLOCKING] & SR01_DOT_CLOCK_DIV2;
        g->width = g->dot_double ? dots * 2 : dots;
    } else {
        g->dot_double = true;
        g->width = dots;
    }
    g->height = vertical_display_end(s) + 1;
    g->start = (s->cr[CR_START_HI] << 8 | s->cr[CR_START_LO]) * 4;
    g->line_offset = s->cr[CR_OFFSET] * 8;
    g->scans_per_row = (s->cr[CR_MAX_SCAN] & 0x1f) + 1;
    g->double_scan = s->cr[CR_MAX_SCAN] & 0x80;
    g->line_compare = s->cr[CR_LINE_COMPARE] | (s->cr[CR_OVERFLOW] & 0x10) << 4 |
                      (s->cr[CR_MAX_SCAN] & 0x40) << 3;
}

/* the vram address of scan line y (wrapped within the planes) */
static uint32_t legacy_line_address(VGAState *s, const LegacyGeometry *g, int y)
{
    bool after_split = y > g->line_compare;
    int scan = (after_split ? y - g->line_compare - 1 : y) >> g->double_scan;
    int row = scan / g->scans_per_row, row_scan = scan % g->scans_per_row;
    uint32_t addr = (after_split ? 0 : g->start) + row * g->line_offset;
    int byte_mode = (s->cr[CR_MODE] >> 6) & 1;

    /* CGA/Hercules interleave: row scan bits replace address bits 13 and 14 */
    if (!(s->cr[CR_MODE] & 1)) {
        int bit = 14 + byte_mode;
        addr = (addr & ~(1u << bit)) | ((row_scan & 1u) << bit);
    }
    if (!(s->cr[CR_MODE] & 2)) {
        int bit = 15 + byte_mode;
        addr = (addr & ~(1u << bit)) | (((row_scan >> 1) & 1u) << bit);
    }
    return addr & VGA_PLANES_MASK;
}

static void draw_planar_line(VGAState *s, const LegacyGeometry *g, uint32_t addr,
                             const uint32_t *pal16, uint32_t *dst)
{
    int rep = g->dot_double ? 2 : 1;

    for (int i = 0; i < g->fetch_groups; i++) {
        const uint8_t *p = s->vram_ptr + ((addr + i * 4) & VGA_PLANES_MASK);
        for (int bit = 7; bit >= 0; bit--) {
            unsigned c = ((p[0] >> bit) & 1) | ((p[1] >> bit) & 1) << 1 |
                         ((p[2] >> bit) & 1) << 2 | ((p[3] >> bit) & 1) << 3;
            for (int r = 0; r < rep; r++) {
                *dst++ = pal16[c];
            }
        }
    }
}

static void draw_cga_line(VGAState *s, const LegacyGeometry *g, uint32_t addr,
                          const uint32_t *pal16, uint32_t *dst)
{
    int rep = g->dot_double ? 2 : 1;

    /* even bytes (plane 0) hold pixels 0-3, odd ones (plane 1) pixels 4-7 */
    for (int i = 0; i < g->fetch_groups; i++) {
        const uint8_t *p = s->vram_ptr + ((addr + i * 4) & VGA_PLANES_MASK);
        for (int half = 0; half < 2; half++) {
            for (int shift = 6; shift >= 0; shift -= 2) {
                uint32_t rgb = pal16[(p[half] >> shift) & 3];
                for (int r = 0; r < rep; r++) {
                    *dst++ = rgb;
                }
            }
        }
    }
}

static void draw_256_line(VGAState *s, const LegacyGeometry *g, uint32_t addr,
                          const uint32_t *pal256, uint32_t *dst)
{
    int pixels = g->fetch_groups * 4;

    for (int i = 0; i < pixels; i++) {
        uint32_t rgb = pal256[s->vram_ptr[(addr + i) & VGA_PLANES_MASK]];
        *dst++ = rgb;
        *dst++ = rgb;
    }
}

static void draw_legacy_graphic(VGAState *s, bool full)
{
    LegacyGeometry g;
    uint32_t pal[256];
    int first = -1, last = -1;
    uint32_t line_bytes;

    legacy_geometry(s, &g);
    if (g.width < 1 || g.height < 1) {
        return;
    }
    full |= ensure_surface(s, g.width, g.height);
    if (g.shift == SHIFT_PLANAR || g.shift == SHIFT_CGA) {
        for (int i = 0; i < 16; i++) {
            pal[i] = vga_attr_rgb(s, i);
        }
    } else {
        for (int i = 0; i < 256; i++) {
            pal[i] = vga_dac_rgb(s, i & s->pel_mask);
        }
    }
    line_bytes = g.fetch_groups * 4;
    for (int y = 0; y < g.height; y++) {
        uint32_t addr = legacy_line_address(s, &g, y);
        bool wraps = addr + line_bytes > VGA_PLANES_SIZE;

        if (!full && !wraps && !vga_vram_dirty(s, addr, line_bytes)) {
            continue;
        }
        if (g.shift == SHIFT_PLANAR) {
            draw_planar_line(s, &g, addr, pal, surface_row(s, y));
        } else if (g.shift == SHIFT_CGA) {
            draw_cga_line(s, &g, addr, pal, surface_row(s, y));
        } else {
            draw_256_line(s, &g, addr, pal, surface_row(s, y));
        }
        if (first < 0) {
            first = y;
        }
        last = y;
    }
    vga_vram_reset_dirty(s, 0, VGA_PLANES_SIZE);
    if (first >= 0) {
        dpy_gfx_update(s->con, 0, first, g.width, last - first + 1);
    }
}

/* ---- Bochs VBE modes ---- */

static inline uint32_t load16(const uint8_t *p, bool big)
{
    return big ? (uint32_t)(p[0] << 8 | p[1]) : (uint32_t)(p[0] | p[1] << 8);
}

static void draw_vbe_line(VGAState *s, const VBEGeometry *g, const uint8_t *src,
                          const uint32_t *pal256, uint32_t *dst)
{
    bool big = s->fb_big_endian;

    switch (g->bpp) {
    case 8:
        for (int x = 0; x < g->width; x++) {
            dst[x] = pal256[src[x]];
        }
        break;
    case 15:
        for (int x = 0; x < g->width; x++) {
            uint32_t v = load16(src + x * 2, big);
            uint32_t r = (v >> 10) & 0x1f, gr = (v >> 5) & 0x1f, b = v & 0x1f;
            dst[x] = (r << 3 | r >> 2) << 16 | (gr << 3 | gr >> 2) << 8 | (b << 3 | b >> 2);
        }
        break;
    case 16:
        for (int x = 0; x < g->width; x++) {
            uint32_t v = load16(src + x * 2, big);
            uint32_t r = (v >> 11) & 0x1f, gr = (v >> 5) & 0x3f, b = v & 0x1f;
            dst[x] = (r << 3 | r >> 2) << 16 | (gr << 2 | gr >> 4) << 8 | (b << 3 | b >> 2);
        }
        break;
    case 24:
        for (int x = 0; x < g->width; x++) {
            const uint8_t *p = src + x * 3;
            dst[x] = big ? (uint32_t)(p[0] << 16 | p[1] << 8 | p[2])
                         : (uint32_t)(p[2] << 16 | p[1] << 8 | p[0]);
        }
        break;
    default:
        if (!big) {
            /* 0x00RRGGBB little-endian: the surface's own format */
            memcpy(dst, src, (size_t)g->width * 4);
            break;
        }
        for (int x = 0; x < g->width; x++) {
            const uint8_t *p = src + x * 4;
            dst[x] = p[1] << 16 | p[2] << 8 | p[3];
        }
        break;
    }
}

static void draw_vbe(VGAState *s, bool full)
{
    VBEGeometry g;
    uint32_t pal[256];
    uint32_t bytes;
    int first = -1, last = -1, lines;

    vga_vbe_geometry(s, &g);
    full |= ensure_surface(s, g.width, g.height);
    if (g.bpp == 8) {
        for (int i = 0; i < 256; i++) {
            pal[i] = vga_dac_rgb(s, i & s->pel_mask);
        }
    }
    bytes = g.width * ((g.bpp + 7) / 8);
    /* the registers are clamped, but never trust that for a host memory read */
    lines = 0;
    while (lines < g.height &&
           (uint64_t)g.start + (uint64_t)lines * g.line_length + bytes <= VGA_VRAM_SIZE) {
        lines++;
    }
    for (int y = 0; y < g.height; y++) {
        uint32_t addr = g.start + y * g.line_length;
        if (y >= lines) {
            if (full) {
                memset(surface_row(s, y), 0, (size_t)g.width * 4);
            }
            continue;
        }
        if (!full && !vga_vram_dirty(s, addr, bytes)) {
            continue;
        }
        draw_vbe_line(s, &g, s->vram_ptr + addr, pal, surface_row(s, y));
        if (first < 0) {
            first = y;
        }
        last = y;
    }
    if (lines) {
        vga_vram_reset_dirty(s, g.start, (lines - 1) * g.line_length + bytes);
    }
    if (full) {
        first = 0;
        last = g.height - 1;
    }
    if (first >= 0) {
        dpy_gfx_update(s->con, 0, first, g.width, last - first + 1);
    }
}

/* ---- the console hooks ---- */

static void draw_blank(VGAState *s, bool full)
{
    DisplaySurface *surf;

    /* keep the size the guest last showed, black */
    if (s->drawn.width <= 0 || s->drawn.height <= 0) {
        ensure_surface(s, 640, 480);
        full = true;
    }
    if (!full) {
        return;
    }
    surf = qemu_console_surface(s->con);
    for (int y = 0; y < surf->height; y++) {
        memset(surface_row(s, y), 0, (size_t)surf->width * 4);
    }
    dpy_gfx_update(s->con, 0, 0, surf->width, surf->height);
}

static void vga_gfx_update(void *opaque)
{
    VGAState *s = opaque;
    int mode = current_mode(s);
    bool full = drawn_state_changed(s, mode) | s->full_update;

    s->full_update = false;
    switch (mode) {
    case VGA_MODE_TEXT:
        vga_draw_text(s, full);
        break;
    case VGA_MODE_GRAPHIC:
        draw_legacy_graphic(s, full);
        break;
    case VGA_MODE_VBE:
        draw_vbe(s, full);
        break;
    default:
        draw_blank(s, full);
        break;
    }
}

static void vga_invalidate(void *opaque)
{
    VGAState *s = opaque;
    s->full_update = true;
}

static const GraphicHwOps vga_console_ops = {
    .gfx_update = vga_gfx_update,
    .invalidate = vga_invalidate,
};

void vga_display_init(VGAState *s)
{
    s->drawn.mode = -1;
    s->full_update = true;
    s->con = graphic_console_init("VGA", &vga_console_ops, s);
}
