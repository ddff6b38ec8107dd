/*
 * The block layer's inside: the driver interface and the node API the
 * BlockBackend (block-backend.c) and the image tool (tools/qemu-img.c)
 * build on.
 *
 * A BlockDriverState (a node) is one layer: the file protocol (an open
 * host file), or a format (raw, qcow2) reading and writing its `file`
 * child, with an optional `backing` node below a qcow2. Requests are in
 * bytes and complete synchronously, returning 0 or -errno.
 */
#ifndef BLOCK_BLOCK_INT_H
#define BLOCK_BLOCK_INT_H

#include "qemu/osdep.h"
#include "block/block.h"
#include "block/qiov.h"

/* internal open flags, beside block.h's BDRV_O_* */
#define BDRV_O_NO_BACKING   0x10000  /* do not open the backing chain (qemu-img info) */
#define BDRV_O_PROBED_RAW   0x20000  /* raw guessed by probing: guard block 0 */
#define BDRV_O_NO_WARN      0x40000  /* no raw-probing warning (backing files, tools) */

#define BDRV_MAX_BACKING_DEPTH 64

typedef struct BlockDriverState BlockDriverState;

/* what qemu-img create asks of a format */
typedef struct BlockCreateOptions {
    uint64_t size;
    const char *backing_file;       /* as written in the image, NULL: none */
    const char *backing_format;     /* NULL: none recorded */
    uint32_t cluster_size;          /* 0: the format's default */
    int compat_level;               /* qcow2: 2 (0.10) or 3 (1.1, default) */
    bool lazy_refcounts;
    int refcount_bits;              /* 0: default (16) */
} BlockCreateOptions;

/* qemu-img check: counts, filled by the format's check */
typedef struct BdrvCheckResult {
    int corruptions, leaks, check_errors;
    int corruptions_fixed, leaks_fixed;
    int64_t image_end_offset;
    uint64_t total_clusters, allocated_clusters, fragmented_clusters, compressed_clusters;
} BdrvCheckResult;

enum {
    BDRV_FIX_LEAKS = 1,
    BDRV_FIX_ERRORS = 2,
    BDRV_FIX_QUIET = 4,         /* no per-cluster messages (repair at open) */
};

/* a line of `qemu-img info` / `snapshot -l` */
typedef struct BdrvSnapshotInfo {
    char id[128];
    char name[256];
    uint64_t vm_state_size;
    uint32_t date_sec, date_nsec;
    uint64_t vm_clock_nsec;
    uint64_t icount;                /* UINT64_MAX: not recorded */
} BdrvSnapshotInfo;

typedef struct BlockDriver {
    const char *format_name;
    size_t instance_size;           /* bs->opaque */
    bool is_protocol;               /* opens a host file itself */

    /* how sure (0..100) that the image's first bytes are this format */
    int (*probe)(const uint8_t *buf, size_t len);

    /* protocol: open bs->filename; format: open over bs->file (set) */
    int (*open)(BlockDriverState *bs, int flags, char **errp);
    void (*close)(BlockDriverState *bs);

    int (*preadv)(BlockDriverState *bs, uint64_t offset, uint64_t bytes, QEMUIOVector *qiov,
                  size_t qiov_offset);
    int (*pwritev)(BlockDriverState *bs, uint64_t offset, uint64_t bytes, QEMUIOVector *qiov,
                   size_t qiov_offset);
    /* one whole cluster at a cluster boundary, compressed (qemu-img convert -c) */
    int (*pwrite_compressed)(BlockDriverState *bs, uint64_t offset, const void *buf);
    int (*flush)(BlockDriverState *bs);
    int64_t (*getlength)(BlockDriverState *bs);
    int (*truncate)(BlockDriverState *bs, int64_t size, bool shrink, char **errp);

    /*
     * Is [offset, offset + bytes) stored in this layer (not the backing)?
     * *pnum: how many bytes from offset share the answer (> 0). NULL: always yes.
     */
    int (*block_status)(BlockDriverState *bs, uint64_t offset, uint64_t bytes, uint64_t *pnum,
                        bool *allocated);

    /* forget every cluster of the active layer (the overlay after a commit) */
    int (*make_empty)(BlockDriverState *bs);

    /* write a new image into the open, empty protocol node file */
    int (*create)(BlockDriverState *file, const BlockCreateOptions *opts, char **errp);

    int (*check)(BlockDriverState *bs, BdrvCheckResult *res, int fix);
    int (*snapshot_list)(BlockDriverState *bs, BdrvSnapshotInfo **list);
    /* `Format specific information:` lines of qemu-img info */
    void (*print_info)(BlockDriverState *bs, FILE *out);
    uint32_t (*cluster_size)(BlockDriverState *bs);
} BlockDriver;

