/*
 * The PC floppy disk controller (an Intel 82078 in AT mode) at 0x3f0-0x3f5
 * and 0x3f7, IRQ 6, ISA DMA channel 2, with two drives (hw/block/fdc.c).
 * A drive's media geometry is guessed from the image size (360K..2.88M).
 */
#ifndef HW_BLOCK_FDC_H
#define HW_BLOCK_FDC_H

#include "hw/isa.h"
#include "sysemu/blockdev.h"

typedef struct FDCtrl FDCtrl;

/* drives[i]: floppy i or NULL; claimed here. NULL with *errp on a bad image. */
FDCtrl *fdc_init(ISABus *isa, DriveInfo *drives[2], char **errp);
/* the CMOS drive type of drive i: 0 none, 1 360K, 2 1.2M, 3 720K, 4 1.44M, 5 2.88M */
int fdc_cmos_type(FDCtrl *f, int i);

#endif
