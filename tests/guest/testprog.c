/*
 * A user-space workout for the boot tests: runs inside the guest as a
 * static i386 program (gcc -m32 -static; once with x87 maths, once with
 * -msse2 -mfpmath=sse) and prints one `name: value` line per part.
 *
 * The host kernel here cannot execute 32-bit programs (Exec format error),
 * so the expected output comes from this same source built as a native
 * 64-bit program. Every part is therefore written to give word-size
 * independent results: fixed-width integer types only, doubles whose
 * arithmetic is exact or printed to fewer digits than x87's extended
 * intermediates could change, and long double (x87's 80-bit format on both
 * i386 and x86-64) where the full precision is compared.
 */
#include <inttypes.h>
#include <math.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t lcg_state = 12345;

static uint32_t lcg(void)
{
    lcg_state = lcg_state * 1664525u + 1013904223u;
    return lcg_state;
}

static uint64_t lcg64(void)
{
    uint64_t hi = lcg();
    return hi << 32 | lcg();
}

/* FNV-1a, to fold large results into one printed number. */
static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++) {
        h = (h ^ b[i]) * 0x100000001b3ull;
    }
    return h;
}
#define FNV_INIT 0xcbf29ce484222325ull

static uint32_t crc32_bytes(const uint8_t *p, size_t n)
{
    uint32_t crc = ~0u;
    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++) {
            crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
        }
    }
    return ~crc;
}

static void part_crc32(void)
{
    size_t n = 1 << 20;
    uint8_t *buf = malloc(n);
    for (size_t i = 0; i < n; i++) {
        buf[i] = lcg() >> 24;
    }
    printf("crc32: %08" PRIx32 "\n", crc32_bytes(buf, n));
    free(buf);
}

/* 64-bit multiply, divide, modulo and shifts: libgcc's __udivdi3 and
 * friends on i386, single instructions on x86-64. */
static void part_int64(void)
{
    uint64_t h = FNV_INIT;
    for (int i = 0; i < 200000; i++) {
        uint64_t a = lcg64(), b = lcg64() >> (lcg() & 63);
        int64_t sa = (int64_t)a, sb = (int64_t)b | 1;
        if (sb == -1) {
            sb = 3;                     /* INT64_MIN / -1 overflows */
        }
        uint64_t r[8] = {
            a * b, b ? a / b : 0, b ? a % b : 0,
            (uint64_t)(sa / sb), (uint64_t)(sa % sb),
            a << (i & 63), a >> (i & 63), (uint64_t)(sa >> (i & 63)),
        };
        h = fnv(h, r, sizeof(r));
    }
    printf("int64: %016" PRIx64 "\n", h);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static void part_qsort(void)
{
    size_t n = 200000;
    uint32_t *v = malloc(n * sizeof(*v));
    for (size_t i = 0; i < n; i++) {
        v[i] = lcg();
    }
    qsort(v, n, sizeof(*v), cmp_u32);
    int sorted = 1;
    for (size_t i = 1; i < n; i++) {
        sorted &= v[i - 1] <= v[i];
    }
    printf("qsort: %d %016" PRIx64 "\n", sorted, fnv(FNV_INIT, v, n * sizeof(*v)));
    free(v);
}

/* glibc's string functions pick SSE2/AVX variants at run time (ifuncs):
 * alignments and lengths around vector widths. */
static void part_strings(void)
{
    static char a[4096], b[4096];
    uint64_t h = FNV_INIT;
    for (int i = 0; i < 3000; i++) {
        size_t off_a = lcg() % 64, off_b = lcg() % 64, len = lcg() % 700;
        for (size_t k = 0; k < len; k++) {
            a[off_a + k] = 'a' + lcg() % 26;
        }
        a[off_a + len] = 0;
        memcpy(b + off_b, a + off_a, len + 1);
        size_t l = strlen(b + off_b);
        int c = strcmp(a + off_a, b + off_b);
        memmove(b + off_b + 3, b + off_b, len + 1);
        char *q = strchr(b + off_b + 3, 'q');
        int64_t qpos = q ? q - (b + off_b) : -1;
        memset(a + off_a, 'x', len / 2);
        int m = memcmp(a + off_a, b + off_b + 3, len) > 0;
        uint64_t r[5] = { l, (uint64_t)c, (uint64_t)qpos, (uint64_t)m, len };
        h = fnv(h, r, sizeof(r));
        h = fnv(h, b + off_b, len + 4);
    }
    printf("strings: %016" PRIx64 "\n", h);
}

/* printf and strtod are exact conversions, the same on every width. */
static void part_format(void)
{
    uint64_t h = FNV_INIT;
    int round_trips = 0;
    char s[64];
    for (int i = 0; i < 20000; i++) {
        uint64_t bits = lcg64();
        double d;
        memcpy(&d, &bits, sizeof(d));
        if (isnan(d) || isinf(d)) {
            continue;
        }
        int n = snprintf(s, sizeof(s), "%.17g", d);
        round_trips += strtod(s, NULL) == d;
        h = fnv(h, s, n);
        n = snprintf(s, sizeof(s), "%d %x %.3f", (int)lcg(), lcg(), (double)(int32_t)lcg() / 1000);
        h = fnv(h, s, n);
    }
    printf("format: %d %016" PRIx64 "\n", round_trips, h);
}

/* Small integers in doubles: every product and sum is exact. */
static void part_matrix(void)
{
    enum { N = 96 };
    static double a[N][N], b[N][N], c[N][N];
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            a[i][j] = (int)(lcg() % 201) - 100;
            b[i][j] = (int)(lcg() % 201) - 100;
        }
    }
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            double s = 0;
            for (int k = 0; k < N; k++) {
                s += a[i][k] * b[k][j];
            }
            c[i][j] = s;
        }
    }
    double trace = 0, sum = 0;
    for (int i = 0; i < N; i++) {
        trace += c[i][i];
        for (int j = 0; j < N; j++) {
            sum += c[i][j];
        }
    }
    printf("matrix: %.0f %.0f\n", trace, sum);
}

