/*
 * The qcow2 format driver: probing, opening (every header field and table
 * position checked against the file before use), flushing metadata in a
 * crash-safe order, resizing, closing, and the driver table. Reads and
 * writes are in qcow2-rw.c, the tables in qcow2-cluster.c and
 * qcow2-refcount.c.
 */
#include "qemu/osdep.h"
#include "qemu/errp.h"
#include "block/qcow2.h"

#define L2_CACHE_MAX_BYTES (32 << 20)
#define REFCOUNT_CACHE_TABLES 16
#define CACHE_MAX_TABLES 256

static int qcow2_probe(const uint8_t *buf, size_t len)
{
    if (len >= 8 && be32_read(buf) == QCOW_MAGIC && be32_read(buf + 4) >= 2) {
        return 100;
    }
    return 0;
}

Qcow2ClusterType qcow2_cluster_type(const BDRVQcow2State *s, uint64_t l2_entry)
{
    if (l2_entry & QCOW_OFLAG_COMPRESSED) {
        return QCOW2_CLUSTER_COMPRESSED;
    }
    if ((l2_entry & QCOW_OFLAG_ZERO) && s->version >= 3) {
        return (l2_entry & L2E_OFFSET_MASK) ? QCOW2_CLUSTER_ZERO_ALLOC : QCOW2_CLUSTER_ZERO_PLAIN;
    }
    return (l2_entry & L2E_OFFSET_MASK) ? QCOW2_CLUSTER_NORMAL : QCOW2_CLUSTER_UNALLOCATED;
}

void qcow2_compressed_range(const BDRVQcow2State *s, uint64_t l2_entry, uint64_t *coffset,
                            uint64_t *csize)
{
    uint64_t nb_sectors = ((l2_entry >> s->csize_shift) & s->csize_mask) + 1;

    *coffset = l2_entry & s->cluster_offset_mask;
    *csize = nb_sectors * QCOW2_COMPRESSED_SECTOR - (*coffset & (QCOW2_COMPRESSED_SECTOR - 1));
}

int qcow2_update_header_field(BlockDriverState *bs, uint32_t field, const void *data, size_t len)
{
    int ret = bdrv_pwrite(bs->file, field, data, len);
    return ret < 0 ? ret : bdrv_flush(bs->file);
}

static int write_incompatible_features(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;
    uint8_t buf[8];

    be64_write(buf, s->incompatible_features);
    return qcow2_update_header_field(bs, QCOW2_HDR_INCOMPAT, buf, 8);
}

int qcow2_mark_dirty(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;

    if (!s->lazy_refcounts || s->dirty_on_disk) {
        return 0;
    }
    s->incompatible_features |= QCOW2_INCOMPAT_DIRTY;
    int ret = write_incompatible_features(bs);
    if (ret == 0) {
        s->dirty_on_disk = true;
    }
    return ret;
}

/*
 * Metadata to disk in dependency order: refcount blocks, L2 tables, the
 * L1 table, then the refcount decrements of clusters the tables let go.
 */
static int qcow2_flush_metadata(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;
    int ret;

    if (qcow2_cache_has_dirty(s->l2_cache) || s->l1_dirty || s->nb_pending) {
        ret = qcow2_sync_refcounts(bs);
        if (ret < 0) {
            return ret;
        }
    }
    ret = qcow2_cache_write(bs, s->l2_cache);
    if (ret < 0) {
        return ret;
    }
    if (s->l1_dirty) {
        ret = bdrv_flush(bs->file);
        if (ret == 0) {
            ret = qcow2_write_l1(bs);
        }
        if (ret < 0) {
            return ret;
        }
    }
    if (s->nb_pending) {
        ret = bdrv_flush(bs->file);
        if (ret == 0) {
            ret = qcow2_apply_pending_frees(bs);
        }
        if (ret < 0) {
            return ret;
        }
    }
    return qcow2_cache_write(bs, s->refcount_cache);
}

int qcow2_flush(BlockDriverState *bs)
{
    int ret = qcow2_flush_metadata(bs);
    return ret < 0 ? ret : bdrv_flush(bs->file);
}

static int64_t qcow2_getlength(BlockDriverState *bs)
{
    return ((BDRVQcow2State *)bs->opaque)->size;
}

