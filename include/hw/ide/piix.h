/*
 * The PIIX3 IDE function (8086:7010) that the PC board puts at 01.1: two
 * ATA channels at the legacy ports (0x1f0/0x3f6 on IRQ 14, 0x170/0x376 on
 * IRQ 15) with bus-master DMA through BAR4 (hw/ide/piix.c).
 */
#ifndef HW_IDE_PIIX_H
#define HW_IDE_PIIX_H

#include "hw/pci/pci.h"
#include "hw/isa.h"
#include "sysemu/blockdev.h"

typedef struct PCIIDEState PCIIDEState;

#define PIIX3_IDE_DEVFN PCI_DEVFN(1, 1)

/*
 * drives[i]: the drive on channel i / 2, unit i % 2 (ide0-hd0, ide0-hd1,
 * ide1-cd0, ...), or NULL. The drives are claimed; NULL with *errp if one
 * is already in use or unsuitable. The channels are the buses "ide.0" and
 * "ide.1" for -device ide-hd/ide-cd (hw/ide/ide-dev.c).
 */
PCIIDEState *piix3_ide_init(PCIBus *bus, int devfn, ISABus *isa, DriveInfo *drives[4],
                            char **errp);

/* the default CHS geometry of the hard disk at index (for the CMOS); false if none */
bool piix_ide_get_geometry(PCIIDEState *d, int index, uint32_t *cyls, uint32_t *heads,
                           uint32_t *secs);

#endif
