/*
 * 8254 interval timer (include/hw/i386/i8254.h).
 *
 * Counters are not stepped: a channel keeps the virtual time its count
 * was loaded and derives the counter and OUT from the ticks elapsed since.
 * Channel 0 sleeps on a timer until OUT's next rising edge, where it gives
 * IRQ0 an edge; missed periods (a host too busy to keep up) are dropped,
 * not replayed in a burst.
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "hw/i386/i8254.h"

#define RW_LATCH 0
#define RW_LSB   1
#define RW_MSB   2
#define RW_WORD  3

/* mode 2 and 3 need at least two ticks per period */
static uint64_t period(const PITChannel *c)
{
    return (c->mode == 2 || c->mode == 3) && c->count < 2 ? 2 : c->count;
}

static uint64_t ns_to_ticks(int64_t ns)
{
    return ns <= 0 ? 0 : (uint64_t)((unsigned __int128)ns * PIT_FREQ / NANOSECONDS_PER_SECOND);
}

/* the first virtual ns at which `ticks` have elapsed */
static int64_t ticks_to_ns(uint64_t ticks)
{
    return (int64_t)(((unsigned __int128)ticks * NANOSECONDS_PER_SECOND + PIT_FREQ - 1) / PIT_FREQ);
}

static uint64_t elapsed_ticks(const PITChannel *c)
{
    if (c->frozen) {
        return c->frozen_ticks;
    }
    return ns_to_ticks(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) - c->count_load_time);
}

static bool channel_out(const PITChannel *c, uint64_t d)
{
    uint64_t p = period(c);

    if (!c->loaded) {
        return c->mode != 0;
    }
    if (c->waiting_trigger) {
        return true;
    }
    switch (c->mode) {
    case 0:
    case 1:
        return d >= p;
    case 2:
        return d % p != p - 1;
    case 3:
        return d % p < (p + 1) / 2;
    default: /* 4, 5: one tick low at terminal count */
        return d != p;
    }
}

static uint32_t channel_counter(const PITChannel *c, uint64_t d)
{
    uint64_t p = period(c);

    if (!c->loaded || c->waiting_trigger) {
        return c->count & 0xffff;
    }
    switch (c->mode) {
    case 2:
        return (p - d % p) & 0xffff;
    case 3:
        return (p - (2 * d) % p) & 0xfffe;
    default:
        return (p - d) & 0xffff;
    }
}

/* the tick after d where OUT next rises, or UINT64_MAX if never */
static uint64_t next_rising_edge(const PITChannel *c, uint64_t d)
{
    uint64_t p = period(c);

    switch (c->mode) {
    case 0:
    case 1:
        return d < p ? p : UINT64_MAX;
    case 2:
    case 3:
        return (d / p + 1) * p;
    default:
        return d <= p ? p + 1 : UINT64_MAX;
    }
}

static void channel_irq_rearm(PITChannel *c, uint64_t d)
{
    uint64_t next;

    if (!c->irq) {
        return;
    }
    next = c->loaded && !c->waiting_trigger && !c->frozen ? next_rising_edge(c, d) : UINT64_MAX;
    if (next == UINT64_MAX) {
        timer_del(&c->irq_timer);
    } else {
        timer_mod_ns(&c->irq_timer, c->count_load_time + ticks_to_ns(next));
    }
}

static void channel_irq_timer(void *opaque)
{
    PITChannel *c = opaque;

    qemu_irq_lower(c->irq);
    qemu_irq_raise(c->irq);
    channel_irq_rearm(c, elapsed_ticks(c));
}

/* OUT changed other than by counting (mode set, count load, gate) */
static void channel_out_changed(PITChannel *c)
{
    uint64_t d = elapsed_ticks(c);

    qemu_set_irq(c->irq, channel_out(c, d));
    channel_irq_rearm(c, d);
}

