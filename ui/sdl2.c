/*
 * The SDL2 window (-display sdl): shows a console scaled to the window,
 * sends keys (as scancodes, whatever the host layout) and, while the
 * mouse is grabbed, relative mouse motion to the guest.
 *
 * Hot keys, as in QEMU: Ctrl-Alt-G grabs/releases the mouse (a click in
 * the window grabs it too), Ctrl-Alt-F toggles full screen, Ctrl-Alt-U
 * restores the guest's own size, Ctrl-Alt-1..9 shows console N (the
 * guest's screen, then the text consoles: the monitor, the serial port).
 * Closing the window quits.
 *
 * Events are polled from the display refresh timer on the main loop;
 * changed rectangles go to the drawing thread (ui/sdl2-render.c), which
 * presents a frame only when something changed, so an idle guest costs a
 * poll every 30 ms.
 */
#include "qemu/osdep.h"
#include "qemu/errp.h"
#include "sysemu/runstate.h"
#include "ui/console.h"
#include "ui/display.h"
#include "ui/input.h"
#include "ui/text-console.h"
#ifdef CONFIG_SDL
#include <SDL.h>
#include <signal.h>
#include "ui/sdl-keymap.h"
#include "sdl2-render.h"

#define MAX_DIRTY_RECTS SDL_RENDER_MAX_RECTS
#define REFRESH_ACTIVE_MS 16        /* 60 frames per second while the guest draws */
#define REFRESH_IDLE_MS 30
#define HOTKEY_MODS (KMOD_LCTRL | KMOD_LALT)

typedef struct SDLDisplay {
    DisplayChangeListener dcl;
    SDL_Window *window;
    SDLRenderThread *render;
    DisplaySurface *surface;        /* what the window shows */
    SDL_Rect dirty[MAX_DIRTY_RECTS];
    int nb_dirty;
    bool present;                   /* the window needs a new frame */
    bool grab, full_screen;
    bool grab_before_full_screen;   /* restored when full screen ends */
    bool user_sized;                /* the user scaled the window: keep its size */
    char title[256];
    bool key_down[KEY_MAX + 1];     /* sent to the guest, to release on focus loss */
    bool hotkey_down[SDL_NUM_SCANCODES];    /* eaten by a hot key: its release too */
} SDLDisplay;

static SDLDisplay sdl;

/* ---- drawing ---- */

static void add_dirty(SDLDisplay *s, int x, int y, int w, int h)
{
    SDL_Rect r = { x, y, w, h };

    if (s->nb_dirty == MAX_DIRTY_RECTS) {
        /* too many pieces: one rectangle around them all */
        SDL_Rect all = s->dirty[0];
        for (int i = 1; i < s->nb_dirty; i++) {
            SDL_UnionRect(&all, &s->dirty[i], &all);
        }
        s->dirty[0] = all;
        s->nb_dirty = 1;
    }
    for (int i = 0; i < s->nb_dirty; i++) {
        if (SDL_HasIntersection(&s->dirty[i], &r)) {
            SDL_UnionRect(&s->dirty[i], &r, &s->dirty[i]);
            return;
        }
    }
    s->dirty[s->nb_dirty++] = r;
}

static void sdl_gfx_update(DisplayChangeListener *dcl, int x, int y, int w, int h)
{
    add_dirty(container_of(dcl, SDLDisplay, dcl), x, y, w, h);
}

static void update_title(SDLDisplay *s)
{
    char title[sizeof(s->title)];
    const char *name = qemu_get_vm_name();
    const char *status = "";

    if (!runstate_is_running()) {
        status = " [Paused]";
    } else if (s->grab) {
        status = " - Press Ctrl-Alt-G to exit grab";
    }
    if (name) {
        snprintf(title, sizeof(title), "QEMU (%s)%s", name, status);
    } else {
        snprintf(title, sizeof(title), "QEMU%s", status);
    }
    if (strcmp(title, s->title)) {
        snprintf(s->title, sizeof(s->title), "%s", title);
        sdl_render_set_title(s->render, title);
    }
}

