/*
 * qcow2 guest reads and writes. Runs of clusters that are contiguous on the
 * host go down as one request. A write to a cluster we do not own alone
 * (unallocated, zero, compressed, or shared with a snapshot) gets new
 * clusters: whole clusters are written without reading anything, partial
 * ones are completed from the old contents (copy-on-write); zero-filling
 * is skipped for fresh clusters past the end of the file, which read as
 * zeros anyway.
 */
#include "qemu/osdep.h"
#include "block/qcow2.h"

static uint64_t l2_entry(const uint64_t *table, uint32_t index)
{
    return table ? __builtin_bswap64(table[index]) : 0;
}

static int read_compressed(BlockDriverState *bs, uint64_t entry)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t coffset, csize;

    if (s->decomp_valid && s->decomp_entry == entry) {
        return 0;
    }
    qcow2_compressed_range(s, entry, &coffset, &csize);
    uint8_t *cbuf = qemu_malloc(csize);
    int ret = bdrv_pread(bs->file, coffset, cbuf, csize);
    if (ret == 0) {
        ret = qcow2_decompress(s->decomp_buf, s->cluster_size, cbuf, csize);
    }
    free(cbuf);
    s->decomp_valid = ret == 0;
    s->decomp_entry = entry;
    return ret;
}

/* guest bytes [offset, offset + bytes) inside one cluster mapped by entry */
static int read_cluster_part(BlockDriverState *bs, uint64_t entry, uint64_t offset, uint64_t bytes,
                             QEMUIOVector *qiov, size_t qoff)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t in_cluster = offset_into_cluster(s, offset);
    int ret;

    switch (qcow2_cluster_type(s, entry)) {
    case QCOW2_CLUSTER_UNALLOCATED:
        return bdrv_read_backing(bs, offset, bytes, qiov, qoff);
    case QCOW2_CLUSTER_ZERO_PLAIN:
    case QCOW2_CLUSTER_ZERO_ALLOC:
        qemu_iovec_memset(qiov, qoff, 0, bytes);
        return 0;
    case QCOW2_CLUSTER_COMPRESSED:
        ret = read_compressed(bs, entry);
        if (ret == 0) {
            qemu_iovec_from_buf(qiov, qoff, s->decomp_buf + in_cluster, bytes);
        }
        return ret;
    default:
        if (offset_into_cluster(s, entry & L2E_OFFSET_MASK)) {
            return -EIO;    /* corrupt: data clusters are cluster-aligned */
        }
        return bdrv_preadv(bs->file, (entry & L2E_OFFSET_MASK) + in_cluster, bytes, qiov, qoff);
    }
}

/* how many clusters from index on map like the first (contiguous on the host if normal) */
static uint32_t similar_run(const BDRVQcow2State *s, const uint64_t *table, uint32_t index,
                            uint32_t max)
{
    uint64_t first = l2_entry(table, index);
    Qcow2ClusterType type = qcow2_cluster_type(s, first);
    uint32_t n = 1;

    if (type == QCOW2_CLUSTER_COMPRESSED) {
        return 1;
    }
    while (n < max) {
        uint64_t e = l2_entry(table, index + n);
        if (qcow2_cluster_type(s, e) != type) {
            break;
        }
        if (type == QCOW2_CLUSTER_NORMAL &&
            (e & L2E_OFFSET_MASK) != (first & L2E_OFFSET_MASK) + ((uint64_t)n << s->cluster_bits)) {
            break;
        }
        n++;
    }
    return n;
}

/* clusters of [offset, offset + bytes) within the L2 table of offset */
static uint32_t clusters_in_table(const BDRVQcow2State *s, uint64_t offset, uint64_t bytes,
                                  uint32_t l2_index)
{
    uint64_t n = size_to_clusters(s, offset_into_cluster(s, offset) + bytes);
    return MIN(n, (uint64_t)(s->l2_size - l2_index));
}

int qcow2_preadv(BlockDriverState *bs, uint64_t offset, uint64_t bytes, QEMUIOVector *qiov,
                 size_t qoff)
{
    BDRVQcow2State *s = bs->opaque;

    while (bytes > 0) {
        uint64_t *table;
        uint32_t index;
        int ret = qcow2_get_l2_entries(bs, offset, &table, &index);
        if (ret < 0) {
            return ret;
        }
        uint64_t entry = l2_entry(table, index);
        uint32_t run = similar_run(s, table, index, clusters_in_table(s, offset, bytes, index));
        if (table) {
            qcow2_cache_put(s->l2_cache, (void **)&table);
        }
        uint64_t n = MIN(bytes, ((uint64_t)run << s->cluster_bits) - offset_into_cluster(s, offset));
        ret = read_cluster_part(bs, entry, offset, n, qiov, qoff);
        if (ret < 0) {
            return ret;
        }
        offset += n;
        qoff += n;
        bytes -= n;
    }
    return 0;
}

