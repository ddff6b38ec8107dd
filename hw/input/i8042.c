/*
 * The 8042 keyboard controller (include/hw/input/i8042.h).
 *
 * One output buffer is shared by controller replies, the keyboard and the
 * mouse: when it is empty, the next byte is taken from whichever source
 * has one (controller first, then keyboard, then mouse) and its interrupt
 * raised if the command byte enables it.
 */
#include "qemu/osdep.h"
#include "hw/input/i8042.h"
#include "sysemu/runstate.h"

#define DATA_PORT   0x60
#define CMD_PORT    0x64

/* status register */
#define STAT_OBF        0x01    /* output buffer full */
#define STAT_SYSFLAG    0x04    /* copy of the command byte's system flag */
#define STAT_CMD        0x08    /* last write was to the command port */
#define STAT_UNLOCKED   0x10    /* keyboard not inhibited by the key lock */
#define STAT_MOUSE_OBF  0x20    /* the output buffer holds mouse data */

/* command byte (CTR) */
#define MODE_KBD_INT        0x01
#define MODE_MOUSE_INT      0x02
#define MODE_SYSFLAG        0x04
#define MODE_DISABLE_KBD    0x10
#define MODE_DISABLE_MOUSE  0x20
#define MODE_KCC            0x40    /* translate keyboard codes to set 1 */

/* output port */
#define OUT_RESET       0x01    /* active low: 0 resets the CPU */
#define OUT_A20         0x02
#define OUT_KBD_OBF     0x10
#define OUT_MOUSE_OBF   0x20

/* controller commands */
#define CCMD_READ_MODE      0x20
#define CCMD_WRITE_MODE     0x60
#define CCMD_DISABLE_MOUSE  0xa7
#define CCMD_ENABLE_MOUSE   0xa8
#define CCMD_TEST_MOUSE     0xa9
#define CCMD_SELF_TEST      0xaa
#define CCMD_KBD_TEST       0xab
#define CCMD_KBD_DISABLE    0xad
#define CCMD_KBD_ENABLE     0xae
#define CCMD_READ_INPORT    0xc0
#define CCMD_READ_OUTPORT   0xd0
#define CCMD_WRITE_OUTPORT  0xd1
#define CCMD_WRITE_OBUF     0xd2
#define CCMD_WRITE_AUX_OBUF 0xd3
#define CCMD_WRITE_MOUSE    0xd4
#define CCMD_DISABLE_A20    0xdd
#define CCMD_ENABLE_A20     0xdf
#define CCMD_READ_TEST      0xe0
#define CCMD_PULSE_FIRST    0xf0    /* 0xf0-0xff: pulse output port bits 0-3 low */

#define SELF_TEST_OK        0x55
#define PORT_TEST_OK        0x00
#define INPORT_DEFAULT      0xa0    /* keyboard not inhibited, 512K+ base memory jumper */

static void update_irqs(I8042State *s)
{
    bool kbd = false, mouse = false;

    if (s->status & STAT_OBF) {
        if (s->status & STAT_MOUSE_OBF) {
            mouse = s->mode & MODE_MOUSE_INT;
        } else {
            kbd = s->mode & MODE_KBD_INT;
        }
    }
    qemu_set_irq(s->irq_kbd, kbd);
    qemu_set_irq(s->irq_mouse, mouse);
}

/* fill an empty output buffer from the next source that has a byte */
static void refill(I8042State *s)
{
    if (!(s->status & STAT_OBF)) {
        if (ps2_has_data(&s->kbd.common) && !(s->mode & MODE_DISABLE_KBD)) {
            s->obdata = ps2_read_data(&s->kbd.common);
            s->status = (s->status & ~STAT_MOUSE_OBF) | STAT_OBF;
        } else if (ps2_has_data(&s->mouse.common) && !(s->mode & MODE_DISABLE_MOUSE)) {
            s->obdata = ps2_read_data(&s->mouse.common);
            s->status |= STAT_OBF | STAT_MOUSE_OBF;
        }
    }
    update_irqs(s);
}