static uint32_t qcow2_get_cluster_size(BlockDriverState *bs)
{
    return ((BDRVQcow2State *)bs->opaque)->cluster_size;
}

static void qcow2_close(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;

    if (!bs->read_only && s->l2_cache && s->refcount_cache && s->l1_table) {
        int ret = qcow2_flush(bs);
        if (ret == 0 && s->dirty_on_disk) {
            s->incompatible_features &= ~QCOW2_INCOMPAT_DIRTY;
            write_incompatible_features(bs);
        }
    }
    qcow2_cache_destroy(s->l2_cache);
    qcow2_cache_destroy(s->refcount_cache);
    free(s->l1_table);
    free(s->refcount_table);
    free(s->pending);
    free(s->decomp_buf);
    qcow2_free_snapshots(s);
}

/* is [offset, offset + bytes) a cluster-aligned range inside the file? */
static bool table_in_file(const BDRVQcow2State *s, uint64_t offset, uint64_t bytes,
                          int64_t file_size)
{
    return !offset_into_cluster(s, offset) && offset != 0 && offset <= (uint64_t)file_size &&
           bytes <= (uint64_t)file_size - offset;
}

static void describe_features(uint64_t bits, const uint8_t *names, size_t names_len, char *out,
                              size_t size)
{
    size_t n = 0;

    out[0] = 0;
    for (int bit = 0; bit < 64; bit++) {
        if (!(bits & (1ull << bit))) {
            continue;
        }
        const char *name = NULL;
        char unknown[64];
        /* the feature name table: 48-byte entries of type, bit, name[46] */
        for (size_t i = 0; names && i + 48 <= names_len; i += 48) {
            if (names[i] == 0 && names[i + 1] == bit) {
                snprintf(unknown, sizeof(unknown), "%.46s", (const char *)names + i + 2);
                name = unknown;
            }
        }
        static const char *const known[] = { "dirty bit", "corrupt bit", "external data file",
                                              "compression type", "extended L2 entries" };
        if (!name && bit < (int)ARRAY_SIZE(known)) {
            name = known[bit];
        }
        if (!name) {
            snprintf(unknown, sizeof(unknown), "Unknown incompatible feature: %llx",
                     1ull << bit);
            name = unknown;
        }
        n += snprintf(out + n, n < size ? size - n : 0, "%s%s", n ? ", " : "", name);
    }
}

/* header extensions between the header and the backing file name */
static int parse_extensions(BlockDriverState *bs, const uint8_t *cluster0, uint64_t start,
                            uint64_t end, const uint8_t **feature_names, size_t *names_len,
                            char **errp)
{
    uint64_t off = start;

    *feature_names = NULL;
    *names_len = 0;
    while (off + 8 <= end) {
        uint32_t type = be32_read(cluster0 + off);
        uint32_t len = be32_read(cluster0 + off + 4);
        off += 8;
        if (type == QCOW2_EXT_END) {
            return 0;
        }
        if (len > end - off) {
            error_setg(errp, "qcow2 header extension 0x%x too large", type);
            return -EINVAL;
        }
        if (type == QCOW2_EXT_BACKING_FORMAT) {
            if (len >= sizeof(bs->backing_format)) {
                error_setg(errp, "qcow2 backing format name too long");
                return -EINVAL;
            }
            memcpy(bs->backing_format, cluster0 + off, len);
            bs->backing_format[len] = 0;
        } else if (type == QCOW2_EXT_FEATURE_TABLE) {
            *feature_names = cluster0 + off;
            *names_len = len;
        }
        /* other extensions are left as they are: we never rewrite them */
        off += ROUND_UP((uint64_t)len, 8);
    }
    return 0;
}

