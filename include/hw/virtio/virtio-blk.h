/*
 * virtio-blk over PCI (hw/virtio/virtio-blk.c): -device virtio-blk-pci,drive=ID
 * and -drive ...,if=virtio.
 */
#ifndef HW_VIRTIO_VIRTIO_BLK_H
#define HW_VIRTIO_VIRTIO_BLK_H

#include "qemu/osdep.h"

/*
 * One virtio-blk-pci device per -drive if=virtio, in index order, as QEMU
 * creates them (before the -device options). false with *errp on failure.
 */
bool virtio_blk_create_drive_devices(char **errp);

#endif
