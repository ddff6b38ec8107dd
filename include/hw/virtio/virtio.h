/*
 * Virtio devices: the transport-independent core (hw/virtio/virtio.c).
 *
 * A device model (virtio-blk, virtio-net) embeds a VirtIODevice, describes
 * itself with a VirtIODeviceClass, adds its queues with virtio_add_queue()
 * and is then plugged into a transport (virtio-pci.h). When the driver
 * kicks a queue, the queue's handle_output callback runs (in the main loop
 * thread, possibly inside the guest's register write); it takes requests
 * with virtqueue_pop(), completes them with virtqueue_push() (or
 * virtqueue_fill() + virtqueue_flush() for a batch) and calls
 * virtio_notify() to interrupt the guest if the guest wants that.
 *
 * Everything the guest puts in the rings (sizes, indexes, descriptor
 * chains, lengths, addresses) is checked here. A guest that breaks the
 * rules gets the device marked broken (DEVICE_NEEDS_RESET): queues then
 * yield nothing until the driver resets the device. Device models never
 * see a bad descriptor; they only check their own request formats.
 */
#ifndef HW_VIRTIO_VIRTIO_H
#define HW_VIRTIO_VIRTIO_H

#include "qemu/osdep.h"
#include "qemu/iov.h"
#include "exec/memory.h"

/* device ids (the virtio spec's) */
#define VIRTIO_ID_NET           1
#define VIRTIO_ID_BLOCK         2
#define VIRTIO_ID_CONSOLE       3
#define VIRTIO_ID_RNG           4

/* device status */
#define VIRTIO_CONFIG_S_ACKNOWLEDGE     0x01
#define VIRTIO_CONFIG_S_DRIVER          0x02
#define VIRTIO_CONFIG_S_DRIVER_OK       0x04
#define VIRTIO_CONFIG_S_FEATURES_OK     0x08
#define VIRTIO_CONFIG_S_NEEDS_RESET     0x40
#define VIRTIO_CONFIG_S_FAILED          0x80

/* feature bits of the core and transport (device bits are 0..23) */
#define VIRTIO_F_NOTIFY_ON_EMPTY        24
#define VIRTIO_F_ANY_LAYOUT             27
#define VIRTIO_RING_F_INDIRECT_DESC     28
#define VIRTIO_RING_F_EVENT_IDX         29
#define VIRTIO_F_VERSION_1              32

/* ISR bits (legacy and modern ISR register) */
#define VIRTIO_ISR_QUEUE                0x1
#define VIRTIO_ISR_CONFIG               0x2

#define VIRTQUEUE_MAX_SIZE      1024    /* ring entries, and pieces per element */
#define VIRTIO_QUEUE_MAX        16      /* queues per device */
#define VIRTIO_NO_VECTOR        0xffff  /* MSI-X: no vector assigned */

typedef struct VirtIODevice VirtIODevice;
typedef struct VirtQueue VirtQueue;

/*
 * One request taken from a queue: the chain's device-readable ("out") and
 * device-writable ("in") buffers as host pointers into guest RAM. A buffer
 * that crosses a RAM region boundary is several pieces. Allocated by
 * virtqueue_pop() in one block: the caller frees it with free() after
 * virtqueue_push() or virtqueue_fill().
 */
typedef struct VirtQueueElement {
    unsigned int index;         /* head descriptor: names it in the used ring */
    unsigned int out_num;
    unsigned int in_num;
    struct iovec *out_sg;
    struct iovec *in_sg;
    hwaddr *out_addr;           /* guest address of each piece */
    hwaddr *in_addr;
    uint32_t queue_epoch;       /* core: completions from before a reset are dropped */
} VirtQueueElement;

/* the driver kicked vq */
typedef void VirtIOHandleOutput(VirtIODevice *vdev, VirtQueue *vq);