static int parse_header(BlockDriverState *bs, const uint8_t *h, const uint8_t *cluster0,
                        int64_t file_size, int flags, char **errp)
{
    BDRVQcow2State *s = bs->opaque;

    if (be32_read(h) != QCOW_MAGIC) {
        error_setg(errp, "Image is not in qcow2 format");
        return -EINVAL;
    }
    s->version = be32_read(h + 4);
    if (s->version < 2 || s->version > 3) {
        error_setg(errp, "Unsupported qcow2 version %d", s->version);
        return -ENOTSUP;
    }
    uint64_t backing_offset = be64_read(h + 8);
    uint32_t backing_size = be32_read(h + 16);
    s->cluster_bits = MIN(be32_read(h + 20), 64u);
    s->size = be64_read(h + 24);
    uint32_t crypt = be32_read(h + 32);
    s->l1_size = be32_read(h + 36);
    s->l1_table_offset = be64_read(h + 40);
    s->refcount_table_offset = be64_read(h + 48);
    uint32_t reftable_clusters = be32_read(h + 56);
    s->nb_snapshots = be32_read(h + 60);
    s->snapshots_offset = be64_read(h + 64);

    if (s->cluster_bits < QCOW2_MIN_CLUSTER_BITS || s->cluster_bits > QCOW2_MAX_CLUSTER_BITS) {
        error_setg(errp, "Unsupported cluster size: 2^%d", s->cluster_bits);
        return -EINVAL;
    }
    s->cluster_size = 1u << s->cluster_bits;
    if (s->version == 3) {
        s->incompatible_features = be64_read(h + 72);
        s->compatible_features = be64_read(h + 80);
        s->autoclear_features = be64_read(h + 88);
        s->refcount_order = MIN(be32_read(h + 96), 64u);
        s->header_length = be32_read(h + 100);
        if (s->header_length < QCOW2_V3_HEADER_SIZE) {
            error_setg(errp, "qcow2 header too short");
            return -EINVAL;
        }
        if (s->header_length > s->cluster_size) {
            error_setg(errp, "qcow2 header exceeds cluster size");
            return -EINVAL;
        }
    } else {
        s->refcount_order = 4;
        s->header_length = QCOW2_V2_HEADER_SIZE;
    }
    if (s->refcount_order > 6) {
        error_setg(errp, "Reference count entry width too large; may not exceed 64 bits");
        return -EINVAL;
    }
    uint64_t ext_end = backing_offset ? backing_offset : s->cluster_size;
    if (backing_offset > s->cluster_size || ext_end < s->header_length) {
        error_setg(errp, "Invalid backing file offset");
        return -EINVAL;
    }
    const uint8_t *names;
    size_t names_len;
    int ret = parse_extensions(bs, cluster0, s->header_length, ext_end, &names, &names_len, errp);
    if (ret < 0) {
        return ret;
    }
    uint64_t unsupported = s->incompatible_features & ~QCOW2_INCOMPAT_SUPPORTED;
    if (unsupported) {
        char list[512];
        describe_features(unsupported, names, names_len, list, sizeof(list));
        error_setg(errp, "Unsupported qcow2 feature(s): %s", list);
        return -ENOTSUP;
    }
    if ((s->incompatible_features & QCOW2_INCOMPAT_CORRUPT) && (flags & BDRV_O_RDWR)) {
        error_setg(errp, "qcow2: Image is corrupt; cannot be opened read/write");
        return -EACCES;
    }
    if (crypt) {
        error_setg(errp, "Encrypted qcow2 images are not supported (method %u)", crypt);
        return -ENOTSUP;
    }
    s->lazy_refcounts = s->compatible_features & QCOW2_COMPAT_LAZY_REFCOUNTS;

    s->l2_bits = s->cluster_bits - 3;
    s->l2_size = 1u << s->l2_bits;
    s->csize_shift = 62 - (s->cluster_bits - 8);
    s->csize_mask = (1ull << (s->cluster_bits - 8)) - 1;
    s->cluster_offset_mask = (1ull << s->csize_shift) - 1;
    s->refcount_bits = 1 << s->refcount_order;
    s->refcount_max = s->refcount_bits == 64 ? UINT64_MAX : (1ull << s->refcount_bits) - 1;
    s->refcount_block_bits = s->cluster_bits + 3 - s->refcount_order;

    /* the guest size must fit the L1 table, which must fit the file */
    if (s->size > (1ull << 62)) {
        error_setg(errp, "Image size too large");
        return -EFBIG;
    }
    uint64_t l1_min = (s->size + ((uint64_t)s->cluster_size << s->l2_bits) - 1) >>
                      (s->cluster_bits + s->l2_bits);
    if ((uint64_t)s->l1_size * 8 > QCOW2_MAX_L1_BYTES) {
        error_setg(errp, "Active L1 table too large");
        return -EFBIG;
    }
    if (s->l1_size < l1_min) {
        error_setg(errp, "L1 table is too small");
        return -EINVAL;
    }
    if (s->l1_size && !table_in_file(s, s->l1_table_offset, (uint64_t)s->l1_size * 8, file_size)) {
        error_setg(errp, "L1 table offset invalid");
        return -EINVAL;
    }
    if ((uint64_t)reftable_clusters * s->cluster_size > QCOW2_MAX_REFTABLE_BYTES) {
        error_setg(errp, "Reference count table too large");
        return -EFBIG;
    }
    if (!reftable_clusters ||
        !table_in_file(s, s->refcount_table_offset, (uint64_t)reftable_clusters * s->cluster_size,
                       file_size)) {
        error_setg(errp, "Reference count table offset invalid");
        return -EINVAL;
    }
    s->refcount_table_size = reftable_clusters * (s->cluster_size / 8);

    if (backing_offset) {
        if (backing_size > QCOW2_MAX_BACKING_NAME || backing_offset + backing_size > s->cluster_size) {
            error_setg(errp, "Backing file name too long");
            return -EINVAL;
        }
        memcpy(bs->backing_file, cluster0 + backing_offset, backing_size);
        bs->backing_file[backing_size] = 0;
    }
    return 0;
}

