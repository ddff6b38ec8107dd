/*
 * Local APIC (include/hw/i386/apic.h), for a single CPU.
 *
 * Registers are 32-bit at 16-byte strides in a 4 KiB page. The timer
 * counts at 1 GHz divided by the divide configuration: its current count
 * is computed from the virtual clock on read, and a host timer runs only
 * while a count is loaded.
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "hw/i386/apic.h"
#include "sysemu/runstate.h"

#define APIC_MMIO_SIZE      0x1000
#define APIC_VERSION        0x14
#define APIC_BASE_ENABLE    (1ull << 11)
#define APIC_TIMER_NS_PER_TICK 1    /* the bus clock: 1 GHz */

/* register indices (offset >> 4) */
#define REG_ID          0x02
#define REG_VERSION     0x03
#define REG_TPR         0x08
#define REG_APR         0x09
#define REG_PPR         0x0a
#define REG_EOI         0x0b
#define REG_RRD         0x0c
#define REG_LDR         0x0d
#define REG_DFR         0x0e
#define REG_SVR         0x0f
#define REG_ISR         0x10    /* 0x10-0x17 */
#define REG_TMR         0x18    /* 0x18-0x1f */
#define REG_IRR         0x20    /* 0x20-0x27 */
#define REG_ESR         0x28
#define REG_ICR_LO      0x30
#define REG_ICR_HI      0x31
#define REG_LVT_TIMER   0x32    /* 0x32-0x37: timer, thermal, perf, LINT0, LINT1, error */
#define REG_TIMER_INIT  0x38
#define REG_TIMER_CUR   0x39
#define REG_TIMER_DIV   0x3e

enum { LVT_TIMER, LVT_THERMAL, LVT_PERF, LVT_LINT0, LVT_LINT1, LVT_ERROR };

#define LVT_VECTOR_MASK     0xff
#define LVT_DELMODE_SHIFT   8
#define LVT_DELMODE_MASK    (7u << LVT_DELMODE_SHIFT)
#define LVT_MASKED          (1u << 16)
#define LVT_TIMER_PERIODIC  (1u << 17)
#define SVR_ENABLE          (1u << 8)
#define ICR_DELIVERY_STATUS (1u << 12)
#define ICR_LEVEL_ASSERT    (1u << 14)
#define ICR_DEST_LOGICAL    (1u << 11)
#define ICR_SHORTHAND_SHIFT 18
#define DFR_FLAT_MODEL      0xf0000000u

#define DELMODE_FIXED       0
#define DELMODE_LOWEST      1
#define DELMODE_SMI         2
#define DELMODE_NMI         4
#define DELMODE_INIT        5
#define DELMODE_STARTUP     6
#define DELMODE_EXTINT      7

#define SHORTHAND_NONE      0
#define SHORTHAND_SELF      1
#define SHORTHAND_ALL       2
#define SHORTHAND_OTHERS    3

/* the writable bits of each LVT entry (vector, mode, polarity, trigger, mask, timer mode) */
static const uint32_t lvt_writable[APIC_LVT_COUNT] = {
    [LVT_TIMER] = 0x300ff, [LVT_THERMAL] = 0x107ff, [LVT_PERF] = 0x107ff,
    [LVT_LINT0] = 0x1a7ff, [LVT_LINT1] = 0x1a7ff, [LVT_ERROR] = 0x100ff,
};

static bool hw_enabled(APICState *s)
{
    return s->cpu->env.apic_base & APIC_BASE_ENABLE;
}

static bool sw_enabled(APICState *s)
{
    return s->svr & SVR_ENABLE;
}

/* ---- vector bitmaps ---- */

static void set_bit256(uint32_t *map, int v) { map[v >> 5] |= 1u << (v & 31); }
static void clear_bit256(uint32_t *map, int v) { map[v >> 5] &= ~(1u << (v & 31)); }
static bool test_bit256(const uint32_t *map, int v) { return map[v >> 5] & (1u << (v & 31)); }

static int highest_bit256(const uint32_t *map)
{
    for (int i = 7; i >= 0; i--) {
        if (map[i]) {
            return i * 32 + 31 - __builtin_clz(map[i]);
        }
    }
    return -1;
}

static uint32_t ppr(APICState *s)
{
    int isrv = highest_bit256(s->isr);
    uint32_t isr_class = isrv < 0 ? 0 : isrv & 0xf0;

    return (s->tpr & 0xf0) >= isr_class ? s->tpr & 0xff : isr_class;
}

/* the vector the APIC would hand the CPU now, or -1 */
static int deliverable_vector(APICState *s)
{
    int irrv = highest_bit256(s->irr);

    if (irrv < 0 || !sw_enabled(s) || (irrv & 0xf0) <= (ppr(s) & 0xf0)) {
        return -1;
    }
    return irrv;
}

