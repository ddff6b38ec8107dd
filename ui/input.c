/*
 * Input routing (include/ui/input.h): the newest keyboard and the newest
 * mouse get the events; sendkey's press-hold-release sequence.
 */
#include "qemu/osdep.h"
#include "qemu/errp.h"
#include "qemu/timer.h"
#include "ui/input.h"

#define MAX_INPUT_HANDLERS 8
#define MAX_SENDKEY_KEYS 16

typedef struct InputKeyboard {
    char *name;
    QemuInputKeyFn *fn;
    void *opaque;
} InputKeyboard;

typedef struct InputMouse {
    char *name;
    QemuInputMouseFn *fn;
    void *opaque;
} InputMouse;

static InputKeyboard keyboards[MAX_INPUT_HANDLERS];
static int nb_keyboards;
static InputMouse mice[MAX_INPUT_HANDLERS];
static int nb_mice;
static unsigned mouse_buttons;

/* sendkey: the keys held until the release timer fires */
static struct {
    unsigned keys[MAX_SENDKEY_KEYS];
    int count;
    QEMUTimer *release_timer;
} sendkey;

void qemu_input_add_keyboard(const char *name, QemuInputKeyFn *fn, void *opaque)
{
    if (nb_keyboards == MAX_INPUT_HANDLERS) {
        fatal("input: too many keyboards (at most %d)", MAX_INPUT_HANDLERS);
    }
    keyboards[nb_keyboards++] = (InputKeyboard){ qemu_strdup(name), fn, opaque };
}

void qemu_input_add_mouse(const char *name, QemuInputMouseFn *fn, void *opaque)
{
    if (nb_mice == MAX_INPUT_HANDLERS) {
        fatal("input: too many mice (at most %d)", MAX_INPUT_HANDLERS);
    }
    mice[nb_mice++] = (InputMouse){ qemu_strdup(name), fn, opaque };
}

bool qemu_input_has_keyboard(void)
{
    return nb_keyboards > 0;
}

void qemu_input_key_event(unsigned keycode, bool down)
{
    if (nb_keyboards) {
        InputKeyboard *k = &keyboards[nb_keyboards - 1];
        k->fn(k->opaque, keycode, down);
    }
}

void qemu_input_mouse_event(int dx, int dy, int dz, unsigned buttons)
{
    mouse_buttons = buttons;
    if (nb_mice) {
        InputMouse *m = &mice[nb_mice - 1];
        m->fn(m->opaque, dx, dy, dz, buttons);
    }
}

unsigned qemu_input_mouse_buttons(void)
{
    return mouse_buttons;
}

void qemu_input_list_mice(void (*out)(void *opaque, const char *line), void *opaque)
{
    char line[128];

    if (!nb_mice) {
        out(opaque, "No mouse devices connected");
        return;
    }
    for (int i = 0; i < nb_mice; i++) {
        snprintf(line, sizeof(line), "%c Mouse #%d: %s", i == nb_mice - 1 ? '*' : ' ', i,
                 mice[i].name);
        out(opaque, line);
    }
}

/* ---- sendkey ---- */

static void sendkey_release(void *opaque)
{
    while (sendkey.count > 0) {
        qemu_input_key_event(sendkey.keys[--sendkey.count], false);
    }
}

bool qemu_input_send_keys(const char *keys, int hold_ms, char **errp)
{
    unsigned parsed[MAX_SENDKEY_KEYS];
    int count = 0;
    const char *p = keys;

    if (!*keys) {
        error_setg(errp, "sendkey: no key given");
        return false;
    }
    while (*p) {
        size_t len = strcspn(p, "-");
        char name[32];
        int code;

        if (len == 0 || len >= sizeof(name)) {
            error_setg(errp, "invalid parameter: %s", keys);
            return false;
        }
        memcpy(name, p, len);
        name[len] = 0;
        code = qemu_input_key_from_name(name);
        if (code < 0) {
            error_setg(errp, "unknown key: '%s'", name);
            return false;
        }
        if (count == MAX_SENDKEY_KEYS) {
            error_setg(errp, "too many keys (at most %d)", MAX_SENDKEY_KEYS);
            return false;
        }
        parsed[count++] = code;
        p += len;
        if (*p == '-') {
            p++;
            if (!*p) {
                error_setg(errp, "invalid parameter: %s", keys);
                return false;
            }
        }
    }
    /* a sendkey still held is released first, as if its time were up */
    sendkey_release(NULL);
    if (!sendkey.release_timer) {
        sendkey.release_timer = timer_new_ms(QEMU_CLOCK_VIRTUAL, sendkey_release, NULL);
    }
    for (int i = 0; i < count; i++) {
        sendkey.keys[i] = parsed[i];
        qemu_input_key_event(parsed[i], true);
    }
    sendkey.count = count;
    timer_mod(sendkey.release_timer, qemu_clock_get_ms(QEMU_CLOCK_VIRTUAL) + hold_ms);
    return true;
}
