/*
 * qcow2 consistency check (qemu-img check, and the repair of a dirty image
 * with lazy refcounts): count every reference the tables make (header, L1
 * and L2 tables, data and compressed clusters, snapshots, the refcount
 * structures), compare with the stored refcounts (more stored = leak, less
 * = corruption), check the COPIED flags of the active tables, and repair
 * on request by setting each refcount to what the references say.
 */
#include "qemu/osdep.h"
#include "block/qcow2.h"

typedef struct CheckState {
    BlockDriverState *bs;
    BDRVQcow2State *s;
    BdrvCheckResult *res;
    uint32_t *refs;
    /* per cluster: how many L1 entries point at it as an L2 table, and
     * L2_ACTIVE if the active L1 does (each table is walked only once) */
    uint32_t *l2_refs;
    uint64_t nb;                /* clusters counted in refs (the file's) */
    uint64_t file_clusters;
    uint64_t highest;           /* highest referenced cluster + 1 */
    bool quiet;
} CheckState;

#define L2_ACTIVE (1u << 31)

#define report(cs, ...) do { if (!(cs)->quiet) fprintf(stderr, __VA_ARGS__); } while (0)

static void add_refs(CheckState *cs, uint64_t offset, uint64_t length, uint32_t count)
{
    BDRVQcow2State *s = cs->s;

    if (!length) {
        return;
    }
    uint64_t last = (offset + length - 1) >> s->cluster_bits;
    for (uint64_t c = offset >> s->cluster_bits; c <= last; c++) {
        if (c >= cs->file_clusters) {
            report(cs, "ERROR offset=%" PRIx64 ": cluster is beyond the end of the image\n",
                   c << s->cluster_bits);
            cs->res->corruptions++;
            return;
        }
        cs->refs[c] = cs->refs[c] > UINT32_MAX - count ? UINT32_MAX : cs->refs[c] + count;
        cs->highest = MAX(cs->highest, c + 1);
    }
}

static void inc_refs(CheckState *cs, uint64_t offset, uint64_t length)
{
    add_refs(cs, offset, length, 1);
}

static uint64_t table_entry(const uint64_t *table, uint32_t i)
{
    return __builtin_bswap64(table[i]);
}

/* the clusters an L2 table points at, counted once per L1 entry pointing at the table */
static int check_l2(CheckState *cs, uint64_t l2_offset, uint32_t count, bool active)
{
    BDRVQcow2State *s = cs->s;
    uint64_t *table, prev = 0;

    int ret = qcow2_cache_get(cs->bs, s->l2_cache, l2_offset, (void **)&table);
    if (ret < 0) {
        return ret;
    }
    for (uint32_t i = 0; i < s->l2_size; i++) {
        uint64_t e = table_entry(table, i), coffset, csize, off = e & L2E_OFFSET_MASK;
        switch (qcow2_cluster_type(s, e)) {
        case QCOW2_CLUSTER_COMPRESSED:
            if (e & QCOW_OFLAG_COPIED) {
                report(cs, "ERROR: coffset=0x%" PRIx64 ": copied flag must never be set for "
                       "compressed clusters\n", e & s->cluster_offset_mask);
                cs->res->corruptions++;
            }
            qcow2_compressed_range(s, e, &coffset, &csize);
            add_refs(cs, coffset, csize, count);
            if (active) {
                /* sub-cluster data is fragmented by nature (QEMU counts it so) */
                cs->res->allocated_clusters++;
                cs->res->compressed_clusters++;
                cs->res->fragmented_clusters++;
            }
            break;
        case QCOW2_CLUSTER_NORMAL:
        case QCOW2_CLUSTER_ZERO_ALLOC:
            if (offset_into_cluster(s, off)) {
                report(cs, "ERROR offset=%" PRIx64 ": Cluster is not properly aligned; L2 entry "
                       "corrupted.\n", off);
                cs->res->corruptions++;
                break;
            }
            add_refs(cs, off, s->cluster_size, count);
            if (active) {
                cs->res->allocated_clusters++;
                if (prev && off != prev + s->cluster_size) {
                    cs->res->fragmented_clusters++;
                }
                prev = off;
            }
            break;
        default:
            break;
        }
    }
    qcow2_cache_put(s->l2_cache, (void **)&table);
    return 0;
}

