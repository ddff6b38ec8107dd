/*
 * x87 control and environment: finit, fclex, fldcw, fnstsw, the pending
 * exception (#MF or FERR#), fnstenv/fldenv and fnsave/frstor in their
 * 16/32-bit real/protected layouts, fxsave/fxrstor, and the reset state.
 * The ES/B bits follow "some flagged exception is unmasked" at every
 * change of flags or masks, as real CPUs do.
 */
#include "fpu_internal.h"
#include "exec/helper-proto.h"

int fpu_full_tag(const CPUX86State *env, int phys)
{
    const floatx80 *v = &env->fpregs[phys].d;
    int e = v->high & 0x7fff;

    if (env->fptags[phys] == FPTAG_EMPTY) {
        return 3;
    }
    if (e == 0x7fff) {
        return 2;               /* infinity, NaN */
    }
    if (e == 0) {
        return v->low ? 2 : 1;  /* denormal : zero */
    }
    return (v->low >> 63) ? 0 : 2;  /* valid : unnormal */
}

static uint16_t fpu_tag_word(const CPUX86State *env)
{
    uint16_t ftw = 0;

    for (int i = 0; i < 8; i++) {
        ftw |= fpu_full_tag(env, i) << (2 * i);
    }
    return ftw;
}

static void fpu_set_ferr(CPUX86State *env, bool asserted)
{
    if (env->fpu_ferr) {
        env->fpu_ferr(env->fpu_ferr_opaque, asserted);
    }
}

/*
 * A waiting x87 insn found ES set. With CR0.NE the insn faults with #MF;
 * without it, the PC's legacy path: FERR# goes to the interrupt
 * controller (IRQ13) and the insn proceeds.
 */
void fpu_raise_pending(CPUX86State *env, uintptr_t retaddr)
{
    if (env->cr[0] & CR0_NE_MASK) {
        raise_exception_ra(env, EXCP10_COPR, retaddr);
    }
    fpu_set_ferr(env, true);
}

/* 9B: fwait, D9 D0: fnop */
void helper_fwait(CPUX86State *env)
{
    fpu_check_pending(env, GETPC());
}

/* an MMX insn: pending x87 exceptions first, then TOP = 0 and all registers valid */
void helper_enter_mmx(CPUX86State *env)
{
    fpu_check_pending(env, GETPC());
    env->fpstt = 0;
    memset(env->fptags, FPTAG_VALID, sizeof(env->fptags));
}

/* 0F 77: emms: all registers empty */
void helper_emms(CPUX86State *env)
{
    fpu_check_pending(env, GETPC());
    memset(env->fptags, FPTAG_EMPTY, sizeof(env->fptags));
}

static void fpu_init_state(CPUX86State *env, uint16_t cw)
{
    env->fpuc = cw;
    env->fpus = 0;
    env->fpstt = 0;
    memset(env->fptags, FPTAG_EMPTY, sizeof(env->fptags));
    env->fpip = env->fpdp = 0;
    env->fpcs = env->fpds = 0;
    env->fpop = 0;
}

/* DB E3: fninit */
void helper_fninit(CPUX86State *env)
{
    fpu_init_state(env, FPUC_DEFAULT);
    fpu_set_ferr(env, false);
}

/* DB E2: fnclex */
void helper_fnclex(CPUX86State *env)
{
    env->fpus &= ~(FPUS_EXC_MASK | FPUS_SF | FPUS_ES | FPUS_B);
    fpu_set_ferr(env, false);
}

/* D9 /5: fldcw (unmasking a flagged exception makes it pending) */
void helper_fldcw(CPUX86State *env, uint32_t cw)
{
    fpu_check_pending(env, GETPC());
    env->fpuc = cw;
    fpu_update_es(env);
}

/* DD /7, DF E0: fnstsw */
uint32_t helper_fnstsw(CPUX86State *env)
{
    return fpu_status_word(env);
}

/* power-on/reset state (SDM vol. 3, table 9-1): tags "zero", registers +0 */
void cpu_x86_fpu_reset(CPUX86State *env)
{
    fpu_init_state(env, 0x0040);
    memset(env->fptags, FPTAG_VALID, sizeof(env->fptags));
    memset(env->fpregs, 0, sizeof(env->fpregs));
    env->mxcsr = MXCSR_DEFAULT;
    memset(env->xmm_regs, 0, sizeof(env->xmm_regs));
}

/* ---- fnstenv/fldenv, fnsave/frstor ---- */