static int load_l1_table(BlockDriverState *bs, char **errp)
{
    BDRVQcow2State *s = bs->opaque;
    size_t bytes = (size_t)s->l1_size * 8;

    s->l1_table = qemu_mallocz(bytes ? bytes : 8);
    int ret = bdrv_pread(bs->file, s->l1_table_offset, s->l1_table, bytes);
    if (ret < 0) {
        error_setg(errp, "Could not read the L1 table: %s", strerror(-ret));
        return ret;
    }
    for (uint32_t i = 0; i < s->l1_size; i++) {
        s->l1_table[i] = __builtin_bswap64(s->l1_table[i]);
    }
    return 0;
}

/* the L2 cache covers the whole disk up to 32 MB of tables */
static int l2_cache_tables(const BDRVQcow2State *s)
{
    uint64_t need = MAX((uint64_t)s->l1_size, 4);
    uint64_t max = MAX(L2_CACHE_MAX_BYTES / s->cluster_size, 4);
    return MIN(MIN(need, max), CACHE_MAX_TABLES);
}

static int qcow2_open(BlockDriverState *bs, int flags, char **errp)
{
    BDRVQcow2State *s = bs->opaque;
    uint8_t h[QCOW2_V3_HEADER_SIZE] = { 0 };
    int64_t file_size = bdrv_getlength(bs->file);
    int ret;

    if (file_size < 0) {
        error_setg(errp, "Could not get the file size: %s", strerror(-file_size));
        return file_size;
    }
    if (file_size < QCOW2_V2_HEADER_SIZE) {
        error_setg(errp, "Image is not in qcow2 format (file too short)");
        return -EINVAL;
    }
    ret = bdrv_pread(bs->file, 0, h, sizeof(h));
    if (ret < 0) {
        error_setg(errp, "Could not read the qcow2 header: %s", strerror(-ret));
        return ret;
    }
    uint32_t cluster_bits = be32_read(h + 20);
    uint8_t *cluster0 = NULL;
    if (cluster_bits >= QCOW2_MIN_CLUSTER_BITS && cluster_bits <= QCOW2_MAX_CLUSTER_BITS) {
        cluster0 = qemu_mallocz(1u << cluster_bits);
        ret = bdrv_pread(bs->file, 0, cluster0, 1u << cluster_bits);
        if (ret < 0) {
            free(cluster0);
            error_setg(errp, "Could not read the qcow2 header: %s", strerror(-ret));
            return ret;
        }
    }
    ret = parse_header(bs, h, cluster0, file_size, flags, errp);
    free(cluster0);
    if (ret < 0) {
        return ret;
    }
    s->file_end = file_size;
    ret = load_l1_table(bs, errp);
    if (ret < 0) {
        return ret;
    }
    ret = qcow2_load_refcount_table(bs, errp);
    if (ret < 0) {
        return ret;
    }
    ret = qcow2_read_snapshots(bs, file_size, errp);
    if (ret < 0) {
        return ret;
    }
    s->l2_cache = qcow2_cache_create(l2_cache_tables(s), s->cluster_size);
    s->refcount_cache = qcow2_cache_create(REFCOUNT_CACHE_TABLES, s->cluster_size);
    s->decomp_buf = qemu_malloc(s->cluster_size);

    if (!(flags & BDRV_O_RDWR)) {
        return 0;
    }
    if (s->incompatible_features & QCOW2_INCOMPAT_DIRTY) {
        /* a crash with lazy refcounts: rebuild the refcounts before writing */
        BdrvCheckResult res;
        ret = qcow2_check(bs, &res, BDRV_FIX_LEAKS | BDRV_FIX_ERRORS | BDRV_FIX_QUIET);
        if (ret < 0 || res.corruptions || res.check_errors) {
            error_setg(errp, "qcow2: could not repair the refcounts of a dirty image");
            return ret < 0 ? ret : -EIO;
        }
        s->incompatible_features &= ~QCOW2_INCOMPAT_DIRTY;
        ret = write_incompatible_features(bs);
        if (ret < 0) {
            error_setg(errp, "Could not clear the dirty bit: %s", strerror(-ret));
            return ret;
        }
    }
    if (s->autoclear_features) {
        /* features we do not know must be marked stale once we write */
        uint8_t zero[8] = { 0 };
        s->autoclear_features = 0;
        ret = qcow2_update_header_field(bs, QCOW2_HDR_AUTOCLEAR, zero, 8);
        if (ret < 0) {
            error_setg(errp, "Could not update the qcow2 header: %s", strerror(-ret));
            return ret;
        }
    }
    return 0;
}

