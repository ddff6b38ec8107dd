/*
 * PS/2 keyboard and mouse command sets (include/hw/input/ps2.h): what an
 * AT keyboard and a PS/2 (IntelliMouse-capable) mouse answer to the host.
 * No host input is connected yet, so neither device sends scancodes or
 * movement: only replies.
 */
#include "qemu/osdep.h"
#include "hw/input/ps2.h"

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
    return val;
}

/* ---- keyboard ---- */

static void kbd_defaults(PS2KbdState *s)
{
    s->scanning = true;
    s->scancode_set = 2;
    s->leds = 0;
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
        } else if (val <= 3) {
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
}

/* ---- mouse ---- */

static void mouse_defaults(PS2MouseState *s)
{
    s->enabled = false;
    s->remote = false;
    s->scaling_2to1 = false;
    s->resolution = 2;          /* 4 counts/mm */
    s->sample_rate = 100;
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

static void mouse_send_packet(PS2MouseState *s)
{
    /* no movement: bit 3 is always one in the first byte */
    ps2_queue(&s->common, 0x08 | s->buttons);
    ps2_queue(&s->common, 0);
    ps2_queue(&s->common, 0);
    if (s->type == 3 || s->type == 4) {
        ps2_queue(&s->common, 0);
    }
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
        mouse_send_packet(s);
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
    case MOUSE_CMD_ENABLE_DEV:      /* 0xF4 */
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
    ps2_mouse_reset(s);
}