static bool fpu_real_layout(const CPUX86State *env)
{
    return !(env->hflags & HF_PE) || (env->hflags & HF_VM);
}

/* write the 14- or 28-byte environment at addr; returns its size */
static int fpu_store_env(CPUX86State *env, target_ulong addr, bool data32, uintptr_t ra)
{
    int idx = cpu_mmu_index(env);
    uint32_t fsw = fpu_status_word(env), ftw = fpu_tag_word(env);
    uint32_t fop = env->fpop & 0x7ff;

    if (fpu_real_layout(env)) {
        uint32_t ip = (env->fpcs << 4) + (uint32_t)env->fpip;
        uint32_t dp = (env->fpds << 4) + (uint32_t)env->fpdp;
        if (data32) {
            cpu_stl_le_mmuidx_ra(env, addr, 0xffff0000 | env->fpuc, idx, ra);
            cpu_stl_le_mmuidx_ra(env, addr + 4, 0xffff0000 | fsw, idx, ra);
            cpu_stl_le_mmuidx_ra(env, addr + 8, 0xffff0000 | ftw, idx, ra);
            cpu_stl_le_mmuidx_ra(env, addr + 12, 0xffff0000 | (ip & 0xffff), idx, ra);
            cpu_stl_le_mmuidx_ra(env, addr + 16, ((ip >> 16) << 12) | fop, idx, ra);
            cpu_stl_le_mmuidx_ra(env, addr + 20, 0xffff0000 | (dp & 0xffff), idx, ra);
            cpu_stl_le_mmuidx_ra(env, addr + 24, (dp >> 16) << 12, idx, ra);
            return 28;
        }
        cpu_stw_le_mmuidx_ra(env, addr, env->fpuc, idx, ra);
        cpu_stw_le_mmuidx_ra(env, addr + 2, fsw, idx, ra);
        cpu_stw_le_mmuidx_ra(env, addr + 4, ftw, idx, ra);
        cpu_stw_le_mmuidx_ra(env, addr + 6, ip, idx, ra);
        cpu_stw_le_mmuidx_ra(env, addr + 8, ((ip >> 16) << 12) | fop, idx, ra);
        cpu_stw_le_mmuidx_ra(env, addr + 10, dp, idx, ra);
        cpu_stw_le_mmuidx_ra(env, addr + 12, (dp >> 16) << 12, idx, ra);
        return 14;
    }
    if (data32) {
        cpu_stl_le_mmuidx_ra(env, addr, 0xffff0000 | env->fpuc, idx, ra);
        cpu_stl_le_mmuidx_ra(env, addr + 4, 0xffff0000 | fsw, idx, ra);
        cpu_stl_le_mmuidx_ra(env, addr + 8, 0xffff0000 | ftw, idx, ra);
        cpu_stl_le_mmuidx_ra(env, addr + 12, env->fpip, idx, ra);
        cpu_stl_le_mmuidx_ra(env, addr + 16, (env->fpcs & 0xffff) | (fop << 16), idx, ra);
        cpu_stl_le_mmuidx_ra(env, addr + 20, env->fpdp, idx, ra);
        cpu_stl_le_mmuidx_ra(env, addr + 24, 0xffff0000 | (env->fpds & 0xffff), idx, ra);
        return 28;
    }
    cpu_stw_le_mmuidx_ra(env, addr, env->fpuc, idx, ra);
    cpu_stw_le_mmuidx_ra(env, addr + 2, fsw, idx, ra);
    cpu_stw_le_mmuidx_ra(env, addr + 4, ftw, idx, ra);
    cpu_stw_le_mmuidx_ra(env, addr + 6, env->fpip, idx, ra);
    cpu_stw_le_mmuidx_ra(env, addr + 8, env->fpcs, idx, ra);
    cpu_stw_le_mmuidx_ra(env, addr + 10, env->fpdp, idx, ra);
    cpu_stw_le_mmuidx_ra(env, addr + 12, env->fpds, idx, ra);
    return 14;
}

/*
 * Read the environment at addr into the state; returns its size. All
 * reads happen before anything changes, so a fault leaves the FPU intact.
 */
