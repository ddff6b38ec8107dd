/*
 * virtio-net over PCI (-device virtio-net-pci, 1af4:1000): a receive and
 * a transmit queue on the virtio core (hw/virtio/), the MAC and the link
 * status in the config space, mergeable receive buffers, and the offloads
 * that spare the guest work: checksums and TCP segmentation of what it
 * sends (done here), and received frames marked as already checked
 * (slirp makes them with correct checksums).
 */
#include "qemu/osdep.h"
#include "hw/virtio/virtio-pci.h"
#include "net/checksum.h"
#include "net/nic.h"
#include "net/tso.h"
#include "qemu/timer.h"

/* feature bits */
#define VIRTIO_NET_F_CSUM       0       /* the guest may send partial checksums */
#define VIRTIO_NET_F_GUEST_CSUM 1       /* frames to the guest may skip its check */
#define VIRTIO_NET_F_MAC        5
#define VIRTIO_NET_F_HOST_TSO4  11
#define VIRTIO_NET_F_HOST_TSO6  12
#define VIRTIO_NET_F_MRG_RXBUF  15
#define VIRTIO_NET_F_STATUS     16
/* config space: mac[6], status (LE16) */
#define VIRTIO_NET_CONFIG_SIZE  8
#define VIRTIO_NET_S_LINK_UP    1
/* virtio_net_hdr: 10 bytes, 12 with num_buffers (mergeable or virtio 1.0) */
#define VIRTIO_NET_HDR_SIZE     10
#define VIRTIO_NET_HDR_MRG_SIZE 12
#define VIRTIO_NET_HDR_F_NEEDS_CSUM 1
#define VIRTIO_NET_HDR_F_DATA_VALID 2
#define VIRTIO_NET_HDR_GSO_NONE     0
#define VIRTIO_NET_HDR_GSO_TCPV4    1
#define VIRTIO_NET_HDR_GSO_TCPV6    4
#define VIRTIO_NET_QUEUE_SIZE   256
#define VIRTIO_NET_MAX_FRAME    (65536 + 256)   /* a segmentation packet and its headers */
#define ETH_HLEN                14
#define ETH_P_8021Q             0x8100
#define VIRTIO_NET_TX_BATCH     256     /* frames per kick before others get a turn */

typedef struct VirtIONetPCI {
    VirtIOPCIProxy proxy;
    VirtIODevice vdev;
    NICConf conf;
    NetClientState *nc;
    VirtQueue *rx_vq, *tx_vq;
    size_t hdr_len;                     /* as the negotiated features say */
    bool mergeable;
    bool guest_csum;                    /* mark received frames DATA_VALID */
    QEMUTimer tx_timer;                 /* transmit from the main loop, in batches */
    uint8_t *tx_buf;
} VirtIONetPCI;

static bool virtio_net_driver_ready(VirtIONetPCI *s)
{
    return (s->vdev.status & VIRTIO_CONFIG_S_DRIVER_OK) && virtio_queue_ready(s->rx_vq);
}

static bool virtio_net_can_receive(NetClientState *nc)
{
    VirtIONetPCI *s = nc->opaque;

    /* without a driver frames are dropped, not kept for later */
    return !virtio_net_driver_ready(s) || !virtio_queue_empty(s->rx_vq);
}

static ssize_t virtio_net_receive(NetClientState *nc, const uint8_t *buf, size_t len)
{
    VirtIONetPCI *s = nc->opaque;
    const uint8_t hdr[VIRTIO_NET_HDR_MRG_SIZE] = {
        s->guest_csum ? VIRTIO_NET_HDR_F_DATA_VALID : 0
    };
    size_t total = s->hdr_len + len, done = 0;
    VirtQueueElement *first = NULL;
    unsigned int count = 0;

    if (!virtio_net_driver_ready(s)) {
        return len;
    }
    if (!virtqueue_avail_bytes(s->rx_vq, total, 0)) {
        return 0;               /* the driver's next kick flushes the queue */
    }
    /* the header, then the frame, across as many buffers as it takes */
    while (done < total) {
        VirtQueueElement *elem = virtqueue_pop(s->rx_vq);
        size_t room, n = 0;

        if (!elem) {
            break;              /* the device broke */
        }
        room = iov_size(elem->in_sg, elem->in_num);
        if ((!s->mergeable && room < total) || (!first && room < s->hdr_len)) {
            virtqueue_fill(s->rx_vq, elem, 0, count++);
            free(elem);
            virtio_error(&s->vdev, "receive buffer of %zu bytes for a %zu-byte frame",
                         room, total);
            break;
        }
        if (!first) {
            n = iov_from_buf(elem->in_sg, elem->in_num, 0, hdr, s->hdr_len);
        }
        n += iov_from_buf(elem->in_sg, elem->in_num, n, buf + done + n - s->hdr_len,
                          total - done - n);
        virtqueue_fill(s->rx_vq, elem, n, count++);
        done += n;
        if (!first) {
            first = elem;
        } else {
            free(elem);
        }
        if (!s->mergeable) {
            break;
        }
    }
    if (s->mergeable && first) {
        /* num_buffers, known only now, in the first buffer's header */
        uint8_t num_buffers[2];
        virtio_st16(num_buffers, count);
        iov_from_buf(first->in_sg, first->in_num, VIRTIO_NET_HDR_SIZE, num_buffers, 2);
    }
    free(first);
    virtqueue_flush(s->rx_vq, count);
    virtio_notify(&s->vdev, s->rx_vq);
    return len;
}

