/*
 * Unit tests of the display layer and input: consoles, listeners and the
 * refresh timer (ui/console.c), screendumps decoded back (PPM and PNG),
 * SDL scancodes to PS/2 set 1/2 bytes (ui/sdl-keymap.c,
 * hw/input/ps2-keycodes.c), the PS/2 keyboard and mouse output
 * (hw/input/ps2.c), sendkey (ui/input.c) and the vc text terminal
 * (ui/vc.c).
 */
#include "qemu/osdep.h"
#include "qemu/timer.h"
#include "ui/console.h"
#include "ui/input.h"
#include "hw/input/ps2.h"
#include "qemu/option.h"
#include "ui/text-console.h"
#include "unit-test.h"
#include <time.h>
#include <unistd.h>
#ifdef CONFIG_SDL
#include <SDL_scancode.h>
#include "ui/sdl-keymap.h"
#endif
#ifdef CONFIG_PNG
#include <png.h>
#endif

/* ---- a fake graphics device and a recording listener ---- */

typedef struct FakeDevice {
    QemuConsole *con;
    int updates, invalidates;
    uint32_t colour;
} FakeDevice;

static void fake_gfx_update(void *opaque)
{
    FakeDevice *d = opaque;
    DisplaySurface *s = qemu_console_surface(d->con);

    d->updates++;
    s->data[0] = d->colour;
    dpy_gfx_update(d->con, 0, 0, 1, 1);
}

static void fake_invalidate(void *opaque)
{
    ((FakeDevice *)opaque)->invalidates++;
}

static const GraphicHwOps fake_ops = {
    .gfx_update = fake_gfx_update,
    .invalidate = fake_invalidate,
};

typedef struct Recorder {
    DisplayChangeListener dcl;
    int refreshes, switches, updates, dones;
    int last_x, last_y, last_w, last_h;
    DisplaySurface *surface;
} Recorder;

static void rec_update(DisplayChangeListener *dcl, int x, int y, int w, int h)
{
    Recorder *r = container_of(dcl, Recorder, dcl);
    r->updates++;
    r->last_x = x, r->last_y = y, r->last_w = w, r->last_h = h;
}

static void rec_switch(DisplayChangeListener *dcl, DisplaySurface *s)
{
    Recorder *r = container_of(dcl, Recorder, dcl);
    r->switches++;
    r->surface = s;
}

static void rec_refresh(DisplayChangeListener *dcl)
{
    container_of(dcl, Recorder, dcl)->refreshes++;
}

static void rec_done(DisplayChangeListener *dcl)
{
    container_of(dcl, Recorder, dcl)->dones++;
}

static const DisplayChangeListenerOps rec_ops = {
    .name = "recorder",
    .dpy_gfx_update = rec_update,
    .dpy_gfx_switch = rec_switch,
    .dpy_refresh = rec_refresh,
    .dpy_refresh_done = rec_done,
};

static FakeDevice device;

static void sleep_ms(int ms)
{
    struct timespec ts = { 0, ms * 1000000L };
    nanosleep(&ts, NULL);
}

/* ---- console layer ---- */

static void test_console_basics(void)
{
    DisplaySurface *s;

    CHECK(qemu_console_lookup_default() == device.con);
    CHECK(!strcmp(qemu_console_name(device.con), "fake"));
    s = qemu_console_surface(device.con);
    CHECK(s && s->data);
    CHECK(s->stride >= s->width * 4);
    qemu_console_resize(device.con, 0, 100000);
    s = qemu_console_surface(device.con);
    CHECK_EQ(s->width, 1);
    CHECK_EQ(s->height, 16384);
    qemu_console_resize(device.con, 320, 200);
    s = qemu_console_surface(device.con);
    CHECK_EQ(s->width, 320);
    CHECK_EQ(s->height, 200);
    CHECK_EQ(s->stride, 320 * 4);
}

/* the refresh timer exists only while somebody listens */
static void test_refresh_only_with_listener(void)
{
    Recorder rec = { .dcl = { .ops = &rec_ops, .update_interval_ms = 10 } };
    int64_t deadline;

    CHECK_EQ(qemu_clock_deadline_ns_all(), -1);
    device.updates = device.invalidates = 0;
    register_displaychangelistener(&rec.dcl);
    CHECK(rec.dcl.con == device.con);
    CHECK_EQ(rec.switches, 1);
    CHECK(rec.surface == qemu_console_surface(device.con));
    CHECK_EQ(device.invalidates, 1);
    deadline = qemu_clock_deadline_ns_all();
    CHECK(deadline > 0 && deadline <= 10 * SCALE_MS);

    sleep_ms(12);
    device.colour = 0x123456;
    CHECK(qemu_clock_run_all_timers());
    CHECK_EQ(rec.refreshes, 1);
    CHECK_EQ(device.updates, 1);
    CHECK_EQ(rec.updates, 1);
    CHECK_EQ(rec.dones, 1);
    CHECK(rec.last_w == 1 && rec.last_h == 1);
    CHECK(qemu_clock_deadline_ns_all() > 0);

    /* resizing hands the listener the new surface */
    qemu_console_resize(device.con, 640, 480);
    CHECK_EQ(rec.switches, 2);
    CHECK_EQ(rec.surface->width, 640);

    /* rectangles are clipped to the surface; empty ones dropped */
    dpy_gfx_update(device.con, -10, 470, 30, 50);
    CHECK(rec.last_x == 0 && rec.last_y == 470 && rec.last_w == 20 && rec.last_h == 10);
    rec.updates = 0;
    dpy_gfx_update(device.con, 700, 0, 10, 10);
    dpy_gfx_update(device.con, 0, 0, 0, 10);
    CHECK_EQ(rec.updates, 0);

    unregister_displaychangelistener(&rec.dcl);
    CHECK_EQ(qemu_clock_deadline_ns_all(), -1);
    device.updates = 0;
    sleep_ms(12);
    CHECK(!qemu_clock_run_all_timers());
    CHECK_EQ(device.updates, 0);
}