static void ps2_update(void *opaque)
{
    refill(opaque);
}

/* a controller reply replaces whatever is in the output buffer */
static void reply(I8042State *s, uint8_t val, bool from_mouse)
{
    s->status &= ~(STAT_OBF | STAT_MOUSE_OBF);
    update_irqs(s);
    s->obdata = val;
    s->status = (s->status & ~STAT_MOUSE_OBF) | STAT_OBF | (from_mouse ? STAT_MOUSE_OBF : 0);
    update_irqs(s);
}

static void write_outport(I8042State *s, uint8_t val)
{
    s->outport = val;
    qemu_set_irq(s->a20_out, !!(val & OUT_A20));
    if (!(val & OUT_RESET)) {
        qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
    }
}

static uint8_t read_outport(I8042State *s)
{
    uint8_t val = s->outport & ~(OUT_KBD_OBF | OUT_MOUSE_OBF);

    if (s->status & STAT_OBF) {
        val |= s->status & STAT_MOUSE_OBF ? OUT_MOUSE_OBF : OUT_KBD_OBF;
    }
    return val;
}

static void write_command(I8042State *s, uint8_t cmd)
{
    s->pending = 0;
    switch (cmd) {
    case CCMD_READ_MODE:            /* 0x20: read command byte */
        reply(s, s->mode, false);
        break;
    case CCMD_WRITE_MODE:           /* 0x60: write command byte (data follows) */
    case CCMD_WRITE_OUTPORT:        /* 0xD1 */
    case CCMD_WRITE_OBUF:           /* 0xD2 */
    case CCMD_WRITE_AUX_OBUF:       /* 0xD3 */
    case CCMD_WRITE_MOUSE:          /* 0xD4 */
        s->pending = cmd;
        break;
    case CCMD_DISABLE_MOUSE:        /* 0xA7 */
        s->mode |= MODE_DISABLE_MOUSE;
        break;
    case CCMD_ENABLE_MOUSE:         /* 0xA8 */
        s->mode &= ~MODE_DISABLE_MOUSE;
        refill(s);
        break;
    case CCMD_TEST_MOUSE:           /* 0xA9 */
    case CCMD_KBD_TEST:             /* 0xAB */
        reply(s, PORT_TEST_OK, false);
        break;
    case CCMD_SELF_TEST:            /* 0xAA */
        s->status |= STAT_SYSFLAG;
        reply(s, SELF_TEST_OK, false);
        break;
    case CCMD_KBD_DISABLE:          /* 0xAD */
        s->mode |= MODE_DISABLE_KBD;
        break;
    case CCMD_KBD_ENABLE:           /* 0xAE */
        s->mode &= ~MODE_DISABLE_KBD;
        refill(s);
        break;
    case CCMD_READ_INPORT:          /* 0xC0 */
        reply(s, INPORT_DEFAULT, false);
        break;
    case CCMD_READ_OUTPORT:         /* 0xD0 */
        reply(s, read_outport(s), false);
        break;
    case CCMD_DISABLE_A20:          /* 0xDD */
        write_outport(s, s->outport & ~OUT_A20);
        break;
    case CCMD_ENABLE_A20:           /* 0xDF */
        write_outport(s, s->outport | OUT_A20);
        break;
    case CCMD_READ_TEST:            /* 0xE0: clock and data lines low */
        reply(s, 0, false);
        break;
    case CCMD_PULSE_FIRST ... 0xff: /* 0xF0-0xFF: a low bit 0 pulses the reset line */
        if (!(cmd & 1)) {
            qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
        }
        break;
    default:
        /* other commands do nothing on the PC's controller */
        break;
    }
}