static int fpu_load_env(CPUX86State *env, target_ulong addr, bool data32, uintptr_t ra)
{
    int idx = cpu_mmu_index(env);
    int step = data32 ? 4 : 2;
    uint32_t w[7];

    for (int i = 0; i < 7; i++) {
        w[i] = data32 ? cpu_ldl_le_mmuidx_ra(env, addr + i * step, idx, ra)
                      : cpu_lduw_le_mmuidx_ra(env, addr + i * step, idx, ra);
    }
    env->fpuc = w[0];
    env->fpstt = (w[1] >> FPUS_TOP_SHIFT) & 7;
    env->fpus = w[1] & ~FPUS_TOP;
    for (int i = 0; i < 8; i++) {
        env->fptags[i] = ((w[2] >> (2 * i)) & 3) == 3 ? FPTAG_EMPTY : FPTAG_VALID;
    }
    if (fpu_real_layout(env)) {
        env->fpop = w[4] & 0x7ff;
        env->fpip = (w[3] & 0xffff) | ((w[4] >> 12) << 16);
        env->fpdp = (w[5] & 0xffff) | ((w[6] >> 12) << 16);
        env->fpcs = env->fpds = 0;
    } else {
        env->fpip = w[3];
        env->fpcs = w[4] & 0xffff;
        env->fpop = data32 ? (w[4] >> 16) & 0x7ff : 0;
        env->fpdp = w[5];
        env->fpds = w[6] & 0xffff;
    }
    fpu_update_es(env);
    return data32 ? 28 : 14;
}

/* D9 /6: fnstenv, then mask all exceptions */
void helper_fnstenv(CPUX86State *env, target_ulong addr, int data32)
{
    fpu_store_env(env, addr, data32, GETPC());
    env->fpuc |= FPUC_EM_MASK;
    fpu_update_es(env);
}

/* D9 /4: fldenv */
void helper_fldenv(CPUX86State *env, target_ulong addr, int data32)
{
    uintptr_t ra = GETPC();

    fpu_check_pending(env, ra);
    fpu_load_env(env, addr, data32, ra);
}

/* DD /6: fnsave: environment, ST0..ST7, then finit */
void helper_fnsave(CPUX86State *env, target_ulong addr, int data32)
{
    uintptr_t ra = GETPC();
    int idx = cpu_mmu_index(env);
    target_ulong p = addr + fpu_store_env(env, addr, data32, ra);

    for (int i = 0; i < 8; i++, p += 10) {
        const floatx80 *v = fpu_st(env, i);
        cpu_stq_le_mmuidx_ra(env, p, v->low, idx, ra);
        cpu_stw_le_mmuidx_ra(env, p + 8, v->high, idx, ra);
    }
    fpu_init_state(env, FPUC_DEFAULT);
}

/* DD /4: frstor */
void helper_frstor(CPUX86State *env, target_ulong addr, int data32)
{
    uintptr_t ra = GETPC();
    int idx = cpu_mmu_index(env);
    target_ulong p = addr + (data32 ? 28 : 14);
    floatx80 regs[8];

    fpu_check_pending(env, ra);
    for (int i = 0; i < 8; i++, p += 10) {
        regs[i].low = cpu_ldq_le_mmuidx_ra(env, p, idx, ra);
        regs[i].high = cpu_lduw_le_mmuidx_ra(env, p + 8, idx, ra);
    }
    fpu_load_env(env, addr, data32, ra);
    for (int i = 0; i < 8; i++) {
        *fpu_st(env, i) = regs[i];
    }
}

/* ---- fxsave/fxrstor (0F AE /0, /1): the 512-byte legacy area ---- */

#define FXSAVE_MXCSR_MASK 0x0000ffff   /* MXCSR bits this CPU implements */

static void fxsave_check(CPUX86State *env, target_ulong addr, uintptr_t ra)
{
    if (addr & 15) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }
}

