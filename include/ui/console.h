/*
 * The display layer: between graphics devices (hw/display) and the front
 * ends that show them (ui/: SDL2, none, screendump).
 *
 * A graphics device registers a console with its hooks. The UI calls
 * graphic_hw_update() from its refresh timer on the main loop; the device
 * then draws what changed into the console's surface (32 bits per pixel,
 * 0x00RRGGBB in host order, stride in bytes) and reports each changed
 * rectangle with dpy_gfx_update(), or makes a new surface with
 * qemu_console_resize() when its mode changes. Listeners (front ends) get
 * those as callbacks. Nothing here runs on another thread.
 */
#ifndef UI_CONSOLE_H
#define UI_CONSOLE_H

#include "qemu/osdep.h"

typedef struct DisplaySurface {
    int width, height;
    int stride;                 /* bytes per line */
    uint32_t *data;             /* 0x00RRGGBB pixels */
} DisplaySurface;

typedef struct QemuConsole QemuConsole;

typedef struct GraphicHwOps {
    /* draw what changed since the last call (whole screen after invalidate) */
    void (*gfx_update)(void *opaque);
    /* the next gfx_update must redraw everything (window exposed, new listener) */
    void (*invalidate)(void *opaque);
} GraphicHwOps;

/* a device's console; the first one registered is the one front ends show */
QemuConsole *graphic_console_init(const char *name, const GraphicHwOps *ops, void *opaque);
QemuConsole *qemu_console_lookup_default(void);      /* NULL if no graphics device */
const char *qemu_console_name(QemuConsole *con);

/* the surface the device draws into; never NULL once the console exists */
DisplaySurface *qemu_console_surface(QemuConsole *con);
/* a new blank surface of this size (sizes are clamped to 1..16384); tells listeners */
void qemu_console_resize(QemuConsole *con, int width, int height);
/* pixels in this rectangle changed */
void dpy_gfx_update(QemuConsole *con, int x, int y, int w, int h);
/* the text cursor moved or blinks are visible etc.: nothing extra, devices draw it */

void graphic_hw_update(QemuConsole *con);
void graphic_hw_invalidate(QemuConsole *con);

typedef struct DisplayChangeListener DisplayChangeListener;
typedef struct DisplayChangeListenerOps {
    const char *name;
    void (*dpy_gfx_update)(DisplayChangeListener *dcl, int x, int y, int w, int h);
    void (*dpy_gfx_switch)(DisplayChangeListener *dcl, DisplaySurface *surface);
    /* called on the refresh timer, before the device is asked to update */
    void (*dpy_refresh)(DisplayChangeListener *dcl);
    /* (added by the UI) optional: after the devices drew, e.g. to present a frame */
    void (*dpy_refresh_done)(DisplayChangeListener *dcl);
} DisplayChangeListenerOps;

struct DisplayChangeListener {
    const DisplayChangeListenerOps *ops;
    QemuConsole *con;           /* what it shows */
    int64_t update_interval_ms; /* refresh period it wants (default 30) */
    DisplayChangeListener *next;
};

void register_displaychangelistener(DisplayChangeListener *dcl);
void unregister_displaychangelistener(DisplayChangeListener *dcl);

/* screendump: the console's current picture as PPM (or PNG by extension) */
bool qemu_console_screendump(QemuConsole *con, const char *filename, char **errp);

/* ---- added by the UI (front ends and text consoles) ---- */

/*
 * A console drawn by the UI itself (a vc text terminal): never the default
 * one; listed after the graphic consoles. The surface starts at this size.
 */
QemuConsole *text_console_create(const char *name, const GraphicHwOps *ops, void *opaque,
                                 int width, int height);
/* consoles in Ctrl-Alt-N order: index 0 is the first graphic console */
QemuConsole *qemu_console_first(void);
QemuConsole *qemu_console_lookup_by_index(int index);      /* NULL if none */
int qemu_console_index(QemuConsole *con);
bool qemu_console_is_graphic(QemuConsole *con);
/* show another console in this listener (switch + full redraw) */
void displaychangelistener_set_console(DisplayChangeListener *dcl, QemuConsole *con);
void displaychangelistener_set_interval(DisplayChangeListener *dcl, int64_t interval_ms);
/* format "ppm" or "png"; NULL: by the file name's extension (.png: PNG, else PPM) */
bool qemu_console_screendump_format(QemuConsole *con, const char *filename,
                                    const char *format, char **errp);

#endif
