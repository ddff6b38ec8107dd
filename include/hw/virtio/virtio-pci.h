/*
 * The virtio PCI transport (hw/virtio/virtio-pci.c): a transitional
 * device, as QEMU's default, with both interfaces:
 *   - legacy (virtio 0.9): registers in I/O BAR 0;
 *   - modern (virtio 1.0): vendor capabilities pointing at the common
 *     config, ISR, device config and notify areas in memory BAR 4;
 * and INTx signalled through the ISR register.
 *
 * A -device virtio-*-pci model puts a VirtIOPCIProxy first in its state,
 * DEFINE_VIRTIO_PCI_PROPS among its properties, and in realize sets up its
 * VirtIODevice (virtio_init, virtio_add_queue) and then calls
 * virtio_pci_realize(); its DeviceClass.reset calls virtio_pci_reset().
 * The PCI ids come from the virtio device id (net 1af4:1000, blk 1af4:1001).
 */
#ifndef HW_VIRTIO_VIRTIO_PCI_H
#define HW_VIRTIO_VIRTIO_PCI_H

#include "hw/pci/pci.h"
#include "hw/virtio/virtio.h"

typedef struct VirtIOPCIProxy {
    PCIDevice pci_dev;          /* first: the qdev device is the PCI device */
    VirtIODevice *vdev;
    bool disable_legacy;        /* properties */
    bool disable_modern;
    MemoryRegion legacy_io;     /* BAR 0 */
    MemoryRegion modern_mem;    /* BAR 4 */
    uint32_t device_feature_select;
    uint32_t driver_feature_select;
    uint64_t driver_features;   /* modern: both halves as written so far */
    uint8_t cfg_cap;            /* config offset of the PCI-config access window */
} VirtIOPCIProxy;

#define DEFINE_VIRTIO_PCI_PROPS(st, field) \
    DEFINE_PROP_PCI_ADDR(st, field.pci_dev), \
    DEFINE_PROP_BOOL("disable-legacy", st, field.disable_legacy, false, \
                     "hide the legacy (virtio 0.9) I/O BAR"), \
    DEFINE_PROP_BOOL("disable-modern", st, field.disable_modern, false, \
                     "hide the modern (virtio 1.0) capabilities")

/* plug vdev (already initialised with its queues) in as a PCI device on bus */
bool virtio_pci_realize(VirtIOPCIProxy *proxy, VirtIODevice *vdev, BusState *bus,
                        char **errp);
/* machine reset: the virtio device and the PCI header */
void virtio_pci_reset(VirtIOPCIProxy *proxy);

#endif
