/*
 * BlockBackend: the block layer as device models see it (include/block/
 * block.h). A backend holds one open image, with a temporary qcow2 overlay
 * on top for -snapshot, or nothing (an empty CD-ROM or floppy drive).
 * Requests are checked against the disk size and complete synchronously;
 * the asynchronous calls run their callback before returning.
 */
#include "qemu/osdep.h"
#include "qemu/errp.h"
#include "block/block_int.h"

struct BlockBackend {
    BlockDriverState *bs;       /* what requests go to: the overlay or the image */
    BlockDriverState *image;    /* the user's image (the overlay's backing with -snapshot) */
    char *filename;
    char *format;               /* as given, NULL: probed */
    int flags;
    int64_t length;
};

BlockBackend *blk_new_empty(void)
{
    return qemu_mallocz(sizeof(BlockBackend));
}

bool blk_is_inserted(BlockBackend *blk)
{
    return blk->bs != NULL;
}

/* the user's image, read-only under a -snapshot overlay */
static BlockDriverState *blk_open_image(const char *filename, const char *format, int flags,
                                        char **errp)
{
    if (flags & BDRV_O_SNAPSHOT) {
        flags &= ~BDRV_O_RDWR;
    }
    return bdrv_open(filename, format, flags & ~BDRV_O_SNAPSHOT, errp);
}

bool blk_insert(BlockBackend *blk, const char *filename, const char *format, int flags,
                char **errp)
{
    BlockDriverState *image, *top;

    blk_eject(blk);
    image = blk_open_image(filename, format, flags, errp);
    if (!image) {
        return false;
    }
    top = image;
    if (flags & BDRV_O_SNAPSHOT) {
        top = bdrv_snapshot_overlay(image, errp);
        if (!top) {
            bdrv_close(image);
            return false;
        }
    }
    int64_t len = bdrv_getlength(top);
    if (len < 0) {
        error_setg(errp, "Could not get the size of '%s': %s", filename, strerror(-len));
        bdrv_close(top);
        return false;
    }
    blk->bs = top;
    blk->image = image;
    blk->filename = qemu_strdup(filename);
    blk->format = format ? qemu_strdup(format) : NULL;
    blk->flags = flags;
    blk->length = len;
    return true;
}

BlockBackend *blk_open(const char *filename, const char *format, int flags, char **errp)
{
    BlockBackend *blk = blk_new_empty();

    if (!blk_insert(blk, filename, format, flags, errp)) {
        free(blk);
        return NULL;
    }
    return blk;
}

void blk_eject(BlockBackend *blk)
{
    if (!blk->bs) {
        return;
    }
    bdrv_flush(blk->bs);
    bdrv_close(blk->bs);
    free(blk->filename);
    free(blk->format);
    *blk = (BlockBackend){ 0 };
}

void blk_close(BlockBackend *blk)
{
    if (blk) {
        blk_eject(blk);
        free(blk);
    }
}

int64_t blk_getlength(BlockBackend *blk)
{
    return blk->bs ? blk->length : -ENOMEDIUM;
}

bool blk_is_read_only(BlockBackend *blk)
{
    return blk->bs ? blk->bs->read_only : !(blk->flags & BDRV_O_RDWR);
}

const char *blk_filename(BlockBackend *blk)
{
    return blk->bs ? blk->filename : "";
}

const char *blk_format_name(BlockBackend *blk)
{
    return blk->image ? blk->image->drv->format_name : "";
}

static int blk_check_request(BlockBackend *blk, int64_t offset, size_t bytes)
{
    if (!blk->bs) {
        return -ENOMEDIUM;
    }
    if (offset < 0 || bytes > (uint64_t)blk->length || offset > blk->length - (int64_t)bytes) {
        return -EIO;
    }
    return 0;
}

static int blk_rw(BlockBackend *blk, bool write, int64_t offset, QEMUIOVector *qiov)
{
    int ret = blk_check_request(blk, offset, qiov->size);

    if (ret < 0) {
        return ret;
    }
    return write ? bdrv_pwritev(blk->bs, offset, qiov->size, qiov, 0)
                 : bdrv_preadv(blk->bs, offset, qiov->size, qiov, 0);
}

int blk_pread(BlockBackend *blk, int64_t offset, void *buf, size_t bytes)
{
    QEMUIOVector qiov;
    qemu_iovec_init_buf(&qiov, buf, bytes);
    return blk_rw(blk, false, offset, &qiov);
}

int blk_pwrite(BlockBackend *blk, int64_t offset, const void *buf, size_t bytes)
{
    QEMUIOVector qiov;
    qemu_iovec_init_buf(&qiov, (void *)buf, bytes);
    return blk_rw(blk, true, offset, &qiov);
}

int blk_preadv(BlockBackend *blk, int64_t offset, const struct iovec *iov, int iovcnt)
{
    QEMUIOVector qiov;
    qemu_iovec_init_external(&qiov, iov, iovcnt);
    return blk_rw(blk, false, offset, &qiov);
}

int blk_pwritev(BlockBackend *blk, int64_t offset, const struct iovec *iov, int iovcnt)
{
    QEMUIOVector qiov;
    qemu_iovec_init_external(&qiov, iov, iovcnt);
    return blk_rw(blk, true, offset, &qiov);
}

int blk_flush(BlockBackend *blk)
{
    return blk->bs ? bdrv_flush(blk->bs) : 0;
}

void blk_aio_preadv(BlockBackend *blk, int64_t offset, const struct iovec *iov, int iovcnt,
                    BlockCompletionFunc *cb, void *opaque)
{
    cb(opaque, blk_preadv(blk, offset, iov, iovcnt));
}

void blk_aio_pwritev(BlockBackend *blk, int64_t offset, const struct iovec *iov, int iovcnt,
                     BlockCompletionFunc *cb, void *opaque)
{
    cb(opaque, blk_pwritev(blk, offset, iov, iovcnt));
}

void blk_aio_flush(BlockBackend *blk, BlockCompletionFunc *cb, void *opaque)
{
    cb(opaque, blk_flush(blk));
}

/*
 * -snapshot's commit: the image is read-only under the overlay, so it is
 * reopened read-write for the copy and read-only again afterwards.
 */
int blk_commit(BlockBackend *blk, char **errp)
{
    BlockDriverState *overlay = blk->bs;
    char *err = NULL;
    int ret;

    if (!overlay || overlay == blk->image) {
        error_setg(errp, "'%s' has no snapshot overlay to commit", blk->bs ? blk->filename : "");
        return -ENOTSUP;
    }
    int flags = blk->flags & ~BDRV_O_SNAPSHOT;
    bdrv_close(blk->image);
    BlockDriverState *rw = bdrv_open(blk->filename, blk->format, flags | BDRV_O_RDWR | BDRV_O_NO_WARN,
                                     &err);
    if (rw) {
        overlay->backing = rw;
        ret = bdrv_commit(overlay, true, errp);
        bdrv_close(rw);
    } else {
        error_setg(errp, "Could not reopen '%s' read-write for the commit: %s", blk->filename, err);
        free(err);
        err = NULL;
        ret = -EACCES;
    }
    blk->image = overlay->backing = blk_open_image(blk->filename, blk->format, blk->flags, &err);
    if (!blk->image) {
        /* the image vanished under us: keep the overlay's data readable */
        error_report("%s", err);
        free(err);
        return ret < 0 ? ret : -EIO;
    }
    return ret;
}
