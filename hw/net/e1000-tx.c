/*
 * e1000 transmit: descriptors from TDH to TDT are gathered into a packet
 * (legacy descriptors, or context + data descriptors), and at end of
 * packet the offloads Linux's driver relies on are done: TCP/UDP checksum
 * insertion, and TCP segmentation (TSO) of up to 64 KiB into MSS-sized
 * frames with their IP lengths and ids, TCP sequence numbers, flags and
 * checksums fixed up. VLAN tags are inserted when CTRL.VME is set.
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "hw/net/e1000-internal.h"
#include "net/checksum.h"
#include "net/tso.h"

void e1000_tx_reset(E1000State *s)
{
    memset(&s->ctx, 0, sizeof(s->ctx));
    s->tx_len = 0;
    s->tx_overflow = false;
    s->tx_first = true;
    s->tx_tse = false;
    s->tx_vle = false;
}

static void put_be16(uint8_t *p, uint16_t v)
{
    p[0] = v >> 8;
    p[1] = v;
}

static void e1000_send_frame(E1000State *s, uint8_t *buf, uint32_t len)
{
    if (s->tx_vle && (e1000_reg(s, E1000_CTRL) & E1000_CTRL_VME) && len >= 12) {
        uint8_t *tagged = qemu_malloc(len + VLAN_HLEN);

        memcpy(tagged, buf, 12);
        put_be16(tagged + 12, e1000_reg(s, 0x0038));   /* VET: the tag's type */
        put_be16(tagged + 14, s->tx_vlan);
        memcpy(tagged + 16, buf + 12, len - 12);
        qemu_send_packet(s->nc, tagged, len + VLAN_HLEN);
        free(tagged);
        len += VLAN_HLEN;
    } else {
        qemu_send_packet(s->nc, buf, len);
    }
    e1000_count(s, E1000_GPTC, 1);
    e1000_count(s, E1000_TPT, 1);
    e1000_count(s, E1000_GOTCL, len);
}

static void e1000_send_segment(void *opaque, uint8_t *frame, size_t len)
{
    e1000_send_frame(opaque, frame, len);
}

/* Cut the gathered TSO packet (headers + payload) into MSS-sized frames. */
static void e1000_tso_send(E1000State *s)
{
    E1000TxContext *c = &s->ctx;
    NetTsoParams params = {
        .l3_off = c->ipcss, .l4_off = c->tucss, .hdr_len = c->hdr_len, .mss = c->mss,
        .ipv4 = c->ipv4,
    };

    /* the checksums are made anew for each frame, as POPTS asks of a TSO packet */
    if (!c->tcp || !net_tso_segment(s->tx_buf, s->tx_len, &params, e1000_send_segment, s)) {
        qemu_log_mask(LOG_GUEST_ERROR, "e1000: TSO context does not fit its packet\n");
    }
}

/* end of packet: offloads, then out */
static void e1000_tx_packet_done(E1000State *s, bool legacy, uint8_t css, uint8_t cso,
                                 bool insert_cksum)
{
    E1000TxContext *c = &s->ctx;

    if (s->tx_overflow || s->tx_len == 0) {
        qemu_log_mask(LOG_GUEST_ERROR, "e1000: dropped a transmit packet of %s length\n",
                      s->tx_overflow ? "excessive" : "zero");
    } else if (legacy) {
        if (insert_cksum) {
            net_checksum_insert(s->tx_buf, s->tx_len, css, 0, cso);
        }
        e1000_send_frame(s, s->tx_buf, s->tx_len);
    } else if (s->tx_tse && c->tse) {
        e1000_tso_send(s);
    } else {
        if (s->tx_popts & E1000_TXD_POPTS_IXSM && c->ipcso + 2 <= s->tx_len) {
            put_be16(s->tx_buf + c->ipcso, 0);
            net_checksum_insert(s->tx_buf, s->tx_len, c->ipcss, c->ipcse ? c->ipcse + 1 : 0, c->ipcso);
        }
        if (s->tx_popts & E1000_TXD_POPTS_TXSM) {
            net_checksum_insert(s->tx_buf, s->tx_len, c->tucss, c->tucse ? c->tucse + 1 : 0, c->tucso);
        }
        e1000_send_frame(s, s->tx_buf, s->tx_len);
    }
    s->tx_len = 0;
    s->tx_overflow = false;
    s->tx_first = true;
    s->tx_tse = false;
    s->tx_vle = false;
}

