/* isa-diff: differential ISA tests of the emulator against the host CPU.
 *
 *   isa-diff --emulator QEMU --kernel isa-kernel.elf [--seed S] [--cases N]
 *            [--work DIR] [--emulator-arg ARG]... [--native-only]
 *
 * Generates N seeded cases (gen.c), runs them natively (native.c), or
 * through a reference model for insns the 64-bit host lacks (bcd-model.c),
 * and in the emulator (isa-kernel.c), and prints per instruction group
 * `PASS isa/GROUP` or `FAIL isa/GROUP: ...` with the first differences:
 * seed, case number, instruction bytes, disassembly, and the first
 * differing register, flag, memory byte or FPU/SSE field. --native-only
 * checks the harness itself (two native runs must agree). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "gen.h"
#include "native.h"
#include "bcd-model.h"

#define MAX_DETAILS_PER_GROUP 3
static const char *const reg_names[8] = { "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi" };
static const uint32_t FLAGS_COMPARED = 0xcd5;   /* CF PF AF ZF SF DF OF */

static uint64_t seed = 1;
static unsigned n_cases = 4000;
static const char *emulator, *kernel, *workdir = "/tmp";
static const char *emu_args[16];
static int n_emu_args;
static bool native_only;

/* Describes the first difference between want (host) and got (emulator);
 * returns false when they agree. */
static bool first_difference(const struct isa_case *c, const struct isa_state *want,
                             const struct isa_state *got, char *buf, size_t n)
{
    if (want->vector != got->vector) {
        snprintf(buf, n, "exception: host %d, emulator %d (-1: none)", (int)want->vector, (int)got->vector);
        return true;
    }
    for (int r = 0; r < 8; r++) {
        if (r != 4 && want->regs[r] != got->regs[r]) {
            snprintf(buf, n, "%s: host %08x, emulator %08x", reg_names[r], want->regs[r], got->regs[r]);
            return true;
        }
    }
    uint32_t fd = (want->eflags ^ got->eflags) & FLAGS_COMPARED;
    if (fd) {
        static const char *const names[] = { "CF", "?", "PF", "?", "AF", "?", "ZF", "SF", "TF", "IF", "DF", "OF" };
        int bit = __builtin_ctz(fd);
        snprintf(buf, n, "eflags.%s: host %08x, emulator %08x", names[bit],
                 want->eflags & FLAGS_COMPARED, got->eflags & FLAGS_COMPARED);
        return true;
    }
    for (int i = 0; i < ISA_MEM_SIZE; i++) {
        if (want->mem[i] != got->mem[i]) {
            snprintf(buf, n, "memory byte %#x (address %#x): host %02x, emulator %02x",
                     i, ISA_MEM_ADDR + i, want->mem[i], got->mem[i]);
            return true;
        }
    }
    if (!(c->flags & ISA_CASE_FPU))
        return false;
    static const struct { unsigned off, len; const char *name; } fields[] = {
        { 0, 2, "FCW" }, { 2, 2, "FSW" }, { 4, 1, "FTW (abridged)" }, { 24, 4, "MXCSR" },
    };
    for (unsigned f = 0; f < 4; f++) {
        if (memcmp(want->fx + fields[f].off, got->fx + fields[f].off, fields[f].len)) {
            uint32_t a = 0, b = 0;
            memcpy(&a, want->fx + fields[f].off, fields[f].len);
            memcpy(&b, got->fx + fields[f].off, fields[f].len);
            snprintf(buf, n, "%s: host %04x, emulator %04x", fields[f].name, a, b);
            return true;
        }
    }
    for (int i = 0; i < 8; i++) {
        const uint8_t *a = want->fx + 32 + 16 * i, *b = got->fx + 32 + 16 * i;
        if (memcmp(a, b, 10)) {
            snprintf(buf, n, "physical x87 register R%d: host %04x:%016llx, emulator %04x:%016llx", i,
                     a[8] | a[9] << 8, *(const unsigned long long *)a, b[8] | b[9] << 8,
                     *(const unsigned long long *)b);
            return true;
        }
    }
    for (int i = 0; i < 8; i++) {
        const uint8_t *a = want->fx + 160 + 16 * i, *b = got->fx + 160 + 16 * i;
        if (memcmp(a, b, 16)) {
            snprintf(buf, n, "xmm%d: host %016llx%016llx, emulator %016llx%016llx", i,
                     ((const unsigned long long *)a)[1], ((const unsigned long long *)a)[0],
                     ((const unsigned long long *)b)[1], ((const unsigned long long *)b)[0]);
            return true;
        }
    }
    return false;
}

