/*
 * The virtio device core: status, feature negotiation, the device config
 * space, queue registers (sizes and ring addresses, legacy and modern),
 * reset and the broken state. Transports (virtio-pci.c) turn register
 * accesses into these calls; the rings themselves are in virtqueue.c.
 */
#include "virtqueue-int.h"

/* what the core offers whatever the device */
#define VIRTIO_CORE_FEATURES \
    (1ull << VIRTIO_F_NOTIFY_ON_EMPTY | 1ull << VIRTIO_F_ANY_LAYOUT | \
     1ull << VIRTIO_RING_F_INDIRECT_DESC | 1ull << VIRTIO_RING_F_EVENT_IDX)

#define VIRTIO_LEGACY_ALIGN 4096

void virtio_init(VirtIODevice *vdev, const VirtIODeviceClass *vc, size_t config_size)
{
    memset(vdev, 0, sizeof(*vdev));
    vdev->vc = vc;
    vdev->host_features = VIRTIO_CORE_FEATURES;
    vdev->config_len = config_size;
    vdev->config = qemu_mallocz(config_size ? config_size : 1);
    vdev->config_vector = VIRTIO_NO_VECTOR;
    vdev->vq = qemu_mallocz(sizeof(VirtQueue) * VIRTIO_QUEUE_MAX);
    for (unsigned int i = 0; i < VIRTIO_QUEUE_MAX; i++) {
        vdev->vq[i].vdev = vdev;
        vdev->vq[i].index = i;
        vdev->vq[i].vector = VIRTIO_NO_VECTOR;
    }
}

VirtQueue *virtio_add_queue(VirtIODevice *vdev, unsigned int queue_size,
                            VirtIOHandleOutput *handle_output)
{
    unsigned int i;

    assert(queue_size && queue_size <= VIRTQUEUE_MAX_SIZE &&
           !(queue_size & (queue_size - 1)));
    for (i = 0; i < VIRTIO_QUEUE_MAX && vdev->vq[i].num_max; i++) {
        continue;
    }
    assert(i < VIRTIO_QUEUE_MAX);
    vdev->vq[i].num_max = vdev->vq[i].num = queue_size;
    vdev->vq[i].handle_output = handle_output;
    vdev->vq[i].notification = true;
    return &vdev->vq[i];
}

void virtio_bind_transport(VirtIODevice *vdev, const VirtIOTransportOps *ops, void *opaque)
{
    vdev->transport = ops;
    vdev->transport_opaque = opaque;
    vdev->dma_as = ops->dma_as(opaque);
}

void virtio_dma_changed(VirtIODevice *vdev)
{
    vdev->dma_epoch++;
}

