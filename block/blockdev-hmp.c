/*
 * The monitor's drive commands: info block, commit, eject and change
 * (include/block/blockdev-hmp.h), over the drive list and the device
 * callbacks of removable media.
 */
#include "qemu/osdep.h"
#include "block/blockdev-hmp.h"
#include "sysemu/blockdev.h"

static bool drive_is_removable(DriveInfo *d)
{
    return d->dev_ops && d->dev_ops->change_media_cb;
}

static bool drive_is_locked(DriveInfo *d)
{
    return d->dev_ops && d->dev_ops->is_medium_locked &&
           d->dev_ops->is_medium_locked(d->dev_opaque);
}

static const char *cache_mode(DriveInfo *d)
{
    if (d->bdrv_flags & BDRV_O_NO_FLUSH) {
        return "writeback, ignore flushes";
    }
    if (d->bdrv_flags & BDRV_O_NOCACHE) {
        return d->writethrough ? "writethrough, direct" : "writeback, direct";
    }
    return d->writethrough ? "writethrough" : "writeback";
}

void hmp_info_block(Monitor *mon, const char *arg)
{
    for (DriveInfo *d = drive_first(); d; d = d->next) {
        if (*arg && strcmp(arg, d->id)) {
            continue;
        }
        if (d->blk && blk_is_inserted(d->blk)) {
            monitor_printf(mon, "%s: %s (%s%s%s)\n", d->id, blk_filename(d->blk),
                           blk_format_name(d->blk), blk_is_read_only(d->blk) ? ", read-only" : "",
                           (d->bdrv_flags & BDRV_O_SNAPSHOT) ? ", snapshot" : "");
        } else {
            monitor_printf(mon, "%s: [not inserted]\n", d->id);
        }
        if (d->claimed_by) {
            monitor_printf(mon, "    Attached to:      %s\n", d->claimed_by);
        }
        if (drive_is_removable(d)) {
            bool open = d->dev_ops->is_tray_open && d->dev_ops->is_tray_open(d->dev_opaque);
            monitor_printf(mon, "    Removable device: %slocked, tray %s\n",
                           drive_is_locked(d) ? "" : "not ", open ? "open" : "closed");
        }
        if (d->blk && blk_is_inserted(d->blk)) {
            monitor_printf(mon, "    Cache mode:       %s\n", cache_mode(d));
        }
        monitor_printf(mon, "\n");
    }
}

static DriveInfo *find_drive(Monitor *mon, const char *id)
{
    DriveInfo *d = *id ? drive_get_by_id(id) : NULL;

    if (!d) {
        monitor_printf(mon, "Device '%s' not found\n", id);
    }
    return d;
}

static void commit_one(Monitor *mon, DriveInfo *d, bool quiet_if_none)
{
    char *err = NULL;

    if (!d->blk || !blk_is_inserted(d->blk)) {
        if (!quiet_if_none) {
            monitor_printf(mon, "Device '%s' has no medium\n", d->id);
        }
        return;
    }
    if (blk_commit(d->blk, &err) < 0) {
        if (!quiet_if_none || err) {
            monitor_printf(mon, "%s: %s\n", d->id, err ? err : "nothing to commit (no -snapshot)");
        }
        free(err);
    }
}

void hmp_commit(Monitor *mon, const char *arg)
{
    DriveInfo *d;

    if (!strcmp(arg, "all")) {
        for (d = drive_first(); d; d = d->next) {
            if (d->bdrv_flags & BDRV_O_SNAPSHOT) {
                commit_one(mon, d, true);
            }
        }
        return;
    }
    if ((d = find_drive(mon, arg))) {
        commit_one(mon, d, false);
    }
}

/* take the medium out; false (with a message) if the guest holds it */
static bool eject_drive(Monitor *mon, DriveInfo *d, bool force)
{
    if (!drive_is_removable(d)) {
        monitor_printf(mon, "Device '%s' is not removable\n", d->id);
        return false;
    }
    if (drive_is_locked(d) && !force) {
        if (d->dev_ops->eject_request_cb) {
            d->dev_ops->eject_request_cb(d->dev_opaque, false);
        }
        monitor_printf(mon, "Device '%s' is locked and force was not specified, "
                       "wait for tray to open and try again\n", d->id);
        return false;
    }
    if (force && d->dev_ops->eject_request_cb) {
        d->dev_ops->eject_request_cb(d->dev_opaque, true);
    }
    blk_eject(d->blk);
    d->dev_ops->change_media_cb(d->dev_opaque, false);
    return true;
}

void hmp_eject(Monitor *mon, const char *arg)
{
    bool force = false;
    DriveInfo *d;

    if (!strncmp(arg, "-f", 2) && (arg[2] == ' ' || arg[2] == '\t')) {
        force = true;
        arg += 3;
        arg += strspn(arg, " \t");
    }
    if ((d = find_drive(mon, arg))) {
        eject_drive(mon, d, force);
    }
}

void hmp_change(Monitor *mon, const char *arg)
{
    char id[128], file[4096], format[32] = "";
    char *err = NULL;
    BlockBackend *probe;
    DriveInfo *d;

    if (sscanf(arg, "%127s %4095s %31s", id, file, format) < 2) {
        monitor_printf(mon, "usage: change DEVICE FILE [FORMAT]\n");
        return;
    }
    if (!(d = find_drive(mon, id))) {
        return;
    }
    /* an image that cannot be opened leaves the old medium where it is */
    probe = blk_new_empty();
    if (!blk_insert(probe, file, *format ? format : NULL, d->bdrv_flags, &err)) {
        monitor_printf(mon, "%s\n", err);
        free(err);
        blk_close(probe);
        return;
    }
    blk_close(probe);
    if (!eject_drive(mon, d, false)) {
        return;
    }
    if (!blk_insert(d->blk, file, *format ? format : NULL, d->bdrv_flags, &err)) {
        monitor_printf(mon, "%s\n", err);
        free(err);
        return;
    }
    d->dev_ops->change_media_cb(d->dev_opaque, true);
}