/* The expected state: the host CPU's, or the model's where it cannot run the case. */
static void reference_run(const struct gen_case *g, struct isa_state *out)
{
    if (g->c.group == G_BCD)
        bcd_model_run(g, out);
    else
        native_run(g, out);
}

static void print_case(const struct gen_case *g)
{
    const struct isa_case *c = &g->c;
    printf("    code:");
    for (unsigned i = 0; i < c->code_len; i++)
        printf(" %02x", c->code[i]);
    printf("\n    in: eax=%08x ecx=%08x edx=%08x ebx=%08x ebp=%08x esi=%08x edi=%08x eflags=%03x\n",
           c->in.regs[0], c->in.regs[1], c->in.regs[2], c->in.regs[3], c->in.regs[5],
           c->in.regs[6], c->in.regs[7], c->in.eflags);
    /* disassembly, when binutils' objdump is at hand */
    char path[4096];
    snprintf(path, sizeof path, "%s/isa-insn.bin", workdir);
    FILE *f = fopen(path, "wb");
    if (!f)
        return;
    fwrite(c->code, 1, c->code_len, f);
    fclose(f);
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "objdump -D -b binary -m i386 --adjust-vma=%#x '%s' 2>/dev/null | "
             "sed -n 's/^ *\\([0-9a-f]*\\):\\t[0-9a-f ]*\\t/      \\1: /p'", ISA_CODE_ADDR, path);
    fflush(stdout);
    if (system(cmd) != 0)
        printf("    (no objdump for a disassembly)\n");
}

static bool write_module(const char *path, struct gen_case *cases)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        fprintf(stderr, "isa-diff: cannot write %s: %s\n", path, strerror(errno));
        return false;
    }
    struct isa_module_header h = { ISA_MODULE_MAGIC, n_cases, sizeof(struct isa_case), 0 };
    fwrite(&h, sizeof h, 1, f);
    for (unsigned i = 0; i < n_cases; i++)
        fwrite(&cases[i].c, sizeof cases[i].c, 1, f);
    return fclose(f) == 0;
}

/* Runs the emulator; its serial output goes to out_path. */
static int run_emulator(const char *module, const char *out_path)
{
    pid_t pid = fork();
    if (pid == 0) {
        if (!freopen(out_path, "wb", stdout) || !freopen("/dev/null", "rb", stdin))
            _exit(127);
        const char *argv[64];
        int n = 0;
        argv[n++] = "timeout";
        argv[n++] = "240";
        argv[n++] = emulator;
        for (int i = 0; i < n_emu_args; i++)
            argv[n++] = emu_args[i];
        const char *fixed[] = { "-nodefaults", "-display", "none", "-serial", "stdio",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=0x4", "-m", "128",
            "-kernel", kernel, "-initrd", module, NULL };
        for (int i = 0; fixed[i]; i++)
            argv[n++] = fixed[i];
        argv[n] = NULL;
        execvp("timeout", (char **)argv);
        _exit(127);
    }
    int st;
    if (pid < 0 || waitpid(pid, &st, 0) < 0)
        return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *p = malloc(*len + 1);
    if (p && fread(p, 1, *len, f) != *len) {
        free(p);
        p = NULL;
    }
    fclose(f);
    return p;
}

/* Pulls the result records out of the serial stream into got[]; returns
 * how many cases got a result. */
