/*
 * MC146818 RTC/CMOS (include/hw/rtc/mc146818rtc.h).
 *
 * The time is never ticked: it is a base second plus the virtual time
 * since the base, turned into registers when read. Seconds are kept apart
 * from nanoseconds so any year the guest can write (up to 9999) fits. The same arithmetic gives the update-in-progress
 * window and the flags of register C, so timers only run while the guest
 * has asked for the matching interrupt.
 */
#include "qemu/osdep.h"
#include "hw/rtc/mc146818rtc.h"
#include "sysemu/runstate.h"
#include <time.h>

/* registers */
#define REG_SECONDS         0x00
#define REG_SECONDS_ALARM   0x01
#define REG_MINUTES         0x02
#define REG_MINUTES_ALARM   0x03
#define REG_HOURS           0x04
#define REG_HOURS_ALARM     0x05
#define REG_DAY_OF_WEEK     0x06
#define REG_DAY_OF_MONTH    0x07
#define REG_MONTH           0x08
#define REG_YEAR            0x09
#define REG_A               0x0a
#define REG_B               0x0b
#define REG_C               0x0c
#define REG_D               0x0d

#define REG_A_UIP           0x80
#define REG_A_DV_MASK       0x70
#define REG_A_DV_32K        0x20    /* the only divider chain setting that counts */
#define REG_A_RATE_MASK     0x0f
#define REG_B_SET           0x80
#define REG_B_PIE           0x40
#define REG_B_AIE           0x20
#define REG_B_UIE           0x10
#define REG_B_SQWE          0x08
#define REG_B_DM_BINARY     0x04
#define REG_B_24H           0x02
#define REG_C_IRQF          0x80
#define REG_C_PF            0x40
#define REG_C_AF            0x20
#define REG_C_UF            0x10
#define REG_D_VRT           0x80    /* the battery is fine */

#define NMI_MASK_BIT        0x80
#define ALARM_DONT_CARE     0xc0    /* an alarm byte of 0xc0-0xff matches any value */

#define RTC_CLOCK_HZ        32768
/* UIP rises 244 us before the update, which lasts 1984 us */
#define UIP_BEFORE_NS       244000
#define UPDATE_CYCLE_NS     1984000

static const uint8_t time_regs[] = {
    REG_SECONDS, REG_MINUTES, REG_HOURS, REG_DAY_OF_WEEK, REG_DAY_OF_MONTH,
    REG_MONTH, REG_YEAR, CMOS_CENTURY,
};

static bool is_time_reg(int idx)
{
    return memchr(time_regs, idx, sizeof(time_regs)) != NULL;
}

static int64_t virtual_now(void)
{
    return qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
}

/* ns since the base second began; the divider chain's phase counts from there */
static int64_t since_base(RTCState *s)
{
    return virtual_now() - s->base_vns;
}

static int64_t guest_secs(RTCState *s)
{
    return s->base_secs + since_base(s) / NANOSECONDS_PER_SECOND;
}

static bool clock_counts(RTCState *s)
{
    return (s->cmos[REG_A] & REG_A_DV_MASK) == REG_A_DV_32K;
}

/* ---- register encoding ---- */

static uint8_t to_reg(RTCState *s, int v)
{
    if (s->cmos[REG_B] & REG_B_DM_BINARY) {
        return v;
    }
    return ((v / 10) << 4) | (v % 10);
}

static int from_reg(RTCState *s, uint8_t v)
{
    if (s->cmos[REG_B] & REG_B_DM_BINARY) {
        return v;
    }
    return (v >> 4) * 10 + (v & 0x0f);
}

static uint8_t hour_to_reg(RTCState *s, int hour)
{
    if (s->cmos[REG_B] & REG_B_24H) {
        return to_reg(s, hour);
    }
    /* 12-hour mode: 12 AM, 1 AM ... 12 PM, bit 7 set for PM */
    return to_reg(s, hour % 12 ? hour % 12 : 12) | (hour >= 12 ? 0x80 : 0);
}

static int hour_from_reg(RTCState *s, uint8_t v)
{
    if (s->cmos[REG_B] & REG_B_24H) {
        return from_reg(s, v);
    }
    return from_reg(s, v & 0x7f) % 12 + (v & 0x80 ? 12 : 0);
}