/* Inexact double maths, printed to 9 significant digits: x87's extended
 * intermediates move only the last bits. sqrt is correctly rounded. */
static void part_double(void)
{
    double s = 0, p = 1;
    for (int i = 1; i <= 100000; i++) {
        s += sqrt((double)i) / (i + 0.25);
        p *= 1.0 + 1.0 / (i * (double)i);
    }
    printf("double: %.9e %.9e %.0f %.6f\n", s, p, floor(1e6 * sqrt(2.0)), exp(1.0) * log(10.0));
}

/* long double is the x87 80-bit format on both i386 and x86-64: compared
 * in full. */
static void part_long_double(void)
{
    long double s = 0, f = 1;
    for (int i = 1; i <= 30; i++) {
        f /= i;
        s += f;
    }
    long double r = 1;
    for (int i = 0; i < 6; i++) {
        r = (r + 2 / r) / 2;                         /* Newton for sqrt(2) */
    }
    printf("long-double: %.21Lg %.21Lg %.21Lg\n", s, r, (long double)1 / 3);
}

static uint32_t ackermann(uint32_t m, uint32_t n)
{
    if (m == 0) {
        return n + 1;
    }
    if (n == 0) {
        return ackermann(m - 1, 1);
    }
    return ackermann(m - 1, ackermann(m, n - 1));
}

static jmp_buf unwind_to;

static int deep(int depth);
/* Called through a pointer: indirect calls, and no false "infinite
 * recursion" warning (gcc does not see that longjmp ends it). */
static int (*volatile deep_call)(int) = deep;

static int deep(int depth)
{
    if (depth == 0) {
        longjmp(unwind_to, 42);
    }
    return deep_call(depth - 1) + 1;
}

static void part_control(void)
{
    int got = setjmp(unwind_to);
    if (got == 0) {
        deep(1000);
    }
    printf("control: %" PRIu32 " %d\n", ackermann(2, 500) + ackermann(3, 6), got);
}

static void part_malloc(void)
{
    enum { SLOTS = 4096 };
    static uint8_t *slot[SLOTS];
    static uint32_t size[SLOTS];
    uint64_t h = FNV_INIT;
    for (int i = 0; i < 100000; i++) {
        uint32_t k = lcg() % SLOTS;
        if (slot[k]) {
            h = fnv(h, slot[k], size[k]);
            free(slot[k]);
            slot[k] = NULL;
        } else {
            size[k] = 1 + lcg() % (lcg() & 1 ? 64 : 20000);
            slot[k] = malloc(size[k]);
            memset(slot[k], (int)(k & 0xff), size[k]);
        }
    }
    for (int k = 0; k < SLOTS; k++) {
        free(slot[k]);
    }
    printf("malloc: %016" PRIx64 "\n", h);
}

static void part_bits(void)
{
    uint64_t h = FNV_INIT;
    for (int i = 0; i < 100000; i++) {
        uint32_t v = lcg() | 1;
        uint64_t w = lcg64() | 1;
        uint32_t r[6] = {
            (uint32_t)__builtin_popcount(v), (uint32_t)__builtin_clz(v),
            (uint32_t)__builtin_ctz(v), __builtin_bswap32(v),
            (uint32_t)__builtin_popcountll(w), (uint32_t)__builtin_clzll(w),
        };
        h = fnv(h, r, sizeof(r));
    }
    printf("bits: %016" PRIx64 "\n", h);
}

int main(void)
{
    part_crc32();
    part_int64();
    part_qsort();
    part_strings();
    part_format();
    part_matrix();
    part_double();
    part_long_double();
    part_control();
    part_malloc();
    part_bits();
    printf("testprog: done\n");
    return 0;
}
