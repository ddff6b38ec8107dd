/*
 * qcow2 internals shared by the block/qcow2*.c files: on-disk constants
 * (QEMU's qcow2 specification, versions 2 and 3), the open image's state,
 * and the functions one part calls in another.
 *
 * Metadata is kept consistent on disk by ordering writes: a refcount block
 * reaches the disk before an L2 table that points at its clusters, an L2
 * table before the L1 entry pointing at it, and a cluster's refcount is
 * only lowered after the tables no longer point at it. A kill at any
 * moment therefore leaves at worst leaked clusters.
 */
#ifndef BLOCK_QCOW2_H
#define BLOCK_QCOW2_H

#include "qemu/osdep.h"
#include "block/block_int.h"

#define QCOW_MAGIC 0x514649fbu              /* "QFI\xfb" */
#define QCOW2_MIN_CLUSTER_BITS 9
#define QCOW2_MAX_CLUSTER_BITS 21
#define QCOW2_DEFAULT_CLUSTER_SIZE 65536
#define QCOW2_V2_HEADER_SIZE 72
#define QCOW2_V3_HEADER_SIZE 104
#define QCOW2_MAX_L1_BYTES (32 << 20)
#define QCOW2_MAX_REFTABLE_BYTES (8 << 20)
#define QCOW2_MAX_SNAPSHOTS 65536
#define QCOW2_MAX_BACKING_NAME 1023
#define QCOW2_COMPRESSED_SECTOR 512

/* header field offsets we rewrite in place */
#define QCOW2_HDR_SIZE          24
#define QCOW2_HDR_L1_SIZE       36
#define QCOW2_HDR_L1_OFFSET     40
#define QCOW2_HDR_REFTABLE      48
#define QCOW2_HDR_INCOMPAT      72
#define QCOW2_HDR_AUTOCLEAR     88

#define QCOW2_INCOMPAT_DIRTY        (1ull << 0)
#define QCOW2_INCOMPAT_CORRUPT      (1ull << 1)
#define QCOW2_INCOMPAT_DATA_FILE    (1ull << 2)
#define QCOW2_INCOMPAT_COMPRESSION  (1ull << 3)
#define QCOW2_INCOMPAT_EXTL2        (1ull << 4)
#define QCOW2_INCOMPAT_SUPPORTED    (QCOW2_INCOMPAT_DIRTY | QCOW2_INCOMPAT_CORRUPT)
#define QCOW2_COMPAT_LAZY_REFCOUNTS (1ull << 0)

/* header extensions */
#define QCOW2_EXT_END               0
#define QCOW2_EXT_BACKING_FORMAT    0xe2792acau
#define QCOW2_EXT_FEATURE_TABLE     0x6803f857u

#define QCOW_OFLAG_COPIED     (1ull << 63)
#define QCOW_OFLAG_COMPRESSED (1ull << 62)
#define QCOW_OFLAG_ZERO       (1ull << 0)
#define L1E_OFFSET_MASK       0x00fffffffffffe00ull
#define L2E_OFFSET_MASK       0x00fffffffffffe00ull
#define REFT_OFFSET_MASK      0xfffffffffffffe00ull
#define L1E_RESERVED_MASK     0x7f000000000001ffull
#define L2E_RESERVED_MASK     0x3f000000000001feull

typedef enum Qcow2ClusterType {
    QCOW2_CLUSTER_UNALLOCATED,  /* read from the backing file */
    QCOW2_CLUSTER_ZERO_PLAIN,   /* reads as zeros, no host cluster */
    QCOW2_CLUSTER_ZERO_ALLOC,   /* reads as zeros, host cluster kept */
    QCOW2_CLUSTER_NORMAL,
    QCOW2_CLUSTER_COMPRESSED,
} Qcow2ClusterType;

typedef struct Qcow2Snapshot {
    uint64_t l1_table_offset;
    uint32_t l1_size;
    char *id_str;
    char *name;
    uint32_t date_sec, date_nsec;
    uint64_t vm_clock_nsec;
    uint64_t vm_state_size;
    uint64_t icount;            /* UINT64_MAX: absent */
} Qcow2Snapshot;

typedef struct Qcow2Cache Qcow2Cache;

/* a range of host clusters whose refcount drops once the tables are on disk */
typedef struct Qcow2PendingFree {
    uint64_t offset, bytes;
} Qcow2PendingFree;

