/* See bench.h. */
#include "bench.h"

const char *kernel_name = "bench";
volatile uint64_t single_steps;     /* counted by debug_trap_entry */
void debug_trap_entry(void);

static void put_u64(uint64_t v)
{
    char buf[21];
    int i = 20;
    buf[i] = 0;
    do {
        buf[--i] = '0' + v % 10;
        v /= 10;
    } while (v);
    kprintf("%s", buf + i);
}

/* x87 on (no emulation trap), SSE on (OSFXSR, OSXMMEXCPT). */
static void fpu_init(void)
{
    write_cr0((read_cr0() & ~(1u << 2)) | (1u << 1));   /* EM=0, MP=1 */
    write_cr4(read_cr4() | (1u << 9) | (1u << 10));
    __asm__ volatile("fninit");
}

static uint64_t count_instructions(uint32_t n)
{
    single_steps = 0;
    __asm__ volatile("pushf\n\torl $0x100, (%%esp)\n\tpopf" ::: "memory", "cc");
    bench.run(n);
    __asm__ volatile("pushf\n\tandl $~0x100, (%%esp)\n\tpopf" ::: "memory", "cc");
    return single_steps;
}

void test_main(void)
{
    fpu_init();
    idt_set_gate(1, KERNEL_CS, (uint32_t)debug_trap_entry, GATE_INT32_R0);
    kprintf("BENCH %s\n", bench.name);
    if (bench.setup) {
        bench.setup();
    }
    uint64_t one = count_instructions(1), two = count_instructions(2);
    kprintf("INSNS ");
    put_u64(two - one);
    kprintf(" ");
    put_u64(2 * one - two);
    kprintf("\nSTART %u\n", bench.iterations);
    uint32_t sum = bench.run(bench.iterations);
    kprintf("END %08x\n", sum);
}