/* the time registers from guest time (seconds since the epoch, UTC) */
static void store_time(RTCState *s, int64_t secs)
{
    time_t t = secs;
    struct tm tm;

    gmtime_r(&t, &tm);
    s->cmos[REG_SECONDS] = to_reg(s, tm.tm_sec);
    s->cmos[REG_MINUTES] = to_reg(s, tm.tm_min);
    s->cmos[REG_HOURS] = hour_to_reg(s, tm.tm_hour);
    s->cmos[REG_DAY_OF_WEEK] = to_reg(s, tm.tm_wday + 1);
    s->cmos[REG_DAY_OF_MONTH] = to_reg(s, tm.tm_mday);
    s->cmos[REG_MONTH] = to_reg(s, tm.tm_mon + 1);
    /* from the year itself: tm_year is negative before 1900, which the
     * registers allow (century 0..99) */
    s->cmos[REG_YEAR] = to_reg(s, (tm.tm_year + 1900) % 100);
    s->cmos[CMOS_CENTURY] = to_reg(s, (tm.tm_year + 1900) / 100);
}

/* guest time from the registers; out-of-range fields roll over as timegm does */
static int64_t load_time(RTCState *s)
{
    struct tm tm = {
        .tm_sec = from_reg(s, s->cmos[REG_SECONDS]),
        .tm_min = from_reg(s, s->cmos[REG_MINUTES]),
        .tm_hour = hour_from_reg(s, s->cmos[REG_HOURS]),
        .tm_mday = from_reg(s, s->cmos[REG_DAY_OF_MONTH]),
        .tm_mon = from_reg(s, s->cmos[REG_MONTH]) - 1,
        .tm_year = from_reg(s, s->cmos[CMOS_CENTURY]) * 100 +
                   from_reg(s, s->cmos[REG_YEAR]) - 1900,
    };
    return timegm(&tm);
}

/* the clock continues from the registers, frac_ns into their second */
static void set_time_from_regs(RTCState *s, int64_t frac_ns)
{
    s->base_secs = load_time(s);
    s->base_vns = virtual_now() - frac_ns;
    s->last_c_read_ns = since_base(s);
}

/* ---- interrupts ---- */

/* periodic interrupt period in 32768 Hz ticks, 0 when off */
static int64_t periodic_ticks(RTCState *s)
{
    int rate = s->cmos[REG_A] & REG_A_RATE_MASK;

    if (!rate || !clock_counts(s)) {
        return 0;
    }
    /* rates 1 and 2 repeat rates 8 and 9 (256 and 128 Hz) */
    return rate <= 2 ? 1 << (rate + 6) : 1 << (rate - 1);
}

static int64_t ns_to_ticks(int64_t ns)
{
    return (__int128)ns * RTC_CLOCK_HZ / NANOSECONDS_PER_SECOND;
}

static int64_t ticks_to_ns(int64_t ticks)
{
    return (__int128)ticks * NANOSECONDS_PER_SECOND / RTC_CLOCK_HZ;
}

static void update_irq(RTCState *s)
{
    uint8_t c = s->cmos[REG_C];
    uint8_t enabled = s->cmos[REG_B] & (REG_B_PIE | REG_B_AIE | REG_B_UIE);

    /* each flag of C sits at the bit position of its enable in B */
    if ((c & enabled & (REG_C_PF | REG_C_AF | REG_C_UF)) && !(c & REG_C_IRQF)) {
        s->cmos[REG_C] |= REG_C_IRQF;
        qemu_irq_raise(s->irq);
    }
}
QEMU_BUILD_BUG_ON(REG_C_PF != REG_B_PIE || REG_C_AF != REG_B_AIE || REG_C_UF != REG_B_UIE);

static bool alarm_matches(RTCState *s, int64_t secs)
{
    static const uint8_t pairs[][2] = {
        { REG_SECONDS_ALARM, REG_SECONDS },
        { REG_MINUTES_ALARM, REG_MINUTES },
        { REG_HOURS_ALARM, REG_HOURS },
    };

    store_time(s, secs);
    for (size_t i = 0; i < ARRAY_SIZE(pairs); i++) {
        uint8_t alarm = s->cmos[pairs[i][0]];
        if ((alarm & ALARM_DONT_CARE) != ALARM_DONT_CARE && alarm != s->cmos[pairs[i][1]]) {
            return false;
        }
    }
    return true;
}

