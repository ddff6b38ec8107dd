/*
 * The virtio PCI transport (include/hw/virtio/virtio-pci.h): a transitional
 * device with the legacy register block in I/O BAR 0 and the virtio 1.0
 * structures (common config, ISR, device config, notify) in memory BAR 4,
 * found by the driver through vendor-specific PCI capabilities, plus the
 * PCI-config access window. Interrupts are INTx, level, while ISR is set.
 */
#include "hw/virtio/virtio-pci.h"

#define VIRTIO_PCI_VENDOR_ID        0x1af4
#define VIRTIO_PCI_MODERN_ID_BASE   0x1040  /* + virtio id, modern-only devices */

/* legacy registers (BAR 0), without MSI-X */
#define VIRTIO_PCI_HOST_FEATURES    0x00
#define VIRTIO_PCI_GUEST_FEATURES   0x04
#define VIRTIO_PCI_QUEUE_PFN        0x08
#define VIRTIO_PCI_QUEUE_NUM        0x0c
#define VIRTIO_PCI_QUEUE_SEL        0x0e
#define VIRTIO_PCI_QUEUE_NOTIFY     0x10
#define VIRTIO_PCI_STATUS           0x12
#define VIRTIO_PCI_ISR              0x13
#define VIRTIO_PCI_LEGACY_CONFIG    0x14

/* modern common configuration structure */
#define VIRTIO_PCI_COMMON_DFSELECT  0x00
#define VIRTIO_PCI_COMMON_DF        0x04
#define VIRTIO_PCI_COMMON_GFSELECT  0x08
#define VIRTIO_PCI_COMMON_GF        0x0c
#define VIRTIO_PCI_COMMON_MSIX      0x10
#define VIRTIO_PCI_COMMON_NUMQ      0x12
#define VIRTIO_PCI_COMMON_STATUS    0x14
#define VIRTIO_PCI_COMMON_CFGGEN    0x15
#define VIRTIO_PCI_COMMON_Q_SELECT  0x16
#define VIRTIO_PCI_COMMON_Q_SIZE    0x18
#define VIRTIO_PCI_COMMON_Q_MSIX    0x1a
#define VIRTIO_PCI_COMMON_Q_ENABLE  0x1c
#define VIRTIO_PCI_COMMON_Q_NOFF    0x1e
#define VIRTIO_PCI_COMMON_Q_DESCLO  0x20
#define VIRTIO_PCI_COMMON_Q_DESCHI  0x24
#define VIRTIO_PCI_COMMON_Q_AVAILLO 0x28
#define VIRTIO_PCI_COMMON_Q_AVAILHI 0x2c
#define VIRTIO_PCI_COMMON_Q_USEDLO  0x30
#define VIRTIO_PCI_COMMON_Q_USEDHI  0x34
#define VIRTIO_PCI_COMMON_SIZE      0x38

/* capability cfg_type values */
#define VIRTIO_PCI_CAP_COMMON_CFG   1
#define VIRTIO_PCI_CAP_NOTIFY_CFG   2
#define VIRTIO_PCI_CAP_ISR_CFG      3
#define VIRTIO_PCI_CAP_DEVICE_CFG   4
#define VIRTIO_PCI_CAP_PCI_CFG      5
#define VIRTIO_PCI_CAP_SIZE         16      /* vndr, next, len, type, bar, pad[3], offset, length */
#define VIRTIO_PCI_NOTIFY_CAP_SIZE  20      /* + notify_off_multiplier */
#define VIRTIO_PCI_CFG_CAP_SIZE     20      /* + the data window */

/* BAR 4 layout: one 4 KiB page per structure, as QEMU lays it out */
#define MODERN_BAR                  4
#define MODERN_COMMON_OFF           0x0000
#define MODERN_ISR_OFF              0x1000
#define MODERN_DEVICE_OFF           0x2000
#define MODERN_NOTIFY_OFF           0x3000
#define MODERN_AREA_SIZE            0x1000
#define MODERN_BAR_SIZE             0x4000
#define NOTIFY_OFF_MULTIPLIER       4

