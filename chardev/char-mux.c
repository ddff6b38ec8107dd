/*
 * The mux's escapes (include/chardev/char.h): on a backend shared by
 * several frontends (-nographic's serial port and monitor), Ctrl-a
 * followed by a key talks to the emulator instead of the guest.
 */
#include "qemu/osdep.h"
#include "chardev/char.h"
#include "sysemu/runstate.h"

#define MUX_ESCAPE 0x01     /* Ctrl-a */

static void mux_print(Chardev *chr, const char *s)
{
    qemu_chr_fe_write_all(chr, (const uint8_t *)s, strlen(s));
}

void qemu_chr_mux_switch_focus(Chardev *chr)
{
    CharFrontend *old, *new;

    if (chr->nb_fe < 2) {
        return;
    }
    old = &chr->fe[chr->focus];
    chr->focus = (chr->focus + 1) % chr->nb_fe;
    new = &chr->fe[chr->focus];
    if (old->event) {
        old->event(old->opaque, CHR_EVENT_MUX_OUT);
    }
    if (new->event) {
        new->event(new->opaque, CHR_EVENT_MUX_IN);
    }
}

int qemu_chr_mux_filter(Chardev *chr, uint8_t c)
{
    if (!chr->escape_pending) {
        if (c == MUX_ESCAPE) {
            chr->escape_pending = true;
            return -1;
        }
        return c;
    }
    chr->escape_pending = false;
    switch (c) {
    case 'x':
        mux_print(chr, "QEMU: Terminated\r\n");
        qemu_system_shutdown_request(SHUTDOWN_CAUSE_HOST_UI);
        return -1;
    case 'h':
    case '?':
        mux_print(chr, "\r\n"
                  "C-a h    print this help\r\n"
                  "C-a x    exit emulator\r\n"
                  "C-a c    switch between console and monitor\r\n"
                  "C-a C-a  sends C-a\r\n");
        return -1;
    case 'c':
        qemu_chr_mux_switch_focus(chr);
        return -1;
    case MUX_ESCAPE:
        return c;
    default:
        return -1;
    }
}