static bool pic_interrupt_accepted(APICState *s)
{
    uint32_t lint0 = s->lvt[LVT_LINT0];

    if (!hw_enabled(s)) {
        return true;
    }
    return !(lint0 & LVT_MASKED) &&
           ((lint0 & LVT_DELMODE_MASK) >> LVT_DELMODE_SHIFT) == DELMODE_EXTINT;
}

static void update_cpu_irq(APICState *s)
{
    CPUState *cs = &s->cpu->parent;
    bool pending = (s->pic_level && pic_interrupt_accepted(s)) ||
                   (hw_enabled(s) && deliverable_vector(s) >= 0);

    if (pending) {
        cpu_interrupt(cs, CPU_INTERRUPT_HARD);
    } else {
        cpu_reset_interrupt(cs, CPU_INTERRUPT_HARD);
    }
}

void apic_set_pic_level(APICState *s, bool level)
{
    s->pic_level = level;
    update_cpu_irq(s);
}

static void accept_vector(APICState *s, int vector, bool level)
{
    if (vector < 16) {
        s->esr |= 1u << 6;      /* received illegal vector */
        return;
    }
    set_bit256(s->irr, vector);
    if (level) {
        set_bit256(s->tmr, vector);
    } else {
        clear_bit256(s->tmr, vector);
    }
    update_cpu_irq(s);
}

int apic_get_interrupt(APICState *s)
{
    int vector;

    /* the 8259 on LINT0 is asked first, as it has no IRR here to wait in */
    if (s->pic_level && pic_interrupt_accepted(s)) {
        return s->pic_acknowledge(s->pic_opaque);
    }
    if (!hw_enabled(s) || !sw_enabled(s)) {
        return -1;
    }
    if (highest_bit256(s->irr) < 0) {
        return -1;
    }
    vector = deliverable_vector(s);
    if (vector < 0) {
        /* raised but masked by the priority since: the spurious vector */
        return s->svr & 0xff;
    }
    clear_bit256(s->irr, vector);
    set_bit256(s->isr, vector);
    update_cpu_irq(s);
    return vector;
}

/* ---- end of interrupt ---- */

static void apic_eoi(APICState *s)
{
    int isrv = highest_bit256(s->isr);

    if (isrv < 0) {
        return;
    }
    clear_bit256(s->isr, isrv);
    if (test_bit256(s->tmr, isrv) && s->ioapic) {
        ioapic_eoi_broadcast(s->ioapic, isrv);
    }
    update_cpu_irq(s);
}

/* ---- messages: from the I/O APIC and our own ICR ---- */

static bool dest_matches(APICState *s, uint8_t dest, bool logical)
{
    if (!logical) {
        return dest == 0xff || dest == s->id;
    }
    if (dest == 0xff) {
        return true;
    }
    uint8_t ldest = s->ldr >> 24;
    if ((s->dfr & DFR_FLAT_MODEL) == DFR_FLAT_MODEL) {
        return dest & ldest;
    }
    /* cluster model: the high nibble names the cluster, the low one the members */
    return (dest >> 4) == (ldest >> 4) && (dest & ldest & 0x0f);
}

static void deliver_to_self(APICState *s, int delivery_mode, int vector, bool level)
{
    switch (delivery_mode) {
    case DELMODE_FIXED:
    case DELMODE_LOWEST:
        accept_vector(s, vector, level);
        break;
    case DELMODE_NMI:
        cpu_interrupt(&s->cpu->parent, CPU_INTERRUPT_NMI);
        break;
    default:
        /* SMI, INIT, SIPI and ExtINT messages: no SMM, no other CPUs to start */
        qemu_log_mask(LOG_UNIMP, "apic: delivery mode %d not supported\n", delivery_mode);
        break;
    }
}

void apic_deliver_message(void *opaque, const APICMessage *msg)
{
    APICState *s = opaque;

    if (hw_enabled(s) && dest_matches(s, msg->dest, msg->logical)) {
        deliver_to_self(s, msg->delivery_mode, msg->vector, msg->level);
    }
}

static void send_ipi(APICState *s)
{
    uint32_t lo = s->icr[0];
    int shorthand = (lo >> ICR_SHORTHAND_SHIFT) & 3;
    int mode = (lo & LVT_DELMODE_MASK) >> LVT_DELMODE_SHIFT;
    bool to_self;

    switch (shorthand) {
    case SHORTHAND_SELF:
    case SHORTHAND_ALL:
        to_self = true;
        break;
    case SHORTHAND_OTHERS:
        to_self = false;        /* there are no others */
        break;
    default:
        to_self = dest_matches(s, s->icr[1] >> 24, lo & ICR_DEST_LOGICAL);
        break;
    }
    /* an INIT level de-assert is a synchronisation message, not an interrupt */
    if (to_self && !(mode == DELMODE_INIT && !(lo & ICR_LEVEL_ASSERT))) {
        deliver_to_self(s, mode, lo & LVT_VECTOR_MASK, false);
    }
}