static const struct {
    uint16_t virtio_id, legacy_pci_id, class_id;
} virtio_pci_ids[] = {
    { VIRTIO_ID_NET,     0x1000, PCI_CLASS_NETWORK_ETHERNET },
    { VIRTIO_ID_BLOCK,   0x1001, PCI_CLASS_STORAGE_SCSI },
    { VIRTIO_ID_CONSOLE, 0x1003, 0x0780 },      /* communication, other */
    { VIRTIO_ID_RNG,     0x1005, 0x00ff },
};

static VirtIOPCIProxy *proxy_of(void *opaque)
{
    return opaque;
}

/* ---- what the core needs from the transport ---- */

static void vp_notify(void *opaque, uint16_t vector)
{
    VirtIOPCIProxy *proxy = proxy_of(opaque);
    pci_set_irq(&proxy->pci_dev, proxy->vdev->isr != 0);
}

static MemTxResult vp_dma_read(void *opaque, uint64_t addr, void *buf, uint64_t len)
{
    return pci_dma_read(&proxy_of(opaque)->pci_dev, addr, buf, len);
}

static MemTxResult vp_dma_write(void *opaque, uint64_t addr, const void *buf, uint64_t len)
{
    return pci_dma_write(&proxy_of(opaque)->pci_dev, addr, buf, len);
}

static void *vp_dma_map(void *opaque, uint64_t addr, uint64_t *len, bool is_write)
{
    return pci_dma_map(&proxy_of(opaque)->pci_dev, addr, len, is_write);
}

static void vp_dma_unmap(void *opaque, uint64_t addr, uint64_t len, bool is_write)
{
    pci_dma_unmap(&proxy_of(opaque)->pci_dev, addr, len, is_write);
}

static AddressSpace *vp_dma_as(void *opaque)
{
    return proxy_of(opaque)->pci_dev.bus->mem;
}

static const VirtIOTransportOps virtio_pci_transport = {
    .notify = vp_notify,
    .dma_read = vp_dma_read,
    .dma_write = vp_dma_write,
    .dma_map = vp_dma_map,
    .dma_unmap = vp_dma_unmap,
    .dma_as = vp_dma_as,
};

/* ---- register helpers shared by both interfaces ---- */

static void vp_set_status(VirtIOPCIProxy *proxy, uint8_t status)
{
    VirtIODevice *vdev = proxy->vdev;

    virtio_set_status(vdev, status);
    if (status == 0) {
        proxy->device_feature_select = 0;
        proxy->driver_feature_select = 0;
        proxy->driver_features = 0;
        pci_set_irq(&proxy->pci_dev, 0);
    }
}

static uint8_t vp_isr_read(VirtIOPCIProxy *proxy)
{
    uint8_t isr = virtio_isr_read_clear(proxy->vdev);
    pci_set_irq(&proxy->pci_dev, 0);
    return isr;
}

/* ---- legacy interface (BAR 0) ---- */

static uint64_t vp_legacy_read(void *opaque, hwaddr addr, unsigned size)
{
    VirtIOPCIProxy *proxy = opaque;
    VirtIODevice *vdev = proxy->vdev;

    if (addr >= VIRTIO_PCI_LEGACY_CONFIG) {
        return virtio_config_read(vdev, addr - VIRTIO_PCI_LEGACY_CONFIG, size);
    }
    switch (addr) {
    case VIRTIO_PCI_HOST_FEATURES:
        return (uint32_t)vdev->host_features;
    case VIRTIO_PCI_GUEST_FEATURES:
        return (uint32_t)vdev->guest_features;
    case VIRTIO_PCI_QUEUE_PFN:
        return virtio_queue_get_legacy_pfn(vdev, vdev->queue_sel);
    case VIRTIO_PCI_QUEUE_NUM:
        return virtio_queue_get_max_num(vdev, vdev->queue_sel);
    case VIRTIO_PCI_QUEUE_SEL:
        return vdev->queue_sel;
    case VIRTIO_PCI_STATUS:
        return vdev->status;
    case VIRTIO_PCI_ISR:
        return vp_isr_read(proxy);
    default:
        return 0;
    }
}