struct BlockDriverState {
    const BlockDriver *drv;
    void *opaque;
    char filename[PATH_MAX];
    int open_flags;
    bool read_only;
    BlockDriverState *file;         /* protocol node under a format */
    BlockDriverState *backing;      /* NULL: none (or not opened) */
    char backing_file[PATH_MAX];    /* as recorded in the image, "" if none */
    char backing_format[32];        /* as recorded, "" if none */
};

/* formats and the protocol, for lookups by name and for probing */
extern const BlockDriver bdrv_file;
extern const BlockDriver bdrv_raw;
extern const BlockDriver bdrv_qcow2;
const BlockDriver *bdrv_find_format(const char *name);

/*
 * Open filename as format (NULL: probe), with its backing chain unless
 * BDRV_O_NO_BACKING. Errors name the file: "Could not open 'x': ...".
 */
BlockDriverState *bdrv_open(const char *filename, const char *format, int flags, char **errp);
/* a format over an already open protocol node (takes it over, closed on failure) */
BlockDriverState *bdrv_open_format(BlockDriverState *file, const BlockDriver *drv, int flags,
                                   char **errp);
/* the file protocol over an already open descriptor (taken over) */
BlockDriverState *bdrv_file_open_fd(int fd, const char *name, int flags, char **errp);
void bdrv_close(BlockDriverState *bs);       /* with its file and backing nodes */
/* open the backing chain recorded in bs (resolved against bs's folder) */
int bdrv_open_backing(BlockDriverState *bs, int flags, int depth, char **errp);
/* the backing file's path as this process would open it */
void bdrv_backing_path(BlockDriverState *bs, char *out, size_t size);

int bdrv_preadv(BlockDriverState *bs, uint64_t offset, uint64_t bytes, QEMUIOVector *qiov,
                size_t qiov_offset);
int bdrv_pwritev(BlockDriverState *bs, uint64_t offset, uint64_t bytes, QEMUIOVector *qiov,
                 size_t qiov_offset);
int bdrv_pread(BlockDriverState *bs, uint64_t offset, void *buf, size_t bytes);
int bdrv_pwrite(BlockDriverState *bs, uint64_t offset, const void *buf, size_t bytes);
int bdrv_flush(BlockDriverState *bs);
int64_t bdrv_getlength(BlockDriverState *bs);
int bdrv_truncate(BlockDriverState *bs, int64_t size, bool shrink, char **errp);
int bdrv_block_status(BlockDriverState *bs, uint64_t offset, uint64_t bytes, uint64_t *pnum,
                      bool *allocated);
/* read from the backing chain, zeros where it ends (or there is none) */
int bdrv_read_backing(BlockDriverState *bs, uint64_t offset, uint64_t bytes, QEMUIOVector *qiov,
                      size_t qiov_offset);
/* bytes the host file really uses (st_blocks), -errno */
int64_t bdrv_allocated_file_size(BlockDriverState *bs);

/* Create filename (truncated) as format. */
int bdrv_create(const char *format, const char *filename, const BlockCreateOptions *opts,
                char **errp);

/* file protocol extras (file-posix.c) */
/* create or truncate filename to zero length for a new image */
BlockDriverState *file_create(const char *filename, char **errp);

/* image locking as QEMU does it (file-lock.c) */
int file_lock_apply(int fd, bool writable, const char *filename, char **errp);

/* -snapshot: a temporary qcow2 overlay above base (snapshot-overlay.c) */
BlockDriverState *bdrv_snapshot_overlay(BlockDriverState *base, char **errp);
/* copy every cluster stored in top into top->backing, then (make_empty) empty top */
int bdrv_commit(BlockDriverState *top, bool make_empty, char **errp);

#endif
