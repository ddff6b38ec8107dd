/*
 * PS/2 keyboard and mouse (include/hw/input/ps2.h): what an AT keyboard
 * and a PS/2 (IntelliMouse-capable) mouse answer to the host, and what
 * they send for the host's input: scancodes (set 2, or set 1 when the
 * 8042 translates or the guest chose it) and movement packets.
 */
#include "qemu/osdep.h"
#include "hw/input/ps2.h"
#include "ui/input.h"

#define REPLY_ACK           0xfa
#define REPLY_RESEND        0xfe
#define REPLY_SELFTEST_OK   0xaa
#define REPLY_ECHO          0xee

/* keyboard commands */
#define KBD_CMD_SET_LEDS        0xed
#define KBD_CMD_ECHO            0xee
#define KBD_CMD_SCANCODE        0xf0
#define KBD_CMD_GET_ID          0xf2
#define KBD_CMD_SET_RATE        0xf3
#define KBD_CMD_ENABLE          0xf4
#define KBD_CMD_RESET_DISABLE   0xf5
#define KBD_CMD_RESET_ENABLE    0xf6
#define KBD_CMD_SET_MAKE_BREAK  0xfc    /* 0xf7-0xfd: key type settings */
#define KBD_CMD_RESEND          0xfe
#define KBD_CMD_RESET           0xff

/* mouse commands */
#define MOUSE_CMD_SET_SCALE11   0xe6
#define MOUSE_CMD_SET_SCALE21   0xe7
#define MOUSE_CMD_SET_RES       0xe8
#define MOUSE_CMD_GET_STATUS    0xe9
#define MOUSE_CMD_SET_STREAM    0xea
#define MOUSE_CMD_POLL          0xeb
#define MOUSE_CMD_RESET_WRAP    0xec
#define MOUSE_CMD_SET_WRAP      0xee
#define MOUSE_CMD_SET_REMOTE    0xf0
#define MOUSE_CMD_GET_TYPE      0xf2
#define MOUSE_CMD_SET_RATE      0xf3
#define MOUSE_CMD_ENABLE_DEV    0xf4
#define MOUSE_CMD_DISABLE_DEV   0xf5
#define MOUSE_CMD_SET_DEFAULT   0xf6
#define MOUSE_CMD_RESET         0xff

#define KBD_ID_BYTE1            0xab
#define KBD_ID_BYTE2            0x83    /* MF2 keyboard */
#define KBD_ID_BYTE2_XLATED     0x41    /* the same through the 8042's translation */

/* scancode set numbers as the translated set-1 codes the 8042 would send */
static const uint8_t translated_set_id[4] = { 0, 0x43, 0x41, 0x3f };

/* ---- queue ---- */

void ps2_queue(PS2State *s, uint8_t val)
{
    PS2Queue *q = &s->queue;

    /* a full queue drops bytes, like the device's own small buffer */
    if (q->count < PS2_QUEUE_SIZE) {
        q->data[(q->rptr + q->count) % PS2_QUEUE_SIZE] = val;
        q->count++;
    }
    s->update(s->opaque);
}

static void ps2_clear_queue(PS2State *s)
{
    s->queue.rptr = 0;
    s->queue.count = 0;
}

bool ps2_has_data(const PS2State *s)
{
    return s->queue.count > 0;
}

uint8_t ps2_read_data(PS2State *s)
{
    PS2Queue *q = &s->queue;
    uint8_t val = q->data[q->rptr];

    assert(q->count > 0);
    q->rptr = (q->rptr + 1) % PS2_QUEUE_SIZE;
    q->count--;
    if (!q->count && s->drained) {
        s->drained(s);
    }
    return val;
}

static int queue_room(const PS2State *s)
{
    return PS2_QUEUE_SIZE - s->queue.count;
}

/* ---- keyboard ---- */

static void kbd_defaults(PS2KbdState *s)
{
    s->scanning = true;
    s->scancode_set = 2;
    s->leds = 0;
}

static unsigned modifier_bit(unsigned keycode)
{
    switch (keycode) {
    case KEY_LEFTCTRL:
    case KEY_RIGHTCTRL:
        return PS2_MOD_CTRL;
    case KEY_LEFTALT:
    case KEY_RIGHTALT:
        return PS2_MOD_ALT;
    default:
        return 0;
    }
}

