/*
 * Split virtqueues: taking requests from the available ring (descriptor
 * chains, indirect tables), returning them through the used ring, and the
 * notification suppression both ways (ring flags or event indexes).
 *
 * The rings live in guest memory and the guest may write anything there
 * at any time: every index is reduced or checked against the queue size,
 * chains are capped at their table's size (no loops), buffers are mapped
 * through the transport's bounds-checked DMA, and any violation breaks the
 * device (virtio_error) instead of being trusted.
 */
#include "virtqueue-int.h"

#define VRING_DESC_F_NEXT       1
#define VRING_DESC_F_WRITE      2
#define VRING_DESC_F_INDIRECT   4

#define VRING_AVAIL_F_NO_INTERRUPT 1
#define VRING_USED_F_NO_NOTIFY     1

/* byte offsets in the avail and used rings */
#define VRING_FLAGS_OFF         0
#define VRING_IDX_OFF           2
#define VRING_RING_OFF          4
#define VRING_USED_ELEM_SIZE    8

typedef struct VRingDesc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags;
    uint16_t next;
} VRingDesc;

uint64_t vring_part_size(const VirtQueue *vq, VRingPart part)
{
    switch (part) {
    case VRING_DESC:
        return (uint64_t)VRING_DESC_SIZE * vq->num;
    case VRING_AVAIL:   /* flags, idx, ring[num], used_event */
        return VRING_RING_OFF + 2ull * vq->num + 2;
    default:            /* flags, idx, ring[num] of {id, len}, avail_event */
        return VRING_RING_OFF + (uint64_t)VRING_USED_ELEM_SIZE * vq->num + 2;
    }
}

void virtqueue_reset(VirtQueue *vq)
{
    vq->num = vq->num_max;
    vq->enabled = false;
    memset(vq->ring_addr, 0, sizeof(vq->ring_addr));
    memset(vq->cache, 0, sizeof(vq->cache));
    vq->last_avail_idx = 0;
    vq->used_idx = 0;
    vq->signalled_used = 0;
    vq->signalled_used_valid = false;
    vq->notification = true;
    vq->inuse = 0;
    vq->epoch++;
    vq->vector = VIRTIO_NO_VECTOR;
}

/* ---- ring access: a cached host mapping, or DMA when that is impossible ---- */

static uint8_t *vring_host(VirtQueue *vq, VRingPart part)
{
    VirtIODevice *vdev = vq->vdev;
    VRingCache *c = &vq->cache[part];

    if (likely(c->host && c->as_generation == vdev->dma_as->generation &&
               c->dma_epoch == vdev->dma_epoch)) {
        return c->host;
    }
    uint64_t size = vring_part_size(vq, part), len = size;
    uint8_t *p = vdev->transport->dma_map(vdev->transport_opaque, vq->ring_addr[part],
                                          &len, part == VRING_USED);
    /* a ring split across regions (or not in RAM) goes through DMA each time */
    c->host = (p && len == size) ? p : NULL;
    c->as_generation = vdev->dma_as->generation;
    c->dma_epoch = vdev->dma_epoch;
    return c->host;
}

/* off + len is within the part (callers reduce indexes modulo num) */
static bool vring_read(VirtQueue *vq, VRingPart part, uint64_t off, void *buf, unsigned len)
{
    VirtIODevice *vdev = vq->vdev;
    uint8_t *host = vring_host(vq, part);

    if (likely(host)) {
        memcpy(buf, host + off, len);
        return true;
    }
    if (vdev->transport->dma_read(vdev->transport_opaque, vq->ring_addr[part] + off,
                                  buf, len) != MEMTX_OK) {
        virtio_error(vdev, "queue %u: ring at 0x%" PRIx64 " is not readable",
                     vq->index, vq->ring_addr[part]);
        return false;
    }
    return true;
}

