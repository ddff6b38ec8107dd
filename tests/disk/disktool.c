/* disktool: the disk tests' and benchmarks' in-guest helper, a static i386
 * program (gcc -m32 -static) run by Debian's kernel on the test images.
 *
 *   disktool crash-writer DEV FIRST SPAN GEN0 SEED
 *       Forever: write a batch of 4 KiB blocks (scattered, plus one short
 *       sequential run) at random block numbers in FIRST..FIRST+SPAN-1, each
 *       filled by block_fill() from (generation, block), then fdatasync
 *       and print `FLUSHED gen block,block,...`. The host kills the
 *       emulator at a random moment and checks that every block of every
 *       batch it saw reported holds that batch's data or a later one's
 *       (tests/disk/blockdata.py regenerates the same contents).
 *   disktool fill DEV FIRST COUNT GEN
 *       Write blocks FIRST..FIRST+COUNT-1 with block_fill(GEN, block),
 *       then fdatasync; prints `fill COUNT done`.
 *   disktool verify DEV FIRST COUNT GEN
 *       Read those blocks back with O_DIRECT (past the guest's page
 *       cache); prints `verify COUNT ok` or `verify bad block N`.
 *   disktool randio DEV read|write COUNT SPAN_MIB SEED
 *       COUNT random 4 KiB O_DIRECT preads or pwrites, 4 KiB aligned,
 *       below SPAN_MIB; prints `randio OP COUNT done`.
 *
 * Exits 1 with a message on stderr when a call fails.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BLOCK 4096
#define BATCH_SCATTERED 6
#define BATCH_RUN 4

static void die(const char *what, const char *dev)
{
    fprintf(stderr, "disktool: %s %s: ", what, dev);
    perror(NULL);
    exit(1);
}

static uint32_t xorshift32(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

/* A block's contents: a header naming it, then words any misplaced,
 * stale or torn write would get wrong. Word i is
 *   (gen * 0x9E3779B1) ^ (block * 0x85EBCA77) ^ (i * 0xC2B2AE3D)
 * (crash.py computes the same). */
static void block_fill(uint32_t *buf, uint32_t gen, uint32_t block)
{
    uint32_t key = gen * 0x9E3779B1u ^ block * 0x85EBCA77u;
    for (uint32_t i = 0; i < BLOCK / 4; i++)
        buf[i] = key ^ i * 0xC2B2AE3Du;
    memcpy(buf, "CRASHBLK", 8);
    buf[2] = gen;
    buf[3] = block;
}

static int crash_writer(const char *dev, uint32_t first, uint32_t span, uint32_t gen,
                        uint32_t seed)
{
    if (span <= BATCH_RUN) {
        fprintf(stderr, "disktool: crash-writer: SPAN must be above %d\n", BATCH_RUN);
        return 2;
    }
    int fd = open(dev, O_RDWR);
    if (fd < 0)
        die("open", dev);
    static uint32_t buf[BLOCK / 4];
    uint32_t state = seed | 1;
    for (;; gen++) {
        uint32_t blocks[BATCH_SCATTERED + BATCH_RUN];
        int n = 0;
        for (int i = 0; i < BATCH_SCATTERED; i++)
            blocks[n++] = first + xorshift32(&state) % span;
        uint32_t run = first + xorshift32(&state) % (span - BATCH_RUN);
        for (int i = 0; i < BATCH_RUN; i++)
            blocks[n++] = run + i;
        for (int i = 0; i < n; i++) {
            block_fill(buf, gen, blocks[i]);
            if (pwrite(fd, buf, BLOCK, (off_t)blocks[i] * BLOCK) != BLOCK)
                die("pwrite", dev);
        }
        if (fdatasync(fd) != 0)
            die("fdatasync", dev);
        printf("FLUSHED %u", gen);
        for (int i = 0; i < n; i++)
            printf("%c%u", i ? ',' : ' ', blocks[i]);
        printf("\n");
        fflush(stdout);
    }
}

