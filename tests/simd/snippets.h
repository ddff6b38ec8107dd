/*
 * The x87/MMX/SSE snippets of the simd differential test, built twice:
 * natively into simd-diff (an x86-64 Linux process) and into
 * simd-kernel.elf (an i386 multiboot kernel run by the emulator). Each
 * snippet reads in[] (seeded random bytes plus a few chosen values) and
 * writes its results to out[], which both sides print as hex.
 *
 * Every snippet is written so that its 32- and 64-bit builds do the same
 * thing: memory operands are based on fixed registers (in = ESI/RSI,
 * out = EBX/RBX, fx = EDI/RDI), so even the x87 opcode field (FOP, which
 * holds the ModRM byte) matches. What cannot match is zeroed in out[] on
 * both sides after the snippet ran, and only that:
 *   - the x87 instruction and operand pointers (FIP, FCS, FDP, FDS) in
 *     fnstenv/fnsave/fxsave images: code and data addresses differ;
 *   - MXCSR_MASK bits above 15 in the fxsave image: AMD hosts report
 *     0x2ffff (bit 17, misaligned SSE mode), the guest CPU 0xffff;
 *   - FOP in the fxsave image and in the fsave image taken after the
 *     fxrstor: AMD hosts save FOP (and FIP, FDP) only while an x87
 *     exception is pending, so they save and restore 0 where Intel CPUs
 *     and the guest keep the last opcode. The other snippets compare FOP.
 */
#ifndef SIMD_SNIPPETS_H
#define SIMD_SNIPPETS_H

#include <stdint.h>

#define SIMD_SEEDS 3
#define SIMD_OUT_MAX 512

static uint8_t in[256] __attribute__((aligned(16)));
static uint8_t out[SIMD_OUT_MAX] __attribute__((aligned(16)));
static uint8_t fx[512] __attribute__((aligned(16)));

/* in[]: random bytes, then doubles at 128, floats at 160, int32s at 176,
 * packed BCD at 192 and a shift count at 200 */
static void simd_fill_in(uint32_t seed)
{
    static const double d[4] = { 1.5, -2.25, 1e300, 3.0e-310 };
    static const float f[4] = { 2.5f, -0.75f, 1e30f, 1.0e-40f };
    static const int32_t iv[4] = { 7, -3, 1000000, -2147483647 - 1 };
    static const uint8_t bcd[10] = { 0x89, 0x67, 0x45, 0x23, 0x01, 0, 0, 0, 0, 0x80 };

    seed *= 7919;
    for (int i = 0; i < 256; i++) {
        seed = seed * 1103515245u + 12345u;
        in[i] = seed >> 16;
    }
    __builtin_memcpy(in + 128, d, sizeof(d));
    __builtin_memcpy(in + 160, f, sizeof(f));
    __builtin_memcpy(in + 176, iv, sizeof(iv));
    __builtin_memcpy(in + 192, bcd, sizeof(bcd));
    __builtin_memset(in + 200, 0, 8);
    in[200] = seed % 19;
}

#define LOADMMX "movq 0(%0), %%mm0\n movq 8(%0), %%mm1\n movq 16(%0), %%mm2\n movq 24(%0), %%mm3\n"
#define SAVEMMX "movq %%mm0, 0(%1)\n movq %%mm1, 8(%1)\n movq %%mm2, 16(%1)\n movq %%mm3, 24(%1)\n emms\n"
#define LOADXMM "movdqu 0(%0), %%xmm0\n movdqu 16(%0), %%xmm1\n movdqu 32(%0), %%xmm2\n movdqu 48(%0), %%xmm3\n"
#define SAVEXMM "movdqu %%xmm0, 0(%1)\n movdqu %%xmm1, 16(%1)\n movdqu %%xmm2, 32(%1)\n movdqu %%xmm3, 48(%1)\n"
#define T(body) __asm__ volatile(body :: "S"(in), "b"(out) : "memory", "eax", "ecx", "edx")