static void e1000_tx_append(E1000State *s, uint64_t addr, uint32_t len)
{
    if (s->tx_overflow || len > E1000_TX_BUF_SIZE - s->tx_len) {
        s->tx_overflow = true;
        return;
    }
    pci_dma_read(&s->pci, addr, s->tx_buf + s->tx_len, len);
    s->tx_len += len;
}

/* one descriptor; true when it asks for a status write-back (RS/RPS) */
static bool e1000_tx_descriptor(E1000State *s, const uint8_t *desc)
{
    uint64_t addr = (uint64_t)pci_get_long(desc + 4) << 32 | pci_get_long(desc);
    uint32_t lower = pci_get_long(desc + 8);
    bool eop = lower & E1000_TXD_CMD_EOP;

    if (!(lower & E1000_TXD_CMD_DEXT)) {
        /* legacy: length, checksum offset and command; css and VLAN tag above */
        if (s->tx_first) {
            s->tx_vle = lower & E1000_TXD_CMD_VLE;
            s->tx_vlan = pci_get_word(desc + 14);
            s->tx_first = false;
        }
        e1000_tx_append(s, addr, lower & 0xffff);
        if (eop) {
            e1000_tx_packet_done(s, true, desc[13], desc[10], lower & E1000_TXD_CMD_IC);
        }
    } else if ((lower & E1000_TXD_DTYP_MASK) == 0) {
        /* context: where the checksums go and how TSO cuts */
        E1000TxContext *c = &s->ctx;
        c->ipcss = desc[0];
        c->ipcso = desc[1];
        c->ipcse = pci_get_word(desc + 2);
        c->tucss = desc[4];
        c->tucso = desc[5];
        c->tucse = pci_get_word(desc + 6);
        c->paylen = lower & 0xfffff;
        c->tcp = lower & E1000_TXD_CMD_TCP;
        c->ipv4 = lower & E1000_TXD_CMD_IP;
        c->tse = lower & E1000_TXD_CMD_TSE;
        c->hdr_len = desc[13];
        c->mss = pci_get_word(desc + 14);
    } else if ((lower & E1000_TXD_DTYP_MASK) == E1000_TXD_DTYP_DATA) {
        if (s->tx_first) {
            s->tx_popts = desc[13];
            s->tx_tse = lower & E1000_TXD_CMD_TSE;
            s->tx_vle = lower & E1000_TXD_CMD_VLE;
            s->tx_vlan = pci_get_word(desc + 14);
            s->tx_first = false;
        }
        e1000_tx_append(s, addr, lower & 0xfffff);
        if (eop) {
            e1000_tx_packet_done(s, false, 0, 0, false);
        }
    } else {
        qemu_log_mask(LOG_GUEST_ERROR, "e1000: transmit descriptor of unknown type\n");
    }
    return lower & (E1000_TXD_CMD_RS | E1000_TXD_CMD_RPS);
}

/*
 * The ring is re-read at every descriptor: a status write-back may land
 * in the NIC's own registers (a guest pointing its ring there) and move
 * TDT or reset the NIC; such a write does not start a nested run, and the
 * run stops after one lap of the ring whatever the guest does.
 */
void e1000_transmit(E1000State *s)
{
    uint32_t cause = E1000_ICR_TXQE;
    uint32_t budget = E1000_MAX_RING;

    if (s->tx_active) {
        return;
    }
    s->tx_active = true;
    while (budget--) {
        uint64_t base = (uint64_t)e1000_reg(s, E1000_TDBAH) << 32 | e1000_reg(s, E1000_TDBAL);
        uint32_t n = e1000_reg(s, E1000_TDLEN) / E1000_DESC_SIZE;
        uint32_t head = e1000_reg(s, E1000_TDH), tail = e1000_reg(s, E1000_TDT);
        uint64_t desc_addr = base + (uint64_t)head * E1000_DESC_SIZE;
        uint8_t desc[E1000_DESC_SIZE];

        if (!(e1000_reg(s, E1000_TCTL) & E1000_TCTL_EN) || n == 0 || head >= n || tail >= n ||
            head == tail) {
            break;
        }
        e1000_set_reg(s, E1000_TDH, (head + 1) % n);
        pci_dma_read(&s->pci, desc_addr, desc, sizeof(desc));
        if (e1000_tx_descriptor(s, desc)) {
            uint8_t status = desc[12] | E1000_TXD_STAT_DD;
            pci_dma_write(&s->pci, desc_addr + 12, &status, 1);
            cause |= E1000_ICR_TXDW;
        }
    }
    s->tx_active = false;
    e1000_raise_cause(s, cause);
}
