/* Timer interrupts: the PIT's channel 0 through the master 8259 (remapped
 * to vector 0x20): delivery, masking, IF, the in-service register until
 * EOI, hlt woken by the interrupt, and the PIT counter latch; the local
 * APIC's one-shot timer, also when it expires just before a write to its
 * LVT entry. */
#include "ktest.h"

const char *kernel_name = "timer";

#define PIC1 0x20
#define PIT_CH0 0x40
#define PIT_CMD 0x43
#define SPIN_LIMIT 100000000u  /* ~seconds: a tick is 1 ms */

static volatile uint32_t ticks, isr_in_handler, eoi_enabled = 1;

static void on_timer(struct trap_frame *f)
{
    (void)f;
    ticks++;
    outb(PIC1, 0x0b);                   /* OCW3: read ISR */
    isr_in_handler = inb(PIC1);
    if (eoi_enabled)
        outb(PIC1, 0x20);
}

static void pit_periodic(uint16_t divisor)
{
    outb(PIT_CMD, 0x34);                /* ch 0, lo/hi, mode 2 */
    outb(PIT_CH0, divisor & 0xff);
    outb(PIT_CH0, divisor >> 8);
}

static uint16_t pit_read(void)
{
    outb(PIT_CMD, 0x00);                /* latch ch 0 */
    uint8_t lo = inb(PIT_CH0);
    return (uint16_t)(lo | (inb(PIT_CH0) << 8));
}

/* spin with interrupts enabled until `want` ticks or `limit` rounds */
static uint32_t spin(uint32_t want, uint32_t limit)
{
    uint32_t i;
    __asm__ volatile("sti");
    for (i = 0; i < limit && ticks < want; i++)
        __asm__ volatile("pause");
    __asm__ volatile("cli");
    return ticks;
}

static uint32_t spin_for_ticks(uint32_t want) { return spin(want, SPIN_LIMIT); }

/* ---- the local APIC timer (paging is off: its page at its physical address) ---- */
#define LAPIC_BASE      0xfee00000u
#define LAPIC_EOI       0x0b0
#define LAPIC_SVR       0x0f0
#define LAPIC_LVT_TIMER 0x320
#define LAPIC_TMICT     0x380
#define LAPIC_TMCCT     0x390
#define LAPIC_TDCR      0x3e0
#define LAPIC_VECTOR    0x40

static volatile uint32_t lapic_ticks;

static volatile uint32_t *lapic(uint32_t reg)
{
    return (volatile uint32_t *)(LAPIC_BASE + reg);
}

static void on_lapic_timer(struct trap_frame *f)
{
    (void)f;
    lapic_ticks++;
    *lapic(LAPIC_EOI) = 0;
}

static uint32_t spin_for_lapic(uint32_t want)
{
    uint32_t i;
    __asm__ volatile("sti");
    for (i = 0; i < SPIN_LIMIT / 10 && lapic_ticks < want; i++)
        __asm__ volatile("pause");
    __asm__ volatile("cli");
    return lapic_ticks;
}

static void test_lapic_timer(void)
{
    set_trap_handler(LAPIC_VECTOR, on_lapic_timer);
    *lapic(LAPIC_SVR) = 0x1ff;                  /* software enable, spurious 0xff */
    *lapic(LAPIC_TDCR) = 0xb;                   /* divide by 1 */
    *lapic(LAPIC_LVT_TIMER) = LAPIC_VECTOR;     /* one-shot, unmasked */
    *lapic(LAPIC_TMICT) = 100000;
    check("lapic-oneshot", spin_for_lapic(1) == 1, "%u interrupts", lapic_ticks);
    check("lapic-oneshot-once", spin_for_lapic(2) == 1, "%u interrupts", lapic_ticks);

    /* A tiny count, then slow device reads in the same straight-line block, so
     * the count reaches zero before the LVT write: the interrupt was due
     * before the write and must still come (a tickless kernel waits for it). */
    __asm__ volatile(
        "movl $1, (%0)\n"
        ".rept 64\n movl (%1), %%eax\n .endr\n"
        "movl %2, (%3)\n"
        : : "r"(lapic(LAPIC_TMICT)), "r"(lapic(LAPIC_TMCCT)), "r"(LAPIC_VECTOR),
            "r"(lapic(LAPIC_LVT_TIMER))
        : "eax", "memory");
    check("lapic-expired-before-lvt-write", spin_for_lapic(2) == 2, "%u interrupts",
          lapic_ticks);
    *lapic(LAPIC_LVT_TIMER) = 0x10000 | LAPIC_VECTOR;   /* masked */
}

void test_main(void)
{
    set_trap_handler(0x20, on_timer);
    pic_init(0xff, 0xff);               /* all masked */
    pit_periodic(1193);                 /* ~1 kHz */

    uint16_t c1 = pit_read();
    for (volatile int i = 0; i < 100000; i++)
        ;
    uint16_t c2 = pit_read();
    check("pit-counter-moves", c1 != c2 && c1 <= 1193 && c2 <= 1193, "counts %x then %x", c1, c2);

    /* masked: nothing arrives (a few ms of spinning) */
    spin(1, 2000000);
    check_eq("masked-no-ticks", ticks, 0);

    outb(PIC1 + 1, 0xfe);               /* unmask IRQ 0 */
    check("unmasked-ticks", spin_for_ticks(5) >= 5, "%u ticks", ticks);
    check_eq("isr-bit-in-handler", isr_in_handler & 1, 1);
    outb(PIC1, 0x0b);
    check_eq("isr-clear-after-eoi", inb(PIC1) & 1, 0);

    /* IF = 0: the request waits; sti delivers it */
    uint32_t before = ticks;
    for (volatile int i = 0; i < 3000000; i++)
        ;
    check_eq("if0-no-delivery", ticks, before);
    outb(PIC1, 0x0a);                   /* OCW3: read IRR */
    check_eq("irr-pending-while-if0", inb(PIC1) & 1, 1);
    check("sti-delivers-pending", spin_for_ticks(before + 1) > before, "no tick");

    /* hlt with IF = 1 wakes up on the next tick */
    before = ticks;
    __asm__ volatile("sti\n hlt\n cli");
    check("hlt-woken-by-timer", ticks > before, "no tick after hlt");

    /* without EOI no further IRQ 0 is delivered */
    eoi_enabled = 0;
    before = ticks;
    spin(before + 3, 3000000);
    check_eq("no-eoi-blocks-irq0", ticks, before + 1);
    outb(PIC1, 0x20);
    eoi_enabled = 1;
    check("after-eoi-resumes", spin_for_ticks(before + 4) >= before + 4, "%u ticks", ticks);
    outb(PIC1 + 1, 0xff);

    test_lapic_timer();
}
