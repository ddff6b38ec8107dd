/*
 * The raw format: the guest disk is the file, byte for byte. When raw was
 * only guessed by probing, writes that would make block 0 look like another
 * format are refused, as QEMU does, so a guest cannot turn its disk into a
 * qcow2 header pointing at host files.
 */
#include "qemu/osdep.h"
#include "qemu/errp.h"
#include "block/block_int.h"

static int raw_probe(const uint8_t *buf, size_t len)
{
    return 1;   /* anything is raw, as a last resort */
}

static int raw_open(BlockDriverState *bs, int flags, char **errp)
{
    return 0;
}

static int raw_preadv(BlockDriverState *bs, uint64_t offset, uint64_t bytes, QEMUIOVector *qiov,
                      size_t qoff)
{
    return bdrv_preadv(bs->file, offset, bytes, qiov, qoff);
}

/* would this write make block 0 look like another format (e.g. a qcow2 header)? */
static bool raw_write_changes_format(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                                     QEMUIOVector *qiov, size_t qoff)
{
    uint8_t block0[BDRV_SECTOR_SIZE];
    size_t n = MIN(bytes, BDRV_SECTOR_SIZE - offset);

    if ((offset || n < BDRV_SECTOR_SIZE) && bdrv_pread(bs->file, 0, block0, sizeof(block0)) < 0) {
        return true;
    }
    qemu_iovec_to_buf(qiov, qoff, block0 + offset, n);
    return bdrv_qcow2.probe(block0, sizeof(block0)) > 1;
}

static int raw_pwritev(BlockDriverState *bs, uint64_t offset, uint64_t bytes, QEMUIOVector *qiov,
                       size_t qoff)
{
    if ((bs->open_flags & BDRV_O_PROBED_RAW) && offset < BDRV_SECTOR_SIZE &&
        raw_write_changes_format(bs, offset, bytes, qiov, qoff)) {
        return -EPERM;
    }
    return bdrv_pwritev(bs->file, offset, bytes, qiov, qoff);
}

static int raw_flush(BlockDriverState *bs)
{
    return bdrv_flush(bs->file);
}

static int64_t raw_getlength(BlockDriverState *bs)
{
    return bdrv_getlength(bs->file);
}

static int raw_truncate(BlockDriverState *bs, int64_t size, bool shrink, char **errp)
{
    int64_t len = bdrv_getlength(bs->file);

    if (len >= 0 && size < len && !shrink) {
        error_setg(errp, "Use the --shrink option to perform a shrink operation.");
        return -EINVAL;
    }
    return bdrv_truncate(bs->file, size, shrink, errp);
}

static int raw_create(BlockDriverState *file, const BlockCreateOptions *opts, char **errp)
{
    if (opts->backing_file) {
        error_setg(errp, "'raw' does not support backing files");
        return -ENOTSUP;
    }
    return bdrv_truncate(file, opts->size, true, errp);
}

const BlockDriver bdrv_raw = {
    .format_name = "raw",
    .probe = raw_probe,
    .open = raw_open,
    .preadv = raw_preadv,
    .pwritev = raw_pwritev,
    .flush = raw_flush,
    .getlength = raw_getlength,
    .truncate = raw_truncate,
    .create = raw_create,
};