static bool vring_write(VirtQueue *vq, VRingPart part, uint64_t off, const void *buf,
                        unsigned len)
{
    VirtIODevice *vdev = vq->vdev;
    uint8_t *host = vring_host(vq, part);
    uint64_t addr = vq->ring_addr[part] + off;

    if (likely(host)) {
        memcpy(host + off, buf, len);
        vdev->transport->dma_unmap(vdev->transport_opaque, addr, len, true);
        return true;
    }
    if (vdev->transport->dma_write(vdev->transport_opaque, addr, buf, len) != MEMTX_OK) {
        virtio_error(vdev, "queue %u: ring at 0x%" PRIx64 " is not writable",
                     vq->index, vq->ring_addr[part]);
        return false;
    }
    return true;
}

static bool vring_read16(VirtQueue *vq, VRingPart part, uint64_t off, uint16_t *val)
{
    uint8_t b[2];
    if (!vring_read(vq, part, off, b, 2)) {
        return false;
    }
    *val = virtio_ld16(b);
    return true;
}

static bool vring_write16(VirtQueue *vq, VRingPart part, uint64_t off, uint16_t val)
{
    uint8_t b[2];
    virtio_st16(b, val);
    return vring_write(vq, part, off, b, 2);
}

static bool event_idx(const VirtQueue *vq)
{
    return virtio_has_feature(vq->vdev, VIRTIO_RING_F_EVENT_IDX);
}

/* avail->idx, checked: it may run ahead of us by at most the queue size */
static bool vring_avail_idx(VirtQueue *vq, uint16_t *idx)
{
    if (!vring_read16(vq, VRING_AVAIL, VRING_IDX_OFF, idx)) {
        return false;
    }
    if ((uint16_t)(*idx - vq->last_avail_idx) > vq->num) {
        virtio_error(vq->vdev, "queue %u: available index %u is more than %u entries "
                     "ahead of %u", vq->index, *idx, vq->num, vq->last_avail_idx);
        return false;
    }
    return true;
}

/* the head descriptor of avail->ring[idx] */
static bool vring_avail_head(VirtQueue *vq, uint16_t idx, uint16_t *head)
{
    if (!vring_read16(vq, VRING_AVAIL, VRING_RING_OFF + 2u * (idx % vq->num), head)) {
        return false;
    }
    if (*head >= vq->num) {
        virtio_error(vq->vdev, "queue %u: head descriptor %u out of range (queue size %u)",
                     vq->index, *head, vq->num);
        return false;
    }
    return true;
}

/* ---- descriptor chains ---- */

static void desc_decode(const uint8_t *b, VRingDesc *d)
{
    d->addr = virtio_ld64(b);
    d->len = virtio_ld32(b + 8);
    d->flags = virtio_ld16(b + 12);
    d->next = virtio_ld16(b + 14);
}

/* called per descriptor of a chain; false stops the walk (after virtio_error) */
typedef bool DescVisitor(VirtQueue *vq, void *opaque, const VRingDesc *d);

/*
 * Visit the chain starting at head: either a chain in the descriptor table
 * or, if head is an indirect descriptor, the chain in the table it points
 * to. A chain visits each table entry at most once in effect: it is cut
 * at the table's size, so a loop ends as an error.
 */
