#!/usr/bin/env python3
"""Boot tests on real guests: Debian's i386 kernels (686 and 686-pae) with a
busybox initramfs, run as

    EMULATOR -accel tcg -m 256 -nographic -no-reboot -kernel vmlinuz
             -initrd initrd.gz -append "console=ttyS0 panic=-1"

and driven through the serial console. Prints `PASS guest-FLAVOUR/check`,
`FAIL guest-FLAVOUR/check: reason` or `SKIP ...` per check; exits 1 when a
check failed. When Debian's packages cannot be had (no network, an empty
cache) every check is skipped with the reason.

usage: boot-test.py --build BUILD_DIR [--emulator PATH] [--flavour 686|686-pae]...
"""

import argparse
import hashlib
import math
import os
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True      # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import debian_guest                                     # noqa: E402
from guest_console import GuestConsole, ConsoleError   # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
BOOT_TIMEOUT = 300          # our emulator boots in seconds to tens of seconds
COMMAND_TIMEOUT = 120
PROGRAM_TIMEOUT = 300
EXIT_TIMEOUT = 60
SEQ_COUNT = 400000          # `seq 1 400000` is 2.7 MB of text
TEST_MODULE = "isofs"       # no hardware needed: it registers iso9660
BUTTON_MODULE = "button"    # ACPI's power button driver, for system_powerdown
PWR_BTN_EVENTS = "/sys/firmware/acpi/interrupts/ff_pwr_btn"


class Checks:
    def __init__(self, prefix):
        self.prefix = prefix
        self.failed = 0

    def result(self, name, ok, why=""):
        if ok:
            print("PASS %s/%s" % (self.prefix, name), flush=True)
        else:
            self.failed += 1
            print("FAIL %s/%s: %s" % (self.prefix, name, " ".join(why.split())[:300]), flush=True)
        return ok

    def skip(self, name, why):
        print("SKIP %s/%s: %s" % (self.prefix, name, why), flush=True)


# ---- the C test program -------------------------------------------------------

