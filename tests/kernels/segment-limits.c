/* The checks made on every segment access: limits (expand-up, expand-down,
 * the stack segment's #SS), read-only and code-segment writes, and use of a
 * null selector. QEMU's TCG leaves these out, so this kernel is not
 * cross-checked against it; the behaviour is the SDM's (vol. 3, 5.3-5.5). */
#include "ktest.h"

const char *kernel_name = "segment-limits";

enum { SEG_SMALL = GDT_FREE, SEG_RO, SEG_DOWN, SEG_STACK, SEG_BASE, SEG_CODE_R };
#define SEL(i) ((i) << 3)
#define LOAD_FS(sel) __asm__ volatile("mov %w0, %%fs" :: "r"(sel))

static uint8_t based[64] __attribute__((aligned(16)));
static uint8_t stack_area[0x1000] __attribute__((aligned(16)));

static uint32_t fs_read(uint32_t off)
{
    uint32_t v;
    __asm__ volatile("mov %%fs:(%1), %0" : "=r"(v) : "r"(off));
    return v;
}
static void fs_write(uint32_t off, uint32_t v)
{
    __asm__ volatile("movl %0, %%fs:(%1)" :: "r"(v), "r"(off) : "memory");
}
static uint8_t fs_read8(uint32_t off)
{
    uint8_t v;
    __asm__ volatile("movb %%fs:(%1), %0" : "=q"(v) : "r"(off));
    return v;
}

void test_main(void)
{
    gdt_set(SEG_SMALL, 0, 0xfff, 0x93, SEG_FLAGS_BYTE32);
    gdt_set(SEG_RO, 0, 0xfffff, 0x91, SEG_FLAGS_4K32);
    gdt_set(SEG_DOWN, 0, 0xfff, 0x97, SEG_FLAGS_BYTE32);      /* expand-down, B=1 */
    gdt_set(SEG_STACK, (uint32_t)stack_area, 0xfff, 0x93, SEG_FLAGS_BYTE32);
    gdt_set(SEG_BASE, (uint32_t)based, 63, 0x93, SEG_FLAGS_BYTE32);
    gdt_set(SEG_CODE_R, 0, 0xfffff, 0x9b, SEG_FLAGS_4K32);

    LOAD_FS(0);
    EXPECT_EXC("use-null-selector-gp0", 13, 0, fs_read(0));

    LOAD_FS(SEL(SEG_SMALL));                /* byte granular, limit 0xfff */
    EXPECT_NO_EXC("limit-last-byte", fs_read8(0xfff));
    EXPECT_EXC("limit-past-end-gp0", 13, 0, fs_read8(0x1000));
    EXPECT_EXC("limit-dword-straddle-gp0", 13, 0, fs_read(0xffd));
    EXPECT_NO_EXC("limit-dword-last", fs_read(0xffc));

    LOAD_FS(SEL(SEG_BASE));
    EXPECT_EXC("based-limit-gp0", 13, 0, fs_read8(64));

    LOAD_FS(SEL(SEG_RO));
    EXPECT_NO_EXC("readonly-read", fs_read(0x100));
    EXPECT_EXC("readonly-write-gp0", 13, 0, fs_write(0x100, 1));

    LOAD_FS(SEL(SEG_CODE_R));
    EXPECT_EXC("code-segment-write-gp0", 13, 0, fs_write(0x100, 1));

    LOAD_FS(SEL(SEG_DOWN));                 /* valid offsets: 0x1000..4G-1 */
    EXPECT_EXC("expand-down-at-limit-gp0", 13, 0, fs_read8(0xfff));
    EXPECT_NO_EXC("expand-down-above-limit", fs_read8(0x1000));
    EXPECT_NO_EXC("expand-down-top", fs_read8(0xffffffff));

    /* a push below offset 0 of a limited stack segment: #SS(0) */
    EXPECT_EXC("stack-limit-ss0", 12, 0, __asm__ volatile(
        "mov %%esp, %%edx\n"
        "mov %w0, %%ss\n mov $2, %%esp\n"
        "push %%eax\n"
        "mov $0x10, %%cx\n mov %%cx, %%ss\n mov %%edx, %%esp"
        :: "r"(SEL(SEG_STACK)) : "ecx", "edx", "memory"));
    EXPECT_NO_EXC("stack-within-limit", __asm__ volatile(
        "mov %%esp, %%edx\n"
        "mov %w0, %%ss\n mov $0x1000, %%esp\n"
        "push %%eax\n pop %%eax\n"
        "mov $0x10, %%cx\n mov %%cx, %%ss\n mov %%edx, %%esp"
        :: "r"(SEL(SEG_STACK)) : "eax", "ecx", "edx", "memory"));
}
