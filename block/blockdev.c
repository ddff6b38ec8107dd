/*
 * The drive list (include/sysemu/blockdev.h): -drive and the legacy
 * -hda..-hdd, -cdrom, -fda/-fdb options are queued while the command line
 * is parsed, then turned into DriveInfos with their images open before
 * the board looks them up.
 */
#include "qemu/osdep.h"
#include "qemu/option.h"
#include "sysemu/blockdev.h"

typedef struct QueuedDrive {
    char *optstr;
    char *label;                /* the option as the user typed it, for errors */
    struct QueuedDrive *next;
} QueuedDrive;

static QueuedDrive *queued_drives, **queued_tail = &queued_drives;
static DriveInfo *drives;
static bool global_snapshot;

static const char *const if_names[IF_COUNT] = {
    [IF_NONE] = "none", [IF_IDE] = "ide", [IF_FLOPPY] = "floppy", [IF_VIRTIO] = "virtio",
};

/* units per bus: IDE 2 (master, slave), floppy 2 (A, B), virtio and none 1 */
static int drive_units_per_bus(BlockInterfaceType type)
{
    return type == IF_IDE || type == IF_FLOPPY ? 2 : 1;
}

static const char *drive_if_name(BlockInterfaceType type)
{
    return type < IF_COUNT ? if_names[type] : "?";
}

static void drive_queue(const char *optstr, char *label)
{
    QueuedDrive *q = qemu_mallocz(sizeof(*q));

    q->optstr = qemu_strdup(optstr);
    q->label = label;
    *queued_tail = q;
    queued_tail = &q->next;
}

void drive_add(const char *optstr)
{
    char *label;

    if (asprintf(&label, "-drive %s", optstr) < 0) {
        fatal("out of memory");
    }
    drive_queue(optstr, label);
}

/* file names may hold commas: ",," inside an option value */
static char *escape_commas(const char *s)
{
    char *out = qemu_malloc(strlen(s) * 2 + 1), *p = out;

    for (; *s; s++) {
        *p++ = *s;
        if (*s == ',') {
            *p++ = ',';
        }
    }
    *p = 0;
    return out;
}

void drive_add_legacy(BlockInterfaceType type, int index, const char *file,
                      const char *extra_opts)
{
    static const char *const names[IF_COUNT][4] = {
        [IF_IDE] = { "-hda", "-hdb", "-cdrom", "-hdd" },
        [IF_FLOPPY] = { "-fda", "-fdb" },
    };
    const char *name = type < IF_COUNT && index >= 0 && index < 4 ? names[type][index] : NULL;
    char *escaped = escape_commas(file);
    char *optstr, *label;

    /* -hdc and -cdrom share index 2 */
    if (type == IF_IDE && index == 2 && !extra_opts) {
        name = "-hdc";
    }
    if (asprintf(&optstr, "file=%s,if=%s,index=%d%s%s", escaped, drive_if_name(type), index,
                 extra_opts ? "," : "", extra_opts ? extra_opts : "") < 0 ||
        asprintf(&label, "%s %s", name ? name : "-drive", name ? file : optstr) < 0) {
        fatal("out of memory");
    }
    drive_queue(optstr, label);
    free(optstr);
    free(escaped);
}

void drive_set_global_snapshot(bool on)
{
    global_snapshot = on;
}

DriveInfo *drive_first(void)
{
    return drives;
}

DriveInfo *drive_get(BlockInterfaceType type, int bus, int unit)
{
    for (DriveInfo *d = drives; d; d = d->next) {
        if (d->type == type && d->bus == bus && d->unit == unit) {
            return d;
        }
    }
    return NULL;
}

DriveInfo *drive_get_by_index(BlockInterfaceType type, int index)
{
    int units = drive_units_per_bus(type);

    return drive_get(type, index / units, index % units);
}

DriveInfo *drive_get_by_id(const char *id)
{
    for (DriveInfo *d = drives; d; d = d->next) {
        if (!strcmp(d->id, id)) {
            return d;
        }
    }
    return NULL;
}

int drive_get_max_bus(BlockInterfaceType type)
{
    int max = -1;

    for (DriveInfo *d = drives; d; d = d->next) {
        if (d->type == type && d->bus > max) {
            max = d->bus;
        }
    }
    return max;
}

bool drive_claim(DriveInfo *dinfo, const char *device, char **errp)
{
    if (dinfo->claimed_by) {
        error_setg(errp, "Drive '%s' is already in use by %s", dinfo->id, dinfo->claimed_by);
        return false;
    }
    dinfo->claimed_by = device;
    return true;
}

void drive_set_dev_ops(DriveInfo *dinfo, const BlockDevOps *ops, void *opaque)
{
    dinfo->dev_ops = ops;
    dinfo->dev_opaque = opaque;
}

