/*
 * The display layer (include/ui/console.h): consoles and their surfaces,
 * the listeners (front ends) that show them, and the refresh timer that
 * drives both.
 *
 * The refresh timer runs on QEMU_CLOCK_REALTIME only while at least one
 * listener is registered, so a headless run (-display none, -nographic)
 * never wakes up for the display; a screendump asks the device to draw
 * on demand instead.
 */
#include "qemu/osdep.h"
#include "qemu/timer.h"
#include "ui/console.h"

#define MAX_SURFACE_SIDE 16384
/* a surface the host could not allocate falls back to this (blank) size */
#define FALLBACK_WIDTH 640
#define FALLBACK_HEIGHT 480
#define DEFAULT_REFRESH_MS 30

struct QemuConsole {
    char *name;
    int index;                  /* Ctrl-Alt-(index + 1) in the SDL window */
    bool is_graphic;            /* a device's console, not a text console */
    const GraphicHwOps *ops;
    void *opaque;
    DisplaySurface *surface;
    QemuConsole *next;          /* graphic consoles first, then text, in creation order */
};

static QemuConsole *consoles;
static DisplayChangeListener *listeners;
static QEMUTimer *refresh_timer;

/* ---- surfaces ---- */

static DisplaySurface *surface_alloc(int width, int height)
{
    DisplaySurface *s = qemu_mallocz(sizeof(*s));

    width = MIN(MAX(width, 1), MAX_SURFACE_SIDE);
    height = MIN(MAX(height, 1), MAX_SURFACE_SIDE);
    s->data = calloc((size_t)width * height, sizeof(uint32_t));
    if (!s->data) {
        /* a guest asking for an absurd mode must not end the emulator */
        warn_report("display: cannot allocate a %dx%d surface; showing %dx%d",
                    width, height, FALLBACK_WIDTH, FALLBACK_HEIGHT);
        width = FALLBACK_WIDTH;
        height = FALLBACK_HEIGHT;
        s->data = qemu_mallocz((size_t)width * height * sizeof(uint32_t));
    }
    s->width = width;
    s->height = height;
    s->stride = width * (int)sizeof(uint32_t);
    return s;
}

static void surface_free(DisplaySurface *s)
{
    if (s) {
        free(s->data);
        free(s);
    }
}

/* ---- consoles ---- */

static QemuConsole *console_create(const char *name, bool is_graphic,
                                   const GraphicHwOps *ops, void *opaque,
                                   int width, int height)
{
    QemuConsole *con = qemu_mallocz(sizeof(*con)), **link = &consoles;
    int index = 0;

    con->name = qemu_strdup(name);
    con->is_graphic = is_graphic;
    con->ops = ops;
    con->opaque = opaque;
    con->surface = surface_alloc(width, height);
    /* graphic consoles come before text consoles, as in QEMU's Ctrl-Alt-N order */
    while (*link && (!is_graphic || (*link)->is_graphic)) {
        link = &(*link)->next;
    }
    con->next = *link;
    *link = con;
    for (QemuConsole *c = consoles; c; c = c->next) {
        c->index = index++;
    }
    return con;
}

QemuConsole *graphic_console_init(const char *name, const GraphicHwOps *ops, void *opaque)
{
    return console_create(name, true, ops, opaque, FALLBACK_WIDTH, FALLBACK_HEIGHT);
}

QemuConsole *text_console_create(const char *name, const GraphicHwOps *ops, void *opaque,
                                 int width, int height)
{
    return console_create(name, false, ops, opaque, width, height);
}

QemuConsole *qemu_console_lookup_default(void)
{
    return consoles && consoles->is_graphic ? consoles : NULL;
}

QemuConsole *qemu_console_lookup_by_index(int index)
{
    QemuConsole *con = consoles;

    while (con && con->index != index) {
        con = con->next;
    }
    return con;
}

QemuConsole *qemu_console_first(void)
{
    return consoles;
}

int qemu_console_index(QemuConsole *con)
{
    return con->index;
}

bool qemu_console_is_graphic(QemuConsole *con)
{
    return con->is_graphic;
}

const char *qemu_console_name(QemuConsole *con)
{
    return con->name;
}

DisplaySurface *qemu_console_surface(QemuConsole *con)
{
    return con->surface;
}

void qemu_console_resize(QemuConsole *con, int width, int height)
{
    DisplaySurface *old = con->surface;

    con->surface = surface_alloc(width, height);
    for (DisplayChangeListener *dcl = listeners; dcl; dcl = dcl->next) {
        if (dcl->con == con && dcl->ops->dpy_gfx_switch) {
            dcl->ops->dpy_gfx_switch(dcl, con->surface);
        }
    }
    surface_free(old);
}