typedef struct BDRVQcow2State {
    int version;
    int cluster_bits;
    uint32_t cluster_size;
    int l2_bits;                /* log2(entries per L2 table) */
    uint32_t l2_size;
    uint64_t size;              /* guest disk size */

    int csize_shift;            /* compressed L2 entries */
    uint64_t csize_mask;
    uint64_t cluster_offset_mask;

    uint32_t l1_size;
    uint64_t l1_table_offset;
    uint64_t *l1_table;         /* host byte order */
    bool l1_dirty;
    uint32_t l1_dirty_min, l1_dirty_max;

    int refcount_order;
    int refcount_bits;
    uint64_t refcount_max;
    int refcount_block_bits;    /* log2(refcounts per block) */
    uint64_t refcount_table_offset;
    uint32_t refcount_table_size;     /* entries */
    uint64_t *refcount_table;

    Qcow2Cache *l2_cache;
    Qcow2Cache *refcount_cache;
    bool refcounts_unsynced;    /* refcount blocks written since the last fdatasync */

    uint64_t free_cluster_index;
    uint64_t free_byte_offset;  /* where the next compressed cluster may go, 0: none */
    int64_t file_end;           /* bytes of the host file ever written (holes read as 0) */

    uint64_t incompatible_features, compatible_features, autoclear_features;
    uint32_t header_length;
    bool lazy_refcounts;
    bool dirty_on_disk;         /* we set the dirty bit (lazy refcounts) */

    uint32_t nb_snapshots;
    uint64_t snapshots_offset;
    uint64_t snapshots_size;
    Qcow2Snapshot *snapshots;

    Qcow2PendingFree *pending;
    int nb_pending, pending_alloc;

    /* check -r: clusters the tables use, which allocation must not hand out */
    uint32_t *repair_refs;
    uint64_t repair_nb_clusters;

    /* the last cluster decompressed (sequential reads of compressed images) */
    uint8_t *decomp_buf;
    uint64_t decomp_entry;
    bool decomp_valid;
} BDRVQcow2State;

static inline uint64_t be64_read(const void *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return __builtin_bswap64(v);
}
static inline uint32_t be32_read(const void *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return __builtin_bswap32(v);
}
static inline uint16_t be16_read(const void *p)
{
    uint16_t v;
    memcpy(&v, p, 2);
    return __builtin_bswap16(v);
}
static inline void be64_write(void *p, uint64_t v)
{
    v = __builtin_bswap64(v);
    memcpy(p, &v, 8);
}
static inline void be32_write(void *p, uint32_t v)
{
    v = __builtin_bswap32(v);
    memcpy(p, &v, 4);
}
static inline void be16_write(void *p, uint16_t v)
{
    v = __builtin_bswap16(v);
    memcpy(p, &v, 2);
}

static inline uint64_t offset_into_cluster(const BDRVQcow2State *s, uint64_t offset)
{
    return offset & (s->cluster_size - 1);
}
static inline uint64_t size_to_clusters(const BDRVQcow2State *s, uint64_t size)
{
    return (size + s->cluster_size - 1) >> s->cluster_bits;
}

Qcow2ClusterType qcow2_cluster_type(const BDRVQcow2State *s, uint64_t l2_entry);
/* host range [*coffset, *coffset + *csize) of a compressed cluster */
void qcow2_compressed_range(const BDRVQcow2State *s, uint64_t l2_entry, uint64_t *coffset,
                            uint64_t *csize);

/* qcow2-cache.c: L2 tables and refcount blocks, written back lazily */
Qcow2Cache *qcow2_cache_create(int nb_tables, uint32_t table_size);
void qcow2_cache_destroy(Qcow2Cache *c);
/* the table at offset, read from disk if not cached; held until qcow2_cache_put */
int qcow2_cache_get(BlockDriverState *bs, Qcow2Cache *c, uint64_t offset, void **table);
/* a new table at offset, zero-filled and dirty, without reading */
int qcow2_cache_get_empty(BlockDriverState *bs, Qcow2Cache *c, uint64_t offset, void **table);
void qcow2_cache_put(Qcow2Cache *c, void **table);
void qcow2_cache_mark_dirty(Qcow2Cache *c, void *table);
bool qcow2_cache_has_dirty(Qcow2Cache *c);
/* write this held table now if dirty */
int qcow2_cache_write_table(BlockDriverState *bs, Qcow2Cache *c, void *table);
/* write every dirty table (no fdatasync) */
int qcow2_cache_write(BlockDriverState *bs, Qcow2Cache *c);
/* forget the table at offset (its cluster was freed), dirty or not */
void qcow2_cache_discard(Qcow2Cache *c, uint64_t offset);

