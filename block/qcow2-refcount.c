/*
 * qcow2 reference counts: the refcount table and blocks (any refcount
 * width from 1 to 64 bits), cluster allocation, and the deferred frees
 * that lower a refcount only after the tables no longer point there.
 */
#include "qemu/osdep.h"
#include "block/qcow2.h"

#define PENDING_FLUSH_THRESHOLD 4096

uint64_t qcow2_refblock_get(int refcount_order, const void *block, uint64_t i)
{
    const uint8_t *b = block;

    switch (refcount_order) {
    case 0: return (b[i / 8] >> (i % 8)) & 1;
    case 1: return (b[i / 4] >> (2 * (i % 4))) & 3;
    case 2: return (b[i / 2] >> (4 * (i % 2))) & 15;
    case 3: return b[i];
    case 4: return be16_read(b + 2 * i);
    case 5: return be32_read(b + 4 * i);
    default: return be64_read(b + 8 * i);
    }
}

void qcow2_refblock_set(int refcount_order, void *block, uint64_t i, uint64_t v)
{
    uint8_t *b = block;

    switch (refcount_order) {
    case 0: b[i / 8] = (b[i / 8] & ~(1 << (i % 8))) | (v << (i % 8)); break;
    case 1: b[i / 4] = (b[i / 4] & ~(3 << (2 * (i % 4)))) | (v << (2 * (i % 4))); break;
    case 2: b[i / 2] = (b[i / 2] & ~(15 << (4 * (i % 2)))) | (v << (4 * (i % 2))); break;
    case 3: b[i] = v; break;
    case 4: be16_write(b + 2 * i, v); break;
    case 5: be32_write(b + 4 * i, v); break;
    default: be64_write(b + 8 * i, v); break;
    }
}

int qcow2_load_refcount_table(BlockDriverState *bs, char **errp)
{
    BDRVQcow2State *s = bs->opaque;
    size_t bytes = (size_t)s->refcount_table_size * 8;

    s->refcount_table = qemu_malloc(bytes ? bytes : 8);
    int ret = bdrv_pread(bs->file, s->refcount_table_offset, s->refcount_table, bytes);
    if (ret < 0) {
        *errp = qemu_strdup("Could not read the refcount table");
        return ret;
    }
    for (uint32_t i = 0; i < s->refcount_table_size; i++) {
        s->refcount_table[i] = __builtin_bswap64(s->refcount_table[i]);
    }
    return 0;
}

/* the refcount block for refcount table index i, 0 if none; -EIO if corrupt */
static int64_t refblock_offset(BDRVQcow2State *s, uint64_t i)
{
    if (i >= s->refcount_table_size) {
        return 0;
    }
    uint64_t off = s->refcount_table[i] & REFT_OFFSET_MASK;
    if (offset_into_cluster(s, off)) {
        return -EIO;
    }
    return off;
}

int qcow2_get_refcount(BlockDriverState *bs, uint64_t cluster_index, uint64_t *refcount)
{
    BDRVQcow2State *s = bs->opaque;
    int64_t off = refblock_offset(s, cluster_index >> s->refcount_block_bits);
    void *block;

    *refcount = 0;
    if (off <= 0) {
        return off;
    }
    int ret = qcow2_cache_get(bs, s->refcount_cache, off, &block);
    if (ret < 0) {
        return ret;
    }
    *refcount = qcow2_refblock_get(s->refcount_order, block, cluster_index & ((1ull << s->refcount_block_bits) - 1));
    qcow2_cache_put(s->refcount_cache, &block);
    return 0;
}

int qcow2_sync_refcounts(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;
    int ret = qcow2_cache_write(bs, s->refcount_cache);

    if (ret < 0) {
        return ret;
    }
    if (s->refcounts_unsynced && !s->dirty_on_disk) {
        ret = bdrv_flush(bs->file);
        if (ret < 0) {
            return ret;
        }
    }
    s->refcounts_unsynced = false;
    return 0;
}