static unsigned parse_results(const uint8_t *p, size_t len, struct gen_case *cases,
                              struct isa_state *got, bool *have)
{
    unsigned found = 0, next = 0;
    size_t i = 0;
    while (i + sizeof(struct isa_result_header) <= len && next < n_cases) {
        struct isa_result_header h;
        memcpy(&h, p + i, sizeof h);
        if (h.magic != ISA_RESULT_MAGIC || h.index != next) {
            i++;
            continue;
        }
        size_t need = sizeof h + ISA_STATE_TAIL_SIZE + ((cases[next].c.flags & ISA_CASE_FPU) ? 512 : 0);
        if (i + need > len)
            break;
        memcpy((uint8_t *)&got[next] + 512, p + i + sizeof h, ISA_STATE_TAIL_SIZE);
        if (cases[next].c.flags & ISA_CASE_FPU)
            memcpy(got[next].fx, p + i + sizeof h + ISA_STATE_TAIL_SIZE, 512);
        have[next] = true;
        found++;
        next++;
        i += need;
    }
    return found;
}

static void usage(void)
{
    fprintf(stderr, "usage: isa-diff --emulator QEMU --kernel ELF [--seed S] [--cases N] [--work DIR]\n"
                    "                [--emulator-arg ARG]... | --native-only [--seed S] [--cases N]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--native-only")) { native_only = true; continue; }
        if (!v) usage();
        if (!strcmp(a, "--emulator")) emulator = v;
        else if (!strcmp(a, "--kernel")) kernel = v;
        else if (!strcmp(a, "--seed")) seed = strtoull(v, NULL, 0);
        else if (!strcmp(a, "--cases")) n_cases = (unsigned)strtoul(v, NULL, 0);
        else if (!strcmp(a, "--work")) workdir = v;
        else if (!strcmp(a, "--emulator-arg") && n_emu_args < 16) emu_args[n_emu_args++] = v;
        else usage();
        i++;
    }
    if (!native_only && (!emulator || !kernel))
        usage();
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (!native_init())
        return 1;

    struct gen_case *cases = calloc(n_cases, sizeof *cases);
    struct isa_state *want = calloc(n_cases, sizeof *want);
    struct isa_state *got = calloc(n_cases, sizeof *got);
    bool *have = calloc(n_cases, sizeof *have);
    if (!cases || !want || !got || !have) {
        fprintf(stderr, "isa-diff: out of memory\n");
        return 1;
    }
    for (unsigned i = 0; i < n_cases; i++) {
        gen_case(seed, i, &cases[i]);
        reference_run(&cases[i], &want[i]);
    }
    printf("isa-diff: seed %llu, %u cases\n", (unsigned long long)seed, n_cases);

    if (native_only) {
        for (unsigned i = 0; i < n_cases; i++) {
            reference_run(&cases[i], &got[i]);
            have[i] = true;
        }
    } else {
        char module[4096], out[4096];
        snprintf(module, sizeof module, "%s/isa-cases.bin", workdir);
        snprintf(out, sizeof out, "%s/isa-serial.bin", workdir);
        if (!write_module(module, cases))
            return 1;
        int rc = run_emulator(module, out);
        size_t len = 0;
        uint8_t *stream = read_file(out, &len);
        unsigned found = stream ? parse_results(stream, len, cases, got, have) : 0;
        if (found < n_cases)
            printf("isa-diff: the emulator (exit status %d) gave results for %u of %u cases\n",
                   rc, found, n_cases);
        free(stream);
    }

    unsigned total_fail = 0;
    for (int g = 0; g < G_COUNT; g++) {
        unsigned n = 0, bad = 0, missing = 0, details = 0;
        char first[600] = "";
        for (unsigned i = 0; i < n_cases; i++) {
            if (cases[i].c.group != g)
                continue;
            n++;
            if (!have[i]) {
                missing++;
                continue;
            }
            char diff[512];
            if (!first_difference(&cases[i].c, &want[i], &got[i], diff, sizeof diff))
                continue;
            bad++;
            if (details++ < MAX_DETAILS_PER_GROUP) {
                printf("  isa/%s: seed %llu case %u: %s\n", isa_group_names[g],
                       (unsigned long long)seed, i, diff);
                print_case(&cases[i]);
            }
            if (!first[0])
                snprintf(first, sizeof first, "case %u: %s", i, diff);
        }
        if (bad || missing) {
            total_fail++;
            printf("FAIL isa/%s: %u of %u cases differ, %u without result; first: %s\n",
                   isa_group_names[g], bad, n, missing, first[0] ? first : "-");
        } else {
            printf("PASS isa/%s\n", isa_group_names[g]);
        }
    }
    return total_fail ? 1 : 0;
}
