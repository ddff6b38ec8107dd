/*
 * Inside the virtio core: the split virtqueue's state, shared by the device
 * registers (virtio.c) and the ring processing (virtqueue.c). Device models
 * only see the opaque VirtQueue of include/hw/virtio/virtio.h.
 */
#ifndef HW_VIRTIO_VIRTQUEUE_INT_H
#define HW_VIRTIO_VIRTQUEUE_INT_H

#include "hw/virtio/virtio.h"

/* A ring part mapped to host memory while the address space is unchanged. */
typedef struct VRingCache {
    uint8_t *host;              /* NULL: not mapped (use DMA reads/writes) */
    uint32_t as_generation;
    uint32_t dma_epoch;
} VRingCache;

#define VRING_DESC_SIZE 16      /* addr, len, flags, next */

typedef enum VRingPart { VRING_DESC, VRING_AVAIL, VRING_USED, VRING_PARTS } VRingPart;

struct VirtQueue {
    VirtIODevice *vdev;
    unsigned int index;
    uint16_t num_max;           /* 0: the device has no such queue */
    uint16_t num;               /* ring entries in use (driver may shrink it) */
    bool enabled;               /* rings set up: modern queue_enable, legacy PFN */
    uint64_t ring_addr[VRING_PARTS];
    VRingCache cache[VRING_PARTS];
    uint16_t last_avail_idx;    /* next avail entry to take */
    uint16_t used_idx;          /* our copy of used->idx */
    uint16_t signalled_used;    /* used->idx when the guest was last interrupted */
    bool signalled_used_valid;
    bool notification;          /* the driver should kick us */
    unsigned int inuse;         /* popped, not yet flushed */
    uint32_t epoch;             /* bumped at reset */
    uint16_t vector;
    VirtIOHandleOutput *handle_output;
    bool in_handler;            /* handle_output running: a ring write into our
                                   own notify register must not recurse */
};

/* back to "not set up" (device reset) */
void virtqueue_reset(VirtQueue *vq);
/* bytes of each ring part for vq->num entries (with the event index words) */
uint64_t vring_part_size(const VirtQueue *vq, VRingPart part);

#endif
