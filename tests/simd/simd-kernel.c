/* The emulator's side of the simd differential test: runs every snippet
 * of snippets.h on every seed and prints `name/seed hex` on COM1, the
 * lines simd-diff compares with its native run. */
#include "ktest.h"
#include "snippets.h"

const char *kernel_name = "simd-kernel";

static void print_hex(const uint8_t *p, int len)
{
    static const char digits[] = "0123456789abcdef";

    for (int i = 0; i < len; i++) {
        serial_putc(digits[p[i] >> 4]);
        serial_putc(digits[p[i] & 15]);
    }
    serial_putc('\n');
}

void test_main(void)
{
    write_cr0((read_cr0() & ~0xcu) | 0x22);     /* EM = 0, TS = 0, MP = 1, NE = 1 */
    write_cr4(read_cr4() | 0x600);              /* OSFXSR, OSXMMEXCPT */
    for (int i = 0; i < SIMD_NB_SNIPPETS; i++) {
        for (uint32_t seed = 1; seed <= SIMD_SEEDS; seed++) {
            simd_run(i, seed);
            kprintf("%s/%u ", simd_snippets[i].name, seed);
            print_hex(out, simd_snippets[i].outlen);
        }
    }
}
