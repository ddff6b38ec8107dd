/*
 * x87, MMX, SSE and SSE2 helpers (fpu_helper.c, fpu_env_helper.c,
 * sse_helper.c, simd_int_helper.c), called from translate-fpu.c and
 * translate-sse.c. No include guard: see helper.h.
 *
 * x87 conventions: `op` is the reg field of a D8-style opcode
 * (0 fadd, 1 fmul, 2 fcom, 3 fcomp, 4 fsub, 5 fsubr, 6 fdiv, 7 fdivr);
 * `sti` is a stack-relative register number. An unmasked x87 exception
 * only sets ES; the helper of the next waiting insn (every x87 helper but
 * the no-wait control ones, and the MMX entry) raises #MF through
 * GETPC(), so those are TCG_CALL_NO_WG rather than NO_RWG.
 */

/* ---- x87: pending exceptions, control, MMX state ---- */
DEF_HELPER_FLAGS_1(fwait, TCG_CALL_NO_WG, void, env)              /* fwait, fnop */
DEF_HELPER_FLAGS_1(enter_mmx, TCG_CALL_NO_WG, void, env)
DEF_HELPER_FLAGS_1(emms, TCG_CALL_NO_WG, void, env)
DEF_HELPER_FLAGS_1(fninit, TCG_CALL_NO_RWG, void, env)
DEF_HELPER_FLAGS_1(fnclex, TCG_CALL_NO_RWG, void, env)
DEF_HELPER_FLAGS_2(fldcw, TCG_CALL_NO_WG, void, env, i32)
DEF_HELPER_FLAGS_1(fnstsw, TCG_CALL_NO_RWG_SE, i32, env)
/* addr, data32 (the 28-byte rather than the 14-byte layout) */
DEF_HELPER_FLAGS_3(fnstenv, TCG_CALL_NO_WG, void, env, tl, int)
DEF_HELPER_FLAGS_3(fldenv, TCG_CALL_NO_WG, void, env, tl, int)
DEF_HELPER_FLAGS_3(frstor, TCG_CALL_NO_WG, void, env, tl, int)
DEF_HELPER_FLAGS_3(fnsave, TCG_CALL_NO_WG, void, env, tl, int)
DEF_HELPER_FLAGS_2(fxsave, TCG_CALL_NO_WG, void, env, tl)
DEF_HELPER_FLAGS_2(fxrstor, TCG_CALL_NO_WG, void, env, tl)

/* ---- x87: arithmetic and compares ---- */
DEF_HELPER_FLAGS_3(fop_m32, TCG_CALL_NO_WG, void, env, int, i32)   /* D8 mem */
DEF_HELPER_FLAGS_3(fop_m64, TCG_CALL_NO_WG, void, env, int, i64)   /* DC mem */
DEF_HELPER_FLAGS_3(fop_mint, TCG_CALL_NO_WG, void, env, int, i32)  /* DA/DE mem, sign-extended */
/* mode 0: ST0 = ST0 op STi (D8); 1: STi = STi op' ST0 (DC); 2: the same and pop (DE) */
DEF_HELPER_FLAGS_4(fop_reg, TCG_CALL_NO_WG, void, env, int, int, int)
/* fcom/fucom ST0 with STi; pops 0-2; quiet: fucom */
DEF_HELPER_FLAGS_4(fcom_reg, TCG_CALL_NO_WG, void, env, int, int, int)
/* fcomi/fucomi: the new arithmetic EFLAGS from the old ones; pop 0/1 */
DEF_HELPER_FLAGS_5(fcomi, TCG_CALL_NO_WG, tl, env, int, int, int, tl)
/* D9 E0-FF: fchs, fabs, ftst, fxam, f2xm1 ... fcos, by modrm & 0x1f */
DEF_HELPER_FLAGS_2(fmisc, TCG_CALL_NO_WG, void, env, int)

/* ---- x87: loads, stores, register moves ---- */
DEF_HELPER_FLAGS_2(fld_m32, TCG_CALL_NO_WG, void, env, i32)
DEF_HELPER_FLAGS_2(fld_m64, TCG_CALL_NO_WG, void, env, i64)
DEF_HELPER_FLAGS_3(fld_m80, TCG_CALL_NO_WG, void, env, i64, i32)
DEF_HELPER_FLAGS_2(fild, TCG_CALL_NO_WG, void, env, i64)
DEF_HELPER_FLAGS_3(fbld, TCG_CALL_NO_WG, void, env, i64, i32)
DEF_HELPER_FLAGS_2(fld_sti, TCG_CALL_NO_WG, void, env, int)
DEF_HELPER_FLAGS_2(fld_const, TCG_CALL_NO_WG, void, env, int)     /* modrm & 7 of D9 E8-EE */
/* stores to guest memory at addr: pop 0/1 */
DEF_HELPER_FLAGS_3(fst_m32, TCG_CALL_NO_WG, void, env, tl, int)
DEF_HELPER_FLAGS_3(fst_m64, TCG_CALL_NO_WG, void, env, tl, int)
DEF_HELPER_FLAGS_2(fstp_m80, TCG_CALL_NO_WG, void, env, tl)
/* mode 0 fist, 1 fistp, 2 fisttp */
DEF_HELPER_FLAGS_3(fist_m16, TCG_CALL_NO_WG, void, env, tl, int)
DEF_HELPER_FLAGS_3(fist_m32, TCG_CALL_NO_WG, void, env, tl, int)
DEF_HELPER_FLAGS_3(fist_m64, TCG_CALL_NO_WG, void, env, tl, int)
DEF_HELPER_FLAGS_2(fbstp, TCG_CALL_NO_WG, void, env, tl)
DEF_HELPER_FLAGS_3(fst_sti, TCG_CALL_NO_WG, void, env, int, int)  /* sti, pop */
DEF_HELPER_FLAGS_2(fxch, TCG_CALL_NO_WG, void, env, int)
DEF_HELPER_FLAGS_3(ffree, TCG_CALL_NO_WG, void, env, int, int)    /* sti, pop (ffreep) */
DEF_HELPER_FLAGS_3(fcmov, TCG_CALL_NO_WG, void, env, int, int)    /* sti, condition */