/* qcow2-refcount.c */
/* entry i of a refcount block of 2^refcount_order-bit entries */
uint64_t qcow2_refblock_get(int refcount_order, const void *block, uint64_t i);
void qcow2_refblock_set(int refcount_order, void *block, uint64_t i, uint64_t v);
int qcow2_get_refcount(BlockDriverState *bs, uint64_t cluster_index, uint64_t *refcount);
/* add addend to the refcount of every cluster touching [offset, offset + length) */
int qcow2_update_refcount(BlockDriverState *bs, uint64_t offset, uint64_t length, int64_t addend);
int qcow2_set_refcount(BlockDriverState *bs, uint64_t cluster_index, uint64_t value);
/* nb contiguous free clusters with refcount 1, or -errno */
int64_t qcow2_alloc_clusters(BlockDriverState *bs, uint64_t nb);
/* room for a compressed cluster of size bytes (< cluster size), or -errno */
int64_t qcow2_alloc_bytes(BlockDriverState *bs, uint32_t size);
/* lower the refcount of these clusters once the tables are on disk */
void qcow2_free_deferred(BlockDriverState *bs, uint64_t offset, uint64_t length);
void qcow2_free_l2_entry_deferred(BlockDriverState *bs, uint64_t l2_entry);
int qcow2_apply_pending_frees(BlockDriverState *bs);
/* so many frees wait that the metadata should be flushed */
bool qcow2_pending_frees_full(BlockDriverState *bs);
/* refcount blocks to disk, with an fdatasync, before tables that need them */
int qcow2_sync_refcounts(BlockDriverState *bs);
int qcow2_load_refcount_table(BlockDriverState *bs, char **errp);

/* qcow2-cluster.c */
/* the L2 table holding guest offset's entry (NULL: none yet) and the index in it */
int qcow2_get_l2_entries(BlockDriverState *bs, uint64_t offset, uint64_t **l2_table,
                         uint32_t *l2_index);
/* the L2 table for guest offset, made writable (allocated or copied) */
int qcow2_get_l2_for_write(BlockDriverState *bs, uint64_t offset, uint64_t **l2_table,
                           uint32_t *l2_index);
void qcow2_l1_set(BlockDriverState *bs, uint32_t index, uint64_t entry);
int qcow2_write_l1(BlockDriverState *bs);
int qcow2_grow_l1(BlockDriverState *bs, uint64_t min_size);

/* qcow2-rw.c */
int qcow2_preadv(BlockDriverState *bs, uint64_t offset, uint64_t bytes, QEMUIOVector *qiov,
                 size_t qoff);
int qcow2_pwritev(BlockDriverState *bs, uint64_t offset, uint64_t bytes, QEMUIOVector *qiov,
                  size_t qoff);
int qcow2_pwrite_compressed(BlockDriverState *bs, uint64_t offset, const void *buf);
int qcow2_block_status(BlockDriverState *bs, uint64_t offset, uint64_t bytes, uint64_t *pnum,
                       bool *allocated);
int qcow2_make_empty(BlockDriverState *bs);

/* qcow2-compress.c: raw deflate, window 2^12, as QEMU */
/* decompress src into a whole cluster; -EIO if it does not fill it exactly */
int qcow2_decompress(void *dest, size_t dest_size, const void *src, size_t src_size);
/* compressed size, or -ENOSPC if not smaller than dest_size */
ssize_t qcow2_compress(void *dest, size_t dest_size, const void *src, size_t src_size);

/* qcow2-snapshot.c */
int qcow2_read_snapshots(BlockDriverState *bs, int64_t file_size, char **errp);
void qcow2_free_snapshots(BDRVQcow2State *s);
int qcow2_snapshot_list(BlockDriverState *bs, BdrvSnapshotInfo **list);

/* qcow2-check.c */
int qcow2_check(BlockDriverState *bs, BdrvCheckResult *res, int fix);

/* qcow2-create.c */
int qcow2_create(BlockDriverState *file, const BlockCreateOptions *opts, char **errp);

/* qcow2.c */
int qcow2_update_header_field(BlockDriverState *bs, uint32_t field, const void *data, size_t len);
int qcow2_flush(BlockDriverState *bs);
/* write the dirty bit (lazy refcounts) before the first metadata change */
int qcow2_mark_dirty(BlockDriverState *bs);

#endif
