/*
 * The segment checks of data accesses (SDM vol. 3, 5.3 "Limit checking"
 * and 5.4-5.5 "Type checking"): the offset's first and last byte against
 * the limit (expand-down segments: above it, up to 64 KiB or 4 GiB by the
 * B bit), use of a null selector, writes to read-only data or code, reads
 * of execute-only code. Translated code calls it only for segments that
 * are not flat (cpu.h HF_SEGCHK_*), so Linux-style flat segments cost
 * nothing.
 */
#include "qemu/osdep.h"
#include "cpu.h"
#include "exec/helper-proto.h"

/*
 * Whether an access passes the type checks: these exist only in
 * protected mode; real and v8086 mode check the limit alone.
 */
static bool seg_type_allows(const SegmentCache *sc, bool write)
{
    uint32_t f = sc->flags;

    /* a null selector leaves the cache not present: it cannot be used */
    if (!(f & DESC_P_MASK)) {
        return false;
    }
    if (f & DESC_CS_MASK) {
        return !write && (f & DESC_R_MASK);
    }
    return !write || (f & DESC_W_MASK);
}

void helper_seg_check(CPUX86State *env, target_ulong addr, uint32_t desc)
{
    int seg = desc & SEGCHK_SEG_MASK;
    bool write = desc & SEGCHK_WRITE;
    uint32_t last = desc >> SEGCHK_LAST_SHIFT;      /* size - 1 */
    const SegmentCache *sc = &env->segs[seg];
    uint32_t off = (uint32_t)(addr - sc->base);
    uint32_t f = sc->flags;
    uint32_t lo = 0, hi = sc->limit;

    if ((env->cr[0] & CR0_PE_MASK) && !(env->eflags & VM_MASK)) {
        if (!seg_type_allows(sc, write)) {
            goto fault;
        }
    } else if (!(f & DESC_P_MASK)) {
        /*
         * A register that last held a null selector and was then loaded
         * in real mode: its hidden limit is undefined on real CPUs; take
         * the real-mode 64 KiB.
         */
        hi = 0xffff;
    }
    if ((f & (DESC_S_MASK | DESC_CS_MASK | DESC_E_MASK)) == (DESC_S_MASK | DESC_E_MASK)) {
        /* expand-down: valid offsets lie above the limit */
        hi = (f & DESC_B_MASK) ? 0xffffffff : 0xffff;
        if (sc->limit >= hi) {
            goto fault;
        }
        lo = sc->limit + 1;
    }
    /* first byte in [lo, hi], and the last too, without wrapping past 4 GiB */
    if (off >= lo && off <= hi && hi - off >= last) {
        return;
    }
fault:
    raise_exception_err_ra(env, seg == R_SS ? EXCP0C_STACK : EXCP0D_GPF, 0, GETPC());
}