static void test_console_order(void)
{
    QemuConsole *text = text_console_create("text0", NULL, NULL, 80, 25);

    CHECK(qemu_console_lookup_by_index(0) == device.con);
    CHECK(qemu_console_lookup_by_index(1) == text);
    CHECK(qemu_console_lookup_by_index(2) == NULL);
    CHECK(!qemu_console_is_graphic(text));
    CHECK(qemu_console_surface(text)->width == 80);
    CHECK(qemu_console_lookup_default() == device.con);
}

/* ---- screendump ---- */

static void draw_pattern(void)
{
    DisplaySurface *s;

    qemu_console_resize(device.con, 37, 21);
    s = qemu_console_surface(device.con);
    for (int y = 0; y < s->height; y++) {
        for (int x = 0; x < s->width; x++) {
            s->data[y * s->stride / 4 + x] = (x * 7) << 16 | (y * 11) << 8 | ((x ^ y) & 0xff);
        }
    }
    device.colour = s->data[0];     /* what the fake device redraws at (0,0) */
}

static uint32_t pattern_at(int x, int y)
{
    return (x * 7) << 16 | (y * 11) << 8 | ((x ^ y) & 0xff);
}

static void test_screendump_ppm(void)
{
    char path[] = "/tmp/test-ui-XXXXXX.ppm", *err = NULL;
    int fd = mkstemps(path, 4), w, h, max;
    uint8_t rgb[3];
    FILE *f;

    CHECK(fd >= 0);
    close(fd);
    draw_pattern();
    device.updates = 0;
    CHECK(qemu_console_screendump(device.con, path, &err));
    /* the device is asked to draw first: nobody may be showing it */
    CHECK_EQ(device.updates, 1);
    f = fopen(path, "rb");
    CHECK(f);
    CHECK(fscanf(f, "P6 %d %d %d", &w, &h, &max) == 3);
    fgetc(f);
    CHECK(w == 37 && h == 21 && max == 255);
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            uint32_t want = pattern_at(x, y);
            CHECK(fread(rgb, 1, 3, f) == 3);
            CHECK_EQ((uint32_t)(rgb[0] << 16 | rgb[1] << 8 | rgb[2]), want);
        }
    }
    CHECK(fgetc(f) == EOF);
    fclose(f);
    unlink(path);
    /* an unwritable place is an error with the file's name */
    CHECK(!qemu_console_screendump(device.con, "/nonexistent/dir/x.ppm", &err));
    CHECK(strstr(err, "/nonexistent/dir/x.ppm"));
    free(err);
    CHECK(!qemu_console_screendump_format(device.con, path, "bmp", &err));
    free(err);
    CHECK(!qemu_console_screendump(NULL, path, &err));
    free(err);
}

#ifdef CONFIG_PNG
static void test_screendump_png(void)
{
    char path[] = "/tmp/test-ui-XXXXXX.png", *err = NULL;
    int fd = mkstemps(path, 4);
    png_image image = { .version = PNG_IMAGE_VERSION };
    uint8_t *pixels;

    CHECK(fd >= 0);
    close(fd);
    draw_pattern();
    CHECK(qemu_console_screendump(device.con, path, &err));
    CHECK(png_image_begin_read_from_file(&image, path));
    CHECK(image.width == 37 && image.height == 21);
    image.format = PNG_FORMAT_RGB;
    pixels = malloc(PNG_IMAGE_SIZE(image));
    CHECK(png_image_finish_read(&image, NULL, pixels, 0, NULL));
    for (int y = 0; y < 21; y++) {
        for (int x = 0; x < 37; x++) {
            const uint8_t *p = pixels + (y * 37 + x) * 3;
            if ((uint32_t)(p[0] << 16 | p[1] << 8 | p[2]) != pattern_at(x, y)) {
                free(pixels);
                CHECK_EQ((uint32_t)(p[0] << 16 | p[1] << 8 | p[2]), pattern_at(x, y));
            }
        }
    }
    free(pixels);
    /* -f png forces the format whatever the name says */
    CHECK(qemu_console_screendump_format(device.con, path, "png", &err));
    unlink(path);
}
#endif

/* ---- key mapping ---- */

/* bytes of a key as a printable hex string */
static void key_bytes(unsigned keycode, bool down, int set, unsigned mods, char *out)
{
    uint8_t b[PS2_MAX_KEY_BYTES];
    int n = ps2_key_scancodes(keycode, down, set, mods, b);

    out[0] = 0;
    for (int i = 0; i < n; i++) {
        sprintf(out + strlen(out), "%s%02x", i ? " " : "", b[i]);
    }
}

