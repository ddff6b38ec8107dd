/*
 * The guest of the monitor and chardev tests (tests/monitor/): it never
 * ends by itself. It prints a banner, then "tick N" every 100 ms of the
 * ACPI PM timer (the virtual clock, which stops while the VM is stopped),
 * echoes each line it receives on COM1 as "echo: LINE", and on a press of
 * the ACPI power button says so and powers off through S5.
 */
#include "ktest.h"

const char *kernel_name = "monitor-kernel";

#define COM1 0x3f8
#define PM_BASE 0x600                   /* where the PC puts PIIX4 PM without firmware */
#define PM1_STS (PM_BASE + 0)
#define PM1_EN (PM_BASE + 2)
#define PM1_CNT (PM_BASE + 4)
#define PM_TMR (PM_BASE + 8)
#define PM1_PWRBTN 0x0100
#define PM1_CNT_SLP_EN 0x2000           /* with SLP_TYP 0: S5 in our DSDT */
#define PM_TMR_MASK 0xffffff
#define TICK_PM_UNITS 357954            /* 100 ms at 3.579545 MHz */

static inline uint16_t inw(uint16_t port)
{
    uint16_t v;
    __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline uint32_t inl(uint16_t port)
{
    uint32_t v;
    __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

void test_main(void)
{
    char line[80];
    unsigned len = 0, tick = 0;
    uint32_t last = inl(PM_TMR) & PM_TMR_MASK, elapsed = 0;

    kprintf("monitor-kernel: started\n");
    outw(PM1_EN, PM1_PWRBTN);
    for (;;) {
        uint32_t now = inl(PM_TMR) & PM_TMR_MASK;

        elapsed += (now - last) & PM_TMR_MASK;
        last = now;
        if (elapsed >= TICK_PM_UNITS) {
            elapsed -= TICK_PM_UNITS;
            kprintf("tick %u\n", tick++);
        }
        if (inb(COM1 + 5) & 0x01) {     /* LSR.DR: a byte came */
            char c = (char)inb(COM1);
            if (c == '\r' || c == '\n') {
                line[len] = 0;
                if (len) {
                    kprintf("echo: %s\n", line);
                }
                len = 0;
            } else if (len < sizeof(line) - 1) {
                line[len++] = c;
            }
        }
        if (inw(PM1_STS) & PM1_PWRBTN) {
            outw(PM1_STS, PM1_PWRBTN);  /* write 1 to clear */
            kprintf("monitor-kernel: power button pressed, powering off\n");
            /*
             * A pty loses what its reader has not read yet when the
             * emulator exits: give the message 200 ms to get there.
             */
            for (uint32_t start = inl(PM_TMR), waited = 0; waited < 2 * TICK_PM_UNITS;) {
                waited = (inl(PM_TMR) - start) & PM_TMR_MASK;
            }
            outw(PM1_CNT, PM1_CNT_SLP_EN);
        }
    }
}
