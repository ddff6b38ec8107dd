/*
 * qemu-img: create, inspect, check, convert, compare, commit and resize
 * disk images through the block layer (block/block_int.h). One table of
 * commands gives the dispatch and the help text; options and messages
 * follow QEMU's qemu-img.
 */
#include "qemu/osdep.h"
#include "qemu/errp.h"
#include "block/block_int.h"
#include <ctype.h>
#include <getopt.h>
#include <math.h>
#include <time.h>

extern const char *error_progname;

#define CONVERT_CHUNK (2 << 20)

/* ---- helpers ---- */

/* "10G", "512M", "1.5K", "4096": bytes, or -1 */
static int64_t parse_size(const char *str)
{
    static const char suffixes[] = "BKMGTPE";
    char *end;
    errno = 0;
    double v = strtod(str, &end);
    int shift = 0;

    if (errno || end == str || v < 0) {
        return -1;
    }
    if (*end) {
        const char *p = strchr(suffixes, toupper((unsigned char)*end));
        if (!p || end[1]) {
            return -1;
        }
        shift = 10 * (p - suffixes);
    }
    double bytes = ldexp(v, shift);
    if (bytes >= 0x1p63 || bytes != floor(bytes)) {
        return -1;
    }
    return (int64_t)bytes;
}

/* QEMU's human sizes: "1 GiB", "196 KiB", "1.5 MiB" */
static void size_to_str(char *buf, size_t size, uint64_t v)
{
    static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
    int i = 0;
    double d = v;

    while (d >= 1024 && i < (int)ARRAY_SIZE(units) - 1) {
        d /= 1024;
        i++;
    }
    snprintf(buf, size, "%0.3g %s", d, units[i]);
}

static BlockDriverState *img_open(const char *filename, const char *fmt, int flags)
{
    char *err = NULL;
    BlockDriverState *bs = bdrv_open(filename, fmt, flags | BDRV_O_NO_WARN, &err);

    if (!bs) {
        error_report("%s", err);
        free(err);
    }
    return bs;
}

static void progress(bool on, uint64_t done, uint64_t total)
{
    if (on) {
        printf("    (%3.2f/100%%)\r", total ? 100.0 * done / total : 100.0);
        fflush(stdout);
    }
}

/* the -o list of create and convert */
static bool parse_create_options(const char *opts, BlockCreateOptions *o)
{
    char *copy = qemu_strdup(opts), *save = NULL;
    bool ok = true;

    for (char *tok = strtok_r(copy, ",", &save); tok && ok; tok = strtok_r(NULL, ",", &save)) {
        char *val = strchr(tok, '=');
        if (val) {
            *val++ = 0;
        }
        if (!val) {
            error_report("Invalid parameter '%s'", tok);
            ok = false;
        } else if (!strcmp(tok, "cluster_size")) {
            int64_t v = parse_size(val);
            ok = v > 0 && v <= UINT32_MAX;
            o->cluster_size = v;
        } else if (!strcmp(tok, "compat")) {
            if (!strcmp(val, "0.10") || !strcmp(val, "v2")) {
                o->compat_level = 2;
            } else if (!strcmp(val, "1.1") || !strcmp(val, "v3")) {
                o->compat_level = 3;
            } else {
                ok = false;
            }
        } else if (!strcmp(tok, "lazy_refcounts")) {
            o->lazy_refcounts = !strcmp(val, "on");
            ok = o->lazy_refcounts || !strcmp(val, "off");
        } else if (!strcmp(tok, "refcount_bits")) {
            o->refcount_bits = atoi(val);
            ok = o->refcount_bits > 0;
        } else if (!strcmp(tok, "backing_file")) {
            o->backing_file = qemu_strdup(val);
        } else if (!strcmp(tok, "backing_fmt")) {
            o->backing_format = qemu_strdup(val);
        } else if (!strcmp(tok, "size")) {
            int64_t v = parse_size(val);
            ok = v >= 0;
            o->size = v;
        } else {
            error_report("Invalid parameter '%s'", tok);
            free(copy);
            return false;
        }
        if (!ok) {
            error_report("Invalid value '%s' for option '%s'", val, tok);
        }
    }
    free(copy);
    return ok;
}