static bool walk_chain(VirtQueue *vq, uint16_t head, DescVisitor *visit, void *opaque)
{
    VirtIODevice *vdev = vq->vdev;
    uint8_t raw[VRING_DESC_SIZE];
    uint8_t *table = NULL;      /* an indirect table, copied out of the guest */
    unsigned int table_size = vq->num, i = head, count = 0;
    bool seen_writable = false, ok = false;
    VRingDesc d;

    if (!vring_read(vq, VRING_DESC, (uint64_t)i * VRING_DESC_SIZE, raw, sizeof(raw))) {
        return false;
    }
    desc_decode(raw, &d);
    if (d.flags & VRING_DESC_F_INDIRECT) {
        if (d.flags & VRING_DESC_F_NEXT) {
            virtio_error(vdev, "queue %u: indirect descriptor %u is also chained",
                         vq->index, head);
            return false;
        }
        if (d.len == 0 || d.len % VRING_DESC_SIZE ||
            d.len / VRING_DESC_SIZE > VIRTQUEUE_MAX_SIZE) {
            virtio_error(vdev, "queue %u: bad indirect table length %u", vq->index, d.len);
            return false;
        }
        table_size = d.len / VRING_DESC_SIZE;
        table = qemu_malloc(d.len);
        if (vdev->transport->dma_read(vdev->transport_opaque, d.addr, table, d.len)
            != MEMTX_OK) {
            virtio_error(vdev, "queue %u: indirect table at 0x%" PRIx64 " is not readable",
                         vq->index, d.addr);
            goto out;
        }
        i = 0;
        desc_decode(table, &d);
    }
    for (;;) {
        if (++count > table_size) {
            virtio_error(vdev, "queue %u: descriptor chain from %u is longer than its "
                         "table (%u): a loop", vq->index, head, table_size);
            goto out;
        }
        if (d.flags & VRING_DESC_F_INDIRECT) {
            virtio_error(vdev, "queue %u: indirect descriptor inside a chain", vq->index);
            goto out;
        }
        if (d.flags & VRING_DESC_F_WRITE) {
            seen_writable = true;
        } else if (seen_writable) {
            virtio_error(vdev, "queue %u: device-readable descriptor after a writable one",
                         vq->index);
            goto out;
        }
        if (!visit(vq, opaque, &d)) {
            goto out;
        }
        if (!(d.flags & VRING_DESC_F_NEXT)) {
            break;
        }
        i = d.next;
        if (i >= table_size) {
            virtio_error(vdev, "queue %u: next descriptor %u out of range (%u)",
                         vq->index, i, table_size);
            goto out;
        }
        if (table) {
            desc_decode(table + (size_t)i * VRING_DESC_SIZE, &d);
        } else {
            if (!vring_read(vq, VRING_DESC, (uint64_t)i * VRING_DESC_SIZE, raw, sizeof(raw))) {
                goto out;
            }
            desc_decode(raw, &d);
        }
    }
    ok = true;
out:
    free(table);
    return ok;
}

/* the pieces of a chain being popped: out pieces first, then in pieces */
typedef struct ChainPieces {
    struct iovec iov[VIRTQUEUE_MAX_SIZE];
    hwaddr addr[VIRTQUEUE_MAX_SIZE];
    unsigned int out_num, in_num;
} ChainPieces;

static bool map_desc(VirtQueue *vq, void *opaque, const VRingDesc *d)
{
    VirtIODevice *vdev = vq->vdev;
    ChainPieces *pc = opaque;
    bool is_write = d->flags & VRING_DESC_F_WRITE;
    uint64_t addr = d->addr, left = d->len;

    if (left == 0) {
        virtio_error(vdev, "queue %u: zero-length buffer", vq->index);
        return false;
    }
    if (addr + left < addr) {
        virtio_error(vdev, "queue %u: buffer at 0x%" PRIx64 " wraps around", vq->index, addr);
        return false;
    }
    while (left) {
        unsigned int n = pc->out_num + pc->in_num;
        uint64_t len = left;
        void *p;

        if (n == VIRTQUEUE_MAX_SIZE) {
            virtio_error(vdev, "queue %u: request has more than %u pieces",
                         vq->index, VIRTQUEUE_MAX_SIZE);
            return false;
        }
        p = vdev->transport->dma_map(vdev->transport_opaque, addr, &len, is_write);
        if (!p) {
            virtio_error(vdev, "queue %u: buffer at 0x%" PRIx64 " is not in guest RAM",
                         vq->index, addr);
            return false;
        }
        pc->iov[n].iov_base = p;
        pc->iov[n].iov_len = len;
        pc->addr[n] = addr;
        if (is_write) {
            pc->in_num++;
        } else {
            pc->out_num++;
        }
        addr += len;
        left -= len;
    }
    return true;
}

