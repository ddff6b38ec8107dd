/* Integer ALU with narrow loads: bitwise CRC-32 (no table, no branches)
 * over a 2 KiB buffer per iteration. */
#include "lib/bench.h"

static uint8_t buffer[2048];

static void setup(void)
{
    uint32_t x = 7;
    for (int i = 0; i < 2048; i++) {
        x = x * 1103515245u + 12345u;
        buffer[i] = x >> 16;
    }
}

static uint32_t run(uint32_t n)
{
    uint32_t crc = ~0u;
    while (n--) {
        for (int i = 0; i < 2048; i++) {
            crc ^= buffer[i];
            for (int k = 0; k < 8; k++) {
                crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
            }
        }
    }
    return ~crc;
}

const struct bench bench = { "int-crc32", 80000, setup, run };
