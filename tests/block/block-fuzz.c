/*
 * Fuzz target over the image parser: seeded mutations of valid qcow2
 * images (made here through the block layer, plus any seed images given)
 * are opened read-only and read-write, read, written, checked and
 * closed. Every case must end in a clear error or in working I/O: a
 * crash or sanitizer report fails the run, a case taking over 10 s is a
 * hang, and an allocation over 64 MB (more than any table of these small
 * files may need) is a failure.
 *
 * usage: block-fuzz SEED SECONDS WORKDIR [SEED_IMAGE...]
 * prints `PASS block-fuzz: N cases` or `FAIL block-fuzz: ...`.
 */
#include "qemu/osdep.h"
#include "block/block_int.h"
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

#define ALLOC_CAP (64u << 20)
#define CASE_TIMEOUT 10
#define MAX_SEED_BYTES (4u << 20)

static uint64_t rng_state;
static unsigned long current_case;
static uint64_t current_seed;

static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static void fail(const char *what)
{
    printf("FAIL block-fuzz: %s (seed %" PRIu64 ", case %lu)\n", what, current_seed,
           current_case);
    fflush(stdout);
    _exit(1);
}

/* the block layer's allocator, with a cap: a hostile header must not make us allocate much */
static void *checked(void *p, size_t size)
{
    if (size > ALLOC_CAP) {
        char msg[96];
        snprintf(msg, sizeof(msg), "allocation of %zu bytes", size);
        fail(msg);
    }
    if (!p && size) {
        fail("out of memory");
    }
    return p;
}

void *qemu_malloc(size_t size) { return checked(malloc(size), size); }
void *qemu_mallocz(size_t size) { return checked(calloc(1, size), size); }
void *qemu_realloc(void *p, size_t size) { return checked(realloc(p, size), size); }

char *qemu_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(qemu_malloc(n), s, n);
}

static void on_alarm(int sig)
{
    fail("a case took over 10 seconds (hang)");
}

typedef struct Seed {
    uint8_t *data;
    size_t len;
} Seed;

static bool load_file(const char *path, Seed *seed)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        return false;
    }
    seed->data = malloc(MAX_SEED_BYTES);
    seed->len = fread(seed->data, 1, MAX_SEED_BYTES, f);
    fclose(f);
    return seed->len > 0;
}

/* a small qcow2 with data, compressed clusters and a backing file name */
static bool make_seed(const char *dir, const char *name, uint32_t cluster_size, int compat,
                      int refcount_bits, bool with_backing, Seed *seed)
{
    char path[PATH_MAX], *err = NULL;
    BlockCreateOptions o = {
        .size = 4 << 20, .cluster_size = cluster_size, .compat_level = compat,
        .refcount_bits = refcount_bits,
        .backing_file = with_backing ? "fuzz-backing.raw" : NULL,
        .backing_format = with_backing ? "raw" : NULL,
    };

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    if (bdrv_create("qcow2", path, &o, &err) < 0) {
        fprintf(stderr, "block-fuzz: %s\n", err);
        return false;
    }
    BlockDriverState *bs = bdrv_open(path, "qcow2", BDRV_O_RDWR | BDRV_O_NO_BACKING, &err);
    if (!bs) {
        fprintf(stderr, "block-fuzz: %s\n", err);
        return false;
    }
    uint8_t *buf = qemu_malloc(cluster_size);
    for (int i = 0; i < 24; i++) {
        uint64_t off = (rnd() % ((4 << 20) / cluster_size)) * cluster_size;
        memset(buf, i + 1, cluster_size);
        if (i % 3 == 0) {
            bs->drv->pwrite_compressed(bs, off, buf);
        } else {
            bdrv_pwrite(bs, off + (rnd() % cluster_size) / 2, buf, cluster_size / 2);
        }
    }
    free(buf);
    bdrv_close(bs);
    return load_file(path, seed);
}

static void put_be(uint8_t *p, int bytes, uint64_t v)
{
    for (int i = bytes - 1; i >= 0; i--, v >>= 8) {
        p[i] = v;
    }
}

static uint64_t interesting(size_t file_len)
{
    static const uint64_t values[] = {
        0, 1, 2, 7, 8, 9, 16, 21, 22, 31, 63, 64, 0x200, 0x1ff, 0x10000, 0xffff, 0x7fffffff,
        0x80000000, 0xffffffff, 0x100000000ull, 0x7fffffffffffffffull, 0x8000000000000000ull,
        0xffffffffffffffffull, 0x00fffffffffffe00ull, 0x4000000000000000ull,
    };
    switch (rnd() % 4) {
    case 0: return file_len;
    case 1: return file_len - 8 * (rnd() % 16);
    case 2: return (rnd() % 64) << (9 + rnd() % 8);
    default: return values[rnd() % ARRAY_SIZE(values)];
    }
}

