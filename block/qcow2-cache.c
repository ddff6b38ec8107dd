/*
 * A write-back cache of qcow2 metadata tables (L2 tables, refcount blocks),
 * each one cluster. Tables are written when evicted or on flush; an L2
 * table is written only after the refcount blocks it depends on are on disk
 * (qcow2_sync_refcounts), which keeps a killed image free of corruption.
 */
#include "qemu/osdep.h"
#include "block/qcow2.h"

typedef struct CacheEntry {
    uint64_t offset;        /* 0: unused (cluster 0 is the header, never a table) */
    bool dirty;
    int ref;
    uint64_t lru;
} CacheEntry;

struct Qcow2Cache {
    CacheEntry *entries;
    uint8_t *tables;
    int nb;
    uint32_t table_size;
    uint64_t lru_counter;
    int last_hit;
};

Qcow2Cache *qcow2_cache_create(int nb_tables, uint32_t table_size)
{
    Qcow2Cache *c = qemu_mallocz(sizeof(*c));

    c->nb = nb_tables;
    c->table_size = table_size;
    c->entries = qemu_mallocz(sizeof(CacheEntry) * nb_tables);
    c->tables = qemu_malloc((size_t)nb_tables * table_size);
    return c;
}

void qcow2_cache_destroy(Qcow2Cache *c)
{
    if (c) {
        free(c->entries);
        free(c->tables);
        free(c);
    }
}

static void *table_of(Qcow2Cache *c, int i)
{
    return c->tables + (size_t)i * c->table_size;
}

static int entry_write(BlockDriverState *bs, Qcow2Cache *c, int i)
{
    BDRVQcow2State *s = bs->opaque;
    CacheEntry *e = &c->entries[i];

    if (!e->dirty) {
        return 0;
    }
    if (c == s->l2_cache) {
        int ret = qcow2_sync_refcounts(bs);
        if (ret < 0) {
            return ret;
        }
    } else {
        s->refcounts_unsynced = true;
    }
    int ret = bdrv_pwrite(bs->file, e->offset, table_of(c, i), c->table_size);
    if (ret < 0) {
        return ret;
    }
    if ((int64_t)(e->offset + c->table_size) > s->file_end) {
        s->file_end = e->offset + c->table_size;
    }
    e->dirty = false;
    return 0;
}

int qcow2_cache_write(BlockDriverState *bs, Qcow2Cache *c)
{
    for (int i = 0; i < c->nb; i++) {
        int ret = entry_write(bs, c, i);
        if (ret < 0) {
            return ret;
        }
    }
    return 0;
}

bool qcow2_cache_has_dirty(Qcow2Cache *c)
{
    for (int i = 0; i < c->nb; i++) {
        if (c->entries[i].dirty) {
            return true;
        }
    }
    return false;
}

static int cache_find(Qcow2Cache *c, uint64_t offset)
{
    if (c->entries[c->last_hit].offset == offset) {
        return c->last_hit;
    }
    for (int i = 0; i < c->nb; i++) {
        if (c->entries[i].offset == offset) {
            return i;
        }
    }
    return -1;
}

/* a slot for a new table: an unused one, or the least recently used unheld one */
static int cache_victim(BlockDriverState *bs, Qcow2Cache *c)
{
    int best = -1;

    for (int i = 0; i < c->nb; i++) {
        if (c->entries[i].ref) {
            continue;
        }
        if (!c->entries[i].offset) {
            return i;
        }
        if (best < 0 || c->entries[i].lru < c->entries[best].lru) {
            best = i;
        }
    }
    if (best < 0) {
        return -ENOSPC;
    }
    int ret = entry_write(bs, c, best);
    if (ret < 0) {
        return ret;
    }
    c->entries[best].offset = 0;
    return best;
}

static int cache_get(BlockDriverState *bs, Qcow2Cache *c, uint64_t offset, void **table,
                     bool read_from_disk)
{
    if (!offset) {
        return -EIO;    /* the header cluster: a corrupt table pointer */
    }
    int i = cache_find(c, offset);

    if (i < 0) {
        i = cache_victim(bs, c);
        if (i < 0) {
            return i;
        }
        if (read_from_disk) {
            int ret = bdrv_pread(bs->file, offset, table_of(c, i), c->table_size);
            if (ret < 0) {
                return ret;
            }
        }
        c->entries[i].offset = offset;
        c->entries[i].dirty = false;
    }
    if (!read_from_disk) {
        memset(table_of(c, i), 0, c->table_size);
        c->entries[i].dirty = true;
    }
    c->entries[i].ref++;
    c->entries[i].lru = ++c->lru_counter;
    c->last_hit = i;
    *table = table_of(c, i);
    return 0;
}

int qcow2_cache_get(BlockDriverState *bs, Qcow2Cache *c, uint64_t offset, void **table)
{
    return cache_get(bs, c, offset, table, true);
}

int qcow2_cache_get_empty(BlockDriverState *bs, Qcow2Cache *c, uint64_t offset, void **table)
{
    return cache_get(bs, c, offset, table, false);
}

static int index_of(Qcow2Cache *c, void *table)
{
    int i = ((uint8_t *)table - c->tables) / c->table_size;
    assert(i >= 0 && i < c->nb);
    return i;
}

void qcow2_cache_put(Qcow2Cache *c, void **table)
{
    int i = index_of(c, *table);
    assert(c->entries[i].ref > 0);
    c->entries[i].ref--;
    *table = NULL;
}

int qcow2_cache_write_table(BlockDriverState *bs, Qcow2Cache *c, void *table)
{
    return entry_write(bs, c, index_of(c, table));
}

void qcow2_cache_mark_dirty(Qcow2Cache *c, void *table)
{
    c->entries[index_of(c, table)].dirty = true;
}

void qcow2_cache_discard(Qcow2Cache *c, uint64_t offset)
{
    int i = cache_find(c, offset);
    if (i >= 0 && !c->entries[i].ref) {
        c->entries[i].offset = 0;
        c->entries[i].dirty = false;
    }
}