static void t_mmx1(void) { T(LOADMMX "paddb %%mm1,%%mm0\n psubusw 32(%0),%%mm1\n paddsw %%mm3,%%mm2\n pmaddwd %%mm0,%%mm3\n" SAVEMMX); }
static void t_mmx2(void) { T(LOADMMX "pcmpgtb %%mm1,%%mm0\n pmulhw 40(%0),%%mm1\n pmullw %%mm3,%%mm2\n packsswb %%mm1,%%mm3\n" SAVEMMX); }
static void t_mmx3(void) { T(LOADMMX "punpcklbw 40(%0),%%mm0\n punpckhdq %%mm0,%%mm1\n packuswb %%mm1,%%mm2\n packssdw %%mm0,%%mm3\n" SAVEMMX); }
static void t_mmx4(void) { T(LOADMMX "psllw $3,%%mm0\n psrad $33,%%mm1\n psrlq 48(%0),%%mm2\n psraw %%mm1,%%mm3\n pslld $5, %%mm3\n" SAVEMMX); }
static void t_mmx5(void) { T(LOADMMX "pavgb %%mm1,%%mm0\n pminub 40(%0),%%mm1\n pmaxsw %%mm3,%%mm2\n psadbw %%mm0,%%mm3\n pmulhuw %%mm2, %%mm0\n" SAVEMMX); }
static void t_mmx6(void) { T(LOADMMX "pshufw $0x1b,%%mm1,%%mm0\n mov $0x1234abcd, %%eax\n pinsrw $2,%%eax,%%mm1\n pextrw $3,%%mm2,%%ecx\n mov %%ecx, 64(%1)\n pmovmskb %%mm3, %%edx\n mov %%edx, 68(%1)\n paddq %%mm0, %%mm2\n pmuludq %%mm1, %%mm3\n" SAVEMMX); }
static void t_mmx7(void) { T(LOADMMX "movd %%mm1, %%eax\n mov %%eax, 64(%1)\n movd 52(%0), %%mm0\n pandn %%mm3, %%mm2\n pxor 8(%0), %%mm1\n por %%mm0, %%mm3\n movq %%mm3, 72(%1)\n psubq %%mm0, %%mm1\n" SAVEMMX); }
static void t_mmx_fsw(void) { T("fninit\n fld1\n fldpi\n" LOADMMX "paddw %%mm1,%%mm2\n fnstenv 64(%1)\n fsave 100(%1)\n emms\n fnstenv 200(%1)\n fninit\n" SAVEMMX); }
static void t_maskmov(void) {
    __asm__ volatile(LOADMMX LOADXMM "maskmovq %%mm1, %%mm0\n" SAVEMMX :: "S"(in), "b"(out), "D"(out + 80) : "memory");
    __asm__ volatile(LOADXMM "maskmovdqu %%xmm1, %%xmm2\n" :: "S"(in), "b"(out), "D"(out + 96) : "memory");
}
static void t_xmm_moves(void) { T(LOADXMM "movss 64(%0), %%xmm0\n movsd 72(%0), %%xmm1\n movhlps %%xmm3, %%xmm2\n movlhps %%xmm0, %%xmm3\n movhps %%xmm1, 64(%1)\n movlps 80(%0), %%xmm1\n movss %%xmm3, %%xmm2\n movsd %%xmm2, %%xmm0\n movq 96(%0), %%xmm3\n movq %%xmm1, 72(%1)\n" SAVEXMM); }
static void t_xmm_moves2(void) { T(LOADXMM "movhpd 64(%0), %%xmm0\n movlpd 72(%0), %%xmm1\n movups 17(%0), %%xmm2\n movdqu %%xmm2, 65(%1)\n movq %%xmm3, %%xmm1\n movaps 64(%0), %%xmm3\n movntdq %%xmm3, 96(%1)\n mov $0x5a5a1234, %%eax\n movnti %%eax, 112(%1)\n" SAVEXMM); }
static void t_xmm_shuf(void) { T(LOADXMM "pslldq $5, %%xmm0\n psrldq $11, %%xmm1\n pshufhw $0x4e, %%xmm2, %%xmm3\n pshuflw $0x93, 16(%0), %%xmm2\n punpckhqdq %%xmm0, %%xmm1\n unpcklpd 32(%0), %%xmm0\n" SAVEXMM); }
static void t_cvt_mmx(void) { T(LOADMMX LOADXMM "cvtpi2ps 176(%0), %%xmm0\n cvtpi2pd %%mm1, %%xmm1\n cvtps2pi 160(%0), %%mm0\n cvttps2pi %%xmm0, %%mm2\n cvtpd2pi 128(%0), %%mm3\n movdq2q %%xmm1, %%mm1\n movq2dq %%mm3, %%xmm2\n movdqu %%xmm0, 64(%1)\n movdqu %%xmm1, 80(%1)\n movdqu %%xmm2, 96(%1)\n" SAVEMMX); }
static void t_mxcsr(void) { T(LOADXMM "stmxcsr 96(%1)\n movl $0x7f80, 100(%1)\n ldmxcsr 100(%1)\n cvtps2dq 160(%0), %%xmm0\n addps %%xmm2, %%xmm1\n divsd 128(%0), %%xmm2\n sqrtpd %%xmm3, %%xmm3\n stmxcsr 64(%1)\n movl $0x9fc0, 100(%1)\n ldmxcsr 100(%1)\n mulps 160(%0), %%xmm1\n cvtsd2ss 152(%0), %%xmm2\n stmxcsr 68(%1)\n ldmxcsr 96(%1)\n" SAVEXMM); }
static void t_x87_mem(void) { T("fninit\n flds 160(%0)\n fldl 136(%0)\n fldt 0(%0)\n fstpt 64(%1)\n fildl 180(%0)\n filds 186(%0)\n fildll 176(%0)\n fbld 192(%0)\n fbstp 80(%1)\n fistps 90(%1)\n fistpl 92(%1)\n fistpll 96(%1)\n fsts 104(%1)\n fstpl 108(%1)\n fiadds 176(%0)\n fimull 180(%0)\n fnstsw 116(%1)\n fsave 120(%1)\n"); }
static void t_x87_rc(void) { T("fninit\n movw $0x0b7f, 64(%1)\n fldcw 64(%1)\n fldpi\n fld1\n fldl 128(%0)\n fdivs 164(%0)\n fldl2e\n fldlg2\n fsqrt\n fstps 66(%1)\n movw $0x047f, 64(%1)\n fldcw 64(%1)\n fmul %%st(2), %%st\n fldln2\n fldl2t\n fistpl 70(%1)\n frndint\n fnstenv 74(%1)\n fsave 110(%1)\n"); }
static void t_x87_pc(void) { T("fninit\n movw $0x007f, 64(%1)\n fldcw 64(%1)\n fld1\n fldpi\n fdiv %%st(1), %%st\n fldl 128(%0)\n fmulp\n faddl 136(%0)\n movw $0x027f, 64(%1)\n fldcw 64(%1)\n fld1\n fldl2e\n fdivrp\n fsave 70(%1)\n"); }
static void t_x87_misc(void) { T("xor %%eax, %%eax\n fninit\n fldl 128(%0)\n fldl 136(%0)\n fcmovb %%st(1),%%st\n fld %%st(1)\n fcmovne %%st(1), %%st\n fldz\n fucomip %%st(1), %%st\n fcmovbe %%st(2), %%st\n ffree %%st(2)\n fdecstp\n fincstp\n fxch %%st(2)\n fnstsw %%ax\n mov %%eax, 64(%1)\n fsave 70(%1)\n"); }
static void t_x87_env16(void) { T("fninit\n fldpi\n fld1\n faddl 128(%0)\n data16 fnstenv 64(%1)\n fldz\n data16 fnsave 80(%1)\n data16 frstor 80(%1)\n fsave 180(%1)\n"); }
static void t_fxsave(void) { __asm__ volatile("fninit\n fldpi\n fld1\n faddl 128(%0)\n" LOADXMM "fxsave (%2)\n fxrstor (%2)\n fsave 64(%1)\n" :: "S"(in), "b"(out), "D"(fx) : "memory", "eax", "ecx", "edx"); }
static void t_mmxall0(void) { T(LOADMMX LOADXMM "punpcklbw %%mm1, %%mm0\npunpcklbw 32(%0), %%mm2\npunpcklbw %%xmm1, %%xmm0\npunpcklbw 64(%0), %%xmm2\npunpcklwd %%mm2, %%mm1\npunpcklwd 36(%0), %%mm3\npunpcklwd %%xmm2, %%xmm1\npunpcklwd 64(%0), %%xmm3\npunpckldq %%mm3, %%mm2\npunpckldq 40(%0), %%mm0\npunpckldq %%xmm3, %%xmm2\npunpckldq 64(%0), %%xmm0\npacksswb %%mm0, %%mm3\npacksswb 64(%0), %%mm1\npacksswb %%xmm0, %%xmm3\npacksswb 64(%0), %%xmm1\npcmpgtb %%mm1, %%mm0\npcmpgtb 72(%0), %%mm2\npcmpgtb %%xmm1, %%xmm0\npcmpgtb 64(%0), %%xmm2\npcmpgtw %%mm2, %%mm1\npcmpgtw 80(%0), %%mm3\npcmpgtw %%xmm2, %%xmm1\npcmpgtw 64(%0), %%xmm3\n" SAVEMMX "movdqu %%xmm0, 32(%1)\n movdqu %%xmm1, 48(%1)\n movdqu %%xmm2, 64(%1)\n movdqu %%xmm3, 80(%1)\n"); }
static void t_mmxall1(void) { T(LOADMMX LOADXMM "pcmpgtd %%mm1, %%mm0\npcmpgtd 40(%0), %%mm2\npcmpgtd %%xmm1, %%xmm0\npcmpgtd 64(%0), %%xmm2\npackuswb %%mm2, %%mm1\npackuswb 48(%0), %%mm3\npackuswb %%xmm2, %%xmm1\npackuswb 64(%0), %%xmm3\npunpckhbw %%mm3, %%mm2\npunpckhbw 56(%0), %%mm0\npunpckhbw %%xmm3, %%xmm2\npunpckhbw 64(%0), %%xmm0\npunpckhwd %%mm0, %%mm3\npunpckhwd 64(%0), %%mm1\npunpckhwd %%xmm0, %%xmm3\npunpckhwd 64(%0), %%xmm1\npunpckhdq %%mm1, %%mm0\npunpckhdq 72(%0), %%mm2\npunpckhdq %%xmm1, %%xmm0\npunpckhdq 64(%0), %%xmm2\npackssdw %%mm2, %%mm1\npackssdw 80(%0), %%mm3\npackssdw %%xmm2, %%xmm1\npackssdw 64(%0), %%xmm3\n" SAVEMMX "movdqu %%xmm0, 32(%1)\n movdqu %%xmm1, 48(%1)\n movdqu %%xmm2, 64(%1)\n movdqu %%xmm3, 80(%1)\n"); }
static void t_mmxall2(void) { T(LOADMMX LOADXMM "pcmpeqb %%mm1, %%mm0\npcmpeqb 40(%0), %%mm2\npcmpeqb %%xmm1, %%xmm0\npcmpeqb 64(%0), %%xmm2\npcmpeqw %%mm2, %%mm1\npcmpeqw 48(%0), %%mm3\npcmpeqw %%xmm2, %%xmm1\npcmpeqw 64(%0), %%xmm3\npcmpeqd %%mm3, %%mm2\npcmpeqd 56(%0), %%mm0\npcmpeqd %%xmm3, %%xmm2\npcmpeqd 64(%0), %%xmm0\npsrlw 200(%0), %%mm3\npsrlw %%mm0, %%mm3\npsrlw %%xmm0, %%xmm3\npsrlw 64(%0), %%xmm1\npsrld 200(%0), %%mm0\npsrld %%mm1, %%mm0\npsrld %%xmm1, %%xmm0\npsrld 64(%0), %%xmm2\npsrlq 200(%0), %%mm1\npsrlq %%mm2, %%mm1\npsrlq %%xmm2, %%xmm1\npsrlq 64(%0), %%xmm3\n" SAVEMMX "movdqu %%xmm0, 32(%1)\n movdqu %%xmm1, 48(%1)\n movdqu %%xmm2, 64(%1)\n movdqu %%xmm3, 80(%1)\n"); }
static void t_mmxall3(void) { T(LOADMMX LOADXMM "paddq %%mm1, %%mm0\npaddq 40(%0), %%mm2\npaddq %%xmm1, %%xmm0\npaddq 64(%0), %%xmm2\npmullw %%mm2, %%mm1\npmullw 48(%0), %%mm3\npmullw %%xmm2, %%xmm1\npmullw 64(%0), %%xmm3\npsubusb %%mm3, %%mm2\npsubusb 56(%0), %%mm0\npsubusb %%xmm3, %%xmm2\npsubusb 64(%0), %%xmm0\npsubusw %%mm0, %%mm3\npsubusw 64(%0), %%mm1\npsubusw %%xmm0, %%xmm3\npsubusw 64(%0), %%xmm1\npminub %%mm1, %%mm0\npminub 72(%0), %%mm2\npminub %%xmm1, %%xmm0\npminub 64(%0), %%xmm2\npand %%mm2, %%mm1\npand 80(%0), %%mm3\npand %%xmm2, %%xmm1\npand 64(%0), %%xmm3\n" SAVEMMX "movdqu %%xmm0, 32(%1)\n movdqu %%xmm1, 48(%1)\n movdqu %%xmm2, 64(%1)\n movdqu %%xmm3, 80(%1)\n"); }
static void t_mmxall4(void) { T(LOADMMX LOADXMM "paddusb %%mm1, %%mm0\npaddusb 40(%0), %%mm2\npaddusb %%xmm1, %%xmm0\npaddusb 64(%0), %%xmm2\npaddusw %%mm2, %%mm1\npaddusw 48(%0), %%mm3\npaddusw %%xmm2, %%xmm1\npaddusw 64(%0), %%xmm3\npmaxub %%mm3, %%mm2\npmaxub 56(%0), %%mm0\npmaxub %%xmm3, %%xmm2\npmaxub 64(%0), %%xmm0\npandn %%mm0, %%mm3\npandn 64(%0), %%mm1\npandn %%xmm0, %%xmm3\npandn 64(%0), %%xmm1\npavgb %%mm1, %%mm0\npavgb 72(%0), %%mm2\npavgb %%xmm1, %%xmm0\npavgb 64(%0), %%xmm2\npsraw 200(%0), %%mm1\npsraw %%mm2, %%mm1\npsraw %%xmm2, %%xmm1\npsraw 64(%0), %%xmm3\n" SAVEMMX "movdqu %%xmm0, 32(%1)\n movdqu %%xmm1, 48(%1)\n movdqu %%xmm2, 64(%1)\n movdqu %%xmm3, 80(%1)\n"); }
static void t_mmxall5(void) { T(LOADMMX LOADXMM "psrad 200(%0), %%mm0\npsrad %%mm1, %%mm0\npsrad %%xmm1, %%xmm0\npsrad 64(%0), %%xmm2\npavgw %%mm2, %%mm1\npavgw 48(%0), %%mm3\npavgw %%xmm2, %%xmm1\npavgw 64(%0), %%xmm3\npmulhuw %%mm3, %%mm2\npmulhuw 56(%0), %%mm0\npmulhuw %%xmm3, %%xmm2\npmulhuw 64(%0), %%xmm0\npmulhw %%mm0, %%mm3\npmulhw 64(%0), %%mm1\npmulhw %%xmm0, %%xmm3\npmulhw 64(%0), %%xmm1\npsubsb %%mm1, %%mm0\npsubsb 72(%0), %%mm2\npsubsb %%xmm1, %%xmm0\npsubsb 64(%0), %%xmm2\npsubsw %%mm2, %%mm1\npsubsw 80(%0), %%mm3\npsubsw %%xmm2, %%xmm1\npsubsw 64(%0), %%xmm3\n" SAVEMMX "movdqu %%xmm0, 32(%1)\n movdqu %%xmm1, 48(%1)\n movdqu %%xmm2, 64(%1)\n movdqu %%xmm3, 80(%1)\n"); }
static void t_mmxall6(void) { T(LOADMMX LOADXMM "pminsw %%mm1, %%mm0\npminsw 40(%0), %%mm2\npminsw %%xmm1, %%xmm0\npminsw 64(%0), %%xmm2\npor %%mm2, %%mm1\npor 48(%0), %%mm3\npor %%xmm2, %%xmm1\npor 64(%0), %%xmm3\npaddsb %%mm3, %%mm2\npaddsb 56(%0), %%mm0\npaddsb %%xmm3, %%xmm2\npaddsb 64(%0), %%xmm0\npaddsw %%mm0, %%mm3\npaddsw 64(%0), %%mm1\npaddsw %%xmm0, %%xmm3\npaddsw 64(%0), %%xmm1\npmaxsw %%mm1, %%mm0\npmaxsw 72(%0), %%mm2\npmaxsw %%xmm1, %%xmm0\npmaxsw 64(%0), %%xmm2\npxor %%mm2, %%mm1\npxor 80(%0), %%mm3\npxor %%xmm2, %%xmm1\npxor 64(%0), %%xmm3\n" SAVEMMX "movdqu %%xmm0, 32(%1)\n movdqu %%xmm1, 48(%1)\n movdqu %%xmm2, 64(%1)\n movdqu %%xmm3, 80(%1)\n"); }
static void t_mmxall7(void) { T(LOADMMX LOADXMM "psllw 200(%0), %%mm0\npsllw %%mm1, %%mm0\npsllw %%xmm1, %%xmm0\npsllw 64(%0), %%xmm2\npslld 200(%0), %%mm1\npslld %%mm2, %%mm1\npslld %%xmm2, %%xmm1\npslld 64(%0), %%xmm3\npsllq 200(%0), %%mm2\npsllq %%mm3, %%mm2\npsllq %%xmm3, %%xmm2\npsllq 64(%0), %%xmm0\npmuludq %%mm0, %%mm3\npmuludq 64(%0), %%mm1\npmuludq %%xmm0, %%xmm3\npmuludq 64(%0), %%xmm1\npmaddwd %%mm1, %%mm0\npmaddwd 72(%0), %%mm2\npmaddwd %%xmm1, %%xmm0\npmaddwd 64(%0), %%xmm2\npsadbw %%mm2, %%mm1\npsadbw 80(%0), %%mm3\npsadbw %%xmm2, %%xmm1\npsadbw 64(%0), %%xmm3\n" SAVEMMX "movdqu %%xmm0, 32(%1)\n movdqu %%xmm1, 48(%1)\n movdqu %%xmm2, 64(%1)\n movdqu %%xmm3, 80(%1)\n"); }
static void t_mmxall8(void) { T(LOADMMX LOADXMM "psubb %%mm1, %%mm0\npsubb 40(%0), %%mm2\npsubb %%xmm1, %%xmm0\npsubb 64(%0), %%xmm2\npsubw %%mm2, %%mm1\npsubw 48(%0), %%mm3\npsubw %%xmm2, %%xmm1\npsubw 64(%0), %%xmm3\npsubd %%mm3, %%mm2\npsubd 56(%0), %%mm0\npsubd %%xmm3, %%xmm2\npsubd 64(%0), %%xmm0\npsubq %%mm0, %%mm3\npsubq 64(%0), %%mm1\npsubq %%xmm0, %%xmm3\npsubq 64(%0), %%xmm1\npaddb %%mm1, %%mm0\npaddb 72(%0), %%mm2\npaddb %%xmm1, %%xmm0\npaddb 64(%0), %%xmm2\npaddw %%mm2, %%mm1\npaddw 80(%0), %%mm3\npaddw %%xmm2, %%xmm1\npaddw 64(%0), %%xmm3\n" SAVEMMX "movdqu %%xmm0, 32(%1)\n movdqu %%xmm1, 48(%1)\n movdqu %%xmm2, 64(%1)\n movdqu %%xmm3, 80(%1)\n"); }
static void t_mmxall9(void) { T(LOADMMX LOADXMM "paddd %%mm1, %%mm0\npaddd 40(%0), %%mm2\npaddd %%xmm1, %%xmm0\npaddd 64(%0), %%xmm2\n" SAVEMMX "movdqu %%xmm0, 32(%1)\n movdqu %%xmm1, 48(%1)\n movdqu %%xmm2, 64(%1)\n movdqu %%xmm3, 80(%1)\n"); }
#undef T

