/*
 * -boot [order=DRIVES][,once=DRIVES][,menu=on|off][,splash-time=MS]
 * (hw/block/boot-order.c): which devices the firmware tries first.
 * DRIVES are QEMU's letters: a b (floppy), c (first hard disk), d (CD-ROM),
 * n (network). Boards turn this into what their firmware reads.
 */
#ifndef SYSEMU_BOOTDEVICE_H
#define SYSEMU_BOOTDEVICE_H

#include "qemu/osdep.h"

/* parse a -boot argument; false with *errp on a bad one */
bool boot_parse_option(const char *arg, char **errp);
/* the order for this boot: once= before the first reset, order= after (default "cad") */
const char *boot_order_current(void);
/* the first machine reset after start-up switches from once= to order= */
void boot_order_next_reset(void);
bool boot_menu_enabled(void);
/* splash-time in ms, or -1 when not given */
int boot_splash_time(void);

/*
 * A device's bootindex=N: path is its Open Firmware device path as the
 * firmware matches it (e.g. /pci@i0cf8/ide@1,1/drive@0/disk@0). false with
 * *errp if another device has the same index.
 */
bool boot_order_add_device(uint32_t bootindex, const char *path, char **errp);
/* the "bootorder" file (paths by index, one a line, NUL-terminated); NULL if none */
char *boot_order_firmware_list(size_t *len);

#endif
