/*
 * Scatter-list helpers (include/qemu/iov.h).
 */
#include "qemu/iov.h"

size_t iov_size(const struct iovec *iov, unsigned int iov_cnt)
{
    size_t total = 0;
    for (unsigned int i = 0; i < iov_cnt; i++) {
        total += iov[i].iov_len;
    }
    return total;
}

size_t iov_from_buf(const struct iovec *iov, unsigned int iov_cnt,
                    size_t offset, const void *buf, size_t bytes)
{
    size_t done = 0;
    for (unsigned int i = 0; i < iov_cnt && done < bytes; i++) {
        if (offset >= iov[i].iov_len) {
            offset -= iov[i].iov_len;
            continue;
        }
        size_t n = MIN(iov[i].iov_len - offset, bytes - done);
        memcpy((char *)iov[i].iov_base + offset, (const char *)buf + done, n);
        done += n;
        offset = 0;
    }
    return done;
}

size_t iov_to_buf(const struct iovec *iov, unsigned int iov_cnt,
                  size_t offset, void *buf, size_t bytes)
{
    size_t done = 0;
    for (unsigned int i = 0; i < iov_cnt && done < bytes; i++) {
        if (offset >= iov[i].iov_len) {
            offset -= iov[i].iov_len;
            continue;
        }
        size_t n = MIN(iov[i].iov_len - offset, bytes - done);
        memcpy((char *)buf + done, (const char *)iov[i].iov_base + offset, n);
        done += n;
        offset = 0;
    }
    return done;
}

unsigned int iov_copy(struct iovec *dst, unsigned int dst_cnt,
                      const struct iovec *src, unsigned int src_cnt,
                      size_t offset, size_t bytes)
{
    unsigned int n = 0;
    for (unsigned int i = 0; i < src_cnt && n < dst_cnt && bytes; i++) {
        if (offset >= src[i].iov_len) {
            offset -= src[i].iov_len;
            continue;
        }
        size_t len = MIN(src[i].iov_len - offset, bytes);
        dst[n].iov_base = (char *)src[i].iov_base + offset;
        dst[n].iov_len = len;
        n++;
        bytes -= len;
        offset = 0;
    }
    return n;
}
