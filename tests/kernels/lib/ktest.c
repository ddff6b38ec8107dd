/* Core of the test-kernel library: console, reporting, traps, descriptors.
 * See ktest.h for the conventions. */
#include "ktest.h"

#define COM1 0x3f8
#define DEBUG_EXIT_PORT 0xf4

volatile struct exc_record last_exc;
uint32_t mb_mod_start, mb_mod_end;
static unsigned n_pass, n_fail;
static trap_handler handlers[256];
extern struct { uint32_t eip, esp, ebx, esi, edi, ebp, eflags, armed; } catch_ctx;
void user_return(uint32_t value) __attribute__((noreturn));

/* ---------------- console ---------------- */

void serial_putc(char c)
{
    /* wait for the transmit holding register; bounded so that a broken
     * UART model cannot hang the kernel */
    for (int i = 0; i < 100000 && !(inb(COM1 + 5) & 0x20); i++)
        ;
    outb(COM1, (uint8_t)c);
}

static void serial_init(void)
{
    outb(COM1 + 1, 0x00);       /* no interrupts */
    outb(COM1 + 3, 0x80);       /* DLAB */
    outb(COM1 + 0, 0x01);       /* 115200 baud */
    outb(COM1 + 1, 0x00);
    outb(COM1 + 3, 0x03);       /* 8N1 */
    outb(COM1 + 2, 0xc7);       /* FIFOs on, cleared */
}

static void put_str(const char *s) { while (*s) serial_putc(*s++); }

static void put_num(uint32_t v, unsigned base, int width, char pad, bool neg)
{
    char buf[16];
    int n = 0;
    do {
        buf[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    if (neg)
        buf[n++] = '-';
    while (n < width)
        buf[n++] = pad;
    while (n)
        serial_putc(buf[--n]);
}

void kvprintf(const char *fmt, va_list ap)
{
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            serial_putc(*fmt);
            continue;
        }
        fmt++;
        char pad = ' ';
        int width = 0;
        if (*fmt == '0')
            pad = '0';
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        while (*fmt == 'l')
            fmt++;
        switch (*fmt) {
        case 'd': {
            int32_t v = va_arg(ap, int32_t);
            put_num(v < 0 ? -(uint32_t)v : (uint32_t)v, 10, width, pad, v < 0);
            break;
        }
        case 'u': put_num(va_arg(ap, uint32_t), 10, width, pad, false); break;
        case 'x': put_num(va_arg(ap, uint32_t), 16, width, pad, false); break;
        case 'c': serial_putc((char)va_arg(ap, int)); break;
        case 's': put_str(va_arg(ap, const char *)); break;
        case '%': serial_putc('%'); break;
        default: serial_putc('?'); break;
        }
    }
}

void kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kvprintf(fmt, ap);
    va_end(ap);
}

/* ---------------- reporting ---------------- */

void pass(const char *name)
{
    n_pass++;
    kprintf("PASS %s/%s\n", kernel_name, name);
}

static void vfail(const char *name, const char *fmt, va_list ap)
{
    n_fail++;
    kprintf("FAIL %s/%s: ", kernel_name, name);
    kvprintf(fmt, ap);
    serial_putc('\n');
}

void fail(const char *name, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(name, fmt, ap);
    va_end(ap);
}

bool check(const char *name, bool ok, const char *fmt, ...)
{
    if (ok) {
        pass(name);
    } else {
        va_list ap;
        va_start(ap, fmt);
        vfail(name, fmt, ap);
        va_end(ap);
    }
    return ok;
}

bool check_eq(const char *name, uint32_t got, uint32_t want)
{
    return check(name, got == want, "got %x, expected %x", got, want);
}

void skip(const char *name, const char *reason)
{
    kprintf("SKIP %s/%s: %s\n", kernel_name, name, reason);
}

bool check_exc(const char *name, uint32_t vec, int32_t err)
{
    if (last_exc.vector != vec) {
        fail(name, "exception %u (error %x, eip %x), expected %u",
             last_exc.vector, last_exc.error_code, last_exc.eip, vec);
        return false;
    }
    if (err >= 0 && last_exc.error_code != (uint32_t)err) {
        fail(name, "vector %u error code %x, expected %x", vec,
             last_exc.error_code, (uint32_t)err);
        return false;
    }
    pass(name);
    return true;
}