static void vp_legacy_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    VirtIOPCIProxy *proxy = opaque;
    VirtIODevice *vdev = proxy->vdev;

    if (addr >= VIRTIO_PCI_LEGACY_CONFIG) {
        virtio_config_write(vdev, addr - VIRTIO_PCI_LEGACY_CONFIG, val, size);
        return;
    }
    switch (addr) {
    case VIRTIO_PCI_GUEST_FEATURES:
        /* a legacy driver gets what it asks for that we have; no FEATURES_OK step */
        virtio_set_features(vdev, (uint32_t)val);
        break;
    case VIRTIO_PCI_QUEUE_PFN:
        virtio_queue_set_legacy_pfn(vdev, vdev->queue_sel, val);
        break;
    case VIRTIO_PCI_QUEUE_SEL:
        vdev->queue_sel = val;
        break;
    case VIRTIO_PCI_QUEUE_NOTIFY:
        virtio_queue_notify(vdev, val & 0xffff);
        break;
    case VIRTIO_PCI_STATUS:
        vp_set_status(proxy, val);
        break;
    }
}

static const MemoryRegionOps vp_legacy_ops = {
    .read = vp_legacy_read,
    .write = vp_legacy_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .min_access_size = 1,
    .max_access_size = 4,
};

/* ---- modern interface (BAR 4) ---- */

static uint32_t vp_common_read(VirtIOPCIProxy *proxy, hwaddr addr)
{
    VirtIODevice *vdev = proxy->vdev;
    unsigned int q = vdev->queue_sel;
    uint64_t desc, avail, used;

    virtio_queue_get_rings(vdev, q, &desc, &avail, &used);
    switch (addr) {
    case VIRTIO_PCI_COMMON_DFSELECT:
        return proxy->device_feature_select;
    case VIRTIO_PCI_COMMON_DF:
        return proxy->device_feature_select < 2 ?
               vdev->host_features >> (32 * proxy->device_feature_select) : 0;
    case VIRTIO_PCI_COMMON_GFSELECT:
        return proxy->driver_feature_select;
    case VIRTIO_PCI_COMMON_GF:
        return proxy->driver_feature_select < 2 ?
               proxy->driver_features >> (32 * proxy->driver_feature_select) : 0;
    case VIRTIO_PCI_COMMON_MSIX:
        return vdev->config_vector;
    case VIRTIO_PCI_COMMON_NUMQ: {
        unsigned int n = 0;
        while (n < VIRTIO_QUEUE_MAX && virtio_queue_get_max_num(vdev, n)) {
            n++;
        }
        return n;
    }
    case VIRTIO_PCI_COMMON_STATUS:
        return vdev->status;
    case VIRTIO_PCI_COMMON_CFGGEN:
        return vdev->config_generation;
    case VIRTIO_PCI_COMMON_Q_SELECT:
        return q;
    case VIRTIO_PCI_COMMON_Q_SIZE:
        return virtio_queue_get_num(vdev, q);
    case VIRTIO_PCI_COMMON_Q_MSIX:
        return virtio_queue_vector(vdev, q);
    case VIRTIO_PCI_COMMON_Q_ENABLE:
        return virtio_queue_enabled(vdev, q);
    case VIRTIO_PCI_COMMON_Q_NOFF:
        return q;       /* notify at MODERN_NOTIFY_OFF + q * NOTIFY_OFF_MULTIPLIER */
    case VIRTIO_PCI_COMMON_Q_DESCLO:
        return desc;
    case VIRTIO_PCI_COMMON_Q_DESCHI:
        return desc >> 32;
    case VIRTIO_PCI_COMMON_Q_AVAILLO:
        return avail;
    case VIRTIO_PCI_COMMON_Q_AVAILHI:
        return avail >> 32;
    case VIRTIO_PCI_COMMON_Q_USEDLO:
        return used;
    case VIRTIO_PCI_COMMON_Q_USEDHI:
        return used >> 32;
    default:
        return 0;       /* not a field's start */
    }
}

static uint64_t set_half(uint64_t old, bool high, uint32_t val)
{
    return high ? (old & 0xffffffffu) | (uint64_t)val << 32
                : (old & ~0xffffffffull) | val;
}

