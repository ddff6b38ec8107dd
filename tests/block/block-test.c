/*
 * Host-side driver of the block layer for tests/block/run-block-tests.py:
 * each subcommand opens an image through include/block/block.h (as the
 * device models do) and writes, reads, verifies, holds it open, or writes
 * forever until killed. Data is stamped per 512-byte sector with the
 * sector number and a generation, so a reader can tell which write a
 * sector holds.
 *
 *   write-random IMAGE FMT REF SEED COUNT [CACHE]
 *                                           random writes mirrored into the
 *                                           raw file REF, then a full compare;
 *                                           CACHE: writeback, none or unsafe
 *   crash-writer IMAGE FMT LOG SEED         write and flush until killed;
 *                                           LOG lists what each flush made durable
 *   crash-verify IMAGE FMT LOG              every flushed sector still holds
 *                                           its generation or a later one
 *   hold IMAGE FMT SECONDS [rw]             keep the image open (lock tests)
 *   snapshot-write IMAGE FMT SEED COUNT [commit REF | loop]
 *                                           write through a -snapshot overlay,
 *                                           read it back; commit it (mirroring
 *                                           the writes into the raw file REF),
 *                                           or loop forever (to be killed)
 */
#include "qemu/osdep.h"
#include "block/block.h"
#include "block/block_int.h"
#include <fcntl.h>
#include <unistd.h>

#define SECTOR 512
#define MAX_WRITE_SECTORS 300

static uint64_t rng_state;

static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static void stamp(uint8_t *buf, uint64_t sector, uint64_t gen)
{
    uint64_t *w = (uint64_t *)buf;
    for (int i = 0; i < SECTOR / 8; i++) {
        w[i] = (sector * 0x9e3779b97f4a7c15ull) ^ (gen << 32) ^ ((uint64_t)i << 20) ^ i;
    }
}

/* the generation a stamped sector holds, -1 if it is not a stamp of this sector */
static int64_t stamp_gen(const uint8_t *buf, uint64_t sector)
{
    uint8_t expect[SECTOR];
    uint64_t w0;

    memcpy(&w0, buf, 8);
    uint64_t gen = (w0 ^ (sector * 0x9e3779b97f4a7c15ull)) >> 32;
    stamp(expect, sector, gen);
    return memcmp(expect, buf, SECTOR) ? -1 : (int64_t)gen;
}

static BlockBackend *open_or_die(const char *file, const char *fmt, int flags)
{
    char *err = NULL;
    BlockBackend *blk = blk_open(file, !strcmp(fmt, "probe") ? NULL : fmt, flags, &err);
    if (!blk) {
        fprintf(stderr, "block-test: %s\n", err);
        exit(2);
    }
    return blk;
}

/* a random write: mostly small and unaligned to clusters, sometimes large */
static void pick_write(uint64_t nb_sectors, uint64_t *sector, uint64_t *count)
{
    uint64_t max = (rnd() % 8 == 0) ? MAX_WRITE_SECTORS : 16;
    *count = 1 + rnd() % MIN(max, nb_sectors);
    *sector = rnd() % (nb_sectors - *count + 1);
}

static int write_stamped(BlockBackend *blk, uint64_t sector, uint64_t count, uint64_t gen,
                         uint8_t *buf)
{
    for (uint64_t i = 0; i < count; i++) {
        stamp(buf + i * SECTOR, sector + i, gen);
    }
    /* split into a two-element vector, as device DMA lists come */
    size_t half = (count / 2) * SECTOR;
    struct iovec iov[2] = { { buf, half }, { buf + half, count * SECTOR - half } };
    return half ? blk_pwritev(blk, sector * SECTOR, iov, 2)
                : blk_pwrite(blk, sector * SECTOR, buf, count * SECTOR);
}

/* the cache= modes as open flags */
static int cache_flags(const char *mode)
{
    if (!mode || !strcmp(mode, "writeback")) {
        return 0;
    }
    return !strcmp(mode, "none") ? BDRV_O_NOCACHE : BDRV_O_NO_FLUSH;
}

