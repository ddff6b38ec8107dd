/*
 * The front end's choice (include/ui/display.h): -display, -nographic,
 * the default (a window when SDL is built in and there is a display
 * server, headless otherwise, silently), and -name for window titles.
 */
#include "qemu/osdep.h"
#include "qemu/errp.h"
#include "qemu/option.h"
#include "ui/display.h"

static DisplayType display_type = DISPLAY_TYPE_DEFAULT;
static bool display_chosen;     /* by -display, not by default */
static bool full_screen;
static char *vm_name;

static void print_display_types(void)
{
    printf("Available display backend types:\nnone\n");
#ifdef CONFIG_SDL
    printf("sdl\n");
#endif
}

bool qemu_display_parse(const char *arg, char **errp)
{
    QemuOpts *opts = qemu_opts_parse(arg, "type", errp);
    const char *type;
    bool ok = true;

    if (!opts) {
        return false;
    }
    type = qemu_opt_get(opts, "type");
    if (type && (!strcmp(type, "help") || !strcmp(type, "?"))) {
        print_display_types();
        exit(0);
    }
    if (type && !strcmp(type, "none")) {
        display_type = DISPLAY_TYPE_NONE;
#ifdef CONFIG_SDL
    } else if (type && !strcmp(type, "sdl")) {
        display_type = DISPLAY_TYPE_SDL;
        display_chosen = true;
        /* QEMU's -display sdl,full-screen=on; gl= is not supported */
        ok = qemu_opt_get_bool(opts, "full-screen", false, &full_screen, errp);
#endif
    } else {
        error_setg(errp, "Display '%s' is not available", type ? type : "");
        ok = false;
    }
    if (ok) {
        ok = qemu_opts_check_unused(opts, errp);
    }
    qemu_opts_free(opts);
    return ok;
}

void qemu_display_set_nographic(void)
{
    display_type = DISPLAY_TYPE_NONE;
}

bool qemu_name_parse(const char *arg, char **errp)
{
    QemuOpts *opts = qemu_opts_parse(arg, "guest", errp);
    const char *guest;
    bool debug_threads, ok;

    if (!opts) {
        return false;
    }
    guest = qemu_opt_get(opts, "guest");
    free(vm_name);
    vm_name = guest ? qemu_strdup(guest) : NULL;
    /* process= names the host process in QEMU; accepted, the title is what shows */
    qemu_opt_get(opts, "process");
    ok = qemu_opt_get_bool(opts, "debug-threads", false, &debug_threads, errp) &&
         qemu_opts_check_unused(opts, errp);
    qemu_opts_free(opts);
    return ok;
}

const char *qemu_get_vm_name(void)
{
    return vm_name;
}

DisplayType qemu_display_resolve(void)
{
    if (display_type == DISPLAY_TYPE_DEFAULT) {
#ifdef CONFIG_SDL
        const char *x11 = getenv("DISPLAY"), *wayland = getenv("WAYLAND_DISPLAY");
        display_type = (x11 && *x11) || (wayland && *wayland) ? DISPLAY_TYPE_SDL
                                                              : DISPLAY_TYPE_NONE;
#else
        display_type = DISPLAY_TYPE_NONE;
#endif
    }
    return display_type;
}

void qemu_display_init(void)
{
    char *err = NULL;

    switch (qemu_display_resolve()) {
    case DISPLAY_TYPE_SDL:
        if (!sdl_display_init(full_screen, &err)) {
            if (display_chosen) {
                fatal("-display sdl: %s", err);
            }
            /* only the default: carry on without a window, as QEMU does */
            free(err);
        }
        break;
    default:
        break;
    }
}