/* ---- create ---- */

static int img_create(int argc, char **argv)
{
    const char *fmt = "raw", *options = NULL;
    BlockCreateOptions o = { 0 };
    bool quiet = false;
    int c;

    while ((c = getopt(argc, argv, "hf:b:F:o:qu")) != -1) {
        switch (c) {
        case 'f': fmt = optarg; break;
        case 'b': o.backing_file = optarg; break;
        case 'F': o.backing_format = optarg; break;
        case 'o': options = optarg; break;
        case 'q': quiet = true; break;
        case 'u': break;
        default: return 1;
        }
    }
    if (options && !parse_create_options(options, &o)) {
        return 1;
    }
    if (optind >= argc) {
        error_report("Expecting image file name");
        return 1;
    }
    const char *filename = argv[optind++];
    if (optind < argc) {
        int64_t size = parse_size(argv[optind]);
        if (size < 0) {
            error_report("Invalid image size specified. You may use k, M, G, T, P or E suffixes "
                         "for kilobytes, megabytes, gigabytes, terabytes, petabytes and exabytes.");
            return 1;
        }
        o.size = size;
    } else if (!o.backing_file) {
        error_report("Image creation needs a size parameter");
        return 1;
    }
    if (o.backing_file) {
        /* the backing file is found relative to the new image, like at open */
        BlockDriverState tmp = { 0 };
        char path[PATH_MAX];
        snprintf(tmp.filename, sizeof(tmp.filename), "%s", filename);
        snprintf(tmp.backing_file, sizeof(tmp.backing_file), "%s", o.backing_file);
        bdrv_backing_path(&tmp, path, sizeof(path));
        BlockDriverState *base = img_open(path, o.backing_format, BDRV_O_NO_LOCK);
        if (!base) {
            return 1;
        }
        if (!o.backing_format) {
            o.backing_format = base->drv->format_name;
        }
        if (optind >= argc) {
            o.size = bdrv_getlength(base);
        }
        bdrv_close(base);
    }
    o.size = ROUND_UP(o.size, BDRV_SECTOR_SIZE);
    if (!quiet) {
        printf("Formatting '%s', fmt=%s", filename, fmt);
        if (!strcmp(fmt, "qcow2")) {
            printf(" cluster_size=%u extended_l2=off compression_type=zlib",
                   o.cluster_size ? o.cluster_size : 65536);
        }
        printf(" size=%" PRIu64, o.size);
        if (o.backing_file) {
            printf(" backing_file=%s backing_fmt=%s", o.backing_file, o.backing_format);
        }
        if (!strcmp(fmt, "qcow2")) {
            printf(" lazy_refcounts=%s refcount_bits=%d", o.lazy_refcounts ? "on" : "off",
                   o.refcount_bits ? o.refcount_bits : 16);
        }
        printf("\n");
    }
    char *err = NULL;
    if (bdrv_create(fmt, filename, &o, &err) < 0) {
        error_report("%s", err);
        free(err);
        return 1;
    }
    return 0;
}

/* ---- info and snapshot -l ---- */

static void print_snapshots(BlockDriverState *bs)
{
    BdrvSnapshotInfo *list = NULL;
    int n = bs->drv->snapshot_list ? bs->drv->snapshot_list(bs, &list) : 0;

    if (n > 0) {
        printf("Snapshot list:\n");
        printf("%-10s%-17s%8s%20s%13s%11s\n", "ID", "TAG", "VM SIZE", "DATE", "VM CLOCK", "ICOUNT");
        for (int i = 0; i < n; i++) {
            char size[32], date[32], clock[32], icount[32] = "";
            time_t t = list[i].date_sec;
            struct tm tm;
            uint64_t secs = list[i].vm_clock_nsec / 1000000000ull;

            size_to_str(size, sizeof(size), list[i].vm_state_size);
            strftime(date, sizeof(date), "%Y-%m-%d %H:%M:%S", localtime_r(&t, &tm));
            snprintf(clock, sizeof(clock), "%02u:%02u:%02u.%03u", (unsigned)(secs / 3600),
                     (unsigned)(secs / 60 % 60), (unsigned)(secs % 60),
                     (unsigned)(list[i].vm_clock_nsec / 1000000 % 1000));
            if (list[i].icount != UINT64_MAX) {
                snprintf(icount, sizeof(icount), "%" PRIu64, list[i].icount);
            }
            printf("%-9s %-16s %8s%20s%13s%11s\n", list[i].id, list[i].name, size, date, clock,
                   icount);
        }
    }
    free(list);
}

