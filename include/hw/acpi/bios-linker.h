/*
 * The firmware's table loader ("etc/table-loader" in fw_cfg, QEMU's
 * interface that SeaBIOS executes): a list of 128-byte commands telling
 * the firmware to allocate the ACPI blobs in its memory, patch pointers
 * between them with their final addresses and fix their checksums.
 *
 * The board records the commands once. With firmware, the encoded list
 * goes to fw_cfg as it is; without firmware, bios_linker_run() executes
 * the same list on blobs the board has placed itself, so both boots see
 * identical tables.
 */
#ifndef HW_ACPI_BIOS_LINKER_H
#define HW_ACPI_BIOS_LINKER_H

#include "hw/acpi/aml-build.h"

#define BIOS_LINKER_FILE_LEN    56      /* a fw_cfg file name, NUL included */
#define BIOS_LINKER_ENTRY_SIZE  128

typedef enum BiosLinkerZone {
    BIOS_LINKER_ZONE_HIGH = 1,          /* anywhere in RAM the firmware keeps */
    BIOS_LINKER_ZONE_FSEG = 2,          /* the 0xe0000-0xfffff area (the RSDP) */
} BiosLinkerZone;

typedef struct BiosLinker {
    Aml cmds;                           /* the encoded commands, as fw_cfg serves them */
} BiosLinker;

/* a blob the commands name, and where it was placed (for bios_linker_run) */
typedef struct BiosLinkerBlob {
    const char *name;
    uint8_t *data;
    size_t len;
    uint32_t addr;
} BiosLinkerBlob;

void bios_linker_init(BiosLinker *l);
void bios_linker_free(BiosLinker *l);
void bios_linker_allocate(BiosLinker *l, const char *file, uint32_t align, BiosLinkerZone zone);
/*
 * The size-byte little-endian field at dest_file + offset holds an offset
 * into src_file: add src_file's address to it.
 */
void bios_linker_add_pointer(BiosLinker *l, const char *dest_file, uint32_t offset,
                             uint8_t size, const char *src_file);
/* make the len bytes from start sum to zero by adjusting the byte at checksum_offset */
void bios_linker_add_checksum(BiosLinker *l, const char *file, uint32_t checksum_offset,
                              uint32_t start, uint32_t len);
/*
 * Execute the commands on blobs already placed at their addresses, as
 * the firmware would. false when a command names a missing blob or
 * reaches outside one (a board bug).
 */
bool bios_linker_run(const BiosLinker *l, BiosLinkerBlob *blobs, int count);

#endif
