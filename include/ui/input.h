/*
 * Host input to guest input devices: front ends (SDL, the monitor's
 * sendkey/mouse_move) send key and mouse events here; the emulated
 * keyboard and mice (hw/input/ps2.c, later a USB tablet) register as
 * handlers and receive them.
 *
 * Keys are Linux input event codes (KEY_* of linux/input-event-codes.h),
 * the same numbers a Linux guest reports on /dev/input/event*. Mouse
 * motion is relative; the wheel counts steps, positive away from the
 * user (up), as Linux's REL_WHEEL. Events are delivered at once, on the
 * main loop.
 */
#ifndef UI_INPUT_H
#define UI_INPUT_H

#include "qemu/osdep.h"
#include <linux/input-event-codes.h>

/* mouse buttons, as a bit mask */
#define INPUT_BUTTON_LEFT   0x01
#define INPUT_BUTTON_RIGHT  0x02
#define INPUT_BUTTON_MIDDLE 0x04
#define INPUT_BUTTON_SIDE   0x08    /* 4th button (IntelliMouse Explorer) */
#define INPUT_BUTTON_EXTRA  0x10    /* 5th button */

typedef void QemuInputKeyFn(void *opaque, unsigned keycode, bool down);
/* dx right, dy down, dz wheel up; buttons: the INPUT_BUTTON_* held now */
typedef void QemuInputMouseFn(void *opaque, int dx, int dy, int dz, unsigned buttons);

/* the newest keyboard gets the keys */
void qemu_input_add_keyboard(const char *name, QemuInputKeyFn *fn, void *opaque);
/* the newest mouse is the current one (info mice marks it) */
void qemu_input_add_mouse(const char *name, QemuInputMouseFn *fn, void *opaque);

void qemu_input_key_event(unsigned keycode, bool down);
void qemu_input_mouse_event(int dx, int dy, int dz, unsigned buttons);
/* the buttons as last sent (for a front end that only knows changes) */
unsigned qemu_input_mouse_buttons(void);
/* a keyboard handler is present */
bool qemu_input_has_keyboard(void);

/* "* Mouse #0: NAME" lines for info mice; calls out() per line */
void qemu_input_list_mice(void (*out)(void *opaque, const char *line), void *opaque);

/* QEMU's key names (sendkey: "ctrl", "alt", "delete", "a", "kp_add", "0x1d"...) */
int qemu_input_key_from_name(const char *name);         /* -1 if unknown */
const char *qemu_input_key_name(unsigned keycode);      /* NULL if it has none */

/*
 * sendkey: press the keys in order, hold them for hold_ms (QEMU: 100 ms
 * of guest time), release them in reverse order. keys is "ctrl-alt-delete".
 */
bool qemu_input_send_keys(const char *keys, int hold_ms, char **errp);

#endif