#define KEY_CHECK(keycode, down, set, mods, want) do { \
    char got_[64]; \
    key_bytes(keycode, down, set, mods, got_); \
    if (strcmp(got_, want)) { \
        printf("FAIL %s: key %u %s set %d: got '%s', expected '%s'\n", current_test, \
               (unsigned)(keycode), (down) ? "make" : "break", set, got_, want); \
        failures++; \
        return; \
    } \
} while (0)

static void test_special_keys(void)
{
    KEY_CHECK(KEY_PAUSE, true, 2, 0, "e1 14 77 e1 f0 14 f0 77");
    KEY_CHECK(KEY_PAUSE, false, 2, 0, "");
    KEY_CHECK(KEY_PAUSE, true, 1, 0, "e1 1d 45 e1 9d c5");
    KEY_CHECK(KEY_PAUSE, true, 2, PS2_MOD_CTRL, "e0 7e e0 f0 7e");
    KEY_CHECK(KEY_PAUSE, true, 1, PS2_MOD_CTRL, "e0 46 e0 c6");
    KEY_CHECK(KEY_SYSRQ, true, 2, 0, "e0 12 e0 7c");
    KEY_CHECK(KEY_SYSRQ, false, 2, 0, "e0 f0 7c e0 f0 12");
    KEY_CHECK(KEY_SYSRQ, true, 1, 0, "e0 2a e0 37");
    KEY_CHECK(KEY_SYSRQ, false, 1, 0, "e0 b7 e0 aa");
    KEY_CHECK(KEY_SYSRQ, true, 2, PS2_MOD_ALT, "84");
    KEY_CHECK(KEY_SYSRQ, false, 2, PS2_MOD_ALT, "f0 84");
    KEY_CHECK(KEY_SYSRQ, true, 1, PS2_MOD_ALT, "54");
    KEY_CHECK(KEY_F7, true, 2, 0, "83");
    KEY_CHECK(KEY_F7, false, 2, 0, "f0 83");
    KEY_CHECK(KEY_F7, true, 1, 0, "41");
    KEY_CHECK(KEY_DELETE, false, 1, 0, "e0 d3");
    KEY_CHECK(KEY_HANGEUL, true, 2, 0, "f2");
    KEY_CHECK(KEY_HANGEUL, false, 2, 0, "");
    KEY_CHECK(KEY_UNDO, true, 2, 0, "");
    KEY_CHECK(KEY_MAX + 5, true, 2, 0, "");
}