void ps2_keyboard_event(PS2KbdState *s, unsigned keycode, bool down)
{
    uint8_t bytes[PS2_MAX_KEY_BYTES];
    unsigned mod = modifier_bit(keycode);
    int set = s->translate || s->scancode_set == 1 ? 1 : 2;
    int n;

    s->modifiers = down ? s->modifiers | mod : s->modifiers & ~mod;
    if (!s->scanning) {
        return;
    }
    n = ps2_key_scancodes(keycode, down, set, s->modifiers, bytes);
    /* a key's bytes go out whole or not at all: the guest must never see half */
    if (n > queue_room(&s->common)) {
        return;
    }
    for (int i = 0; i < n; i++) {
        ps2_queue(&s->common, bytes[i]);
    }
}

static void kbd_input(void *opaque, unsigned keycode, bool down)
{
    ps2_keyboard_event(opaque, keycode, down);
}

void ps2_kbd_reset(PS2KbdState *s)
{
    s->common.pending_cmd = -1;
    ps2_clear_queue(&s->common);
    kbd_defaults(s);
}

void ps2_keyboard_set_translation(PS2KbdState *s, bool translate)
{
    s->translate = translate;
}

static void kbd_parameter(PS2KbdState *s, int cmd, uint8_t val)
{
    switch (cmd) {
    case KBD_CMD_SET_LEDS:
        s->leds = val & 7;
        ps2_queue(&s->common, REPLY_ACK);
        break;
    case KBD_CMD_SCANCODE:
        if (val == 0) {
            ps2_queue(&s->common, REPLY_ACK);
            ps2_queue(&s->common, s->translate ? translated_set_id[s->scancode_set]
                                               : s->scancode_set);
        } else if (val <= 2) {
            /* set 3 is not implemented: a resend makes the guest keep set 2 */
            s->scancode_set = val;
            ps2_queue(&s->common, REPLY_ACK);
        } else {
            ps2_queue(&s->common, REPLY_RESEND);
        }
        break;
    case KBD_CMD_SET_RATE:
        ps2_queue(&s->common, REPLY_ACK);
        break;
    }
}

void ps2_write_keyboard(PS2KbdState *s, uint8_t val)
{
    int cmd = s->common.pending_cmd;

    if (cmd >= 0) {
        s->common.pending_cmd = -1;
        /* a command byte instead of the parameter aborts the pending command */
        if (val < KBD_CMD_SET_LEDS) {
            kbd_parameter(s, cmd, val);
            return;
        }
    }
    switch (val) {
    case KBD_CMD_SET_LEDS:      /* 0xED: parameter follows */
    case KBD_CMD_SCANCODE:      /* 0xF0 */
    case KBD_CMD_SET_RATE:      /* 0xF3 */
        s->common.pending_cmd = val;
        ps2_queue(&s->common, REPLY_ACK);
        break;
    case KBD_CMD_ECHO:          /* 0xEE */
        ps2_queue(&s->common, REPLY_ECHO);
        break;
    case KBD_CMD_GET_ID:        /* 0xF2 */
        ps2_queue(&s->common, REPLY_ACK);
        ps2_queue(&s->common, KBD_ID_BYTE1);
        ps2_queue(&s->common, s->translate ? KBD_ID_BYTE2_XLATED : KBD_ID_BYTE2);
        break;
    case KBD_CMD_ENABLE:        /* 0xF4 */
        s->scanning = true;
        ps2_queue(&s->common, REPLY_ACK);
        break;
    case KBD_CMD_RESET_DISABLE: /* 0xF5 */
        kbd_defaults(s);
        s->scanning = false;
        ps2_queue(&s->common, REPLY_ACK);
        break;
    case KBD_CMD_RESET_ENABLE:  /* 0xF6 */
        kbd_defaults(s);
        ps2_queue(&s->common, REPLY_ACK);
        break;
    case 0xf7 ... KBD_CMD_SET_MAKE_BREAK:
    case 0xfd:                  /* key type settings: accepted, nothing to do */
        ps2_queue(&s->common, REPLY_ACK);
        break;
    case KBD_CMD_RESET:         /* 0xFF: self-test passes */
        ps2_clear_queue(&s->common);
        kbd_defaults(s);
        ps2_queue(&s->common, REPLY_ACK);
        ps2_queue(&s->common, REPLY_SELFTEST_OK);
        break;
    default:                    /* 0xFE resend included: we have nothing to resend */
        ps2_queue(&s->common, REPLY_RESEND);
        break;
    }
}