static void note_file_end(BDRVQcow2State *s, uint64_t end)
{
    if ((int64_t)end > s->file_end) {
        s->file_end = end;
    }
}

static bool repair_in_use(const BDRVQcow2State *s, uint64_t cluster)
{
    return s->repair_refs && cluster < s->repair_nb_clusters && s->repair_refs[cluster];
}

/*
 * A bigger refcount table, with new refcount blocks describing its own
 * clusters, placed past everything the image uses: written, synced, then
 * made live by one header write. The old table is freed afterwards.
 */
static int grow_refcount_table(BlockDriverState *bs, uint64_t min_entries)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t cpb = 1ull << s->refcount_block_bits;
    uint64_t epc = s->cluster_size / 8;
    uint64_t used = MAX(size_to_clusters(s, s->file_end), s->repair_nb_clusters);
    uint64_t first = MAX(s->refcount_table_size, (used + cpb - 1) / cpb);
    uint64_t new_size = MAX(min_entries, s->refcount_table_size + s->refcount_table_size / 2 + 1);
    uint64_t tc, k;

    for (;;) {
        tc = (new_size + epc - 1) / epc;
        for (k = 1; k * cpb < k + tc; k++) {
        }
        if (new_size >= first + k) {
            break;
        }
        new_size = first + k;
    }
    new_size = tc * epc;
    if (tc * s->cluster_size > QCOW2_MAX_REFTABLE_BYTES) {
        return -EFBIG;
    }
    uint64_t base = first * cpb;
    uint8_t *block = qemu_malloc(s->cluster_size);
    int ret = 0;
    for (uint64_t j = 0; j < k && ret == 0; j++) {
        memset(block, 0, s->cluster_size);
        for (uint64_t x = base; x < base + k + tc; x++) {
            if (x / cpb == first + j) {
                qcow2_refblock_set(s->refcount_order, block, x % cpb, 1);
            }
        }
        ret = bdrv_pwrite(bs->file, (base + j) << s->cluster_bits, block, s->cluster_size);
    }
    free(block);
    uint64_t *table = qemu_mallocz(tc * s->cluster_size);
    uint64_t *disk = qemu_mallocz(tc * s->cluster_size);
    memcpy(table, s->refcount_table, (size_t)s->refcount_table_size * 8);
    for (uint64_t j = 0; j < k; j++) {
        table[first + j] = (base + j) << s->cluster_bits;
    }
    for (uint64_t i = 0; i < new_size; i++) {
        disk[i] = __builtin_bswap64(table[i]);
    }
    uint64_t table_offset = (base + k) << s->cluster_bits;
    if (ret == 0) {
        ret = bdrv_pwrite(bs->file, table_offset, disk, tc * s->cluster_size);
    }
    free(disk);
    if (ret == 0) {
        ret = bdrv_flush(bs->file);
    }
    uint8_t hdr[12];
    be64_write(hdr, table_offset);
    be32_write(hdr + 8, tc);
    if (ret == 0) {
        ret = qcow2_update_header_field(bs, QCOW2_HDR_REFTABLE, hdr, sizeof(hdr));
    }
    if (ret < 0) {
        free(table);
        return ret;
    }
    note_file_end(s, table_offset + tc * s->cluster_size);
    uint64_t old_offset = s->refcount_table_offset;
    uint64_t old_bytes = ROUND_UP((uint64_t)s->refcount_table_size * 8, s->cluster_size);
    free(s->refcount_table);
    s->refcount_table = table;
    s->refcount_table_size = new_size;
    s->refcount_table_offset = table_offset;
    qcow2_free_deferred(bs, old_offset, old_bytes);
    return 0;
}

