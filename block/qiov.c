/* I/O vectors for the block layer (qiov.h). */
#include "qemu/osdep.h"
#include "block/qiov.h"
#include "qemu/iov.h"

void qemu_iovec_init(QEMUIOVector *qiov, int alloc_hint)
{
    qiov->nalloc = alloc_hint > 0 ? alloc_hint : 1;
    qiov->iov = qemu_malloc(sizeof(struct iovec) * qiov->nalloc);
    qiov->niov = 0;
    qiov->size = 0;
}

void qemu_iovec_init_buf(QEMUIOVector *qiov, void *buf, size_t len)
{
    qiov->local.iov_base = buf;
    qiov->local.iov_len = len;
    qiov->iov = &qiov->local;
    qiov->niov = 1;
    qiov->nalloc = -1;
    qiov->size = len;
}

void qemu_iovec_init_external(QEMUIOVector *qiov, const struct iovec *iov, int niov)
{
    qiov->iov = (struct iovec *)iov;
    qiov->niov = niov;
    qiov->nalloc = -1;
    qiov->size = 0;
    for (int i = 0; i < niov; i++) {
        qiov->size += iov[i].iov_len;
    }
}

void qemu_iovec_add(QEMUIOVector *qiov, void *base, size_t len)
{
    assert(qiov->nalloc >= 0);
    if (len == 0) {
        return;
    }
    if (qiov->niov == qiov->nalloc) {
        qiov->nalloc = 2 * qiov->nalloc + 1;
        qiov->iov = qemu_realloc(qiov->iov, sizeof(struct iovec) * qiov->nalloc);
    }
    qiov->iov[qiov->niov].iov_base = base;
    qiov->iov[qiov->niov].iov_len = len;
    qiov->niov++;
    qiov->size += len;
}

void qemu_iovec_concat(QEMUIOVector *dst, const QEMUIOVector *src, size_t soffset, size_t bytes)
{
    for (int i = 0; i < src->niov && bytes > 0; i++) {
        size_t len = src->iov[i].iov_len;
        if (soffset >= len) {
            soffset -= len;
            continue;
        }
        size_t n = MIN(len - soffset, bytes);
        qemu_iovec_add(dst, (uint8_t *)src->iov[i].iov_base + soffset, n);
        bytes -= n;
        soffset = 0;
    }
}

void qemu_iovec_destroy(QEMUIOVector *qiov)
{
    if (qiov->nalloc >= 0) {
        free(qiov->iov);
    }
    qiov->iov = NULL;
    qiov->niov = qiov->nalloc = 0;
    qiov->size = 0;
}

size_t qemu_iovec_to_buf(const QEMUIOVector *qiov, size_t offset, void *buf, size_t bytes)
{
    return iov_to_buf(qiov->iov, qiov->niov, offset, buf, bytes);
}

size_t qemu_iovec_from_buf(QEMUIOVector *qiov, size_t offset, const void *buf, size_t bytes)
{
    return iov_from_buf(qiov->iov, qiov->niov, offset, buf, bytes);
}

size_t qemu_iovec_memset(QEMUIOVector *qiov, size_t offset, int c, size_t bytes)
{
    size_t done = 0;

    for (int i = 0; i < qiov->niov && done < bytes; i++) {
        size_t len = qiov->iov[i].iov_len;
        if (offset >= len) {
            offset -= len;
            continue;
        }
        size_t n = MIN(len - offset, bytes - done);
        memset((uint8_t *)qiov->iov[i].iov_base + offset, c, n);
        done += n;
        offset = 0;
    }
    return done;
}

bool buffer_is_zero(const void *buf, size_t len)
{
    const uint8_t *p = buf;
    size_t i = 0;

    for (; i < len && ((uintptr_t)(p + i) & 7); i++) {
        if (p[i]) {
            return false;
        }
    }
    for (; i + 32 <= len; i += 32) {
        const uint64_t *w = (const uint64_t *)(p + i);
        if (w[0] | w[1] | w[2] | w[3]) {
            return false;
        }
    }
    for (; i < len; i++) {
        if (p[i]) {
            return false;
        }
    }
    return true;
}
