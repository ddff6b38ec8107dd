/*
 * Segmentation: descriptor tables, segment register loads with the
 * protected-mode checks, LDTR/TR loads, the descriptor probes
 * (verr/verw/lar/lsl), EFLAGS as a whole, and into/bound.
 * Far transfers are in farjmp_helper.c, interrupts in intr_helper.c,
 * task switches in task_switch.c.
 */
#include "qemu/osdep.h"
#include "cpu.h"
#include "cc_op.h"
#include "sys-internal.h"
#include "exec/helper-proto.h"

/* ---- descriptors ---- */

bool x86_read_descriptor(CPUX86State *env, uint32_t selector,
                         uint32_t *e1, uint32_t *e2, uintptr_t ra)
{
    SegmentCache *dt = (selector & 4) ? &env->ldt : &env->gdt;
    uint32_t index = selector & ~7u;

    if (index + 7 > dt->limit) {
        return false;
    }
    /* descriptor tables are read with supervisor rights whatever the CPL */
    *e1 = cpu_ldl_le_mmuidx_ra(env, dt->base + index, MMU_KERNEL_IDX, ra);
    *e2 = cpu_ldl_le_mmuidx_ra(env, dt->base + index + 4, MMU_KERNEL_IDX, ra);
    return true;
}

bool x86_read_stack_descriptor(CPUX86State *env, uint32_t selector, int pl,
                               uint32_t *e1, uint32_t *e2, uintptr_t ra)
{
    return (selector & 3) == pl && x86_read_descriptor(env, selector, e1, e2, ra) &&
           desc_dpl(*e2) == pl && (*e2 & DESC_S_MASK) && !(*e2 & DESC_CS_MASK) &&
           (*e2 & DESC_W_MASK);
}

void x86_read_gate_target(CPUX86State *env, uint32_t gate_e1, int ext, uint32_t *sel,
                          uint32_t *e1, uint32_t *e2, uintptr_t ra)
{
    *sel = gate_e1 >> 16;
    if ((*sel & 0xfffc) == 0) {
        raise_exception_err_ra(env, EXCP0D_GPF, ext, ra);
    }
    if (!x86_read_descriptor(env, *sel, e1, e2, ra) ||
        !(*e2 & DESC_S_MASK) || !(*e2 & DESC_CS_MASK)) {
        raise_exception_err_ra(env, EXCP0D_GPF, (*sel & 0xfffc) + ext, ra);
    }
}

void x86_set_desc_accessed(CPUX86State *env, uint32_t selector, uint32_t e2, uintptr_t ra)
{
    if (!(e2 & DESC_A_MASK)) {
        SegmentCache *dt = (selector & 4) ? &env->ldt : &env->gdt;
        cpu_stl_le_mmuidx_ra(env, dt->base + (selector & ~7u) + 4, e2 | DESC_A_MASK,
                             MMU_KERNEL_IDX, ra);
    }
}

/*
 * Real mode changes only the selector and base: the limit and attributes
 * stay as protected mode left them ("unreal" mode relies on it).
 */
void x86_load_seg_real(CPUX86State *env, int seg, uint32_t selector)
{
    SegmentCache *sc = &env->segs[seg];

    selector &= 0xffff;
    cpu_x86_load_seg_cache(env, seg, selector, selector << 4, sc->limit, sc->flags);
}

void x86_load_seg_vm86(CPUX86State *env, int seg, uint32_t selector)
{
    selector &= 0xffff;
    cpu_x86_load_seg_cache(env, seg, selector, selector << 4, 0xffff,
                           DESC_P_MASK | DESC_S_MASK | DESC_W_MASK | DESC_A_MASK |
                           (3 << DESC_DPL_SHIFT));
}