bool drives_check_unclaimed(char **errp)
{
    for (DriveInfo *d = drives; d; d = d->next) {
        if (d->claimed_by || d->is_default || d->type == IF_NONE) {
            continue;
        }
        error_setg(errp, "machine type does not support if=%s,bus=%d,unit=%d",
                   drive_if_name(d->type), d->bus, d->unit);
        return false;
    }
    return true;
}

void drives_close_all(void)
{
    for (DriveInfo *d = drives; d; d = d->next) {
        if (d->blk) {
            blk_close(d->blk);
            d->blk = NULL;
        }
    }
}

/* ---- turning an option string into a drive ---- */

static bool parse_int_opt(QemuOpts *opts, const char *name, int max, int *val, char **errp)
{
    const char *s = qemu_opt_get(opts, name);
    uint64_t n;

    if (!s) {
        return true;
    }
    if (!qemu_strtou64(s, &n) || n > (uint64_t)max) {
        error_setg(errp, "invalid %s=%s (a number from 0 to %d)", name, s, max);
        return false;
    }
    *val = n;
    return true;
}

static bool parse_enum_opt(QemuOpts *opts, const char *name, const char *const *names,
                           int count, int *val, char **errp)
{
    const char *s = qemu_opt_get(opts, name);

    if (!s) {
        return true;
    }
    for (int i = 0; i < count; i++) {
        if (names[i] && !strcmp(s, names[i])) {
            *val = i;
            return true;
        }
    }
    error_setg(errp, "invalid %s=%s", name, s);
    return false;
}

/* the cache= modes and what they mean to the image and the device */
static bool parse_cache_opt(QemuOpts *opts, int *flags, bool *writethrough, char **errp)
{
    static const struct {
        const char *name;
        int flags;
        bool writethrough;
    } modes[] = {
        { "writeback", 0, false },
        { "none", BDRV_O_NOCACHE, false },
        { "unsafe", BDRV_O_NO_FLUSH, false },
        { "writethrough", 0, true },
        { "directsync", BDRV_O_NOCACHE, true },
    };
    const char *s = qemu_opt_get(opts, "cache");

    if (!s) {
        return true;
    }
    for (size_t i = 0; i < ARRAY_SIZE(modes); i++) {
        if (!strcmp(s, modes[i].name)) {
            *flags |= modes[i].flags;
            *writethrough = modes[i].writethrough;
            return true;
        }
    }
    error_setg(errp, "invalid cache option '%s' (writeback, none, unsafe, writethrough, directsync)",
               s);
    return false;
}

static char *default_drive_id(BlockInterfaceType type, int bus, int unit, DriveMediaType media)
{
    int index = bus * drive_units_per_bus(type) + unit;
    char *id;
    int ret;

    switch (type) {
    case IF_IDE:
        ret = asprintf(&id, "ide%d-%s%d", bus, media == MEDIA_CDROM ? "cd" : "hd", unit);
        break;
    default:
        ret = asprintf(&id, "%s%d", drive_if_name(type), index);
        break;
    }
    if (ret < 0) {
        fatal("out of memory");
    }
    return id;
}

/* bus and unit from index=, or bus=/unit=, or the first free place */
static bool place_drive(QemuOpts *opts, BlockInterfaceType type, int *bus, int *unit,
                        char **errp)
{
    int units = drive_units_per_bus(type);
    int index = -1;

    *bus = 0;
    *unit = -1;
    if (!parse_int_opt(opts, "index", 1000, &index, errp) ||
        !parse_int_opt(opts, "bus", 1000, bus, errp) ||
        !parse_int_opt(opts, "unit", 1000, unit, errp)) {
        return false;
    }
    if (index >= 0) {
        if (qemu_opt_get(opts, "bus") || qemu_opt_get(opts, "unit")) {
            error_setg(errp, "index cannot be used with bus and unit");
            return false;
        }
        *bus = index / units;
        *unit = index % units;
    }
    if (*unit < 0) {
        *unit = 0;
        while (drive_get(type, *bus, *unit)) {
            if (++*unit >= units) {
                *unit = 0;
                ++*bus;
            }
        }
    }
    if (*unit >= units) {
        error_setg(errp, "unit %d too big (max is %d)", *unit, units - 1);
        return false;
    }
    if (drive_get(type, *bus, *unit)) {
        error_setg(errp, "drive with bus=%d, unit=%d (index=%d) exists", *bus, *unit,
                   *bus * units + *unit);
        return false;
    }
    return true;
}