static void zero_out(int off, int len)
{
    for (int i = 0; i < len; i++)
        out[off + i] = 0;
}
/* 32-bit fnstenv/fnsave image at off: FIP, FCS and FDP, FDS (FOP kept) */
static void mask_env32(int off) { zero_out(off + 12, 6); zero_out(off + 20, 6); }
/* 16-bit image: IP, CS, DP, DS */
static void mask_env16(int off) { zero_out(off + 6, 8); }

static void t_mmx_fsw_m(void) { t_mmx_fsw(); mask_env32(64); mask_env32(100); mask_env32(200); }
static void t_x87_mem_m(void) { t_x87_mem(); mask_env32(120); }
static void t_x87_rc_m(void) { t_x87_rc(); mask_env32(74); mask_env32(110); }
static void t_x87_pc_m(void) { t_x87_pc(); mask_env32(70); }
static void t_x87_misc_m(void) { t_x87_misc(); mask_env32(70); }
static void t_x87_env16_m(void) { t_x87_env16(); mask_env16(64); mask_env16(80); mask_env32(180); }
/* fsave image at 64 (FOP at 18..19), then the fxsave image copied to
 * out[200..371]: FOP (6..7), FIP, FCS (8..15), FDP, FDS (16..23),
 * MXCSR_MASK (28..31) */