void ktest_exit(void)
{
    kprintf("DONE %s: %u passed, %u failed\n", kernel_name, n_pass, n_fail);
    outl(DEBUG_EXIT_PORT, n_fail ? 1 : 0);
    /* not running under a machine with isa-debug-exit: stop here */
    for (;;)
        __asm__ volatile("cli; hlt");
}

/* ---------------- traps ---------------- */

void set_trap_handler(int vector, trap_handler h) { handlers[vector] = h; }

void catch_disarm(void) { catch_ctx.armed = 0; }

void trap_dispatch(struct trap_frame *f)
{
    last_exc.vector = f->vector;
    last_exc.error_code = f->error_code;
    last_exc.cr2 = read_cr2();
    last_exc.eip = f->eip;
    last_exc.cs = f->cs;
    last_exc.eflags = f->eflags;
    bool outer = (f->cs & 3) || (f->eflags & 0x20000);
    last_exc.esp = outer ? f->esp : (uint32_t)&f->esp;
    last_exc.ss = outer ? f->ss : KERNEL_DS;
    last_exc.count++;

    if (handlers[f->vector]) {
        handlers[f->vector](f);
        return;
    }
    if (f->vector == USER_RETURN_VECTOR && (f->cs & 3) == 3)
        user_return(f->eax);
    if (catch_ctx.armed)
        catch_unwind();
    fail("unexpected-exception", "vector %u error %x at %x:%x eflags %x cr2 %x",
         f->vector, f->error_code, f->cs, f->eip, f->eflags, last_exc.cr2);
    ktest_exit();
}

/* ---------------- descriptors ---------------- */

static uint64_t gdt[GDT_ENTRIES] __attribute__((aligned(16)));
static uint64_t idt[256] __attribute__((aligned(16)));
struct tss32 kernel_tss __attribute__((aligned(128)));
uint8_t ring0_stack[16384] __attribute__((aligned(16)));
extern uint8_t isr_stubs[];

void gdt_set_raw(int index, uint64_t desc) { gdt[index] = desc; }
uint64_t gdt_get_raw(int index) { return gdt[index]; }

void gdt_set(int index, uint32_t base, uint32_t limit, uint8_t access, uint8_t flags)
{
    uint64_t d = (limit & 0xffff) | ((uint64_t)(base & 0xffffff) << 16);
    d |= (uint64_t)access << 40;
    d |= (uint64_t)((limit >> 16) & 0xf) << 48;
    d |= (uint64_t)(flags & 0xf) << 52;
    d |= (uint64_t)(base >> 24) << 56;
    gdt[index] = d;
}

void tss_descriptor(int index, struct tss32 *tss, uint32_t limit, int dpl)
{
    gdt_set(index, (uint32_t)tss, limit, 0x89 | (dpl << 5), 0);
}

uint32_t isr_stub(int vector) { return (uint32_t)isr_stubs + 16 * vector; }

void idt_set_gate(int vector, uint16_t sel, uint32_t offset, uint8_t type_attr)
{
    idt[vector] = (offset & 0xffff) | ((uint64_t)sel << 16) |
                  ((uint64_t)type_attr << 40) | ((uint64_t)(offset >> 16) << 48);
}

void idt_set_task_gate(int vector, uint16_t tss_sel, uint8_t dpl)
{
    idt[vector] = ((uint64_t)tss_sel << 16) | ((uint64_t)(0x85 | (dpl << 5)) << 40);
}