/* count the L1 table and note the L2 tables it points at */
static int check_l1(CheckState *cs, uint64_t l1_offset, uint32_t l1_size, const uint64_t *l1,
                    bool active)
{
    BDRVQcow2State *s = cs->s;

    inc_refs(cs, l1_offset, (uint64_t)l1_size * 8);
    for (uint32_t i = 0; i < l1_size; i++) {
        uint64_t l2_offset = l1[i] & L1E_OFFSET_MASK;
        if (!l2_offset) {
            continue;
        }
        if (offset_into_cluster(s, l2_offset)) {
            report(cs, "ERROR l2_offset=%" PRIx64 ": Table is not cluster aligned; L1 entry "
                   "corrupted\n", l2_offset);
            cs->res->corruptions++;
            continue;
        }
        if (l2_offset >= cs->file_clusters << s->cluster_bits) {
            report(cs, "ERROR l2_offset=%" PRIx64 ": L2 table is beyond the end of the image\n",
                   l2_offset);
            cs->res->corruptions++;
            continue;
        }
        inc_refs(cs, l2_offset, s->cluster_size);
        uint32_t *r = &cs->l2_refs[l2_offset >> s->cluster_bits];
        if ((*r & ~L2_ACTIVE) < L2_ACTIVE - 1) {
            (*r)++;
        }
        *r |= active ? L2_ACTIVE : 0;
    }
    return 0;
}

static int check_l2_tables(CheckState *cs)
{
    for (uint64_t c = 0; c < cs->nb; c++) {
        uint32_t r = cs->l2_refs[c];
        if (r) {
            int ret = check_l2(cs, c << cs->s->cluster_bits, r & ~L2_ACTIVE, r & L2_ACTIVE);
            if (ret < 0) {
                return ret;
            }
        }
    }
    return 0;
}

static int check_snapshots(CheckState *cs)
{
    BDRVQcow2State *s = cs->s;

    inc_refs(cs, s->snapshots_offset, s->snapshots_size);
    for (uint32_t i = 0; i < s->nb_snapshots; i++) {
        Qcow2Snapshot *sn = &s->snapshots[i];
        uint64_t *l1 = qemu_malloc((size_t)sn->l1_size * 8 + 8);
        int ret = bdrv_pread(cs->bs->file, sn->l1_table_offset, l1, (size_t)sn->l1_size * 8);
        for (uint32_t j = 0; j < sn->l1_size; j++) {
            l1[j] = __builtin_bswap64(l1[j]);
        }
        if (ret == 0) {
            ret = check_l1(cs, sn->l1_table_offset, sn->l1_size, l1, false);
        }
        free(l1);
        if (ret < 0) {
            return ret;
        }
    }
    return 0;
}

static void check_refcount_structures(CheckState *cs)
{
    BDRVQcow2State *s = cs->s;

    inc_refs(cs, s->refcount_table_offset, (uint64_t)s->refcount_table_size * 8);
    for (uint32_t i = 0; i < s->refcount_table_size; i++) {
        uint64_t off = s->refcount_table[i] & REFT_OFFSET_MASK;
        if (!off) {
            continue;
        }
        if (offset_into_cluster(s, off)) {
            report(cs, "ERROR refcount block %u is not cluster aligned; refcount table entry "
                   "corrupted\n", i);
            cs->res->corruptions++;
            s->refcount_table[i] = 0;   /* in memory only: do not read it below */
            continue;
        }
        if (off >= cs->file_clusters << s->cluster_bits) {
            report(cs, "ERROR refcount block %u is outside image\n", i);
            cs->res->corruptions++;
            continue;
        }
        inc_refs(cs, off, s->cluster_size);
    }
}

