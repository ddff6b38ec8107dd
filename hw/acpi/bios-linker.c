/* The firmware table loader's commands (include/hw/acpi/bios-linker.h). */
#include "qemu/osdep.h"
#include "hw/acpi/bios-linker.h"

#define CMD_ALLOCATE        1
#define CMD_ADD_POINTER     2
#define CMD_ADD_CHECKSUM    3

/* field offsets inside an entry, after the 32-bit command */
#define ENT_FILE            4                               /* ALLOCATE, ADD_CHECKSUM */
#define ENT_ALLOC_ALIGN     (ENT_FILE + BIOS_LINKER_FILE_LEN)
#define ENT_ALLOC_ZONE      (ENT_ALLOC_ALIGN + 4)
#define ENT_PTR_DEST        4
#define ENT_PTR_SRC         (ENT_PTR_DEST + BIOS_LINKER_FILE_LEN)
#define ENT_PTR_OFFSET      (ENT_PTR_SRC + BIOS_LINKER_FILE_LEN)
#define ENT_PTR_SIZE        (ENT_PTR_OFFSET + 4)
#define ENT_CSUM_OFFSET     (ENT_FILE + BIOS_LINKER_FILE_LEN)
#define ENT_CSUM_START      (ENT_CSUM_OFFSET + 4)
#define ENT_CSUM_LEN        (ENT_CSUM_START + 4)

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        p[i] = v >> (8 * i);
    }
}

static uint32_t get32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_name(uint8_t *p, const char *name)
{
    assert(strlen(name) < BIOS_LINKER_FILE_LEN);
    strncpy((char *)p, name, BIOS_LINKER_FILE_LEN);
}

static uint8_t *new_entry(BiosLinker *l, uint32_t cmd)
{
    uint8_t entry[BIOS_LINKER_ENTRY_SIZE] = { 0 };

    put32(entry, cmd);
    aml_bytes(&l->cmds, entry, sizeof(entry));
    return l->cmds.buf + l->cmds.len - BIOS_LINKER_ENTRY_SIZE;
}

void bios_linker_init(BiosLinker *l)
{
    aml_init(&l->cmds);
}

void bios_linker_free(BiosLinker *l)
{
    aml_free(&l->cmds);
}

void bios_linker_allocate(BiosLinker *l, const char *file, uint32_t align, BiosLinkerZone zone)
{
    uint8_t *e = new_entry(l, CMD_ALLOCATE);

    assert(align && !(align & (align - 1)));
    put_name(e + ENT_FILE, file);
    put32(e + ENT_ALLOC_ALIGN, align);
    e[ENT_ALLOC_ZONE] = zone;
}

void bios_linker_add_pointer(BiosLinker *l, const char *dest_file, uint32_t offset,
                             uint8_t size, const char *src_file)
{
    uint8_t *e = new_entry(l, CMD_ADD_POINTER);

    assert(size == 1 || size == 2 || size == 4 || size == 8);
    put_name(e + ENT_PTR_DEST, dest_file);
    put_name(e + ENT_PTR_SRC, src_file);
    put32(e + ENT_PTR_OFFSET, offset);
    e[ENT_PTR_SIZE] = size;
}

void bios_linker_add_checksum(BiosLinker *l, const char *file, uint32_t checksum_offset,
                              uint32_t start, uint32_t len)
{
    uint8_t *e = new_entry(l, CMD_ADD_CHECKSUM);

    put_name(e + ENT_FILE, file);
    put32(e + ENT_CSUM_OFFSET, checksum_offset);
    put32(e + ENT_CSUM_START, start);
    put32(e + ENT_CSUM_LEN, len);
}

static BiosLinkerBlob *find_blob(BiosLinkerBlob *blobs, int count, const uint8_t *name)
{
    for (int i = 0; i < count; i++) {
        if (!strncmp(blobs[i].name, (const char *)name, BIOS_LINKER_FILE_LEN)) {
            return &blobs[i];
        }
    }
    return NULL;
}

static bool run_add_pointer(const uint8_t *e, BiosLinkerBlob *blobs, int count)
{
    BiosLinkerBlob *dest = find_blob(blobs, count, e + ENT_PTR_DEST);
    BiosLinkerBlob *src = find_blob(blobs, count, e + ENT_PTR_SRC);
    uint32_t offset = get32(e + ENT_PTR_OFFSET);
    unsigned size = e[ENT_PTR_SIZE];
    uint64_t ptr = 0;

    if (!dest || !src || size > 8 || offset > dest->len || size > dest->len - offset) {
        return false;
    }
    for (unsigned i = 0; i < size; i++) {
        ptr |= (uint64_t)dest->data[offset + i] << (8 * i);
    }
    ptr += src->addr;
    for (unsigned i = 0; i < size; i++) {
        dest->data[offset + i] = ptr >> (8 * i);
    }
    return true;
}

static bool run_add_checksum(const uint8_t *e, BiosLinkerBlob *blobs, int count)
{
    BiosLinkerBlob *b = find_blob(blobs, count, e + ENT_FILE);
    uint32_t at = get32(e + ENT_CSUM_OFFSET);
    uint32_t start = get32(e + ENT_CSUM_START), len = get32(e + ENT_CSUM_LEN);
    uint8_t sum = 0;

    if (!b || at >= b->len || start > b->len || len > b->len - start) {
        return false;
    }
    for (uint32_t i = 0; i < len; i++) {
        sum += b->data[start + i];
    }
    /* what the firmware does: whatever the byte held, the range now sums to zero */
    b->data[at] -= sum;
    return true;
}

bool bios_linker_run(const BiosLinker *l, BiosLinkerBlob *blobs, int count)
{
    for (size_t pos = 0; pos + BIOS_LINKER_ENTRY_SIZE <= l->cmds.len;
         pos += BIOS_LINKER_ENTRY_SIZE) {
        const uint8_t *e = l->cmds.buf + pos;
        bool ok = true;

        switch (get32(e)) {
        case CMD_ALLOCATE:
            ok = find_blob(blobs, count, e + ENT_FILE) != NULL;
            break;
        case CMD_ADD_POINTER:
            ok = run_add_pointer(e, blobs, count);
            break;
        case CMD_ADD_CHECKSUM:
            ok = run_add_checksum(e, blobs, count);
            break;
        }
        if (!ok) {
            return false;
        }
    }
    return true;
}