def build_test_programs(out_dir):
    """Builds testprog.c as static i386 programs (x87 and SSE2 maths) and
    natively. The host cannot execute 32-bit programs, so the native 64-bit
    build's output is what the guest's must equal (testprog.c is written to
    be word-size independent). Returns ({guest name: path}, expected output)
    or raises RuntimeError with the compiler's complaint."""
    src = os.path.join(HERE, "testprog.c")
    os.makedirs(out_dir, exist_ok=True)
    variants = {"testprog-x87": ["-m32", "-static", "-march=i686"],
                "testprog-sse2": ["-m32", "-static", "-march=i686", "-msse2", "-mfpmath=sse"],
                "testprog-native": []}
    paths = {}
    for name, flags in variants.items():
        path = os.path.join(out_dir, name)
        if not os.path.exists(path) or os.path.getmtime(path) < os.path.getmtime(src):
            r = subprocess.run(["gcc", "-O2", "-Wall", "-Wextra"] + flags + ["-o", path, src, "-lm"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
            if r.returncode != 0:
                raise RuntimeError("gcc %s: %s" % (" ".join(flags), r.stdout.strip()[-200:]))
        paths[name] = path
    expected = subprocess.run([paths.pop("testprog-native")], stdout=subprocess.PIPE,
                              universal_newlines=True, check=True).stdout
    return paths, expected


def first_difference(got, want):
    g, w = got.strip().splitlines(), want.strip().splitlines()
    for i in range(max(len(g), len(w))):
        a = g[i] if i < len(g) else "<nothing>"
        b = w[i] if i < len(w) else "<nothing>"
        if a.strip() != b.strip():
            return "line %d: got %r, expected %r" % (i + 1, a, b)
    return None


# ---- expected values computed on the host --------------------------------------

def seq_sha256(n):
    return hashlib.sha256("".join("%d\n" % i for i in range(1, n + 1)).encode()).hexdigest()


def awk_series():
    s = 0.0
    for i in range(1, 100001):
        s += (i % 7 + 0.5) / (i + 0.25)
    # 8 digits: busybox's x87 intermediates may move the last bits
    return "%.8e" % s


AWK_SERIES = "awk 'BEGIN{for(i=1;i<=100000;i++)s+=(i%7+0.5)/(i+0.25);printf \"%.8e\\n\",s}'"


# ---- one boot -------------------------------------------------------------------

def boot_and_check(emulator, flavour, out_dir):
    c = Checks("guest-" + flavour)
    try:
        kernel = debian_guest.Kernel(flavour)
        files = {}
        try:
            programs, expected = build_test_programs(os.path.join(out_dir, "testprog"))
            for name, path in programs.items():
                files["bin/" + name] = (open(path, "rb").read(), 0o755)
        except (RuntimeError, OSError, subprocess.CalledProcessError) as e:
            programs, expected = {}, None
            c.skip("c-program", "cannot build the test program: %s" % e)
        initrd = debian_guest.build_initramfs(kernel, [TEST_MODULE, BUTTON_MODULE], files)
    except debian_guest.GuestUnavailable as e:
        c.skip("boot", "Debian's packages are unavailable: %s" % e)
        return 0

    argv = [emulator, "-accel", "tcg", "-m", "256", "-nographic", "-no-reboot",
            "-kernel", kernel.vmlinuz, "-initrd", initrd,
            "-append", "console=ttyS0 panic=-1"]
    log_path = os.path.join(out_dir, "boot-%s.log" % flavour)
    con = GuestConsole(argv, log_path)
    try:
        try:
            con.expect(debian_guest.INIT_MARKER, BOOT_TIMEOUT)
            con.expect(r"# ", COMMAND_TIMEOUT)          # the shell's prompt
        except ConsoleError as e:
            c.result("boot", False, "%s (log: %s)" % (e, log_path))
            return c.failed
        c.result("boot", True)
        print("     guest-%s: shell after %.1f s" % (flavour, con.elapsed()), flush=True)
        run_checks(c, con, kernel, flavour, programs, expected)
        monitor_checks(c, con)
        try:
            con.send("poweroff\n")
            status = con.wait_exit(EXIT_TIMEOUT)
            c.result("poweroff", status == 0, "emulator exit status %d" % status)
        except ConsoleError as e:
            c.result("poweroff", False, str(e))
    except ConsoleError as e:
        c.result("console", False, "%s (log: %s)" % (e, log_path))
    finally:
        con.close()
    return c.failed


def monitor_checks(c, con):
    """The monitor on -nographic's mux with a real guest: Ctrl-a c to it,
    `info status`, `system_powerdown`, Ctrl-a c back. The power button's
    event must reach Linux's ACPI button driver (an SCI); powering off on
    it is user space's job (acpid, logind), which this initramfs lacks, as
    under QEMU."""
    status, out = con.run("cat " + PWR_BTN_EVENTS, COMMAND_TIMEOUT)
    before = out.split()[:1]
    try:
        con.send("\x01c")
        con.expect(r"\(qemu\) ", COMMAND_TIMEOUT)
        con.send("info status\r")
        m = con.expect(r"VM status: (\w+)", COMMAND_TIMEOUT)
        c.result("monitor-info-status", m.group(1) == "running", "said %r" % m.group(0))
        con.expect(r"\(qemu\) ", COMMAND_TIMEOUT)
        con.send("system_powerdown\r")
        con.expect(r"\(qemu\) ", COMMAND_TIMEOUT)
        con.send("\x01c")
    except ConsoleError as e:
        c.result("monitor-info-status", False, str(e))
        return
    status, out = con.run("cat " + PWR_BTN_EVENTS, COMMAND_TIMEOUT)
    c.result("monitor-powerdown-event", status == 0 and before == ["0"] and out.split()[:1] == ["1"],
             "%s went from %r to %r" % (PWR_BTN_EVENTS, before, out))


def run_checks(c, con, kernel, flavour, programs, expected):
    status, out = con.run("uname -a", COMMAND_TIMEOUT)
    c.result("uname", status == 0 and ("Linux" in out and kernel.version in out and "i686" in out),
             "uname -a said %r" % out)

    status, out = con.run("cat /proc/cpuinfo", COMMAND_TIMEOUT)
    flags = next((l.split(":", 1)[1].split() for l in out.splitlines()
                  if l.startswith("flags")), [])
    want = {"fpu", "tsc", "cx8", "cmov"} | ({"pae"} if flavour.endswith("pae") else set())
    c.result("cpuinfo", status == 0 and "processor" in out and want <= set(flags),
             "missing flags %s in %r" % (sorted(want - set(flags)), out[:300]))

    status, out = con.run("grep -c iso9660 /proc/filesystems", COMMAND_TIMEOUT)
    c.result("module-load", status == 0 and out.strip() == "1",
             "%s.ko (insmod by /init) did not register iso9660: %r" % (TEST_MODULE, out))

    # Files, not pipes, between the steps: a pipe costs a context switch
    # per small write, tens of seconds of a slow emulator for a few MiB.
    want_hash = seq_sha256(SEQ_COUNT)
    status, out = con.run("seq 1 %d > /tmp/seq && sha256sum /tmp/seq" % SEQ_COUNT, COMMAND_TIMEOUT)
    c.result("sha256", status == 0 and out.split()[:1] == [want_hash],
             "got %r, expected %s" % (out, want_hash))

    status, out = con.run("gzip -9 < /tmp/seq > /tmp/seq.gz && gunzip < /tmp/seq.gz > /tmp/seq2 "
                          "&& sha256sum /tmp/seq2", COMMAND_TIMEOUT)
    c.result("gzip-roundtrip", status == 0 and out.split()[:1] == [want_hash],
             "got %r, expected %s" % (out, want_hash))

    busybox_hash = hashlib.sha256(open(debian_guest.busybox()[0], "rb").read()).hexdigest()
    status, out = con.run("sha256sum /bin/busybox", COMMAND_TIMEOUT)
    c.result("sha256-file", status == 0 and out.split()[:1] == [busybox_hash],
             "got %r, expected %s" % (out, busybox_hash))

    status, out = con.run(AWK_SERIES, COMMAND_TIMEOUT)
    c.result("awk-float", status == 0 and out.strip() == awk_series(),
             "got %r, expected %s" % (out, awk_series()))

    for name in sorted(programs):
        status, out = con.run("/bin/" + name, PROGRAM_TIMEOUT)
        diff = first_difference(out, expected)
        c.result("c-program-" + name.split("-", 1)[1], status == 0 and diff is None,
                 "exit status %d; %s" % (status, diff or "output as expected"))

    # Anything the kernel found wrong with the machine: a BUG, an oops, a
    # WARN_ON, a panic, an unexpected trap in user space.
    status, out = con.run("dmesg | grep -E 'BUG|Oops|WARNING:|Call Trace|segfault|general protection' "
                          "| head -n 5", COMMAND_TIMEOUT)
    c.result("dmesg-clean", status == 0 and out.strip() == "", "the kernel logged %r" % out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", required=True, help="the build folder (logs go to BUILD/tests/guest)")
    ap.add_argument("--emulator", help="default: BUILD/qemu-system-i386")
    ap.add_argument("--flavour", action="append", choices=debian_guest.FLAVOURS)
    args = ap.parse_args()
    emulator = args.emulator or os.path.join(args.build, "qemu-system-i386")
    if not (os.path.isfile(emulator) or shutil.which(emulator)):
        print("FAIL guest: no emulator at %s" % emulator)
        return 1
    out_dir = os.path.join(os.path.abspath(args.build), "tests", "guest")
    os.makedirs(out_dir, exist_ok=True)
    failed = 0
    for flavour in args.flavour or debian_guest.FLAVOURS:
        failed += boot_and_check(emulator, flavour, out_dir)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