#ifdef CONFIG_SDL
/* every SDL scancode a PC keyboard has, with its set-2 make code (0xe0xx: extended) */
static const struct { int sc; unsigned set2, set1; } sdl_keys[] = {
    { SDL_SCANCODE_A, 0x1c, 0x1e }, { SDL_SCANCODE_B, 0x32, 0x30 }, { SDL_SCANCODE_C, 0x21, 0x2e },
    { SDL_SCANCODE_D, 0x23, 0x20 }, { SDL_SCANCODE_E, 0x24, 0x12 }, { SDL_SCANCODE_F, 0x2b, 0x21 },
    { SDL_SCANCODE_G, 0x34, 0x22 }, { SDL_SCANCODE_H, 0x33, 0x23 }, { SDL_SCANCODE_I, 0x43, 0x17 },
    { SDL_SCANCODE_J, 0x3b, 0x24 }, { SDL_SCANCODE_K, 0x42, 0x25 }, { SDL_SCANCODE_L, 0x4b, 0x26 },
    { SDL_SCANCODE_M, 0x3a, 0x32 }, { SDL_SCANCODE_N, 0x31, 0x31 }, { SDL_SCANCODE_O, 0x44, 0x18 },
    { SDL_SCANCODE_P, 0x4d, 0x19 }, { SDL_SCANCODE_Q, 0x15, 0x10 }, { SDL_SCANCODE_R, 0x2d, 0x13 },
    { SDL_SCANCODE_S, 0x1b, 0x1f }, { SDL_SCANCODE_T, 0x2c, 0x14 }, { SDL_SCANCODE_U, 0x3c, 0x16 },
    { SDL_SCANCODE_V, 0x2a, 0x2f }, { SDL_SCANCODE_W, 0x1d, 0x11 }, { SDL_SCANCODE_X, 0x22, 0x2d },
    { SDL_SCANCODE_Y, 0x35, 0x15 }, { SDL_SCANCODE_Z, 0x1a, 0x2c },
    { SDL_SCANCODE_1, 0x16, 0x02 }, { SDL_SCANCODE_2, 0x1e, 0x03 }, { SDL_SCANCODE_3, 0x26, 0x04 },
    { SDL_SCANCODE_4, 0x25, 0x05 }, { SDL_SCANCODE_5, 0x2e, 0x06 }, { SDL_SCANCODE_6, 0x36, 0x07 },
    { SDL_SCANCODE_7, 0x3d, 0x08 }, { SDL_SCANCODE_8, 0x3e, 0x09 }, { SDL_SCANCODE_9, 0x46, 0x0a },
    { SDL_SCANCODE_0, 0x45, 0x0b },
    { SDL_SCANCODE_RETURN, 0x5a, 0x1c }, { SDL_SCANCODE_ESCAPE, 0x76, 0x01 },
    { SDL_SCANCODE_BACKSPACE, 0x66, 0x0e }, { SDL_SCANCODE_TAB, 0x0d, 0x0f },
    { SDL_SCANCODE_SPACE, 0x29, 0x39 }, { SDL_SCANCODE_MINUS, 0x4e, 0x0c },
    { SDL_SCANCODE_EQUALS, 0x55, 0x0d }, { SDL_SCANCODE_LEFTBRACKET, 0x54, 0x1a },
    { SDL_SCANCODE_RIGHTBRACKET, 0x5b, 0x1b }, { SDL_SCANCODE_BACKSLASH, 0x5d, 0x2b },
    { SDL_SCANCODE_NONUSHASH, 0x5d, 0x2b }, { SDL_SCANCODE_SEMICOLON, 0x4c, 0x27 },
    { SDL_SCANCODE_APOSTROPHE, 0x52, 0x28 }, { SDL_SCANCODE_GRAVE, 0x0e, 0x29 },
    { SDL_SCANCODE_COMMA, 0x41, 0x33 }, { SDL_SCANCODE_PERIOD, 0x49, 0x34 },
    { SDL_SCANCODE_SLASH, 0x4a, 0x35 }, { SDL_SCANCODE_CAPSLOCK, 0x58, 0x3a },
    { SDL_SCANCODE_F1, 0x05, 0x3b }, { SDL_SCANCODE_F2, 0x06, 0x3c }, { SDL_SCANCODE_F3, 0x04, 0x3d },
    { SDL_SCANCODE_F4, 0x0c, 0x3e }, { SDL_SCANCODE_F5, 0x03, 0x3f }, { SDL_SCANCODE_F6, 0x0b, 0x40 },
    { SDL_SCANCODE_F7, 0x83, 0x41 }, { SDL_SCANCODE_F8, 0x0a, 0x42 }, { SDL_SCANCODE_F9, 0x01, 0x43 },
    { SDL_SCANCODE_F10, 0x09, 0x44 }, { SDL_SCANCODE_F11, 0x78, 0x57 },
    { SDL_SCANCODE_F12, 0x07, 0x58 },
    { SDL_SCANCODE_SCROLLLOCK, 0x7e, 0x46 }, { SDL_SCANCODE_INSERT, 0xe070, 0xe052 },
    { SDL_SCANCODE_HOME, 0xe06c, 0xe047 }, { SDL_SCANCODE_PAGEUP, 0xe07d, 0xe049 },
    { SDL_SCANCODE_DELETE, 0xe071, 0xe053 }, { SDL_SCANCODE_END, 0xe069, 0xe04f },
    { SDL_SCANCODE_PAGEDOWN, 0xe07a, 0xe051 }, { SDL_SCANCODE_RIGHT, 0xe074, 0xe04d },
    { SDL_SCANCODE_LEFT, 0xe06b, 0xe04b }, { SDL_SCANCODE_DOWN, 0xe072, 0xe050 },
    { SDL_SCANCODE_UP, 0xe075, 0xe048 }, { SDL_SCANCODE_NUMLOCKCLEAR, 0x77, 0x45 },
    { SDL_SCANCODE_KP_DIVIDE, 0xe04a, 0xe035 }, { SDL_SCANCODE_KP_MULTIPLY, 0x7c, 0x37 },
    { SDL_SCANCODE_KP_MINUS, 0x7b, 0x4a }, { SDL_SCANCODE_KP_PLUS, 0x79, 0x4e },
    { SDL_SCANCODE_KP_ENTER, 0xe05a, 0xe01c },
    { SDL_SCANCODE_KP_1, 0x69, 0x4f }, { SDL_SCANCODE_KP_2, 0x72, 0x50 },
    { SDL_SCANCODE_KP_3, 0x7a, 0x51 }, { SDL_SCANCODE_KP_4, 0x6b, 0x4b },
    { SDL_SCANCODE_KP_5, 0x73, 0x4c }, { SDL_SCANCODE_KP_6, 0x74, 0x4d },
    { SDL_SCANCODE_KP_7, 0x6c, 0x47 }, { SDL_SCANCODE_KP_8, 0x75, 0x48 },
    { SDL_SCANCODE_KP_9, 0x7d, 0x49 }, { SDL_SCANCODE_KP_0, 0x70, 0x52 },
    { SDL_SCANCODE_KP_PERIOD, 0x71, 0x53 }, { SDL_SCANCODE_NONUSBACKSLASH, 0x61, 0x56 },
    { SDL_SCANCODE_APPLICATION, 0xe02f, 0xe05d }, { SDL_SCANCODE_POWER, 0xe037, 0xe05e },
    { SDL_SCANCODE_KP_EQUALS, 0x0f, 0x59 },
    { SDL_SCANCODE_F13, 0x2f, 0x5d }, { SDL_SCANCODE_F14, 0x37, 0x5e },
    { SDL_SCANCODE_F15, 0x3f, 0x5f },
    { SDL_SCANCODE_STOP, 0xe028, 0xe068 }, { SDL_SCANCODE_MUTE, 0xe023, 0xe020 },
    { SDL_SCANCODE_VOLUMEUP, 0xe032, 0xe030 }, { SDL_SCANCODE_VOLUMEDOWN, 0xe021, 0xe02e },
    { SDL_SCANCODE_KP_COMMA, 0x6d, 0x7e }, { SDL_SCANCODE_INTERNATIONAL1, 0x51, 0x73 },
    { SDL_SCANCODE_INTERNATIONAL2, 0x13, 0x70 }, { SDL_SCANCODE_INTERNATIONAL3, 0x6a, 0x7d },
    { SDL_SCANCODE_INTERNATIONAL4, 0x64, 0x79 }, { SDL_SCANCODE_INTERNATIONAL5, 0x67, 0x7b },
    { SDL_SCANCODE_LCTRL, 0x14, 0x1d }, { SDL_SCANCODE_LSHIFT, 0x12, 0x2a },
    { SDL_SCANCODE_LALT, 0x11, 0x38 }, { SDL_SCANCODE_LGUI, 0xe01f, 0xe05b },
    { SDL_SCANCODE_RCTRL, 0xe014, 0xe01d }, { SDL_SCANCODE_RSHIFT, 0x59, 0x36 },
    { SDL_SCANCODE_RALT, 0xe011, 0xe038 }, { SDL_SCANCODE_RGUI, 0xe027, 0xe05c },
    { SDL_SCANCODE_AUDIONEXT, 0xe04d, 0xe019 }, { SDL_SCANCODE_AUDIOPREV, 0xe015, 0xe010 },
    { SDL_SCANCODE_AUDIOSTOP, 0xe03b, 0xe024 }, { SDL_SCANCODE_AUDIOPLAY, 0xe034, 0xe022 },
    { SDL_SCANCODE_AUDIOMUTE, 0xe023, 0xe020 }, { SDL_SCANCODE_MEDIASELECT, 0xe050, 0xe06d },
    { SDL_SCANCODE_MAIL, 0xe048, 0xe06c }, { SDL_SCANCODE_CALCULATOR, 0xe02b, 0xe021 },
    { SDL_SCANCODE_COMPUTER, 0xe040, 0xe06b }, { SDL_SCANCODE_AC_SEARCH, 0xe010, 0xe065 },
    { SDL_SCANCODE_AC_HOME, 0xe03a, 0xe032 }, { SDL_SCANCODE_AC_BACK, 0xe038, 0xe06a },
    { SDL_SCANCODE_AC_FORWARD, 0xe030, 0xe069 }, { SDL_SCANCODE_AC_STOP, 0xe028, 0xe068 },
    { SDL_SCANCODE_AC_REFRESH, 0xe020, 0xe067 }, { SDL_SCANCODE_AC_BOOKMARKS, 0xe018, 0xe066 },
    { SDL_SCANCODE_SLEEP, 0xe03f, 0xe05f },
};

