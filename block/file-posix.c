/*
 * The file protocol: an image is a host file (or block device) read and
 * written with preadv/pwritev. cache=writeback (default) goes through the
 * page cache and flushes with fdatasync; cache=none opens O_DIRECT and
 * bounces unaligned requests through aligned buffers; cache=unsafe
 * ignores flushes. Reads past the end of the file return zeros.
 */
#include "qemu/osdep.h"
#include "qemu/errp.h"
#include "block/block_int.h"
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

/* O_DIRECT alignment: 4096 suits every sector size Linux uses */
#define DIRECT_ALIGN 4096
#define BOUNCE_MAX (1 << 20)

typedef struct FileState {
    int fd;
    bool direct;
    bool no_flush;
} FileState;

static int file_open_flags(int flags)
{
    int oflags = O_CLOEXEC | ((flags & BDRV_O_RDWR) ? O_RDWR : O_RDONLY);
    if (flags & BDRV_O_NOCACHE) {
        oflags |= O_DIRECT;
    }
    return oflags;
}

static int file_setup(BlockDriverState *bs, int fd, int flags, char **errp)
{
    FileState *s = bs->opaque;
    struct stat st;

    s->fd = fd;
    s->direct = flags & BDRV_O_NOCACHE;
    s->no_flush = flags & BDRV_O_NO_FLUSH;
    if (fstat(fd, &st) < 0) {
        error_setg(errp, "Could not open '%s': %s", bs->filename, strerror(errno));
        return -errno;
    }
    if (S_ISDIR(st.st_mode)) {
        error_setg(errp, "Could not open '%s': Is a directory", bs->filename);
        return -EISDIR;
    }
    if (!(flags & BDRV_O_NO_LOCK)) {
        char *err = NULL;
        int ret = file_lock_apply(fd, flags & BDRV_O_RDWR, bs->filename, &err);
        if (ret < 0) {
            error_setg(errp, "Could not open '%s': %s", bs->filename, err);
            free(err);
            return ret;
        }
    }
    return 0;
}

static int file_open(BlockDriverState *bs, int flags, char **errp)
{
    FileState *s = bs->opaque;
    int fd = open(bs->filename, file_open_flags(flags));

    s->fd = -1;
    if (fd < 0) {
        int err = errno;
        error_setg(errp, "Could not open '%s': %s", bs->filename, strerror(err));
        return -err;
    }
    int ret = file_setup(bs, fd, flags, errp);
    if (ret < 0) {
        close(fd);
        s->fd = -1;
    }
    return ret;
}

static void file_close(BlockDriverState *bs)
{
    FileState *s = bs->opaque;
    if (s->fd >= 0) {
        close(s->fd);
    }
}

static bool qiov_aligned(const QEMUIOVector *qiov, size_t qoff, uint64_t bytes)
{
    for (int i = 0; i < qiov->niov; i++) {
        size_t len = qiov->iov[i].iov_len;
        if (qoff >= len) {
            qoff -= len;
            continue;
        }
        uintptr_t base = (uintptr_t)qiov->iov[i].iov_base + qoff;
        size_t n = MIN(len - qoff, bytes);
        if ((base | n) & (DIRECT_ALIGN - 1)) {
            return false;
        }
        bytes -= n;
        qoff = 0;
        if (!bytes) {
            break;
        }
    }
    return true;
}

/* slice of qiov as an iovec array for the system call */
static void qiov_slice(QEMUIOVector *out, QEMUIOVector *qiov, size_t qoff, uint64_t bytes)
{
    qemu_iovec_init(out, qiov->niov);
    qemu_iovec_concat(out, qiov, qoff, bytes);
}

/* all of [offset, offset + bytes) or -errno; reads past EOF give zeros */
static int file_rw_direct(FileState *s, bool write, uint64_t offset, uint64_t bytes,
                          QEMUIOVector *qiov, size_t qoff)
{
    QEMUIOVector v;
    int ret = 0;

    qiov_slice(&v, qiov, qoff, bytes);
    struct iovec *iov = v.iov;
    int niov = v.niov;
    while (bytes > 0) {
        ssize_t n = write ? pwritev(s->fd, iov, MIN(niov, IOV_MAX), offset)
                          : preadv(s->fd, iov, MIN(niov, IOV_MAX), offset);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        /* O_DIRECT refuses the unaligned read after a short one at EOF */
        bool at_eof = n == 0 ||
            (n < 0 && errno == EINVAL && !write && lseek(s->fd, 0, SEEK_END) <= (off_t)offset);
        if (n < 0 && !at_eof) {
            ret = -errno;
            break;
        }
        if (at_eof) {
            if (write) {
                ret = -EIO;
                break;
            }
            /* end of file: the rest reads as zeros */
            for (int i = 0; i < niov; i++) {
                memset(iov[i].iov_base, 0, iov[i].iov_len);
            }
            break;
        }
        bytes -= n;
        offset += n;
        while (n > 0 && niov > 0) {
            if ((size_t)n >= iov->iov_len) {
                n -= iov->iov_len;
                iov++;
                niov--;
            } else {
                iov->iov_base = (uint8_t *)iov->iov_base + n;
                iov->iov_len -= n;
                n = 0;
            }
        }
    }
    qemu_iovec_destroy(&v);
    return ret;
}

static int buf_rw(FileState *s, bool write, uint64_t offset, void *buf, size_t len)
{
    QEMUIOVector v;
    qemu_iovec_init_buf(&v, buf, len);
    return file_rw_direct(s, write, offset, len, &v, 0);
}

