/* Flags after MUL/IMUL that follow another flag-setting instruction in the
 * same block, where an emulator may keep the earlier flags lazily: CF and
 * OF tell whether the product overflowed, and SF ZF AF PF stay as the
 * earlier instruction left them (what the CPUs the ISA tests compare with
 * do; the SDM leaves them undefined, so QEMU differs). Checked through
 * pushf and through setcc and jcc on each condition. */
#include "ktest.h"

const char *kernel_name = "mulflags";

#define ARITH (0x8d5u)        /* OF SF ZF AF PF CF */
#define CF 0x001u
#define PF 0x004u
#define ZF 0x040u
#define SF 0x080u
#define OF 0x800u

/* sub a, b; imul c, d; then the flags and setz/sets/setc/seto/setl/setle/setbe/setp */
static void sub_then_imul(uint32_t a, uint32_t b, uint32_t c, uint32_t d, uint32_t *flags,
                          uint32_t *conds)
{
    uint8_t z, s, cy, o, l, le, be, p;
    __asm__ volatile("sub %[b], %[a]\n\t"
                     "imul %[d], %[c]\n\t"
                     "setz %[z]\n\tsets %[s]\n\tsetc %[cy]\n\tseto %[o]\n\t"
                     "setl %[l]\n\tsetle %[le]\n\tsetbe %[be]\n\tsetp %[p]\n\t"
                     "pushf\n\tpop %[f]"
                     : [a] "+r"(a), [c] "+r"(c), [f] "=r"(*flags), [z] "=m"(z), [s] "=m"(s),
                       [cy] "=m"(cy), [o] "=m"(o), [l] "=m"(l), [le] "=m"(le), [be] "=m"(be),
                       [p] "=m"(p)
                     : [b] "r"(b), [d] "r"(d) : "cc");
    *conds = z | s << 1 | cy << 2 | o << 3 | l << 4 | le << 5 | be << 6 | p << 7;
}

/* the conditions as the flags say */
static uint32_t conds_of(uint32_t f)
{
    bool z = f & ZF, s = f & SF, c = f & CF, o = f & OF, p = f & PF;
    return z | s << 1 | c << 2 | o << 3 | (s != o) << 4 | (z || s != o) << 5 |
           (c || z) << 6 | p << 7;
}

/* the flags sub a, b leaves */
static uint32_t sub_flags(uint32_t a, uint32_t b)
{
    uint32_t f;
    __asm__ volatile("sub %2, %1\n\tpushf\n\tpop %0" : "=r"(f), "+r"(a) : "r"(b) : "cc");
    return f & ARITH;
}

static void check_case(const char *name, uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
    uint32_t flags, conds;
    int64_t product = (int64_t)(int32_t)c * (int32_t)d;
    uint32_t overflow = product != (int32_t)product ? CF | OF : 0;
    uint32_t want = (sub_flags(a, b) & ~(CF | OF)) | overflow;

    sub_then_imul(a, b, c, d, &flags, &conds);
    check(name, (flags & ARITH) == want && conds == conds_of(want),
          "flags %x conds %x, want %x conds %x", flags & ARITH, conds, want, conds_of(want));
}

void test_main(void)
{
    check_case("zero-no-overflow", 5, 5, 3, 7);
    check_case("zero-overflow", 5, 5, 0x10000, 0x10000);
    check_case("negative-no-overflow", 1, 2, -3, 7);
    check_case("negative-overflow", 1, 2, 0x40000000, 4);
    check_case("carry-parity", 0, 1, 0x12345, 0x6789);
    check_case("signed-overflow-sub", 0x80000000, 1, -1, -1);
}