void virtio_error(VirtIODevice *vdev, const char *fmt, ...)
{
    char msg[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (vdev->broken) {
        return;
    }
    error_report("%s: %s; the device needs a reset", vdev->vc->name, msg);
    vdev->broken = true;
    /* only a virtio 1.0 driver knows the NEEDS_RESET bit */
    if (virtio_has_feature(vdev, VIRTIO_F_VERSION_1)) {
        vdev->status |= VIRTIO_CONFIG_S_NEEDS_RESET;
        virtio_notify_config(vdev);
    }
}

void virtio_notify_config(VirtIODevice *vdev)
{
    /* a driver reading the config twice sees the generation change */
    vdev->config_generation++;
    if (!(vdev->status & VIRTIO_CONFIG_S_DRIVER_OK)) {
        return;
    }
    vdev->isr |= VIRTIO_ISR_CONFIG;
    vdev->transport->notify(vdev->transport_opaque, vdev->config_vector);
}

static void virtio_reset(VirtIODevice *vdev)
{
    if (vdev->vc->reset) {
        vdev->vc->reset(vdev);
    }
    vdev->status = 0;
    vdev->isr = 0;
    vdev->broken = false;
    vdev->queue_sel = 0;
    vdev->config_vector = VIRTIO_NO_VECTOR;
    vdev->guest_features = 0;
    for (unsigned int i = 0; i < VIRTIO_QUEUE_MAX; i++) {
        virtqueue_reset(&vdev->vq[i]);
    }
}

void virtio_set_status(VirtIODevice *vdev, uint8_t status)
{
    if (status == 0) {
        virtio_reset(vdev);
        return;
    }
    /* NEEDS_RESET is the device's to set, not the driver's */
    status &= ~VIRTIO_CONFIG_S_NEEDS_RESET;
    if (vdev->broken && virtio_has_feature(vdev, VIRTIO_F_VERSION_1)) {
        status |= VIRTIO_CONFIG_S_NEEDS_RESET;
    }
    vdev->status = status;
    if (vdev->vc->set_status) {
        vdev->vc->set_status(vdev, status);
    }
}

bool virtio_set_features(VirtIODevice *vdev, uint64_t features)
{
    bool ok = !(features & ~vdev->host_features);

    vdev->guest_features = features & vdev->host_features;
    if (vdev->vc->set_features) {
        vdev->vc->set_features(vdev, vdev->guest_features);
    }
    return ok;
}

void virtio_queue_notify(VirtIODevice *vdev, unsigned int n)
{
    VirtQueue *vq;

    if (n >= VIRTIO_QUEUE_MAX) {
        return;
    }
    vq = &vdev->vq[n];
    if (vq->num_max && vq->handle_output && virtio_queue_ready(vq) && !vq->in_handler) {
        vq->in_handler = true;
        vq->handle_output(vdev, vq);
        vq->in_handler = false;
    }
}

uint32_t virtio_config_read(VirtIODevice *vdev, uint32_t offset, unsigned int size)
{
    uint32_t val = 0;

    if (offset >= vdev->config_len || size > vdev->config_len - offset) {
        return UINT32_MAX >> (32 - 8 * size);
    }
    if (vdev->vc->get_config) {
        vdev->vc->get_config(vdev, vdev->config);
    }
    for (unsigned int i = 0; i < size; i++) {
        val |= (uint32_t)vdev->config[offset + i] << (8 * i);
    }
    return val;
}

void virtio_config_write(VirtIODevice *vdev, uint32_t offset, uint32_t val, unsigned int size)
{
    if (offset >= vdev->config_len || size > vdev->config_len - offset) {
        return;
    }
    if (vdev->vc->get_config) {
        vdev->vc->get_config(vdev, vdev->config);
    }
    for (unsigned int i = 0; i < size; i++) {
        vdev->config[offset + i] = val >> (8 * i);
    }
    if (vdev->vc->set_config) {
        vdev->vc->set_config(vdev, vdev->config);
    }
}

uint8_t virtio_isr_read_clear(VirtIODevice *vdev)
{
    uint8_t isr = vdev->isr;
    vdev->isr = 0;
    return isr;
}

/* ---- queue registers; n is the guest's queue_select, unchecked ---- */

static VirtQueue *queue_reg(VirtIODevice *vdev, unsigned int n)
{
    return n < VIRTIO_QUEUE_MAX && vdev->vq[n].num_max ? &vdev->vq[n] : NULL;
}

unsigned int virtio_queue_get_num(VirtIODevice *vdev, unsigned int n)
{
    VirtQueue *vq = queue_reg(vdev, n);
    return vq ? vq->num : 0;
}

unsigned int virtio_queue_get_max_num(VirtIODevice *vdev, unsigned int n)
{
    VirtQueue *vq = queue_reg(vdev, n);
    return vq ? vq->num_max : 0;
}

void virtio_queue_set_num(VirtIODevice *vdev, unsigned int n, unsigned int num)
{
    VirtQueue *vq = queue_reg(vdev, n);

    /* checked when the queue is enabled; a live ring keeps its size */
    if (vq && !vq->enabled) {
        vq->num = num > UINT16_MAX ? 0 : num;
    }
}

void virtio_queue_set_rings(VirtIODevice *vdev, unsigned int n,
                            uint64_t desc, uint64_t avail, uint64_t used)
{
    VirtQueue *vq = queue_reg(vdev, n);

    if (vq && !vq->enabled) {
        vq->ring_addr[VRING_DESC] = desc;
        vq->ring_addr[VRING_AVAIL] = avail;
        vq->ring_addr[VRING_USED] = used;
    }
}

void virtio_queue_get_rings(VirtIODevice *vdev, unsigned int n,
                            uint64_t *desc, uint64_t *avail, uint64_t *used)
{
    VirtQueue *vq = queue_reg(vdev, n);

    *desc = vq ? vq->ring_addr[VRING_DESC] : 0;
    *avail = vq ? vq->ring_addr[VRING_AVAIL] : 0;
    *used = vq ? vq->ring_addr[VRING_USED] : 0;
}

void virtio_queue_enable(VirtIODevice *vdev, unsigned int n)
{
    VirtQueue *vq = queue_reg(vdev, n);

    if (!vq || vq->enabled) {
        return;
    }
    if (!vq->num || vq->num > vq->num_max || (vq->num & (vq->num - 1))) {
        virtio_error(vdev, "queue %u: size %u is not a power of two up to %u",
                     n, vq->num, vq->num_max);
        return;
    }
    /* the alignments the spec requires of each part */
    if (vq->ring_addr[VRING_DESC] % 16 || vq->ring_addr[VRING_AVAIL] % 2 ||
        vq->ring_addr[VRING_USED] % 4) {
        virtio_error(vdev, "queue %u: misaligned rings", n);
        return;
    }
    memset(vq->cache, 0, sizeof(vq->cache));
    vq->enabled = true;
}

bool virtio_queue_enabled(VirtIODevice *vdev, unsigned int n)
{
    VirtQueue *vq = queue_reg(vdev, n);
    return vq && vq->enabled;
}

void virtio_queue_set_legacy_pfn(VirtIODevice *vdev, unsigned int n, uint32_t pfn)
{
    VirtQueue *vq = queue_reg(vdev, n);
    uint64_t base = (uint64_t)pfn * VIRTIO_LEGACY_ALIGN, avail_end;

    if (!vq) {
        return;
    }
    if (pfn == 0) {     /* the legacy driver's way to tear a queue down */
        virtqueue_reset(vq);
        return;
    }
    /* legacy rings have the device's size, packed into one block */
    vq->num = vq->num_max;
    avail_end = base + VRING_DESC_SIZE * vq->num + 4 + 2ull * vq->num + 2;
    vq->ring_addr[VRING_DESC] = base;
    vq->ring_addr[VRING_AVAIL] = base + VRING_DESC_SIZE * vq->num;
    vq->ring_addr[VRING_USED] = ROUND_UP(avail_end, (uint64_t)VIRTIO_LEGACY_ALIGN);
    memset(vq->cache, 0, sizeof(vq->cache));
    vq->enabled = true;
}

uint32_t virtio_queue_get_legacy_pfn(VirtIODevice *vdev, unsigned int n)
{
    VirtQueue *vq = queue_reg(vdev, n);
    return vq && vq->enabled ? vq->ring_addr[VRING_DESC] / VIRTIO_LEGACY_ALIGN : 0;
}

uint16_t virtio_queue_vector(VirtIODevice *vdev, unsigned int n)
{
    VirtQueue *vq = queue_reg(vdev, n);
    return vq ? vq->vector : VIRTIO_NO_VECTOR;
}
