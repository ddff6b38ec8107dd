/*
 * The block layer as device models see it: a BlockBackend is an open disk
 * image (a format driver such as raw or qcow2 over the file protocol,
 * possibly over a backing chain and a -snapshot overlay) addressed in bytes.
 *
 * Calls are made from the main loop thread (device models run there). The
 * synchronous calls return 0 or -errno. The asynchronous calls may complete
 * before they return (the callback then runs inside the call) or later from
 * the main loop; device models must handle both. Drivers are in block/,
 * their interface in block/block_int.h.
 */
#ifndef BLOCK_BLOCK_H
#define BLOCK_BLOCK_H

#include "qemu/osdep.h"
#include <sys/uio.h>

#define BDRV_SECTOR_SIZE 512

typedef struct BlockBackend BlockBackend;

/* blk_open flags */
#define BDRV_O_RDWR        0x0002  /* else read-only */
#define BDRV_O_SNAPSHOT    0x0008  /* writes go to a temporary qcow2 overlay */
#define BDRV_O_NOCACHE     0x0020  /* cache=none: O_DIRECT on the file */
#define BDRV_O_NO_FLUSH    0x0200  /* cache=unsafe: flushes are not passed down */
#define BDRV_O_NO_LOCK     0x4000  /* do not take the image lock (qemu-img -U) */

/*
 * Open filename. format NULL: guess from the contents (a raw guess for a
 * writable image prints QEMU's warning once). On failure NULL and *errp
 * set to one clear, malloc'd message naming the file (missing, unreadable,
 * bad header, locked by another process, ...).
 */
BlockBackend *blk_open(const char *filename, const char *format, int flags, char **errp);
void blk_close(BlockBackend *blk);

int64_t blk_getlength(BlockBackend *blk);       /* bytes, or -errno */
bool blk_is_read_only(BlockBackend *blk);
const char *blk_filename(BlockBackend *blk);
const char *blk_format_name(BlockBackend *blk);

/* offset and bytes in bytes; any alignment is accepted */
int blk_pread(BlockBackend *blk, int64_t offset, void *buf, size_t bytes);
int blk_pwrite(BlockBackend *blk, int64_t offset, const void *buf, size_t bytes);
int blk_preadv(BlockBackend *blk, int64_t offset, const struct iovec *iov, int iovcnt);
int blk_pwritev(BlockBackend *blk, int64_t offset, const struct iovec *iov, int iovcnt);
int blk_flush(BlockBackend *blk);

typedef void BlockCompletionFunc(void *opaque, int ret);
void blk_aio_preadv(BlockBackend *blk, int64_t offset, const struct iovec *iov, int iovcnt,
                    BlockCompletionFunc *cb, void *opaque);
void blk_aio_pwritev(BlockBackend *blk, int64_t offset, const struct iovec *iov, int iovcnt,
                     BlockCompletionFunc *cb, void *opaque);
void blk_aio_flush(BlockBackend *blk, BlockCompletionFunc *cb, void *opaque);

/*
 * -snapshot: write the overlay's data into the image below it (the monitor's
 * `commit`), then empty the overlay. -ENOTSUP without an overlay.
 */
int blk_commit(BlockBackend *blk, char **errp);

/*
 * Removable media (CD-ROM, floppy): a backend with no image. blk_insert
 * opens an image into it (the monitor's `change`), blk_eject closes it.
 */
BlockBackend *blk_new_empty(void);
bool blk_is_inserted(BlockBackend *blk);
bool blk_insert(BlockBackend *blk, const char *filename, const char *format, int flags,
                char **errp);
void blk_eject(BlockBackend *blk);

#endif
