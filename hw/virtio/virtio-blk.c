/*
 * virtio-blk: a disk on one virtqueue. Each request is a header (type,
 * sector), data buffers, and a status byte the device writes last. Reads
 * and writes go to the block layer asynchronously with the guest's buffers
 * as the I/O vectors (no copies); completions that arrive while the queue
 * is being processed share one interrupt.
 */
#include "hw/virtio/virtio-blk.h"
#include "hw/virtio/virtio-pci.h"
#include "sysemu/blockdev.h"

/* device feature bits */
#define VIRTIO_BLK_F_SEG_MAX    2
#define VIRTIO_BLK_F_RO         5
#define VIRTIO_BLK_F_BLK_SIZE   6
#define VIRTIO_BLK_F_FLUSH      9
#define VIRTIO_BLK_F_TOPOLOGY   10
#define VIRTIO_BLK_F_CONFIG_WCE 11

/* request types and status values */
#define VIRTIO_BLK_T_IN         0
#define VIRTIO_BLK_T_OUT        1
#define VIRTIO_BLK_T_FLUSH      4
#define VIRTIO_BLK_T_GET_ID     8
#define VIRTIO_BLK_S_OK         0
#define VIRTIO_BLK_S_IOERR      1
#define VIRTIO_BLK_S_UNSUPP     2

#define VIRTIO_BLK_HDR_SIZE     16      /* le32 type, le32 ioprio, le64 sector */
#define VIRTIO_BLK_ID_BYTES     20

/* config space (struct virtio_blk_config) up to num_queues */
#define CFG_CAPACITY            0x00
#define CFG_SEG_MAX             0x0c
#define CFG_BLK_SIZE            0x14
#define CFG_PHYSICAL_BLOCK_EXP  0x18
#define CFG_WRITEBACK           0x20
#define CFG_NUM_QUEUES          0x22
#define VIRTIO_BLK_CONFIG_SIZE  0x24

typedef struct VirtIOBlock {
    VirtIODevice vdev;
    VirtQueue *vq;
    DriveInfo *dinfo;
    BlockBackend *blk;
    const char *serial;
    unsigned int queue_size;
    bool writeback;             /* the write cache as the driver sees it */
    bool in_handler;            /* completions now share the handler's interrupt */
    bool notify_pending;
    uint32_t reset_count;       /* requests from before a reset leave the guest alone */
} VirtIOBlock;

typedef struct VirtIOBlockPCI {
    VirtIOPCIProxy proxy;       /* first: the qdev device */
    VirtIOBlock blk;
    char *drive;                /* properties */
    char *serial;
    uint32_t queue_size;
} VirtIOBlockPCI;

typedef struct VirtIOBlockReq {
    VirtIOBlock *s;
    VirtQueueElement *elem;
    uint8_t *status;            /* the last byte of the last in buffer */
    uint32_t in_len;            /* bytes written into the guest, status included */
    uint32_t reset_count;
    unsigned int niov;
    struct iovec iov[];         /* the data buffers */
} VirtIOBlockReq;

static void virtio_blk_complete(VirtIOBlockReq *req, uint8_t status)
{
    VirtIOBlock *s = req->s;

    if (req->reset_count == s->reset_count) {
        *req->status = status;
        virtqueue_push(s->vq, req->elem, req->in_len);
        if (s->in_handler) {
            s->notify_pending = true;
        } else {
            virtio_notify(&s->vdev, s->vq);
        }
    }
    free(req->elem);
    free(req);
}

static void virtio_blk_rw_done(void *opaque, int ret)
{
    virtio_blk_complete(opaque, ret < 0 ? VIRTIO_BLK_S_IOERR : VIRTIO_BLK_S_OK);
}