static VirtQueueElement *element_new(const ChainPieces *pc, uint16_t head, uint32_t epoch)
{
    unsigned int n = pc->out_num + pc->in_num;
    VirtQueueElement *elem = qemu_malloc(sizeof(*elem) + n * (sizeof(struct iovec) +
                                                             sizeof(hwaddr)));
    struct iovec *iov = (struct iovec *)(elem + 1);
    hwaddr *addr = (hwaddr *)(iov + n);

    memcpy(iov, pc->iov, n * sizeof(*iov));
    memcpy(addr, pc->addr, n * sizeof(*addr));
    elem->index = head;
    elem->out_num = pc->out_num;
    elem->in_num = pc->in_num;
    elem->out_sg = iov;
    elem->in_sg = iov + pc->out_num;
    elem->out_addr = addr;
    elem->in_addr = addr + pc->out_num;
    elem->queue_epoch = epoch;
    return elem;
}

VirtQueueElement *virtqueue_pop(VirtQueue *vq)
{
    uint16_t avail_idx, head;
    ChainPieces pc;

    if (!virtio_queue_ready(vq) || !vring_avail_idx(vq, &avail_idx) ||
        avail_idx == vq->last_avail_idx ||
        !vring_avail_head(vq, vq->last_avail_idx, &head)) {
        return NULL;
    }
    pc.out_num = pc.in_num = 0;
    if (!walk_chain(vq, head, map_desc, &pc)) {
        return NULL;
    }
    vq->last_avail_idx++;
    vq->inuse++;
    if (event_idx(vq)) {
        /* kick us again only for entries after the ones we have seen */
        vring_write16(vq, VRING_USED, VRING_RING_OFF + VRING_USED_ELEM_SIZE * vq->num,
                      vq->last_avail_idx);
    }
    return element_new(&pc, head, vq->epoch);
}

typedef struct ChainBytes {
    uint64_t in, out;
} ChainBytes;

static bool count_desc(VirtQueue *vq, void *opaque, const VRingDesc *d)
{
    ChainBytes *b = opaque;
    if (d->flags & VRING_DESC_F_WRITE) {
        b->in += d->len;
    } else {
        b->out += d->len;
    }
    return true;
}

bool virtqueue_avail_bytes(VirtQueue *vq, unsigned int in_bytes, unsigned int out_bytes)
{
    ChainBytes total = { 0, 0 };
    uint16_t avail_idx, idx, head;

    if (!virtio_queue_ready(vq) || !vring_avail_idx(vq, &avail_idx)) {
        return false;
    }
    for (idx = vq->last_avail_idx; idx != avail_idx; idx++) {
        if (!vring_avail_head(vq, idx, &head) || !walk_chain(vq, head, count_desc, &total)) {
            return false;
        }
        if (total.in >= in_bytes && total.out >= out_bytes) {
            return true;
        }
    }
    return in_bytes == 0 && out_bytes == 0;
}

bool virtio_queue_empty(VirtQueue *vq)
{
    uint16_t avail_idx;
    return !virtio_queue_ready(vq) || !vring_avail_idx(vq, &avail_idx) ||
           avail_idx == vq->last_avail_idx;
}

bool virtio_queue_ready(VirtQueue *vq)
{
    return vq->enabled && !vq->vdev->broken;
}

/* ---- completion ---- */