/* make sure refcount table entry i has a block, placed inside the range it describes */
static int ensure_refblock(BlockDriverState *bs, uint64_t i, bool *created)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t cpb = 1ull << s->refcount_block_bits;
    void *block;

    if (i >= s->refcount_table_size) {
        int ret = grow_refcount_table(bs, i + 1);
        if (ret < 0) {
            return ret;
        }
        *created = true;
    }
    int64_t off = refblock_offset(s, i);
    if (off != 0) {
        return off < 0 ? off : 0;
    }
    /* nothing in this range has a refcount yet, so its clusters are free */
    uint64_t cluster = i * cpb;
    while (repair_in_use(s, cluster) && cluster < (i + 1) * cpb - 1) {
        cluster++;
    }
    if (repair_in_use(s, cluster)) {
        return -ENOSPC;
    }
    if (s->repair_refs && cluster < s->repair_nb_clusters) {
        s->repair_refs[cluster]++;  /* the check's count must include the new block */
    }
    off = cluster << s->cluster_bits;
    int ret = qcow2_cache_get_empty(bs, s->refcount_cache, off, &block);
    if (ret < 0) {
        return ret;
    }
    qcow2_refblock_set(s->refcount_order, block, cluster - i * cpb, 1);
    ret = qcow2_cache_write_table(bs, s->refcount_cache, block);
    qcow2_cache_put(s->refcount_cache, &block);
    if (ret == 0) {
        ret = bdrv_flush(bs->file);
    }
    uint8_t entry[8];
    be64_write(entry, off);
    if (ret == 0) {
        ret = bdrv_pwrite(bs->file, s->refcount_table_offset + i * 8, entry, 8);
    }
    if (ret < 0) {
        return ret;
    }
    s->refcount_table[i] = off;
    s->refcounts_unsynced = true;
    *created = true;
    return 0;
}

/* nothing may go on using a cluster whose refcount dropped to 0 */
static void cluster_freed(BDRVQcow2State *s, uint64_t c)
{
    if (c < s->free_cluster_index) {
        s->free_cluster_index = c;
    }
    qcow2_cache_discard(s->l2_cache, c << s->cluster_bits);
    s->decomp_valid = false;
}

int qcow2_update_refcount(BlockDriverState *bs, uint64_t offset, uint64_t length, int64_t addend)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t cpb = 1ull << s->refcount_block_bits;

    if (!length) {
        return 0;
    }
    uint64_t first = offset >> s->cluster_bits;
    uint64_t last = (offset + length - 1) >> s->cluster_bits;
    for (uint64_t c = first; c <= last;) {
        uint64_t rt = c / cpb;
        bool created = false;
        void *block;
        int ret;

        if (addend > 0) {
            ret = ensure_refblock(bs, rt, &created);
            if (ret < 0) {
                return ret;
            }
        }
        int64_t off = refblock_offset(s, rt);
        if (off <= 0) {
            return -EIO;    /* lowering a refcount nobody recorded */
        }
        ret = qcow2_cache_get(bs, s->refcount_cache, off, &block);
        if (ret < 0) {
            return ret;
        }
        for (; c <= last && c / cpb == rt; c++) {
            uint64_t old = qcow2_refblock_get(s->refcount_order, block, c % cpb);
            uint64_t v = old + addend;
            if ((addend < 0 && old < (uint64_t)-addend) ||
                (addend > 0 && old > s->refcount_max - (uint64_t)addend)) {
                qcow2_cache_put(s->refcount_cache, &block);
                return addend < 0 ? -EIO : -ERANGE;
            }
            qcow2_refblock_set(s->refcount_order, block, c % cpb, v);
            if (v == 0) {
                cluster_freed(s, c);
            }
        }
        qcow2_cache_mark_dirty(s->refcount_cache, block);
        qcow2_cache_put(s->refcount_cache, &block);
    }
    return 0;
}