void ps2_kbd_init(PS2KbdState *s, PS2UpdateFn *update, void *opaque)
{
    memset(s, 0, sizeof(*s));
    s->common.update = update;
    s->common.opaque = opaque;
    ps2_kbd_reset(s);
    qemu_input_add_keyboard("QEMU PS/2 Keyboard", kbd_input, s);
}

/* ---- mouse ---- */

static void mouse_defaults(PS2MouseState *s)
{
    s->enabled = false;
    s->remote = false;
    s->scaling_2to1 = false;
    s->resolution = 2;          /* 4 counts/mm */
    s->sample_rate = 100;
    /* the movement counters restart; the buttons are still held or not */
    s->dx = s->dy = s->dz = 0;
    s->sent_buttons = s->buttons;
}

void ps2_mouse_reset(PS2MouseState *s)
{
    s->common.pending_cmd = -1;
    ps2_clear_queue(&s->common);
    mouse_defaults(s);
    s->wrap = false;
    s->type = 0;
    memset(s->rate_history, 0, sizeof(s->rate_history));
}

/* IntelliMouse detection: sample rates 200,100,80 give type 3; 200,200,80 type 4 */
static void mouse_note_rate(PS2MouseState *s, uint8_t rate)
{
    s->rate_history[0] = s->rate_history[1];
    s->rate_history[1] = s->rate_history[2];
    s->rate_history[2] = rate;
    if (s->rate_history[0] == 200 && s->rate_history[2] == 80) {
        if (s->rate_history[1] == 100 && s->type == 0) {
            s->type = 3;
        } else if (s->rate_history[1] == 200 && s->type == 3) {
            s->type = 4;
        }
    }
}

static int packet_size(const PS2MouseState *s)
{
    return s->type == 3 || s->type == 4 ? 4 : 3;
}

static int take(int *pending, int limit)
{
    int v = MIN(MAX(*pending, -limit), limit);
    *pending -= v;
    return v;
}

/* one packet with as much of the pending motion as it holds */
static void mouse_send_packet(PS2MouseState *s)
{
    int dx = take(&s->dx, 255), dy = take(&s->dy, 255);
    /* bit 3 of the first byte is always one */
    uint8_t bytes[4] = {
        0x08 | (s->buttons & 7) | (dx < 0 ? 0x10 : 0) | (dy < 0 ? 0x20 : 0),
        dx & 0xff, dy & 0xff, 0
    };

    if (s->type == 3) {
        bytes[3] = take(&s->dz, 127) & 0xff;
    } else if (s->type == 4) {
        /* Explorer: 4-bit wheel, then the 4th and 5th buttons */
        bytes[3] = (take(&s->dz, 7) & 0x0f) | ((s->buttons & 0x18) << 1);
    } else {
        s->dz = 0;      /* a plain PS/2 mouse has no wheel */
    }
    s->sent_buttons = s->buttons;
    /* the state is final before the first byte goes: the controller may
     * take it at once and ask for more (mouse_drained) */
    for (int i = 0; i < packet_size(s); i++) {
        ps2_queue(&s->common, bytes[i]);
    }
}

static bool mouse_has_news(const PS2MouseState *s)
{
    return s->dx || s->dy || s->dz || s->buttons != s->sent_buttons;
}

/* stream mode: send while there is news and room for whole packets */
static void mouse_flush(PS2MouseState *s)
{
    if (!s->enabled || s->remote || s->wrap || s->flushing) {
        return;
    }
    /* the controller taking bytes calls back here: one loop is enough */
    s->flushing = true;
    while (mouse_has_news(s) && queue_room(&s->common) >= packet_size(s)) {
        mouse_send_packet(s);
    }
    s->flushing = false;
}

static void mouse_drained(PS2State *common)
{
    mouse_flush(container_of(common, PS2MouseState, common));
}

/* motion beyond this is dropped rather than replayed for seconds */
#define MOUSE_MAX_PENDING 4096

void ps2_mouse_event(PS2MouseState *s, int dx, int dy, int dz, unsigned buttons)
{
    s->dx = MIN(MAX(s->dx + dx, -MOUSE_MAX_PENDING), MOUSE_MAX_PENDING);
    /* PS/2 counts up as positive, and a positive wheel count as down */
    s->dy = MIN(MAX(s->dy - dy, -MOUSE_MAX_PENDING), MOUSE_MAX_PENDING);
    s->dz = MIN(MAX(s->dz - dz, -MOUSE_MAX_PENDING), MOUSE_MAX_PENDING);
    s->buttons = buttons & 0x1f;
    mouse_flush(s);
}

