/* The Internet checksum (include/net/checksum.h). */
#include "qemu/osdep.h"
#include "net/checksum.h"

uint32_t net_checksum_add(uint32_t sum, const uint8_t *buf, size_t len)
{
    uint64_t s = sum;
    size_t i;

    for (i = 0; i + 1 < len; i += 2) {
        s += (uint32_t)buf[i] << 8 | buf[i + 1];
    }
    if (i < len) {
        s += (uint32_t)buf[i] << 8;
    }
    while (s >> 32) {
        s = (s & 0xffffffff) + (s >> 32);
    }
    return s;
}

uint16_t net_checksum_finish(uint32_t sum)
{
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return ~sum;
}

void net_checksum_insert(uint8_t *buf, size_t len, size_t start, size_t end, size_t csum_off)
{
    uint16_t sum;

    if (end == 0 || end > len) {
        end = len;
    }
    if (start >= end || csum_off > len - 2 || len < 2) {
        return;
    }
    sum = net_checksum_finish(net_checksum_add(0, buf + start, end - start));
    buf[csum_off] = sum >> 8;
    buf[csum_off + 1] = sum;
}
