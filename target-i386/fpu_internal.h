/*
 * x87 register-stack access shared by the FPU helper files. ST(i) is
 * physical register (TOP + i) & 7; fptags[] is indexed physically.
 */
#ifndef TARGET_I386_FPU_INTERNAL_H
#define TARGET_I386_FPU_INTERNAL_H

#include "cpu.h"

/* the QNaN "real indefinite" that masked invalid operations produce */
static const floatx80 floatx80_default_nan = { 0xc000000000000000ull, 0xffff };

static inline int fpu_phys(const CPUX86State *env, int sti)
{
    return (env->fpstt + sti) & 7;
}

static inline floatx80 *fpu_st(CPUX86State *env, int sti)
{
    return &env->fpregs[fpu_phys(env, sti)].d;
}

static inline bool fpu_empty(const CPUX86State *env, int sti)
{
    return env->fptags[fpu_phys(env, sti)] == FPTAG_EMPTY;
}

static inline void fpu_pop(CPUX86State *env)
{
    env->fptags[env->fpstt] = FPTAG_EMPTY;
    env->fpstt = (env->fpstt + 1) & 7;
}

/* make room for a new ST0 (the caller checked for overflow) and fill it */
static inline void fpu_push(CPUX86State *env, const floatx80 *v)
{
    env->fpstt = (env->fpstt - 1) & 7;
    env->fpregs[env->fpstt].d = *v;
    env->fptags[env->fpstt] = FPTAG_VALID;
}

/* the status word as fnstsw shows it */
static inline uint16_t fpu_status_word(const CPUX86State *env)
{
    return (env->fpus & ~FPUS_TOP) | ((env->fpstt & 7) << FPUS_TOP_SHIFT);
}

/* ES and B follow whether any flagged exception is unmasked */
static inline void fpu_update_es(CPUX86State *env)
{
    if (env->fpus & ~env->fpuc & FPUS_EXC_MASK) {
        env->fpus |= FPUS_ES | FPUS_B;
    } else {
        env->fpus &= ~(FPUS_ES | FPUS_B);
    }
}

/* a waiting insn found ES set: #MF, or FERR# without CR0.NE (fpu_env_helper.c) */
void fpu_raise_pending(CPUX86State *env, uintptr_t retaddr);

/*
 * Every waiting x87 insn (and MMX insn) starts with this, inside its
 * helper, so that the common case costs one test and no branch in the
 * generated code.
 */
static inline void fpu_check_pending(CPUX86State *env, uintptr_t retaddr)
{
    if (unlikely(env->fpus & FPUS_ES)) {
        fpu_raise_pending(env, retaddr);
    }
}

/* the architectural 2-bit tag of physical register i: valid, zero, special, empty */
int fpu_full_tag(const CPUX86State *env, int phys);

#endif
