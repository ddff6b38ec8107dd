/*
 * qcow2 compressed clusters: raw deflate streams (no zlib header) with a
 * 4 KB window, as QEMU writes them.
 */
#include "qemu/osdep.h"
#include "block/qcow2.h"
#include <zlib.h>

#define QCOW2_DEFLATE_WINDOW_BITS (-12)

int qcow2_decompress(void *dest, size_t dest_size, const void *src, size_t src_size)
{
    z_stream strm = { 0 };

    if (inflateInit2(&strm, QCOW2_DEFLATE_WINDOW_BITS) != Z_OK) {
        return -EIO;
    }
    strm.next_in = (Bytef *)src;
    strm.avail_in = src_size;
    strm.next_out = dest;
    strm.avail_out = dest_size;
    int ret = inflate(&strm, Z_FINISH);
    /* the stored size is rounded up to sectors: trailing bytes are fine */
    bool ok = (ret == Z_STREAM_END || ret == Z_BUF_ERROR) && strm.avail_out == 0;
    inflateEnd(&strm);
    return ok ? 0 : -EIO;
}

ssize_t qcow2_compress(void *dest, size_t dest_size, const void *src, size_t src_size)
{
    z_stream strm = { 0 };

    if (deflateInit2(&strm, Z_DEFAULT_COMPRESSION, Z_DEFLATED, QCOW2_DEFLATE_WINDOW_BITS, 9,
                     Z_DEFAULT_STRATEGY) != Z_OK) {
        return -EIO;
    }
    strm.next_in = (Bytef *)src;
    strm.avail_in = src_size;
    strm.next_out = dest;
    strm.avail_out = dest_size;
    int ret = deflate(&strm, Z_FINISH);
    ssize_t len = dest_size - strm.avail_out;
    deflateEnd(&strm);
    return ret == Z_STREAM_END ? len : -ENOSPC;
}