int qcow2_set_refcount(BlockDriverState *bs, uint64_t cluster_index, uint64_t value)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t rt = cluster_index >> s->refcount_block_bits;
    bool created = false;
    void *block;
    int ret;

    if (value > s->refcount_max) {
        return -ERANGE;
    }
    if (value) {
        ret = ensure_refblock(bs, rt, &created);
        if (ret < 0) {
            return ret;
        }
    }
    int64_t off = refblock_offset(s, rt);
    if (off <= 0) {
        return off < 0 ? off : 0;   /* no block: the refcount is 0 already */
    }
    ret = qcow2_cache_get(bs, s->refcount_cache, off, &block);
    if (ret < 0) {
        return ret;
    }
    qcow2_refblock_set(s->refcount_order, block,
                       cluster_index & ((1ull << s->refcount_block_bits) - 1), value);
    qcow2_cache_mark_dirty(s->refcount_cache, block);
    qcow2_cache_put(s->refcount_cache, &block);
    if (!value) {
        cluster_freed(s, cluster_index);
    }
    return 0;
}

static int cluster_is_free(BlockDriverState *bs, uint64_t c, bool *is_free)
{
    uint64_t rc;
    int ret = qcow2_get_refcount(bs, c, &rc);

    *is_free = ret == 0 && !rc && !repair_in_use(bs->opaque, c);
    return ret;
}

/*
 * Refcount blocks for the ranges in rts[], placed at clusters from
 * `at` on (free): each block is written, then the table points at it.
 */
static int create_refblocks(BlockDriverState *bs, uint64_t at, const uint64_t *rts, uint64_t m)
{
    BDRVQcow2State *s = bs->opaque;
    void *block;
    int ret;

    for (uint64_t i = 0; i < m; i++) {
        ret = qcow2_cache_get_empty(bs, s->refcount_cache, (at + i) << s->cluster_bits, &block);
        if (ret < 0) {
            return ret;
        }
        qcow2_cache_put(s->refcount_cache, &block);
        s->refcount_table[rts[i]] = (at + i) << s->cluster_bits;
    }
    /* every range involved has a block now: count the blocks themselves */
    ret = qcow2_update_refcount(bs, at << s->cluster_bits, m << s->cluster_bits, 1);
    if (ret == 0) {
        ret = qcow2_cache_write(bs, s->refcount_cache);
    }
    if (ret == 0) {
        ret = bdrv_flush(bs->file);
    }
    for (uint64_t i = 0; i < m && ret == 0; i++) {
        uint8_t entry[8];
        be64_write(entry, s->refcount_table[rts[i]]);
        ret = bdrv_pwrite(bs->file, s->refcount_table_offset + rts[i] * 8, entry, 8);
    }
    s->refcounts_unsynced = true;
    return ret;
}

/*
 * nb contiguous free clusters; refcount blocks the run's ranges lack go
 * right after it, so that they never split the run.
 */
int64_t qcow2_alloc_clusters(BlockDriverState *bs, uint64_t nb)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t cpb = 1ull << s->refcount_block_bits;
    uint64_t max_cluster = 1ull << (56 - s->cluster_bits);
    uint64_t from = s->free_cluster_index, start, first_free, m;
    uint64_t *missing = NULL;
    bool is_free;
    int ret;

    for (;;) {
        uint64_t run = 0;
        start = first_free = from;
        bool seen_free = false;
        for (uint64_t c = from; run < nb; c++) {
            ret = cluster_is_free(bs, c, &is_free);
            if (ret < 0) {
                goto out;
            }
            if (is_free) {
                if (!seen_free) {
                    first_free = c;
                    seen_free = true;
                }
                run++;
            } else {
                run = 0;
                start = c + 1;
                if (start + nb > max_cluster) {
                    ret = -EFBIG;
                    goto out;
                }
            }
        }
        /* how many blocks the run and the blocks themselves need */
        uint64_t last;
        bool grown = false;
        for (m = 0;;) {
            last = start + nb + m - 1;
            if (last / cpb >= s->refcount_table_size) {
                ret = grow_refcount_table(bs, last / cpb + 1);
                if (ret < 0) {
                    goto out;
                }
                grown = true;
                break;
            }
            uint64_t need = 0;
            for (uint64_t rt = start / cpb; rt <= last / cpb; rt++) {
                need += !(s->refcount_table[rt] & REFT_OFFSET_MASK);
            }
            if (need == m) {
                break;
            }
            m = need;
        }
        if (grown) {
            continue;   /* the new table took clusters: look again */
        }
        bool room = true;
        for (uint64_t c = start + nb; c < start + nb + m && room; c++) {
            ret = cluster_is_free(bs, c, &is_free);
            if (ret < 0) {
                goto out;
            }
            room = is_free;
        }
        if (!room) {
            from = start + 1;
            continue;
        }
        if (m) {
            missing = qemu_malloc(m * sizeof(uint64_t));
            uint64_t n = 0;
            for (uint64_t rt = start / cpb; rt <= last / cpb; rt++) {
                if (!(s->refcount_table[rt] & REFT_OFFSET_MASK)) {
                    missing[n++] = rt;
                }
            }
            ret = create_refblocks(bs, start + nb, missing, m);
            if (ret < 0) {
                goto out;
            }
        }
        break;
    }
    ret = qcow2_update_refcount(bs, start << s->cluster_bits, nb << s->cluster_bits, 1);
    if (ret == 0 && from == s->free_cluster_index) {
        s->free_cluster_index = first_free == start ? start + nb + m : first_free;
    }
