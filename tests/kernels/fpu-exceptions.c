/* x87 and SIMD exception paths: unmasked x87 errors (#MF at the next
 * waiting instruction, no store and no pop for #IA/#Z, the biased
 * exponent of an unmasked overflow), #XM or #UD per CR4.OSXMMEXCPT,
 * ldmxcsr reserved bits, alignment #GP, MMX under CR0.EM/TS, TOP and
 * tags on MMX entry and emms (the CR0.NE = 0 path is in fpu-ferr.c).
 * The expected values were taken on a real CPU (SDM vol. 1 8.5, 11.5). */
#include "ktest.h"

const char *kernel_name = "fpu-exceptions";

#define CR0_MP 0x02
#define CR0_EM 0x04
#define CR0_TS 0x08
#define CR0_NE 0x20
#define CR4_OSFXSR 0x200
#define CR4_OSXMMEXCPT 0x400

#define VEC_UD 6
#define VEC_NM 7
#define VEC_GP 13
#define VEC_MF 16
#define VEC_XM 19

/* x87 control words: all masked (0x37f) but one exception */
#define FCW_UNMASK_IE 0x37e
#define FCW_UNMASK_ZE 0x37b
#define FCW_UNMASK_OE 0x377
/* status word bits compared: B, TOP, ES, SF, exception flags (not C0-C3) */
#define FSW_CHECKED 0xb8ff
#define FSW_TOP(sw) (((sw) >> 11) & 7)
#define MXCSR_DEFAULT 0x1f80
#define MXCSR_ZM 0x200

static uint8_t buf[64] __attribute__((aligned(16)));
static uint32_t u32;
static uint16_t sw, cw;

static void load_cw(uint16_t v)
{
    cw = v;
    __asm__ volatile("fldcw %0" :: "m"(cw));
}

static uint16_t store_sw(void)
{
    __asm__ volatile("fnstsw %0" : "=m"(sw));
    return sw;
}

/* 1/0 with ZE unmasked: flags ZE, ES, B; the stack is left as it was */
static void x87_divide_by_zero(void)
{
    __asm__ volatile("fninit" ::: "memory");
    load_cw(FCW_UNMASK_ZE);
    __asm__ volatile("fld1\n fldz\n fdivrp" ::: "memory");
}

static void x87_checks(void)
{
    x87_divide_by_zero();
    check_eq("x87-unmasked-ze-sw", store_sw() & FSW_CHECKED, 0xb084);  /* TOP still 6 */
    EXPECT_EXC("x87-mf-on-fld", VEC_MF, -1, __asm__ volatile("fld1" ::: "memory"));
    EXPECT_EXC("x87-mf-on-fadd", VEC_MF, -1, __asm__ volatile("fadd %%st(0), %%st(0)" ::: "memory"));
    EXPECT_NO_EXC("x87-fnclex-nowait", __asm__ volatile("fnclex\n fwait" ::: "memory"));
    check_eq("x87-stack-kept", FSW_TOP(store_sw()), 6);

    /* invalid operand (NaN from 0/0) on fistp m32 with IE unmasked:
     * nothing stored, no pop */
    u32 = 0x12345678;
    __asm__ volatile("fninit\n fldz\n fldz\n fdivrp\n fnclex" ::: "memory");
    load_cw(FCW_UNMASK_IE);
    __asm__ volatile("fistpl %0" : "+m"(u32) :: "memory");
    check_eq("x87-unmasked-ie-sw", store_sw() & FSW_CHECKED, 0xb881);
    check_eq("x87-unmasked-ie-nostore", u32, 0x12345678);
    __asm__ volatile("fnclex\n fninit" ::: "memory");

    /* overflow with OE unmasked: the result is stored with its exponent
     * divided by 2^24576 (1e8000 -> biased 0x47ce) */
    static const long double big = 1e4000L;
    static uint8_t save[108];
    __asm__ volatile("fninit" ::: "memory");
    load_cw(FCW_UNMASK_OE);
    __asm__ volatile("fldt %1\n fmul %%st(0), %%st(0)\n fnsave %0"
                     : "=m"(save) : "m"(big) : "memory");
    check_eq("x87-unmasked-oe-biased-exponent", *(uint16_t *)(save + 28 + 8), 0x47ce);
    check_eq("x87-unmasked-oe-sw", *(uint16_t *)(save + 4) & FSW_CHECKED, 0xb8a8);
}

