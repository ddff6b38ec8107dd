/* The checks made on every segment access: limits (expand-up, expand-down,
 * the stack segment's #SS), read-only and code-segment writes, and use of a
 * null selector. QEMU's TCG leaves these out, so this kernel is not
 * cross-checked against it; the behaviour is the SDM's (vol. 3, 5.3-5.5). */
#include "ktest.h"

const char *kernel_name = "segment-limits";

enum { SEG_SMALL = GDT_FREE, SEG_RO, SEG_DOWN, SEG_STACK, SEG_BASE, SEG_CODE_R };
#define SEL(i) ((i) << 3)
/*
 * An exception that is caught leaves FS flat (catch_unwind reloads the
 * data segment registers), so a check after one calls load_fs again.
 */

/* A ring-3 stack segment like SEG_STACK (the selector is spelled out for the asm below) */
#define SEG_STACK_R3 (GDT_FREE + 6)
#define SEG_CODE_SMALL (GDT_FREE + 7)
#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_(x)

/*
 * Ring 3 (run_user) with SS = that 4 KiB stack segment and ESP = 2: the
 * push writes below offset 0 and raises #SS(0). It must run in an outer
 * ring: there the CPU delivers the fault on the ring-0 stack of the TSS,
 * while a ring-0 fault would be delivered on the faulting stack itself
 * (and fault again).
 */
void user_push_below_stack(void);
/*
 * Code run through SEG_CODE_SMALL (based here, limit 3): the four nops lie
 * within the limit, the lret at offset 4 does not (#GP(0) at EIP 4).
 */
void small_code(void);
__asm__(".text\n"
        "small_code: nop\n nop\n nop\n nop\n lret\n");
__asm__(".text\n"
        "user_push_below_stack:\n"
        "  mov $((" STRINGIFY(SEG_STACK_R3) " << 3) | 3), %ax\n"
        "  mov %ax, %ss\n"
        "  mov $2, %esp\n"
        "  push %eax\n"
        "  int $0x80\n");

static uint8_t based[64] __attribute__((aligned(16)));
static uint8_t stack_area[0x1000] __attribute__((aligned(16)));

void test_main(void)
{
    gdt_set(SEG_SMALL, 0, 0xfff, 0x93, SEG_FLAGS_BYTE32);
    gdt_set(SEG_RO, 0, 0xfffff, 0x91, SEG_FLAGS_4K32);
    gdt_set(SEG_DOWN, 0, 0xfff, 0x97, SEG_FLAGS_BYTE32);      /* expand-down, B=1 */
    gdt_set(SEG_STACK, (uint32_t)stack_area, 0xfff, 0x93, SEG_FLAGS_BYTE32);
    gdt_set(SEG_BASE, (uint32_t)based, 63, 0x93, SEG_FLAGS_BYTE32);
    gdt_set(SEG_CODE_R, 0, 0xfffff, 0x9b, SEG_FLAGS_4K32);
    gdt_set(SEG_STACK_R3, (uint32_t)stack_area, 0xfff, 0xf3, SEG_FLAGS_BYTE32);
    gdt_set(SEG_CODE_SMALL, (uint32_t)small_code, 3, 0x9b, SEG_FLAGS_BYTE32);

    load_fs(0);
    EXPECT_EXC("use-null-selector-gp0", 13, 0, fs_read(0));

    load_fs(SEL(SEG_SMALL));                /* byte granular, limit 0xfff */
    EXPECT_NO_EXC("limit-last-byte", fs_read8(0xfff));
    EXPECT_EXC("limit-past-end-gp0", 13, 0, fs_read8(0x1000));
    load_fs(SEL(SEG_SMALL));
    EXPECT_EXC("limit-dword-straddle-gp0", 13, 0, fs_read(0xffd));
    load_fs(SEL(SEG_SMALL));
    EXPECT_NO_EXC("limit-dword-last", fs_read(0xffc));

    load_fs(SEL(SEG_BASE));
    EXPECT_EXC("based-limit-gp0", 13, 0, fs_read8(64));

    /* an x87 operand is checked as a whole: 8 bytes at 60 pass the limit 63 */
    load_fs(SEL(SEG_BASE));
    EXPECT_EXC("fpu-operand-gp0", 13, 0,
               __asm__ volatile("fldl %%fs:60\n fstp %%st(0)" ::: "memory"));

    /* each element of a string insn: two bytes stored, then #GP(0) */
    based[62] = based[63] = 0;
    EXPECT_EXC("rep-stos-gp0", 13, 0, __asm__ volatile(
        "push %%es\n mov %w0, %%es\n mov $62, %%edi\n mov $4, %%ecx\n"
        "mov $0xaa, %%al\n rep stosb\n pop %%es"
        :: "r"(SEL(SEG_BASE)) : "eax", "ecx", "edi", "memory"));
    check_eq("rep-stos-elements-before-fault", based[62] + based[63], 0x154);

    load_fs(SEL(SEG_RO));
    EXPECT_NO_EXC("readonly-read", fs_read(0x100));
    EXPECT_EXC("readonly-write-gp0", 13, 0, fs_write(0x100, 1));

    load_fs(SEL(SEG_CODE_R));
    EXPECT_EXC("code-segment-write-gp0", 13, 0, fs_write(0x100, 1));

    load_fs(SEL(SEG_DOWN));                 /* valid offsets: 0x1000..4G-1 */
    EXPECT_EXC("expand-down-at-limit-gp0", 13, 0, fs_read8(0xfff));
    load_fs(SEL(SEG_DOWN));
    EXPECT_NO_EXC("expand-down-above-limit", fs_read8(0x1000));
    EXPECT_NO_EXC("expand-down-top", fs_read8(0xffffffff));

    /* instruction fetch beyond the CS limit */
    EXPECT_EXC("code-limit-gp0", 13, 0, __asm__ volatile(
        "lcall %0, $0" :: "i"(SEL(SEG_CODE_SMALL)) : "memory"));
    check_eq("code-limit-eip", last_exc.eip, 4);
    check_eq("code-limit-cs", last_exc.cs, SEL(SEG_CODE_SMALL));

    /* a push below offset 0 of a limited stack segment: #SS(0) */
    EXPECT_EXC("stack-limit-ss0", 12, 0, run_user(user_push_below_stack, 0));
    check_eq("stack-limit-ss0-cs", last_exc.cs, USER_CS);
    EXPECT_NO_EXC("stack-within-limit", __asm__ volatile(
        "mov %%esp, %%edx\n"
        "mov %w0, %%ss\n mov $0x1000, %%esp\n"
        "push %%eax\n pop %%eax\n"
        "mov $0x10, %%cx\n mov %%cx, %%ss\n mov %%edx, %%esp"
        :: "r"(SEL(SEG_STACK)) : "eax", "ecx", "edx", "memory"));
}