static void expected_bytes(unsigned code, bool down, int set, char *out)
{
    out[0] = 0;
    if (code & 0xe000) {
        strcat(out, "e0 ");
    }
    if (set == 2) {
        sprintf(out + strlen(out), down ? "%02x" : "f0 %02x", code & 0xff);
    } else {
        sprintf(out + strlen(out), "%02x", (code & 0xff) | (down ? 0 : 0x80));
    }
}

static void test_sdl_scancodes(void)
{
    int mapped = 0;

    for (size_t i = 0; i < ARRAY_SIZE(sdl_keys); i++) {
        unsigned keycode = sdl_scancode_to_keycode(sdl_keys[i].sc);
        char want[32];

        for (int set = 1; set <= 2; set++) {
            for (int down = 1; down >= 0; down--) {
                expected_bytes(set == 2 ? sdl_keys[i].set2 : sdl_keys[i].set1, down, set, want);
                KEY_CHECK(keycode, down, set, 0, want);
            }
        }
    }
    /* Pause and PrintScreen from SDL too */
    KEY_CHECK(sdl_scancode_to_keycode(SDL_SCANCODE_PAUSE), true, 2, 0, "e1 14 77 e1 f0 14 f0 77");
    KEY_CHECK(sdl_scancode_to_keycode(SDL_SCANCODE_PRINTSCREEN), true, 2, 0, "e0 12 e0 7c");
    /* the Korean keys send one byte, on make only */
    KEY_CHECK(sdl_scancode_to_keycode(SDL_SCANCODE_LANG1), true, 2, 0, "f2");
    KEY_CHECK(sdl_scancode_to_keycode(SDL_SCANCODE_LANG1), false, 2, 0, "");
    KEY_CHECK(sdl_scancode_to_keycode(SDL_SCANCODE_LANG2), true, 1, 0, "f1");
    /* no scancode outside the list maps to a PS/2 key */
    for (int sc = 0; sc < SDL_NUM_SCANCODES; sc++) {
        uint8_t b[PS2_MAX_KEY_BYTES];
        bool listed = sc == SDL_SCANCODE_PAUSE || sc == SDL_SCANCODE_PRINTSCREEN ||
                      sc == SDL_SCANCODE_LANG1 || sc == SDL_SCANCODE_LANG2;
        for (size_t i = 0; i < ARRAY_SIZE(sdl_keys) && !listed; i++) {
            listed = sdl_keys[i].sc == sc;
        }
        if (!listed && ps2_key_scancodes(sdl_scancode_to_keycode(sc), true, 2, 0, b)) {
            printf("FAIL %s: SDL scancode %d maps to a key not checked\n", current_test, sc);
            failures++;
            return;
        }
        mapped += listed;
    }
    CHECK(mapped > 130);
    CHECK_EQ(sdl_scancode_to_keycode(-1), 0);
    CHECK_EQ(sdl_scancode_to_keycode(SDL_NUM_SCANCODES), 0);
}
#endif

