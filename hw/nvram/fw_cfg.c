/*
 * fw_cfg over x86 I/O ports, with DMA (include/hw/nvram/fw_cfg.h).
 *
 * Reads past the end of an item, or of a key that holds nothing, give
 * zeroes, in both the byte-wise and the DMA interface. The guest can only
 * read: writes to items are refused (DMA error), as modern QEMU does.
 */
#include "qemu/osdep.h"
#include "hw/nvram/fw_cfg.h"
#include "sysemu/runstate.h"

#define FW_CFG_SIG_TEXT         "QEMU"
#define FW_CFG_ID_TRADITIONAL   0x01
#define FW_CFG_ID_DMA           0x02
#define FW_CFG_KEY_WRITE        0x4000
#define FW_CFG_KEY_INDEX_MASK   0x3fff
/* "QEMU CFG", what a read of the DMA register gives */
#define FW_CFG_DMA_SIGNATURE    0x51454d5520434647ull

/* DMA control bits */
#define DMA_CTL_ERROR           0x01
#define DMA_CTL_READ            0x02
#define DMA_CTL_SKIP            0x04
#define DMA_CTL_SELECT          0x08
#define DMA_CTL_WRITE           0x10
#define DMA_DESC_SIZE           16
#define DMA_CHUNK               4096

/* one FW_CFG_FILE_DIR record: be32 size, be16 select, be16 reserved, name[56] */
#define FILE_DIR_ENTRY_SIZE     (8 + FW_CFG_MAX_FILE_PATH)

static void st_be16(uint8_t *p, uint16_t v) { p[0] = v >> 8; p[1] = v; }
static void st_be32(uint8_t *p, uint32_t v) { st_be16(p, v >> 16); st_be16(p + 2, v); }
static uint32_t ld_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static FWCfgEntry *entry_for_key(FWCfgState *s, uint16_t key)
{
    unsigned index = key & FW_CFG_KEY_INDEX_MASK;

    if (index >= FW_CFG_MAX_ENTRY) {
        return NULL;
    }
    return key & FW_CFG_ARCH_LOCAL ? &s->arch_entries[index] : &s->entries[index];
}

void fw_cfg_add_bytes(FWCfgState *s, uint16_t key, const void *data, size_t len)
{
    FWCfgEntry *e = entry_for_key(s, key);

    assert(e && len <= UINT32_MAX);
    free(e->data);
    e->data = qemu_malloc(len ? len : 1);
    memcpy(e->data, data, len);
    e->len = len;
}

void fw_cfg_add_i16(FWCfgState *s, uint16_t key, uint16_t v)
{
    uint8_t b[2] = { v, v >> 8 };
    fw_cfg_add_bytes(s, key, b, sizeof(b));
}

void fw_cfg_add_i32(FWCfgState *s, uint16_t key, uint32_t v)
{
    uint8_t b[4];
    for (int i = 0; i < 4; i++) {
        b[i] = v >> (8 * i);
    }
    fw_cfg_add_bytes(s, key, b, sizeof(b));
}

void fw_cfg_add_i64(FWCfgState *s, uint16_t key, uint64_t v)
{
    uint8_t b[8];
    for (int i = 0; i < 8; i++) {
        b[i] = v >> (8 * i);
    }
    fw_cfg_add_bytes(s, key, b, sizeof(b));
}

void fw_cfg_add_string(FWCfgState *s, uint16_t key, const char *str)
{
    fw_cfg_add_bytes(s, key, str, strlen(str) + 1);
}

static void rebuild_file_dir(FWCfgState *s)
{
    size_t len = 4 + (size_t)s->nb_files * FILE_DIR_ENTRY_SIZE;
    uint8_t *dir = qemu_mallocz(len);

    st_be32(dir, s->nb_files);
    for (int i = 0; i < s->nb_files; i++) {
        uint8_t *f = dir + 4 + i * FILE_DIR_ENTRY_SIZE;
        st_be32(f, s->entries[FW_CFG_FILE_FIRST + i].len);
        st_be16(f + 4, FW_CFG_FILE_FIRST + i);
        memcpy(f + 8, s->file_names[i], FW_CFG_MAX_FILE_PATH);
    }
    fw_cfg_add_bytes(s, FW_CFG_FILE_DIR, dir, len);
    free(dir);
}

void fw_cfg_add_file(FWCfgState *s, const char *name, const void *data, size_t len)
{
    int i;

    if (strlen(name) >= FW_CFG_MAX_FILE_PATH) {
        fatal("fw_cfg: file name '%s' is too long", name);
    }
    for (i = 0; i < s->nb_files && strcmp(s->file_names[i], name); i++) {
        continue;
    }
    if (i == s->nb_files) {
        if (s->nb_files == FW_CFG_FILE_SLOTS) {
            fatal("fw_cfg: no room for file '%s'", name);
        }
        memset(s->file_names[i], 0, FW_CFG_MAX_FILE_PATH);
        strcpy(s->file_names[i], name);
        s->nb_files++;
    }
    fw_cfg_add_bytes(s, FW_CFG_FILE_FIRST + i, data, len);
    rebuild_file_dir(s);
}

