/*
 * VGA text modes: characters and attributes from planes 0 and 1, glyphs
 * from the character maps in plane 2 (as the VGA BIOS or the guest loaded
 * them), 8- or 9-dot cells (the ninth column repeating line-drawing
 * characters), double-width cells at half dot clock, the attribute
 * controller's blink bit and the cursor shape from CR0A/CR0B, blinking.
 * Only cells that changed since the last update are redrawn.
 */
#include "qemu/osdep.h"
#include "qemu/timer.h"
#include "hw/display/vga-internal.h"

/* the cursor blinks every 16 frames and blinking text every 32, at 60 Hz */
#define CURSOR_BLINK_MS     267
#define TEXT_BLINK_MS       533
#define GLYPH_BYTES         32          /* a glyph's rows in a character map */
#define CHAR_MAP_SIZE       (256 * GLYPH_BYTES)

/* where character map n (0-7, from SR03) starts in plane 2 */
static uint32_t char_map_offset(unsigned n)
{
    return (n & 3) * 0x4000 + (n >> 2) * 0x2000;
}

static void read_char_map(VGAState *s, unsigned map, uint8_t *out)
{
    uint32_t base = char_map_offset(map);

    for (uint32_t i = 0; i < CHAR_MAP_SIZE; i++) {
        out[i] = s->vram_ptr[(((base + i) << 2) | 2) & VGA_PLANES_MASK];
    }
}

static void text_shadow_resize(VGAState *s, int cols, int rows)
{
    VGATextShadow *t = &s->text;

    free(t->cells);
    t->cells = qemu_malloc((size_t)cols * rows * sizeof(*t->cells));
    t->cols = cols;
    t->rows = rows;
    t->cursor_cell = -1;
}

typedef struct TextGeometry {
    int cols, rows, cwidth, cheight;
    bool dot_double;            /* 40-column modes: each dot twice */
    uint32_t start, stride;     /* in cells (plane offsets) */
} TextGeometry;

static void draw_cell(VGAState *s, const TextGeometry *g, int col, int row,
                      uint8_t ch, uint8_t attr, bool cursor, bool blink_on,
                      const uint32_t *pal16)
{
    const uint8_t *glyph = s->text.font[(attr & 8) ? 0 : 1] + ch * GLYPH_BYTES;
    unsigned fg = attr & 0xf, bg = attr >> 4;
    int dots = g->cwidth / (g->dot_double ? 2 : 1);
    bool ninth_repeats = (s->ar[AR_MODE] & AR10_LINE_GRAPHICS) && ch >= 0xc0 && ch <= 0xdf;
    int cstart = s->cr[CR_CURSOR_START] & 0x1f, cend = s->cr[CR_CURSOR_END] & 0x1f;

    if (s->ar[AR_MODE] & AR10_BLINK) {
        bg &= 7;
        if ((attr & 0x80) && !blink_on) {
            fg = bg;
        }
    }
    for (int y = 0; y < g->cheight; y++) {
        uint32_t *dst = (uint32_t *)((uint8_t *)qemu_console_surface(s->con)->data +
                                     (size_t)(row * g->cheight + y) *
                                     qemu_console_surface(s->con)->stride) + col * g->cwidth;
        unsigned bits = glyph[y & (GLYPH_BYTES - 1)];

        if (cursor && y >= cstart && y <= cend) {
            bits = 0x1ff;
        } else {
            bits = (bits << 1) | (ninth_repeats ? bits & 1 : 0);
        }
        /* bit 8 is the first dot, bit 0 the ninth */
        for (int x = 0; x < dots; x++) {
            uint32_t rgb = pal16[(bits >> (8 - x)) & 1 ? fg : bg];
            *dst++ = rgb;
            if (g->dot_double) {
                *dst++ = rgb;
            }
        }
    }
}