static void vp_common_write(VirtIOPCIProxy *proxy, hwaddr addr, uint32_t val)
{
    VirtIODevice *vdev = proxy->vdev;
    unsigned int q = vdev->queue_sel;
    uint64_t desc, avail, used;

    switch (addr) {
    case VIRTIO_PCI_COMMON_DFSELECT:
        proxy->device_feature_select = val;
        break;
    case VIRTIO_PCI_COMMON_GFSELECT:
        proxy->driver_feature_select = val;
        break;
    case VIRTIO_PCI_COMMON_GF:
        if (proxy->driver_feature_select < 2) {
            proxy->driver_features = set_half(proxy->driver_features,
                                              proxy->driver_feature_select, val);
        }
        break;
    case VIRTIO_PCI_COMMON_STATUS:
        /* FEATURES_OK sticks only if the device accepts what the driver chose */
        if ((val & VIRTIO_CONFIG_S_FEATURES_OK) &&
            !(vdev->status & VIRTIO_CONFIG_S_FEATURES_OK) &&
            !virtio_set_features(vdev, proxy->driver_features)) {
            val &= ~VIRTIO_CONFIG_S_FEATURES_OK;
        }
        vp_set_status(proxy, val);
        break;
    case VIRTIO_PCI_COMMON_Q_SELECT:
        vdev->queue_sel = val;
        break;
    case VIRTIO_PCI_COMMON_Q_SIZE:
        virtio_queue_set_num(vdev, q, val);
        break;
    case VIRTIO_PCI_COMMON_Q_ENABLE:
        if (val == 1) {
            virtio_queue_enable(vdev, q);
        }
        break;
    case VIRTIO_PCI_COMMON_Q_DESCLO ... VIRTIO_PCI_COMMON_Q_USEDHI + 3:
        virtio_queue_get_rings(vdev, q, &desc, &avail, &used);
        switch (addr) {
        case VIRTIO_PCI_COMMON_Q_DESCLO:  desc = set_half(desc, false, val); break;
        case VIRTIO_PCI_COMMON_Q_DESCHI:  desc = set_half(desc, true, val); break;
        case VIRTIO_PCI_COMMON_Q_AVAILLO: avail = set_half(avail, false, val); break;
        case VIRTIO_PCI_COMMON_Q_AVAILHI: avail = set_half(avail, true, val); break;
        case VIRTIO_PCI_COMMON_Q_USEDLO:  used = set_half(used, false, val); break;
        case VIRTIO_PCI_COMMON_Q_USEDHI:  used = set_half(used, true, val); break;
        default: return;
        }
        virtio_queue_set_rings(vdev, q, desc, avail, used);
        break;
    default:
        /* MSI-X vectors: there is no MSI-X, they stay VIRTIO_NO_VECTOR */
        break;
    }
}

static uint64_t vp_modern_read(void *opaque, hwaddr addr, unsigned size)
{
    VirtIOPCIProxy *proxy = opaque;
    hwaddr off = addr % MODERN_AREA_SIZE;

    switch (addr - off) {
    case MODERN_COMMON_OFF:
        /* drivers access each field with its own width, at its own offset */
        return vp_common_read(proxy, off) & (UINT32_MAX >> (32 - 8 * size));
    case MODERN_ISR_OFF:
        return off == 0 ? vp_isr_read(proxy) : 0;
    case MODERN_DEVICE_OFF:
        return virtio_config_read(proxy->vdev, off, size);
    default:
        return 0;
    }
}

static void vp_modern_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    VirtIOPCIProxy *proxy = opaque;
    hwaddr off = addr % MODERN_AREA_SIZE;

    switch (addr - off) {
    case MODERN_COMMON_OFF:
        vp_common_write(proxy, off, val);
        break;
    case MODERN_DEVICE_OFF:
        virtio_config_write(proxy->vdev, off, val, size);
        break;
    case MODERN_NOTIFY_OFF:
        virtio_queue_notify(proxy->vdev, off / NOTIFY_OFF_MULTIPLIER);
        break;
    }
}

static const MemoryRegionOps vp_modern_ops = {
    .read = vp_modern_read,
    .write = vp_modern_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .min_access_size = 1,
    .max_access_size = 4,
};

/* ---- capabilities and PCI config ---- */

