/*
 * e1000 receive: the address filter (RA, MTA, promiscuous and broadcast
 * bits of RCTL), VLAN tag stripping, and the descriptor ring from RDH to
 * RDT into which frames are written with their FCS (Linux's driver takes
 * 4 bytes off every length) unless RCTL.SECRC strips it.
 */
#include "qemu/osdep.h"
#include "hw/net/e1000-internal.h"
#include <zlib.h>

/* the receive buffer size RCTL.BSIZE/BSEX give */
static uint32_t e1000_rx_buf_size(uint32_t rctl)
{
    unsigned bsize = (rctl >> E1000_RCTL_BSIZE_SHIFT) & 3;

    if ((rctl & E1000_RCTL_BSEX) && bsize) {
        return 32768 >> bsize;
    }
    return 2048 >> bsize;
}

/* descriptors the guest has handed over (RDH up to RDT); 0 for a broken ring */
static uint32_t e1000_rx_free_descs(E1000State *s, uint32_t *ring_size)
{
    uint32_t n = e1000_reg(s, E1000_RDLEN) / E1000_DESC_SIZE;
    uint32_t head = e1000_reg(s, E1000_RDH), tail = e1000_reg(s, E1000_RDT);

    *ring_size = n;
    if (n == 0 || head >= n || tail >= n) {
        return 0;
    }
    return (tail + n - head) % n;
}

bool e1000_can_receive(NetClientState *nc)
{
    E1000State *s = nc->opaque;
    uint32_t n;

    /* a disabled receiver drops frames rather than queueing stale ones */
    return !(e1000_reg(s, E1000_RCTL) & E1000_RCTL_EN) || e1000_rx_free_descs(s, &n) > 0;
}

static bool e1000_multicast_match(E1000State *s, const uint8_t *dst)
{
    static const int shift[4] = { 4, 3, 2, 0 };
    unsigned mo = (e1000_reg(s, E1000_RCTL) >> E1000_RCTL_MO_SHIFT) & 3;
    uint32_t hash = ((dst[4] >> shift[mo]) | (uint32_t)dst[5] << (8 - shift[mo])) & 0xfff;

    return (e1000_reg(s, E1000_MTA + (hash >> 5) * 4) >> (hash & 31)) & 1;
}

static bool e1000_accepts(E1000State *s, const uint8_t *dst)
{
    static const uint8_t broadcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    uint32_t rctl = e1000_reg(s, E1000_RCTL);

    if (dst[0] & 1) {
        if (!memcmp(dst, broadcast, 6)) {
            return rctl & (E1000_RCTL_BAM | E1000_RCTL_MPE);
        }
        return (rctl & E1000_RCTL_MPE) || e1000_multicast_match(s, dst);
    }
    if (rctl & E1000_RCTL_UPE) {
        return true;
    }
    for (int i = 0; i < E1000_RA_COUNT; i++) {
        uint32_t ral = e1000_reg(s, E1000_RA + i * 8), rah = e1000_reg(s, E1000_RA + i * 8 + 4);
        uint8_t mac[6] = { ral, ral >> 8, ral >> 16, ral >> 24, rah, rah >> 8 };
        if ((rah & E1000_RAH_AV) && !memcmp(mac, dst, 6)) {
            return true;
        }
    }
    return false;
}

ssize_t e1000_receive(NetClientState *nc, const uint8_t *buf, size_t len)
{
    E1000State *s = nc->opaque;
    uint32_t rctl = e1000_reg(s, E1000_RCTL);
    uint32_t buf_size = e1000_rx_buf_size(rctl);
    uint64_t base = (uint64_t)e1000_reg(s, E1000_RDBAH) << 32 | e1000_reg(s, E1000_RDBAL);
    uint8_t frame[E1000_MAX_FRAME + ETH_FCS_LEN];
    uint32_t n, avail, head, size, done, crc;
    uint16_t vlan_tag = 0;
    bool vlan = false;

    if (!(rctl & E1000_RCTL_EN) || len < ETH_HLEN || len > E1000_MAX_FRAME ||
        !e1000_accepts(s, buf)) {
        return len;
    }
    /* CTRL.VME: the tag goes into the descriptor, out of the frame */
    if ((e1000_reg(s, E1000_CTRL) & E1000_CTRL_VME) && len >= ETH_HLEN + VLAN_HLEN &&
        (buf[12] << 8 | buf[13]) == (e1000_reg(s, 0x0038) & 0xffff)) {
        vlan = true;
        vlan_tag = buf[14] << 8 | buf[15];
        memcpy(frame, buf, 12);
        memcpy(frame + 12, buf + 16, len - 16);
        size = len - VLAN_HLEN;
    } else {
        memcpy(frame, buf, len);
        size = len;
    }
    if (size < ETH_ZLEN) {
        memset(frame + size, 0, ETH_ZLEN - size);
        size = ETH_ZLEN;
    }
    if (!(rctl & E1000_RCTL_LPE) && size > 1518) {
        return len;             /* too long without long packets enabled */
    }
    if (!(rctl & E1000_RCTL_SECRC)) {
        crc = crc32(0, frame, size);
        frame[size++] = crc;
        frame[size++] = crc >> 8;
        frame[size++] = crc >> 16;
        frame[size++] = crc >> 24;
    }

    avail = e1000_rx_free_descs(s, &n);
    if (avail * buf_size < size) {
        if ((n - 1) * buf_size < size) {
            return len;         /* will never fit this ring: dropped */
        }
        e1000_raise_cause(s, E1000_ICR_RXO);
        return 0;               /* wait for the guest to hand over buffers */
    }
    head = e1000_reg(s, E1000_RDH);
    for (done = 0; done < size; ) {
        uint64_t desc_addr = base + (uint64_t)head * E1000_DESC_SIZE;
        uint8_t desc[E1000_DESC_SIZE];
        uint32_t chunk = MIN(buf_size, size - done);
        uint64_t buf_addr;

        pci_dma_read(&s->pci, desc_addr, desc, sizeof(desc));
        buf_addr = (uint64_t)pci_get_long(desc + 4) << 32 | pci_get_long(desc);
        /* a null buffer address: the descriptor is consumed, nothing written */
        if (buf_addr) {
            pci_dma_write(&s->pci, buf_addr, frame + done, chunk);
        }
        done += chunk;
        pci_set_word(desc + 8, chunk);
        pci_set_word(desc + 10, 0);
        desc[12] = E1000_RXD_STAT_DD | E1000_RXD_STAT_IXSM |
                   (done == size ? E1000_RXD_STAT_EOP : 0) | (vlan ? E1000_RXD_STAT_VP : 0);
        desc[13] = 0;
        pci_set_word(desc + 14, vlan_tag);
        pci_dma_write(&s->pci, desc_addr + 8, desc + 8, 8);
        head = (head + 1) % n;
    }
    e1000_set_reg(s, E1000_RDH, head);

    e1000_count(s, E1000_GPRC, 1);
    e1000_count(s, E1000_TPR, 1);
    e1000_count(s, E1000_GORCL, size);
    avail = e1000_rx_free_descs(s, &n);
    e1000_raise_cause(s, E1000_ICR_RXT0 |
                      (avail <= n >> (((rctl >> E1000_RCTL_RDMTS_SHIFT) & 3) + 1)
                       ? E1000_ICR_RXDMT0 : 0));
    return len;
}