static void select_key(FWCfgState *s, uint16_t key)
{
    s->cur_key = key;
    s->cur_offset = 0;
}

static uint8_t read_byte(FWCfgState *s)
{
    FWCfgEntry *e = entry_for_key(s, s->cur_key);

    if (!e || !e->data || s->cur_offset >= e->len) {
        return 0;
    }
    return e->data[s->cur_offset++];
}

/* ---- DMA ---- */

static bool dma_read_item(FWCfgState *s, uint64_t addr, uint32_t len, bool skip)
{
    FWCfgEntry *e = entry_for_key(s, s->cur_key);
    static const uint8_t zeroes[DMA_CHUNK];

    while (len) {
        uint32_t avail = e && e->data && s->cur_offset < e->len ? e->len - s->cur_offset : 0;
        uint32_t n;

        if (avail) {
            n = MIN(len, avail);
            if (!skip && address_space_write(s->dma_as, addr, e->data + s->cur_offset, n)) {
                return false;
            }
            s->cur_offset += n;
        } else {
            /* past the end: zeroes for a read, nothing for a skip */
            if (skip) {
                return true;
            }
            n = MIN(len, DMA_CHUNK);
            if (address_space_write(s->dma_as, addr, zeroes, n)) {
                return false;
            }
        }
        addr += n;
        len -= n;
    }
    return true;
}

static void dma_transfer(FWCfgState *s, uint64_t desc_addr)
{
    uint8_t desc[DMA_DESC_SIZE], status[4];
    uint32_t control, length;
    uint64_t addr;
    bool ok = true;

    if (address_space_read(s->dma_as, desc_addr, desc, sizeof(desc))) {
        return;     /* no descriptor to report an error in */
    }
    control = ld_be32(desc);
    length = ld_be32(desc + 4);
    addr = (uint64_t)ld_be32(desc + 8) << 32 | ld_be32(desc + 12);

    if (control & DMA_CTL_SELECT) {
        select_key(s, control >> 16);
    }
    if (control & DMA_CTL_WRITE) {
        ok = false;
    } else if (control & DMA_CTL_READ) {
        ok = dma_read_item(s, addr, length, false);
    } else if (control & DMA_CTL_SKIP) {
        ok = dma_read_item(s, addr, length, true);
    }
    st_be32(status, ok ? 0 : DMA_CTL_ERROR);
    address_space_write(s->dma_as, desc_addr, status, sizeof(status));
}

/* ---- ports ---- */

/* 0x510: 16-bit selector; 0x511: the data byte */
static uint64_t ctl_data_read(void *opaque, hwaddr addr, unsigned size)
{
    return addr == 1 && size == 1 ? read_byte(opaque) : 0;
}

static void ctl_data_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    if (addr == 0 && size == 2) {
        select_key(opaque, val);
    }
    /* writes to the data port are ignored: items are read-only */
}

static const MemoryRegionOps ctl_data_ops = {
    .read = ctl_data_read,
    .write = ctl_data_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .min_access_size = 1,
    .max_access_size = 2,
};

static uint64_t dma_read(void *opaque, hwaddr addr, unsigned size)
{
    return (uint32_t)(FW_CFG_DMA_SIGNATURE >> (addr ? 0 : 32));
}

static void dma_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    FWCfgState *s = opaque;

    if (addr == 0) {
        s->dma_addr = val << 32;
    } else {
        /* the low half completes the address and starts the transfer */
        uint64_t desc = s->dma_addr | (uint32_t)val;
        s->dma_addr = 0;
        dma_transfer(s, desc);
    }
}

static const MemoryRegionOps dma_ops = {
    .read = dma_read,
    .write = dma_write,
    .endianness = DEVICE_BIG_ENDIAN,
    .min_access_size = 4,
    .max_access_size = 4,
};

static void fw_cfg_reset(void *opaque)
{
    select_key(opaque, FW_CFG_SIGNATURE);
}

FWCfgState *fw_cfg_init_io(AddressSpace *io, AddressSpace *dma_as)
{
    FWCfgState *s = qemu_mallocz(sizeof(*s));

    s->dma_as = dma_as;
    fw_cfg_add_bytes(s, FW_CFG_SIGNATURE, FW_CFG_SIG_TEXT, 4);
    fw_cfg_add_i32(s, FW_CFG_ID, FW_CFG_ID_TRADITIONAL | FW_CFG_ID_DMA);
    rebuild_file_dir(s);
    memory_region_init_io(&s->ctl_io, &ctl_data_ops, s, "fwcfg", 2);
    address_space_map(io, &s->ctl_io, FW_CFG_IO_BASE, 0);
    memory_region_init_io(&s->dma_io, &dma_ops, s, "fwcfg.dma", 8);
    address_space_map(io, &s->dma_io, FW_CFG_DMA_IO_BASE, 0);
    qemu_register_reset(fw_cfg_reset, s);
    return s;
}