void helper_fxsave(CPUX86State *env, target_ulong addr)
{
    uintptr_t ra = GETPC();
    int idx = cpu_mmu_index(env);
    uint32_t ftw = 0;

    fxsave_check(env, addr, ra);
    for (int i = 0; i < 8; i++) {
        ftw |= (env->fptags[i] == FPTAG_VALID) << i;
    }
    cpu_stw_le_mmuidx_ra(env, addr, env->fpuc, idx, ra);
    cpu_stw_le_mmuidx_ra(env, addr + 2, fpu_status_word(env), idx, ra);
    cpu_stw_le_mmuidx_ra(env, addr + 4, ftw, idx, ra);
    cpu_stw_le_mmuidx_ra(env, addr + 6, env->fpop & 0x7ff, idx, ra);
    cpu_stl_le_mmuidx_ra(env, addr + 8, env->fpip, idx, ra);
    cpu_stl_le_mmuidx_ra(env, addr + 12, env->fpcs & 0xffff, idx, ra);
    cpu_stl_le_mmuidx_ra(env, addr + 16, env->fpdp, idx, ra);
    cpu_stl_le_mmuidx_ra(env, addr + 20, env->fpds & 0xffff, idx, ra);
    for (int i = 0; i < 8; i++) {
        const floatx80 *v = fpu_st(env, i);
        target_ulong p = addr + 32 + i * 16;
        cpu_stq_le_mmuidx_ra(env, p, v->low, idx, ra);
        cpu_stq_le_mmuidx_ra(env, p + 8, v->high, idx, ra);
    }
    /* without CR4.OSFXSR the SSE state is not part of the image */
    if (env->hflags & HF_OSFXSR) {
        cpu_stl_le_mmuidx_ra(env, addr + 24, env->mxcsr, idx, ra);
        cpu_stl_le_mmuidx_ra(env, addr + 28, FXSAVE_MXCSR_MASK, idx, ra);
        for (int i = 0; i < CPU_NB_REGS; i++) {
            target_ulong p = addr + 160 + i * 16;
            cpu_stq_le_mmuidx_ra(env, p, env->xmm_regs[i].q[0], idx, ra);
            cpu_stq_le_mmuidx_ra(env, p + 8, env->xmm_regs[i].q[1], idx, ra);
        }
    }
}

void helper_fxrstor(CPUX86State *env, target_ulong addr)
{
    uintptr_t ra = GETPC();
    int idx = cpu_mmu_index(env);
    bool sse = env->hflags & HF_OSFXSR;
    uint32_t mxcsr = 0, ftw;
    uint16_t fcw, fsw, fop;
    uint32_t fip, fcs, fdp, fds;
    floatx80 regs[8];
    XMMReg xmm[CPU_NB_REGS];

    fxsave_check(env, addr, ra);
    /* read everything first: a fault or #GP leaves the state intact */
    if (sse) {
        mxcsr = cpu_ldl_le_mmuidx_ra(env, addr + 24, idx, ra);
        if (mxcsr & ~FXSAVE_MXCSR_MASK) {
            raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
        }
    }
    fcw = cpu_lduw_le_mmuidx_ra(env, addr, idx, ra);
    fsw = cpu_lduw_le_mmuidx_ra(env, addr + 2, idx, ra);
    ftw = cpu_ldub_mmuidx_ra(env, addr + 4, idx, ra);
    fop = cpu_lduw_le_mmuidx_ra(env, addr + 6, idx, ra);
    fip = cpu_ldl_le_mmuidx_ra(env, addr + 8, idx, ra);
    fcs = cpu_lduw_le_mmuidx_ra(env, addr + 12, idx, ra);
    fdp = cpu_ldl_le_mmuidx_ra(env, addr + 16, idx, ra);
    fds = cpu_lduw_le_mmuidx_ra(env, addr + 20, idx, ra);
    for (int i = 0; i < 8; i++) {
        target_ulong p = addr + 32 + i * 16;
        regs[i].low = cpu_ldq_le_mmuidx_ra(env, p, idx, ra);
        regs[i].high = cpu_lduw_le_mmuidx_ra(env, p + 8, idx, ra);
    }
    if (sse) {
        for (int i = 0; i < CPU_NB_REGS; i++) {
            target_ulong p = addr + 160 + i * 16;
            xmm[i].q[0] = cpu_ldq_le_mmuidx_ra(env, p, idx, ra);
            xmm[i].q[1] = cpu_ldq_le_mmuidx_ra(env, p + 8, idx, ra);
        }
    }

    env->fpuc = fcw;
    env->fpstt = (fsw >> FPUS_TOP_SHIFT) & 7;
    env->fpus = fsw & ~FPUS_TOP;
    env->fpop = fop & 0x7ff;
    env->fpip = fip;
    env->fpcs = fcs;
    env->fpdp = fdp;
    env->fpds = fds;
    for (int i = 0; i < 8; i++) {
        env->fptags[i] = (ftw >> i) & 1 ? FPTAG_VALID : FPTAG_EMPTY;
        *fpu_st(env, i) = regs[i];
    }
    fpu_update_es(env);
    if (sse) {
        env->mxcsr = mxcsr;
        memcpy(env->xmm_regs, xmm, sizeof(xmm));
    }
}