/* every key sendkey can name is a key the PS/2 keyboard can send */
static void test_key_names(void)
{
    static const char *const names[] = { "ctrl", "alt", "delete", "a", "kp_add", "ret",
                                         "f12", "print", "pause", "meta_l", "less" };
    static const unsigned codes[] = { KEY_LEFTCTRL, KEY_LEFTALT, KEY_DELETE, KEY_A, KEY_KPPLUS,
                                      KEY_ENTER, KEY_F12, KEY_SYSRQ, KEY_PAUSE, KEY_LEFTMETA,
                                      KEY_102ND };

    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        CHECK_EQ(qemu_input_key_from_name(names[i]), codes[i]);
    }
    CHECK_EQ(qemu_input_key_from_name("nosuchkey"), -1);
    for (unsigned k = 0; k <= KEY_MAX; k++) {
        const char *name = qemu_input_key_name(k);
        uint8_t b[PS2_MAX_KEY_BYTES];
        if (name && !ps2_key_scancodes(k, true, 2, 0, b)) {
            printf("FAIL %s: key '%s' has no PS/2 scancode\n", current_test, name);
            failures++;
            return;
        }
    }
}

/* ---- PS/2 devices ---- */

static int update_calls;
static void count_update(void *opaque)
{
    update_calls++;
}

static int drain(PS2State *s, uint8_t *out, int max)
{
    int n = 0;
    while (ps2_has_data(s) && n < max) {
        out[n++] = ps2_read_data(s);
    }
    return n;
}

static void test_ps2_keyboard(void)
{
    static PS2KbdState kbd;
    uint8_t b[32];

    ps2_kbd_init(&kbd, count_update, NULL);
    /* untranslated set 2: extended keys with E0, breaks with F0 */
    qemu_input_key_event(KEY_RIGHTCTRL, true);
    qemu_input_key_event(KEY_RIGHTCTRL, false);
    CHECK_EQ(drain(&kbd.common, b, 32), 5);
    CHECK(!memcmp(b, "\xe0\x14\xe0\xf0\x14", 5));
    /* the 8042 translating: set 1 */
    ps2_keyboard_set_translation(&kbd, true);
    qemu_input_key_event(KEY_A, true);
    qemu_input_key_event(KEY_A, false);
    CHECK_EQ(drain(&kbd.common, b, 32), 2);
    CHECK(b[0] == 0x1e && b[1] == 0x9e);
    /* Ctrl held turns Pause into Break */
    qemu_input_key_event(KEY_LEFTCTRL, true);
    qemu_input_key_event(KEY_PAUSE, true);
    CHECK_EQ(drain(&kbd.common, b, 32), 5);
    CHECK(!memcmp(b, "\x1d\xe0\x46\xe0\xc6", 5));
    qemu_input_key_event(KEY_LEFTCTRL, false);
    drain(&kbd.common, b, 32);
    /* a disabled keyboard (F5) sends nothing */
    ps2_write_keyboard(&kbd, 0xf5);
    drain(&kbd.common, b, 32);
    qemu_input_key_event(KEY_B, true);
    CHECK(!ps2_has_data(&kbd.common));
    ps2_write_keyboard(&kbd, 0xf4);
    drain(&kbd.common, b, 32);
    /* a full queue takes a key whole or not at all */
    for (int i = 0; i < 40; i++) {
        qemu_input_key_event(KEY_PAUSE, true);
    }
    CHECK_EQ(kbd.common.queue.count, 30);
    /* set 3 is refused: the guest stays on set 2 */
    ps2_kbd_reset(&kbd);
    ps2_write_keyboard(&kbd, 0xf0);
    ps2_write_keyboard(&kbd, 3);
    CHECK_EQ(drain(&kbd.common, b, 32), 2);
    CHECK(b[0] == 0xfa && b[1] == 0xfe);
    CHECK_EQ(kbd.scancode_set, 2);
}

static void mouse_cmd(PS2MouseState *m, uint8_t cmd)
{
    uint8_t b[32];
    ps2_write_mouse(m, cmd);
    drain(&m->common, b, 32);
}

static void append_line(void *opaque, const char *line)
{
    strcat(opaque, line);
    strcat(opaque, "\n");
}