void virtqueue_fill(VirtQueue *vq, const VirtQueueElement *elem, unsigned int len,
                    unsigned int idx)
{
    VirtIODevice *vdev = vq->vdev;
    uint8_t used[VRING_USED_ELEM_SIZE];
    uint64_t left = len;

    if (elem->queue_epoch != vq->epoch || !virtio_queue_ready(vq)) {
        return;     /* the device was reset meanwhile: nobody waits for it */
    }
    /* what the device wrote: translated code and dirty bits see it */
    for (unsigned int i = 0; i < elem->in_num && left; i++) {
        uint64_t n = MIN(left, elem->in_sg[i].iov_len);
        vdev->transport->dma_unmap(vdev->transport_opaque, elem->in_addr[i], n, true);
        left -= n;
    }
    virtio_st32(used, elem->index);
    virtio_st32(used + 4, len);
    vring_write(vq, VRING_USED,
                VRING_RING_OFF + VRING_USED_ELEM_SIZE * ((vq->used_idx + idx) % vq->num),
                used, sizeof(used));
}

void virtqueue_flush(VirtQueue *vq, unsigned int count)
{
    uint16_t old = vq->used_idx, new = old + count;

    if (!virtio_queue_ready(vq)) {
        return;
    }
    if (!vring_write16(vq, VRING_USED, VRING_IDX_OFF, new)) {
        return;
    }
    vq->used_idx = new;
    vq->inuse = vq->inuse > count ? vq->inuse - count : 0;
    /* the index wrapped past the last signalled one: the next notify must interrupt */
    if ((uint16_t)(new - vq->signalled_used) < (uint16_t)(new - old)) {
        vq->signalled_used_valid = false;
    }
}

void virtqueue_push(VirtQueue *vq, const VirtQueueElement *elem, unsigned int len)
{
    if (elem->queue_epoch != vq->epoch) {
        return;
    }
    virtqueue_fill(vq, elem, len, 0);
    virtqueue_flush(vq, 1);
}

/* ---- notification suppression ---- */

void virtio_queue_set_notification(VirtQueue *vq, bool enable)
{
    uint16_t val;

    vq->notification = enable;
    if (!virtio_queue_ready(vq)) {
        return;
    }
    if (event_idx(vq)) {
        /* a kick is wanted as soon as anything beyond what is there now arrives */
        if (enable && vring_read16(vq, VRING_AVAIL, VRING_IDX_OFF, &val)) {
            vring_write16(vq, VRING_USED, VRING_RING_OFF + VRING_USED_ELEM_SIZE * vq->num, val);
        }
    } else if (vring_read16(vq, VRING_USED, VRING_FLAGS_OFF, &val)) {
        val = enable ? val & ~VRING_USED_F_NO_NOTIFY : val | VRING_USED_F_NO_NOTIFY;
        vring_write16(vq, VRING_USED, VRING_FLAGS_OFF, val);
    }
}

static bool vring_should_notify(VirtQueue *vq)
{
    uint16_t old, new, event, flags;
    bool valid;

    if (virtio_has_feature(vq->vdev, VIRTIO_F_NOTIFY_ON_EMPTY) && vq->inuse == 0 &&
        virtio_queue_empty(vq)) {
        return true;
    }
    if (!event_idx(vq)) {
        return vring_read16(vq, VRING_AVAIL, VRING_FLAGS_OFF, &flags) &&
               !(flags & VRING_AVAIL_F_NO_INTERRUPT);
    }
    old = vq->signalled_used;
    valid = vq->signalled_used_valid;
    new = vq->signalled_used = vq->used_idx;
    vq->signalled_used_valid = true;
    if (!valid) {
        return true;
    }
    if (!vring_read16(vq, VRING_AVAIL, VRING_RING_OFF + 2u * vq->num, &event)) {
        return false;
    }
    /* did used->idx pass the driver's used_event since the last interrupt? */
    return (uint16_t)(new - event - 1) < (uint16_t)(new - old);
}

void virtio_notify(VirtIODevice *vdev, VirtQueue *vq)
{
    if (!virtio_queue_ready(vq) || !vring_should_notify(vq)) {
        return;
    }
    vdev->isr |= VIRTIO_ISR_QUEUE;
    vdev->transport->notify(vdev->transport_opaque, vq->vector);
}