static int img_info(int argc, char **argv)
{
    const char *fmt = NULL;
    int flags = BDRV_O_NO_BACKING;
    int c;
    static const struct option longopts[] = {
        { "force-share", no_argument, NULL, 'U' }, { NULL, 0, NULL, 0 },
    };

    while ((c = getopt_long(argc, argv, "hf:U", longopts, NULL)) != -1) {
        switch (c) {
        case 'f': fmt = optarg; break;
        case 'U': flags |= BDRV_O_NO_LOCK; break;
        default: return 1;
        }
    }
    if (optind >= argc) {
        error_report("Expecting one image file name");
        return 1;
    }
    BlockDriverState *bs = img_open(argv[optind], fmt, flags);
    if (!bs) {
        return 1;
    }
    char vsize[32], dsize[32];
    int64_t len = bdrv_getlength(bs);
    int64_t alloc = bdrv_allocated_file_size(bs);
    size_to_str(vsize, sizeof(vsize), len);
    printf("image: %s\nfile format: %s\n", bs->filename, bs->drv->format_name);
    printf("virtual size: %s (%" PRId64 " bytes)\n", vsize, len);
    if (alloc >= 0) {
        size_to_str(dsize, sizeof(dsize), alloc);
        printf("disk size: %s\n", dsize);
    }
    if (bs->drv->cluster_size) {
        printf("cluster_size: %u\n", bs->drv->cluster_size(bs));
    }
    if (bs->backing_file[0]) {
        char path[PATH_MAX];
        bdrv_backing_path(bs, path, sizeof(path));
        printf("backing file: %s", bs->backing_file);
        if (strcmp(path, bs->backing_file)) {
            printf(" (actual path: %s)", path);
        }
        printf("\n");
        if (bs->backing_format[0]) {
            printf("backing file format: %s\n", bs->backing_format);
        }
    }
    print_snapshots(bs);
    if (bs->drv->print_info) {
        bs->drv->print_info(bs, stdout);
    }
    bdrv_close(bs);
    return 0;
}

static int img_snapshot(int argc, char **argv)
{
    const char *fmt = NULL;
    int flags = BDRV_O_NO_BACKING;
    bool list = false;
    int c;

    while ((c = getopt(argc, argv, "hlf:Uqc:d:a:")) != -1) {
        switch (c) {
        case 'l': list = true; break;
        case 'f': fmt = optarg; break;
        case 'U': flags |= BDRV_O_NO_LOCK; break;
        case 'q': break;
        case 'c': case 'd': case 'a':
            error_report("Only listing snapshots (-l) is supported");
            return 1;
        default: return 1;
        }
    }
    if (!list || optind >= argc) {
        error_report("Expecting -l and one image file name");
        return 1;
    }
    BlockDriverState *bs = img_open(argv[optind], fmt, flags);
    if (!bs) {
        return 1;
    }
    print_snapshots(bs);
    bdrv_close(bs);
    return 0;
}

/* ---- check ---- */