void x86_load_seg_protected(CPUX86State *env, int seg, uint32_t selector, uintptr_t ra)
{
    int cpl = env->hflags & HF_CPL_MASK;
    uint32_t e1, e2;

    selector &= 0xffff;
    if ((selector & 0xfffc) == 0) {
        /* a null selector may sit in any data segment register, never in SS */
        if (seg == R_SS) {
            raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
        }
        cpu_x86_load_seg_cache(env, seg, selector, 0, 0, 0);
        return;
    }
    if (!x86_read_descriptor(env, selector, &e1, &e2, ra)) {
        raise_exception_err_ra(env, EXCP0D_GPF, selector & 0xfffc, ra);
    }
    if (!(e2 & DESC_S_MASK)) {
        raise_exception_err_ra(env, EXCP0D_GPF, selector & 0xfffc, ra);
    }
    int rpl = selector & 3;
    int dpl = desc_dpl(e2);
    if (seg == R_SS) {
        /* a writable data segment at exactly the CPL */
        if ((e2 & DESC_CS_MASK) || !(e2 & DESC_W_MASK) || rpl != cpl || dpl != cpl) {
            raise_exception_err_ra(env, EXCP0D_GPF, selector & 0xfffc, ra);
        }
    } else {
        /* readable; data and non-conforming code only at a lower privilege */
        if ((e2 & (DESC_CS_MASK | DESC_R_MASK)) == DESC_CS_MASK) {
            raise_exception_err_ra(env, EXCP0D_GPF, selector & 0xfffc, ra);
        }
        if ((e2 & (DESC_CS_MASK | DESC_C_MASK)) != (DESC_CS_MASK | DESC_C_MASK) &&
            (dpl < cpl || dpl < rpl)) {
            raise_exception_err_ra(env, EXCP0D_GPF, selector & 0xfffc, ra);
        }
    }
    if (!(e2 & DESC_P_MASK)) {
        raise_exception_err_ra(env, seg == R_SS ? EXCP0C_STACK : EXCP0B_NOSEG,
                               selector & 0xfffc, ra);
    }
    x86_set_desc_accessed(env, selector, e2, ra);
    load_seg_cache_desc(env, seg, selector, e1, e2 | DESC_A_MASK);
}

/* mov sreg / pop sreg / lds...: with EIP and flags already synced */
void helper_load_seg(CPUX86State *env, int seg, int selector)
{
    if (!(env->cr[0] & CR0_PE_MASK)) {
        x86_load_seg_real(env, seg, selector);
    } else if (env->eflags & VM_MASK) {
        x86_load_seg_vm86(env, seg, selector);
    } else {
        x86_load_seg_protected(env, seg, selector, GETPC());
    }
}

void x86_get_tss_stack(CPUX86State *env, int dpl, uint32_t *ss, uint32_t *esp, uintptr_t ra)
{
    int type = (env->tr.flags >> DESC_TYPE_SHIFT) & 0xf;
    int shift = type >> 3;      /* 1: 32-bit TSS */
    uint32_t offset = (dpl * 4 + 2) << shift;

    if (!(env->tr.flags & DESC_P_MASK)) {
        raise_exception_err_ra(env, EXCP0A_TSS, env->tr.selector & 0xfffc, ra);
    }
    if (offset + (4 << shift) - 1 > env->tr.limit) {
        raise_exception_err_ra(env, EXCP0A_TSS, env->tr.selector & 0xfffc, ra);
    }
    if (shift) {
        *esp = cpu_ldl_le_mmuidx_ra(env, env->tr.base + offset, MMU_KERNEL_IDX, ra);
        *ss = cpu_lduw_le_mmuidx_ra(env, env->tr.base + offset + 4, MMU_KERNEL_IDX, ra);
    } else {
        *esp = cpu_lduw_le_mmuidx_ra(env, env->tr.base + offset, MMU_KERNEL_IDX, ra);
        *ss = cpu_lduw_le_mmuidx_ra(env, env->tr.base + offset + 2, MMU_KERNEL_IDX, ra);
    }
}

void x86_inner_stack(CPUX86State *env, int dpl, int ext, X86Stack *st, uint32_t *ss,
                     uint32_t *ss_e1, uint32_t *ss_e2, uintptr_t ra)
{
    uint32_t esp;

    x86_get_tss_stack(env, dpl, ss, &esp, ra);
    int err = (*ss & 0xfffc) + ext;
    if ((*ss & 0xfffc) == 0 || !x86_read_stack_descriptor(env, *ss, dpl, ss_e1, ss_e2, ra)) {
        raise_exception_err_ra(env, EXCP0A_TSS, err, ra);
    }
    if (!(*ss_e2 & DESC_P_MASK)) {
        raise_exception_err_ra(env, EXCP0C_STACK, err, ra);
    }
    stack_init(st, env, desc_base(*ss_e1, *ss_e2), esp, stack_mask_of(*ss_e2),
               mmu_idx_for_cpl(dpl), ra);
}

