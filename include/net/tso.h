/*
 * TCP segmentation for NICs that offload it (e1000's TSO, virtio-net's
 * host TSO): one packet of headers plus up to 64 KiB of payload becomes
 * frames of at most mss payload bytes, each with its IP length (and IPv4
 * id and header checksum), TCP sequence number and flags, and TCP
 * checksum made anew.
 */
#ifndef NET_TSO_H
#define NET_TSO_H

#include "qemu/osdep.h"

typedef struct NetTsoParams {
    uint32_t l3_off;        /* the IP header */
    uint32_t l4_off;        /* the TCP header */
    uint32_t hdr_len;       /* all headers: the payload starts here */
    uint32_t mss;
    bool ipv4;              /* else IPv6 */
} NetTsoParams;

/*
 * Cut buf (len bytes, modified on the way) into frames passed to send.
 * false (nothing sent) when the headers do not fit what params say.
 */
bool net_tso_segment(uint8_t *buf, size_t len, const NetTsoParams *params,
                     void (*send)(void *opaque, uint8_t *frame, size_t len), void *opaque);

/* the TCP or UDP checksum of a whole frame: pseudo-header, header, data */
void net_l4_checksum_fill(uint8_t *buf, size_t len, uint32_t l3_off, uint32_t l4_off,
                          bool ipv4, uint8_t proto, uint32_t csum_off);

#endif
