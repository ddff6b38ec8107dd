/* The legacy x87 error path of the PC (CR0.NE = 0): a waiting x87
 * instruction that finds an unmasked error pending does not fault with
 * #MF but asserts FERR#, which the board turns into IRQ13 on the slave
 * 8259; the handler acknowledges with a write to port 0xf0, after which
 * the same pending error raises nothing more until fnclex/fninit clear
 * it (SDM vol. 1 8.7, PIIX4 datasheet: FERR#, IGNNE#, port F0h). */
#include "ktest.h"

const char *kernel_name = "fpu-ferr";

#define CR0_MP 0x02
#define CR0_EM 0x04
#define CR0_TS 0x08
#define CR0_NE 0x20
#define FCW_UNMASK_ZE 0x37b         /* all masked but divide-by-zero */

#define PIC1 0x20
#define PIC2 0xa0
#define IRQ13_VECTOR 0x2d           /* slave base 0x28 + 5 */
#define FPU_ACK_PORT 0xf0
#define SPIN_LIMIT 1000000u         /* far more than an interrupt takes to arrive */

static uint16_t cw = FCW_UNMASK_ZE;

/* 1/0 with ZE unmasked: sets ZE and ES, FERR# waits for a waiting insn */
static void x87_divide_by_zero(void)
{
    __asm__ volatile("fninit\n fldcw %0\n fld1\n fldz\n fdivrp" :: "m"(cw) : "memory");
}

static volatile uint32_t irq13_count;

static void on_irq13(struct trap_frame *f)
{
    (void)f;
    irq13_count++;
    outb(FPU_ACK_PORT, 0);              /* acknowledge: IRQ13 drops */
    outb(PIC2, 0x20);                   /* EOI, slave then master */
    outb(PIC1, 0x20);
}

/* fwait with interrupts on, then wait a moment for IRQ13 */
static uint32_t fwait_and_count_irq13(const char *name)
{
    EXPECT_NO_EXC(name, __asm__ volatile("sti\n fwait\n nop\n cli" ::: "memory"));
    __asm__ volatile("sti");
    for (uint32_t i = 0; i < SPIN_LIMIT && irq13_count == 0; i++)
        __asm__ volatile("pause");
    __asm__ volatile("cli");
    return irq13_count;
}

void test_main(void)
{
    set_trap_handler(IRQ13_VECTOR, on_irq13);
    pic_init(0xfb, 0xdf);               /* only IRQ2 and IRQ13 */
    write_cr0((read_cr0() & ~(CR0_EM | CR0_TS | CR0_NE)) | CR0_MP);

    x87_divide_by_zero();
    __asm__ volatile("sti\n nop\n nop\n cli");
    check_eq("ferr-not-before-waiting-insn", irq13_count, 0);
    check_eq("ferr-irq13-on-fwait", fwait_and_count_irq13("ferr-fwait-no-mf"), 1);
    /* acknowledged: FERR# is still asserted but raises nothing more */
    irq13_count = 0;
    check_eq("ferr-acknowledged-no-repeat", fwait_and_count_irq13("ferr-fwait-again-no-mf"), 0);
    /* fnclex drops FERR#; the next error interrupts again */
    __asm__ volatile("fnclex" ::: "memory");
    x87_divide_by_zero();
    check_eq("ferr-rearmed-after-fnclex", fwait_and_count_irq13("ferr-fwait-rearmed-no-mf"), 1);
    __asm__ volatile("fninit" ::: "memory");
}