/*
 * ---- SSE/SSE2 floating point (sse_helper.c): (env, dst, src) pointers into
 * env; they may raise #XM, so they are not NO_RWG ----
 */
#define DEF_SSE_FP(name) DEF_HELPER_FLAGS_3(name, TCG_CALL_NO_WG, void, env, ptr, ptr)
#define DEF_SSE_ARITH(op) DEF_SSE_FP(op##ps) DEF_SSE_FP(op##ss) DEF_SSE_FP(op##pd) DEF_SSE_FP(op##sd)
DEF_SSE_ARITH(add)
DEF_SSE_ARITH(mul)
DEF_SSE_ARITH(sub)
DEF_SSE_ARITH(min)
DEF_SSE_ARITH(div)
DEF_SSE_ARITH(max)
DEF_SSE_ARITH(sqrt)
DEF_SSE_FP(rsqrtps)
DEF_SSE_FP(rsqrtss)
DEF_SSE_FP(rcpps)
DEF_SSE_FP(rcpss)
DEF_SSE_FP(cvtps2pd)
DEF_SSE_FP(cvtpd2ps)
DEF_SSE_FP(cvtss2sd)
DEF_SSE_FP(cvtsd2ss)
DEF_SSE_FP(cvtdq2ps)
DEF_SSE_FP(cvtps2dq)
DEF_SSE_FP(cvttps2dq)
DEF_SSE_FP(cvtdq2pd)
DEF_SSE_FP(cvtpd2dq)
DEF_SSE_FP(cvttpd2dq)
DEF_SSE_FP(cvtpi2ps)
DEF_SSE_FP(cvtpi2pd)
DEF_SSE_FP(cvtps2pi)
DEF_SSE_FP(cvttps2pi)
DEF_SSE_FP(cvtpd2pi)
DEF_SSE_FP(cvttpd2pi)
DEF_HELPER_FLAGS_4(cmpps, TCG_CALL_NO_WG, void, env, ptr, ptr, i32)
DEF_HELPER_FLAGS_4(cmpss, TCG_CALL_NO_WG, void, env, ptr, ptr, i32)
DEF_HELPER_FLAGS_4(cmppd, TCG_CALL_NO_WG, void, env, ptr, ptr, i32)
DEF_HELPER_FLAGS_4(cmpsd, TCG_CALL_NO_WG, void, env, ptr, ptr, i32)
/* EFLAGS (ZF PF CF) of the compare */
DEF_HELPER_FLAGS_3(comiss, TCG_CALL_NO_WG, i32, env, ptr, ptr)
DEF_HELPER_FLAGS_3(ucomiss, TCG_CALL_NO_WG, i32, env, ptr, ptr)
DEF_HELPER_FLAGS_3(comisd, TCG_CALL_NO_WG, i32, env, ptr, ptr)
DEF_HELPER_FLAGS_3(ucomisd, TCG_CALL_NO_WG, i32, env, ptr, ptr)
DEF_HELPER_FLAGS_3(cvtsi2ss, TCG_CALL_NO_WG, void, env, ptr, i32)
DEF_HELPER_FLAGS_3(cvtsi2sd, TCG_CALL_NO_RWG, void, env, ptr, i32)
DEF_HELPER_FLAGS_2(cvtss2si, TCG_CALL_NO_WG, i32, env, ptr)
DEF_HELPER_FLAGS_2(cvttss2si, TCG_CALL_NO_WG, i32, env, ptr)
DEF_HELPER_FLAGS_2(cvtsd2si, TCG_CALL_NO_WG, i32, env, ptr)
DEF_HELPER_FLAGS_2(cvttsd2si, TCG_CALL_NO_WG, i32, env, ptr)
DEF_HELPER_FLAGS_2(ldmxcsr, TCG_CALL_NO_WG, void, env, i32)
DEF_HELPER_1(sse_misaligned, void, env)           /* #GP(0): a 16-byte operand not aligned */