/*
 * Flags that came due since register C was last read, for the events that
 * run no timer: every update sets UF, every periodic tick PF.
 */
static void catch_up_flags(RTCState *s)
{
    int64_t now = since_base(s);
    int64_t period = periodic_ticks(s);

    if (s->cmos[REG_B] & REG_B_SET) {
        return;
    }
    if (clock_counts(s) && now / NANOSECONDS_PER_SECOND !=
                           s->last_c_read_ns / NANOSECONDS_PER_SECOND) {
        s->cmos[REG_C] |= REG_C_UF;
        if (alarm_matches(s, guest_secs(s))) {
            s->cmos[REG_C] |= REG_C_AF;
        }
    }
    if (period && ns_to_ticks(now) / period != ns_to_ticks(s->last_c_read_ns) / period) {
        s->cmos[REG_C] |= REG_C_PF;
    }
}

static void rearm_periodic(RTCState *s)
{
    int64_t period = periodic_ticks(s);

    if (!period || !(s->cmos[REG_B] & REG_B_PIE)) {
        timer_del(&s->periodic_timer);
        return;
    }
    /* the next multiple of the period in guest time, as the divider chain counts */
    int64_t next_tick = (ns_to_ticks(since_base(s)) / period + 1) * period;
    timer_mod_ns(&s->periodic_timer, s->base_vns + ticks_to_ns(next_tick) + 1);
}

static void rearm_second(RTCState *s)
{
    if (!(s->cmos[REG_B] & (REG_B_UIE | REG_B_AIE)) || (s->cmos[REG_B] & REG_B_SET) ||
        !clock_counts(s)) {
        timer_del(&s->second_timer);
        return;
    }
    int64_t next = (since_base(s) / NANOSECONDS_PER_SECOND + 1) * NANOSECONDS_PER_SECOND;
    timer_mod_ns(&s->second_timer, s->base_vns + next);
}

static void periodic_timer_cb(void *opaque)
{
    RTCState *s = opaque;

    s->cmos[REG_C] |= REG_C_PF;
    update_irq(s);
    rearm_periodic(s);
}

static void second_timer_cb(void *opaque)
{
    RTCState *s = opaque;
    int64_t secs = guest_secs(s);

    s->cmos[REG_C] |= REG_C_UF;
    if (alarm_matches(s, secs)) {
        s->cmos[REG_C] |= REG_C_AF;
    }
    update_irq(s);
    rearm_second(s);
}

/* ---- ports ---- */

static uint8_t read_reg_a(RTCState *s)
{
    uint8_t val = s->cmos[REG_A] & ~REG_A_UIP;

    if (clock_counts(s) && !(s->cmos[REG_B] & REG_B_SET)) {
        int64_t frac = since_base(s) % NANOSECONDS_PER_SECOND;
        if (frac >= NANOSECONDS_PER_SECOND - UIP_BEFORE_NS || frac < UPDATE_CYCLE_NS) {
            val |= REG_A_UIP;
        }
    }
    return val;
}

static uint8_t read_data(RTCState *s)
{
    int idx = s->index;
    uint8_t val;

    if (is_time_reg(idx)) {
        if (!(s->cmos[REG_B] & REG_B_SET)) {
            store_time(s, guest_secs(s));
        }
        return s->cmos[idx];
    }
    switch (idx) {
    case REG_A:
        return read_reg_a(s);
    case REG_C:
        catch_up_flags(s);
        val = s->cmos[REG_C];
        s->cmos[REG_C] = 0;
        s->last_c_read_ns = since_base(s);
        if (val & REG_C_IRQF) {
            qemu_irq_lower(s->irq);
        }
        return val;
    case REG_D:
        return REG_D_VRT;
    default:
        return s->cmos[idx];
    }
}

