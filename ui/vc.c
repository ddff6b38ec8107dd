/*
 * The `vc` character device (include/ui/text-console.h): a VT100-style
 * terminal drawn into a text console of its own. What the frontend (the
 * monitor, a serial port) writes is interpreted (printable text, CR, LF,
 * BS, TAB, and the ESC [ sequences a shell and the monitor use: cursor
 * moves, erasing, colours, the cursor position report); keys typed while
 * the console is shown come back as input through a pipe the main loop
 * watches, like any other backend's.
 *
 * Only changed cells are drawn, on the display refresh; a console nobody
 * shows costs nothing but the bookkeeping of writes.
 */
#include "qemu/osdep.h"
#include "qemu/errp.h"
#include "qemu/option.h"
#include "ui/input.h"
#include "ui/text-console.h"
#include <fcntl.h>
#include <unistd.h>

#define DEFAULT_COLS 80
#define DEFAULT_ROWS 30         /* 640x480, as QEMU's text consoles */
#define MAX_COLS 256
#define MAX_ROWS 128
#define MAX_PARAMS 8
#define DEFAULT_FG 7
#define DEFAULT_BG 0

/* the 16 colours: 8 normal, then 8 bright (bold) */
static const uint32_t palette[16] = {
    0x000000, 0xaa0000, 0x00aa00, 0xaa5500, 0x0000aa, 0xaa00aa, 0x00aaaa, 0xaaaaaa,
    0x555555, 0xff5555, 0x55ff55, 0xffff55, 0x5555ff, 0xff55ff, 0x55ffff, 0xffffff,
};

typedef struct VcCell {
    uint8_t ch, fg, bg;
} VcCell;

typedef enum VcParseState { VC_NORMAL, VC_ESC, VC_CSI } VcParseState;

typedef struct VcState {
    Chardev *chr;
    QemuConsole *con;
    int cols, rows;
    VcCell *cells;              /* rows * cols */
    int *dirty_lo, *dirty_hi;   /* per row: changed columns lo..hi-1 (lo >= hi: none) */
    int x, y;                   /* the cursor; x == cols: wraps at the next character */
    int saved_x, saved_y;
    int drawn_cursor_x, drawn_cursor_y;
    bool cursor_visible;
    uint8_t fg, bg;
    bool bold, reverse;
    VcParseState state;
    int params[MAX_PARAMS], nb_params;
    bool private_mode;          /* ESC [ ? ... */
    int input_pipe[2];          /* keys typed: written here, read by the chardev */
    struct VcState *next;
} VcState;

static VcState *all_vcs;

static VcCell *cell(VcState *vc, int x, int y)
{
    return &vc->cells[y * vc->cols + x];
}

static void mark_dirty(VcState *vc, int y, int x0, int x1)
{
    if (y < 0 || y >= vc->rows) {
        return;
    }
    x0 = MAX(x0, 0);
    x1 = MIN(x1, vc->cols);
    if (vc->dirty_lo[y] >= vc->dirty_hi[y]) {
        vc->dirty_lo[y] = x0;
        vc->dirty_hi[y] = x1;
    } else {
        vc->dirty_lo[y] = MIN(vc->dirty_lo[y], x0);
        vc->dirty_hi[y] = MAX(vc->dirty_hi[y], x1);
    }
}

static void mark_all_dirty(VcState *vc)
{
    for (int y = 0; y < vc->rows; y++) {
        mark_dirty(vc, y, 0, vc->cols);
    }
}

/* ---- drawing ---- */

static void draw_cell(VcState *vc, DisplaySurface *s, int cx, int cy, bool cursor)
{
    const VcCell *c = cell(vc, cx, cy);
    uint32_t fg = palette[c->fg & 15], bg = palette[c->bg & 15];

    if (cursor) {
        uint32_t t = fg;
        fg = bg;
        bg = t;
    }
    for (int row = 0; row < VC_CELL_HEIGHT; row++) {
        uint32_t *dst = (uint32_t *)((uint8_t *)s->data +
                                     (size_t)(cy * VC_CELL_HEIGHT + row) * s->stride) +
                        cx * VC_CELL_WIDTH;
        uint8_t bits = vc_font_row(c->ch, row);
        for (int i = 0; i < VC_CELL_WIDTH; i++) {
            dst[i] = bits & (0x80 >> i) ? fg : bg;
        }
    }
}

