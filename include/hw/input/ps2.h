/*
 * PS/2 keyboard and mouse as seen from their controller: the controller
 * writes command bytes to a device, the device queues reply bytes and
 * signals that it has data; the controller takes them one at a time.
 */
#ifndef HW_INPUT_PS2_H
#define HW_INPUT_PS2_H

#include "qemu/osdep.h"

#define PS2_QUEUE_SIZE 32

typedef struct PS2Queue {
    uint8_t data[PS2_QUEUE_SIZE];
    int rptr, count;
} PS2Queue;

/* the device has bytes for the controller (level: queue not empty) */
typedef void PS2UpdateFn(void *opaque);

typedef struct PS2State {
    PS2Queue queue;
    int pending_cmd;            /* a command waiting for its parameter byte, or -1 */
    PS2UpdateFn *update;
    void *opaque;
    /* the controller took the last byte: the device may send more (mouse motion) */
    void (*drained)(struct PS2State *s);
} PS2State;

typedef struct PS2KbdState {
    PS2State common;
    bool scanning;
    bool translate;             /* the controller translates to set 1: the ID says so */
    uint8_t scancode_set;
    uint8_t leds;
    unsigned modifiers;         /* PS2_MOD_*: Ctrl and Alt change Pause and PrintScreen */
} PS2KbdState;

typedef struct PS2MouseState {
    PS2State common;
    bool enabled;               /* stream mode reporting */
    bool remote;
    bool wrap;
    bool scaling_2to1;
    uint8_t resolution;
    uint8_t sample_rate;
    uint8_t type;               /* ID: 0 PS/2, 3 IntelliMouse, 4 IntelliMouse Explorer */
    uint8_t rate_history[3];    /* the last sample rates, for the IntelliMouse knock */
    uint8_t buttons;
    uint8_t sent_buttons;       /* as in the last packet */
    int dx, dy, dz;             /* motion not sent yet (dy up, dz as the packet's) */
    bool flushing;              /* sending packets (the controller may call back) */
} PS2MouseState;

void ps2_kbd_init(PS2KbdState *s, PS2UpdateFn *update, void *opaque);
void ps2_mouse_init(PS2MouseState *s, PS2UpdateFn *update, void *opaque);
void ps2_kbd_reset(PS2KbdState *s);
void ps2_mouse_reset(PS2MouseState *s);
/* a byte from the host (controller) to the device */
void ps2_write_keyboard(PS2KbdState *s, uint8_t val);
void ps2_write_mouse(PS2MouseState *s, uint8_t val);
void ps2_keyboard_set_translation(PS2KbdState *s, bool translate);

bool ps2_has_data(const PS2State *s);
/* the next byte for the controller; the queue must not be empty */
uint8_t ps2_read_data(PS2State *s);
/* a byte that appears as if the device sent it (controller loopback commands) */
void ps2_queue(PS2State *s, uint8_t val);

/*
 * Host input (include/ui/input.h): keys as Linux key codes; mouse motion
 * with dy down and dz wheel-up steps, as the input layer gives them.
 * The init functions register the devices with the input layer.
 */
void ps2_keyboard_event(PS2KbdState *s, unsigned keycode, bool down);
void ps2_mouse_event(PS2MouseState *s, int dx, int dy, int dz, unsigned buttons);

#define PS2_MOD_CTRL 1
#define PS2_MOD_ALT  2
#define PS2_MAX_KEY_BYTES 8
/*
 * The bytes a key sends in scancode set 1 (also the 8042's translation of
 * set 2) or set 2, on make (down) or break, given the Ctrl/Alt state;
 * returns how many (0: no such key). out has PS2_MAX_KEY_BYTES room.
 */
int ps2_key_scancodes(unsigned keycode, bool down, int set, unsigned modifiers, uint8_t *out);

#endif
