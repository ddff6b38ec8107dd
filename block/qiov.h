/*
 * I/O vectors for the block layer: a growable struct iovec array with its
 * total size, and the copies and slices the drivers need.
 */
#ifndef BLOCK_QIOV_H
#define BLOCK_QIOV_H

#include "qemu/osdep.h"
#include <sys/uio.h>

typedef struct QEMUIOVector {
    struct iovec *iov;
    int niov;
    int nalloc;         /* -1: iov is the caller's, never grown or freed */
    size_t size;
    struct iovec local; /* the single element of qemu_iovec_init_buf */
} QEMUIOVector;

void qemu_iovec_init(QEMUIOVector *qiov, int alloc_hint);
/* a vector of one buffer, without allocating */
void qemu_iovec_init_buf(QEMUIOVector *qiov, void *buf, size_t len);
/* wrap the caller's array (not copied, never freed) */
void qemu_iovec_init_external(QEMUIOVector *qiov, const struct iovec *iov, int niov);
void qemu_iovec_add(QEMUIOVector *qiov, void *base, size_t len);
/* append bytes of src starting at soffset (a slice, no data copied) */
void qemu_iovec_concat(QEMUIOVector *dst, const QEMUIOVector *src, size_t soffset, size_t bytes);
void qemu_iovec_destroy(QEMUIOVector *qiov);

size_t qemu_iovec_to_buf(const QEMUIOVector *qiov, size_t offset, void *buf, size_t bytes);
size_t qemu_iovec_from_buf(QEMUIOVector *qiov, size_t offset, const void *buf, size_t bytes);
size_t qemu_iovec_memset(QEMUIOVector *qiov, size_t offset, int c, size_t bytes);
bool buffer_is_zero(const void *buf, size_t len);

#endif