static void vc_gfx_update(void *opaque)
{
    VcState *vc = opaque;
    DisplaySurface *s = qemu_console_surface(vc->con);
    int cursor_x = MIN(vc->x, vc->cols - 1);

    if (s->width < vc->cols * VC_CELL_WIDTH || s->height < vc->rows * VC_CELL_HEIGHT) {
        return;     /* not our surface (cannot happen: we made it) */
    }
    /* the cursor moved: both places change */
    if (cursor_x != vc->drawn_cursor_x || vc->y != vc->drawn_cursor_y) {
        mark_dirty(vc, vc->drawn_cursor_y, vc->drawn_cursor_x, vc->drawn_cursor_x + 1);
        mark_dirty(vc, vc->y, cursor_x, cursor_x + 1);
        vc->drawn_cursor_x = cursor_x;
        vc->drawn_cursor_y = vc->y;
    }
    for (int y = 0; y < vc->rows; y++) {
        int lo = vc->dirty_lo[y], hi = vc->dirty_hi[y];
        if (lo >= hi) {
            continue;
        }
        for (int x = lo; x < hi; x++) {
            draw_cell(vc, s, x, y, vc->cursor_visible && x == cursor_x && y == vc->y);
        }
        vc->dirty_lo[y] = vc->dirty_hi[y] = 0;
        dpy_gfx_update(vc->con, lo * VC_CELL_WIDTH, y * VC_CELL_HEIGHT,
                       (hi - lo) * VC_CELL_WIDTH, VC_CELL_HEIGHT);
    }
}

static void vc_invalidate(void *opaque)
{
    mark_all_dirty(opaque);
}

static const GraphicHwOps vc_ops = {
    .gfx_update = vc_gfx_update,
    .invalidate = vc_invalidate,
};

/* ---- the terminal ---- */

static void clear_cells(VcState *vc, int y, int x0, int x1)
{
    for (int x = MAX(x0, 0); x < MIN(x1, vc->cols); x++) {
        *cell(vc, x, y) = (VcCell){ ' ', DEFAULT_FG, vc->bg };
    }
    mark_dirty(vc, y, x0, x1);
}

static void scroll_up(VcState *vc)
{
    memmove(vc->cells, vc->cells + vc->cols, sizeof(VcCell) * vc->cols * (vc->rows - 1));
    clear_cells(vc, vc->rows - 1, 0, vc->cols);
    mark_all_dirty(vc);
}

static void scroll_down(VcState *vc)
{
    memmove(vc->cells + vc->cols, vc->cells, sizeof(VcCell) * vc->cols * (vc->rows - 1));
    clear_cells(vc, 0, 0, vc->cols);
    mark_all_dirty(vc);
}

static void line_feed(VcState *vc)
{
    if (vc->y == vc->rows - 1) {
        scroll_up(vc);
    } else {
        vc->y++;
    }
}

static void put_char(VcState *vc, uint8_t ch)
{
    VcCell *c;

    if (vc->x >= vc->cols) {
        vc->x = 0;
        line_feed(vc);
    }
    c = cell(vc, vc->x, vc->y);
    c->ch = ch;
    c->fg = (vc->reverse ? vc->bg : vc->fg) | (vc->bold ? 8 : 0);
    c->bg = vc->reverse ? vc->fg : vc->bg;
    mark_dirty(vc, vc->y, vc->x, vc->x + 1);
    vc->x++;
}

static void reset_attributes(VcState *vc)
{
    vc->fg = DEFAULT_FG;
    vc->bg = DEFAULT_BG;
    vc->bold = vc->reverse = false;
}

static void select_graphic_rendition(VcState *vc)
{
    for (int i = 0; i < MAX(vc->nb_params, 1); i++) {
        int p = vc->params[i];
        if (p == 0) {
            reset_attributes(vc);
        } else if (p == 1) {
            vc->bold = true;
        } else if (p == 22) {
            vc->bold = false;
        } else if (p == 7) {
            vc->reverse = true;
        } else if (p == 27) {
            vc->reverse = false;
        } else if (p >= 30 && p <= 37) {
            vc->fg = p - 30;
        } else if (p == 39) {
            vc->fg = DEFAULT_FG;
        } else if (p >= 40 && p <= 47) {
            vc->bg = p - 40;
        } else if (p == 49) {
            vc->bg = DEFAULT_BG;
        }
    }
}