void x86_validate_data_segs_for_cpl(CPUX86State *env, int cpl)
{
    static const int segs[] = { R_ES, R_DS, R_FS, R_GS };

    for (size_t i = 0; i < ARRAY_SIZE(segs); i++) {
        SegmentCache *sc = &env->segs[segs[i]];
        uint32_t fl = sc->flags;
        bool conforming_code = (fl & (DESC_CS_MASK | DESC_C_MASK)) ==
                               (DESC_CS_MASK | DESC_C_MASK);
        /* null selectors stay null; conforming code stays usable anywhere */
        if ((sc->selector & 0xfffc) == 0 || conforming_code) {
            continue;
        }
        if (desc_dpl(fl) < cpl) {
            cpu_x86_load_seg_cache(env, segs[i], 0, 0, 0, 0);
        }
    }
}

/* ---- LDTR and TR ---- */

/*
 * The GDT descriptor that lldt/ltr load, at CPL 0 only: a present system
 * descriptor of one of types (a bit per type); #GP or #NP with the
 * selector otherwise. False for a null selector, which the caller handles.
 */
static bool read_system_descriptor(CPUX86State *env, uint32_t selector, uint32_t types,
                                   uint32_t *e1, uint32_t *e2, uintptr_t ra)
{
    if (env->hflags & HF_CPL_MASK) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }
    if ((selector & 0xfffc) == 0) {
        return false;
    }
    if (!x86_read_gdt_descriptor(env, selector, e1, e2, ra) || (*e2 & DESC_S_MASK) ||
        !(types & (1u << ((*e2 >> DESC_TYPE_SHIFT) & 0xf)))) {
        raise_exception_err_ra(env, EXCP0D_GPF, selector & 0xfffc, ra);
    }
    if (!(*e2 & DESC_P_MASK)) {
        raise_exception_err_ra(env, EXCP0B_NOSEG, selector & 0xfffc, ra);
    }
    return true;
}

/* lldt r/m16 (0F 00 /2) */
void helper_lldt(CPUX86State *env, int selector)
{
    uintptr_t ra = GETPC();
    uint32_t e1, e2;

    selector &= 0xffff;
    if (!read_system_descriptor(env, selector, 1u << 2, &e1, &e2, ra)) {
        /* a null LDT: any later LDT reference faults on its zero limit */
        env->ldt = (SegmentCache){ selector, 0, 0, 0 };
        return;
    }
    env->ldt = (SegmentCache){ selector, desc_base(e1, e2), desc_limit(e1, e2), e2 };
}

/* ltr r/m16 (0F 00 /3): an available TSS, which becomes busy */
void helper_ltr(CPUX86State *env, int selector)
{
    uintptr_t ra = GETPC();
    uint32_t e1, e2;

    selector &= 0xffff;
    if (!read_system_descriptor(env, selector, (1u << 1) | (1u << 9), &e1, &e2, ra)) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }
    e2 |= DESC_TSS_BUSY_MASK;
    cpu_stl_le_mmuidx_ra(env, env->gdt.base + (selector & ~7u) + 4, e2, MMU_KERNEL_IDX, ra);
    env->tr = (SegmentCache){ selector, desc_base(e1, e2), desc_limit(e1, e2), e2 };
}

/* ---- descriptor probes: the result goes to ZF, other flags kept ---- */

static void set_zf(CPUX86State *env, bool zf)
{
    uint32_t flags = cpu_compute_eflags(env) & CC_FLAGS_MASK;

    env->cc_src = zf ? (flags | CC_Z) : (flags & ~CC_Z);
    env->cc_op = CC_OP_EFLAGS;
}

/*
 * Read the descriptor of a non-null selector visible at the current
 * privilege (for code/data: unless conforming code, DPL >= CPL and RPL).
 * allowed_sys is the mask of system types the instruction accepts.
 */
static bool probe_descriptor(CPUX86State *env, uint32_t selector, uint32_t allowed_sys,
                             uint32_t *e1, uint32_t *e2, uintptr_t ra)
{
    int cpl = env->hflags & HF_CPL_MASK;

    selector &= 0xffff;
    if ((selector & 0xfffc) == 0 || !x86_read_descriptor(env, selector, e1, e2, ra)) {
        return false;
    }
    int dpl = desc_dpl(*e2), rpl = selector & 3;
    if (*e2 & DESC_S_MASK) {
        if ((*e2 & (DESC_CS_MASK | DESC_C_MASK)) == (DESC_CS_MASK | DESC_C_MASK)) {
            return true;
        }
    } else if (!(allowed_sys & (1u << ((*e2 >> DESC_TYPE_SHIFT) & 0xf)))) {
        return false;
    }
    return dpl >= cpl && dpl >= rpl;
}