static int cmd_write_random(char **argv)
{
    BlockBackend *blk = open_or_die(argv[0], argv[1], BDRV_O_RDWR | cache_flags(argv[5]));
    int ref = open(argv[2], O_RDWR);
    rng_state = strtoull(argv[3], NULL, 0) | 1;
    long count = atol(argv[4]);
    int64_t len = blk_getlength(blk);
    uint64_t nb = len / SECTOR;
    uint8_t *buf = qemu_malloc(MAX_WRITE_SECTORS * SECTOR);
    int failed = 0;

    if (ref < 0 || len <= 0) {
        fprintf(stderr, "block-test: cannot open %s or empty image\n", argv[2]);
        return 2;
    }
    for (long i = 0; i < count; i++) {
        uint64_t sector, n;
        pick_write(nb, &sector, &n);
        if (write_stamped(blk, sector, n, i + 1, buf) < 0 ||
            pwrite(ref, buf, n * SECTOR, sector * SECTOR) != (ssize_t)(n * SECTOR)) {
            fprintf(stderr, "block-test: write %ld failed\n", i);
            return 1;
        }
        if (rnd() % 50 == 0 && blk_flush(blk) < 0) {
            fprintf(stderr, "block-test: flush failed\n");
            return 1;
        }
    }
    /* read back everything, in odd-sized pieces */
    uint8_t *a = qemu_malloc(1 << 20), *b = qemu_malloc(1 << 20);
    for (int64_t off = 0; off < len && !failed;) {
        size_t piece = (1 + rnd() % 2048) * SECTOR;
        size_t n = MIN((uint64_t)(len - off), piece);
        int ret = blk_pread(blk, off, a, n);
        if (ret < 0 || pread(ref, b, n, off) != (ssize_t)n) {
            fprintf(stderr, "block-test: read of %zu bytes at %" PRId64 " failed: %s\n", n, off,
                    strerror(-ret));
            failed = 1;
        } else if (memcmp(a, b, n)) {
            fprintf(stderr, "block-test: data differs near %" PRId64 "\n", off);
            failed = 1;
        }
        off += n;
    }
    blk_close(blk);
    close(ref);
    return failed;
}

typedef struct WriteRecord {
    uint64_t sector, count, gen;
} WriteRecord;

static int cmd_crash_writer(char **argv)
{
    BlockBackend *blk = open_or_die(argv[0], argv[1], BDRV_O_RDWR);
    FILE *log = fopen(argv[2], "a+");
    rng_state = strtoull(argv[3], NULL, 0) | 1;
    uint64_t nb = blk_getlength(blk) / SECTOR;
    uint8_t *buf = qemu_malloc(MAX_WRITE_SECTORS * SECTOR);
    WriteRecord r, unflushed[64];
    int nb_unflushed = 0;
    uint64_t gen = 0;

    if (!log) {
        return 2;
    }
    /* generations go on from the last run's so that later always means newer */
    rewind(log);
    while (fscanf(log, "%" SCNu64 " %" SCNu64 " %" SCNu64, &r.sector, &r.count, &r.gen) == 3) {
        gen = MAX(gen, r.gen);
    }
    printf("writing\n");
    fflush(stdout);
    for (;;) {
        pick_write(nb, &r.sector, &r.count);
        r.gen = ++gen;
        if (write_stamped(blk, r.sector, r.count, r.gen, buf) < 0) {
            fprintf(stderr, "block-test: write failed\n");
            return 1;
        }
        unflushed[nb_unflushed++] = r;
        if (nb_unflushed == ARRAY_SIZE(unflushed) || rnd() % 8 == 0) {
            if (blk_flush(blk) < 0) {
                fprintf(stderr, "block-test: flush failed\n");
                return 1;
            }
            /* only now are these writes promised to survive */
            for (int i = 0; i < nb_unflushed; i++) {
                fprintf(log, "%" PRIu64 " %" PRIu64 " %" PRIu64 "\n", unflushed[i].sector,
                        unflushed[i].count, unflushed[i].gen);
            }
            fflush(log);
            nb_unflushed = 0;
        }
    }
}