static void t_fxsave_m(void)
{
    t_fxsave();
    mask_env32(64);
    zero_out(64 + 18, 2);
    for (int i = 0; i < 172; i++)
        out[200 + i] = fx[i];
    zero_out(200 + 6, 18);
    zero_out(200 + 30, 2);
}

struct simd_snippet {
    const char *name;
    void (*fn)(void);
    int outlen;                 /* bytes of out[] compared */
};

static const struct simd_snippet simd_snippets[] = {
    { "mmx1", t_mmx1, 32 }, { "mmx2", t_mmx2, 32 }, { "mmx3", t_mmx3, 32 },
    { "mmx4", t_mmx4, 32 }, { "mmx5", t_mmx5, 32 }, { "mmx6", t_mmx6, 72 },
    { "mmx7", t_mmx7, 80 }, { "mmx_fsw", t_mmx_fsw_m, 228 }, { "maskmov", t_maskmov, 112 },
    { "xmm_moves", t_xmm_moves, 80 }, { "xmm_moves2", t_xmm_moves2, 116 },
    { "xmm_shuf", t_xmm_shuf, 64 }, { "cvt_mmx", t_cvt_mmx, 112 }, { "mxcsr", t_mxcsr, 104 },
    { "x87_mem", t_x87_mem_m, 228 }, { "x87_rc", t_x87_rc_m, 218 }, { "x87_pc", t_x87_pc_m, 178 },
    { "x87_misc", t_x87_misc_m, 178 }, { "x87_env16", t_x87_env16_m, 288 },
    { "fxsave", t_fxsave_m, 372 },
    { "mmxall0", t_mmxall0, 96 }, { "mmxall1", t_mmxall1, 96 }, { "mmxall2", t_mmxall2, 96 },
    { "mmxall3", t_mmxall3, 96 }, { "mmxall4", t_mmxall4, 96 }, { "mmxall5", t_mmxall5, 96 },
    { "mmxall6", t_mmxall6, 96 }, { "mmxall7", t_mmxall7, 96 }, { "mmxall8", t_mmxall8, 96 },
    { "mmxall9", t_mmxall9, 96 },
};
#define SIMD_NB_SNIPPETS ((int)(sizeof(simd_snippets) / sizeof(simd_snippets[0])))

/* run snippet i on seed: the bytes to compare are out[0 .. outlen) */
static void simd_run(int i, uint32_t seed)
{
    simd_fill_in(seed);
    __builtin_memset(out, 0xcc, sizeof(out));
    simd_snippets[i].fn();
}

#endif