static int compare_cluster(CheckState *cs, uint64_t c, int fix)
{
    uint64_t stored;
    uint64_t want = c < cs->nb ? cs->refs[c] : 0;
    int ret = qcow2_get_refcount(cs->bs, c, &stored);

    if (ret < 0) {
        report(cs, "ERROR cluster %" PRIu64 ": cannot read its refcount\n", c);
        cs->res->check_errors++;
        return 0;
    }
    if (stored == want) {
        return 0;
    }
    bool leak = stored > want;
    bool repair = leak ? (fix & BDRV_FIX_LEAKS) : (fix & BDRV_FIX_ERRORS);
    report(cs, "%s cluster %" PRIu64 " refcount=%" PRIu64 " reference=%" PRIu64 "\n",
           repair ? "Repairing" : leak ? "Leaked" : "ERROR", c, stored, want);
    if (repair && qcow2_set_refcount(cs->bs, c, want) == 0) {
        if (leak) {
            cs->res->leaks_fixed++;
        } else {
            cs->res->corruptions_fixed++;
        }
    } else if (leak) {
        cs->res->leaks++;
    } else {
        cs->res->corruptions++;
    }
    return 0;
}

/* the active tables' COPIED flags must say "refcount is 1" */
static int check_copied_flags(CheckState *cs, int fix)
{
    BDRVQcow2State *s = cs->s;
    bool repair = fix & BDRV_FIX_ERRORS;

    uint8_t *seen = qemu_mallocz(cs->nb + 1);

    for (uint32_t i = 0; i < s->l1_size; i++) {
        uint64_t l1e = s->l1_table[i], l2_offset = l1e & L1E_OFFSET_MASK, rc;
        uint64_t *table;
        if (!l2_offset || offset_into_cluster(s, l2_offset) ||
            (l2_offset >> s->cluster_bits) >= cs->nb ||
            qcow2_get_refcount(cs->bs, l2_offset >> s->cluster_bits, &rc) < 0) {
            continue;
        }
        if ((rc == 1) != !!(l1e & QCOW_OFLAG_COPIED)) {
            report(cs, "%s OFLAG_COPIED L2 cluster: l1_index=%u l1_entry=%" PRIx64
                   " refcount=%" PRIu64 "\n", repair ? "Repairing" : "ERROR", i, l1e, rc);
            if (repair) {
                qcow2_l1_set(cs->bs, i, rc == 1 ? l1e | QCOW_OFLAG_COPIED : l1e & ~QCOW_OFLAG_COPIED);
                cs->res->corruptions_fixed++;
            } else {
                cs->res->corruptions++;
            }
        }
        /* a table two L1 entries share is looked at once */
        if (seen[l2_offset >> s->cluster_bits]++ ||
            qcow2_cache_get(cs->bs, s->l2_cache, l2_offset, (void **)&table) < 0) {
            continue;
        }
        for (uint32_t j = 0; j < s->l2_size; j++) {
            uint64_t e = table_entry(table, j);
            Qcow2ClusterType type = qcow2_cluster_type(s, e);
            if ((type != QCOW2_CLUSTER_NORMAL && type != QCOW2_CLUSTER_ZERO_ALLOC) ||
                offset_into_cluster(s, e & L2E_OFFSET_MASK) ||
                qcow2_get_refcount(cs->bs, (e & L2E_OFFSET_MASK) >> s->cluster_bits, &rc) < 0) {
                continue;
            }
            if ((rc == 1) != !!(e & QCOW_OFLAG_COPIED)) {
                report(cs, "%s OFLAG_COPIED data cluster: l2_entry=%" PRIx64 " refcount=%" PRIu64
                       "\n", repair ? "Repairing" : "ERROR", e, rc);
                if (repair) {
                    e = rc == 1 ? e | QCOW_OFLAG_COPIED : e & ~QCOW_OFLAG_COPIED;
                    table[j] = __builtin_bswap64(e);
                    qcow2_cache_mark_dirty(s->l2_cache, table);
                    cs->res->corruptions_fixed++;
                } else {
                    cs->res->corruptions++;
                }
            }
        }
        qcow2_cache_put(s->l2_cache, (void **)&table);
    }
    free(seen);
    return 0;
}