static int cmd_crash_verify(char **argv)
{
    BlockBackend *blk = open_or_die(argv[0], argv[1], BDRV_O_NO_LOCK);
    FILE *log = fopen(argv[2], "r");
    uint64_t nb = blk_getlength(blk) / SECTOR;
    uint64_t *want = qemu_mallocz(nb * sizeof(uint64_t));
    uint64_t sector, n, gen, checked = 0;
    uint8_t buf[SECTOR];
    int failed = 0;

    if (!log) {
        return 2;
    }
    while (fscanf(log, "%" SCNu64 " %" SCNu64 " %" SCNu64, &sector, &n, &gen) == 3) {
        for (uint64_t i = 0; i < n && sector + i < nb; i++) {
            want[sector + i] = gen;
        }
    }
    for (uint64_t s = 0; s < nb && failed < 5; s++) {
        if (!want[s]) {
            continue;
        }
        checked++;
        if (blk_pread(blk, s * SECTOR, buf, SECTOR) < 0) {
            fprintf(stderr, "block-test: cannot read sector %" PRIu64 "\n", s);
            failed++;
            continue;
        }
        int64_t got = stamp_gen(buf, s);
        if (got < 0 || (uint64_t)got < want[s]) {
            fprintf(stderr, "block-test: flushed sector %" PRIu64 " lost: holds %" PRId64
                    ", flushed %" PRIu64 "\n", s, got, want[s]);
            failed++;
        }
    }
    printf("%" PRIu64 " flushed sectors checked\n", checked);
    blk_close(blk);
    return failed ? 1 : 0;
}

static int cmd_hold(char **argv)
{
    int flags = argv[3] && !strcmp(argv[3], "rw") ? BDRV_O_RDWR : 0;
    BlockBackend *blk = open_or_die(argv[0], argv[1], flags);
    printf("holding\n");
    fflush(stdout);
    sleep(atoi(argv[2]));
    blk_close(blk);
    return 0;
}

static int cmd_snapshot_write(char **argv)
{
    BlockBackend *blk = open_or_die(argv[0], argv[1], BDRV_O_RDWR | BDRV_O_SNAPSHOT);
    rng_state = strtoull(argv[2], NULL, 0) | 1;
    long count = atol(argv[3]);
    const char *mode = argv[4] ? argv[4] : "";
    /* commit mode mirrors the writes into a raw file, to compare the image with after */
    int ref = !strcmp(mode, "commit") && argv[5] ? open(argv[5], O_RDWR) : -1;
    uint64_t nb = blk_getlength(blk) / SECTOR;
    uint8_t *buf = qemu_malloc(MAX_WRITE_SECTORS * SECTOR), check[SECTOR];

    printf("writing\n");
    fflush(stdout);
    for (long i = 0; i < count || !strcmp(mode, "loop"); i++) {
        uint64_t sector, n;
        pick_write(nb, &sector, &n);
        if (write_stamped(blk, sector, n, i + 1, buf) < 0 ||
            blk_pread(blk, sector * SECTOR, check, SECTOR) < 0 || stamp_gen(check, sector) < 0) {
            fprintf(stderr, "block-test: write or read-back through the overlay failed\n");
            return 1;
        }
        if (ref >= 0 && pwrite(ref, buf, n * SECTOR, sector * SECTOR) != (ssize_t)(n * SECTOR)) {
            return 2;
        }
    }
    if (!strcmp(mode, "commit")) {
        char *err = NULL;
        if (blk_commit(blk, &err) < 0) {
            fprintf(stderr, "block-test: %s\n", err);
            return 1;
        }
    }
    blk_close(blk);
    return 0;
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        int min_args;
        int (*run)(char **argv);
    } cmds[] = {
        { "write-random", 5, cmd_write_random },
        { "crash-writer", 4, cmd_crash_writer },
        { "crash-verify", 3, cmd_crash_verify },
        { "hold", 3, cmd_hold },
        { "snapshot-write", 4, cmd_snapshot_write },
    };

    for (size_t i = 0; argc > 1 && i < ARRAY_SIZE(cmds); i++) {
        if (!strcmp(argv[1], cmds[i].name) && argc - 2 >= cmds[i].min_args) {
            return cmds[i].run(argv + 2);
        }
    }
    fprintf(stderr, "usage: see the comment at the top of tests/block/block-test.c\n");
    return 2;
}
