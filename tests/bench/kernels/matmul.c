/* Double-precision matrix multiply, 48x48 per iteration; built twice:
 * matmul-x87 (-mfpmath=387) and matmul-sse2 (-msse2 -mfpmath=sse), each
 * with its own BENCH_NAME and MATMUL_ITERATIONS (see bench.py). */
#include "lib/bench.h"

#define N 48
static double a[N][N], b[N][N], c[N][N];

static void setup(void)
{
    uint32_t x = 3;
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            x = x * 1664525u + 1013904223u;
            a[i][j] = (double)(x >> 8) / (1 << 24) - 0.5;
            x = x * 1664525u + 1013904223u;
            b[i][j] = (double)(x >> 8) / (1 << 24) + 0.25;
        }
    }
}

static uint32_t run(uint32_t n)
{
    while (n--) {
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                double s = c[i][j] * 0.5;
                for (int k = 0; k < N; k++) {
                    s += a[i][k] * b[k][j];
                }
                c[i][j] = s;
            }
        }
    }
    double t = 0;
    for (int i = 0; i < N; i++) {
        t += c[i][i];
    }
    return (uint32_t)(int32_t)(t * 1000.0);
}

const struct bench bench = { BENCH_NAME, MATMUL_ITERATIONS, setup, run };