static uint8_t add_vendor_cap(VirtIOPCIProxy *proxy, uint8_t type, uint8_t size,
                              uint32_t offset, uint32_t length)
{
    PCIDevice *d = &proxy->pci_dev;
    uint8_t cap = pci_add_capability(d, PCI_CAP_ID_VNDR, size);

    d->config[cap + 2] = size;
    d->config[cap + 3] = type;
    d->config[cap + 4] = MODERN_BAR;
    pci_set_long(d->config + cap + 8, offset);
    pci_set_long(d->config + cap + 12, length);
    if (type == VIRTIO_PCI_CAP_NOTIFY_CFG) {
        pci_set_long(d->config + cap + 16, NOTIFY_OFF_MULTIPLIER);
    }
    return cap;
}

/*
 * The PCI-config access window (VIRTIO_PCI_CAP_PCI_CFG): the driver names
 * a BAR, an offset and a length (1, 2 or 4) in the capability, and reading
 * or writing its data field accesses the BAR there.
 */
#define CFG_CAP_BAR     4
#define CFG_CAP_OFFSET  8
#define CFG_CAP_LENGTH  12
#define CFG_CAP_DATA    16

static MemoryRegion *cfg_window_target(VirtIOPCIProxy *proxy, uint32_t *off, unsigned *len)
{
    const uint8_t *cap = proxy->pci_dev.config + proxy->cfg_cap;
    uint8_t bar = cap[CFG_CAP_BAR];
    PCIBar *b = bar < PCI_NUM_BARS ? &proxy->pci_dev.bars[bar] : NULL;

    *off = pci_get_long(cap + CFG_CAP_OFFSET);
    *len = pci_get_long(cap + CFG_CAP_LENGTH);
    if (!b || b->type == PCI_BAR_UNUSED || (*len != 1 && *len != 2 && *len != 4) ||
        *off % *len || *off >= b->size || *len > b->size - *off) {
        return NULL;
    }
    return b->mr;
}

static bool touches_cfg_data(VirtIOPCIProxy *proxy, uint32_t addr, int len)
{
    uint32_t data = proxy->cfg_cap + CFG_CAP_DATA;
    return proxy->cfg_cap && addr < data + 4 && addr + len > data;
}

static uint32_t vp_config_read(PCIDevice *d, uint32_t addr, int len)
{
    VirtIOPCIProxy *proxy = container_of(d, VirtIOPCIProxy, pci_dev);
    MemoryRegion *mr;
    uint32_t off;
    unsigned size;

    if (touches_cfg_data(proxy, addr, len) && (mr = cfg_window_target(proxy, &off, &size))) {
        pci_set_long(d->config + proxy->cfg_cap + CFG_CAP_DATA,
                     mr->ops->read(mr->opaque, off, size));
    }
    return pci_default_config_read(d, addr, len);
}

static void vp_config_write(PCIDevice *d, uint32_t addr, uint32_t val, int len)
{
    VirtIOPCIProxy *proxy = container_of(d, VirtIOPCIProxy, pci_dev);
    MemoryRegion *mr;
    uint32_t off;
    unsigned size;

    pci_default_config_write(d, addr, val, len);
    if (addr < PCI_COMMAND + 2 && addr + len > PCI_COMMAND) {
        virtio_dma_changed(proxy->vdev);    /* bus mastering may have changed */
    }
    if (touches_cfg_data(proxy, addr, len) && (mr = cfg_window_target(proxy, &off, &size))) {
        uint32_t data = pci_get_long(d->config + proxy->cfg_cap + CFG_CAP_DATA);
        mr->ops->write(mr->opaque, off, data & (UINT32_MAX >> (32 - 8 * size)), size);
    }
}

static uint16_t legacy_pci_id(uint16_t virtio_id, uint16_t *class_id)
{
    for (size_t i = 0; i < ARRAY_SIZE(virtio_pci_ids); i++) {
        if (virtio_pci_ids[i].virtio_id == virtio_id) {
            *class_id = virtio_pci_ids[i].class_id;
            return virtio_pci_ids[i].legacy_pci_id;
        }
    }
    *class_id = PCI_CLASS_STORAGE_OTHER;
    return 0;
}