static int qcow2_truncate(BlockDriverState *bs, int64_t size, bool shrink, char **errp)
{
    BDRVQcow2State *s = bs->opaque;
    uint8_t buf[8];

    if (size < 0 || (uint64_t)size < s->size) {
        error_setg(errp, "qcow2 images cannot be shrunk");
        return -ENOTSUP;
    }
    if (size % BDRV_SECTOR_SIZE) {
        error_setg(errp, "The new size must be a multiple of %d", BDRV_SECTOR_SIZE);
        return -EINVAL;
    }
    uint64_t l1_needed = ((uint64_t)size + ((uint64_t)s->cluster_size << s->l2_bits) - 1) >>
                         (s->cluster_bits + s->l2_bits);
    int ret = l1_needed > s->l1_size ? qcow2_grow_l1(bs, l1_needed) : 0;
    if (ret < 0) {
        error_setg(errp, "Could not grow the L1 table: %s", strerror(-ret));
        return ret;
    }
    be64_write(buf, size);
    ret = qcow2_update_header_field(bs, QCOW2_HDR_SIZE, buf, 8);
    if (ret < 0) {
        error_setg(errp, "Could not update the qcow2 header: %s", strerror(-ret));
        return ret;
    }
    s->size = size;
    return 0;
}

static void qcow2_print_info(BlockDriverState *bs, FILE *out)
{
    BDRVQcow2State *s = bs->opaque;

    fprintf(out, "Format specific information:\n");
    fprintf(out, "    compat: %s\n", s->version >= 3 ? "1.1" : "0.10");
    if (s->version >= 3) {
        fprintf(out, "    compression type: zlib\n");
        fprintf(out, "    lazy refcounts: %s\n", s->lazy_refcounts ? "true" : "false");
    }
    fprintf(out, "    refcount bits: %d\n", s->refcount_bits);
    fprintf(out, "    corrupt: %s\n",
            (s->incompatible_features & QCOW2_INCOMPAT_CORRUPT) ? "true" : "false");
    fprintf(out, "    extended l2: false\n");
}

const BlockDriver bdrv_qcow2 = {
    .format_name = "qcow2",
    .instance_size = sizeof(BDRVQcow2State),
    .probe = qcow2_probe,
    .open = qcow2_open,
    .close = qcow2_close,
    .preadv = qcow2_preadv,
    .pwritev = qcow2_pwritev,
    .pwrite_compressed = qcow2_pwrite_compressed,
    .flush = qcow2_flush,
    .getlength = qcow2_getlength,
    .truncate = qcow2_truncate,
    .block_status = qcow2_block_status,
    .make_empty = qcow2_make_empty,
    .create = qcow2_create,
    .check = qcow2_check,
    .snapshot_list = qcow2_snapshot_list,
    .print_info = qcow2_print_info,
    .cluster_size = qcow2_get_cluster_size,
};