static bool entry_reads_zero(BlockDriverState *bs, uint64_t entry)
{
    Qcow2ClusterType type = qcow2_cluster_type(bs->opaque, entry);
    return type == QCOW2_CLUSTER_ZERO_PLAIN || type == QCOW2_CLUSTER_ZERO_ALLOC ||
           (type == QCOW2_CLUSTER_UNALLOCATED && !bs->backing);
}

/*
 * The old contents of [offset, offset + bytes) of the cluster mapped by
 * entry, into a new buffer appended to v; nothing (and *skipped) when they
 * are zeros that a fresh cluster past the end of the file gives for free.
 */
static int cow_part(BlockDriverState *bs, uint64_t entry, uint64_t offset, uint64_t bytes,
                    bool fresh, QEMUIOVector *v, uint8_t **buf)
{
    *buf = NULL;
    if (!bytes || (fresh && entry_reads_zero(bs, entry))) {
        return 0;
    }
    QEMUIOVector one;
    *buf = qemu_malloc(bytes);
    qemu_iovec_init_buf(&one, *buf, bytes);
    int ret = read_cluster_part(bs, entry, offset, bytes, &one, 0);
    if (ret == 0) {
        qemu_iovec_add(v, *buf, bytes);
    }
    return ret;
}

/* guest [offset, offset + bytes) into nb new clusters replacing table[index..] */
static int write_new_clusters(BlockDriverState *bs, uint64_t *table, uint32_t index, uint32_t nb,
                              uint64_t offset, uint64_t bytes, QEMUIOVector *qiov, size_t qoff)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t start = offset & ~(uint64_t)(s->cluster_size - 1);
    uint64_t head = offset - start;
    uint64_t tail = ((uint64_t)nb << s->cluster_bits) - head - bytes;
    uint8_t *head_buf = NULL, *tail_buf = NULL;
    QEMUIOVector v;

    int ret = qcow2_mark_dirty(bs);
    if (ret < 0) {
        return ret;
    }
    int64_t host = qcow2_alloc_clusters(bs, nb);
    if (host < 0) {
        return host;
    }
    bool fresh = host >= s->file_end;
    qemu_iovec_init(&v, qiov->niov + 2);
    ret = cow_part(bs, l2_entry(table, index), start, head, fresh, &v, &head_buf);
    uint64_t write_at = host + (head && !head_buf ? head : 0);
    qemu_iovec_concat(&v, qiov, qoff, bytes);
    if (ret == 0) {
        ret = cow_part(bs, l2_entry(table, index + nb - 1), offset + bytes, tail, fresh, &v,
                       &tail_buf);
    }
    if (ret == 0) {
        ret = bdrv_pwritev(bs->file, write_at, v.size, &v, 0);
    }
    if (ret == 0 && (int64_t)(write_at + v.size) > s->file_end) {
        s->file_end = write_at + v.size;
    }
    qemu_iovec_destroy(&v);
    free(head_buf);
    free(tail_buf);
    if (ret < 0) {
        /* the clusters stay allocated but unused: a leak, not a corruption */
        return ret;
    }
    for (uint32_t i = 0; i < nb; i++) {
        qcow2_free_l2_entry_deferred(bs, l2_entry(table, index + i));
        table[index + i] = __builtin_bswap64((host + ((uint64_t)i << s->cluster_bits)) |
                                             QCOW_OFLAG_COPIED);
    }
    qcow2_cache_mark_dirty(s->l2_cache, table);
    return 0;
}

static bool ranges_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    return a < b + blen && b < a + alen;
}

/*
 * A corrupt (or hostile) L2 table may point guest data at the image's own
 * tables: such writes are refused rather than let the guest rewrite them.
 */
static bool overlaps_metadata(const BDRVQcow2State *s, uint64_t host, uint64_t bytes)
{
    return ranges_overlap(host, bytes, 0, s->cluster_size) ||
           ranges_overlap(host, bytes, s->l1_table_offset, (uint64_t)s->l1_size * 8) ||
           ranges_overlap(host, bytes, s->refcount_table_offset,
                          (uint64_t)s->refcount_table_size * 8) ||
           ranges_overlap(host, bytes, s->snapshots_offset, s->snapshots_size);
}

static bool owned(const BDRVQcow2State *s, uint64_t entry)
{
    return qcow2_cluster_type(s, entry) == QCOW2_CLUSTER_NORMAL && (entry & QCOW_OFLAG_COPIED);
}