static int img_check(int argc, char **argv)
{
    const char *fmt = NULL;
    int flags = BDRV_O_NO_BACKING, fix = 0;
    bool quiet = false;
    int c;
    static const struct option longopts[] = {
        { "repair", required_argument, NULL, 'r' },
        { "force-share", no_argument, NULL, 'U' }, { NULL, 0, NULL, 0 },
    };

    while ((c = getopt_long(argc, argv, "hf:r:Uq", longopts, NULL)) != -1) {
        switch (c) {
        case 'f': fmt = optarg; break;
        case 'U': flags |= BDRV_O_NO_LOCK; break;
        case 'q': quiet = true; break;
        case 'r':
            flags |= BDRV_O_RDWR;
            if (!strcmp(optarg, "leaks")) {
                fix = BDRV_FIX_LEAKS;
            } else if (!strcmp(optarg, "all")) {
                fix = BDRV_FIX_LEAKS | BDRV_FIX_ERRORS;
            } else {
                error_report("Unknown option value for -r (expecting 'leaks' or 'all'): %s",
                             optarg);
                return 1;
            }
            break;
        default: return 1;
        }
    }
    if (optind >= argc) {
        error_report("Expecting one image file name");
        return 1;
    }
    BlockDriverState *bs = img_open(argv[optind], fmt, flags);
    if (!bs) {
        return 1;
    }
    if (!bs->drv->check) {
        error_report("This image format does not support checks");
        bdrv_close(bs);
        return 63;
    }
    BdrvCheckResult r;
    int ret = bs->drv->check(bs, &r, fix | (quiet ? BDRV_FIX_QUIET : 0));
    bdrv_close(bs);
    if (ret < 0) {
        error_report("Check failed: %s", strerror(-ret));
        return 1;
    }
    if (!quiet) {
        if (r.leaks_fixed || r.corruptions_fixed) {
            printf("The following inconsistencies were found and repaired:\n\n"
                   "    %d leaked clusters\n    %d corruptions\n\n"
                   "Double checking the fixed image now...\n", r.leaks_fixed, r.corruptions_fixed);
        }
        if (!r.corruptions && !r.leaks && !r.check_errors) {
            printf("No errors were found on the image.\n");
        }
        if (r.corruptions) {
            printf("\n%d errors were found on the image.\n"
                   "Data may be corrupted, or further writes to the image may corrupt it.\n",
                   r.corruptions);
        }
        if (r.leaks) {
            printf("\n%d leaked clusters were found on the image.\n"
                   "This means waste of disk space, but no harm to data.\n", r.leaks);
        }
        if (r.check_errors) {
            printf("\n%d internal errors have occurred during the check.\n", r.check_errors);
        }
        if (r.total_clusters && r.allocated_clusters) {
            printf("%" PRIu64 "/%" PRIu64 " = %0.2f%% allocated, %0.2f%% fragmented, "
                   "%0.2f%% compressed clusters\n", r.allocated_clusters, r.total_clusters,
                   100.0 * r.allocated_clusters / r.total_clusters,
                   100.0 * r.fragmented_clusters / r.allocated_clusters,
                   100.0 * r.compressed_clusters / r.allocated_clusters);
        }
        if (r.image_end_offset > 0) {
            printf("Image end offset: %" PRId64 "\n", r.image_end_offset);
        }
    }
    return r.check_errors ? 1 : r.corruptions ? 2 : r.leaks ? 3 : 0;
}

/* ---- convert ---- */

