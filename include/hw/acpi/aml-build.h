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

/* Method(path, nargs[, Serialized]) { body } */
void aml_method(Aml *a, const char *path, int nargs, bool serialized, const Aml *body);
/* OperationRegion(path, space, offset, len) and a Field of byte-wide units in it */
#define AML_REGION_PCI_CONFIG   0x02
void aml_operation_region(Aml *a, const char *path, uint8_t space, uint32_t offset, uint32_t len);
void aml_field_bytes(Aml *a, const char *region, const char *const *names, int count);

/*
 * Terms inside method bodies, as values: each call returns a new term and
 * takes (frees) the terms it is given, so expressions nest as ASL reads:
 * aml_return(aml_and(aml_arg(0), aml_int(0x0f))). aml_add appends a
 * finished statement to a body.
 */
Aml aml_int(uint64_t v);
Aml aml_path(const char *path);             /* a reference to a named object */
Aml aml_arg(int n);                         /* Arg0-Arg6 */
Aml aml_local(int n);                       /* Local0-Local7 */
Aml aml_call1(const char *method, Aml arg);  /* method(arg) */
Aml aml_and(Aml x, Aml y);                  /* And(x, y) */
Aml aml_or(Aml x, Aml y, Aml target);       /* Or(x, y, target) */
Aml aml_lless(Aml x, Aml y);                /* LLess(x, y) */
Aml aml_store(Aml value, Aml target);
Aml aml_return(Aml value);
Aml aml_if(Aml predicate, Aml body);
Aml aml_create_dword_field(Aml buffer, Aml byte_index, const char *name);
void aml_add(Aml *body, Aml term);

/* resource template items, appended to a buffer's data; end with res_end_tag */
void res_word_bus_number(Aml *a, uint16_t min, uint16_t max);
void res_io(Aml *a, uint16_t base, uint8_t len);
/* IRQNoFlags() { irq }: an ISA edge-triggered IRQ */
void res_irq_no_flags(Aml *a, uint8_t irq);
void res_word_io(Aml *a, uint16_t min, uint16_t max);
void res_dword_memory(Aml *a, uint32_t min, uint32_t max);
/* Interrupt(ResourceConsumer, Level, ActiveHigh, Shared) { irqs } */
void res_interrupt_level_shared(Aml *a, const uint32_t *irqs, int count);
/* where res_interrupt_level_shared's first IRQ number sits in the template */
#define RES_INTERRUPT_FIRST_IRQ_OFFSET 5
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