static void write_reg_b(RTCState *s, uint8_t val)
{
    uint8_t old = s->cmos[REG_B];

    if ((val & REG_B_SET) && !(old & REG_B_SET)) {
        /* freeze: the registers now hold the time and take the guest's writes */
        store_time(s, guest_secs(s));
        val &= ~REG_B_UIE;
    } else if (!(val & REG_B_SET) && (old & REG_B_SET)) {
        /* the new time starts its second now, in the format now selected */
        s->cmos[REG_B] = val;
        set_time_from_regs(s, 0);
    }
    s->cmos[REG_B] = val;
    update_irq(s);
    rearm_periodic(s);
    rearm_second(s);
}

static void write_data(RTCState *s, uint8_t val)
{
    int idx = s->index;

    if (is_time_reg(idx)) {
        if (!(s->cmos[REG_B] & REG_B_SET)) {
            int64_t frac = since_base(s) % NANOSECONDS_PER_SECOND;
            store_time(s, guest_secs(s));
            s->cmos[idx] = val;
            set_time_from_regs(s, frac);
            rearm_periodic(s);
            rearm_second(s);
        } else {
            s->cmos[idx] = val;
        }
        return;
    }
    switch (idx) {
    case REG_A:
        s->cmos[REG_A] = val & ~REG_A_UIP;
        rearm_periodic(s);
        rearm_second(s);
        break;
    case REG_B:
        write_reg_b(s, val);
        break;
    case REG_C:
    case REG_D:
        break;      /* read-only */
    default:
        s->cmos[idx] = val;
        break;
    }
}

/* port access: 0 index, 1 data */
static uint64_t rtc_io_read(void *opaque, hwaddr addr, unsigned size)
{
    RTCState *s = opaque;

    /* the index port is write-only */
    return addr & 1 ? read_data(s) : 0xff;
}

static void rtc_io_write(void *opaque, hwaddr addr, uint64_t value, unsigned size)
{
    RTCState *s = opaque;
    uint8_t val = value;

    if (addr & 1) {
        write_data(s, val);
    } else {
        s->index = val & 0x7f;
        s->nmi_masked = val & NMI_MASK_BIT;
    }
}

static const MemoryRegionOps rtc_io_ops = {
    .read = rtc_io_read,
    .write = rtc_io_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .min_access_size = 1,
    .max_access_size = 1,
};

void rtc_set_memory(RTCState *s, int addr, uint8_t val)
{
    if (addr >= 0 && addr < RTC_CMOS_SIZE) {
        s->cmos[addr] = val;
    }
}

uint8_t rtc_get_memory(RTCState *s, int addr)
{
    return addr >= 0 && addr < RTC_CMOS_SIZE ? s->cmos[addr] : 0xff;
}

/* what the RESET pin clears; the time and the CMOS bytes survive */
void rtc_reset(RTCState *s)
{
    s->cmos[REG_B] &= ~(REG_B_PIE | REG_B_AIE | REG_B_UIE | REG_B_SQWE);
    s->cmos[REG_C] = 0;
    s->last_c_read_ns = since_base(s);
    qemu_irq_lower(s->irq);
    timer_del(&s->periodic_timer);
    timer_del(&s->second_timer);
}

static void rtc_reset_handler(void *opaque)
{
    rtc_reset(opaque);
}

RTCState *rtc_init(ISABus *bus)
{
    RTCState *s = qemu_mallocz(sizeof(*s));
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    s->base_secs = ts.tv_sec;
    s->base_vns = virtual_now() - ts.tv_nsec;
    s->cmos[REG_A] = REG_A_DV_32K | 0x06;      /* 1024 Hz periodic rate, as firmware leaves it */
    s->cmos[REG_B] = REG_B_24H;
    s->irq = isa_get_irq(bus, RTC_ISA_IRQ);
    timer_init_ns(&s->periodic_timer, QEMU_CLOCK_VIRTUAL, periodic_timer_cb, s);
    timer_init_ns(&s->second_timer, QEMU_CLOCK_VIRTUAL, second_timer_cb, s);
    memory_region_init_io(&s->io, &rtc_io_ops, s, "rtc", 2);
    isa_register_ioport(bus, &s->io, 0x70);
    qemu_register_reset(rtc_reset_handler, s);
    rtc_reset(s);
    return s;
}