/* write-through cache: a write completes once it is on stable storage */
static void virtio_blk_write_done(void *opaque, int ret)
{
    VirtIOBlockReq *req = opaque;

    if (ret < 0 || req->s->writeback) {
        virtio_blk_rw_done(req, ret);
    } else {
        blk_aio_flush(req->s->blk, virtio_blk_rw_done, req);
    }
}

/* an IN or OUT of the data in req->iov at sector */
static void virtio_blk_rw(VirtIOBlockReq *req, bool is_write, uint64_t sector)
{
    VirtIOBlock *s = req->s;
    uint64_t bytes = iov_size(req->iov, req->niov);
    int64_t len = blk_getlength(s->blk);
    uint64_t capacity = len < 0 ? 0 : (uint64_t)len / BDRV_SECTOR_SIZE;

    if (bytes % BDRV_SECTOR_SIZE || sector > capacity ||
        bytes / BDRV_SECTOR_SIZE > capacity - sector ||
        (is_write && blk_is_read_only(s->blk))) {
        virtio_blk_complete(req, VIRTIO_BLK_S_IOERR);
    } else if (bytes == 0) {
        virtio_blk_complete(req, VIRTIO_BLK_S_OK);
    } else if (is_write) {
        blk_aio_pwritev(s->blk, sector * BDRV_SECTOR_SIZE, req->iov, req->niov,
                        virtio_blk_write_done, req);
    } else {
        blk_aio_preadv(s->blk, sector * BDRV_SECTOR_SIZE, req->iov, req->niov,
                       virtio_blk_rw_done, req);
    }
}

static void virtio_blk_handle_request(VirtIOBlock *s, VirtQueueElement *elem)
{
    uint8_t hdr[VIRTIO_BLK_HDR_SIZE];
    size_t in_size, out_size;
    VirtIOBlockReq *req;
    struct iovec *last;
    uint32_t type;

    if (elem->in_num < 1 ||
        iov_to_buf(elem->out_sg, elem->out_num, 0, hdr, sizeof(hdr)) != sizeof(hdr)) {
        virtio_error(&s->vdev, "request without a header or a status byte");
        free(elem);
        return;
    }
    in_size = iov_size(elem->in_sg, elem->in_num);
    out_size = iov_size(elem->out_sg, elem->out_num);
    req = qemu_malloc(sizeof(*req) + sizeof(struct iovec) * MAX(elem->in_num, elem->out_num));
    req->s = s;
    req->elem = elem;
    last = &elem->in_sg[elem->in_num - 1];
    req->status = (uint8_t *)last->iov_base + last->iov_len - 1;
    req->in_len = 1;
    req->reset_count = s->reset_count;
    req->niov = 0;
    type = virtio_ld32(hdr);

    switch (type) {
    case VIRTIO_BLK_T_IN:
        /* everything writable before the status byte is data */
        req->niov = iov_copy(req->iov, elem->in_num, elem->in_sg, elem->in_num, 0, in_size - 1);
        req->in_len = in_size;
        virtio_blk_rw(req, false, virtio_ld64(hdr + 8));
        break;
    case VIRTIO_BLK_T_OUT:
        req->niov = iov_copy(req->iov, elem->out_num, elem->out_sg, elem->out_num,
                             sizeof(hdr), out_size - sizeof(hdr));
        virtio_blk_rw(req, true, virtio_ld64(hdr + 8));
        break;
    case VIRTIO_BLK_T_FLUSH:
        blk_aio_flush(s->blk, virtio_blk_rw_done, req);
        break;
    case VIRTIO_BLK_T_GET_ID: {
        /* the serial, NUL-padded to 20 bytes (not terminated if it fills them) */
        char id[VIRTIO_BLK_ID_BYTES] = { 0 };
        strncpy(id, s->serial ? s->serial : "", sizeof(id));
        req->in_len = iov_from_buf(elem->in_sg, elem->in_num, 0, id,
                                   MIN(sizeof(id), in_size - 1)) + 1;
        virtio_blk_complete(req, VIRTIO_BLK_S_OK);
        break;
    }
    default:
        virtio_blk_complete(req, VIRTIO_BLK_S_UNSUPP);
        break;
    }
}

