/* The payload of the disk tests' boot floppy: syslinux's mboot.c32 loads
 * this multiboot kernel and a module (tests/disk/make_images.py writes
 * both onto a FAT12 floppy), all through the BIOS's INT 13h, i.e. through
 * the emulator's floppy controller. The module is a header followed by a
 * pseudo-random stream the kernel regenerates here, so any sector read
 * wrongly (wrong track, head, sector, or a short DMA) shows up as the
 * first differing byte. Results are PASS/FAIL lines on COM1 and the exit
 * through isa-debug-exit (ktest.h). */
#include "ktest.h"

const char *kernel_name = "floppy";

/* Must match make_images.py's floppy_module(). */
#define MODULE_MAGIC "FLOPPYMOD1"
#define MODULE_HEADER 16        /* magic (10 bytes, padded to 12), u32 seed */

static uint32_t next_word(uint32_t *state)
{
    /* xorshift32 */
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

void test_main(void)
{
    const uint8_t *mod = (const uint8_t *)mb_mod_start;
    uint32_t size = mb_mod_end - mb_mod_start;

    if (!check("module-loaded", mb_mod_start != 0 && size > MODULE_HEADER,
               "no multiboot module (start %x end %x)", mb_mod_start, mb_mod_end))
        return;
    if (!check("module-magic", memcmp(mod, MODULE_MAGIC, sizeof(MODULE_MAGIC) - 1) == 0,
               "the module does not start with " MODULE_MAGIC))
        return;
    uint32_t state = *(const uint32_t *)(mod + 12);
    uint32_t words = (size - MODULE_HEADER) / 4;
    const uint32_t *data = (const uint32_t *)(mod + MODULE_HEADER);
    uint32_t bad = words;
    for (uint32_t i = 0; i < words; i++) {
        if (data[i] != next_word(&state)) {
            bad = i;
            break;
        }
    }
    check("module-data", bad == words, "byte %u of %u differs (%x)", MODULE_HEADER + bad * 4,
          size, bad < words ? data[bad] : 0);
    kprintf("floppy: checked %u bytes\n", size);
}
