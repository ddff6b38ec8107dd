/*
 * The qcow2 internal snapshot table: read and checked at open (every
 * offset and length against the file), listed by qemu-img snapshot -l and
 * info, and walked by check. We never change it: clusters a snapshot
 * shares have refcounts above 1 and are copied before any write.
 */
#include "qemu/osdep.h"
#include "qemu/errp.h"
#include "block/qcow2.h"

#define SNAPSHOT_HEADER_SIZE 40
#define SNAPSHOT_MAX_EXTRA 1024
#define SNAPSHOT_TABLE_MAX_BYTES (64 << 20)

void qcow2_free_snapshots(BDRVQcow2State *s)
{
    for (uint32_t i = 0; s->snapshots && i < s->nb_snapshots; i++) {
        free(s->snapshots[i].id_str);
        free(s->snapshots[i].name);
    }
    free(s->snapshots);
    s->snapshots = NULL;
}

static char *read_string(BlockDriverState *bs, uint64_t offset, uint16_t len, int *ret)
{
    char *str = qemu_malloc((size_t)len + 1);
    *ret = bdrv_pread(bs->file, offset, str, len);
    str[len] = 0;
    return str;
}

int qcow2_read_snapshots(BlockDriverState *bs, int64_t file_size, char **errp)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t off = s->snapshots_offset;
    int ret = 0;

    if (!s->nb_snapshots) {
        return 0;
    }
    if (s->nb_snapshots > QCOW2_MAX_SNAPSHOTS) {
        error_setg(errp, "Too many snapshots");
        return -EFBIG;
    }
    if (!off || offset_into_cluster(s, off) || off >= (uint64_t)file_size) {
        error_setg(errp, "Snapshot table offset invalid");
        return -EINVAL;
    }
    s->snapshots = qemu_mallocz(sizeof(Qcow2Snapshot) * s->nb_snapshots);
    /* each snapshot has an L1 table of its own: together they fit in the file,
     * which bounds the work of walking them */
    uint64_t l1_bytes_total = 0;
    for (uint32_t i = 0; i < s->nb_snapshots; i++) {
        Qcow2Snapshot *sn = &s->snapshots[i];
        uint8_t h[SNAPSHOT_HEADER_SIZE], extra[SNAPSHOT_MAX_EXTRA];

        if (off + SNAPSHOT_HEADER_SIZE > (uint64_t)file_size ||
            off - s->snapshots_offset > SNAPSHOT_TABLE_MAX_BYTES) {
            error_setg(errp, "Snapshot table is truncated or too large");
            return -EINVAL;
        }
        ret = bdrv_pread(bs->file, off, h, sizeof(h));
        if (ret < 0) {
            break;
        }
        sn->l1_table_offset = be64_read(h);
        sn->l1_size = be32_read(h + 8);
        uint16_t id_len = be16_read(h + 12), name_len = be16_read(h + 14);
        sn->date_sec = be32_read(h + 16);
        sn->date_nsec = be32_read(h + 20);
        sn->vm_clock_nsec = be64_read(h + 24);
        sn->vm_state_size = be32_read(h + 32);
        uint32_t extra_len = be32_read(h + 36);
        sn->icount = UINT64_MAX;
        off += SNAPSHOT_HEADER_SIZE;
        if (extra_len > SNAPSHOT_MAX_EXTRA) {
            error_setg(errp, "Too much extra metadata in snapshot table entry %u", i);
            return -EFBIG;
        }
        if (off + extra_len + id_len + name_len > (uint64_t)file_size) {
            error_setg(errp, "Snapshot table is truncated");
            return -EINVAL;
        }
        ret = bdrv_pread(bs->file, off, extra, extra_len);
        if (ret < 0) {
            break;
        }
        if (extra_len >= 8) {
            sn->vm_state_size = be64_read(extra);
        }
        if (extra_len >= 24) {
            sn->icount = be64_read(extra + 16);
        }
        off += extra_len;
        sn->id_str = read_string(bs, off, id_len, &ret);
        off += id_len;
        if (ret == 0) {
            sn->name = read_string(bs, off, name_len, &ret);
            off += name_len;
        }
        if (ret < 0) {
            break;
        }
        off = ROUND_UP(off, 8);
        if ((uint64_t)sn->l1_size * 8 > QCOW2_MAX_L1_BYTES) {
            error_setg(errp, "Snapshot L1 table too large");
            return -EFBIG;
        }
        l1_bytes_total += (uint64_t)sn->l1_size * 8;
        if (offset_into_cluster(s, sn->l1_table_offset) ||
            sn->l1_table_offset > (uint64_t)file_size ||
            (uint64_t)sn->l1_size * 8 > (uint64_t)file_size - sn->l1_table_offset ||
            l1_bytes_total > (uint64_t)file_size) {
            error_setg(errp, "Snapshot L1 table offset invalid");
            return -EINVAL;
        }
    }
    if (ret < 0) {
        error_setg(errp, "Could not read the snapshot table: %s", strerror(-ret));
        return ret;
    }
    s->snapshots_size = off - s->snapshots_offset;
    return 0;
}

int qcow2_snapshot_list(BlockDriverState *bs, BdrvSnapshotInfo **list)
{
    BDRVQcow2State *s = bs->opaque;
    BdrvSnapshotInfo *info = qemu_mallocz(sizeof(*info) * (s->nb_snapshots + 1));

    for (uint32_t i = 0; i < s->nb_snapshots; i++) {
        Qcow2Snapshot *sn = &s->snapshots[i];
        snprintf(info[i].id, sizeof(info[i].id), "%s", sn->id_str);
        snprintf(info[i].name, sizeof(info[i].name), "%s", sn->name);
        info[i].vm_state_size = sn->vm_state_size;
        info[i].date_sec = sn->date_sec;
        info[i].date_nsec = sn->date_nsec;
        info[i].vm_clock_nsec = sn->vm_clock_nsec;
        info[i].icount = sn->icount;
    }
    *list = info;
    return s->nb_snapshots;
}