static int convert_copy(BlockDriverState *in, BlockDriverState *out, int64_t len, bool compress,
                        bool show_progress)
{
    uint32_t cs = out->drv->cluster_size ? out->drv->cluster_size(out) : 65536;
    size_t chunk = compress ? cs : MAX(CONVERT_CHUNK / cs, 1) * cs;
    uint8_t *buf = qemu_malloc(chunk);
    int ret = 0;

    for (int64_t off = 0; off < len && ret == 0; off += chunk) {
        size_t n = MIN((uint64_t)(len - off), chunk);
        ret = bdrv_pread(in, off, buf, n);
        if (ret < 0) {
            error_report("error while reading at byte %" PRId64 ": %s", off, strerror(-ret));
            break;
        }
        if (compress) {
            memset(buf + n, 0, chunk - n);
            if (!buffer_is_zero(buf, chunk)) {
                ret = out->drv->pwrite_compressed(out, off, buf);
            }
        } else {
            /* the new image reads as zeros: write only the clusters that are not */
            for (size_t i = 0; i < n && ret == 0;) {
                size_t piece = MIN((size_t)cs, n - i);
                if (buffer_is_zero(buf + i, piece)) {
                    i += piece;
                    continue;
                }
                size_t j = i + piece;
                while (j < n && !buffer_is_zero(buf + j, MIN((size_t)cs, n - j))) {
                    j += MIN((size_t)cs, n - j);
                }
                ret = bdrv_pwrite(out, off + i, buf + i, j - i);
                i = j;
            }
        }
        if (ret < 0) {
            error_report("error while writing at byte %" PRId64 ": %s", off, strerror(-ret));
        }
        progress(show_progress, off + n, len);
    }
    free(buf);
    return ret;
}

static int img_convert(int argc, char **argv)
{
    const char *fmt = NULL, *out_fmt = "raw", *options = NULL;
    bool compress = false, show_progress = false, quiet = false;
    int in_flags = 0;
    int c;
    static const struct option longopts[] = {
        { "force-share", no_argument, NULL, 'U' }, { NULL, 0, NULL, 0 },
    };

    while ((c = getopt_long(argc, argv, "hf:O:o:cpqU", longopts, NULL)) != -1) {
        switch (c) {
        case 'f': fmt = optarg; break;
        case 'O': out_fmt = optarg; break;
        case 'o': options = optarg; break;
        case 'c': compress = true; break;
        case 'p': show_progress = true; break;
        case 'q': quiet = true; break;
        case 'U': in_flags |= BDRV_O_NO_LOCK; break;
        default: return 1;
        }
    }
    if (quiet) {
        show_progress = false;
    }
    if (argc - optind != 2) {
        error_report("Expecting one input and one output file name");
        return 1;
    }
    const BlockDriver *out_drv = bdrv_find_format(out_fmt);
    if (!out_drv) {
        error_report("Unknown file format '%s'", out_fmt);
        return 1;
    }
    if (compress && !out_drv->pwrite_compressed) {
        error_report("Compression not supported for this file format");
        return 1;
    }
    BlockCreateOptions o = { 0 };
    if (options && !parse_create_options(options, &o)) {
        return 1;
    }
    BlockDriverState *in = img_open(argv[optind], fmt, in_flags);
    if (!in) {
        return 1;
    }
    int64_t len = bdrv_getlength(in);
    o.size = ROUND_UP(len, BDRV_SECTOR_SIZE);
    char *err = NULL;
    int ret = bdrv_create(out_fmt, argv[optind + 1], &o, &err);
    BlockDriverState *out = NULL;
    if (ret < 0) {
        error_report("%s", err);
        free(err);
    } else {
        /* a new image needs no flushes until it is complete (QEMU's cache=unsafe) */
        out = img_open(argv[optind + 1], out_fmt, BDRV_O_RDWR | BDRV_O_NO_FLUSH);
    }
    if (out) {
        progress(show_progress, 0, len);
        ret = convert_copy(in, out, len, compress, show_progress);
        if (ret == 0) {
            ret = bdrv_flush(out);
        }
        if (show_progress) {
            printf("\n");
        }
        bdrv_close(out);
    }
    bdrv_close(in);
    return out && ret == 0 ? 0 : 1;
}

/* ---- compare ---- */