/* ---- timer ---- */

static int64_t timer_ns_per_count(APICState *s)
{
    uint32_t v = (s->divide_conf & 3) | ((s->divide_conf >> 1) & 4);

    /* 0-6 divide by 2, 4 ... 128; 7 by 1 */
    return APIC_TIMER_NS_PER_TICK << ((v + 1) & 7);
}

/* counts elapsed since the load, 0 when stopped */
static uint64_t timer_elapsed_counts(APICState *s)
{
    int64_t ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) - s->count_start_ns;

    return ns > 0 ? ns / timer_ns_per_count(s) : 0;
}

static uint32_t timer_current_count(APICState *s)
{
    uint64_t elapsed;

    if (!s->initial_count) {
        return 0;
    }
    elapsed = timer_elapsed_counts(s);
    if (s->lvt[LVT_TIMER] & LVT_TIMER_PERIODIC) {
        return s->initial_count - elapsed % s->initial_count;
    }
    return elapsed >= s->initial_count ? 0 : s->initial_count - elapsed;
}

static void timer_rearm(APICState *s)
{
    uint64_t elapsed, next;

    if (!s->initial_count) {
        timer_del(&s->timer);
        return;
    }
    elapsed = timer_elapsed_counts(s);
    if (s->lvt[LVT_TIMER] & LVT_TIMER_PERIODIC) {
        next = (elapsed / s->initial_count + 1) * s->initial_count;
    } else if (!s->oneshot_expired) {
        /* due even if the clock already passed it (a short count on a busy
         * host): it fires at the next look at the timers, never dropped */
        next = s->initial_count;
    } else {
        timer_del(&s->timer);
        return;
    }
    timer_mod_ns(&s->timer, s->count_start_ns + next * timer_ns_per_count(s));
}

static void timer_expired(void *opaque)
{
    APICState *s = opaque;
    uint32_t lvt = s->lvt[LVT_TIMER];

    if (!(lvt & LVT_MASKED)) {
        accept_vector(s, lvt & LVT_VECTOR_MASK, false);
    }
    if (!(lvt & LVT_TIMER_PERIODIC)) {
        s->oneshot_expired = true;
    }
    timer_rearm(s);
}

/*
 * A write that changes the timer (LVT, divider, initial count, software
 * disable) may come after the count reached zero in virtual time but before
 * the main loop ran the expiry: on real hardware the interrupt is already
 * pending by then, so deliver it first. Re-arming an expired one-shot timer
 * instead would drop it, and a tickless guest waiting for it sleeps for ever.
 */
static void timer_catch_up(APICState *s)
{
    if (timer_pending(&s->timer) &&
        timer_expire_time_ns(&s->timer) <= qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL)) {
        timer_del(&s->timer);
        timer_expired(s);
    }
}

static void timer_load(APICState *s, uint32_t count)
{
    s->initial_count = count;
    s->count_start_ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    s->oneshot_expired = false;
    timer_rearm(s);
}

/* ---- registers ---- */

static uint32_t apic_read_reg(APICState *s, int reg)
{
    switch (reg) {
    case REG_ID:
        return (uint32_t)s->id << 24;
    case REG_VERSION:
        return ((APIC_LVT_COUNT - 1) << 16) | APIC_VERSION;
    case REG_TPR:
        return s->tpr;
    case REG_APR:
        return 0;
    case REG_PPR:
        return ppr(s);
    case REG_LDR:
        return s->ldr;
    case REG_DFR:
        return s->dfr;
    case REG_SVR:
        return s->svr;
    case REG_ISR ... REG_ISR + 7:
        return s->isr[reg - REG_ISR];
    case REG_TMR ... REG_TMR + 7:
        return s->tmr[reg - REG_TMR];
    case REG_IRR ... REG_IRR + 7:
        return s->irr[reg - REG_IRR];
    case REG_ESR:
        return s->esr;
    case REG_ICR_LO:
        return s->icr[0] & ~ICR_DELIVERY_STATUS;
    case REG_ICR_HI:
        return s->icr[1];
    case REG_LVT_TIMER ... REG_LVT_TIMER + APIC_LVT_COUNT - 1:
        return s->lvt[reg - REG_LVT_TIMER];
    case REG_TIMER_INIT:
        return s->initial_count;
    case REG_TIMER_CUR:
        return timer_current_count(s);
    case REG_TIMER_DIV:
        return s->divide_conf;
    default:
        return 0;
    }
}