/* O_DIRECT with an unaligned request: go through an aligned bounce buffer */
static int file_rw_bounce(FileState *s, bool write, uint64_t offset, uint64_t bytes,
                          QEMUIOVector *qiov, size_t qoff)
{
    void *bounce;
    int ret = 0;

    if (posix_memalign(&bounce, DIRECT_ALIGN, BOUNCE_MAX)) {
        return -ENOMEM;
    }
    while (bytes > 0 && ret == 0) {
        uint64_t start = offset & ~(uint64_t)(DIRECT_ALIGN - 1);
        size_t head = offset - start;
        size_t n = MIN(bytes, BOUNCE_MAX - head);
        size_t span = ROUND_UP(head + n, DIRECT_ALIGN);
        if (write) {
            /* read-modify-write of the partial blocks at both ends */
            if (head || (head + n) % DIRECT_ALIGN) {
                ret = buf_rw(s, false, start, bounce, span);
            }
            if (ret == 0) {
                qemu_iovec_to_buf(qiov, qoff, (uint8_t *)bounce + head, n);
                ret = buf_rw(s, true, start, bounce, span);
            }
        } else {
            ret = buf_rw(s, false, start, bounce, span);
            if (ret == 0) {
                qemu_iovec_from_buf(qiov, qoff, (uint8_t *)bounce + head, n);
            }
        }
        offset += n;
        qoff += n;
        bytes -= n;
    }
    free(bounce);
    return ret;
}

static int file_rw(BlockDriverState *bs, bool write, uint64_t offset, uint64_t bytes,
                   QEMUIOVector *qiov, size_t qoff)
{
    FileState *s = bs->opaque;

    if (s->direct && ((offset | bytes) & (DIRECT_ALIGN - 1) || !qiov_aligned(qiov, qoff, bytes))) {
        return file_rw_bounce(s, write, offset, bytes, qiov, qoff);
    }
    return file_rw_direct(s, write, offset, bytes, qiov, qoff);
}

static int file_preadv(BlockDriverState *bs, uint64_t offset, uint64_t bytes, QEMUIOVector *qiov,
                       size_t qoff)
{
    return file_rw(bs, false, offset, bytes, qiov, qoff);
}

static int file_pwritev(BlockDriverState *bs, uint64_t offset, uint64_t bytes, QEMUIOVector *qiov,
                        size_t qoff)
{
    return file_rw(bs, true, offset, bytes, qiov, qoff);
}

static int file_flush(BlockDriverState *bs)
{
    FileState *s = bs->opaque;
    if (s->no_flush) {
        return 0;
    }
    return fdatasync(s->fd) < 0 ? -errno : 0;
}

static int64_t file_getlength(BlockDriverState *bs)
{
    FileState *s = bs->opaque;
    off_t len = lseek(s->fd, 0, SEEK_END);
    return len < 0 ? -errno : len;
}

static int file_truncate(BlockDriverState *bs, int64_t size, bool shrink, char **errp)
{
    FileState *s = bs->opaque;
    struct stat st;

    if (fstat(s->fd, &st) == 0 && !S_ISREG(st.st_mode)) {
        if (size <= file_getlength(bs)) {
            return 0;
        }
        error_setg(errp, "Cannot grow device '%s'", bs->filename);
        return -ENOTSUP;
    }
    if (ftruncate(s->fd, size) < 0) {
        int err = errno;
        error_setg(errp, "Failed to resize '%s': %s", bs->filename, strerror(err));
        return -err;
    }
    return 0;
}

BlockDriverState *bdrv_file_open_fd(int fd, const char *name, int flags, char **errp)
{
    BlockDriverState *bs = qemu_mallocz(sizeof(*bs));

    bs->drv = &bdrv_file;
    bs->opaque = qemu_mallocz(sizeof(FileState));
    snprintf(bs->filename, sizeof(bs->filename), "%s", name);
    bs->open_flags = flags;
    bs->read_only = !(flags & BDRV_O_RDWR);
    if (file_setup(bs, fd, flags, errp) < 0) {
        bdrv_close(bs);
        return NULL;
    }
    return bs;
}

BlockDriverState *file_create(const char *filename, char **errp)
{
    int fd = open(filename, O_RDWR | O_CREAT | O_CLOEXEC, 0644);

    if (fd < 0) {
        error_setg(errp, "Could not create '%s': %s", filename, strerror(errno));
        return NULL;
    }
    BlockDriverState *bs = bdrv_file_open_fd(fd, filename, BDRV_O_RDWR, errp);
    if (bs && file_truncate(bs, 0, true, errp) < 0) {
        bdrv_close(bs);
        return NULL;
    }
    return bs;
}

static int64_t file_allocated_size(int fd)
{
    struct stat st;
    return fstat(fd, &st) < 0 ? -errno : (int64_t)st.st_blocks * 512;
}

int64_t bdrv_allocated_file_size(BlockDriverState *bs)
{
    while (bs && bs->drv != &bdrv_file) {
        bs = bs->file;
    }
    return bs ? file_allocated_size(((FileState *)bs->opaque)->fd) : -ENOTSUP;
}

const BlockDriver bdrv_file = {
    .format_name = "file",
    .instance_size = sizeof(FileState),
    .is_protocol = true,
    .open = file_open,
    .close = file_close,
    .preadv = file_preadv,
    .pwritev = file_pwritev,
    .flush = file_flush,
    .getlength = file_getlength,
    .truncate = file_truncate,
};
