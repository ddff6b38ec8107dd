/*
 * Shared library of the bare-metal i386 test kernels.
 *
 * A kernel defines `void test_main(void)` and reports each check with
 * check()/pass()/fail(); the library prints `PASS kernel/check` or
 * `FAIL kernel/check: reason` lines on COM1, then `DONE` and leaves through
 * isa-debug-exit (port 0xf4): value 0 when everything passed (QEMU's exit
 * status 1), value 1 otherwise (status 3).
 *
 * Fixed GDT layout (selectors):
 *   0x08 ring-0 code, 0x10 ring-0 data (flat 4 GiB)
 *   0x18 ring-3 code, 0x20 ring-3 data (flat; use 0x1b / 0x23)
 *   0x28 the kernel's TSS (ESP0 = a private ring-0 stack)
 *   0x30 16-bit code, 0x38 16-bit data (base REALMODE_BASE, limit 64 KiB)
 *   0x40.. GDT_FREE: free for tests (gdt_set)
 * Ring-0 code/SS order matches what sysenter/sysexit derive from
 * IA32_SYSENTER_CS = 0x08.
 */
#ifndef KTEST_H
#define KTEST_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdarg.h>

#define KERNEL_CS 0x08
#define KERNEL_DS 0x10
#define USER_CS   0x1b
#define USER_DS   0x23
#define KERNEL_TSS_SEL 0x28
#define CODE16_SEL 0x30
#define DATA16_SEL 0x38
#define GDT_FREE  8             /* first index tests may use */
#define GDT_ENTRIES 32
#define REALMODE_BASE 0x8000    /* where real-mode code is copied */

/* Access bytes for gdt_set */
#define SEG_CODE32_R0 0x9a
#define SEG_DATA_R0   0x92
#define SEG_CODE_R3   0xfa
#define SEG_DATA_R3   0xf2
/* Granularity nibble: G=1 D/B=1 */
#define SEG_FLAGS_4K32 0xc
#define SEG_FLAGS_BYTE16 0x0
#define SEG_FLAGS_BYTE32 0x4

/* What isr_common pushes, lowest address first. */
struct trap_frame {
    uint32_t gs, fs, es, ds;
    uint32_t edi, esi, ebp, esp_at_pusha, ebx, edx, ecx, eax;
    uint32_t vector, error_code;
    uint32_t eip, cs, eflags;
    uint32_t esp, ss;                   /* only from an outer ring or v8086 */
    uint32_t v86_es, v86_ds, v86_fs, v86_gs;  /* only from v8086 */
};

/* The last exception or interrupt taken (any vector). */
struct exc_record {
    uint32_t vector, error_code, cr2, eip, cs, eflags, esp, ss;
    uint32_t count;
};
extern volatile struct exc_record last_exc;

/* A handler returns having possibly edited the frame; it is then resumed
 * with iret. Vectors without a handler unwind to the armed catch_arm, or
 * fail the kernel when none is armed. */
typedef void (*trap_handler)(struct trap_frame *f);
void set_trap_handler(int vector, trap_handler h);

int catch_arm(void) __attribute__((returns_twice));
void catch_disarm(void);
/* From a trap handler: abandon the trapped context and return 1 from the
 * armed catch_arm. */
void catch_unwind(void) __attribute__((noreturn));

/* Run STMT expecting exception VEC with error code ERR (-1: don't check). */
#define EXPECT_EXC(name, vec, err, stmt)                                   \
    do {                                                                   \
        if (catch_arm() == 0) {                                            \
            stmt;                                                          \
            catch_disarm();                                                \
            fail(name, "no exception, expected vector %d", (vec));         \
        } else {                                                           \
            check_exc(name, (vec), (err));                                 \
        }                                                                  \
    } while (0)
/* Run STMT expecting no exception. */
#define EXPECT_NO_EXC(name, stmt)                                          \
    do {                                                                   \
        if (catch_arm() == 0) {                                            \
            stmt;                                                          \
            catch_disarm();                                                \
            pass(name);                                                    \
        } else {                                                           \
            fail(name, "unexpected exception %u err %x at %x",             \
                 last_exc.vector, last_exc.error_code, last_exc.eip);      \
        }                                                                  \
    } while (0)

bool check_exc(const char *name, uint32_t vec, int32_t err);