static int img_compare(int argc, char **argv)
{
    const char *fmt1 = NULL, *fmt2 = NULL;
    bool quiet = false;
    int flags = 0;
    int c;

    while ((c = getopt(argc, argv, "hf:F:qU")) != -1) {
        switch (c) {
        case 'f': fmt1 = optarg; break;
        case 'F': fmt2 = optarg; break;
        case 'q': quiet = true; break;
        case 'U': flags |= BDRV_O_NO_LOCK; break;
        default: return 2;
        }
    }
    if (argc - optind != 2) {
        error_report("Expecting two image file names");
        return 2;
    }
    BlockDriverState *a = img_open(argv[optind], fmt1, flags);
    BlockDriverState *b = a ? img_open(argv[optind + 1], fmt2, flags) : NULL;
    if (!b) {
        bdrv_close(a);
        return 2;
    }
    int64_t la = bdrv_getlength(a), lb = bdrv_getlength(b);
    uint8_t *ba = qemu_malloc(CONVERT_CHUNK), *bb = qemu_malloc(CONVERT_CHUNK);
    int ret = 0;
    for (int64_t off = 0; off < MAX(la, lb) && ret == 0; off += CONVERT_CHUNK) {
        size_t n = MIN((uint64_t)(MAX(la, lb) - off), CONVERT_CHUNK);
        memset(ba, 0, n);
        memset(bb, 0, n);
        /* the longer image must hold zeros past the shorter one's end */
        if ((off < la && bdrv_pread(a, off, ba, MIN((uint64_t)(la - off), n)) < 0) ||
            (off < lb && bdrv_pread(b, off, bb, MIN((uint64_t)(lb - off), n)) < 0)) {
            error_report("Error while reading at byte %" PRId64, off);
            ret = 4;
            break;
        }
        if (memcmp(ba, bb, n)) {
            size_t i = 0;
            while (ba[i] == bb[i]) {
                i++;
            }
            if (!quiet) {
                printf("Content mismatch at offset %" PRId64 "!\n", off + (int64_t)i);
            }
            ret = 1;
        }
    }
    if (ret == 0 && !quiet) {
        printf(la != lb ? "Warning: Image size mismatch!\nImages are identical.\n"
                        : "Images are identical.\n");
    }
    free(ba);
    free(bb);
    bdrv_close(a);
    bdrv_close(b);
    return ret;
}

/* ---- commit ---- */

static int img_commit(int argc, char **argv)
{
    const char *fmt = NULL;
    bool quiet = false, keep = false;
    int c;

    while ((c = getopt(argc, argv, "hf:qdt:")) != -1) {
        switch (c) {
        case 'f': fmt = optarg; break;
        case 'q': quiet = true; break;
        case 'd': keep = true; break;
        case 't': break;
        default: return 1;
        }
    }
    if (optind >= argc) {
        error_report("Expecting one image file name");
        return 1;
    }
    BlockDriverState *top = img_open(argv[optind], fmt, BDRV_O_RDWR | BDRV_O_NO_BACKING);
    if (!top) {
        return 1;
    }
    if (!top->backing_file[0]) {
        error_report("Image does not have a backing file");
        bdrv_close(top);
        return 1;
    }
    char path[PATH_MAX], *err = NULL;
    bdrv_backing_path(top, path, sizeof(path));
    top->backing = img_open(path, top->backing_format[0] ? top->backing_format : NULL,
                            BDRV_O_RDWR);
    if (!top->backing) {
        bdrv_close(top);
        return 1;
    }
    /* -d: leave the overlay's clusters in place */
    int ret = bdrv_commit(top, !keep, &err);
    bdrv_close(top);
    if (ret < 0) {
        error_report("%s", err);
        free(err);
        return 1;
    }
    if (!quiet) {
        printf("Image committed.\n");
    }
    return 0;
}

/* ---- resize ---- */