static void test_ps2_mouse(void)
{
    static PS2MouseState m;
    uint8_t b[32];
    char list[256] = "";

    ps2_mouse_init(&m, count_update, NULL);
    /* nothing before the guest enables reporting */
    qemu_input_mouse_event(5, 5, 0, 0);
    CHECK(!ps2_has_data(&m.common));
    mouse_cmd(&m, 0xf4);
    qemu_input_mouse_event(10, -3, 0, INPUT_BUTTON_LEFT);
    CHECK_EQ(drain(&m.common, b, 32), 3);
    /* y counts up; the sign bits and bit 3 are in the first byte */
    CHECK_EQ(b[0], 0x08 | 0x01);
    CHECK(b[1] == 10 && b[2] == 3);
    qemu_input_mouse_event(-2, 4, 0, INPUT_BUTTON_LEFT | INPUT_BUTTON_RIGHT);
    CHECK_EQ(drain(&m.common, b, 32), 3);
    CHECK_EQ(b[0], 0x08 | 0x10 | 0x20 | 0x03);
    CHECK(b[1] == 0xfe && b[2] == 0xfc);
    /* a big move is split into packets of at most 255 */
    qemu_input_mouse_event(600, 0, 0, 0);
    CHECK_EQ(drain(&m.common, b, 32), 9);
    CHECK(b[1] == 255 && b[4] == 255 && b[7] == 90);
    /* IntelliMouse (200, 100, 80): a fourth byte with the wheel, up is negative */
    mouse_cmd(&m, 0xf3), mouse_cmd(&m, 200);
    mouse_cmd(&m, 0xf3), mouse_cmd(&m, 100);
    mouse_cmd(&m, 0xf3), mouse_cmd(&m, 80);
    CHECK_EQ(m.type, 3);
    qemu_input_mouse_event(0, 0, 2, 0);
    CHECK_EQ(drain(&m.common, b, 32), 4);
    CHECK_EQ(b[3], 0xfe);
    /* Explorer (200, 200, 80): buttons 4 and 5 in the fourth byte */
    mouse_cmd(&m, 0xf3), mouse_cmd(&m, 200);
    mouse_cmd(&m, 0xf3), mouse_cmd(&m, 200);
    mouse_cmd(&m, 0xf3), mouse_cmd(&m, 80);
    CHECK_EQ(m.type, 4);
    qemu_input_mouse_event(0, 0, -1, INPUT_BUTTON_SIDE | INPUT_BUTTON_EXTRA);
    CHECK_EQ(drain(&m.common, b, 32), 4);
    CHECK_EQ(b[3], 0x01 | 0x10 | 0x20);
    /* more motion than the queue holds waits until the guest reads */
    qemu_input_mouse_event(4000, 0, 0, 0);
    CHECK_EQ(m.common.queue.count, 32);
    CHECK_EQ(drain(&m.common, b, 32), 32);
    CHECK(ps2_has_data(&m.common));
    qemu_input_list_mice(append_line, list);
    CHECK(strstr(list, "* Mouse #0: QEMU PS/2 Mouse"));
}

/* a controller that takes each byte as soon as it is queued, as the 8042
 * does with an empty output buffer: the mouse must not recurse */
static PS2MouseState eager_mouse;
static uint8_t eager_bytes[64];
static int eager_count;

static void eager_take(void *opaque)
{
    while (ps2_has_data(&eager_mouse.common) && eager_count < 64) {
        eager_bytes[eager_count++] = ps2_read_data(&eager_mouse.common);
    }
}

static void test_ps2_mouse_eager_controller(void)
{
    ps2_mouse_init(&eager_mouse, eager_take, NULL);
    ps2_write_mouse(&eager_mouse, 0xf4);
    eager_count = 0;
    qemu_input_mouse_event(300, 0, 1, INPUT_BUTTON_LEFT);
    /* two packets (255 + 45), the wheel dropped by the plain PS/2 mouse */
    CHECK_EQ(eager_count, 6);
    CHECK(eager_bytes[1] == 255 && eager_bytes[4] == 45);
    CHECK_EQ(eager_bytes[0], 0x09);
}

/* ---- sendkey ---- */

static unsigned seen_keys[16];
static bool seen_down[16];
static int nb_seen;

static void record_key(void *opaque, unsigned keycode, bool down)
{
    if (nb_seen < 16) {
        seen_keys[nb_seen] = keycode;
        seen_down[nb_seen++] = down;
    }
}

static void test_sendkey(void)
{
    char *err = NULL;

    qemu_clock_set_manual(0);
    qemu_input_add_keyboard("recorder", record_key, NULL);
    CHECK(qemu_input_send_keys("ctrl-alt-delete", 100, &err));
    CHECK_EQ(nb_seen, 3);
    CHECK(seen_keys[0] == KEY_LEFTCTRL && seen_keys[1] == KEY_LEFTALT &&
          seen_keys[2] == KEY_DELETE && seen_down[2]);
    qemu_clock_step(99 * SCALE_MS);
    CHECK_EQ(nb_seen, 3);
    qemu_clock_step(2 * SCALE_MS);
    CHECK_EQ(nb_seen, 6);
    /* released in reverse order */
    CHECK(seen_keys[3] == KEY_DELETE && !seen_down[3] && seen_keys[5] == KEY_LEFTCTRL);
    CHECK(!qemu_input_send_keys("ctrl-nosuchkey", 100, &err));
    CHECK(strstr(err, "nosuchkey"));
    free(err);
    CHECK(!qemu_input_send_keys("ctrl-", 100, &err));
    free(err);
    CHECK_EQ(nb_seen, 6);
}

/* ---- the vc text terminal ---- */

