/* x87/SSE smoke tests: arithmetic results, #NM with CR0.TS (and its
 * clearing by clts), #UD for SSE without CR4.OSFXSR, fxsave/fxrstor
 * round trip. #MF/#XM reporting is in fpu-exceptions.c, FERR# in
 * fpu-ferr.c. */
#include "ktest.h"

const char *kernel_name = "fpu";

static uint8_t fx_a[512] __attribute__((aligned(16)));
static uint8_t fx_b[512] __attribute__((aligned(16)));
static const double two = 2.0, three = 3.0;
static double result_d;
static float vec_in[4] __attribute__((aligned(16))) = { 1.5f, -2.0f, 3.25f, 100.0f };
static float vec_out[4] __attribute__((aligned(16)));

static void enable_sse(void)
{
    write_cr0((read_cr0() & ~0x4u) | 0x2u);         /* EM = 0, MP = 1 */
    write_cr4(read_cr4() | 0x600);                  /* OSFXSR, OSXMMEXCPT */
}

void test_main(void)
{
    write_cr0(read_cr0() & ~0xcu);                  /* EM = 0, TS = 0 */
    __asm__ volatile("fninit");

    uint16_t sw, cw;
    __asm__ volatile("fnstcw %0" : "=m"(cw));
    check_eq("fninit-control-word", cw, 0x037f);
    __asm__ volatile("fldl %1\n faddl %2\n fstpl %0" : "=m"(result_d) : "m"(two), "m"(three));
    check("x87-add", result_d == 5.0, "2 + 3 gave %x%x", ((uint32_t *)&result_d)[1], ((uint32_t *)&result_d)[0]);
    __asm__ volatile("fldl %1\n fsqrt\n fmul %%st(0), %%st(0)\n fstpl %0" : "=m"(result_d) : "m"(two));
    uint32_t hi = ((uint32_t *)&result_d)[1];
    check("x87-sqrt-square", hi == 0x40000000 || hi == 0x3fffffff, "sqrt(2)^2 = %x%x", hi, ((uint32_t *)&result_d)[0]);
    /* compare: 2 < 3 sets C0 */
    __asm__ volatile("fldl %1\n fcompl %2\n fnstsw %0" : "=a"(sw) : "m"(two), "m"(three));
    check_eq("x87-compare-c0", sw & 0x4500, 0x0100);
    /* divide by zero sets ZE, masked: result is infinity */
    __asm__ volatile("fld1\n fldz\n fdivrp\n fstpl %0\n fnstsw %%ax\n mov %%ax, %1\n fnclex"
                     : "=m"(result_d), "=m"(sw) :: "eax");
    check_eq("x87-div-zero-ze", sw & 0x4, 0x4);
    check_eq("x87-div-zero-inf", ((uint32_t *)&result_d)[1], 0x7ff00000);

    /* CR0.TS: the first x87 instruction is #NM; clts lets it run */
    write_cr0(read_cr0() | 0x8);
    EXPECT_EXC("ts-x87-nm", 7, 0, __asm__ volatile("fld1\n fstp %%st(0)" ::: "memory"));
    __asm__ volatile("clts");
    EXPECT_NO_EXC("clts-x87-ok", __asm__ volatile("fld1\n fstp %%st(0)" ::: "memory"));
    /* CR0.EM: x87 is #NM */
    write_cr0(read_cr0() | 0x4);
    EXPECT_EXC("em-x87-nm", 7, 0, __asm__ volatile("fld1\n fstp %%st(0)" ::: "memory"));
    write_cr0(read_cr0() & ~0x4u);

    uint32_t a, b, c, d;
    cpuid(1, &a, &b, &c, &d);
    if (!(d & (1u << 25)) || !(d & (1u << 24))) {
        skip("sse", "the CPU model has no SSE/FXSR");
        return;
    }
    /* SSE without CR4.OSFXSR: #UD */
    write_cr4(read_cr4() & ~0x200u);
    EXPECT_EXC("sse-without-osfxsr-ud", 6, 0, __asm__ volatile("xorps %%xmm0, %%xmm0" ::: "memory"));
    enable_sse();
    EXPECT_NO_EXC("sse-with-osfxsr", __asm__ volatile(
        "movaps %1, %%xmm1\n addps %%xmm1, %%xmm1\n movaps %%xmm1, %0"
        : "=m"(vec_out) : "m"(vec_in)));
    check("sse-addps", vec_out[0] == 3.0f && vec_out[1] == -4.0f && vec_out[2] == 6.5f && vec_out[3] == 200.0f,
          "results %x %x", *(uint32_t *)&vec_out[0], *(uint32_t *)&vec_out[3]);
    write_cr0(read_cr0() | 0x8);
    EXPECT_EXC("ts-sse-nm", 7, 0, __asm__ volatile("addps %%xmm1, %%xmm1" ::: "memory"));
    __asm__ volatile("clts");

    /* fxsave / fxrstor round trip: set distinct state, save, scramble,
     * restore, save again, compare */
    __asm__ volatile("fninit\n fld1\n fldpi\n fldl2e\n"
                     "movaps %0, %%xmm0\n movaps %0, %%xmm7\n pcmpeqd %%xmm3, %%xmm3"
                     :: "m"(vec_in));
    uint32_t mxcsr = 0x1f80 | 0x6000;           /* round toward zero */
    __asm__ volatile("ldmxcsr %0" :: "m"(mxcsr));
    __asm__ volatile("fxsave %0" : "=m"(fx_a));
    __asm__ volatile("fninit\n xorps %%xmm0, %%xmm0\n xorps %%xmm3, %%xmm3\n xorps %%xmm7, %%xmm7"
                     ::: "memory");
    mxcsr = 0x1f80;
    __asm__ volatile("ldmxcsr %0" :: "m"(mxcsr));
    __asm__ volatile("fxrstor %0" :: "m"(fx_a));
    __asm__ volatile("fxsave %0" : "=m"(fx_b));
    /* bytes 0..31 hold FCW..MXCSR_MASK; 32..159 ST0-7; 160..287 XMM0-7 */
    check("fxsave-fcw-fsw-ftw", memcmp(fx_a, fx_b, 6) == 0, "control/status/tag differ");
    check_eq("fxsave-mxcsr", *(uint32_t *)&fx_b[24], 0x7f80);
    check_eq("fxsave-abridged-tag", fx_b[4], 0xe0);
    check("fxrstor-x87-regs", memcmp(fx_a + 32, fx_b + 32, 128) == 0, "ST registers differ");
    check("fxrstor-xmm-regs", memcmp(fx_a + 160, fx_b + 160, 128) == 0, "XMM registers differ");
    check_eq("fxsave-xmm3-ones", *(uint32_t *)&fx_b[160 + 3 * 16], 0xffffffff);
    check_eq("fxsave-st0-l2e-exp", *(uint16_t *)&fx_b[32 + 8], 0x3fff);
}
