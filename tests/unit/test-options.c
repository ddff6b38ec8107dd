/* Unit tests of option strings and sizes (util/qemu-option.c), as -m, -device and -chardev use them. */
#include "qemu/osdep.h"
#include "qemu/option.h"

static int failures;

static void check(bool ok, const char *name, const char *what)
{
    if (ok) {
        printf("PASS %s\n", name);
    } else {
        printf("FAIL %s: %s\n", name, what);
        failures++;
    }
}

static void test_sizes(void)
{
    uint64_t v;
    bool ok = qemu_strtosz("256", 1 << 20, &v) && v == 256ull << 20 &&
              qemu_strtosz("1G", 1 << 20, &v) && v == 1ull << 30 &&
              qemu_strtosz("512k", 1 << 20, &v) && v == 512ull << 10 &&
              qemu_strtosz("1.5G", 1 << 20, &v) && v == 3ull << 29 &&
              qemu_strtosz("4096B", 1 << 20, &v) && v == 4096;
    check(ok, "options/sizes", "a valid size was misread");
    ok = !qemu_strtosz("", 1, &v) && !qemu_strtosz("12X", 1, &v) && !qemu_strtosz("-1", 1, &v) &&
         !qemu_strtosz("1GG", 1, &v) && !qemu_strtosz("99999999999999T", 1, &v);
    check(ok, "options/bad-sizes", "a malformed or overflowing size was accepted");
}

static void test_numbers(void)
{
    uint64_t v;
    bool ok = qemu_strtou64("0xf4", &v) && v == 0xf4 && qemu_strtou64("233", &v) && v == 233 &&
              !qemu_strtou64("0xg", &v) && !qemu_strtou64("", &v) && !qemu_strtou64("-3", &v);
    check(ok, "options/numbers", "hex/decimal parsing or rejection wrong");
}

static void test_opts(void)
{
    char *err = NULL;
    QemuOpts *o = qemu_opts_parse("isa-debug-exit,iobase=0xf4,path=a,,b,flag", "driver", &err);
    bool ok = o && !strcmp(qemu_opt_get(o, "driver"), "isa-debug-exit") &&
              !strcmp(qemu_opt_get(o, "iobase"), "0xf4") &&
              !strcmp(qemu_opt_get(o, "path"), "a,b") &&
              !strcmp(qemu_opt_get(o, "flag"), "on") && qemu_opts_check_unused(o, &err);
    check(ok, "options/parse", "implied key, ',,' escape or bare flag wrong");
    qemu_opts_free(o);

    o = qemu_opts_parse("stdio,id=x,bogus=1", "backend", &err);
    qemu_opt_get(o, "backend");
    qemu_opt_get(o, "id");
    ok = !qemu_opts_check_unused(o, &err) && strstr(err, "bogus");
    check(ok, "options/unused", "an unknown option was not reported by name");
    qemu_opts_free(o);
    free(err);
}

int main(void)
{
    test_sizes();
    test_numbers();
    test_opts();
    return failures ? 1 : 0;
}
