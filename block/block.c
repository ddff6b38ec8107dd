/*
 * Block nodes: opening an image (the file protocol, then a format named or
 * probed, then its backing chain), the generic request entry points, and
 * image creation. Drivers live in their own files (block_int.h).
 */
#include "qemu/osdep.h"
#include "qemu/errp.h"
#include "block/block_int.h"

static const BlockDriver *const formats[] = { &bdrv_raw, &bdrv_qcow2 };

#define PROBE_BYTES 2048

const BlockDriver *bdrv_find_format(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(formats); i++) {
        if (!strcmp(formats[i]->format_name, name)) {
            return formats[i];
        }
    }
    return NULL;
}

static BlockDriverState *bdrv_new(const BlockDriver *drv, const char *filename, int flags)
{
    BlockDriverState *bs = qemu_mallocz(sizeof(*bs));

    bs->drv = drv;
    bs->opaque = drv->instance_size ? qemu_mallocz(drv->instance_size) : NULL;
    snprintf(bs->filename, sizeof(bs->filename), "%s", filename);
    bs->open_flags = flags;
    bs->read_only = !(flags & BDRV_O_RDWR);
    return bs;
}

void bdrv_close(BlockDriverState *bs)
{
    if (!bs) {
        return;
    }
    if (bs->drv->close) {
        bs->drv->close(bs);
    }
    bdrv_close(bs->backing);
    bdrv_close(bs->file);
    free(bs->opaque);
    free(bs);
}

static const BlockDriver *bdrv_probe(BlockDriverState *file)
{
    uint8_t buf[PROBE_BYTES];
    const BlockDriver *best = &bdrv_raw;
    int best_score = 0;

    if (bdrv_pread(file, 0, buf, sizeof(buf)) < 0) {
        return &bdrv_raw;
    }
    for (size_t i = 0; i < ARRAY_SIZE(formats); i++) {
        int score = formats[i]->probe(buf, sizeof(buf));
        if (score > best_score) {
            best = formats[i];
            best_score = score;
        }
    }
    return best;
}

BlockDriverState *bdrv_open_format(BlockDriverState *file, const BlockDriver *drv, int flags,
                                   char **errp)
{
    BlockDriverState *bs = bdrv_new(drv, file->filename, flags);
    char *err = NULL;

    bs->file = file;
    int ret = drv->open(bs, flags, &err);
    if (ret < 0) {
        error_setg(errp, "Could not open '%s': %s", file->filename,
                   err ? err : strerror(-ret));
        free(err);
        bdrv_close(bs);
        return NULL;
    }
    return bs;
}

void bdrv_backing_path(BlockDriverState *bs, char *out, size_t size)
{
    const char *slash = strrchr(bs->filename, '/');

    if (bs->backing_file[0] == '/' || !slash) {
        snprintf(out, size, "%s", bs->backing_file);
    } else {
        snprintf(out, size, "%.*s%s", (int)(slash - bs->filename + 1), bs->filename,
                 bs->backing_file);
    }
}

static BlockDriverState *bdrv_open_depth(const char *filename, const char *format, int flags,
                                         int depth, char **errp);

int bdrv_open_backing(BlockDriverState *bs, int flags, int depth, char **errp)
{
    char path[PATH_MAX];
    char *err = NULL;

    if (!bs->backing_file[0]) {
        return 0;
    }
    if (depth >= BDRV_MAX_BACKING_DEPTH) {
        error_setg(errp, "Could not open '%s': backing file chain too deep (a loop?)",
                   bs->filename);
        return -ELOOP;
    }
    bdrv_backing_path(bs, path, sizeof(path));
    /* backing files are only read; probing one as raw is no danger */
    int bflags = (flags & (BDRV_O_NOCACHE | BDRV_O_NO_FLUSH | BDRV_O_NO_LOCK)) | BDRV_O_NO_WARN;
    bs->backing = bdrv_open_depth(path, bs->backing_format[0] ? bs->backing_format : NULL,
                                  bflags, depth + 1, &err);
    if (!bs->backing) {
        error_setg(errp, "Could not open backing file: %s", err);
        free(err);
        return -ENOENT;
    }
    return 0;
}