/* TSS (available, busy), LDT, call/task gates */
#define LAR_SYS_TYPES ((1u << 1) | (1u << 2) | (1u << 3) | (1u << 4) | (1u << 5) | \
                       (1u << 9) | (1u << 11) | (1u << 12))
/* only the types with a limit: TSS and LDT */
#define LSL_SYS_TYPES ((1u << 1) | (1u << 2) | (1u << 3) | (1u << 9) | (1u << 11))

/* lar r, r/m16 (0F 02) */
target_ulong helper_lar(CPUX86State *env, target_ulong selector)
{
    uint32_t e1, e2;
    bool ok = probe_descriptor(env, selector, LAR_SYS_TYPES, &e1, &e2, GETPC());

    set_zf(env, ok);
    return ok ? (e2 & 0x00f0ff00) : 0;
}

/* lsl r, r/m16 (0F 03) */
target_ulong helper_lsl(CPUX86State *env, target_ulong selector)
{
    uint32_t e1, e2;
    bool ok = probe_descriptor(env, selector, LSL_SYS_TYPES, &e1, &e2, GETPC());

    set_zf(env, ok);
    return ok ? desc_limit(e1, e2) : 0;
}

/* verr r/m16 (0F 00 /4): a readable code or data segment */
void helper_verr(CPUX86State *env, target_ulong selector)
{
    uint32_t e1, e2;
    bool ok = probe_descriptor(env, selector, 0, &e1, &e2, GETPC());

    set_zf(env, ok && (e2 & DESC_S_MASK) &&
                (!(e2 & DESC_CS_MASK) || (e2 & DESC_R_MASK)));
}

/* verw r/m16 (0F 00 /5): a writable data segment */
void helper_verw(CPUX86State *env, target_ulong selector)
{
    uint32_t e1, e2;
    bool ok = probe_descriptor(env, selector, 0, &e1, &e2, GETPC());

    set_zf(env, ok && (e2 & DESC_S_MASK) && !(e2 & DESC_CS_MASK) && (e2 & DESC_W_MASK));
}

/* ---- EFLAGS as a whole ---- */

/* as pushf stores it: VM and RF read as 0 */
target_ulong helper_read_eflags(CPUX86State *env)
{
    return cpu_compute_eflags(env) & ~(VM_MASK | RF_MASK);
}

void helper_write_eflags(CPUX86State *env, target_ulong val, uint32_t mask)
{
    cpu_load_eflags(env, val, mask);
}

/* ---- into, bound ---- */

/* into (CE): #OF as a trap when OF is set */
void helper_into(CPUX86State *env, int next_eip_addend)
{
    if (cpu_compute_eflags(env) & CC_O) {
        raise_interrupt_ra(env, EXCP04_INTO, 1, 0, next_eip_addend, GETPC());
    }
}

/* bound r16, m16&16 (66 62) */
void helper_boundw(CPUX86State *env, target_ulong a0, int v)
{
    uintptr_t ra = GETPC();
    int mmu_idx = cpu_mmu_index(env);
    int low = (int16_t)cpu_lduw_le_mmuidx_ra(env, a0, mmu_idx, ra);
    int high = (int16_t)cpu_lduw_le_mmuidx_ra(env, a0 + 2, mmu_idx, ra);

    v = (int16_t)v;
    if (v < low || v > high) {
        raise_exception_ra(env, EXCP05_BOUND, ra);
    }
}

/* bound r32, m32&32 (62) */
void helper_boundl(CPUX86State *env, target_ulong a0, int v)
{
    uintptr_t ra = GETPC();
    int mmu_idx = cpu_mmu_index(env);
    int32_t low = cpu_ldl_le_mmuidx_ra(env, a0, mmu_idx, ra);
    int32_t high = cpu_ldl_le_mmuidx_ra(env, a0 + 4, mmu_idx, ra);

    if (v < low || v > high) {
        raise_exception_ra(env, EXCP05_BOUND, ra);
    }
}