static size_t mutate(uint8_t *buf, size_t len, size_t cap)
{
    /* header fields: where the interesting numbers are */
    static const struct { uint8_t off, bytes; } fields[] = {
        { 4, 4 }, { 8, 8 }, { 16, 4 }, { 20, 4 }, { 24, 8 }, { 32, 4 }, { 36, 4 }, { 40, 8 },
        { 48, 8 }, { 56, 4 }, { 60, 4 }, { 64, 8 }, { 72, 8 }, { 80, 8 }, { 88, 8 },
        { 96, 4 }, { 100, 4 }, { 104, 1 },
    };
    int n = 1 + rnd() % 4;

    for (int i = 0; i < n; i++) {
        switch (rnd() % 6) {
        case 0: {
            int f = rnd() % ARRAY_SIZE(fields);
            put_be(buf + fields[f].off, fields[f].bytes, interesting(len));
            break;
        }
        case 1:     /* a table entry somewhere: L1, L2, refcount, snapshot */
            if (len >= 16) {
                put_be(buf + (rnd() % (len / 8)) * 8, 8, interesting(len) | (rnd() % 2 ? 1ull << 63 : 0));
            }
            break;
        case 2:
            buf[rnd() % len] ^= 1 << (rnd() % 8);
            break;
        case 3:
            buf[rnd() % MIN(len, 4096)] = rnd();
            break;
        case 4:     /* truncated */
            len = 1 + rnd() % len;
            break;
        default:    /* grown with junk */
            if (len < cap) {
                size_t junk = rnd() % 8192;
                size_t add = MIN(cap - len, junk);
                for (size_t j = 0; j < add; j++) {
                    buf[len + j] = rnd();
                }
                len += add;
            }
            break;
        }
    }
    return len;
}

/* reads, a check, then (read-write) writes: any result but a crash is fine */
static void exercise(const char *path, int flags)
{
    char *err = NULL;
    /* no fdatasync: the cases are thrown away */
    BlockDriverState *bs = bdrv_open(path, NULL, flags | BDRV_O_NO_WARN | BDRV_O_NO_FLUSH, &err);

    if (!bs) {
        if (!err || !*err) {
            fail("an open failed without an error message");
        }
        free(err);
        return;
    }
    int64_t len = bdrv_getlength(bs);
    uint8_t *buf = qemu_malloc(1 << 16);
    for (int i = 0; i < 24 && len > 0; i++) {
        uint64_t off = i < 8 ? (uint64_t)i << 16 : rnd() % (uint64_t)len;
        uint64_t want = 1 + rnd() % (1 << 16);
        size_t n = MIN((uint64_t)len - MIN((uint64_t)len, off), want);
        if (off < (uint64_t)len) {
            bdrv_pread(bs, off, buf, n);
        }
    }
    if (bs->drv->check) {
        BdrvCheckResult res;
        bs->drv->check(bs, &res, BDRV_FIX_QUIET | ((flags & BDRV_O_RDWR) && rnd() % 2 ? BDRV_FIX_LEAKS : 0));
    }
    if (flags & BDRV_O_RDWR) {
        for (int i = 0; i < 16 && len > 0; i++) {
            uint64_t off = rnd() % (uint64_t)len;
            uint64_t want = 1 + rnd() % (1 << 16);
            size_t n = MIN((uint64_t)len - off, want);
            memset(buf, i, n);
            bdrv_pwrite(bs, off, buf, n);
            if (i == 8 && bs->drv->pwrite_compressed && bs->drv->cluster_size) {
                uint32_t cs = bs->drv->cluster_size(bs);
                uint8_t *cbuf = qemu_mallocz(cs);
                bs->drv->pwrite_compressed(bs, (off / cs) * cs, cbuf);
                free(cbuf);
            }
        }
        bdrv_flush(bs);
    }
    free(buf);
    bdrv_close(bs);
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: block-fuzz SEED SECONDS WORKDIR [SEED_IMAGE...]\n");
        return 2;
    }
    current_seed = strtoull(argv[1], NULL, 0);
    rng_state = current_seed * 2654435761u + 1;
    double seconds = atof(argv[2]);
    const char *dir = argv[3];
    Seed seeds[16];
    int nb_seeds = 0;
    char path[PATH_MAX];

    signal(SIGALRM, on_alarm);
    /* the backing file the generated seeds name */
    snprintf(path, sizeof(path), "%s/fuzz-backing.raw", dir);
    FILE *f = fopen(path, "wb");
    if (!f || ftruncate(fileno(f), 1 << 20) < 0) {
        fail("cannot create the backing file");
    }
    fclose(f);
    nb_seeds += make_seed(dir, "seed-v3.qcow2", 4096, 3, 16, true, &seeds[nb_seeds]);
    nb_seeds += make_seed(dir, "seed-v2.qcow2", 512, 2, 16, false, &seeds[nb_seeds]);
    nb_seeds += make_seed(dir, "seed-rc1.qcow2", 1024, 3, 1, false, &seeds[nb_seeds]);
    nb_seeds += make_seed(dir, "seed-rc64.qcow2", 65536, 3, 64, true, &seeds[nb_seeds]);
    for (int i = 4; i < argc && nb_seeds < (int)ARRAY_SIZE(seeds); i++) {
        nb_seeds += load_file(argv[i], &seeds[nb_seeds]);
    }
    if (nb_seeds < 4) {
        fail("could not make the seed images");
    }

    snprintf(path, sizeof(path), "%s/case.qcow2", dir);
    uint8_t *buf = malloc(MAX_SEED_BYTES + 65536);
    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    do {
        Seed *seed = &seeds[rnd() % nb_seeds];
        memcpy(buf, seed->data, seed->len);
        size_t len = mutate(buf, seed->len, MAX_SEED_BYTES + 65536);
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0 || write(fd, buf, len) != (ssize_t)len) {
            fail("cannot write the case file");
        }
        close(fd);
        alarm(CASE_TIMEOUT);
        exercise(path, 0);
        exercise(path, BDRV_O_RDWR);
        alarm(0);
        current_case++;
        clock_gettime(CLOCK_MONOTONIC, &t);
    } while ((t.tv_sec - t0.tv_sec) + (t.tv_nsec - t0.tv_nsec) / 1e9 < seconds);
    printf("PASS block-fuzz: %lu cases\n", current_case);
    fflush(stdout);
    for (int i = 0; i < nb_seeds; i++) {
        free(seeds[i].data);
    }
    free(buf);
    return 0;
}
