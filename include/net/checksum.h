/*
 * The Internet checksum (RFC 1071) for NICs that offload it: a running
 * 32-bit sum of big-endian 16-bit words, folded and complemented at the end.
 */
#ifndef NET_CHECKSUM_H
#define NET_CHECKSUM_H

#include "qemu/osdep.h"

/* add buf's bytes to sum; an odd length is padded with a zero byte */
uint32_t net_checksum_add(uint32_t sum, const uint8_t *buf, size_t len);
/* fold the carries in and complement: the value to store (big-endian) */
uint16_t net_checksum_finish(uint32_t sum);
/*
 * Checksum offload as NICs do it: store at csum_off (big-endian) the
 * checksum of buf[start, end) (end 0: to len); the driver left the
 * pseudo-header's sum in the field. Out-of-range offsets do nothing.
 */
void net_checksum_insert(uint8_t *buf, size_t len, size_t start, size_t end, size_t csum_off);

#endif
