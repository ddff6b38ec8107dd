/*
 * The drive list: what -drive, -hda..-hdd, -cdrom, -fda/-fdb and
 * -snapshot ask for (block/blockdev.c), and how device models find their
 * drives in it.
 *
 * vl.c queues the options while parsing (drive_add), opens every image
 * with drives_init() before the board is created, then the board and the
 * -device models look drives up by interface/bus/unit or by id and claim
 * them. After devices are created, drives_check_unclaimed() reports a
 * drive nobody took (e.g. an if=ide drive on a bus the board lacks).
 */
#ifndef SYSEMU_BLOCKDEV_H
#define SYSEMU_BLOCKDEV_H

#include "qemu/osdep.h"
#include "block/block.h"

typedef enum BlockInterfaceType {
    IF_NONE,        /* only for -device ...,drive=ID */
    IF_IDE,         /* 2 buses x 2 units (ide0 = primary, ide1 = secondary) */
    IF_FLOPPY,      /* 1 bus x 2 units */
    IF_VIRTIO,      /* one virtio-blk-pci per drive: bus = index, unit 0 */
    IF_COUNT
} BlockInterfaceType;

typedef enum DriveMediaType {
    MEDIA_DISK,
    MEDIA_CDROM,
} DriveMediaType;

/*
 * What a device model with removable media (CD-ROM, floppy) tells the
 * monitor's eject/change through drive_set_dev_ops(). All optional.
 */
typedef struct BlockDevOps {
    /* the medium was removed (load false) or a new one inserted (load true) */
    void (*change_media_cb)(void *opaque, bool load);
    /* the guest locked the tray (PREVENT ALLOW MEDIUM REMOVAL) */
    bool (*is_medium_locked)(void *opaque);
    bool (*is_tray_open)(void *opaque);
    /* `eject` of a locked medium without -f: ask the guest to let go */
    void (*eject_request_cb)(void *opaque, bool force);
} BlockDevOps;

typedef struct DriveInfo {
    char *id;                   /* id=, or QEMU's default name: ide0-hd0, ide1-cd0, floppy0, virtio0 */
    BlockInterfaceType type;
    int bus, unit;
    DriveMediaType media;
    /*
     * Never NULL once drives_init() has run: an image, or for a CD-ROM or
     * floppy with no file an empty backend (blk_is_inserted() false) that
     * the monitor's `change` fills later.
     */
    BlockBackend *blk;
    int bdrv_flags;             /* BDRV_O_* as opened (for `change`) */
    /*
     * cache=writethrough|directsync: the device shows its write cache as
     * off and completes a write only after flushing it.
     */
    bool writethrough;
    const char *claimed_by;     /* the device model using it, NULL until claimed */
    bool is_default;            /* added without being asked for (no error if unused) */
    const BlockDevOps *dev_ops;
    void *dev_opaque;
    struct DriveInfo *next;
} DriveInfo;

/*
 * While parsing the command line (vl.c). optstr is a -drive string
 * ("file=...,if=...,..."), or for the legacy options: drive_add_legacy
 * puts file at index on interface type with extra options
 * (e.g. "media=cdrom" for -cdrom). Only queued: errors come from drives_init.
 */
void drive_add(const char *optstr);
void drive_add_legacy(BlockInterfaceType type, int index, const char *file,
                      const char *extra_opts);
/* -snapshot: every drive gets snapshot=on unless it says otherwise */
void drive_set_global_snapshot(bool on);

/*
 * Before the board is created: parse and open every queued drive; with
 * defaults (no -nodefaults), QEMU's empty CD-ROM at ide1 unit 0 and empty
 * floppy drive A where nothing else is. On an error (bad option, missing
 * or corrupt image, clash of bus/unit) set *errp and return false.
 */
bool drives_init(bool defaults, char **errp);

/* Lookups: NULL if there is no such drive. */
DriveInfo *drive_get(BlockInterfaceType type, int bus, int unit);
DriveInfo *drive_get_by_index(BlockInterfaceType type, int index);
DriveInfo *drive_get_by_id(const char *id);
/* the highest bus number used on type, -1 if none */
int drive_get_max_bus(BlockInterfaceType type);
/* the whole list, in the order given on the command line */
DriveInfo *drive_first(void);

/*
 * A device model takes a drive (board wiring, or -device ...,drive=ID).
 * false with *errp if another device already uses it.
 */
bool drive_claim(DriveInfo *dinfo, const char *device, char **errp);

void drive_set_dev_ops(DriveInfo *dinfo, const BlockDevOps *ops, void *opaque);

/* After all devices exist: false with *errp naming a drive nobody took. */
bool drives_check_unclaimed(char **errp);

/* At exit: flush and close every image (removes -snapshot overlays). */
void drives_close_all(void);

#endif
