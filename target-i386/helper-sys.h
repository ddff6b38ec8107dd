/*
 * System helpers: implemented in seg_helper.c, excp_helper.c, misc_helper.c;
 * called from the translator. Contract: before any call to these, the
 * translator has stored the current instruction's EIP in env->eip and made
 * cc_op/flags current (env->cc_op etc.), so a helper may raise an exception
 * directly. Helpers that need the address of the next instruction get it
 * as an argument (next_eip, absolute, or next_eip_addend = insn length).
 * shift: operand size, 0 = 16-bit, 1 = 32-bit (2 = 64-bit later).
 */

/* exceptions and software interrupts */
DEF_HELPER_2(raise_exception, void, env, int)         /* intno, no error code */
DEF_HELPER_1(single_step, void, env)                  /* TF trap after an insn: DR6.BS, then #DB */
/*
 * int n / int3: intno, next_eip_addend. The v8086 IOPL < 3 check of int n
 * (#GP(0), not for int3/into) is the translator's; the gate DPL check is here.
 */
DEF_HELPER_3(raise_interrupt, void, env, int, int)
DEF_HELPER_2(into, void, env, int)                             /* next_eip_addend; raises #OF if OF */
DEF_HELPER_3(boundw, void, env, tl, int)                       /* address of bounds, index value */
DEF_HELPER_3(boundl, void, env, tl, int)

/* segments */
DEF_HELPER_3(load_seg, void, env, int, int)                    /* seg reg, selector (mov/pop sreg, lds...) */
DEF_HELPER_4(ljmp_protected, void, env, int, tl, tl)           /* new cs, new eip, next_eip */
DEF_HELPER_5(lcall_real, void, env, int, tl, int, int)         /* new cs, new eip, shift, next_eip */
DEF_HELPER_5(lcall_protected, void, env, int, tl, int, tl)     /* new cs, new eip, shift, next_eip */
DEF_HELPER_3(lret_protected, void, env, int, int)              /* shift, bytes to pop after */
DEF_HELPER_2(iret_real, void, env, int)                        /* shift (real and v8086 with IOPL 3) */
DEF_HELPER_3(iret_protected, void, env, int, int)              /* shift, next_eip */
DEF_HELPER_2(lldt, void, env, int)
DEF_HELPER_2(ltr, void, env, int)
DEF_HELPER_2(verr, void, env, tl)                              /* sets ZF through cc_src (CC_OP_EFLAGS) */
DEF_HELPER_2(verw, void, env, tl)
DEF_HELPER_2(lar, tl, env, tl)                                 /* result; ZF as above */
DEF_HELPER_2(lsl, tl, env, tl)
DEF_HELPER_1(sysenter, void, env)
DEF_HELPER_2(sysexit, void, env, int)                          /* dflag */

/* EFLAGS as a whole (pushf/popf, and every place that needs all flags) */
DEF_HELPER_1(read_eflags, tl, env)                            /* VM and RF read as 0, as pushf stores them */
DEF_HELPER_3(write_eflags, void, env, tl, i32)                 /* value, mask of bits to update */

/* control and debug registers, MSRs, misc */
DEF_HELPER_2(read_crN, tl, env, int)
DEF_HELPER_3(write_crN, void, env, int, tl)
DEF_HELPER_2(get_dr, tl, env, int)
DEF_HELPER_3(set_dr, void, env, int, tl)
DEF_HELPER_2(lmsw, void, env, tl)
DEF_HELPER_1(clts, void, env)
DEF_HELPER_2(invlpg, void, env, tl)
DEF_HELPER_1(cpuid, void, env)
DEF_HELPER_1(rdtsc, void, env)
DEF_HELPER_1(rdpmc, void, env)
DEF_HELPER_1(rdmsr, void, env)
DEF_HELPER_1(wrmsr, void, env)
DEF_HELPER_2(hlt, void, env, int)                     /* next_eip_addend */
DEF_HELPER_1(pause, void, env)

/* port I/O; check_io raises #GP unless CPL <= IOPL or the TSS bitmap allows */
DEF_HELPER_3(check_io, void, env, i32, i32)                    /* port, size in bytes */
DEF_HELPER_2(inb, i32, env, i32)
DEF_HELPER_2(inw, i32, env, i32)
DEF_HELPER_2(inl, i32, env, i32)
DEF_HELPER_3(outb, void, env, i32, i32)
DEF_HELPER_3(outw, void, env, i32, i32)
DEF_HELPER_3(outl, void, env, i32, i32)
