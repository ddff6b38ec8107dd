/*
 * qcow2 L1 and L2 tables: finding the L2 table of a guest offset, making
 * it writable (a new table, or a private copy of one a snapshot shares),
 * writing the L1 table and growing it.
 */
#include "qemu/osdep.h"
#include "block/qcow2.h"

static uint32_t l1_index_of(const BDRVQcow2State *s, uint64_t offset)
{
    return offset >> (s->cluster_bits + s->l2_bits);
}

static uint32_t l2_index_of(const BDRVQcow2State *s, uint64_t offset)
{
    return (offset >> s->cluster_bits) & (s->l2_size - 1);
}

int qcow2_get_l2_entries(BlockDriverState *bs, uint64_t offset, uint64_t **l2_table,
                         uint32_t *l2_index)
{
    BDRVQcow2State *s = bs->opaque;
    uint32_t i = l1_index_of(s, offset);

    *l2_table = NULL;
    *l2_index = l2_index_of(s, offset);
    if (i >= s->l1_size) {
        return 0;
    }
    uint64_t l2_offset = s->l1_table[i] & L1E_OFFSET_MASK;
    if (!l2_offset) {
        return 0;
    }
    if (offset_into_cluster(s, l2_offset)) {
        return -EIO;
    }
    return qcow2_cache_get(bs, s->l2_cache, l2_offset, (void **)l2_table);
}

void qcow2_l1_set(BlockDriverState *bs, uint32_t index, uint64_t entry)
{
    BDRVQcow2State *s = bs->opaque;

    s->l1_table[index] = entry;
    if (!s->l1_dirty) {
        s->l1_dirty = true;
        s->l1_dirty_min = s->l1_dirty_max = index;
    } else {
        s->l1_dirty_min = MIN(s->l1_dirty_min, index);
        s->l1_dirty_max = MAX(s->l1_dirty_max, index);
    }
}

int qcow2_write_l1(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;

    if (!s->l1_dirty) {
        return 0;
    }
    uint32_t n = s->l1_dirty_max - s->l1_dirty_min + 1;
    uint64_t *buf = qemu_malloc((size_t)n * 8);
    for (uint32_t i = 0; i < n; i++) {
        buf[i] = __builtin_bswap64(s->l1_table[s->l1_dirty_min + i]);
    }
    int ret = bdrv_pwrite(bs->file, s->l1_table_offset + (uint64_t)s->l1_dirty_min * 8, buf,
                          (size_t)n * 8);
    free(buf);
    if (ret == 0) {
        s->l1_dirty = false;
    }
    return ret;
}

int qcow2_get_l2_for_write(BlockDriverState *bs, uint64_t offset, uint64_t **l2_table,
                           uint32_t *l2_index)
{
    BDRVQcow2State *s = bs->opaque;
    uint32_t i = l1_index_of(s, offset);
    uint64_t *old_table = NULL;
    int ret;

    *l2_index = l2_index_of(s, offset);
    if (i >= s->l1_size) {
        return -EIO;
    }
    uint64_t l1e = s->l1_table[i];
    uint64_t old_offset = l1e & L1E_OFFSET_MASK;
    if (offset_into_cluster(s, old_offset)) {
        return -EIO;
    }
    if (old_offset && (l1e & QCOW_OFLAG_COPIED)) {
        return qcow2_cache_get(bs, s->l2_cache, old_offset, (void **)l2_table);
    }
    /* no table yet, or one shared with a snapshot: a new table of our own */
    ret = qcow2_mark_dirty(bs);
    if (ret < 0) {
        return ret;
    }
    if (old_offset) {
        ret = qcow2_cache_get(bs, s->l2_cache, old_offset, (void **)&old_table);
        if (ret < 0) {
            return ret;
        }
    }
    int64_t new_offset = qcow2_alloc_clusters(bs, 1);
    if (new_offset >= 0) {
        ret = qcow2_cache_get_empty(bs, s->l2_cache, new_offset, (void **)l2_table);
    } else {
        ret = new_offset;
    }
    if (old_table) {
        if (ret == 0) {
            memcpy(*l2_table, old_table, s->cluster_size);
        }
        qcow2_cache_put(s->l2_cache, (void **)&old_table);
    }
    if (ret < 0) {
        return ret;
    }
    if (old_offset) {
        qcow2_free_deferred(bs, old_offset, s->cluster_size);
    }
    qcow2_l1_set(bs, i, new_offset | QCOW_OFLAG_COPIED);
    return 0;
}

/*
 * A bigger active L1 table: written in new clusters, then made live by one
 * header write, the old one freed after.
 */
int qcow2_grow_l1(BlockDriverState *bs, uint64_t min_size)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t bytes = min_size * 8;

    if (bytes > QCOW2_MAX_L1_BYTES) {
        return -EFBIG;
    }
    int ret = qcow2_flush(bs);
    if (ret < 0) {
        return ret;
    }
    uint64_t alloc_bytes = ROUND_UP(bytes, (uint64_t)s->cluster_size);
    int64_t new_offset = qcow2_alloc_clusters(bs, alloc_bytes >> s->cluster_bits);
    if (new_offset < 0) {
        return new_offset;
    }
    uint64_t *table = qemu_mallocz(alloc_bytes);
    uint64_t *disk = qemu_mallocz(alloc_bytes);
    memcpy(table, s->l1_table, (size_t)s->l1_size * 8);
    for (uint64_t i = 0; i < min_size; i++) {
        disk[i] = __builtin_bswap64(table[i]);
    }
    ret = qcow2_sync_refcounts(bs);
    if (ret == 0) {
        ret = bdrv_pwrite(bs->file, new_offset, disk, alloc_bytes);
    }
    free(disk);
    if (ret == 0) {
        ret = bdrv_flush(bs->file);
    }
    uint8_t hdr[12];
    be32_write(hdr, min_size);
    be64_write(hdr + 4, new_offset);
    if (ret == 0) {
        ret = qcow2_update_header_field(bs, QCOW2_HDR_L1_SIZE, hdr, sizeof(hdr));
    }
    if (ret < 0) {
        free(table);
        return ret;
    }
    if ((int64_t)(new_offset + alloc_bytes) > s->file_end) {
        s->file_end = new_offset + alloc_bytes;
    }
    if (s->l1_size) {
        qcow2_free_deferred(bs, s->l1_table_offset,
                            ROUND_UP((uint64_t)s->l1_size * 8, (uint64_t)s->cluster_size));
    }
    free(s->l1_table);
    s->l1_table = table;
    s->l1_size = min_size;
    s->l1_table_offset = new_offset;
    return qcow2_flush(bs);
}