void vga_draw_text(VGAState *s, bool full)
{
    VGATextShadow *t = &s->text;
    TextGeometry g;
    uint32_t pal16[16];
    uint8_t sr3 = s->sr[SR_CHAR_MAP];
    unsigned map_a = ((sr3 >> 3) & 4) | ((sr3 >> 2) & 3), map_b = ((sr3 >> 2) & 4) | (sr3 & 3);
    uint8_t font[2][CHAR_MAP_SIZE];
    int64_t now = qemu_clock_get_ms(QEMU_CLOCK_REALTIME);
    bool cursor_on = (now / CURSOR_BLINK_MS) & 1, blink_on = (now / TEXT_BLINK_MS) & 1;
    int lines, cursor_cell = -1, first = -1, last = -1;
    uint32_t cursor_addr, rel;

    g.cols = s->cr[CR_H_DISPLAY_END] + 1;
    g.cheight = (s->cr[CR_MAX_SCAN] & 0x1f) + 1;
    g.dot_double = s->sr[SR_CLOCKING] & SR01_DOT_CLOCK_DIV2;
    g.cwidth = ((s->sr[SR_CLOCKING] & SR01_8DOT) ? 8 : 9) * (g.dot_double ? 2 : 1);
    lines = (s->cr[CR_V_DISPLAY_END] | (s->cr[CR_OVERFLOW] & 0x02) << 7 |
             (s->cr[CR_OVERFLOW] & 0x40) << 3) + 1;
    g.rows = lines / g.cheight;
    g.start = s->cr[CR_START_HI] << 8 | s->cr[CR_START_LO];
    g.stride = s->cr[CR_OFFSET] * 2;
    if (g.rows < 1) {
        g.rows = 1;
    }

    if (s->drawn.width != g.cols * g.cwidth || s->drawn.height != g.rows * g.cheight ||
        t->cols != g.cols || t->rows != g.rows || !t->cells) {
        qemu_console_resize(s->con, g.cols * g.cwidth, g.rows * g.cheight);
        s->drawn.width = g.cols * g.cwidth;
        s->drawn.height = g.rows * g.cheight;
        text_shadow_resize(s, g.cols, g.rows);
        full = true;
    }
    /* new glyphs redraw everything */
    read_char_map(s, map_a, font[0]);
    read_char_map(s, map_b, font[1]);
    if (memcmp(font, t->font, sizeof(font))) {
        memcpy(t->font, font, sizeof(font));
        full = true;
    }
    for (int i = 0; i < 16; i++) {
        pal16[i] = vga_attr_rgb(s, i);
    }

    /* the cursor, if enabled, shaped and on a visible cell */
    cursor_addr = s->cr[CR_CURSOR_HI] << 8 | s->cr[CR_CURSOR_LO];
    rel = (cursor_addr - g.start) & 0xffff;
    if (!(s->cr[CR_CURSOR_START] & 0x20) &&
        (s->cr[CR_CURSOR_START] & 0x1f) <= (s->cr[CR_CURSOR_END] & 0x1f) &&
        (s->cr[CR_CURSOR_START] & 0x1f) < g.cheight && g.stride) {
        uint32_t r = rel / g.stride, c = rel % g.stride;
        if (r < (uint32_t)g.rows && c < (uint32_t)g.cols) {
            cursor_cell = r * g.cols + c;
        }
    }

    for (int row = 0; row < g.rows; row++) {
        for (int col = 0; col < g.cols; col++) {
            uint32_t off = ((g.start + row * g.stride + col) << 2) & VGA_PLANES_MASK;
            uint8_t ch = s->vram_ptr[off], attr = s->vram_ptr[off + 1];
            int cell = row * g.cols + col;
            uint16_t v = ch | attr << 8;
            bool is_cursor = cell == cursor_cell;
            bool blinks = (s->ar[AR_MODE] & AR10_BLINK) && (attr & 0x80);

            if (!full && t->cells[cell] == v &&
                !(blinks && blink_on != t->blink_on) &&
                !((is_cursor || cell == t->cursor_cell) &&
                  (cursor_cell != t->cursor_cell || cursor_on != t->cursor_on))) {
                continue;
            }
            t->cells[cell] = v;
            draw_cell(s, &g, col, row, ch, attr, is_cursor && cursor_on, blink_on, pal16);
            if (first < 0) {
                first = row;
            }
            last = row;
        }
    }
    t->cursor_cell = cursor_cell;
    t->cursor_on = cursor_on;
    t->blink_on = blink_on;
    if (first >= 0) {
        dpy_gfx_update(s->con, 0, first * g.cheight, g.cols * g.cwidth,
                       (last - first + 1) * g.cheight);
    }
}