static void virtio_blk_handle_output(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIOBlock *s = container_of(vdev, VirtIOBlock, vdev);
    VirtQueueElement *elem;
    /*
     * The guest does not run while we do: at most a ring's worth of
     * requests can be waiting. More can only come from our own writes
     * landing on the available ring (a read into it, a used ring over
     * it), which must not keep us here for ever.
     */
    unsigned int budget = s->queue_size;

    s->in_handler = true;
    do {
        /* no kicks while we are draining the ring anyway */
        virtio_queue_set_notification(vq, false);
        while (budget && (elem = virtqueue_pop(vq))) {
            virtio_blk_handle_request(s, elem);
            budget--;
        }
        virtio_queue_set_notification(vq, true);
    } while (budget && !virtio_queue_empty(vq));
    s->in_handler = false;
    if (s->notify_pending) {
        s->notify_pending = false;
        virtio_notify(vdev, vq);
    }
}

static void virtio_blk_get_config(VirtIODevice *vdev, uint8_t *config)
{
    VirtIOBlock *s = container_of(vdev, VirtIOBlock, vdev);
    int64_t len = blk_getlength(s->blk);

    memset(config, 0, VIRTIO_BLK_CONFIG_SIZE);
    virtio_st64(config + CFG_CAPACITY, len < 0 ? 0 : (uint64_t)len / BDRV_SECTOR_SIZE);
    /* the header and the status byte take a descriptor each */
    virtio_st32(config + CFG_SEG_MAX, s->queue_size - 2);
    virtio_st32(config + CFG_BLK_SIZE, BDRV_SECTOR_SIZE);
    config[CFG_PHYSICAL_BLOCK_EXP] = 0;
    config[CFG_WRITEBACK] = s->writeback;
    virtio_st16(config + CFG_NUM_QUEUES, 1);
}

static void virtio_blk_set_config(VirtIODevice *vdev, const uint8_t *config)
{
    VirtIOBlock *s = container_of(vdev, VirtIOBlock, vdev);

    if (virtio_has_feature(vdev, VIRTIO_BLK_F_CONFIG_WCE)) {
        s->writeback = config[CFG_WRITEBACK] != 0;
    }
}

static void virtio_blk_set_features(VirtIODevice *vdev, uint64_t features)
{
    VirtIOBlock *s = container_of(vdev, VirtIOBlock, vdev);

    /* a driver that cannot flush gets a write-through disk */
    s->writeback = !s->dinfo->writethrough && (features >> VIRTIO_BLK_F_FLUSH & 1);
}

static void virtio_blk_reset(VirtIODevice *vdev)
{
    VirtIOBlock *s = container_of(vdev, VirtIOBlock, vdev);

    s->reset_count++;
    s->notify_pending = false;
    s->writeback = !s->dinfo->writethrough;
}

static const VirtIODeviceClass virtio_blk_class = {
    .name = "virtio-blk",
    .device_id = VIRTIO_ID_BLOCK,
    .get_config = virtio_blk_get_config,
    .set_config = virtio_blk_set_config,
    .set_features = virtio_blk_set_features,
    .reset = virtio_blk_reset,
};

