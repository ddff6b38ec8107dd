/*
 * The monitor's terminal side: a frontend of a character device that
 * collects a command line (echo, backspace; escape sequences such as the
 * arrow keys are skipped), runs it and prompts again. On a mux it speaks
 * only while it has the focus (Ctrl-a c).
 */
#include "qemu/osdep.h"
#include "monitor/monitor.h"
#include "monitor/monitor-internal.h"

#define MONITOR_LINE_MAX 256
#define MONITOR_PROMPT "(qemu) "

enum {
    ESC_NONE,
    ESC_SEEN,       /* ESC: a sequence starts */
    ESC_CSI,        /* ESC [ or ESC O: parameters until a final byte */
};

struct Monitor {
    Chardev *chr;
    char line[MONITOR_LINE_MAX];
    int len;
    int esc_state;
    bool after_cr;          /* CR ends the line; a following LF is the same end */
    bool banner_shown;
};

void monitor_puts(Monitor *mon, const char *s)
{
    while (*s) {
        size_t run = strcspn(s, "\n");
        qemu_chr_fe_write_all(mon->chr, (const uint8_t *)s, run);
        s += run;
        if (*s == '\n') {
            qemu_chr_fe_write_all(mon->chr, (const uint8_t *)"\r\n", 2);
            s++;
        }
    }
}

void monitor_printf(Monitor *mon, const char *fmt, ...)
{
    va_list ap;
    char *text;
    int n;

    va_start(ap, fmt);
    n = vasprintf(&text, fmt, ap);
    va_end(ap);
    if (n < 0) {
        fatal("out of memory");
    }
    monitor_puts(mon, text);
    free(text);
}

static void monitor_prompt(Monitor *mon)
{
    if (!mon->banner_shown) {
        monitor_puts(mon, "QEMU monitor - type 'help' for more information\n");
        mon->banner_shown = true;
    }
    monitor_puts(mon, MONITOR_PROMPT);
}

static void monitor_end_line(Monitor *mon)
{
    monitor_puts(mon, "\n");
    mon->line[mon->len] = 0;
    mon->len = 0;
    monitor_handle_command(mon, mon->line);
    monitor_prompt(mon);
}

static void monitor_input_byte(Monitor *mon, uint8_t c)
{
    bool after_cr = mon->after_cr;

    mon->after_cr = false;
    if (mon->esc_state == ESC_SEEN) {
        mon->esc_state = (c == '[' || c == 'O') ? ESC_CSI : ESC_NONE;
        return;
    }
    if (mon->esc_state == ESC_CSI) {
        if (c >= 0x40 && c <= 0x7e) {
            mon->esc_state = ESC_NONE;  /* the final byte */
        }
        return;
    }
    switch (c) {
    case '\r':
        mon->after_cr = true;
        monitor_end_line(mon);
        break;
    case '\n':
        if (!after_cr) {
            monitor_end_line(mon);
        }
        break;
    case 0x7f:      /* DEL, what most terminals send for backspace */
    case '\b':
        if (mon->len > 0) {
            mon->len--;
            monitor_puts(mon, "\b \b");
        }
        break;
    case 0x1b:
        mon->esc_state = ESC_SEEN;
        break;
    default:
        /* other control characters and an overlong line's tail are dropped */
        if (c >= 0x20 && mon->len < MONITOR_LINE_MAX - 1) {
            mon->line[mon->len++] = c;
            qemu_chr_fe_write_all(mon->chr, &c, 1);
        }
        break;
    }
}

static int monitor_can_read(void *opaque)
{
    return MONITOR_LINE_MAX;
}

static void monitor_read(void *opaque, const uint8_t *buf, int size)
{
    for (int i = 0; i < size; i++) {
        monitor_input_byte(opaque, buf[i]);
    }
}

static void monitor_event(void *opaque, ChardevEvent event)
{
    Monitor *mon = opaque;

    switch (event) {
    case CHR_EVENT_OPENED:
        /* a new client starts afresh; on a mux, only once it has the focus */
        mon->len = 0;
        mon->esc_state = ESC_NONE;
        mon->banner_shown = false;
        if (qemu_chr_fe_has_focus(mon->chr, mon)) {
            monitor_prompt(mon);
        }
        break;
    case CHR_EVENT_MUX_IN:
        monitor_puts(mon, "\n");
        monitor_prompt(mon);
        break;
    case CHR_EVENT_MUX_OUT:
    case CHR_EVENT_CLOSED:
        break;
    }
}

bool monitor_init(Chardev *chr, char **errp)
{
    Monitor *mon;

    if (!qemu_chr_fe_attach(chr, errp)) {
        return false;
    }
    mon = qemu_mallocz(sizeof(*mon));
    mon->chr = chr;
    qemu_chr_fe_set_handlers(chr, monitor_can_read, monitor_read, monitor_event, mon);
    return true;
}
