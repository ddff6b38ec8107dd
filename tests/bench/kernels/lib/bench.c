/* See bench.h. */
#include "bench.h"

#define COM1 0x3f8
#define DEBUG_EXIT_PORT 0xf4
#define KERNEL_CS 0x08
#define KERNEL_DS 0x10

volatile uint64_t single_steps;     /* counted by debug_trap_entry (boot.S) */
void debug_trap_entry(void);
void bench_start(void);

static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" :: "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static void put_char(char c)
{
    while (!(inb(COM1 + 5) & 0x20)) {
        /* wait for room in the transmitter */
    }
    outb(COM1, (uint8_t)c);
}

void put_str(const char *s)
{
    while (*s) {
        put_char(*s++);
    }
}

void put_u64(uint64_t v)
{
    char buf[21];
    int i = 20;
    buf[i] = 0;
    do {
        buf[--i] = '0' + v % 10;
        v /= 10;
    } while (v);
    put_str(buf + i);
}

void put_hex(uint32_t v)
{
    for (int shift = 28; shift >= 0; shift -= 4) {
        put_char("0123456789abcdef"[(v >> shift) & 15]);
    }
}

/* ---- descriptors: the loader's GDT may be anywhere, so use our own ---- */

static uint64_t gdt[3] = {
    0,
    0x00cf9a000000ffffull,          /* 0x08: flat ring-0 code */
    0x00cf92000000ffffull,          /* 0x10: flat ring-0 data */
};
static uint64_t idt[2];             /* vector 1 (#DB) only */

struct __attribute__((packed)) table_register {
    uint16_t limit;
    uint32_t base;
};

static void descriptors_init(void)
{
    struct table_register g = { sizeof(gdt) - 1, (uint32_t)gdt };
    __asm__ volatile("lgdt %0\n\t"
                     "ljmp %1, $1f\n"
                     "1:\n\t"
                     "mov %2, %%ds\n\tmov %2, %%es\n\tmov %2, %%ss\n\t"
                     "mov %2, %%fs\n\tmov %2, %%gs"
                     :: "m"(g), "i"(KERNEL_CS), "r"(KERNEL_DS) : "memory");
    uint32_t handler = (uint32_t)debug_trap_entry;
    idt[1] = (handler & 0xffff) | (uint64_t)KERNEL_CS << 16 |
             (uint64_t)0x8e << 40 |                     /* present 32-bit interrupt gate */
             (uint64_t)(handler >> 16) << 48;
    struct table_register i = { sizeof(idt) - 1, (uint32_t)idt };
    __asm__ volatile("lidt %0" :: "m"(i));
}

/* x87 on (no emulation trap), SSE on (OSFXSR, OSXMMEXCPT). */
static void fpu_init(void)
{
    uint32_t cr0, cr4;
    __asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
    cr0 = (cr0 & ~(1u << 2)) | (1u << 1);               /* EM=0, MP=1 */
    __asm__ volatile("mov %0, %%cr0" :: "r"(cr0));
    __asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
    cr4 |= (1u << 9) | (1u << 10);
    __asm__ volatile("mov %0, %%cr4" :: "r"(cr4));
    __asm__ volatile("fninit");
}

static void serial_init(void)
{
    outb(COM1 + 1, 0x00);           /* no interrupts */
    outb(COM1 + 3, 0x80);           /* DLAB */
    outb(COM1 + 0, 0x01);           /* 115200 baud */
    outb(COM1 + 1, 0x00);
    outb(COM1 + 3, 0x03);           /* 8N1 */
    outb(COM1 + 2, 0x07);           /* FIFOs on and cleared */
}

/* ---- paging ---- */

static uint32_t page_directory[1024] __attribute__((aligned(4096)));
static uint32_t page_tables[64][1024] __attribute__((aligned(4096)));

void paging_identity_4k(uint32_t mib)
{
    uint32_t pages = mib * 256;
    if (pages > 64 * 1024) {
        pages = 64 * 1024;
    }
    for (uint32_t p = 0; p < pages; p++) {
        page_tables[p / 1024][p % 1024] = p * 4096 | 0x003;        /* P, W */
    }
    for (uint32_t t = 0; t < (pages + 1023) / 1024; t++) {
        page_directory[t] = (uint32_t)page_tables[t] | 0x003;
    }
    __asm__ volatile("mov %0, %%cr3" :: "r"(page_directory) : "memory");
    uint32_t cr0;
    __asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
    __asm__ volatile("mov %0, %%cr0" :: "r"(cr0 | 0x80000000u) : "memory");
}

/* ---- the run ---- */

static uint64_t count_instructions(uint32_t n)
{
    single_steps = 0;
    __asm__ volatile("pushf\n\torl $0x100, (%%esp)\n\tpopf" ::: "memory", "cc");
    bench.run(n);
    __asm__ volatile("pushf\n\tandl $~0x100, (%%esp)\n\tpopf" ::: "memory", "cc");
    return single_steps;
}

void bench_start(void)
{
    serial_init();
    descriptors_init();
    fpu_init();
    put_str("BENCH ");
    put_str(bench.name);
    put_str("\n");
    if (bench.setup) {
        bench.setup();
    }
    uint64_t one = count_instructions(1), two = count_instructions(2);
    put_str("INSNS ");
    put_u64(two - one);
    put_str(" ");
    put_u64(2 * one - two);
    put_str("\nSTART ");
    put_u64(bench.iterations);
    put_str("\n");
    uint32_t sum = bench.run(bench.iterations);
    put_str("END ");
    put_hex(sum);
    put_str("\n");
    outb(DEBUG_EXIT_PORT, 0);       /* QEMU exits with status 1 */
    for (;;) {
        __asm__ volatile("cli; hlt");
    }
}