static bool virtio_blk_pci_realize(DeviceState *dev, BusState *bus, char **errp)
{
    VirtIOBlockPCI *d = (VirtIOBlockPCI *)dev;
    VirtIOBlock *s = &d->blk;
    DriveInfo *dinfo;

    if (!d->drive) {
        error_setg(errp, "drive property not set");
        return false;
    }
    dinfo = drive_get_by_id(d->drive);
    if (!dinfo) {
        error_setg(errp, "no drive with id '%s'", d->drive);
        return false;
    }
    if (!blk_is_inserted(dinfo->blk)) {
        error_setg(errp, "drive '%s' has no medium", d->drive);
        return false;
    }
    if (d->queue_size < 4 || d->queue_size > VIRTQUEUE_MAX_SIZE ||
        (d->queue_size & (d->queue_size - 1))) {
        error_setg(errp, "queue-size %u is not a power of two from 4 to %u",
                   d->queue_size, VIRTQUEUE_MAX_SIZE);
        return false;
    }
    if (d->serial && strlen(d->serial) > VIRTIO_BLK_ID_BYTES) {
        warn_report("virtio-blk-pci: serial '%s' is cut to %d characters",
                    d->serial, VIRTIO_BLK_ID_BYTES);
    }
    if (!drive_claim(dinfo, "virtio-blk-pci", errp)) {
        return false;
    }
    s->dinfo = dinfo;
    s->blk = dinfo->blk;
    s->serial = d->serial;
    s->queue_size = d->queue_size;
    virtio_init(&s->vdev, &virtio_blk_class, VIRTIO_BLK_CONFIG_SIZE);
    s->vdev.host_features |= 1ull << VIRTIO_BLK_F_SEG_MAX | 1ull << VIRTIO_BLK_F_BLK_SIZE |
                             1ull << VIRTIO_BLK_F_FLUSH | 1ull << VIRTIO_BLK_F_TOPOLOGY |
                             1ull << VIRTIO_BLK_F_CONFIG_WCE;
    if (blk_is_read_only(s->blk)) {
        s->vdev.host_features |= 1ull << VIRTIO_BLK_F_RO;
    }
    s->vq = virtio_add_queue(&s->vdev, s->queue_size, virtio_blk_handle_output);
    return virtio_pci_realize(&d->proxy, &s->vdev, bus, errp);
}

static void virtio_blk_pci_reset(DeviceState *dev)
{
    virtio_pci_reset(&((VirtIOBlockPCI *)dev)->proxy);
}

static const Property virtio_blk_pci_props[] = {
    DEFINE_VIRTIO_PCI_PROPS(VirtIOBlockPCI, proxy),
    DEFINE_PROP_STRING("drive", VirtIOBlockPCI, drive, "the -drive id of the disk image"),
    DEFINE_PROP_STRING("serial", VirtIOBlockPCI, serial, "disk serial number (GET_ID)"),
    DEFINE_PROP_UINT32("queue-size", VirtIOBlockPCI, queue_size, 256,
                       "virtqueue entries (a power of two)"),
    DEFINE_PROP_END,
};

static DeviceClass virtio_blk_pci_class = {
    .name = "virtio-blk-pci",
    .desc = "Virtio block device",
    .category = DEVICE_CATEGORY_STORAGE,
    .bus_type = "PCI",
    .instance_size = sizeof(VirtIOBlockPCI),
    .user_creatable = true,
    .props = virtio_blk_pci_props,
    .realize = virtio_blk_pci_realize,
    .reset = virtio_blk_pci_reset,
};
DEVICE_REGISTER(virtio_blk_pci_class)

bool virtio_blk_create_drive_devices(char **errp)
{
    BusState *bus = qbus_find("PCI");

    for (int i = 0; i <= drive_get_max_bus(IF_VIRTIO); i++) {
        DriveInfo *dinfo = drive_get(IF_VIRTIO, i, 0);
        DeviceState *dev;
        char *err = NULL;

        if (!dinfo) {
            continue;
        }
        if (!bus) {
            error_setg(errp, "drive '%s': if=virtio needs a PCI bus", dinfo->id);
            return false;
        }
        dev = qdev_new("virtio-blk-pci");
        if (!qdev_prop_set(dev, "drive", dinfo->id, &err) || !qdev_realize(dev, bus, &err)) {
            error_setg(errp, "drive '%s' (if=virtio): %s", dinfo->id, err);
            free(err);
            return false;
        }
    }
    return true;
}