static void sdl_gfx_switch(DisplayChangeListener *dcl, DisplaySurface *surface)
{
    SDLDisplay *s = container_of(dcl, SDLDisplay, dcl);
    bool same_size = s->surface && s->surface->width == surface->width &&
                     s->surface->height == surface->height;

    s->surface = surface;
    if (!same_size && !s->full_screen && !s->user_sized) {
        sdl_render_set_size(s->render, surface->width, surface->height);
    }
    s->nb_dirty = 0;
    add_dirty(s, 0, 0, surface->width, surface->height);
}

static void sdl_refresh_done(DisplayChangeListener *dcl)
{
    SDLDisplay *s = container_of(dcl, SDLDisplay, dcl);
    bool drew = s->nb_dirty > 0;

    /* a busy drawing thread gets the changes, merged, at a later refresh */
    if ((drew || s->present) && s->surface &&
        sdl_render_submit(s->render, s->surface, s->dirty, s->nb_dirty)) {
        s->nb_dirty = 0;
        s->present = false;
    }
    displaychangelistener_set_interval(dcl, drew ? REFRESH_ACTIVE_MS : REFRESH_IDLE_MS);
}

/* ---- grab, full screen, consoles ---- */

static void set_grab(SDLDisplay *s, bool on)
{
    s->grab = on;
    sdl_render_set_grab(s->render, on);
    update_title(s);
}

static bool showing_guest_screen(SDLDisplay *s)
{
    return s->dcl.con && qemu_console_is_graphic(s->dcl.con);
}

static void release_keys(SDLDisplay *s)
{
    for (unsigned k = 0; k <= KEY_MAX; k++) {
        if (s->key_down[k]) {
            s->key_down[k] = false;
            qemu_input_key_event(k, false);
        }
    }
}

static void toggle_full_screen(SDLDisplay *s)
{
    s->full_screen = !s->full_screen;
    sdl_render_set_full_screen(s->render, s->full_screen);
    if (s->full_screen) {
        /* as QEMU: full screen takes the mouse, and gives it back after */
        s->grab_before_full_screen = s->grab;
        if (showing_guest_screen(s)) {
            set_grab(s, true);
        }
    } else {
        if (s->grab && !s->grab_before_full_screen) {
            set_grab(s, false);
        }
        if (s->surface && !s->user_sized) {
            sdl_render_set_size(s->render, s->surface->width, s->surface->height);
        }
    }
    s->present = true;
}

static void show_console(SDLDisplay *s, int index)
{
    QemuConsole *con = qemu_console_lookup_by_index(index);

    if (!con) {
        return;
    }
    release_keys(s);
    displaychangelistener_set_console(&s->dcl, con);
    if (!qemu_console_is_graphic(con) && s->grab) {
        set_grab(s, false);
    }
}

/* Ctrl-Alt-<key>: true when it was a hot key (the guest never sees it) */
static bool handle_hotkey(SDLDisplay *s, SDL_Scancode sc)
{
    switch (sc) {
    case SDL_SCANCODE_G:
        if (showing_guest_screen(s)) {
            set_grab(s, !s->grab);
        }
        return true;
    case SDL_SCANCODE_F:
        toggle_full_screen(s);
        return true;
    case SDL_SCANCODE_U:
        s->user_sized = false;
        if (s->surface && !s->full_screen) {
            sdl_render_set_size(s->render, s->surface->width, s->surface->height);
        }
        return true;
    case SDL_SCANCODE_1 ... SDL_SCANCODE_9:
        show_console(s, sc - SDL_SCANCODE_1);
        return true;
    default:
        return false;
    }
}

/* ---- events ---- */