static int img_resize(int argc, char **argv)
{
    const char *fmt = NULL;
    bool quiet = false, shrink = false;
    int c;
    static const struct option longopts[] = {
        { "shrink", no_argument, NULL, 's' }, { NULL, 0, NULL, 0 },
    };

    /* a leading '-' of "-1G" is a size, not an option */
    int last = argc - 1;
    char *size_arg = argc > 2 ? argv[last] : NULL;
    while ((c = getopt_long(last, argv, "hf:q", longopts, NULL)) != -1) {
        switch (c) {
        case 'f': fmt = optarg; break;
        case 'q': quiet = true; break;
        case 's': shrink = true; break;
        default: return 1;
        }
    }
    if (!size_arg || optind != last - 1) {
        error_report("Expecting image file name and size");
        return 1;
    }
    int sign = size_arg[0] == '+' ? 1 : size_arg[0] == '-' ? -1 : 0;
    int64_t size = parse_size(size_arg + (sign != 0));
    if (size < 0) {
        error_report("Invalid image size specified");
        return 1;
    }
    BlockDriverState *bs = img_open(argv[optind], fmt, BDRV_O_RDWR | BDRV_O_NO_BACKING);
    if (!bs) {
        return 1;
    }
    int64_t cur = bdrv_getlength(bs);
    int64_t want = sign ? cur + sign * size : size;
    char *err = NULL;
    int ret = 0;
    if (want < 0) {
        error_report("New image size must be positive");
        ret = -EINVAL;
    } else if (bdrv_truncate(bs, want, shrink, &err) < 0) {
        error_report("%s", err);
        free(err);
        ret = -EINVAL;
    }
    bdrv_close(bs);
    if (ret == 0 && !quiet) {
        printf("Image resized.\n");
    }
    return ret < 0 ? 1 : 0;
}

/* ---- the command table ---- */

typedef struct ImgCommand {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *syntax;
} ImgCommand;

static const ImgCommand img_commands[] = {
    { "check", img_check, "check [-q] [-f fmt] [-r leaks|all] [-U] filename" },
    { "commit", img_commit, "commit [-q] [-f fmt] [-d] filename" },
    { "compare", img_compare, "compare [-q] [-f fmt] [-F fmt] [-U] filename1 filename2" },
    { "convert", img_convert,
      "convert [-q] [-p] [-c] [-U] [-f fmt] [-O output_fmt] [-o options] filename "
      "output_filename" },
    { "create", img_create,
      "create [-q] [-f fmt] [-b backing_file [-F backing_fmt]] [-o options] filename [size]" },
    { "info", img_info, "info [-f fmt] [-U] filename" },
    { "resize", img_resize, "resize [-q] [-f fmt] [--shrink] filename [+ | -]size" },
    { "snapshot", img_snapshot, "snapshot -l [-U] [-f fmt] filename" },
};

static void help(void)
{
    printf("usage: qemu-img [standard options] command [command options]\n"
           "QEMU disk image utility\n\n"
           "    '-h', '--help'       display this help and exit\n"
           "    '-V', '--version'    output version information and exit\n\n"
           "Command syntax:\n");
    for (size_t i = 0; i < ARRAY_SIZE(img_commands); i++) {
        printf("  %s\n", img_commands[i].syntax);
    }
    printf("\nCommand parameters:\n"
           "  'filename' is a disk image filename\n"
           "  'fmt' is the disk image format (guessed from the contents if not given)\n"
           "  'size' is the disk image size in bytes; k, M, G, T, P or E suffixes mean\n"
           "    kilobytes, megabytes, gigabytes, terabytes, petabytes and exabytes\n"
           "  'options' (create, convert): cluster_size, compat (0.10 or 1.1),\n"
           "    lazy_refcounts (on/off), refcount_bits, backing_file, backing_fmt\n"
           "  '-c' compresses the output (qcow2), '-p' shows progress,\n"
           "  '-U' opens the image without taking its lock (force share)\n\n"
           "Supported formats: qcow2 raw\n");
}

int main(int argc, char **argv)
{
    error_progname = "qemu-img";
    if (argc < 2) {
        error_report("Not enough arguments\nTry 'qemu-img --help' for more information");
        return 1;
    }
    if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        help();
        return 0;
    }
    if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version")) {
        printf("qemu-img version 7.2.0 (this emulator's own)\n");
        return 0;
    }
    for (size_t i = 0; i < ARRAY_SIZE(img_commands); i++) {
        if (!strcmp(argv[1], img_commands[i].name)) {
            optind = 1;
            return img_commands[i].run(argc - 1, argv + 1);
        }
    }
    error_report("Command not found: %s", argv[1]);
    return 1;
}