static void send_input(VcState *vc, const char *bytes, size_t len)
{
    /* a full pipe drops keys: the guest is not reading */
    ssize_t r = write(vc->input_pipe[1], bytes, len);
    (void)r;
}

static int param(VcState *vc, int i, int def)
{
    return i < vc->nb_params && vc->params[i] > 0 ? vc->params[i] : def;
}

static void erase_display(VcState *vc, int how)
{
    int from = how == 0 ? vc->y + 1 : 0, to = how == 1 ? vc->y : vc->rows;

    if (how == 0) {
        clear_cells(vc, vc->y, vc->x, vc->cols);
    } else if (how == 1) {
        clear_cells(vc, vc->y, 0, vc->x + 1);
    }
    for (int y = from; y < to; y++) {
        clear_cells(vc, y, 0, vc->cols);
    }
}

static void csi_dispatch(VcState *vc, uint8_t final)
{
    char reply[32];

    switch (final) {
    case 'A':                                   /* cursor up */
        vc->y = MAX(vc->y - param(vc, 0, 1), 0);
        break;
    case 'B':                                   /* cursor down */
        vc->y = MIN(vc->y + param(vc, 0, 1), vc->rows - 1);
        break;
    case 'C':                                   /* cursor forward */
        vc->x = MIN(vc->x + param(vc, 0, 1), vc->cols - 1);
        break;
    case 'D':                                   /* cursor back */
        vc->x = MAX(MIN(vc->x, vc->cols - 1) - param(vc, 0, 1), 0);
        break;
    case 'G':                                   /* column */
        vc->x = MIN(param(vc, 0, 1), vc->cols) - 1;
        break;
    case 'd':                                   /* row */
        vc->y = MIN(param(vc, 0, 1), vc->rows) - 1;
        break;
    case 'H':                                   /* position (1-based) */
    case 'f':
        vc->y = MIN(param(vc, 0, 1), vc->rows) - 1;
        vc->x = MIN(param(vc, 1, 1), vc->cols) - 1;
        break;
    case 'J':                                   /* erase in display */
        erase_display(vc, vc->nb_params ? vc->params[0] : 0);
        break;
    case 'K': {                                 /* erase in line */
        int how = vc->nb_params ? vc->params[0] : 0;
        clear_cells(vc, vc->y, how == 0 ? vc->x : 0, how == 1 ? vc->x + 1 : vc->cols);
        break;
    }
    case 'm':
        select_graphic_rendition(vc);
        break;
    case 'n':                                   /* 6: where is the cursor */
        if (param(vc, 0, 0) == 6) {
            int n = snprintf(reply, sizeof(reply), "\033[%d;%dR", vc->y + 1,
                             MIN(vc->x, vc->cols - 1) + 1);
            send_input(vc, reply, n);
        }
        break;
    case 'h':                                   /* ?25h: show the cursor */
    case 'l':
        if (vc->private_mode && param(vc, 0, 0) == 25) {
            vc->cursor_visible = final == 'h';
            mark_dirty(vc, vc->y, MIN(vc->x, vc->cols - 1), MIN(vc->x, vc->cols - 1) + 1);
        }
        break;
    case 's':
        vc->saved_x = vc->x, vc->saved_y = vc->y;
        break;
    case 'u':
        vc->x = vc->saved_x, vc->y = vc->saved_y;
        break;
    default:
        break;                                  /* not needed by the monitor or a shell */
    }
}

static void vc_reset(VcState *vc)
{
    reset_attributes(vc);
    vc->x = vc->y = vc->saved_x = vc->saved_y = 0;
    vc->cursor_visible = true;
    vc->state = VC_NORMAL;
    for (int y = 0; y < vc->rows; y++) {
        clear_cells(vc, y, 0, vc->cols);
    }
}