static void virtio_net_handle_rx(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIONetPCI *s = container_of(vdev, VirtIONetPCI, vdev);

    qemu_flush_queued_packets(s->nc);
}

static void virtio_net_send_segment(void *opaque, uint8_t *frame, size_t len)
{
    VirtIONetPCI *s = opaque;

    qemu_send_packet(s->nc, frame, len);
}

/* a frame from the guest with its header: checksum, segment, send */
static void virtio_net_send(VirtIONetPCI *s, const uint8_t *hdr, size_t len)
{
    uint8_t flags = hdr[0], gso_type = hdr[1] & 0x7f;
    uint16_t csum_start = virtio_ld16(hdr + 6), csum_offset = virtio_ld16(hdr + 8);
    uint8_t *buf = s->tx_buf;

    if (gso_type == VIRTIO_NET_HDR_GSO_TCPV4 || gso_type == VIRTIO_NET_HDR_GSO_TCPV6) {
        /* the headers' real length from the frame; the driver's hdr_len is a hint */
        uint32_t l3 = len >= ETH_HLEN + 4 && (buf[12] << 8 | buf[13]) == ETH_P_8021Q
                      ? ETH_HLEN + 4 : ETH_HLEN;
        NetTsoParams params = {
            .l3_off = l3, .l4_off = csum_start, .mss = virtio_ld16(hdr + 4),
            .ipv4 = gso_type == VIRTIO_NET_HDR_GSO_TCPV4,
        };
        if ((uint32_t)csum_start + 13 < len) {
            params.hdr_len = csum_start + (buf[csum_start + 12] >> 4) * 4;
        }
        if (!(flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) || params.hdr_len == 0 ||
            !net_tso_segment(buf, len, &params, virtio_net_send_segment, s)) {
            virtio_error(&s->vdev, "segmentation offload with headers that do not fit");
        }
        return;
    }
    if (flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) {
        net_checksum_insert(buf, len, csum_start, 0, (size_t)csum_start + csum_offset);
    }
    qemu_send_packet(s->nc, buf, len);
}

/*
 * A kick does not transmit at once: notifications go off and the queue is
 * emptied from the main loop, so that a guest streaming data queues more
 * frames meanwhile (each kick is a guest exit; and slirp acknowledges every
 * frame at once, which would otherwise make the guest send one small
 * segment per round trip).
 */
