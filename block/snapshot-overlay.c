/*
 * -snapshot's temporary overlay, and commit (writing an overlay's clusters
 * down into its backing image: the monitor's `commit`, `qemu-img commit`).
 * The overlay file is unlinked as soon as it exists, so it disappears when
 * the process ends, however it ends.
 */
#include "qemu/osdep.h"
#include "qemu/errp.h"
#include "block/block_int.h"
#include <unistd.h>
#include <fcntl.h>

#define COMMIT_CHUNK (1 << 20)

BlockDriverState *bdrv_snapshot_overlay(BlockDriverState *base, char **errp)
{
    const char *dir = getenv("TMPDIR");
    char path[PATH_MAX];
    char *err = NULL;

    if (!dir || !*dir) {
        dir = "/var/tmp";
    }
    snprintf(path, sizeof(path), "%s/vl.XXXXXX", dir);
    int fd = mkostemp(path, O_CLOEXEC);
    if (fd < 0) {
        error_setg(errp, "Could not create the -snapshot overlay in %s: %s", dir, strerror(errno));
        return NULL;
    }
    unlink(path);

    /* nobody else can open an unlinked file: no locks; a throw-away file needs no flushes */
    int flags = BDRV_O_RDWR | BDRV_O_NO_FLUSH | BDRV_O_NO_LOCK | BDRV_O_NO_BACKING;
    BlockDriverState *file = bdrv_file_open_fd(fd, path, flags, errp);
    if (!file) {
        return NULL;
    }
    int64_t size = bdrv_getlength(base);
    BlockCreateOptions opts = {
        .size = size < 0 ? 0 : size,
        .backing_file = base->filename,
        .backing_format = base->drv->format_name,
    };
    if (size < 0 || bdrv_qcow2.create(file, &opts, &err) < 0) {
        error_setg(errp, "Could not create the -snapshot overlay: %s",
                   err ? err : strerror(size < 0 ? -size : EIO));
        free(err);
        bdrv_close(file);
        return NULL;
    }
    BlockDriverState *overlay = bdrv_open_format(file, &bdrv_qcow2, flags, errp);
    if (overlay) {
        overlay->backing = base;
    }
    return overlay;
}

int bdrv_commit(BlockDriverState *top, bool make_empty, char **errp)
{
    BlockDriverState *base = top->backing;
    int64_t len = bdrv_getlength(top);
    int ret = 0;

    if (!base) {
        error_setg(errp, "'%s' has no backing file to commit to", top->filename);
        return -ENOTSUP;
    }
    if (len < 0) {
        error_setg(errp, "Could not get the size of '%s': %s", top->filename, strerror(-len));
        return len;
    }
    int64_t base_len = bdrv_getlength(base);
    if (base_len >= 0 && base_len < len && bdrv_truncate(base, len, false, errp) < 0) {
        return -EIO;
    }
    uint8_t *buf = qemu_malloc(COMMIT_CHUNK);
    for (int64_t offset = 0; offset < len && ret == 0;) {
        uint64_t pnum;
        bool allocated;
        uint64_t want = MIN((uint64_t)(len - offset), COMMIT_CHUNK);
        ret = bdrv_block_status(top, offset, want, &pnum, &allocated);
        if (ret < 0) {
            break;
        }
        pnum = MIN(pnum, want);
        if (allocated) {
            ret = bdrv_pread(top, offset, buf, pnum);
            if (ret == 0) {
                ret = bdrv_pwrite(base, offset, buf, pnum);
            }
        }
        offset += pnum;
    }
    free(buf);
    if (ret == 0) {
        ret = bdrv_flush(base);
    }
    if (ret == 0 && make_empty && top->drv->make_empty) {
        ret = top->drv->make_empty(top);
    }
    if (ret < 0) {
        error_setg(errp, "Commit of '%s' into '%s' failed: %s", top->filename, base->filename,
                   strerror(-ret));
    }
    return ret;
}