static void write_data(I8042State *s, uint8_t val)
{
    uint8_t cmd = s->pending;

    s->pending = 0;
    switch (cmd) {
    case 0:                         /* no controller command: to the keyboard */
        /* sending to the keyboard enables its interface, as on real controllers */
        s->mode &= ~MODE_DISABLE_KBD;
        ps2_write_keyboard(&s->kbd, val);
        break;
    case CCMD_WRITE_MODE:
        s->mode = val;
        s->status = (s->status & ~STAT_SYSFLAG) | (val & MODE_SYSFLAG);
        ps2_keyboard_set_translation(&s->kbd, val & MODE_KCC);
        refill(s);
        break;
    case CCMD_WRITE_OUTPORT:
        write_outport(s, val);
        break;
    case CCMD_WRITE_OBUF:
        reply(s, val, false);
        break;
    case CCMD_WRITE_AUX_OBUF:
        reply(s, val, true);
        break;
    case CCMD_WRITE_MOUSE:
        ps2_write_mouse(&s->mouse, val);
        break;
    }
}

uint64_t i8042_read(I8042State *s, hwaddr port)
{
    uint8_t val;

    if (port == CMD_PORT) {
        return s->status;
    }
    val = s->obdata;
    /* the line drops when the buffer is read, so the next byte makes a new edge */
    s->status &= ~(STAT_OBF | STAT_MOUSE_OBF);
    update_irqs(s);
    refill(s);
    return val;
}

void i8042_write(I8042State *s, hwaddr port, uint8_t val)
{
    if (port == CMD_PORT) {
        s->status |= STAT_CMD;
        write_command(s, val);
    } else {
        s->status &= ~STAT_CMD;
        write_data(s, val);
    }
}

static uint64_t data_io_read(void *opaque, hwaddr addr, unsigned size)
{
    return i8042_read(opaque, DATA_PORT);
}

static void data_io_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    i8042_write(opaque, DATA_PORT, val);
}

static uint64_t cmd_io_read(void *opaque, hwaddr addr, unsigned size)
{
    return i8042_read(opaque, CMD_PORT);
}

static void cmd_io_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    i8042_write(opaque, CMD_PORT, val);
}

static const MemoryRegionOps data_io_ops = {
    .read = data_io_read,
    .write = data_io_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .min_access_size = 1,
    .max_access_size = 1,
};

static const MemoryRegionOps cmd_io_ops = {
    .read = cmd_io_read,
    .write = cmd_io_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .min_access_size = 1,
    .max_access_size = 1,
};

void i8042_reset(I8042State *s)
{
    s->mode = MODE_KBD_INT | MODE_MOUSE_INT | MODE_KCC;
    s->status = STAT_CMD | STAT_UNLOCKED;
    s->outport = OUT_RESET | OUT_A20;
    s->pending = 0;
    s->obdata = 0;
    ps2_kbd_reset(&s->kbd);
    ps2_keyboard_set_translation(&s->kbd, true);
    ps2_mouse_reset(&s->mouse);
    update_irqs(s);
}

static void i8042_reset_handler(void *opaque)
{
    i8042_reset(opaque);
}

I8042State *i8042_init(ISABus *bus, qemu_irq a20_out)
{
    I8042State *s = qemu_mallocz(sizeof(*s));

    s->irq_kbd = isa_get_irq(bus, 1);
    s->irq_mouse = isa_get_irq(bus, 12);
    s->a20_out = a20_out;
    ps2_kbd_init(&s->kbd, ps2_update, s);
    ps2_mouse_init(&s->mouse, ps2_update, s);
    memory_region_init_io(&s->data_io, &data_io_ops, s, "i8042-data", 1);
    isa_register_ioport(bus, &s->data_io, DATA_PORT);
    memory_region_init_io(&s->cmd_io, &cmd_io_ops, s, "i8042-cmd", 1);
    isa_register_ioport(bus, &s->cmd_io, CMD_PORT);
    qemu_register_reset(i8042_reset_handler, s);
    i8042_reset(s);
    return s;
}