void dpy_gfx_update(QemuConsole *con, int x, int y, int w, int h)
{
    DisplaySurface *s = con->surface;
    int x1 = MIN(MAX(x + w, 0), s->width), y1 = MIN(MAX(y + h, 0), s->height);

    /* listeners see only rectangles inside the surface */
    x = MIN(MAX(x, 0), s->width);
    y = MIN(MAX(y, 0), s->height);
    if (x1 <= x || y1 <= y) {
        return;
    }
    for (DisplayChangeListener *dcl = listeners; dcl; dcl = dcl->next) {
        if (dcl->con == con && dcl->ops->dpy_gfx_update) {
            dcl->ops->dpy_gfx_update(dcl, x, y, x1 - x, y1 - y);
        }
    }
}

void graphic_hw_update(QemuConsole *con)
{
    if (con && con->ops && con->ops->gfx_update) {
        con->ops->gfx_update(con->opaque);
    }
}

void graphic_hw_invalidate(QemuConsole *con)
{
    if (con && con->ops && con->ops->invalidate) {
        con->ops->invalidate(con->opaque);
    }
}

/* ---- listeners and the refresh timer ---- */

static int64_t refresh_interval_ms(void)
{
    int64_t ms = 0;

    for (DisplayChangeListener *dcl = listeners; dcl; dcl = dcl->next) {
        int64_t want = dcl->update_interval_ms > 0 ? dcl->update_interval_ms
                                                   : DEFAULT_REFRESH_MS;
        ms = ms ? MIN(ms, want) : want;
    }
    return ms;
}

static void refresh_timer_arm(void)
{
    if (!listeners) {
        if (refresh_timer) {
            timer_del(refresh_timer);
        }
        return;
    }
    timer_mod(refresh_timer, qemu_clock_get_ms(QEMU_CLOCK_REALTIME) + refresh_interval_ms());
}

static bool console_is_shown(QemuConsole *con)
{
    for (DisplayChangeListener *dcl = listeners; dcl; dcl = dcl->next) {
        if (dcl->con == con) {
            return true;
        }
    }
    return false;
}

/* the listeners' callbacks may unregister listeners: walk a snapshot */
#define MAX_LISTENERS 8

static void refresh(void *opaque)
{
    DisplayChangeListener *snapshot[MAX_LISTENERS];
    int n = 0;

    for (DisplayChangeListener *dcl = listeners; dcl && n < MAX_LISTENERS; dcl = dcl->next) {
        snapshot[n++] = dcl;
    }
    for (int i = 0; i < n; i++) {
        if (snapshot[i]->ops->dpy_refresh) {
            snapshot[i]->ops->dpy_refresh(snapshot[i]);
        }
    }
    /* only consoles somebody looks at draw */
    for (QemuConsole *con = consoles; con; con = con->next) {
        if (console_is_shown(con)) {
            graphic_hw_update(con);
        }
    }
    for (DisplayChangeListener *dcl = listeners; dcl; dcl = dcl->next) {
        if (dcl->ops->dpy_refresh_done) {
            dcl->ops->dpy_refresh_done(dcl);
        }
    }
    refresh_timer_arm();
}

void register_displaychangelistener(DisplayChangeListener *dcl)
{
    int n = 0;

    for (DisplayChangeListener *d = listeners; d; d = d->next) {
        n++;
    }
    if (n == MAX_LISTENERS) {
        fatal("display: too many front ends (at most %d)", MAX_LISTENERS);
    }
    if (!dcl->con) {
        dcl->con = qemu_console_lookup_default();
        if (!dcl->con) {
            dcl->con = consoles;
        }
    }
    dcl->next = listeners;
    listeners = dcl;
    if (!refresh_timer) {
        refresh_timer = timer_new_ms(QEMU_CLOCK_REALTIME, refresh, NULL);
    }
    if (dcl->con) {
        if (dcl->ops->dpy_gfx_switch) {
            dcl->ops->dpy_gfx_switch(dcl, dcl->con->surface);
        }
        graphic_hw_invalidate(dcl->con);
    }
    refresh_timer_arm();
}

void unregister_displaychangelistener(DisplayChangeListener *dcl)
{
    DisplayChangeListener **link = &listeners;

    while (*link && *link != dcl) {
        link = &(*link)->next;
    }
    if (*link) {
        *link = dcl->next;
        dcl->next = NULL;
    }
    refresh_timer_arm();
}

void displaychangelistener_set_console(DisplayChangeListener *dcl, QemuConsole *con)
{
    if (!con || dcl->con == con) {
        return;
    }
    dcl->con = con;
    if (dcl->ops->dpy_gfx_switch) {
        dcl->ops->dpy_gfx_switch(dcl, con->surface);
    }
    graphic_hw_invalidate(con);
}

void displaychangelistener_set_interval(DisplayChangeListener *dcl, int64_t interval_ms)
{
    dcl->update_interval_ms = interval_ms;
    refresh_timer_arm();
}
