/* Segment loads: the selector error codes of #GP/#NP/#SS, types and
 * privilege, bases, the LDT, and lar/lsl/verr/verw. The checks made on
 * every access (limits, types) are in segment-limits.c. */
#include "ktest.h"

const char *kernel_name = "segmentation";

enum { SEG_SMALL = GDT_FREE, SEG_NP, SEG_RO, SEG_XONLY,
       SEG_BASE, SEG_CODE_NP, SEG_LDT, SEG_DPL3_DATA, SEG_CODE_R };
#define SEL(i) ((i) << 3)

static uint8_t based[64] __attribute__((aligned(16)));
static uint64_t ldt[4];

#define LOAD_SS_BACK "mov $0x10, %%cx\n mov %%cx, %%ss\n"

static void test_loads(void)
{
    EXPECT_NO_EXC("load-null-ds", __asm__ volatile(
        "xor %%eax, %%eax\n mov %%ax, %%fs" ::: "eax"));
    EXPECT_EXC("beyond-gdt-limit", 13, 0x1f8, load_fs(0x1f8));
    EXPECT_EXC("not-present-np", 11, SEL(SEG_NP), load_fs(SEL(SEG_NP)));
    EXPECT_EXC("ss-not-present-ss", 12, SEL(SEG_NP), __asm__ volatile(
        "mov %w0, %%ss\n" LOAD_SS_BACK :: "r"(SEL(SEG_NP)) : "ecx"));
    EXPECT_EXC("ss-dpl3-in-ring0-gp", 13, SEL(SEG_DPL3_DATA), __asm__ volatile(
        "mov %w0, %%ss\n" LOAD_SS_BACK :: "r"(SEL(SEG_DPL3_DATA) | 0) : "ecx"));
    EXPECT_EXC("ss-readonly-gp", 13, SEL(SEG_RO), __asm__ volatile(
        "mov %w0, %%ss\n" LOAD_SS_BACK :: "r"(SEL(SEG_RO)) : "ecx"));
    EXPECT_EXC("rpl3-on-dpl0-gp", 13, KERNEL_DS, load_fs(KERNEL_DS | 3));
    EXPECT_EXC("exec-only-code-in-ds-gp", 13, SEL(SEG_XONLY), load_fs(SEL(SEG_XONLY)));
    EXPECT_NO_EXC("readable-code-in-ds", load_fs(SEL(SEG_CODE_R)));
    EXPECT_EXC("lcall-not-present-np", 11, SEL(SEG_CODE_NP), __asm__ volatile(
        "lcall %0, $0" :: "i"(SEL(SEG_CODE_NP))));
    uint64_t d = gdt_get_raw(SEG_BASE);
    check("accessed-bit-before", !(d & (1ull << 40)), "descriptor %x:%x", (uint32_t)(d >> 32), (uint32_t)d);
    load_fs(SEL(SEG_BASE));
    d = gdt_get_raw(SEG_BASE);
    check("accessed-bit-set-on-load", d & (1ull << 40), "descriptor %x:%x", (uint32_t)(d >> 32), (uint32_t)d);
}

static void test_base(void)
{
    for (int i = 0; i < 64; i++)
        based[i] = (uint8_t)(i * 3 + 1);
    load_fs(SEL(SEG_BASE));
    check_eq("base-read", fs_read(8), *(uint32_t *)&based[8]);
    fs_write(16, 0xdeadbeef);
    check_eq("base-write", *(volatile uint32_t *)&based[16], 0xdeadbeef);
}

static void test_ldt(void)
{
    /* LDT descriptor 0: a data segment based at `based` */
    uint32_t b = (uint32_t)based;
    ldt[1] = (63 & 0xffff) | ((uint64_t)(b & 0xffffff) << 16) | ((uint64_t)0x92 << 40) |
             ((uint64_t)(b >> 24) << 56);
    __asm__ volatile("lldt %w0" :: "r"(0));
    EXPECT_EXC("ldt-null-ti-gp", 13, 0x0c, load_fs(0x0c));
    gdt_set(SEG_LDT, (uint32_t)ldt, sizeof ldt - 1, 0x82, 0);
    __asm__ volatile("lldt %w0" :: "r"(SEL(SEG_LDT)));
    based[4] = 0x77;
    EXPECT_NO_EXC("ldt-load", load_fs(0x0c));
    check_eq("ldt-read", fs_read8(4), 0x77);
    EXPECT_EXC("ldt-beyond-limit-gp", 13, 0x24, load_fs(0x24));
    __asm__ volatile("lldt %w0" :: "r"(0));
}

static void test_lar_lsl_verr(void)
{
    uint32_t v, zf;
    __asm__ volatile("lsl %2, %0\n setz %b1\n movzbl %b1, %1" : "=r"(v), "=q"(zf) : "r"((uint32_t)SEL(SEG_SMALL)), "0"(0));
    check("lsl-byte", zf && v == 0xfff, "zf %u limit %x", zf, v);
    __asm__ volatile("lsl %2, %0\n setz %b1\n movzbl %b1, %1" : "=r"(v), "=q"(zf) : "r"((uint32_t)KERNEL_DS), "0"(0));
    check("lsl-page-granular", zf && v == 0xffffffff, "zf %u limit %x", zf, v);
    __asm__ volatile("lar %2, %0\n setz %b1\n movzbl %b1, %1" : "=r"(v), "=q"(zf) : "r"((uint32_t)KERNEL_CS), "0"(0));
    check("lar-code", zf && (v & 0x00f0fe00) == 0x00c09a00, "zf %u rights %x", zf, v);
    __asm__ volatile("lar %2, %0\n setz %b1\n movzbl %b1, %1" : "=r"(v), "=q"(zf) : "r"(0x1f8u), "0"(0));
    check("lar-bad-selector-zf0", !zf, "zf set");
    __asm__ volatile("verr %w1\n setz %b0\n movzbl %b0, %0" : "=q"(zf) : "r"(SEL(SEG_XONLY)));
    check("verr-exec-only", !zf, "zf set");
    __asm__ volatile("verw %w1\n setz %b0\n movzbl %b0, %0" : "=q"(zf) : "r"(SEL(SEG_RO)));
    check("verw-readonly", !zf, "zf set");
    __asm__ volatile("verw %w1\n setz %b0\n movzbl %b0, %0" : "=q"(zf) : "r"(KERNEL_DS));
    check("verw-writable", zf, "zf clear");
}

void test_main(void)
{
    gdt_set(SEG_SMALL, 0, 0xfff, 0x93, SEG_FLAGS_BYTE32);
    gdt_set(SEG_NP, 0, 0xfffff, 0x13, SEG_FLAGS_4K32);        /* P = 0 */
    gdt_set(SEG_RO, 0, 0xfffff, 0x91, SEG_FLAGS_4K32);
    gdt_set(SEG_XONLY, 0, 0xfffff, 0x99, SEG_FLAGS_4K32);
    gdt_set(SEG_BASE, (uint32_t)based, 63, 0x92, SEG_FLAGS_BYTE32);
    gdt_set(SEG_CODE_NP, 0, 0xfffff, 0x1a, SEG_FLAGS_4K32);
    gdt_set(SEG_DPL3_DATA, 0, 0xfffff, 0xf3, SEG_FLAGS_4K32);
    gdt_set(SEG_CODE_R, 0, 0xfffff, 0x9b, SEG_FLAGS_4K32);
    test_loads();
    test_base();
    test_ldt();
    test_lar_lsl_verr();
}
