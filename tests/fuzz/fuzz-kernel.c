/* Fuzz kernel: runs seeded random bytes as ring-3 code, over and over.
 * Every exception, and a timer tick that finds the CPU still in ring 3,
 * ends an iteration. Paging keeps the random code to its own pages, so
 * the kernel survives whatever the bytes do; the emulator under test must
 * survive too (no crash, no hang), which run-fuzz.sh checks.
 *
 * The multiboot module holds two decimal numbers: seed and iterations. */
#include "ktest.h"

const char *kernel_name = "fuzz";

#define USER_CODE  0x40000000u
#define USER_DATA  0x40001000u
#define USER_STACK 0x40003000u          /* top of the stack page */
static uint8_t user_pages[3][4096] __attribute__((aligned(4096)));
static volatile uint32_t vectors_seen[256];

static void on_trap(struct trap_frame *f)
{
    if (f->vector == 0x20) {
        outb(0x20, 0x20);
        if (!(f->cs & 3))
            return;                     /* a tick in the kernel: go on */
    }
    vectors_seen[f->vector]++;
    catch_unwind();
}

/* Enters ring 3 at USER_CODE with random registers and flags. */
static void enter_user(const uint32_t *regs, uint32_t eflags)
{
    __asm__ volatile(
        "mov $0x23, %%ax\n mov %%ax, %%ds\n mov %%ax, %%es\n mov %%ax, %%fs\n mov %%ax, %%gs\n"
        "pushl $0x23\n pushl %1\n pushl %2\n pushl $0x1b\n pushl %3\n"
        "mov 0(%0), %%eax\n mov 4(%0), %%ecx\n mov 8(%0), %%edx\n mov 12(%0), %%ebx\n"
        "mov 20(%0), %%ebp\n mov 24(%0), %%edi\n mov 16(%0), %%esi\n"
        "iret"
        :: "S"(regs), "r"(USER_STACK - 64), "r"(eflags), "r"(USER_CODE) : "memory");
    __builtin_unreachable();
}

void test_main(void)
{
    static uint32_t seed = 1, iterations = 2000;
    if (mb_mod_start) {
        const char *p = (const char *)mb_mod_start;
        seed = parse_number(&p);
        iterations = parse_number(&p);
    }
    kprintf("fuzz: seed %u, %u iterations\n", seed, iterations);
    rnd_seed(seed);

    uint32_t *pd = paging_build_identity_4k(16, PTE_P | PTE_W);
    for (int i = 0; i < 3; i++)
        *pte_of(pd, USER_CODE + 0x1000 * i) = (uint32_t)user_pages[i] | PTE_P | PTE_W | PTE_U;
    paging_enable(pd);

    for (int v = 0; v < 256; v++)
        set_trap_handler(v, on_trap);
    /* ring 3 may use every vector: the fuzz is about what the bytes do */
    for (int v = 0; v < 256; v++)
        idt_set_gate(v, KERNEL_CS, isr_stub(v), GATE_INT32_R3);
    /* PIT at ~1 kHz through the 8259, IRQ 0 on vector 0x20 only */
    outb(0x20, 0x11); outb(0xa0, 0x11);
    outb(0x21, 0x20); outb(0xa1, 0x28);
    outb(0x21, 0x04); outb(0xa1, 0x02);
    outb(0x21, 0x01); outb(0xa1, 0x01);
    outb(0x21, 0xfe); outb(0xa1, 0xff);
    outb(0x43, 0x34); outb(0x40, 0xa9); outb(0x40, 0x04);

    uint32_t regs[7];
    for (uint32_t it = 0; it < iterations; it++) {
        for (int i = 0; i < 4096; i += 4) {
            uint32_t r = rnd();
            memcpy(&user_pages[0][i], &r, 4);
            if ((it & 7) == 0)
                memcpy(&user_pages[1][i], &r, 4);
        }
        for (int i = 0; i < 7; i++)
            regs[i] = (rnd() & 1) ? USER_DATA + (rnd() & 0xfff) : rnd();
        uint32_t eflags = 0x202 | (rnd() & 0x8d5) | ((rnd() & 15) == 0 ? 0x100 : 0);
        if (catch_arm() == 0)
            enter_user(regs, eflags);
        if ((it + 1) % 500 == 0)
            kprintf("fuzz: %u iterations\n", it + 1);
    }
    __asm__ volatile("cli");
    outb(0x21, 0xff);
    paging_disable();
    kprintf("fuzz: exceptions by vector:");
    for (int v = 0; v < 256; v++)
        if (vectors_seen[v])
            kprintf(" %x:%u", v, vectors_seen[v]);
    kprintf("\n");
    pass("survived");
}
