/* Memory through paging: random read-modify-writes over 64 MiB mapped
 * with 4 KiB pages (16384 pages: far more than any TLB holds), then a
 * sequential pass over 1 MiB, per iteration. */
#include "lib/bench.h"

#define ARENA ((volatile uint32_t *)(32u << 20))      /* 32..96 MiB */
#define ARENA_WORDS (16u << 20)                       /* 64 MiB */
#define RANDOM_ACCESSES 65536
#define STREAM_WORDS (256u * 1024)

static void setup(void)
{
    paging_enable(paging_build_identity_4k(128, PTE_P | PTE_W));
}

static uint32_t run(uint32_t n)
{
    uint32_t x = 1, sum = 0;
    while (n--) {
        for (int i = 0; i < RANDOM_ACCESSES; i++) {
            x = x * 1664525u + 1013904223u;
            uint32_t idx = (x >> 6) & (ARENA_WORDS - 1);
            ARENA[idx] += x;
            sum += ARENA[idx ^ 1];
        }
        volatile uint32_t *from = ARENA + (x & 0xff000), *to = ARENA + STREAM_WORDS * 8;
        for (uint32_t i = 0; i < STREAM_WORDS; i++) {
            to[i] = from[i] + i;
        }
        sum += to[x & (STREAM_WORDS - 1)];
    }
    return sum;
}

const struct bench bench = { "mem-random", 60, setup, run };
