/*
 * The PC's physical memory map as firmware reports it (BIOS INT 15h
 * E820): the board builds one table, the Linux loader copies it into the
 * zero page and fw_cfg hands it to SeaBIOS as "etc/e820".
 */
#ifndef HW_I386_E820_H
#define HW_I386_E820_H

#include "qemu/osdep.h"

#define E820_RAM        1
#define E820_RESERVED   2
#define E820_ACPI       3
#define E820_MAX_ENTRIES 16

/* the layout of one entry in memory (zero page, fw_cfg): 20 bytes, little-endian */
#define E820_ENTRY_SIZE 20

typedef struct E820Entry {
    uint64_t base, length;
    uint32_t type;
} E820Entry;

typedef struct E820Table {
    E820Entry entry[E820_MAX_ENTRIES];
    int count;
} E820Table;

/* entries beyond E820_MAX_ENTRIES are a board bug, not a guest one */
static inline void e820_add(E820Table *t, uint64_t base, uint64_t length, uint32_t type)
{
    assert(t->count < E820_MAX_ENTRIES);
    t->entry[t->count++] = (E820Entry){ base, length, type };
}

/* the table as the 20-byte records firmware interfaces use */
static inline void e820_encode(const E820Table *t, uint8_t *out)
{
    for (int i = 0; i < t->count; i++) {
        uint8_t *e = out + i * E820_ENTRY_SIZE;
        for (int b = 0; b < 8; b++) {
            e[b] = t->entry[i].base >> (8 * b);
            e[8 + b] = t->entry[i].length >> (8 * b);
        }
        for (int b = 0; b < 4; b++) {
            e[16 + b] = t->entry[i].type >> (8 * b);
        }
    }
}

/*
 * The PC's map: low RAM up to the EBDA, RAM from 1 MiB to ram_below_4g,
 * the BIOS area at 0xe0000 and the firmware ROM (bios_base, 0: none)
 * reserved (hw/i386/e820.c).
 */
void pc_e820_build(E820Table *t, uint64_t ram_below_4g, hwaddr bios_base);

#endif