static int fill(const char *dev, uint32_t first, uint32_t count, uint32_t gen)
{
    int fd = open(dev, O_WRONLY);
    if (fd < 0)
        die("open", dev);
    static uint32_t buf[BLOCK / 4];
    for (uint32_t b = first; b < first + count; b++) {
        block_fill(buf, gen, b);
        if (pwrite(fd, buf, BLOCK, (off_t)b * BLOCK) != BLOCK)
            die("pwrite", dev);
    }
    if (fdatasync(fd) != 0)
        die("fdatasync", dev);
    printf("fill %u done\n", count);
    return 0;
}

static int verify(const char *dev, uint32_t first, uint32_t count, uint32_t gen)
{
    int fd = open(dev, O_RDONLY | O_DIRECT);
    if (fd < 0)
        die("open", dev);
    static uint32_t want[BLOCK / 4];
    void *got;
    if (posix_memalign(&got, BLOCK, BLOCK) != 0)
        die("posix_memalign for", dev);
    for (uint32_t b = first; b < first + count; b++) {
        block_fill(want, gen, b);
        if (pread(fd, got, BLOCK, (off_t)b * BLOCK) != BLOCK)
            die("pread", dev);
        if (memcmp(got, want, BLOCK) != 0) {
            printf("verify bad block %u\n", b);
            return 1;
        }
    }
    printf("verify %u ok\n", count);
    return 0;
}

static int randio(const char *dev, const char *op, uint32_t count, uint32_t span_mib,
                  uint32_t seed)
{
    int writing = strcmp(op, "write") == 0;
    if (!writing && strcmp(op, "read") != 0) {
        fprintf(stderr, "disktool: randio: OP must be read or write, not %s\n", op);
        return 2;
    }
    if (span_mib == 0) {
        fprintf(stderr, "disktool: randio: SPAN_MIB must not be 0\n");
        return 2;
    }
    int fd = open(dev, (writing ? O_WRONLY : O_RDONLY) | O_DIRECT);
    if (fd < 0)
        die("open", dev);
    void *buf;
    if (posix_memalign(&buf, BLOCK, BLOCK) != 0)
        die("posix_memalign for", dev);
    memset(buf, 0x5a, BLOCK);
    uint32_t state = seed | 1;
    uint32_t blocks = span_mib * (1024 * 1024 / BLOCK);
    for (uint32_t i = 0; i < count; i++) {
        off_t off = (off_t)(xorshift32(&state) % blocks) * BLOCK;
        ssize_t r = writing ? pwrite(fd, buf, BLOCK, off) : pread(fd, buf, BLOCK, off);
        if (r != BLOCK)
            die(writing ? "pwrite" : "pread", dev);
    }
    if (writing && fdatasync(fd) != 0)
        die("fdatasync", dev);
    printf("randio %s %u done\n", op, count);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 7 && strcmp(argv[1], "crash-writer") == 0)
        return crash_writer(argv[2], strtoul(argv[3], NULL, 0), strtoul(argv[4], NULL, 0),
                            strtoul(argv[5], NULL, 0), strtoul(argv[6], NULL, 0));
    if (argc == 6 && strcmp(argv[1], "fill") == 0)
        return fill(argv[2], strtoul(argv[3], NULL, 0), strtoul(argv[4], NULL, 0),
                    strtoul(argv[5], NULL, 0));
    if (argc == 6 && strcmp(argv[1], "verify") == 0)
        return verify(argv[2], strtoul(argv[3], NULL, 0), strtoul(argv[4], NULL, 0),
                      strtoul(argv[5], NULL, 0));
    if (argc == 7 && strcmp(argv[1], "randio") == 0)
        return randio(argv[2], argv[3], strtoul(argv[4], NULL, 0), strtoul(argv[5], NULL, 0),
                      strtoul(argv[6], NULL, 0));
    fprintf(stderr, "usage: disktool crash-writer DEV FIRST SPAN GEN0 SEED\n"
                    "       disktool fill|verify DEV FIRST COUNT GEN\n"
                    "       disktool randio DEV read|write COUNT SPAN_MIB SEED\n");
    return 2;
}