static uint32_t bcd_to_bin(uint32_t v)
{
    return (v & 0xf) + ((v >> 4) & 0xf) * 10 + ((v >> 8) & 0xf) * 100 + ((v >> 12) & 0xf) * 1000;
}

static uint32_t bin_to_bcd(uint32_t v)
{
    v %= 10000;
    return (v % 10) | ((v / 10 % 10) << 4) | ((v / 100 % 10) << 8) | ((v / 1000) << 12);
}

static void channel_load_count(PITChannel *c, uint32_t raw)
{
    uint32_t count = c->bcd ? bcd_to_bin(raw) : raw;

    if (count == 0) {
        count = c->bcd ? 10000 : 0x10000;
    }
    c->count = count;
    c->null_count = false;
    c->loaded = true;
    c->frozen = false;
    c->count_load_time = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    /* modes 1 and 5 start at the next gate edge; modes 0, 2-4 pause with gate low */
    c->waiting_trigger = c->mode == 1 || c->mode == 5;
    if (!c->gate && !c->waiting_trigger) {
        c->frozen = true;
        c->frozen_ticks = 0;
    }
    channel_out_changed(c);
}

static void channel_latch_count(PITChannel *c)
{
    if (!c->count_latched) {
        uint32_t v = channel_counter(c, elapsed_ticks(c));
        c->latched_count = c->bcd ? bin_to_bcd(v) : v;
        c->count_latched = c->rw_mode;
    }
}

static void channel_latch_status(PITChannel *c)
{
    if (!c->status_latched) {
        c->status = (channel_out(c, elapsed_ticks(c)) << 7) | (c->null_count << 6) |
                    (c->rw_mode << 4) | (c->mode << 1) | c->bcd;
        c->status_latched = true;
    }
}

/* what a mode write and a reset both drop: latches, the count, the run state */
static void channel_forget_count(PITChannel *c)
{
    c->count_latched = 0;
    c->status_latched = false;
    c->null_count = true;
    c->loaded = false;
    c->waiting_trigger = false;
    c->frozen = false;
}

static void pit_control_write(PITState *s, uint8_t val)
{
    int channel = val >> 6;
    PITChannel *c;

    if (channel == 3) {
        /* read-back: bits 1-3 select channels; a 0 bit 5/4 latches count/status */
        for (int i = 0; i < 3; i++) {
            if (val & (2 << i)) {
                if (!(val & 0x20)) {
                    channel_latch_count(&s->channels[i]);
                }
                if (!(val & 0x10)) {
                    channel_latch_status(&s->channels[i]);
                }
            }
        }
        return;
    }
    c = &s->channels[channel];
    if (((val >> 4) & 3) == RW_LATCH) {
        channel_latch_count(c);
        return;
    }
    c->rw_mode = (val >> 4) & 3;
    c->mode = (val >> 1) & 7;
    if (c->mode > 5) {
        c->mode -= 4;       /* 6 and 7 are 2 and 3 */
    }
    c->bcd = val & 1;
    c->read_state = c->write_state = c->rw_mode;
    channel_forget_count(c);
    channel_out_changed(c);
}

static void pit_port_write(void *opaque, hwaddr addr, uint64_t value, unsigned size)
{
    PITState *s = opaque;
    uint8_t val = value;
    PITChannel *c;

    addr &= 3;
    if (addr == 3) {
        pit_control_write(s, val);
        return;
    }
    c = &s->channels[addr];
    switch (c->write_state) {
    case RW_LSB:
        channel_load_count(c, val);
        break;
    case RW_MSB:
        channel_load_count(c, val << 8);
        break;
    case RW_WORD:
        c->write_latch = val;
        c->write_state = RW_WORD + 1;   /* the MSB comes next */
        break;
    case RW_WORD + 1:
        channel_load_count(c, c->write_latch | (val << 8));
        c->write_state = RW_WORD;
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "i8254: count written to channel %d "
                      "before its mode\n", (int)addr);
        break;
    }
}

