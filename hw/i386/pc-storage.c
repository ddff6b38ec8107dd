/*
 * The PC's storage devices and what firmware learns about them
 * (include/hw/i386/pc-storage.h).
 */
#include "qemu/osdep.h"
#include "hw/i386/pc-storage.h"
#include "hw/ide/piix.h"
#include "hw/block/fdc.h"
#include "hw/dma/i8257.h"
#include "sysemu/blockdev.h"
#include "sysemu/bootdevice.h"
#include "sysemu/runstate.h"

#define CMOS_FLOPPY_TYPES   0x10
#define CMOS_HD_TYPES       0x12
#define CMOS_EQUIPMENT      0x14
#define CMOS_HD0_EXT_TYPE   0x19
#define CMOS_HD0_PARAMS     0x1b
#define CMOS_HD1_PARAMS     0x24
#define CMOS_BOOT_FLAG1     0x38    /* third boot device, floppy signature check */
#define CMOS_HD_TRANSLATION 0x39
#define CMOS_BOOT_FLAG2     0x3d    /* first and second boot devices */

/* the AT's user-defined drive type 47 with its parameter block */
static void cmos_init_hd(RTCState *rtc, int type_addr, int params,
                         uint32_t cyls, uint32_t heads, uint32_t secs)
{
    rtc_set_memory(rtc, type_addr, 47);
    rtc_set_memory(rtc, params + 0, cyls);
    rtc_set_memory(rtc, params + 1, cyls >> 8);
    rtc_set_memory(rtc, params + 2, heads);
    rtc_set_memory(rtc, params + 3, 0xff);          /* no write precompensation */
    rtc_set_memory(rtc, params + 4, 0xff);
    rtc_set_memory(rtc, params + 5, 0xc0 | (heads > 8 ? 0x08 : 0));
    rtc_set_memory(rtc, params + 6, cyls);          /* landing zone */
    rtc_set_memory(rtc, params + 7, cyls >> 8);
    rtc_set_memory(rtc, params + 8, secs);
}

static void pc_cmos_init_hd(RTCState *rtc, PCIIDEState *ide)
{
    uint32_t cyls, heads, secs;
    uint8_t types = 0, translation = 0;

    for (int i = 0; i < 4; i++) {
        if (!piix_ide_get_geometry(ide, i, &cyls, &heads, &secs)) {
            continue;
        }
        if (i < 2) {
            types |= i == 0 ? 0xf0 : 0x0f;
            cmos_init_hd(rtc, CMOS_HD0_EXT_TYPE + i, i == 0 ? CMOS_HD0_PARAMS : CMOS_HD1_PARAMS,
                         cyls, heads, secs);
        }
        /* 1: LBA translation, for a disk beyond what plain CHS reaches */
        if (cyls > 1024 || heads > 16 || secs > 63) {
            translation |= 1 << (i * 2);
        }
    }
    rtc_set_memory(rtc, CMOS_HD_TYPES, types);
    rtc_set_memory(rtc, CMOS_HD_TRANSLATION, translation);
}

/* drive types in 0x10; the equipment byte counts the floppy drives */
static void pc_cmos_init_floppy(RTCState *rtc, FDCtrl *fdc)
{
    int types[2] = { fdc_cmos_type(fdc, 0), fdc_cmos_type(fdc, 1) };
    int count = (types[0] != 0) + (types[1] != 0);
    uint8_t equipment = rtc_get_memory(rtc, CMOS_EQUIPMENT) & 0x3e;

    rtc_set_memory(rtc, CMOS_FLOPPY_TYPES, types[0] << 4 | types[1]);
    if (count) {
        equipment |= 0x01 | (count - 1) << 6;
    }
    rtc_set_memory(rtc, CMOS_EQUIPMENT, equipment);
}

/* QEMU's boot device codes: 1 floppy, 2 hard disk, 3 CD-ROM, 4 network */
static uint8_t boot_device_code(char c)
{
    switch (c) {
    case 'a': case 'b': return 1;
    case 'c': return 2;
    case 'd': return 3;
    case 'n': return 4;
    }
    return 0;
}

/* what the CMOS says about the disks and the boot, and the fw_cfg bootorder file */
static struct {
    RTCState *rtc;
    PCIIDEState *ide;
    FWCfgState *fw_cfg;
} pc_storage;

/*
 * At every reset, when -device disks exist too: the start-up reset takes
 * once=, later ones order=.
 */
static void pc_storage_reset(void *opaque)
{
    RTCState *rtc = pc_storage.rtc;
    const char *order = boot_order_current();
    char *bootorder;
    size_t len;
    uint8_t dev[3] = { 0 };

    for (int i = 0; i < 3 && order[i]; i++) {
        dev[i] = boot_device_code(order[i]);
    }
    rtc_set_memory(rtc, CMOS_BOOT_FLAG2, dev[1] << 4 | dev[0]);
    /* bit 0 clear: check the floppy's boot signature */
    rtc_set_memory(rtc, CMOS_BOOT_FLAG1, dev[2] << 4);
    boot_order_next_reset();
    pc_cmos_init_hd(rtc, pc_storage.ide);
    /* bootindex= of -device ide-hd/ide-cd, in the firmware's device paths */
    bootorder = boot_order_firmware_list(&len);
    if (bootorder && pc_storage.fw_cfg) {
        fw_cfg_add_file(pc_storage.fw_cfg, "bootorder", bootorder, len);
    }
    free(bootorder);
}

void pc_boot_fw_cfg(FWCfgState *s)
{
    int splash = boot_splash_time();

    pc_storage.fw_cfg = s;

    fw_cfg_add_i16(s, FW_CFG_BOOT_MENU, boot_menu_enabled());
    if (splash >= 0) {
        uint8_t wait[2] = { splash & 0xff, splash >> 8 };
        fw_cfg_add_file(s, "etc/boot-menu-wait", wait, sizeof(wait));
    }
}

void pc_storage_init(PCIBus *pci, ISABus *isa, RTCState *rtc)
{
    DriveInfo *hd[4], *fd[2];
    PCIIDEState *ide;
    FDCtrl *fdc;
    char *err = NULL;

    for (int i = 0; i < 4; i++) {
        hd[i] = drive_get_by_index(IF_IDE, i);
    }
    ide = piix3_ide_init(pci, PIIX3_IDE_DEVFN, isa, hd, &err);
    if (!ide) {
        fatal("%s", err);
    }

    i8257_init(isa);
    fd[0] = drive_get(IF_FLOPPY, 0, 0);
    fd[1] = drive_get(IF_FLOPPY, 0, 1);
    fdc = fdc_init(isa, fd, &err);
    if (!fdc) {
        fatal("%s", err);
    }
    pc_cmos_init_floppy(rtc, fdc);
    pc_storage.rtc = rtc;
    pc_storage.ide = ide;
    qemu_register_reset(pc_storage_reset, NULL);
}