/* What a device model tells the core and the transport about itself. */
typedef struct VirtIODeviceClass {
    const char *name;           /* "virtio-blk": used in messages */
    uint16_t device_id;         /* VIRTIO_ID_* */
    /* Optional hooks (NULL: nothing to do). */
    /* fill vdev->config before the driver reads it */
    void (*get_config)(VirtIODevice *vdev, uint8_t *config);
    /* the driver wrote into config (vdev->config already holds the bytes) */
    void (*set_config)(VirtIODevice *vdev, const uint8_t *config);
    /* the driver accepted these features (a subset of host_features) */
    void (*set_features)(VirtIODevice *vdev, uint64_t features);
    /* the driver wrote the status (after the core handled it) */
    void (*set_status)(VirtIODevice *vdev, uint8_t status);
    /* device reset (driver wrote 0, or machine reset): drop in-flight work */
    void (*reset)(VirtIODevice *vdev);
} VirtIODeviceClass;

/* How the core reaches the guest: set by the transport at plug time. */
typedef struct VirtIOTransportOps {
    /* interrupt for a queue (vector from the queue) or config change */
    void (*notify)(void *opaque, uint16_t vector);
    /* bounds-checked DMA; see pci_dma_read/write/map/unmap */
    MemTxResult (*dma_read)(void *opaque, uint64_t addr, void *buf, uint64_t len);
    MemTxResult (*dma_write)(void *opaque, uint64_t addr, const void *buf, uint64_t len);
    void *(*dma_map)(void *opaque, uint64_t addr, uint64_t *len, bool is_write);
    void (*dma_unmap)(void *opaque, uint64_t addr, uint64_t len, bool is_write);
    /* the address space the DMA goes to (its generation tells of map changes) */
    AddressSpace *(*dma_as)(void *opaque);
} VirtIOTransportOps;

struct VirtIODevice {
    const VirtIODeviceClass *vc;
    uint8_t status;
    uint8_t isr;
    uint8_t config_generation;
    bool broken;                /* NEEDS_RESET: queues are dead until reset */
    uint16_t queue_sel;
    uint16_t config_vector;
    uint64_t host_features;     /* offered (core + transport + device bits) */
    uint64_t guest_features;    /* accepted by the driver */
    uint8_t *config;            /* device config space, little-endian fields */
    size_t config_len;
    VirtQueue *vq;              /* VIRTIO_QUEUE_MAX queues; num_max 0 = unused */
    const VirtIOTransportOps *transport;
    void *transport_opaque;
    AddressSpace *dma_as;       /* from the transport, for the ring mappings */
    uint32_t dma_epoch;         /* bumped by virtio_dma_changed() */
};

/*
 * Device model side, in its realize: initialise vdev with its class and a
 * config space of config_size bytes (zeroed), then add queues. The device
 * adds its own feature bits to vdev->host_features (the core offers
 * INDIRECT_DESC, EVENT_IDX, NOTIFY_ON_EMPTY and ANY_LAYOUT; the transport
 * adds VERSION_1 when it speaks the modern interface).
 */
void virtio_init(VirtIODevice *vdev, const VirtIODeviceClass *vc, size_t config_size);
/* queue_size: a power of two up to VIRTQUEUE_MAX_SIZE (the driver may use less) */
VirtQueue *virtio_add_queue(VirtIODevice *vdev, unsigned int queue_size,
                            VirtIOHandleOutput *handle_output);

static inline bool virtio_has_feature(const VirtIODevice *vdev, unsigned int bit)
{
    return (vdev->guest_features >> bit) & 1;
}

/*
 * The next available request, or NULL if the queue is empty, not set up,
 * or the device is broken (a bad chain breaks the device).
 */
VirtQueueElement *virtqueue_pop(VirtQueue *vq);
/*
 * Complete elem, len bytes written into its in buffers: fill puts it into
 * the used ring at position idx of a batch (not yet visible to the guest),
 * flush publishes count filled entries. push = fill(0) + flush(1).
 */
void virtqueue_fill(VirtQueue *vq, const VirtQueueElement *elem, unsigned int len,
                    unsigned int idx);
void virtqueue_flush(VirtQueue *vq, unsigned int count);
void virtqueue_push(VirtQueue *vq, const VirtQueueElement *elem, unsigned int len);
/*
 * Do the available buffers hold at least in_bytes device-writable and
 * out_bytes device-readable bytes? (virtio-net: room for a packet)
 */