/* refcounts recorded past the end of the file can only be leaks */
static void check_refcounts_past_end(CheckState *cs, uint64_t table_size, int fix)
{
    BDRVQcow2State *s = cs->s;
    uint64_t cpb = 1ull << s->refcount_block_bits;

    for (uint64_t rt = cs->nb / cpb; rt < table_size; rt++) {
        uint64_t off = s->refcount_table[rt] & REFT_OFFSET_MASK;
        uint64_t first = MAX(rt * cpb, cs->nb);
        void *block;
        /* blocks outside the file read as zeros: nothing recorded there */
        if (!off || (off >> s->cluster_bits) >= cs->nb ||
            qcow2_cache_get(cs->bs, s->refcount_cache, off, &block) < 0) {
            continue;
        }
        uint64_t *nonzero = qemu_malloc(cpb * sizeof(uint64_t));
        uint64_t n = 0;
        for (uint64_t c = first; c < (rt + 1) * cpb; c++) {
            if (qcow2_refblock_get(s->refcount_order, block, c - rt * cpb)) {
                nonzero[n++] = c;
            }
        }
        qcow2_cache_put(s->refcount_cache, &block);
        for (uint64_t i = 0; i < n; i++) {
            compare_cluster(cs, nonzero[i], fix);
        }
        free(nonzero);
    }
}

static int check_pass(BlockDriverState *bs, BdrvCheckResult *res, int fix, bool quiet)
{
    BDRVQcow2State *s = bs->opaque;
    int64_t file_size = bdrv_getlength(bs->file);
    CheckState cs = { .bs = bs, .s = s, .res = res, .quiet = quiet };
    int ret;

    if (file_size < 0) {
        return file_size;
    }
    memset(res, 0, sizeof(*res));
    cs.file_clusters = size_to_clusters(s, file_size);
    cs.nb = cs.file_clusters;
    cs.refs = qemu_mallocz(cs.nb * sizeof(uint32_t) + 4);
    cs.l2_refs = qemu_mallocz(cs.nb * sizeof(uint32_t) + 4);
    res->total_clusters = size_to_clusters(s, s->size);

    inc_refs(&cs, 0, s->cluster_size);
    ret = check_l1(&cs, s->l1_table_offset, s->l1_size, s->l1_table, true);
    if (ret == 0) {
        ret = check_snapshots(&cs);
    }
    if (ret == 0) {
        ret = check_l2_tables(&cs);
    }
    free(cs.l2_refs);
    if (ret < 0) {
        free(cs.refs);
        return ret;
    }
    check_refcount_structures(&cs);

    /* repairs must not allocate clusters the tables use */
    if (fix) {
        s->repair_refs = cs.refs;
        s->repair_nb_clusters = cs.nb;
    }
    uint64_t table_size = s->refcount_table_size;  /* a repair may grow it */
    for (uint64_t c = 0; c < cs.nb; c++) {
        compare_cluster(&cs, c, fix);
    }
    check_refcounts_past_end(&cs, table_size, fix);
    check_copied_flags(&cs, fix);
    res->image_end_offset = (int64_t)cs.highest << s->cluster_bits;
    if (fix && !bs->read_only) {
        ret = qcow2_flush(bs);
    }
    s->repair_refs = NULL;
    s->repair_nb_clusters = 0;
    free(cs.refs);
    return ret;
}

int qcow2_check(BlockDriverState *bs, BdrvCheckResult *res, int fix)
{
    bool quiet = fix & BDRV_FIX_QUIET;
    int ret;

    fix &= BDRV_FIX_LEAKS | BDRV_FIX_ERRORS;
    if (bs->read_only) {
        fix = 0;
    } else {
        ret = qcow2_flush(bs);
        if (ret < 0) {
            return ret;
        }
    }
    ret = check_pass(bs, res, fix, quiet);
    if (ret < 0 || !(res->leaks_fixed || res->corruptions_fixed)) {
        return ret;
    }
    /* count again what the repaired image looks like */
    BdrvCheckResult fixed = *res;
    ret = check_pass(bs, res, 0, true);
    res->leaks_fixed = fixed.leaks_fixed;
    res->corruptions_fixed = fixed.corruptions_fixed;
    return ret;
}
