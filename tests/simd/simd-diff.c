/*
 * The host's side of the simd differential test: runs the snippets of
 * snippets.h natively (an x86-64 process) and compares them with what
 * simd-kernel.elf printed in the emulator, one `PASS simd/NAME` or
 * `FAIL simd/NAME: reason` line per snippet.
 *
 * usage: simd-diff EMULATOR_OUTPUT    compare (exit status 1 on a failure)
 *        simd-diff --print            print the native lines only
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "snippets.h"

#define LINE_MAX_LEN (64 + 2 * SIMD_OUT_MAX)
#define CONTEXT_BYTES 8         /* shown either side of the first difference */

/* emulator results: [snippet][seed - 1], NULL when missing */
static char *emu_hex[SIMD_NB_SNIPPETS][SIMD_SEEDS];

static void to_hex(char *dst, const uint8_t *p, int len)
{
    for (int i = 0; i < len; i++)
        sprintf(dst + 2 * i, "%02x", p[i]);
}

static int snippet_index(const char *name)
{
    for (int i = 0; i < SIMD_NB_SNIPPETS; i++)
        if (!strcmp(simd_snippets[i].name, name))
            return i;
    return -1;
}

static int read_emulator_output(const char *path)
{
    char line[LINE_MAX_LEN], name[64], hex[LINE_MAX_LEN];
    unsigned seed;
    FILE *f = fopen(path, "r");

    if (!f) {
        perror(path);
        return -1;
    }
    while (fgets(line, sizeof(line), f)) {
        int i;
        if (sscanf(line, "%63[a-z0-9_]/%u %s", name, &seed, hex) != 3 ||
            seed < 1 || seed > SIMD_SEEDS || (i = snippet_index(name)) < 0)
            continue;
        free(emu_hex[i][seed - 1]);
        emu_hex[i][seed - 1] = strdup(hex);
    }
    fclose(f);
    return 0;
}

/* "" when equal, else a description of the first difference */
static const char *compare(const char *native, const char *emu, int len)
{
    static char why[256];
    int n;

    if (strlen(emu) != (size_t)(2 * len)) {
        snprintf(why, sizeof(why), "%zu result bytes, expected %d", strlen(emu) / 2, len);
        return why;
    }
    for (n = 0; n < len && !memcmp(native + 2 * n, emu + 2 * n, 2); n++)
        ;
    if (n == len)
        return "";
    int lo = n > CONTEXT_BYTES ? n - CONTEXT_BYTES : 0;
    int hi = n + CONTEXT_BYTES < len ? n + CONTEXT_BYTES : len;
    snprintf(why, sizeof(why), "byte %d differs: native %.*s|%.*s emulator %.*s|%.*s",
             n, 2 * (n - lo), native + 2 * lo, 2 * (hi - n), native + 2 * n,
             2 * (n - lo), emu + 2 * lo, 2 * (hi - n), emu + 2 * n);
    return why;
}

int main(int argc, char **argv)
{
    char native[2 * SIMD_OUT_MAX + 1];
    bool print_only = argc == 2 && !strcmp(argv[1], "--print");
    int failures = 0;

    if (argc != 2) {
        fprintf(stderr, "usage: %s EMULATOR_OUTPUT | --print\n", argv[0]);
        return 2;
    }
    if (!print_only && read_emulator_output(argv[1]) < 0)
        return 2;
    for (int i = 0; i < SIMD_NB_SNIPPETS; i++) {
        const struct simd_snippet *s = &simd_snippets[i];
        char why[320] = "";

        for (uint32_t seed = 1; seed <= SIMD_SEEDS && !why[0]; seed++) {
            simd_run(i, seed);
            to_hex(native, out, s->outlen);
            if (print_only) {
                printf("%s/%u %s\n", s->name, seed, native);
            } else if (!emu_hex[i][seed - 1]) {
                snprintf(why, sizeof(why), "seed %u: no result from the emulator", seed);
            } else {
                const char *d = compare(native, emu_hex[i][seed - 1], s->outlen);
                if (d[0])
                    snprintf(why, sizeof(why), "seed %u: %s", seed, d);
            }
        }
        if (print_only)
            continue;
        if (why[0]) {
            printf("FAIL simd/%s: %s\n", s->name, why);
            failures++;
        } else {
            printf("PASS simd/%s\n", s->name);
        }
    }
    return failures ? 1 : 0;
}
