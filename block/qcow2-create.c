/*
 * New qcow2 images, laid out as QEMU lays them out: the header cluster
 * (header, extensions, backing file name), the refcount table, refcount
 * blocks covering the metadata, then an empty L1 table.
 */
#include "qemu/osdep.h"
#include "qemu/errp.h"
#include "block/qcow2.h"

#define V3_HEADER_LENGTH 112    /* 104 + compression type, padded to 8 */
#define CREATE_ZERO_CHUNK (1 << 20)

static const struct {
    uint8_t type, bit;
    const char *name;
} feature_names[] = {
    { 0, 0, "dirty bit" }, { 0, 1, "corrupt bit" }, { 0, 2, "external data file" },
    { 0, 3, "compression type" }, { 0, 4, "extended L2 entries" },
    { 1, 0, "lazy refcounts" },
    { 2, 0, "bitmaps" }, { 2, 1, "raw external data" },
};

static size_t put_extension(uint8_t *buf, size_t off, uint32_t type, const void *data,
                            uint32_t len)
{
    be32_write(buf + off, type);
    be32_write(buf + off + 4, len);
    memcpy(buf + off + 8, data, len);
    return off + 8 + ROUND_UP(len, 8);
}

static int write_zeros(BlockDriverState *file, uint64_t offset, uint64_t bytes)
{
    uint8_t *zero = qemu_mallocz(CREATE_ZERO_CHUNK);
    int ret = 0;

    while (bytes && ret == 0) {
        uint64_t n = MIN(bytes, CREATE_ZERO_CHUNK);
        ret = bdrv_pwrite(file, offset, zero, n);
        offset += n;
        bytes -= n;
    }
    free(zero);
    return ret;
}

int qcow2_create(BlockDriverState *file, const BlockCreateOptions *opts, char **errp)
{
    uint32_t cs = opts->cluster_size ? opts->cluster_size : QCOW2_DEFAULT_CLUSTER_SIZE;
    int version = opts->compat_level ? opts->compat_level : 3;
    int refcount_bits = opts->refcount_bits ? opts->refcount_bits : 16;
    int cluster_bits = __builtin_ctz(cs);
    int refcount_order = __builtin_ctz(refcount_bits);

    if (cs & (cs - 1) || cluster_bits < QCOW2_MIN_CLUSTER_BITS ||
        cluster_bits > QCOW2_MAX_CLUSTER_BITS) {
        error_setg(errp, "Cluster size must be a power of two between 512 and 2048k");
        return -EINVAL;
    }
    if (refcount_bits & (refcount_bits - 1) || refcount_bits > 64) {
        error_setg(errp, "Refcount width must be a power of two and may not exceed 64 bits");
        return -EINVAL;
    }
    if (version == 2 && refcount_bits != 16) {
        error_setg(errp, "Different refcount widths than 16 bits require compatibility level 1.1 "
                         "or above (use compat=1.1 or greater)");
        return -EINVAL;
    }
    if (version == 2 && opts->lazy_refcounts) {
        error_setg(errp, "Lazy refcounts only supported with compatibility level 1.1 and above "
                         "(use compat=1.1 or greater)");
        return -EINVAL;
    }
    if (opts->size % BDRV_SECTOR_SIZE) {
        error_setg(errp, "Image size must be a multiple of 512 bytes");
        return -EINVAL;
    }
    uint64_t l2_entries = cs / 8;
    uint64_t l1_size = (opts->size + cs * l2_entries - 1) / (cs * l2_entries);
    if (l1_size * 8 > QCOW2_MAX_L1_BYTES) {
        error_setg(errp, "Image size too large for this cluster size");
        return -EFBIG;
    }
    uint64_t l1_clusters = (l1_size * 8 + cs - 1) / cs;
    uint64_t cpb = (uint64_t)cs * 8 / refcount_bits;
    uint64_t rt = 1, rb = 1;
    for (;;) {
        uint64_t total = 1 + rt + rb + l1_clusters;
        uint64_t need_rb = (total + cpb - 1) / cpb;
        uint64_t need_rt = (need_rb * 8 + cs - 1) / cs;
        if (need_rb <= rb && need_rt <= rt) {
            break;
        }
        rb = MAX(rb, need_rb);
        rt = MAX(rt, need_rt);
    }
    if (rt * cs > QCOW2_MAX_REFTABLE_BYTES) {
        error_setg(errp, "Image size too large for this cluster size");
        return -EFBIG;
    }
    uint64_t total = 1 + rt + rb + l1_clusters;

    uint8_t *h = qemu_mallocz(cs);
    be32_write(h, QCOW_MAGIC);
    be32_write(h + 4, version);
    be32_write(h + 20, cluster_bits);
    be64_write(h + 24, opts->size);
    be32_write(h + 36, l1_size);
    be64_write(h + 40, (1 + rt + rb) * cs);
    be64_write(h + 48, cs);
    be32_write(h + 56, rt);
    size_t off = QCOW2_V2_HEADER_SIZE;
    if (version == 3) {
        be64_write(h + 80, opts->lazy_refcounts ? QCOW2_COMPAT_LAZY_REFCOUNTS : 0);
        be32_write(h + 96, refcount_order);
        be32_write(h + 100, V3_HEADER_LENGTH);
        off = V3_HEADER_LENGTH;
    }
    if (opts->backing_format) {
        off = put_extension(h, off, QCOW2_EXT_BACKING_FORMAT, opts->backing_format,
                            strlen(opts->backing_format));
    }
    if (version == 3) {
        uint8_t table[ARRAY_SIZE(feature_names) * 48] = { 0 };
        for (size_t i = 0; i < ARRAY_SIZE(feature_names); i++) {
            table[i * 48] = feature_names[i].type;
            table[i * 48 + 1] = feature_names[i].bit;
            memcpy(table + i * 48 + 2, feature_names[i].name, strlen(feature_names[i].name));
        }
        off = put_extension(h, off, QCOW2_EXT_FEATURE_TABLE, table, sizeof(table));
    }
    off += 8;   /* the end-of-extensions marker */
    if (opts->backing_file) {
        size_t len = strlen(opts->backing_file);
        if (len > QCOW2_MAX_BACKING_NAME || off + len > cs) {
            free(h);
            error_setg(errp, "Backing file name too long");
            return -EINVAL;
        }
        be64_write(h + 8, off);
        be32_write(h + 16, len);
        memcpy(h + off, opts->backing_file, len);
    }
    int ret = bdrv_pwrite(file, 0, h, cs);
    free(h);

    /* refcount table, blocks (every metadata cluster has refcount 1), L1 */
    uint8_t *meta = qemu_mallocz((rt + rb) * cs);
    for (uint64_t i = 0; i < rb; i++) {
        be64_write(meta + i * 8, (1 + rt + i) * cs);
    }
    for (uint64_t c = 0; c < total; c++) {
        uint8_t *block = meta + (rt + c / cpb) * cs;
        qcow2_refblock_set(refcount_order, block, c % cpb, 1);
    }
    if (ret == 0) {
        ret = bdrv_pwrite(file, cs, meta, (rt + rb) * cs);
    }
    free(meta);
    if (ret == 0) {
        ret = write_zeros(file, (1 + rt + rb) * cs, l1_clusters * cs);
    }
    if (ret < 0) {
        error_setg(errp, "Could not write the new image: %s", strerror(-ret));
    }
    return ret;
}