static void vc_put_byte(VcState *vc, uint8_t ch)
{
    switch (vc->state) {
    case VC_NORMAL:
        switch (ch) {
        case 0x1b:
            vc->state = VC_ESC;
            break;
        case '\r':
            vc->x = 0;
            break;
        case '\n':
        case 0x0b:
        case 0x0c:
            line_feed(vc);
            break;
        case '\b':
            vc->x = MAX(MIN(vc->x, vc->cols - 1) - 1, 0);
            break;
        case '\t':
            vc->x = MIN((vc->x + 8) & ~7, vc->cols - 1);
            break;
        default:
            if (ch >= 0x20 && ch != 0x7f) {
                put_char(vc, ch);
            }
            break;
        }
        break;
    case VC_ESC:
        vc->state = VC_NORMAL;
        switch (ch) {
        case '[':
            vc->state = VC_CSI;
            vc->nb_params = 0;
            vc->private_mode = false;
            memset(vc->params, 0, sizeof(vc->params));
            break;
        case '7':
            vc->saved_x = vc->x, vc->saved_y = vc->y;
            break;
        case '8':
            vc->x = vc->saved_x, vc->y = vc->saved_y;
            break;
        case 'D':
            line_feed(vc);
            break;
        case 'M':
            if (vc->y == 0) {
                scroll_down(vc);
            } else {
                vc->y--;
            }
            break;
        case 'c':
            vc_reset(vc);
            break;
        }
        break;
    case VC_CSI:
        if (ch >= '0' && ch <= '9') {
            if (vc->nb_params == 0) {
                vc->nb_params = 1;
            }
            if (vc->nb_params <= MAX_PARAMS) {
                int *p = &vc->params[vc->nb_params - 1];
                *p = MIN(*p * 10 + (ch - '0'), 9999);
            }
        } else if (ch == ';') {
            vc->nb_params = MIN(MAX(vc->nb_params, 1) + 1, MAX_PARAMS + 1);
        } else if (ch == '?') {
            vc->private_mode = true;
        } else if (ch >= 0x40 && ch <= 0x7e) {
            vc->nb_params = MIN(vc->nb_params, MAX_PARAMS);
            csi_dispatch(vc, ch);
            vc->state = VC_NORMAL;
        } else if (ch < 0x20 || ch > 0x7e) {
            vc->state = VC_NORMAL;              /* not a sequence after all */
        }
        break;
    }
}

/* ---- keys ---- */

static VcState *vc_of_console(QemuConsole *con)
{
    for (VcState *vc = all_vcs; vc; vc = vc->next) {
        if (vc->con == con) {
            return vc;
        }
    }
    return NULL;
}

void text_console_key(QemuConsole *con, unsigned keycode, bool ctrl)
{
    static const struct { unsigned keycode; const char *seq; } keys[] = {
        { KEY_ENTER, "\r" }, { KEY_KPENTER, "\r" }, { KEY_BACKSPACE, "\177" },
        { KEY_TAB, "\t" }, { KEY_ESC, "\033" },
        { KEY_UP, "\033[A" }, { KEY_DOWN, "\033[B" }, { KEY_RIGHT, "\033[C" },
        { KEY_LEFT, "\033[D" }, { KEY_HOME, "\033[H" }, { KEY_END, "\033[F" },
        { KEY_INSERT, "\033[2~" }, { KEY_DELETE, "\033[3~" },
        { KEY_PAGEUP, "\033[5~" }, { KEY_PAGEDOWN, "\033[6~" },
    };
    VcState *vc = vc_of_console(con);
    const char *name;

    if (!vc) {
        return;
    }
    for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
        if (keys[i].keycode == keycode) {
            send_input(vc, keys[i].seq, strlen(keys[i].seq));
            return;
        }
    }
    /* Ctrl-letter: the control character (the host gives no text for it) */
    name = qemu_input_key_name(keycode);
    if (ctrl && name && name[0] >= 'a' && name[0] <= 'z' && !name[1]) {
        char c = name[0] & 0x1f;
        send_input(vc, &c, 1);
    }
}

void text_console_text(QemuConsole *con, const char *text)
{
    VcState *vc = vc_of_console(con);

    if (vc) {
        send_input(vc, text, strlen(text));
    }
}

/* ---- the chardev ---- */