static uint64_t pit_port_read(void *opaque, hwaddr addr, unsigned size)
{
    PITState *s = opaque;
    PITChannel *c;
    uint32_t v;
    uint8_t ret;

    addr &= 3;
    if (addr == 3) {
        /* the control register is write-only; reads give 0, as in QEMU */
        return 0;
    }
    c = &s->channels[addr];
    if (c->status_latched) {
        c->status_latched = false;
        return c->status;
    }
    if (c->count_latched) {
        switch (c->count_latched) {
        case RW_MSB:
            c->count_latched = 0;
            return c->latched_count >> 8;
        case RW_WORD:
            c->count_latched = RW_WORD + 1;
            return c->latched_count & 0xff;
        case RW_WORD + 1:
            c->count_latched = 0;
            return c->latched_count >> 8;
        default:
            c->count_latched = 0;
            return c->latched_count & 0xff;
        }
    }
    v = channel_counter(c, elapsed_ticks(c));
    if (c->bcd) {
        v = bin_to_bcd(v);
    }
    switch (c->read_state) {
    case RW_MSB:
        ret = v >> 8;
        break;
    case RW_WORD:
        ret = v & 0xff;
        c->read_state = RW_WORD + 1;
        break;
    case RW_WORD + 1:
        ret = v >> 8;
        c->read_state = RW_WORD;
        break;
    default:
        ret = v & 0xff;
        break;
    }
    return ret;
}

void pit_set_gate(PITState *s, int channel, bool level)
{
    PITChannel *c = &s->channels[channel];
    bool rising = level && !c->gate;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    if (level == c->gate) {
        return;
    }
    c->gate = level;
    if (!c->loaded) {
        return;
    }
    switch (c->mode) {
    case 1:
    case 5:
        /* a rising edge (re)triggers the count */
        if (rising) {
            c->count_load_time = now;
            c->waiting_trigger = false;
        }
        break;
    case 2:
    case 3:
        /* gate low holds OUT high and stops; a rising edge reloads */
        if (rising) {
            c->frozen = false;
            c->count_load_time = now;
        } else {
            c->frozen = true;
            c->frozen_ticks = 0;
        }
        break;
    default:
        /* modes 0 and 4: gate low pauses counting */
        if (rising) {
            c->count_load_time = now - ticks_to_ns(c->frozen_ticks);
            c->frozen = false;
        } else {
            c->frozen_ticks = elapsed_ticks(c);
            c->frozen = true;
        }
        break;
    }
    channel_out_changed(c);
}

bool pit_get_out(PITState *s, int channel)
{
    PITChannel *c = &s->channels[channel];
    return channel_out(c, elapsed_ticks(c));
}

void i8254_reset(PITState *s)
{
    for (int i = 0; i < 3; i++) {
        PITChannel *c = &s->channels[i];
        c->mode = 3;
        c->rw_mode = c->read_state = c->write_state = RW_WORD;
        c->bcd = false;
        c->count = 0x10000;
        channel_forget_count(c);
        /* channel 0 and 1 gates are tied high; channel 2's comes from port 0x61 */
        c->gate = i != 2;
        channel_out_changed(c);
    }
}

static const MemoryRegionOps pit_port_ops = {
    .read = pit_port_read,
    .write = pit_port_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .min_access_size = 1,
    .max_access_size = 1,
};

PITState *i8254_init(ISABus *bus, qemu_irq irq)
{
    PITState *s = qemu_mallocz(sizeof(*s));
    MemoryRegion *io = qemu_mallocz(sizeof(*io));

    s->channels[0].irq = irq;
    timer_init_ns(&s->channels[0].irq_timer, QEMU_CLOCK_VIRTUAL, channel_irq_timer,
                  &s->channels[0]);
    memory_region_init_io(io, &pit_port_ops, s, "pit", 4);
    isa_register_ioport(bus, io, 0x40);
    i8254_reset(s);
    return s;
}