/* does cell (col, row) of the surface show ch in these colours */
static bool cell_shows(DisplaySurface *s, int col, int row, uint8_t ch, uint32_t fg, uint32_t bg)
{
    for (int y = 0; y < VC_CELL_HEIGHT; y++) {
        const uint32_t *p = (const uint32_t *)((const uint8_t *)s->data +
                            (size_t)(row * VC_CELL_HEIGHT + y) * s->stride) + col * VC_CELL_WIDTH;
        uint8_t bits = vc_font_row(ch, y);
        for (int x = 0; x < VC_CELL_WIDTH; x++) {
            if (p[x] != (bits & (0x80 >> x) ? fg : bg)) {
                return false;
            }
        }
    }
    return true;
}

static void vc_write_str(Chardev *chr, const char *str)
{
    char_vc_class.write(chr, (const uint8_t *)str, strlen(str));
}

static bool vc_input_is(Chardev *chr, const char *want)
{
    uint8_t buf[64];
    int n = char_vc_class.read(chr, buf, sizeof(buf));
    return n == (int)strlen(want) && !memcmp(buf, want, n);
}

static void test_vc(void)
{
    static Chardev chr = { .label = (char *)"vc-test" };
    QemuOpts *opts = qemu_opts_new();
    QemuConsole *con = NULL;
    DisplaySurface *s;
    char *err = NULL;
    const uint32_t white = 0xaaaaaa, black = 0;

    CHECK(!vc_legacy_opts(opts, "vc:abc", &err));
    free(err);
    CHECK(vc_legacy_opts(opts, "vc:10Cx4C", &err));
    CHECK(char_vc_class.open(&chr, opts, &err));
    for (int i = 0; (con = qemu_console_lookup_by_index(i)); i++) {
        if (!strcmp(qemu_console_name(con), "vc-test")) {
            break;
        }
    }
    CHECK(con && !qemu_console_is_graphic(con));
    s = qemu_console_surface(con);
    CHECK(s->width == 10 * VC_CELL_WIDTH && s->height == 4 * VC_CELL_HEIGHT);

    vc_write_str(&chr, "AB\r\nC\x1b[31mR\x1b[0m");
    graphic_hw_update(con);
    CHECK(cell_shows(s, 0, 0, 'A', white, black));
    CHECK(cell_shows(s, 1, 0, 'B', white, black));
    CHECK(cell_shows(s, 0, 1, 'C', white, black));
    CHECK(cell_shows(s, 1, 1, 'R', 0xaa0000, black));
    /* the cursor is the next cell, shown inverted */
    CHECK(cell_shows(s, 2, 1, ' ', black, white));
    /* the cursor position report comes back as input */
    vc_write_str(&chr, "\x1b[6n");
    CHECK(vc_input_is(&chr, "\x1b[2;3R"));
    /* positioning, wrapping at the last column, scrolling at the bottom */
    vc_write_str(&chr, "\x1b[4;9Hxyz");
    graphic_hw_update(con);
    CHECK(cell_shows(s, 0, 0, 'C', white, black));
    CHECK(cell_shows(s, 8, 2, 'x', white, black));
    CHECK(cell_shows(s, 9, 2, 'y', white, black));
    CHECK(cell_shows(s, 0, 3, 'z', white, black));
    /* erase the screen */
    vc_write_str(&chr, "\x1b[2J\x1b[H");
    graphic_hw_update(con);
    CHECK(cell_shows(s, 0, 3, ' ', white, black));
    CHECK(cell_shows(s, 0, 0, ' ', black, white));
    /* a sequence with absurd numbers stays inside the screen */
    vc_write_str(&chr, "\x1b[99999;99999H\x1b[99999Aq\x1b[;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;m");
    graphic_hw_update(con);
    /* the cursor waits on the last column for the next character: inverted */
    CHECK(cell_shows(s, 9, 0, 'q', black, white));
    /* keys typed into the console */
    text_console_key(con, KEY_UP, false);
    CHECK(vc_input_is(&chr, "\x1b[A"));
    text_console_key(con, KEY_C, true);
    CHECK(vc_input_is(&chr, "\x03"));
    text_console_key(con, KEY_ENTER, false);
    CHECK(vc_input_is(&chr, "\r"));
    text_console_text(con, "hi");
    CHECK(vc_input_is(&chr, "hi"));
    qemu_opts_free(opts);
}

int main(void)
{
    device.con = graphic_console_init("fake", &fake_ops, &device);
    run_test("ui/console-basics", test_console_basics);
    run_test("ui/refresh-only-with-listener", test_refresh_only_with_listener);
    run_test("ui/console-order", test_console_order);
    run_test("ui/screendump-ppm", test_screendump_ppm);
#ifdef CONFIG_PNG
    run_test("ui/screendump-png", test_screendump_png);
#endif
    run_test("ui/special-keys", test_special_keys);
#ifdef CONFIG_SDL
    run_test("ui/sdl-scancodes", test_sdl_scancodes);
#endif
    run_test("ui/key-names", test_key_names);
    run_test("ui/ps2-keyboard", test_ps2_keyboard);
    run_test("ui/ps2-mouse", test_ps2_mouse);
    run_test("ui/ps2-mouse-eager-controller", test_ps2_mouse_eager_controller);
    run_test("ui/sendkey", test_sendkey);
    run_test("ui/vc-terminal", test_vc);
    return failures ? 1 : 0;
}
