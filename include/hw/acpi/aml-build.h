/*
 * Building ACPI tables: the common table header and checksum, and a small
 * AML encoder for the few terms a board's DSDT needs (names, integers,
 * scopes, devices, packages, buffers and resource templates). Terms are
 * written into growable byte strings; a container (scope, device,
 * package) is emitted from a finished body so its length is known.
 */
#ifndef HW_ACPI_AML_BUILD_H
#define HW_ACPI_AML_BUILD_H

#include "qemu/osdep.h"

typedef struct Aml {
    uint8_t *buf;
    size_t len, cap;
} Aml;

#define ACPI_TABLE_HEADER_SIZE 36

void aml_init(Aml *a);
void aml_free(Aml *a);
void aml_bytes(Aml *a, const void *p, size_t n);
void aml_byte(Aml *a, uint8_t b);
void aml_append(Aml *a, const Aml *child);

/* "\\_SB.PCI0", "_S5": segments padded to four characters with '_' */
void aml_name_string(Aml *a, const char *path);
/* the shortest integer encoding (ZeroOp, OneOp, Byte/Word/DWord/QWordConst) */
void aml_integer(Aml *a, uint64_t v);
/* "PNP0A03" as its 32-bit compressed EISA ID */
void aml_eisaid(Aml *a, const char *id);
/* Name(path, value) */
void aml_name(Aml *a, const char *path, const Aml *value);
void aml_scope(Aml *a, const char *path, const Aml *body);
void aml_device(Aml *a, const char *path, const Aml *body);
/* Package(count) { elements } */
void aml_package(Aml *a, int count, const Aml *elements);
void aml_buffer(Aml *a, const Aml *data);

/* resource template items, appended to a buffer's data; end with res_end_tag */
void res_word_bus_number(Aml *a, uint16_t min, uint16_t max);
void res_io(Aml *a, uint16_t base, uint8_t len);
void res_word_io(Aml *a, uint16_t min, uint16_t max);
void res_dword_memory(Aml *a, uint32_t min, uint32_t max);
void res_end_tag(Aml *a);

/* header of a table of len bytes; the checksum is set by acpi_table_checksum */
void acpi_table_header(uint8_t *t, const char *sig, uint32_t len, uint8_t rev);
/* set byte `at` so the len bytes of t sum to zero */
void acpi_checksum(uint8_t *t, size_t len, size_t at);
static inline void acpi_table_checksum(uint8_t *t, uint32_t len)
{
    acpi_checksum(t, len, 9);
}

#endif