/* ---- MMX/SSE2 integer (simd_int_helper.c): _mmx on 8 bytes, _xmm on 16 ---- */
#define DEF_SIMD_INT(name) \
    DEF_HELPER_FLAGS_3(name##_mmx, TCG_CALL_NO_RWG, void, env, ptr, ptr) \
    DEF_HELPER_FLAGS_3(name##_xmm, TCG_CALL_NO_RWG, void, env, ptr, ptr)
DEF_SIMD_INT(paddb) DEF_SIMD_INT(paddw) DEF_SIMD_INT(paddd) DEF_SIMD_INT(paddq)
DEF_SIMD_INT(psubb) DEF_SIMD_INT(psubw) DEF_SIMD_INT(psubd) DEF_SIMD_INT(psubq)
DEF_SIMD_INT(paddsb) DEF_SIMD_INT(paddsw) DEF_SIMD_INT(paddusb) DEF_SIMD_INT(paddusw)
DEF_SIMD_INT(psubsb) DEF_SIMD_INT(psubsw) DEF_SIMD_INT(psubusb) DEF_SIMD_INT(psubusw)
DEF_SIMD_INT(pcmpeqb) DEF_SIMD_INT(pcmpeqw) DEF_SIMD_INT(pcmpeqd)
DEF_SIMD_INT(pcmpgtb) DEF_SIMD_INT(pcmpgtw) DEF_SIMD_INT(pcmpgtd)
DEF_SIMD_INT(pmullw) DEF_SIMD_INT(pmulhw) DEF_SIMD_INT(pmulhuw) DEF_SIMD_INT(pmuludq)
DEF_SIMD_INT(pmaddwd) DEF_SIMD_INT(psadbw) DEF_SIMD_INT(pavgb) DEF_SIMD_INT(pavgw)
DEF_SIMD_INT(pminub) DEF_SIMD_INT(pmaxub) DEF_SIMD_INT(pminsw) DEF_SIMD_INT(pmaxsw)
DEF_SIMD_INT(packsswb) DEF_SIMD_INT(packuswb) DEF_SIMD_INT(packssdw)
DEF_SIMD_INT(punpcklbw) DEF_SIMD_INT(punpcklwd) DEF_SIMD_INT(punpckldq)
DEF_SIMD_INT(punpckhbw) DEF_SIMD_INT(punpckhwd) DEF_SIMD_INT(punpckhdq)
DEF_SIMD_INT(psrlw) DEF_SIMD_INT(psrld) DEF_SIMD_INT(psrlq)
DEF_SIMD_INT(psllw) DEF_SIMD_INT(pslld) DEF_SIMD_INT(psllq)
DEF_SIMD_INT(psraw) DEF_SIMD_INT(psrad)
DEF_HELPER_FLAGS_3(punpcklqdq_xmm, TCG_CALL_NO_RWG, void, env, ptr, ptr)
DEF_HELPER_FLAGS_3(punpckhqdq_xmm, TCG_CALL_NO_RWG, void, env, ptr, ptr)
DEF_HELPER_FLAGS_2(pmovmskb_mmx, TCG_CALL_NO_RWG_SE, i32, env, ptr)
DEF_HELPER_FLAGS_2(pmovmskb_xmm, TCG_CALL_NO_RWG_SE, i32, env, ptr)
DEF_HELPER_FLAGS_2(movmskps, TCG_CALL_NO_RWG_SE, i32, env, ptr)
DEF_HELPER_FLAGS_2(movmskpd, TCG_CALL_NO_RWG_SE, i32, env, ptr)
/* data, mask, linear address of DS:(E)DI */
DEF_HELPER_FLAGS_4(maskmov_mmx, TCG_CALL_NO_WG, void, env, ptr, ptr, tl)
DEF_HELPER_FLAGS_4(maskmov_xmm, TCG_CALL_NO_WG, void, env, ptr, ptr, tl)
/* shuffles with an imm8 */
DEF_HELPER_FLAGS_4(pshufw, TCG_CALL_NO_RWG, void, env, ptr, ptr, i32)
DEF_HELPER_FLAGS_4(pshufd, TCG_CALL_NO_RWG, void, env, ptr, ptr, i32)
DEF_HELPER_FLAGS_4(pshufhw, TCG_CALL_NO_RWG, void, env, ptr, ptr, i32)
DEF_HELPER_FLAGS_4(pshuflw, TCG_CALL_NO_RWG, void, env, ptr, ptr, i32)
DEF_HELPER_FLAGS_4(shufps, TCG_CALL_NO_RWG, void, env, ptr, ptr, i32)
DEF_HELPER_FLAGS_4(shufpd, TCG_CALL_NO_RWG, void, env, ptr, ptr, i32)
DEF_HELPER_FLAGS_3(pslldq, TCG_CALL_NO_RWG, void, env, ptr, i32)
DEF_HELPER_FLAGS_3(psrldq, TCG_CALL_NO_RWG, void, env, ptr, i32)