static void handle_key(SDLDisplay *s, const SDL_KeyboardEvent *ev)
{
    SDL_Scancode sc = ev->keysym.scancode;
    unsigned keycode = sdl_scancode_to_keycode(sc);
    bool down = ev->type == SDL_KEYDOWN;

    if ((unsigned)sc >= SDL_NUM_SCANCODES) {
        return;
    }
    if (!down && s->hotkey_down[sc]) {
        s->hotkey_down[sc] = false;
        return;
    }
    if (down && (ev->keysym.mod & HOTKEY_MODS) == HOTKEY_MODS && handle_hotkey(s, sc)) {
        s->hotkey_down[sc] = true;
        return;
    }
    if (!showing_guest_screen(s)) {
        /* a text console: printable text comes as SDL_TEXTINPUT */
        if (down && s->dcl.con) {
            text_console_key(s->dcl.con, keycode, ev->keysym.mod & KMOD_CTRL);
        }
        return;
    }
    if (!keycode || (!down && !s->key_down[keycode])) {
        return;
    }
    /* repeats are sent as makes, as a keyboard's typematic repeat would */
    s->key_down[keycode] = down;
    qemu_input_key_event(keycode, down);
}

static unsigned button_bit(uint8_t button)
{
    switch (button) {
    case SDL_BUTTON_LEFT:
        return INPUT_BUTTON_LEFT;
    case SDL_BUTTON_RIGHT:
        return INPUT_BUTTON_RIGHT;
    case SDL_BUTTON_MIDDLE:
        return INPUT_BUTTON_MIDDLE;
    case SDL_BUTTON_X1:
        return INPUT_BUTTON_SIDE;
    case SDL_BUTTON_X2:
        return INPUT_BUTTON_EXTRA;
    default:
        return 0;
    }
}

static void handle_button(SDLDisplay *s, const SDL_MouseButtonEvent *ev)
{
    unsigned buttons = qemu_input_mouse_buttons();

    if (!s->grab) {
        /* a click into the guest's screen takes the mouse */
        if (ev->type == SDL_MOUSEBUTTONDOWN && ev->button == SDL_BUTTON_LEFT &&
            showing_guest_screen(s)) {
            set_grab(s, true);
        }
        return;
    }
    if (ev->type == SDL_MOUSEBUTTONDOWN) {
        buttons |= button_bit(ev->button);
    } else {
        buttons &= ~button_bit(ev->button);
    }
    qemu_input_mouse_event(0, 0, 0, buttons);
}

static void handle_window_event(SDLDisplay *s, const SDL_WindowEvent *ev)
{
    switch (ev->event) {
    case SDL_WINDOWEVENT_CLOSE:
        qemu_system_shutdown_request(SHUTDOWN_CAUSE_HOST_UI);
        break;
    case SDL_WINDOWEVENT_SIZE_CHANGED:
        if (!s->full_screen && s->surface &&
            (ev->data1 != s->surface->width || ev->data2 != s->surface->height)) {
            s->user_sized = true;
        }
        s->present = true;
        break;
    case SDL_WINDOWEVENT_EXPOSED:
    case SDL_WINDOWEVENT_SHOWN:
    case SDL_WINDOWEVENT_RESTORED:
        s->present = true;
        break;
    case SDL_WINDOWEVENT_FOCUS_LOST:
        /* keys held while leaving would stay down in the guest */
        release_keys(s);
        if (s->grab && !s->full_screen) {
            set_grab(s, false);
        }
        break;
    }
}

static void sdl_refresh(DisplayChangeListener *dcl)
{
    SDLDisplay *s = container_of(dcl, SDLDisplay, dcl);
    SDL_Event ev;

    /* the window's thread pumps; this only takes what it queued */
    while (SDL_PeepEvents(&ev, 1, SDL_GETEVENT, SDL_FIRSTEVENT, SDL_LASTEVENT) > 0) {
        switch (ev.type) {
        case SDL_QUIT:
            qemu_system_shutdown_request(SHUTDOWN_CAUSE_HOST_UI);
            break;
        case SDL_KEYDOWN:
        case SDL_KEYUP:
            handle_key(s, &ev.key);
            break;
        case SDL_TEXTINPUT:
            if (!showing_guest_screen(s) && s->dcl.con) {
                text_console_text(s->dcl.con, ev.text.text);
            }
            break;
        case SDL_MOUSEMOTION:
            if (s->grab && (ev.motion.xrel || ev.motion.yrel)) {
                qemu_input_mouse_event(ev.motion.xrel, ev.motion.yrel, 0,
                                       qemu_input_mouse_buttons());
            }
            break;
        case SDL_MOUSEBUTTONDOWN:
        case SDL_MOUSEBUTTONUP:
            handle_button(s, &ev.button);
            break;
        case SDL_MOUSEWHEEL:
            if (s->grab && ev.wheel.y) {
                int dz = ev.wheel.direction == SDL_MOUSEWHEEL_FLIPPED ? -ev.wheel.y : ev.wheel.y;
                qemu_input_mouse_event(0, 0, dz, qemu_input_mouse_buttons());
            }
            break;
        case SDL_WINDOWEVENT:
            handle_window_event(s, &ev.window);
            break;
        }
    }
    update_title(s);
}