static void apic_write_reg(APICState *s, int reg, uint32_t val)
{
    if (reg == REG_SVR || reg == REG_TIMER_INIT || reg == REG_TIMER_DIV ||
        reg == REG_LVT_TIMER) {
        timer_catch_up(s);
    }
    switch (reg) {
    case REG_ID:
        s->id = val >> 24;
        break;
    case REG_TPR:
        s->tpr = val & 0xff;
        update_cpu_irq(s);
        break;
    case REG_EOI:
        apic_eoi(s);
        break;
    case REG_LDR:
        s->ldr = val & 0xff000000u;
        break;
    case REG_DFR:
        s->dfr = val | 0x0fffffffu;
        break;
    case REG_SVR:
        s->svr = val & 0x1ff;
        if (!sw_enabled(s)) {
            /* software disable masks every LVT entry */
            for (int i = 0; i < APIC_LVT_COUNT; i++) {
                s->lvt[i] |= LVT_MASKED;
            }
        }
        update_cpu_irq(s);
        break;
    case REG_ESR:
        s->esr = 0;
        break;
    case REG_ICR_LO:
        s->icr[0] = val & ~ICR_DELIVERY_STATUS;
        send_ipi(s);
        break;
    case REG_ICR_HI:
        s->icr[1] = val & 0xff000000u;
        break;
    case REG_LVT_TIMER ... REG_LVT_TIMER + APIC_LVT_COUNT - 1: {
        int n = reg - REG_LVT_TIMER;
        s->lvt[n] = val & lvt_writable[n];
        if (!sw_enabled(s)) {
            s->lvt[n] |= LVT_MASKED;
        }
        if (n == LVT_TIMER) {
            timer_rearm(s);
        }
        update_cpu_irq(s);
        break;
    }
    case REG_TIMER_INIT:
        timer_load(s, val);
        break;
    case REG_TIMER_DIV: {
        uint32_t current = timer_current_count(s);
        s->divide_conf = val & 0xb;
        if (s->initial_count) {
            /* keep counting down from the current count, at the new rate */
            s->count_start_ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) -
                                (int64_t)(s->initial_count - current) * timer_ns_per_count(s);
            timer_rearm(s);
        }
        break;
    }
    default:
        /* read-only and reserved registers */
        break;
    }
}

static uint64_t apic_mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    APICState *s = opaque;

    /* registers sit on 16-byte boundaries; the rest of each slot reads zero */
    if (!hw_enabled(s) || (addr & 0xf)) {
        return 0;
    }
    return apic_read_reg(s, addr >> 4);
}

static void apic_mmio_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    APICState *s = opaque;

    if (hw_enabled(s) && !(addr & 0xf)) {
        apic_write_reg(s, addr >> 4, val);
    }
}

static const MemoryRegionOps apic_mmio_ops = {
    .read = apic_mmio_read,
    .write = apic_mmio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .min_access_size = 4,
    .max_access_size = 4,
};

static void apic_reset(void *opaque)
{
    APICState *s = opaque;

    s->id = 0;
    s->tpr = 0;
    s->ldr = 0;
    s->dfr = 0xffffffffu;
    s->svr = 0xff;
    s->esr = 0;
    s->icr[0] = s->icr[1] = 0;
    memset(s->isr, 0, sizeof(s->isr));
    memset(s->tmr, 0, sizeof(s->tmr));
    memset(s->irr, 0, sizeof(s->irr));
    for (int i = 0; i < APIC_LVT_COUNT; i++) {
        s->lvt[i] = LVT_MASKED;
    }
    /*
     * Firmware leaves the boot CPU's LINT0 in ExtINT mode so the 8259 reaches
     * it (virtual wire); a direct kernel boot has no firmware to do it.
     */
    s->lvt[LVT_LINT0] = DELMODE_EXTINT << LVT_DELMODE_SHIFT;
    s->initial_count = 0;
    s->divide_conf = 0;
    timer_del(&s->timer);
    update_cpu_irq(s);
}

APICState *apic_init(X86CPU *cpu, AddressSpace *mem,
                     int (*pic_acknowledge)(void *opaque), void *pic_opaque)
{
    APICState *s = qemu_mallocz(sizeof(*s));

    s->cpu = cpu;
    s->pic_acknowledge = pic_acknowledge;
    s->pic_opaque = pic_opaque;
    timer_init_ns(&s->timer, QEMU_CLOCK_VIRTUAL, timer_expired, s);
    memory_region_init_io(&s->mmio, &apic_mmio_ops, s, "apic", APIC_MMIO_SIZE);
    /* above RAM and devices: the page is the CPU's own */
    address_space_map(mem, &s->mmio, APIC_DEFAULT_BASE, 10);
    qemu_register_reset(apic_reset, s);
    apic_reset(s);
    return s;
}

void apic_connect_ioapic(APICState *s, IOAPICState *ioapic)
{
    s->ioapic = ioapic;
}