static void descriptors_init(void)
{
    gdt_set(1, 0, 0xfffff, SEG_CODE32_R0, SEG_FLAGS_4K32);
    gdt_set(2, 0, 0xfffff, SEG_DATA_R0, SEG_FLAGS_4K32);
    gdt_set(3, 0, 0xfffff, SEG_CODE_R3, SEG_FLAGS_4K32);
    gdt_set(4, 0, 0xfffff, SEG_DATA_R3, SEG_FLAGS_4K32);
    kernel_tss.ss0 = KERNEL_DS;
    kernel_tss.esp0 = (uint32_t)ring0_stack + sizeof ring0_stack;
    kernel_tss.iomap_base = sizeof kernel_tss;   /* no I/O bitmap */
    tss_descriptor(5, &kernel_tss, sizeof kernel_tss - 1, 0);
    gdt_set(6, REALMODE_BASE, 0xffff, 0x9a, SEG_FLAGS_BYTE16);
    gdt_set(7, REALMODE_BASE, 0xffff, 0x92, SEG_FLAGS_BYTE16);

    struct { uint16_t limit; uint32_t base; } __attribute__((packed))
        gdtr = { sizeof gdt - 1, (uint32_t)gdt }, idtr = { sizeof idt - 1, (uint32_t)idt };
    __asm__ volatile("lgdt %0" :: "m"(gdtr));
    __asm__ volatile("ljmp $0x08, $1f\n1:\n"
                     "mov $0x10, %%ax\n"
                     "mov %%ax, %%ds\n mov %%ax, %%es\n mov %%ax, %%fs\n"
                     "mov %%ax, %%gs\n mov %%ax, %%ss\n" ::: "eax", "memory");
    for (int v = 0; v < 256; v++)
        idt_set_gate(v, KERNEL_CS, isr_stub(v), GATE_INT32_R0);
    /* breakpoints, overflow and the user-return call are legal from ring 3 */
    idt_set_gate(3, KERNEL_CS, isr_stub(3), GATE_INT32_R3);
    idt_set_gate(4, KERNEL_CS, isr_stub(4), GATE_INT32_R3);
    idt_set_gate(USER_RETURN_VECTOR, KERNEL_CS, isr_stub(USER_RETURN_VECTOR), GATE_INT32_R3);
    __asm__ volatile("lidt %0" :: "m"(idtr));
    __asm__ volatile("ltr %w0" :: "r"(KERNEL_TSS_SEL));
}

/* ---------------- start ---------------- */

struct multiboot_info {
    uint32_t flags, mem_lower, mem_upper, boot_device, cmdline, mods_count, mods_addr;
};

void pic_init(uint8_t master_mask, uint8_t slave_mask)
{
    outb(0x20, 0x11); outb(0xa0, 0x11);         /* ICW1: edge, ICW4 */
    outb(0x21, 0x20); outb(0xa1, 0x28);         /* ICW2: vectors */
    outb(0x21, 0x04); outb(0xa1, 0x02);         /* ICW3: cascade on IRQ2 */
    outb(0x21, 0x01); outb(0xa1, 0x01);         /* ICW4: 8086 mode */
    outb(0x21, master_mask); outb(0xa1, slave_mask);
}

void ktest_start(uint32_t magic, struct multiboot_info *mbi)
{
    serial_init();
    /* neither a BIOS nor a loader has to leave the 8259s set up; all masked,
     * a kernel that enables interrupts meets only the ones it unmasks */
    pic_init(0xff, 0xff);
    descriptors_init();
    if (magic == 0x2BADB002 && (mbi->flags & 8) && mbi->mods_count) {
        uint32_t *mod = (uint32_t *)mbi->mods_addr;
        mb_mod_start = mod[0];
        mb_mod_end = mod[1];
    }
    test_main();
    ktest_exit();
}

/* ---------------- freestanding C library ---------------- */

void *memcpy(void *d, const void *s, size_t n)
{
    uint8_t *dp = d;
    const uint8_t *sp = s;
    while (n--)
        *dp++ = *sp++;
    return d;
}

void *memset(void *d, int c, size_t n)
{
    uint8_t *dp = d;
    while (n--)
        *dp++ = (uint8_t)c;
    return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const uint8_t *ap = a, *bp = b;
    for (; n; n--, ap++, bp++)
        if (*ap != *bp)
            return *ap - *bp;
    return 0;
}

static uint32_t rng;

void rnd_seed(uint32_t seed)
{
    rng = seed * 2654435761u + 1;   /* never 0, which xorshift keeps */
}

uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

uint32_t parse_number(const char **p)
{
    uint32_t v = 0;
    while (**p == ' ' || **p == '\n')
        (*p)++;
    while (**p >= '0' && **p <= '9')
        v = v * 10 + (uint32_t)(*(*p)++ - '0');
    return v;
}
