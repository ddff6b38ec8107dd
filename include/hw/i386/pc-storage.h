/*
 * The PC's storage wiring (hw/i386/pc-storage.c): the PIIX3 IDE function
 * at 01.1 with the -drive if=ide drives, the floppy controller at 0x3f0
 * with the if=floppy drives and the ISA DMA controllers it uses, the CMOS
 * bytes a BIOS reads for them, and the boot order (CMOS bytes 0x3d/0x38
 * and fw_cfg items for SeaBIOS).
 */
#ifndef HW_I386_PC_STORAGE_H
#define HW_I386_PC_STORAGE_H

#include "hw/pci/pci.h"
#include "hw/isa.h"
#include "hw/rtc/mc146818rtc.h"
#include "hw/nvram/fw_cfg.h"

/* after the PCI bus and the RTC exist; a user error (a drive in use) is fatal */
void pc_storage_init(PCIBus *pci, ISABus *isa, RTCState *rtc);
/* the boot menu and its wait: called by the fw_cfg set-up */
void pc_boot_fw_cfg(FWCfgState *s);

#endif