bool virtqueue_avail_bytes(VirtQueue *vq, unsigned int in_bytes, unsigned int out_bytes);
/* no request waiting (or the queue is not usable) */
bool virtio_queue_empty(VirtQueue *vq);
/* the driver set the queue up and the device is not broken */
bool virtio_queue_ready(VirtQueue *vq);
/*
 * Ask the driver to kick (enable) or not to bother (disable) while the
 * device is busy with the queue anyway; re-check the queue after enabling.
 */
void virtio_queue_set_notification(VirtQueue *vq, bool enable);

/* interrupt the guest for vq if it wants one (used-ring flags / event index) */
void virtio_notify(VirtIODevice *vdev, VirtQueue *vq);
/* the device changed its config space (link status, capacity) */
void virtio_notify_config(VirtIODevice *vdev);
/* a guest error: one message, and the device needs a reset */
void QEMU_PRINTF(2, 3) virtio_error(VirtIODevice *vdev, const char *fmt, ...);

/* Little-endian field access for config spaces and request headers. */
static inline void virtio_st16(void *p, uint16_t v)
{
    uint8_t *b = p;
    b[0] = v;
    b[1] = v >> 8;
}
static inline void virtio_st32(void *p, uint32_t v)
{
    virtio_st16(p, v);
    virtio_st16((uint8_t *)p + 2, v >> 16);
}
static inline void virtio_st64(void *p, uint64_t v)
{
    virtio_st32(p, v);
    virtio_st32((uint8_t *)p + 4, v >> 32);
}
static inline uint16_t virtio_ld16(const void *p)
{
    const uint8_t *b = p;
    return b[0] | b[1] << 8;
}
static inline uint32_t virtio_ld32(const void *p)
{
    return virtio_ld16(p) | (uint32_t)virtio_ld16((const uint8_t *)p + 2) << 16;
}
static inline uint64_t virtio_ld64(const void *p)
{
    return virtio_ld32(p) | (uint64_t)virtio_ld32((const uint8_t *)p + 4) << 32;
}

/*
 * Transport side (virtio-pci.c): the registers every transport has.
 */
void virtio_bind_transport(VirtIODevice *vdev, const VirtIOTransportOps *ops, void *opaque);
/* DMA permission changed (PCI bus mastering toggled): drop cached ring mappings */
void virtio_dma_changed(VirtIODevice *vdev);
/* the status register; 0 resets the device */
void virtio_set_status(VirtIODevice *vdev, uint8_t status);
/* a write of the accepted features; false if not a subset of host_features */
bool virtio_set_features(VirtIODevice *vdev, uint64_t features);
/* the driver kicked queue n (ignored for a bad n or an unusable queue) */
void virtio_queue_notify(VirtIODevice *vdev, unsigned int n);
/* device config space access at offset (size 1, 2, 4); out of range reads all ones */
uint32_t virtio_config_read(VirtIODevice *vdev, uint32_t offset, unsigned int size);
void virtio_config_write(VirtIODevice *vdev, uint32_t offset, uint32_t val, unsigned int size);
/* ISR: read-and-clear */
uint8_t virtio_isr_read_clear(VirtIODevice *vdev);

/* queue registers */
unsigned int virtio_queue_get_num(VirtIODevice *vdev, unsigned int n);      /* 0: no queue */
unsigned int virtio_queue_get_max_num(VirtIODevice *vdev, unsigned int n);
void virtio_queue_set_num(VirtIODevice *vdev, unsigned int n, unsigned int num);
/* modern: the three ring addresses */
void virtio_queue_set_rings(VirtIODevice *vdev, unsigned int n,
                            uint64_t desc, uint64_t avail, uint64_t used);
void virtio_queue_get_rings(VirtIODevice *vdev, unsigned int n,
                            uint64_t *desc, uint64_t *avail, uint64_t *used);
/* modern queue_enable: checks the setup (a bad one breaks the device) */
void virtio_queue_enable(VirtIODevice *vdev, unsigned int n);
bool virtio_queue_enabled(VirtIODevice *vdev, unsigned int n);
/* legacy: one page-aligned block at pfn * 4096 holding all three rings */
void virtio_queue_set_legacy_pfn(VirtIODevice *vdev, unsigned int n, uint32_t pfn);
uint32_t virtio_queue_get_legacy_pfn(VirtIODevice *vdev, unsigned int n);
uint16_t virtio_queue_vector(VirtIODevice *vdev, unsigned int n);

#endif
