/*
 * The bulk part of REP MOVS and REP STOS (translate-string.c): a run of
 * whole elements inside one source page and one destination page, moved at
 * host speed when the TLB maps both to plain RAM. Whatever it declines (a
 * TLB miss, a device, a page holding code, an element straddling two pages)
 * is left to the one-element step of the generated code, which faults and
 * dispatches exactly; so this helper never faults.
 */
#include "qemu/osdep.h"
#include "cpu.h"
#include "exec/helper-proto.h"

/*
 * Elements of `size` bytes from addr on, stepping by dir (+1 up, -1 down),
 * before the first one that would leave addr's page.
 */
static uint32_t elements_in_page(uint32_t addr, unsigned size, int dir)
{
    uint32_t off = addr & ~TARGET_PAGE_MASK;

    if (dir > 0) {
        return (TARGET_PAGE_SIZE - off) / size;
    }
    return off + size <= TARGET_PAGE_SIZE ? off / size + 1 : 0;
}

/*
 * How many elements both pages allow (at most ECX), with the host address
 * of the lowest byte of each run; 0 when the fast path does not apply.
 */
static uint32_t bulk_run(CPUX86State *env, unsigned size, int mmu_idx, bool with_source,
                         uint8_t **src, uint8_t **dst)
{
    uint32_t esi = env->regs[R_ESI], edi = env->regs[R_EDI];
    uint32_t n = MIN(env->regs[R_ECX], elements_in_page(edi, size, env->df));

    if (with_source) {
        n = MIN(n, elements_in_page(esi, size, env->df));
    }
    if (!n) {
        return 0;
    }
    *dst = tlb_plain_host_addr(env, edi, MMU_DATA_STORE, mmu_idx);
    if (!*dst) {
        return 0;
    }
    if (with_source) {
        *src = tlb_plain_host_addr(env, esi, MMU_DATA_LOAD, mmu_idx);
        if (!*src) {
            return 0;
        }
    }
    if (env->df < 0) {
        /* the run ends at the element addressed now */
        *dst -= (n - 1) * size;
        if (with_source) {
            *src -= (n - 1) * size;
        }
    }
    return n;
}

/* desc: element size (MemOp) | mmu_idx << 2 */
void helper_rep_movs_bulk(CPUX86State *env, uint32_t desc)
{
    unsigned size = 1u << (desc & 3);
    uint8_t *src, *dst;
    uint32_t n = bulk_run(env, size, desc >> 2, true, &src, &dst);
    size_t bytes = (size_t)n * size;

    if (!n) {
        return;
    }
    if (dst + bytes <= src || src + bytes <= dst) {
        memcpy(dst, src, bytes);
    } else if (env->df > 0) {
        /* overlapping runs replicate data: keep the element order */
        for (size_t i = 0; i < bytes; i += size) {
            memmove(dst + i, src + i, size);
        }
    } else {
        for (size_t i = bytes; i > 0; i -= size) {
            memmove(dst + i - size, src + i - size, size);
        }
    }
    env->regs[R_ESI] += env->df * (int32_t)bytes;
    env->regs[R_EDI] += env->df * (int32_t)bytes;
    env->regs[R_ECX] -= n;
}

void helper_rep_stos_bulk(CPUX86State *env, uint32_t desc)
{
    unsigned size = 1u << (desc & 3);
    uint8_t *dst;
    uint32_t n = bulk_run(env, size, desc >> 2, false, NULL, &dst);
    size_t bytes = (size_t)n * size;
    uint32_t val = env->regs[R_EAX];
    /* the element in guest (little-endian) byte order */
    uint8_t element[4] = { val, val >> 8, val >> 16, val >> 24 };

    if (!n) {
        return;
    }
    memcpy(dst, element, size);
    /* double the filled part: a few host copies for the whole run */
    for (size_t done = size; done < bytes; done *= 2) {
        memcpy(dst + done, dst, MIN(done, bytes - done));
    }
    env->regs[R_EDI] += env->df * (int32_t)bytes;
    env->regs[R_ECX] -= n;
}