out:
    free(missing);
    return ret < 0 ? ret : (int64_t)(start << s->cluster_bits);
}

int64_t qcow2_alloc_bytes(BlockDriverState *bs, uint32_t size)
{
    BDRVQcow2State *s = bs->opaque;
    int64_t off;

    if (s->free_byte_offset && offset_into_cluster(s, s->free_byte_offset) + size <= s->cluster_size) {
        off = s->free_byte_offset;
        int ret = qcow2_update_refcount(bs, off, size, 1);
        if (ret < 0) {
            return ret;
        }
    } else {
        off = qcow2_alloc_clusters(bs, 1);
        if (off < 0) {
            return off;
        }
    }
    s->free_byte_offset = offset_into_cluster(s, off + size) ? off + size : 0;
    return off;
}

void qcow2_free_deferred(BlockDriverState *bs, uint64_t offset, uint64_t length)
{
    BDRVQcow2State *s = bs->opaque;

    if (!length) {
        return;
    }
    if (s->nb_pending == s->pending_alloc) {
        s->pending_alloc = s->pending_alloc * 2 + 16;
        s->pending = qemu_realloc(s->pending, sizeof(*s->pending) * s->pending_alloc);
    }
    s->pending[s->nb_pending++] = (Qcow2PendingFree){ offset, length };
}

void qcow2_free_l2_entry_deferred(BlockDriverState *bs, uint64_t l2_entry)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t coffset, csize;

    switch (qcow2_cluster_type(s, l2_entry)) {
    case QCOW2_CLUSTER_NORMAL:
    case QCOW2_CLUSTER_ZERO_ALLOC:
        qcow2_free_deferred(bs, l2_entry & L2E_OFFSET_MASK, s->cluster_size);
        break;
    case QCOW2_CLUSTER_COMPRESSED:
        qcow2_compressed_range(s, l2_entry, &coffset, &csize);
        qcow2_free_deferred(bs, coffset, csize);
        break;
    default:
        break;
    }
}

int qcow2_apply_pending_frees(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;
    int ret = 0;

    for (int i = 0; i < s->nb_pending; i++) {
        int r = qcow2_update_refcount(bs, s->pending[i].offset, s->pending[i].bytes, -1);
        if (r < 0 && ret == 0) {
            ret = r;    /* a corrupt refcount: the cluster stays leaked, go on */
        }
        /* a cluster being filled with compressed data may now be free */
        if (s->free_byte_offset >= (s->pending[i].offset & ~(uint64_t)(s->cluster_size - 1)) &&
            s->free_byte_offset < s->pending[i].offset + s->pending[i].bytes) {
            s->free_byte_offset = 0;
        }
    }
    s->nb_pending = 0;
    return ret;
}

bool qcow2_pending_frees_full(BlockDriverState *bs)
{
    return ((BDRVQcow2State *)bs->opaque)->nb_pending > PENDING_FLUSH_THRESHOLD;
}