/* Reporting */
extern const char *kernel_name;         /* defined by each kernel */
void test_main(void);                   /* defined by each kernel */
void pass(const char *name);
void fail(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool check(const char *name, bool ok, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
bool check_eq(const char *name, uint32_t got, uint32_t want);
void skip(const char *name, const char *reason);
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kvprintf(const char *fmt, va_list ap);
void serial_putc(char c);
void ktest_exit(void) __attribute__((noreturn));

/* The 8259 pair at vectors 0x20-0x2f (clear of the exceptions), cascaded
 * on IRQ2, with these interrupt masks (a set bit masks the line). */
void pic_init(uint8_t master_mask, uint8_t slave_mask);

/* Multiboot information handed to the kernel (first module, if any). */
extern uint32_t mb_mod_start, mb_mod_end;

/* Descriptors */
void gdt_set(int index, uint32_t base, uint32_t limit, uint8_t access, uint8_t flags);
void gdt_set_raw(int index, uint64_t desc);
uint64_t gdt_get_raw(int index);
void idt_set_gate(int vector, uint16_t sel, uint32_t offset, uint8_t type_attr);
void idt_set_task_gate(int vector, uint16_t tss_sel, uint8_t dpl);
uint32_t isr_stub(int vector);
#define GATE_INT32_R0  0x8e
#define GATE_INT32_R3  0xee
#define GATE_TRAP32_R0 0x8f
#define GATE_TRAP32_R3 0xef

struct tss32 {
    uint16_t link, _r0;
    uint32_t esp0; uint16_t ss0, _r1;
    uint32_t esp1; uint16_t ss1, _r2;
    uint32_t esp2; uint16_t ss2, _r3;
    uint32_t cr3, eip, eflags, eax, ecx, edx, ebx, esp, ebp, esi, edi;
    uint16_t es, _r4, cs, _r5, ss, _r6, ds, _r7, fs, _r8, gs, _r9, ldt, _r10;
    uint16_t trap, iomap_base;
} __attribute__((packed));
extern struct tss32 kernel_tss;
void tss_descriptor(int index, struct tss32 *tss, uint32_t limit, int dpl);
extern uint8_t ring0_stack_top[];

/* Drop to ring 3 at FN (flat user segments, a private user stack, IF as
 * now, IOPL as given). FN must end with an `int $0x80` (USER_RETURN_VECTOR),
 * which comes back here; returns the EAX value FN had at that int. */
#define USER_RETURN_VECTOR 0x80
uint32_t run_user(void (*fn)(void), int iopl);

/* Paging (tables live in the library's static, page-aligned pool). */
#define PTE_P 0x001
#define PTE_W 0x002
#define PTE_U 0x004
#define PTE_PWT 0x008
#define PTE_PCD 0x010
#define PTE_A 0x020
#define PTE_D 0x040
#define PTE_PS 0x080
#define PTE_G 0x100
#define PTE_NX (1ull << 63)
void *page_alloc(void);                 /* zeroed 4 KiB page from the pool */
uint32_t *paging_build_identity_4k(uint32_t mib, uint32_t flags); /* returns page directory */
uint32_t *pte_of(uint32_t *pd, uint32_t va);  /* 4K PTE; creates the table */
void paging_enable(uint32_t *pd);
void paging_disable(void);

/* CPU access */
static inline void outb(uint16_t port, uint8_t v) { __asm__ volatile("outb %0, %1" :: "a"(v), "Nd"(port)); }
static inline void outw(uint16_t port, uint16_t v) { __asm__ volatile("outw %0, %1" :: "a"(v), "Nd"(port)); }
static inline void outl(uint16_t port, uint32_t v) { __asm__ volatile("outl %0, %1" :: "a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port) { uint8_t v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline uint32_t read_cr0(void) { uint32_t v; __asm__ volatile("mov %%cr0, %0" : "=r"(v)); return v; }
static inline uint32_t read_cr2(void) { uint32_t v; __asm__ volatile("mov %%cr2, %0" : "=r"(v)); return v; }
static inline uint32_t read_cr3(void) { uint32_t v; __asm__ volatile("mov %%cr3, %0" : "=r"(v)); return v; }
static inline uint32_t read_cr4(void) { uint32_t v; __asm__ volatile("mov %%cr4, %0" : "=r"(v)); return v; }
static inline void write_cr0(uint32_t v) { __asm__ volatile("mov %0, %%cr0" :: "r"(v) : "memory"); }
static inline void write_cr3(uint32_t v) { __asm__ volatile("mov %0, %%cr3" :: "r"(v) : "memory"); }
static inline void write_cr4(uint32_t v) { __asm__ volatile("mov %0, %%cr4" :: "r"(v) : "memory"); }
static inline void invlpg(uint32_t va) { __asm__ volatile("invlpg (%0)" :: "r"(va) : "memory"); }
static inline uint64_t rdmsr(uint32_t msr) { uint32_t lo, hi; __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr)); return ((uint64_t)hi << 32) | lo; }
static inline void wrmsr(uint32_t msr, uint64_t v) { __asm__ volatile("wrmsr" :: "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32))); }
static inline void cpuid(uint32_t leaf, uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d)
{
    __asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(0));
}
static inline uint32_t read_eflags(void) { uint32_t v; __asm__ volatile("pushf; pop %0" : "=r"(v)); return v; }
static inline uint16_t read_ds(void) { uint16_t v; __asm__ volatile("mov %%ds, %0" : "=r"(v)); return v; }
/* FS, the segment register the segmentation kernels test through */
static inline void load_fs(uint16_t sel) { __asm__ volatile("mov %w0, %%fs" :: "r"(sel)); }
static inline uint32_t fs_read(uint32_t off) { uint32_t v; __asm__ volatile("mov %%fs:(%1), %0" : "=r"(v) : "r"(off)); return v; }
static inline uint8_t fs_read8(uint32_t off) { uint8_t v; __asm__ volatile("movb %%fs:(%1), %0" : "=q"(v) : "r"(off)); return v; }
static inline void fs_write(uint32_t off, uint32_t v) { __asm__ volatile("movl %0, %%fs:(%1)" :: "r"(v), "r"(off) : "memory"); }

/* Seeded pseudo-random numbers for the fuzz kernels (xorshift32). */
void rnd_seed(uint32_t seed);
uint32_t rnd(void);
static inline uint32_t rnd_below(uint32_t n) { return rnd() % n; }

/* A decimal number from a command line, skipping leading blanks; advances *p. */
uint32_t parse_number(const char **p);

void *memcpy(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

#endif
