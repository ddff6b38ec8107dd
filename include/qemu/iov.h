/*
 * Scatter lists (struct iovec arrays): copying between a flat buffer and
 * a list, and its total size. Used by device models whose DMA buffers come
 * as lists of host pointers (virtio).
 */
#ifndef QEMU_IOV_H
#define QEMU_IOV_H

#include "qemu/osdep.h"
#include <sys/uio.h>

/* sum of the lengths */
size_t iov_size(const struct iovec *iov, unsigned int iov_cnt);
/*
 * Copy bytes from buf into the list starting offset bytes into it; stops
 * at the end of the list. Returns the number of bytes copied.
 */
size_t iov_from_buf(const struct iovec *iov, unsigned int iov_cnt,
                    size_t offset, const void *buf, size_t bytes);
/* the reverse: bytes of the list from offset on into buf */
size_t iov_to_buf(const struct iovec *iov, unsigned int iov_cnt,
                  size_t offset, void *buf, size_t bytes);
/*
 * Describe bytes [offset, offset+bytes) of src as a new list in dst (at
 * most dst_cnt entries, pointing into the same memory). Returns the number
 * of entries used; fewer bytes are covered if src or dst runs out.
 */
unsigned int iov_copy(struct iovec *dst, unsigned int dst_cnt,
                      const struct iovec *src, unsigned int src_cnt,
                      size_t offset, size_t bytes);

#endif
