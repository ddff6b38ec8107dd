/*
 * The monitor's display and input commands (include/ui/ui-hmp-cmds.h):
 * screendump, sendkey, mouse_move, mouse_button, info mice.
 */
#include "qemu/osdep.h"
#include "monitor/monitor-internal.h"
#include "ui/console.h"
#include "ui/input.h"
#include "ui/ui-hmp-cmds.h"

#define SENDKEY_DEFAULT_HOLD_MS 100
#define MAX_WORDS 4

/* split arg at blanks into at most max words (in buf); returns the count, -1 if too many */
static int split_words(const char *arg, char *buf, size_t size, char **words, int max)
{
    int n = 0;
    char *p;

    snprintf(buf, size, "%s", arg);
    for (p = strtok(buf, " \t"); p; p = strtok(NULL, " \t")) {
        if (n == max) {
            return -1;
        }
        words[n++] = p;
    }
    return n;
}

static bool parse_int(const char *s, long min, long max, long *val)
{
    char *end;

    errno = 0;
    *val = strtol(s, &end, 0);
    return !errno && end != s && !*end && *val >= min && *val <= max;
}

/* screendump [-f ppm|png] FILENAME (the format may also follow the name) */
void hmp_screendump(Monitor *mon, const char *arg)
{
    char buf[512], *words[MAX_WORDS], *err = NULL;
    const char *filename = NULL, *format = NULL;
    int n = split_words(arg, buf, sizeof(buf), words, MAX_WORDS);

    for (int i = 0; i < n; i++) {
        if (!strcmp(words[i], "-f") && i + 1 < n && !format) {
            format = words[++i];
        } else if (!filename) {
            filename = words[i];
        } else {
            n = -1;
            break;
        }
    }
    if (n < 0 || !filename) {
        monitor_puts(mon, "usage: screendump [-f ppm|png] filename\n");
        return;
    }
    if (!qemu_console_screendump_format(qemu_console_lookup_default(), filename, format, &err)) {
        monitor_printf(mon, "Error: %s\n", err);
        free(err);
    }
}

/* sendkey KEYS [HOLD_MS] */
void hmp_sendkey(Monitor *mon, const char *arg)
{
    char buf[256], *words[MAX_WORDS], *err = NULL;
    int n = split_words(arg, buf, sizeof(buf), words, MAX_WORDS);
    long hold = SENDKEY_DEFAULT_HOLD_MS;

    if (n < 1 || n > 2 || (n == 2 && !parse_int(words[1], 1, 60000, &hold))) {
        monitor_puts(mon, "usage: sendkey keys [hold_ms] (keys like ctrl-alt-delete)\n");
        return;
    }
    if (!qemu_input_send_keys(words[0], hold, &err)) {
        monitor_printf(mon, "%s\n", err);
        free(err);
    }
}

/* mouse_move DX DY [DZ] */
void hmp_mouse_move(Monitor *mon, const char *arg)
{
    char buf[256], *words[MAX_WORDS];
    int n = split_words(arg, buf, sizeof(buf), words, MAX_WORDS);
    long d[3] = { 0, 0, 0 };

    if (n < 2 || n > 3) {
        monitor_puts(mon, "usage: mouse_move dx dy [dz]\n");
        return;
    }
    for (int i = 0; i < n; i++) {
        if (!parse_int(words[i], -65536, 65536, &d[i])) {
            monitor_printf(mon, "mouse_move: invalid number '%s'\n", words[i]);
            return;
        }
    }
    qemu_input_mouse_event(d[0], d[1], d[2], qemu_input_mouse_buttons());
}

/* mouse_button STATE: 1 left, 2 right, 4 middle, or-ed */
void hmp_mouse_button(Monitor *mon, const char *arg)
{
    char buf[64], *words[MAX_WORDS];
    long state;

    if (split_words(arg, buf, sizeof(buf), words, MAX_WORDS) != 1 ||
        !parse_int(words[0], 0, 0x1f, &state)) {
        monitor_puts(mon, "usage: mouse_button state (1 left, 2 right, 4 middle)\n");
        return;
    }
    qemu_input_mouse_event(0, 0, 0, state);
}

static void print_line(void *opaque, const char *line)
{
    monitor_printf(opaque, "%s\n", line);
}

void hmp_info_mice(Monitor *mon, const char *arg)
{
    qemu_input_list_mice(print_line, mon);
}