static void simd_checks(void)
{
    static const float one = 1.0f;

    /* divss by zero with ZM clear: #XM, or #UD without CR4.OSXMMEXCPT */
    memcpy(buf, &one, sizeof(one));
    u32 = MXCSR_DEFAULT & ~MXCSR_ZM;
    __asm__ volatile("ldmxcsr %0" :: "m"(u32));
    EXPECT_EXC("sse-xm", VEC_XM, -1, __asm__ volatile(
        "xorps %%xmm1, %%xmm1\n movss %0, %%xmm0\n divss %%xmm1, %%xmm0" :: "m"(buf) : "memory"));
    write_cr4(read_cr4() & ~CR4_OSXMMEXCPT);
    EXPECT_EXC("sse-xm-as-ud", VEC_UD, -1, __asm__ volatile("divss %%xmm1, %%xmm0" ::: "memory"));
    write_cr4(read_cr4() | CR4_OSXMMEXCPT);
    __asm__ volatile("stmxcsr %0" : "=m"(u32));
    check_eq("sse-mxcsr-ze-flag", u32 & 0x3f, 0x4);

    u32 = MXCSR_DEFAULT | 0x10000;      /* reserved bit */
    EXPECT_EXC("ldmxcsr-reserved-gp", VEC_GP, 0, __asm__ volatile("ldmxcsr %0" :: "m"(u32)));
    u32 = MXCSR_DEFAULT;
    __asm__ volatile("ldmxcsr %0" :: "m"(u32));

    /* 16-byte operands of aligned forms must be aligned; scalar ones need not */
    EXPECT_EXC("movaps-misaligned-gp", VEC_GP, 0,
               __asm__ volatile("movaps 4+%0, %%xmm0" :: "m"(buf) : "memory"));
    EXPECT_NO_EXC("movups-misaligned-ok",
                  __asm__ volatile("movups 4+%0, %%xmm0" :: "m"(buf) : "memory"));
    EXPECT_EXC("addps-misaligned-gp", VEC_GP, 0,
               __asm__ volatile("addps 8+%0, %%xmm0" :: "m"(buf) : "memory"));
    EXPECT_NO_EXC("addss-misaligned-ok",
                  __asm__ volatile("addss 8+%0, %%xmm0" :: "m"(buf) : "memory"));
}

static void mmx_checks(void)
{
    write_cr0(read_cr0() | CR0_EM);
    EXPECT_EXC("mmx-em-ud", VEC_UD, -1, __asm__ volatile("paddb %%mm0, %%mm1" ::: "memory"));
    write_cr0((read_cr0() & ~CR0_EM) | CR0_TS);
    EXPECT_EXC("mmx-ts-nm", VEC_NM, -1, __asm__ volatile("paddb %%mm0, %%mm1" ::: "memory"));
    EXPECT_EXC("fwait-ts-mp-nm", VEC_NM, -1, __asm__ volatile("fwait" ::: "memory"));
    __asm__ volatile("clts");

    /* an MMX insn sets TOP = 0 and every tag valid; emms empties them */
    __asm__ volatile("fninit\n fld1\n paddb %%mm0, %%mm1\n fnstsw %0\n fnstenv %1"
                     : "=m"(sw), "=m"(buf) :: "memory");
    check_eq("mmx-top0", FSW_TOP(sw), 0);
    uint32_t tw = ((uint32_t *)buf)[2] & 0xffff, empty = 0;
    for (int i = 0; i < 8; i++)
        empty += ((tw >> (2 * i)) & 3) == 3;
    check_eq("mmx-tags-valid", empty, 0);
    __asm__ volatile("emms\n fnstenv %0" : "=m"(buf) :: "memory");
    check_eq("emms-tags-empty", ((uint32_t *)buf)[2] & 0xffff, 0xffff);
}

void test_main(void)
{
    write_cr0((read_cr0() & ~(CR0_EM | CR0_TS)) | CR0_MP | CR0_NE);
    write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
    x87_checks();
    simd_checks();
    mmx_checks();
}