static bool open_drive_image(DriveInfo *d, const char *file, const char *format,
                             char **errp)
{
    bool removable = d->media == MEDIA_CDROM || d->type == IF_FLOPPY;

    if (!file || !*file) {
        if (!removable) {
            error_setg(errp, "Device needs media, but drive is empty (give file=)");
            return false;
        }
        d->blk = blk_new_empty();
        return true;
    }
    if (removable) {
        d->blk = blk_new_empty();
        if (!blk_insert(d->blk, file, format, d->bdrv_flags, errp)) {
            blk_close(d->blk);
            d->blk = NULL;
            return false;
        }
        return true;
    }
    d->blk = blk_open(file, format, d->bdrv_flags, errp);
    return d->blk != NULL;
}

static DriveInfo *drive_new(const char *optstr, char **errp)
{
    static const char *const media_names[] = { [MEDIA_DISK] = "disk", [MEDIA_CDROM] = "cdrom" };
    static const char *const known[] = {
        "file", "format", "if", "media", "index", "bus", "unit", "snapshot", "cache",
        "readonly", "id",
    };
    QemuOpts *opts = qemu_opts_parse(optstr, NULL, errp);
    DriveInfo *d = NULL;
    int type = IF_IDE, media = MEDIA_DISK, bus, unit, flags = 0;
    bool readonly = false, snapshot = global_snapshot, writethrough = false;
    const char *id, *format;

    if (!opts) {
        return NULL;
    }
    for (int i = 0; i < opts->nb; i++) {
        bool ok = false;
        for (size_t k = 0; k < ARRAY_SIZE(known); k++) {
            ok |= !strcmp(opts->opt[i].name, known[k]);
        }
        if (!ok) {
            error_setg(errp, "Invalid parameter '%s'", opts->opt[i].name);
            goto out;
        }
    }
    if (!parse_enum_opt(opts, "if", if_names, IF_COUNT, &type, errp) ||
        !parse_enum_opt(opts, "media", media_names, ARRAY_SIZE(media_names), &media, errp) ||
        !qemu_opt_get_bool(opts, "readonly", false, &readonly, errp) ||
        !qemu_opt_get_bool(opts, "snapshot", global_snapshot, &snapshot, errp) ||
        !parse_cache_opt(opts, &flags, &writethrough, errp) ||
        !place_drive(opts, type, &bus, &unit, errp)) {
        goto out;
    }
    if (media == MEDIA_CDROM && type != IF_IDE && type != IF_NONE) {
        error_setg(errp, "media=cdrom is only supported on if=ide");
        goto out;
    }
    format = qemu_opt_get(opts, "format");
    if (format && !*format) {
        format = NULL;
    }
    id = qemu_opt_get(opts, "id");
    if (id && drive_get_by_id(id)) {
        error_setg(errp, "Duplicate ID '%s' for drive", id);
        goto out;
    }
    /* a CD is read-only; a -snapshot overlay over a read-only image would be pointless */
    if (media == MEDIA_CDROM) {
        readonly = true;
    }
    if (!readonly) {
        flags |= BDRV_O_RDWR;
        if (snapshot) {
            flags |= BDRV_O_SNAPSHOT;
        }
    }

    d = qemu_mallocz(sizeof(*d));
    d->type = type;
    d->bus = bus;
    d->unit = unit;
    d->media = media;
    d->bdrv_flags = flags;
    d->writethrough = writethrough;
    d->id = id ? qemu_strdup(id) : default_drive_id(type, bus, unit, media);
    if (!open_drive_image(d, qemu_opt_get(opts, "file"), format, errp)) {
        free(d->id);
        free(d);
        d = NULL;
    }
out:
    qemu_opts_free(opts);
    return d;
}

static void drive_append(DriveInfo *d)
{
    DriveInfo **p = &drives;

    while (*p) {
        p = &(*p)->next;
    }
    *p = d;
}

static bool drive_add_default(BlockInterfaceType type, int index, const char *optstr,
                              char **errp)
{
    DriveInfo *d;

    if (drive_get_by_index(type, index)) {
        return true;
    }
    d = drive_new(optstr, errp);
    if (!d) {
        return false;
    }
    d->is_default = true;
    drive_append(d);
    return true;
}

bool drives_init(bool defaults, char **errp)
{
    QueuedDrive *q;

    while ((q = queued_drives)) {
        char *err = NULL;
        DriveInfo *d = drive_new(q->optstr, &err);

        if (!d) {
            error_setg(errp, "%s: %s", q->label, err);
            free(err);
            return false;
        }
        drive_append(d);
        queued_drives = q->next;
        free(q->optstr);
        free(q->label);
        free(q);
    }
    queued_tail = &queued_drives;
    /* QEMU's defaults: an empty CD-ROM drive as the secondary master, floppy drive A */
    return !defaults ||
           (drive_add_default(IF_IDE, 2, "if=ide,index=2,media=cdrom", errp) &&
            drive_add_default(IF_FLOPPY, 0, "if=floppy,index=0", errp));
}