bool virtio_pci_realize(VirtIOPCIProxy *proxy, VirtIODevice *vdev, BusState *bus,
                        char **errp)
{
    PCIDevice *d = &proxy->pci_dev;
    const char *name = d->qdev.cls->name;
    uint16_t class_id, pci_id = legacy_pci_id(vdev->vc->device_id, &class_id);
    bool legacy = !proxy->disable_legacy && pci_id;

    if (proxy->disable_legacy && proxy->disable_modern) {
        error_setg(errp, "%s: disable-legacy and disable-modern leave no interface", name);
        return false;
    }
    if (!legacy && proxy->disable_modern) {
        error_setg(errp, "%s: this device has no legacy interface", name);
        return false;
    }
    /* a transitional device has revision 0, a modern-only one revision 1 */
    if (!pci_qdev_init(d, bus, name, VIRTIO_PCI_VENDOR_ID,
                       legacy ? pci_id : VIRTIO_PCI_MODERN_ID_BASE + vdev->vc->device_id,
                       legacy ? 0 : 1, class_id, errp)) {
        return false;
    }
    proxy->vdev = vdev;
    pci_set_word(d->config + PCI_SUBSYSTEM_VENDOR_ID, VIRTIO_PCI_VENDOR_ID);
    pci_set_word(d->config + PCI_SUBSYSTEM_ID, vdev->vc->device_id);
    d->config[PCI_INTERRUPT_PIN] = 1;
    d->config_read = vp_config_read;
    d->config_write = vp_config_write;

    if (legacy) {
        uint64_t size = 32;
        while (size < VIRTIO_PCI_LEGACY_CONFIG + vdev->config_len) {
            size <<= 1;
        }
        memory_region_init_io(&proxy->legacy_io, &vp_legacy_ops, proxy,
                              "virtio-pci-legacy", size);
        pci_register_bar(d, 0, PCI_BAR_IO, &proxy->legacy_io);
    }
    if (!proxy->disable_modern) {
        vdev->host_features |= 1ull << VIRTIO_F_VERSION_1;
        memory_region_init_io(&proxy->modern_mem, &vp_modern_ops, proxy,
                              "virtio-pci-modern", MODERN_BAR_SIZE);
        pci_register_bar(d, MODERN_BAR, PCI_BAR_MEM32, &proxy->modern_mem);
        add_vendor_cap(proxy, VIRTIO_PCI_CAP_COMMON_CFG, VIRTIO_PCI_CAP_SIZE,
                       MODERN_COMMON_OFF, VIRTIO_PCI_COMMON_SIZE);
        add_vendor_cap(proxy, VIRTIO_PCI_CAP_ISR_CFG, VIRTIO_PCI_CAP_SIZE,
                       MODERN_ISR_OFF, 1);
        add_vendor_cap(proxy, VIRTIO_PCI_CAP_DEVICE_CFG, VIRTIO_PCI_CAP_SIZE,
                       MODERN_DEVICE_OFF, MAX(vdev->config_len, 1));
        add_vendor_cap(proxy, VIRTIO_PCI_CAP_NOTIFY_CFG, VIRTIO_PCI_NOTIFY_CAP_SIZE,
                       MODERN_NOTIFY_OFF, VIRTIO_QUEUE_MAX * NOTIFY_OFF_MULTIPLIER);
        proxy->cfg_cap = add_vendor_cap(proxy, VIRTIO_PCI_CAP_PCI_CFG, VIRTIO_PCI_CFG_CAP_SIZE,
                                        0, 0);
        /* the driver points the window with bar, offset and length */
        d->wmask[proxy->cfg_cap + CFG_CAP_BAR] = 0xff;
        memset(d->wmask + proxy->cfg_cap + CFG_CAP_OFFSET, 0xff, 12);
    }
    virtio_bind_transport(vdev, &virtio_pci_transport, proxy);
    virtio_pci_reset(proxy);
    return true;
}

void virtio_pci_reset(VirtIOPCIProxy *proxy)
{
    vp_set_status(proxy, 0);
    pci_device_reset(&proxy->pci_dev);
    virtio_dma_changed(proxy->vdev);
}
