/* TCP segmentation and L4 checksums for offloading NICs (include/net/tso.h). */
#include "qemu/osdep.h"
#include "net/tso.h"
#include "net/checksum.h"

#define IPV4_HDR_MIN    20
#define IPV6_HDR_LEN    40
#define TCP_HDR_MIN     20
#define IPPROTO_TCP_NUM 6
#define TCP_FLAG_FIN    0x01
#define TCP_FLAG_PSH    0x08

static void put_be16(uint8_t *p, uint16_t v)
{
    p[0] = v >> 8;
    p[1] = v;
}

static uint16_t get_be16(const uint8_t *p)
{
    return p[0] << 8 | p[1];
}

void net_l4_checksum_fill(uint8_t *buf, size_t len, uint32_t l3_off, uint32_t l4_off,
                          bool ipv4, uint8_t proto, uint32_t csum_off)
{
    uint32_t sum, l4_len;
    uint8_t pseudo[4];

    if (l4_off > len || csum_off + 2 > len ||
        l3_off + (ipv4 ? IPV4_HDR_MIN : IPV6_HDR_LEN) > len) {
        return;
    }
    l4_len = len - l4_off;
    /* the addresses, then protocol and length */
    sum = ipv4 ? net_checksum_add(0, buf + l3_off + 12, 8)
               : net_checksum_add(0, buf + l3_off + 8, 32);
    pseudo[0] = 0;
    pseudo[1] = proto;
    put_be16(pseudo + 2, l4_len);
    sum = net_checksum_add(sum, pseudo, 4);
    sum += l4_len >> 16;
    put_be16(buf + csum_off, 0);
    sum = net_checksum_add(sum, buf + l4_off, l4_len);
    put_be16(buf + csum_off, net_checksum_finish(sum));
}

bool net_tso_segment(uint8_t *buf, size_t len, const NetTsoParams *p,
                     void (*send)(void *opaque, uint8_t *frame, size_t len), void *opaque)
{
    uint32_t hdr_len = p->hdr_len, payload, seq;
    uint8_t hdr[256];
    uint16_t ip_id;

    if (p->mss == 0 || hdr_len > len || hdr_len > sizeof(hdr) ||
        p->l3_off + (p->ipv4 ? IPV4_HDR_MIN : IPV6_HDR_LEN) > p->l4_off ||
        p->l4_off + TCP_HDR_MIN > hdr_len) {
        return false;
    }
    payload = len - hdr_len;
    memcpy(hdr, buf, hdr_len);
    ip_id = get_be16(hdr + p->l3_off + 4);
    seq = (uint32_t)get_be16(hdr + p->l4_off + 4) << 16 | get_be16(hdr + p->l4_off + 6);
    for (uint32_t off = 0, n = 0; ; off += p->mss, n++) {
        uint32_t chunk = MIN(p->mss, payload - off);
        uint32_t flen = hdr_len + chunk, sn = seq + off;
        bool last = off + chunk >= payload;
        /* the headers go just before this chunk: what they overwrite was sent */
        uint8_t *f = buf + off;
        uint8_t *ip = f + p->l3_off, *tcp = f + p->l4_off;

        memcpy(f, hdr, hdr_len);
        if (p->ipv4) {
            put_be16(ip + 2, flen - p->l3_off);
            put_be16(ip + 4, ip_id + n);
            put_be16(ip + 10, 0);
            put_be16(ip + 10, net_checksum_finish(
                net_checksum_add(0, ip, MIN((uint32_t)(ip[0] & 15) * 4, p->l4_off - p->l3_off))));
        } else {
            put_be16(ip + 4, flen - p->l3_off - IPV6_HDR_LEN);
        }
        put_be16(tcp + 4, sn >> 16);
        put_be16(tcp + 6, sn);
        if (!last) {
            tcp[13] &= ~(TCP_FLAG_FIN | TCP_FLAG_PSH);
        }
        net_l4_checksum_fill(f, flen, p->l3_off, p->l4_off, p->ipv4, IPPROTO_TCP_NUM,
                             p->l4_off + 16);
        send(opaque, f, flen);
        if (last) {
            return true;
        }
    }
}