static void virtio_net_handle_tx(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIONetPCI *s = container_of(vdev, VirtIONetPCI, vdev);

    virtio_queue_set_notification(vq, false);
    if (!timer_pending(&s->tx_timer)) {
        timer_mod_ns(&s->tx_timer, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
    }
}

/* send what the queue holds, up to a batch; how many went */
static unsigned int virtio_net_flush_tx(VirtIONetPCI *s)
{
    VirtIODevice *vdev = &s->vdev;
    VirtQueue *vq = s->tx_vq;
    VirtQueueElement *elem;
    uint8_t hdr[VIRTIO_NET_HDR_SIZE];
    unsigned int sent = 0;

    while (sent < VIRTIO_NET_TX_BATCH && (elem = virtqueue_pop(vq))) {
        size_t size = iov_size(elem->out_sg, elem->out_num);

        if (size < s->hdr_len || size - s->hdr_len > VIRTIO_NET_MAX_FRAME) {
            virtqueue_push(vq, elem, 0);
            free(elem);
            virtio_error(vdev, "transmit chain of %zu bytes", size);
            return sent;
        }
        iov_to_buf(elem->out_sg, elem->out_num, 0, hdr, VIRTIO_NET_HDR_SIZE);
        size = iov_to_buf(elem->out_sg, elem->out_num, s->hdr_len, s->tx_buf,
                          size - s->hdr_len);
        virtio_net_send(s, hdr, size);
        virtqueue_push(vq, elem, 0);
        free(elem);
        sent++;
    }
    virtio_notify(vdev, vq);
    return sent;
}

static void virtio_net_tx_timer_expired(void *opaque)
{
    VirtIONetPCI *s = opaque;

    if (virtio_net_flush_tx(s) == VIRTIO_NET_TX_BATCH) {
        /* more may wait: give the guest a turn, then carry on */
        timer_mod_ns(&s->tx_timer, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
        return;
    }
    virtio_queue_set_notification(s->tx_vq, true);
    /* frames queued before notifications came back on would wait for ever */
    if (!virtio_queue_empty(s->tx_vq)) {
        virtio_net_handle_tx(&s->vdev, s->tx_vq);
    }
}

static void virtio_net_get_config(VirtIODevice *vdev, uint8_t *config)
{
    VirtIONetPCI *s = container_of(vdev, VirtIONetPCI, vdev);

    memcpy(config, s->conf.macaddr.a, 6);
    virtio_st16(config + 6, s->nc->link_down ? 0 : VIRTIO_NET_S_LINK_UP);
}

static void virtio_net_set_features(VirtIODevice *vdev, uint64_t features)
{
    VirtIONetPCI *s = container_of(vdev, VirtIONetPCI, vdev);

    s->mergeable = (features >> VIRTIO_NET_F_MRG_RXBUF) & 1;
    s->guest_csum = (features >> VIRTIO_NET_F_GUEST_CSUM) & 1;
    s->hdr_len = s->mergeable || ((features >> VIRTIO_F_VERSION_1) & 1)
                 ? VIRTIO_NET_HDR_MRG_SIZE : VIRTIO_NET_HDR_SIZE;
}

static void virtio_net_set_status(VirtIODevice *vdev, uint8_t status)
{
    VirtIONetPCI *s = container_of(vdev, VirtIONetPCI, vdev);

    if (status & VIRTIO_CONFIG_S_DRIVER_OK) {
        qemu_flush_queued_packets(s->nc);
    }
}

static void virtio_net_reset(VirtIODevice *vdev)
{
    VirtIONetPCI *s = container_of(vdev, VirtIONetPCI, vdev);

    s->mergeable = false;
    s->guest_csum = false;
    s->hdr_len = VIRTIO_NET_HDR_SIZE;
    timer_del(&s->tx_timer);
    qemu_purge_queued_packets(s->nc);
}

static void virtio_net_link_status_changed(NetClientState *nc)
{
    VirtIONetPCI *s = nc->opaque;

    virtio_notify_config(&s->vdev);
}

static const VirtIODeviceClass virtio_net_class = {
    .name = "virtio-net",
    .device_id = VIRTIO_ID_NET,
    .get_config = virtio_net_get_config,
    .set_features = virtio_net_set_features,
    .set_status = virtio_net_set_status,
    .reset = virtio_net_reset,
};

static const NetClientInfo virtio_net_info = {
    .kind = NET_CLIENT_NIC,
    .type = "nic",
    .size = sizeof(NetClientState),
    .receive = virtio_net_receive,
    .can_receive = virtio_net_can_receive,
    .link_status_changed = virtio_net_link_status_changed,
};

static bool virtio_net_pci_realize(DeviceState *dev, BusState *bus, char **errp)
{
    VirtIONetPCI *s = (VirtIONetPCI *)dev;

    s->nc = qemu_new_nic(&virtio_net_info, &s->conf, "virtio-net-pci", dev, errp);
    if (!s->nc) {
        return false;
    }
    s->nc->opaque = s;
    s->hdr_len = VIRTIO_NET_HDR_SIZE;
    s->tx_buf = qemu_malloc(VIRTIO_NET_MAX_FRAME);
    timer_init_ns(&s->tx_timer, QEMU_CLOCK_VIRTUAL, virtio_net_tx_timer_expired, s);
    virtio_init(&s->vdev, &virtio_net_class, VIRTIO_NET_CONFIG_SIZE);
    s->vdev.host_features |= 1ull << VIRTIO_NET_F_MAC | 1ull << VIRTIO_NET_F_STATUS |
                             1ull << VIRTIO_NET_F_MRG_RXBUF | 1ull << VIRTIO_NET_F_CSUM |
                             1ull << VIRTIO_NET_F_GUEST_CSUM |
                             1ull << VIRTIO_NET_F_HOST_TSO4 | 1ull << VIRTIO_NET_F_HOST_TSO6;
    s->rx_vq = virtio_add_queue(&s->vdev, VIRTIO_NET_QUEUE_SIZE, virtio_net_handle_rx);
    s->tx_vq = virtio_add_queue(&s->vdev, VIRTIO_NET_QUEUE_SIZE, virtio_net_handle_tx);
    return virtio_pci_realize(&s->proxy, &s->vdev, bus, errp);
}

static void virtio_net_pci_reset(DeviceState *dev)
{
    virtio_pci_reset(&((VirtIONetPCI *)dev)->proxy);
}

static const Property virtio_net_pci_props[] = {
    DEFINE_VIRTIO_PCI_PROPS(VirtIONetPCI, proxy),
    DEFINE_NIC_PROPERTIES(VirtIONetPCI, conf),
    DEFINE_PROP_END,
};

static DeviceClass virtio_net_pci_class = {
    .name = "virtio-net-pci",
    .desc = "Virtio network device",
    .category = DEVICE_CATEGORY_NETWORK,
    .bus_type = "PCI",
    .instance_size = sizeof(VirtIONetPCI),
    .user_creatable = true,
    .props = virtio_net_pci_props,
    .realize = virtio_net_pci_realize,
    .reset = virtio_net_pci_reset,
};
DEVICE_REGISTER(virtio_net_pci_class)