int qcow2_pwritev(BlockDriverState *bs, uint64_t offset, uint64_t bytes, QEMUIOVector *qiov,
                  size_t qoff)
{
    BDRVQcow2State *s = bs->opaque;

    while (bytes > 0) {
        uint64_t *table;
        uint32_t index;
        int ret = qcow2_get_l2_for_write(bs, offset, &table, &index);
        if (ret < 0) {
            return ret;
        }
        uint32_t max = clusters_in_table(s, offset, bytes, index);
        uint64_t first = l2_entry(table, index);
        bool in_place = owned(s, first);
        uint32_t run = 1;
        while (run < max && owned(s, l2_entry(table, index + run)) == in_place &&
               (!in_place || (l2_entry(table, index + run) & L2E_OFFSET_MASK) ==
                             (first & L2E_OFFSET_MASK) + ((uint64_t)run << s->cluster_bits))) {
            run++;
        }
        uint64_t n = MIN(bytes, ((uint64_t)run << s->cluster_bits) - offset_into_cluster(s, offset));
        if (in_place) {
            qcow2_cache_put(s->l2_cache, (void **)&table);
            uint64_t host = first & L2E_OFFSET_MASK;
            if (offset_into_cluster(s, host) ||
                overlaps_metadata(s, host, (uint64_t)run << s->cluster_bits)) {
                return -EIO;
            }
            ret = bdrv_pwritev(bs->file, host + offset_into_cluster(s, offset), n, qiov, qoff);
        } else {
            ret = write_new_clusters(bs, table, index, run, offset, n, qiov, qoff);
            qcow2_cache_put(s->l2_cache, (void **)&table);
        }
        if (ret < 0) {
            return ret;
        }
        offset += n;
        qoff += n;
        bytes -= n;
    }
    if (qcow2_pending_frees_full(bs)) {
        return qcow2_flush(bs);
    }
    return 0;
}

int qcow2_pwrite_compressed(BlockDriverState *bs, uint64_t offset, const void *buf)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t *table;
    uint32_t index;
    QEMUIOVector qiov;

    uint8_t *out = qemu_malloc(s->cluster_size);
    ssize_t len = qcow2_compress(out, s->cluster_size - QCOW2_COMPRESSED_SECTOR, buf,
                                 s->cluster_size);
    int ret = qcow2_get_l2_for_write(bs, offset, &table, &index);
    if (ret < 0) {
        free(out);
        return ret;
    }
    Qcow2ClusterType type = qcow2_cluster_type(s, l2_entry(table, index));
    if (len < 0 || (type != QCOW2_CLUSTER_UNALLOCATED && type != QCOW2_CLUSTER_ZERO_PLAIN)) {
        /* incompressible, or already has a cluster: store it plainly */
        qcow2_cache_put(s->l2_cache, (void **)&table);
        free(out);
        uint64_t bytes = MIN((uint64_t)s->cluster_size, s->size - offset);
        qemu_iovec_init_buf(&qiov, (void *)buf, bytes);
        return qcow2_pwritev(bs, offset, bytes, &qiov, 0);
    }
    int64_t host = qcow2_alloc_bytes(bs, len);
    ret = host < 0 ? host : bdrv_pwrite(bs->file, host, out, len);
    free(out);
    if (ret == 0) {
        if ((int64_t)(host + len) > s->file_end) {
            s->file_end = host + len;
        }
        uint64_t nb_sectors = ((host + len - 1) >> 9) - (host >> 9);
        table[index] = __builtin_bswap64(host | QCOW_OFLAG_COMPRESSED |
                                         (nb_sectors << s->csize_shift));
        qcow2_cache_mark_dirty(s->l2_cache, table);
    }
    qcow2_cache_put(s->l2_cache, (void **)&table);
    return ret;
}

int qcow2_block_status(BlockDriverState *bs, uint64_t offset, uint64_t bytes, uint64_t *pnum,
                       bool *allocated)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t *table;
    uint32_t index;

    int ret = qcow2_get_l2_entries(bs, offset, &table, &index);
    if (ret < 0) {
        return ret;
    }
    uint32_t max = clusters_in_table(s, offset, bytes, index);
    *allocated = qcow2_cluster_type(s, l2_entry(table, index)) != QCOW2_CLUSTER_UNALLOCATED;
    uint32_t run = 1;
    while (run < max &&
           (qcow2_cluster_type(s, l2_entry(table, index + run)) != QCOW2_CLUSTER_UNALLOCATED) ==
               *allocated) {
        run++;
    }
    if (table) {
        qcow2_cache_put(s->l2_cache, (void **)&table);
    }
    *pnum = MIN(bytes, ((uint64_t)run << s->cluster_bits) - offset_into_cluster(s, offset));
    return 0;
}

int qcow2_make_empty(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;

    for (uint32_t i = 0; i < s->l1_size; i++) {
        uint64_t l2_offset = s->l1_table[i] & L1E_OFFSET_MASK;
        uint64_t *table;
        if (!l2_offset) {
            continue;
        }
        int ret = qcow2_cache_get(bs, s->l2_cache, l2_offset, (void **)&table);
        if (ret < 0) {
            return ret;
        }
        for (uint32_t j = 0; j < s->l2_size; j++) {
            qcow2_free_l2_entry_deferred(bs, l2_entry(table, j));
        }
        qcow2_cache_put(s->l2_cache, (void **)&table);
        qcow2_free_deferred(bs, l2_offset, s->cluster_size);
        qcow2_l1_set(bs, i, 0);
    }
    s->decomp_valid = false;
    return qcow2_flush(bs);
}
