/*
 * Choosing and starting the front end: -display, -nographic, -name
 * (ui/display.c), and what each front end provides.
 */
#ifndef UI_DISPLAY_H
#define UI_DISPLAY_H

#include "qemu/osdep.h"

typedef enum DisplayType {
    DISPLAY_TYPE_DEFAULT,       /* SDL when it is built in and $DISPLAY is set, else none */
    DISPLAY_TYPE_NONE,
    DISPLAY_TYPE_SDL,
} DisplayType;

/* -display TYPE[,opts]: false with *errp on a bad value; "help" lists and exits */
bool qemu_display_parse(const char *arg, char **errp);
/* -nographic */
void qemu_display_set_nographic(void);
/* -name GUEST[,process=NAME][,debug-threads=on|off] */
bool qemu_name_parse(const char *arg, char **errp);
const char *qemu_get_vm_name(void);         /* NULL if not named */

/*
 * The display that will be used, the default resolved (SDL needs a
 * display server to talk to): the command line decides its defaults
 * (serial and monitor on vc consoles) from it.
 */
DisplayType qemu_display_resolve(void);
static inline bool qemu_display_is_graphical(void)
{
    return qemu_display_resolve() != DISPLAY_TYPE_NONE;
}
/* start it, after the machine and its consoles exist */
void qemu_display_init(void);

/* the SDL front end (ui/sdl2.c); false with *errp when no window can be opened */
bool sdl_display_init(bool full_screen, char **errp);

#endif