/* a size option in characters (cols, rows) or pixels (width, height) */
static bool size_option(QemuOpts *opts, const char *chars, const char *pixels, int cell,
                        int *val, char **errp)
{
    const char *c = qemu_opt_get(opts, chars), *p = qemu_opt_get(opts, pixels);
    uint64_t v;

    if (c || p) {
        if (!qemu_strtou64(c ? c : p, &v) || v > 1 << 16) {
            error_setg(errp, "vc: %s=%s is not a size", c ? chars : pixels, c ? c : p);
            return false;
        }
        *val = c ? (int)v : (int)v / cell;
    }
    return true;
}

static bool parse_size(VcState *vc, QemuOpts *opts, char **errp)
{
    vc->cols = DEFAULT_COLS;
    vc->rows = DEFAULT_ROWS;
    if (!size_option(opts, "cols", "width", VC_CELL_WIDTH, &vc->cols, errp) ||
        !size_option(opts, "rows", "height", VC_CELL_HEIGHT, &vc->rows, errp)) {
        return false;
    }
    if (vc->cols < 1 || vc->cols > MAX_COLS || vc->rows < 1 || vc->rows > MAX_ROWS) {
        error_setg(errp, "vc: %dx%d characters is not a size (1x1 to %dx%d)",
                   vc->cols, vc->rows, MAX_COLS, MAX_ROWS);
        return false;
    }
    return true;
}

/* one dimension of vc:WxH: a number, 'C' after it for characters */
static const char *legacy_dimension(const char *p, QemuOpts *opts, const char *chars,
                                    const char *pixels)
{
    char *end, num[16];
    unsigned long v = strtoul(p, &end, 10);

    if (end == p || v > 1 << 16) {
        return NULL;
    }
    snprintf(num, sizeof(num), "%lu", v);
    qemu_opt_set(opts, *end == 'C' ? chars : pixels, num);
    return *end == 'C' ? end + 1 : end;
}

bool vc_legacy_opts(QemuOpts *opts, const char *spec, char **errp)
{
    const char *p;

    if (!strcmp(spec, "vc")) {
        return true;
    }
    /* vc:WxH in pixels, vc:COLSCxROWSC in characters, as QEMU takes them */
    p = !strncmp(spec, "vc:", 3) ? legacy_dimension(spec + 3, opts, "cols", "width") : NULL;
    p = p && *p == 'x' ? legacy_dimension(p + 1, opts, "rows", "height") : NULL;
    if (!p || *p) {
        error_setg(errp, "'%s' is not a vc size (vc:640x480 or vc:80Cx24C)", spec);
        return false;
    }
    return true;
}

static bool vc_open(Chardev *chr, struct QemuOpts *opts, char **errp)
{
    VcState *vc = qemu_mallocz(sizeof(*vc));

    if (!parse_size(vc, opts, errp)) {
        free(vc);
        return false;
    }
    if (pipe2(vc->input_pipe, O_CLOEXEC | O_NONBLOCK)) {
        error_setg(errp, "vc: cannot make a pipe: %s", strerror(errno));
        free(vc);
        return false;
    }
    vc->chr = chr;
    vc->cells = qemu_mallocz(sizeof(VcCell) * vc->cols * vc->rows);
    vc->dirty_lo = qemu_mallocz(sizeof(int) * vc->rows);
    vc->dirty_hi = qemu_mallocz(sizeof(int) * vc->rows);
    vc->con = text_console_create(chr->label, &vc_ops, vc, vc->cols * VC_CELL_WIDTH,
                                  vc->rows * VC_CELL_HEIGHT);
    vc_reset(vc);
    chr->opaque = vc;
    chr->fd_in = vc->input_pipe[0];
    vc->next = all_vcs;
    all_vcs = vc;
    return true;
}

static int vc_write(Chardev *chr, const uint8_t *buf, int len)
{
    VcState *vc = chr->opaque;

    for (int i = 0; i < len; i++) {
        vc_put_byte(vc, buf[i]);
    }
    return len;
}

static int vc_read(Chardev *chr, uint8_t *buf, int len)
{
    VcState *vc = chr->opaque;
    ssize_t n = read(vc->input_pipe[0], buf, len);

    return n > 0 ? n : -1;
}

const ChardevClass char_vc_class = {
    .name = "vc",
    .help = "a text console in the window (Ctrl-Alt-2, -3...)",
    .open = vc_open,
    .write = vc_write,
    .read = vc_read,
};
