/* The PC's E820 memory map (include/hw/i386/e820.h). */
#include "qemu/osdep.h"
#include "hw/i386/e820.h"

#define EBDA_BASE       0x9fc00     /* the last KiB below 640K, as PC firmware keeps it */
#define LOW_RAM_END     0xa0000
#define BIOS_AREA_BASE  0xe0000     /* ACPI tables, the RSDP the kernel scans for */
#define HIGH_RAM_BASE   0x100000

void pc_e820_build(E820Table *t, uint64_t ram_below_4g, hwaddr bios_base)
{
    t->count = 0;
    e820_add(t, 0, MIN(ram_below_4g, EBDA_BASE), E820_RAM);
    if (ram_below_4g > EBDA_BASE) {
        e820_add(t, EBDA_BASE, LOW_RAM_END - EBDA_BASE, E820_RESERVED);
    }
    e820_add(t, BIOS_AREA_BASE, HIGH_RAM_BASE - BIOS_AREA_BASE, E820_RESERVED);
    if (ram_below_4g > HIGH_RAM_BASE) {
        e820_add(t, HIGH_RAM_BASE, ram_below_4g - HIGH_RAM_BASE, E820_RAM);
    }
    if (bios_base) {
        e820_add(t, bios_base, (1ull << 32) - bios_base, E820_RESERVED);
    }
}