static BlockDriverState *bdrv_open_depth(const char *filename, const char *format, int flags,
                                         int depth, char **errp)
{
    const BlockDriver *drv = NULL;

    if (format) {
        drv = bdrv_find_format(format);
        if (!drv) {
            error_setg(errp, "Unknown driver '%s'", format);
            return NULL;
        }
    }
    BlockDriverState *file = bdrv_new(&bdrv_file, filename, flags);
    if (bdrv_file.open(file, flags, errp) < 0) {
        bdrv_close(file);
        return NULL;
    }
    if (!drv) {
        drv = bdrv_probe(file);
        if (drv == &bdrv_raw) {
            flags |= BDRV_O_PROBED_RAW;
            if ((flags & BDRV_O_RDWR) && !(flags & BDRV_O_NO_WARN)) {
                fprintf(stderr,
                        "WARNING: Image format was not specified for '%s' and probing guessed raw.\n"
                        "         Automatically detecting the format is dangerous for raw images, "
                        "write operations on block 0 will be restricted.\n"
                        "         Specify the 'raw' format explicitly to remove the restrictions.\n",
                        filename);
            }
        }
    }
    BlockDriverState *bs = bdrv_open_format(file, drv, flags, errp);
    if (bs && !(flags & BDRV_O_NO_BACKING) && bdrv_open_backing(bs, flags, depth, errp) < 0) {
        bdrv_close(bs);
        return NULL;
    }
    return bs;
}

BlockDriverState *bdrv_open(const char *filename, const char *format, int flags, char **errp)
{
    return bdrv_open_depth(filename, format, flags, 0, errp);
}

int bdrv_preadv(BlockDriverState *bs, uint64_t offset, uint64_t bytes, QEMUIOVector *qiov,
                size_t qiov_offset)
{
    return bytes ? bs->drv->preadv(bs, offset, bytes, qiov, qiov_offset) : 0;
}

int bdrv_pwritev(BlockDriverState *bs, uint64_t offset, uint64_t bytes, QEMUIOVector *qiov,
                 size_t qiov_offset)
{
    if (bs->read_only) {
        return -EPERM;
    }
    return bytes ? bs->drv->pwritev(bs, offset, bytes, qiov, qiov_offset) : 0;
}

int bdrv_pread(BlockDriverState *bs, uint64_t offset, void *buf, size_t bytes)
{
    QEMUIOVector qiov;
    qemu_iovec_init_buf(&qiov, buf, bytes);
    return bdrv_preadv(bs, offset, bytes, &qiov, 0);
}

int bdrv_pwrite(BlockDriverState *bs, uint64_t offset, const void *buf, size_t bytes)
{
    QEMUIOVector qiov;
    qemu_iovec_init_buf(&qiov, (void *)buf, bytes);
    return bdrv_pwritev(bs, offset, bytes, &qiov, 0);
}

int bdrv_flush(BlockDriverState *bs)
{
    if (bs->read_only || !bs->drv->flush) {
        return 0;
    }
    return bs->drv->flush(bs);
}

int64_t bdrv_getlength(BlockDriverState *bs)
{
    return bs->drv->getlength(bs);
}

int bdrv_truncate(BlockDriverState *bs, int64_t size, bool shrink, char **errp)
{
    if (bs->read_only) {
        error_setg(errp, "Image '%s' is read-only", bs->filename);
        return -EPERM;
    }
    if (!bs->drv->truncate) {
        error_setg(errp, "Image format '%s' cannot be resized", bs->drv->format_name);
        return -ENOTSUP;
    }
    return bs->drv->truncate(bs, size, shrink, errp);
}

int bdrv_block_status(BlockDriverState *bs, uint64_t offset, uint64_t bytes, uint64_t *pnum,
                      bool *allocated)
{
    if (!bs->drv->block_status) {
        *pnum = bytes;
        *allocated = true;
        return 0;
    }
    return bs->drv->block_status(bs, offset, bytes, pnum, allocated);
}

int bdrv_read_backing(BlockDriverState *bs, uint64_t offset, uint64_t bytes, QEMUIOVector *qiov,
                      size_t qiov_offset)
{
    uint64_t n = 0;

    if (bs->backing) {
        int64_t len = bdrv_getlength(bs->backing);
        if (len < 0) {
            return len;
        }
        if (offset < (uint64_t)len) {
            n = MIN(bytes, (uint64_t)len - offset);
            int ret = bdrv_preadv(bs->backing, offset, n, qiov, qiov_offset);
            if (ret < 0) {
                return ret;
            }
        }
    }
    qemu_iovec_memset(qiov, qiov_offset + n, 0, bytes - n);
    return 0;
}

int bdrv_create(const char *format, const char *filename, const BlockCreateOptions *opts,
                char **errp)
{
    const BlockDriver *drv = bdrv_find_format(format);

    if (!drv || !drv->create) {
        error_setg(errp, "Unknown file format '%s'", format);
        return -EINVAL;
    }
    BlockDriverState *file = file_create(filename, errp);
    if (!file) {
        return -EIO;
    }
    char *err = NULL;
    int ret = drv->create(file, opts, &err);
    if (ret == 0) {
        ret = bdrv_flush(file);
        if (ret < 0) {
            error_setg(&err, "%s", strerror(-ret));
        }
    }
    if (ret < 0) {
        error_setg(errp, "%s: %s", filename, err ? err : strerror(-ret));
        free(err);
    }
    bdrv_close(file);
    return ret;
}