static void mouse_input(void *opaque, int dx, int dy, int dz, unsigned buttons)
{
    ps2_mouse_event(opaque, dx, dy, dz, buttons);
}

void ps2_write_mouse(PS2MouseState *s, uint8_t val)
{
    int cmd = s->common.pending_cmd;

    if (cmd >= 0) {
        s->common.pending_cmd = -1;
        if (cmd == MOUSE_CMD_SET_RES) {
            s->resolution = val & 3;
        } else {
            s->sample_rate = val;
            mouse_note_rate(s, val);
        }
        ps2_queue(&s->common, REPLY_ACK);
        return;
    }
    /* wrap (echo) mode: everything but reset and leaving wrap comes back */
    if (s->wrap && val != MOUSE_CMD_RESET_WRAP && val != MOUSE_CMD_RESET) {
        ps2_queue(&s->common, val);
        return;
    }
    switch (val) {
    case MOUSE_CMD_SET_SCALE11:     /* 0xE6 */
        s->scaling_2to1 = false;
        ps2_queue(&s->common, REPLY_ACK);
        break;
    case MOUSE_CMD_SET_SCALE21:     /* 0xE7 */
        s->scaling_2to1 = true;
        ps2_queue(&s->common, REPLY_ACK);
        break;
    case MOUSE_CMD_SET_RES:         /* 0xE8: parameter follows */
    case MOUSE_CMD_SET_RATE:        /* 0xF3 */
        s->common.pending_cmd = val;
        ps2_queue(&s->common, REPLY_ACK);
        break;
    case MOUSE_CMD_GET_STATUS:      /* 0xE9 */
        ps2_queue(&s->common, REPLY_ACK);
        ps2_queue(&s->common, (s->remote << 6) | (s->enabled << 5) |
                              (s->scaling_2to1 << 4) | s->buttons);
        ps2_queue(&s->common, s->resolution);
        ps2_queue(&s->common, s->sample_rate);
        break;
    case MOUSE_CMD_SET_STREAM:      /* 0xEA */
        s->remote = false;
        ps2_queue(&s->common, REPLY_ACK);
        break;
    case MOUSE_CMD_SET_REMOTE:      /* 0xF0 */
        s->remote = true;
        ps2_queue(&s->common, REPLY_ACK);
        break;
    case MOUSE_CMD_POLL:            /* 0xEB */
        ps2_queue(&s->common, REPLY_ACK);
        /* a whole packet or none: a guest flooding polls gets no torn packets */
        if (queue_room(&s->common) >= packet_size(s)) {
            mouse_send_packet(s);
        }
        break;
    case MOUSE_CMD_RESET_WRAP:      /* 0xEC */
        s->wrap = false;
        ps2_queue(&s->common, REPLY_ACK);
        break;
    case MOUSE_CMD_SET_WRAP:        /* 0xEE */
        s->wrap = true;
        ps2_queue(&s->common, REPLY_ACK);
        break;
    case MOUSE_CMD_GET_TYPE:        /* 0xF2 */
        ps2_queue(&s->common, REPLY_ACK);
        ps2_queue(&s->common, s->type);
        break;
    case MOUSE_CMD_ENABLE_DEV:      /* 0xF4: reports start from here */
        s->dx = s->dy = s->dz = 0;
        s->enabled = true;
        ps2_queue(&s->common, REPLY_ACK);
        break;
    case MOUSE_CMD_DISABLE_DEV:     /* 0xF5 */
        s->enabled = false;
        ps2_queue(&s->common, REPLY_ACK);
        break;
    case MOUSE_CMD_SET_DEFAULT:     /* 0xF6 */
        mouse_defaults(s);
        ps2_queue(&s->common, REPLY_ACK);
        break;
    case MOUSE_CMD_RESET:           /* 0xFF: self-test passes, ID 0 */
        ps2_mouse_reset(s);
        ps2_queue(&s->common, REPLY_ACK);
        ps2_queue(&s->common, REPLY_SELFTEST_OK);
        ps2_queue(&s->common, 0);
        break;
    default:
        ps2_queue(&s->common, REPLY_RESEND);
        break;
    }
}

void ps2_mouse_init(PS2MouseState *s, PS2UpdateFn *update, void *opaque)
{
    memset(s, 0, sizeof(*s));
    s->common.update = update;
    s->common.opaque = opaque;
    s->common.drained = mouse_drained;
    ps2_mouse_reset(s);
    qemu_input_add_mouse("QEMU PS/2 Mouse", mouse_input, s);
}