static const DisplayChangeListenerOps sdl_ops = {
    .name = "sdl",
    .dpy_gfx_update = sdl_gfx_update,
    .dpy_gfx_switch = sdl_gfx_switch,
    .dpy_refresh = sdl_refresh,
    .dpy_refresh_done = sdl_refresh_done,
};

/*
 * Only the drivers for the display servers the environment names: SDL
 * would otherwise fall back to an invisible off-screen window, or print
 * Wayland's complaints when X is merely unreachable. SDL_VIDEODRIVER set
 * by the user wins.
 */
static bool choose_video_driver(char **errp)
{
    const char *x11 = getenv("DISPLAY"), *wayland = getenv("WAYLAND_DISPLAY");
    char drivers[32] = "";

    if (getenv("SDL_VIDEODRIVER")) {
        return true;
    }
    if (wayland && *wayland) {
        strcat(drivers, "wayland");
    }
    if (x11 && *x11) {
        strcat(drivers, *drivers ? ",x11" : "x11");
    }
    if (!*drivers) {
        error_setg(errp, "no display server: neither DISPLAY nor WAYLAND_DISPLAY is set");
        return false;
    }
    SDL_SetHint(SDL_HINT_VIDEODRIVER, drivers);
    return true;
}

static void sdl_cleanup(void)
{
    /* the drawing thread goes before the window it draws into */
    sdl_render_stop(sdl.render);
    SDL_Quit();
}

bool sdl_display_init(bool full_screen, char **errp)
{
    SDLDisplay *s = &sdl;
    sigset_t all, old;
    bool ok = false;

    if (!choose_video_driver(errp)) {
        return false;
    }

    /* our own handlers turn SIGINT/SIGTERM into a clean shutdown */
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    /* relative motion by re-centring the pointer works on any X server */
    SDL_SetHint(SDL_HINT_MOUSE_RELATIVE_MODE_WARP, "1");
    SDL_SetHint(SDL_HINT_GRAB_KEYBOARD, "1");
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    /* threads SDL starts must not take the signals meant for the main loop */
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    if (SDL_InitSubSystem(SDL_INIT_VIDEO)) {
        error_setg(errp, "could not initialize SDL: %s", SDL_GetError());
        goto out;
    }
    s->window = SDL_CreateWindow("QEMU", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED,
                                 640, 480, SDL_WINDOW_RESIZABLE);
    if (!s->window) {
        error_setg(errp, "could not open a window: %s", SDL_GetError());
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
        goto out;
    }
    s->render = sdl_render_start(s->window, errp);
    if (!s->render) {
        SDL_DestroyWindow(s->window);
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
        goto out;
    }
    ok = true;
out:
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (!ok) {
        return false;
    }
    s->dcl.ops = &sdl_ops;
    s->dcl.update_interval_ms = REFRESH_IDLE_MS;
    s->present = true;
    update_title(s);
    register_displaychangelistener(&s->dcl);
    if (full_screen) {
        toggle_full_screen(s);
    }
    atexit(sdl_cleanup);
    return true;
}

#else

bool sdl_display_init(bool full_screen, char **errp)
{
    error_setg(errp, "SDL support is not built in (install libsdl2-dev and reconfigure)");
    return false;
}

#endif
