/*
 * Text consoles (ui/vc.c): the `vc` character device backend, a small
 * VT100 terminal drawn into a console of its own, which the SDL window
 * shows on Ctrl-Alt-2, -3... (-monitor vc, -serial vc: QEMU's defaults
 * when there is a window).
 */
#ifndef UI_TEXT_CONSOLE_H
#define UI_TEXT_CONSOLE_H

#include "qemu/osdep.h"
#include "chardev/char.h"
#include "ui/console.h"

#define VC_CELL_WIDTH 8
#define VC_CELL_HEIGHT 16

extern const ChardevClass char_vc_class;
/* -serial vc[:WxH|:COLSCxROWSC] as -chardev vc options; false with *errp */
bool vc_legacy_opts(struct QemuOpts *opts, const char *spec, char **errp);

/* a key pressed while CON is shown (Linux key code; Enter, arrows, Ctrl-letter...) */
void text_console_key(QemuConsole *con, unsigned keycode, bool ctrl);
/* text typed while CON is shown (already in the host's layout) */
void text_console_text(QemuConsole *con, const char *text);

/* one row (0..15) of a character cell: bit 7 is the leftmost pixel */
uint8_t vc_font_row(uint8_t ch, int row);

#endif
