#!/usr/bin/env python3
"""`make bench`: the same workloads on our emulator and on a reference
(Debian's qemu-system-i386 -accel tcg), in the same run; prints times,
guest instructions per second where the guest counts them, and ratios.

  kernels  bare-metal multiboot kernels (tests/bench/kernels, built here):
           each counts its own instructions per iteration by single-stepping,
           then runs timed between START and END lines on COM1, which this
           script timestamps as they arrive (emulator start-up is not timed)
  linux    Debian's 686 kernel with the busybox initramfs of tests/guest:
           seconds to the shell, the host CPU the emulator uses while the
           guest sits idle (IDLE_SECONDS of `sleep`: Debian's i386 kernels
           tick at 250 Hz even when idle), then in-guest workloads between
           markers
  disk     disk throughput in that guest (sequential and random 4 KiB,
           IDE and virtio-blk, raw and qcow2): tests/disk/disk_bench.py
  display  the SDL window's cost against -display none (idle CPU, a
           1024x768x32 framebuffer update loop): tests/ui/display_bench.py
  net      user-mode networking in that guest (download from and upload to
           the host through slirp, requests/s to a forwarded guest web
           server; e1000 and virtio-net): tests/net/net_bench.py

usage: bench.py --build BUILD_DIR [--reference PATH|none] [--part kernels|linux|disk|display|net]...
                [--workload NAME]... [--repeat N]
Bench results are figures, never pass/fail: the exit status is non-zero
only when a workload could not run or two emulators computed different
results.
"""

import argparse
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True      # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(HERE, "..", "guest"))
sys.path.insert(0, os.path.join(HERE, "..", "disk"))
sys.path.insert(0, os.path.join(HERE, "..", "ui"))
sys.path.insert(0, os.path.join(HERE, "..", "net"))
import debian_guest                                     # noqa: E402
import disk_bench                                       # noqa: E402
import display_bench                                    # noqa: E402
import net_bench                                        # noqa: E402
from guest_console import GuestConsole, ConsoleError   # noqa: E402

KERNEL_TIMEOUT = 300
LINUX_BOOT_TIMEOUT = 300
LINUX_WORKLOAD_TIMEOUT = 600
IDLE_SECONDS = 15
IDLE_ROW = "idle-cpu"

KERNEL_CFLAGS = ["-m32", "-march=i686", "-std=gnu11", "-O2", "-Wall", "-Wextra",
                 "-ffreestanding", "-fno-builtin", "-fno-pic", "-fno-pie",
                 "-fno-stack-protector", "-fno-asynchronous-unwind-tables",
                 "-fno-tree-loop-distribute-patterns"]
KERNEL_LDFLAGS = ["-nostdlib", "-static", "-no-pie", "-Wl,--build-id=none",
                  "-Wl,--no-warn-rwx-segments", "-Wl,-z,noexecstack"]
# name → (source, extra compiler flags)
KERNELS = {
    "int-sha256": ("int-sha256.c", ["-mno-sse", "-mno-mmx"]),
    "int-crc32": ("int-crc32.c", ["-mno-sse", "-mno-mmx"]),
    "mem-random": ("mem-random.c", ["-mno-sse", "-mno-mmx"]),
    "call-ret": ("call-ret.c", ["-mno-sse", "-mno-mmx"]),
    # QEMU's softfloat x87 is about 5 times slower than its SSE2: fewer
    # iterations keep both runs near the same length
    "matmul-x87": ("matmul.c", ["-mno-sse", "-mno-mmx", "-mfpmath=387",
                                '-DBENCH_NAME="matmul-x87"', "-DMATMUL_ITERATIONS=250"]),
    "matmul-sse2": ("matmul.c", ["-msse2", "-mfpmath=sse",
                                 '-DBENCH_NAME="matmul-sse2"', "-DMATMUL_ITERATIONS=1500"]),
}

# In-guest workloads: name → shell command (its output is discarded).
# Inputs are made before the timed part by LINUX_PREPARE.
LINUX_PREPARE = [
    "dd if=/dev/zero of=/tmp/zero32 bs=1048576 count=32 2>/dev/null",
    "cat /bin/busybox /bin/busybox /bin/busybox /bin/busybox /bin/busybox > /tmp/bb5",
    "dd if=/tmp/bb5 of=/tmp/in8 bs=1048576 count=8 2>/dev/null",
]
LINUX_WORKLOADS = [
    ("sha256sum-32MiB", "sha256sum /tmp/zero32"),
    ("gzip-9-8MiB", "gzip -9 < /tmp/in8 > /tmp/out.gz"),
    ("awk-float-500k", "awk 'BEGIN{for(i=0;i<500000;i++)s+=i*0.5/(i+1.5);printf \"%.6f\\n\",s}'"),
    ("c-testprog-x87", "/bin/testprog-x87"),
    ("c-testprog-sse2", "/bin/testprog-sse2"),
    ("pipe-seq-500k", "seq 1 500000 | sha256sum"),
    ("fork-exec-1000", "i=0; while [ $i -lt 1000 ]; do /bin/true; i=$((i+1)); done"),
]


def note(msg):
    print(msg, file=sys.stderr, flush=True)


# ---- bare-metal kernels -------------------------------------------------------

def build_kernels(build_dir, out_dir, only):
    """Each kernel source, with its flags, linked with the objects `make
    bench-build` lists: the test-kernel library and the benchmark driver."""
    src = os.path.join(HERE, "kernels")
    ktest_lib = os.path.join(HERE, "..", "kernels", "lib")
    with open(os.path.join(build_dir, "tests", "bench", "kernel-lib.list")) as f:
        lib = f.read().split()
    script = os.path.join(ktest_lib, "kernel.ld")
    deps = lib + [os.path.join(src, "lib", "bench.h"), os.path.join(ktest_lib, "ktest.h"), script]
    os.makedirs(out_dir, exist_ok=True)
    elves = {}
    for name, (source, flags) in KERNELS.items():
        if only and name not in only:
            continue
        elf = os.path.join(out_dir, name + ".elf")
        inputs = deps + [os.path.join(src, source)]
        if not os.path.exists(elf) or os.path.getmtime(elf) < max(map(os.path.getmtime, inputs)):
            cmd = (["gcc"] + KERNEL_CFLAGS + flags + ["-I" + ktest_lib] + KERNEL_LDFLAGS +
                   ["-Wl,-T," + script, "-o", elf, os.path.join(src, source)] + lib + ["-lgcc"])
            r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               universal_newlines=True)
            if r.returncode != 0:
                raise RuntimeError("building %s failed:\n%s" % (name, r.stdout))
        elves[name] = elf
    return elves


def run_kernel(emulator, elf, log_path):
    """→ dict(seconds, insns, checksum) or dict(error)."""
    argv = [emulator, "-accel", "tcg", "-nodefaults", "-display", "none", "-m", "256",
            "-serial", "stdio", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x4",
            "-kernel", elf]
    con = GuestConsole(argv, log_path)
    try:
        m = con.expect(r"INSNS (\d+) (\d+)\n", KERNEL_TIMEOUT)
        per_iter, fixed = int(m.group(1)), int(m.group(2))
        m = con.expect(r"START (\d+)\n", KERNEL_TIMEOUT)
        t0, iterations = con.elapsed(), int(m.group(1))
        m = con.expect(r"END ([0-9a-f]+)\n", KERNEL_TIMEOUT)
        t1 = con.elapsed()
        status = con.wait_exit(30)
        if status != 1:
            return {"error": "exit status %d" % status}
        return {"seconds": t1 - t0, "insns": per_iter * iterations + fixed,
                "per_iter": per_iter, "checksum": m.group(1)}
    except ConsoleError as e:
        return {"error": str(e)[:200]}
    finally:
        con.close()


# ---- Linux --------------------------------------------------------------------

def linux_script(workloads, idle):
    lines = ["# written by tests/bench/bench.py", "cd /tmp"]
    if idle:
        lines += ["echo @@IDLE-START", "sleep %d" % IDLE_SECONDS, "echo @@IDLE-END"]
    lines += LINUX_PREPARE
    for name, cmd in workloads:
        lines.append("echo @@START %s" % name)
        lines.append("( %s ) > /dev/null" % cmd)
        lines.append("echo @@END %s $?" % name)
    return ("\n".join(lines) + "\n").encode()


def linux_guest(out_dir, workloads, idle):
    kernel = debian_guest.Kernel("686")
    files = {"bench/run.sh": (linux_script(workloads, idle), 0o755)}
    if any(name.startswith("c-testprog") for name, _ in workloads):
        src = os.path.join(HERE, "..", "guest", "testprog.c")
        for variant, flags in (("x87", []), ("sse2", ["-msse2", "-mfpmath=sse"])):
            path = os.path.join(out_dir, "testprog-" + variant)
            if not os.path.exists(path) or os.path.getmtime(path) < os.path.getmtime(src):
                subprocess.run(["gcc", "-m32", "-static", "-march=i686", "-O2"] + flags +
                               ["-o", path, src, "-lm"], check=True)
            files["bin/testprog-" + variant] = (open(path, "rb").read(), 0o755)
    return kernel, debian_guest.build_initramfs(kernel, [], files)


def process_cpu_seconds(pid):
    """User + system CPU time of process PID so far (/proc/PID/stat)."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_linux(emulator, kernel, initrd, workloads, idle, log_path):
    """→ {name: seconds or error string}, including "boot-to-shell", and
    IDLE_ROW: percent of a host core used while the guest idles."""
    argv = [emulator, "-accel", "tcg", "-m", "256", "-nographic", "-no-reboot",
            "-kernel", kernel.vmlinuz, "-initrd", initrd,
            "-append", "console=ttyS0 panic=-1 guest_run=/bench/run.sh"]
    con = GuestConsole(argv, log_path)
    results = {}
    try:
        con.expect(debian_guest.INIT_MARKER, LINUX_BOOT_TIMEOUT)
        results["boot-to-shell"] = con.elapsed()
        if idle:
            con.expect(r"@@IDLE-START\n", LINUX_WORKLOAD_TIMEOUT)
            cpu0, t0 = process_cpu_seconds(con.proc.pid), con.elapsed()
            con.expect(r"@@IDLE-END\n", IDLE_SECONDS + 60)
            cpu1, t1 = process_cpu_seconds(con.proc.pid), con.elapsed()
            results[IDLE_ROW] = 100 * (cpu1 - cpu0) / (t1 - t0)
        for name, _cmd in workloads:
            con.expect(r"@@START %s\n" % name, LINUX_WORKLOAD_TIMEOUT)
            t0 = con.elapsed()
            m = con.expect(r"@@END %s (\d+)\n" % name, LINUX_WORKLOAD_TIMEOUT)
            results[name] = con.elapsed() - t0 if m.group(1) == "0" else "exit status " + m.group(1)
        status = con.wait_exit(60)
        if status != 0:
            results["poweroff"] = "exit status %d" % status
    except ConsoleError as e:
        results["error"] = str(e)[:200]
    finally:
        con.close()
    return results


# ---- report -----------------------------------------------------------------

def print_table(title, rows, emulators, with_mips):
    """rows: [(name, {emulator label: result})]; a result is a dict from
    run_kernel (with_mips) or seconds / an error string (Linux)."""
    width = 22 if with_mips else 10
    print("\n" + title)
    head = "  %-18s" % "workload" + "".join(" | %-*s" % (width, label) for label in emulators)
    print(head + (" | speed-up" if len(emulators) == 2 else ""))
    for name, res in rows:
        line = "  %-18s" % name
        times = []
        for label in emulators:
            r = res.get(label)
            secs = r.get("seconds") if isinstance(r, dict) else r
            if isinstance(secs, float):
                cell = "%8.2f s" % secs
                if with_mips:
                    cell += " %6.0f MIPS" % (r["insns"] / secs / 1e6)
                times.append(secs)
            else:
                err = (r.get("error") if isinstance(r, dict) else r) or "not run"
                cell = "failed"
                times.append(None)
                note("  %s under %s: %s" % (name, label, err))
            line += " | %-*s" % (width, cell)
        if len(times) == 2 and None not in times:
            line += " | %6.2fx" % (times[1] / times[0])
        print(line, flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", required=True)
    ap.add_argument("--reference", default="/usr/bin/qemu-system-i386",
                    help="reference emulator, or none (default: Debian's QEMU)")
    ap.add_argument("--part", action="append", choices=("kernels", "linux", "disk", "display", "net"))
    ap.add_argument("--workload", action="append", help="run only these (kernel or Linux names)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per workload; the best time counts")
    args = ap.parse_args()

    build = os.path.abspath(args.build)
    ours = os.path.join(build, "qemu-system-i386")
    emulators = {"ours": ours}
    if args.reference != "none":
        if shutil.which(args.reference):
            emulators["qemu-tcg"] = args.reference
        else:
            note("bench: no reference emulator at %s; ours only" % args.reference)
    out_dir = os.path.join(build, "tests", "bench")
    os.makedirs(out_dir, exist_ok=True)
    parts = args.part or ["kernels", "linux", "disk", "display", "net"]
    only = set(args.workload or [])
    trouble = False
    print("bench: %s" % ", ".join("%s = %s" % kv for kv in emulators.items()))
    print("speed-up = reference time / our time (above 1: ours is faster)")

    if "kernels" in parts:
        elves = build_kernels(build, os.path.join(out_dir, "kernels"), only)
        rows = []
        for name, elf in elves.items():
            # Runs alternate between the emulators, so that a burst of load
            # from elsewhere on the machine does not fall on one of them only.
            res = {}
            for i in range(args.repeat):
                for label, emu in emulators.items():
                    if "error" in res.get(label, {}):
                        continue
                    r = run_kernel(emu, elf, os.path.join(out_dir, "%s-%s.log" % (name, label)))
                    if label not in res or "error" in r or r["seconds"] < res[label]["seconds"]:
                        res[label] = r
            sums = {r["checksum"] for r in res.values() if "checksum" in r}
            if len(sums) > 1:
                trouble = True
                note("  %s: the emulators computed different checksums: %s" % (
                    name, ", ".join("%s=%s" % (l, r.get("checksum")) for l, r in res.items())))
            counts = {r["per_iter"] for r in res.values() if "per_iter" in r}
            if len(counts) > 1:
                note("  %s: instructions per iteration differ (single-step counting): %s" % (
                    name, ", ".join("%s=%s" % (l, r.get("per_iter")) for l, r in res.items())))
            trouble |= any("error" in r for r in res.values())
            rows.append((name, res))
        print_table("Bare-metal kernels (time of the timed loop; MIPS = guest instructions/s)",
                    rows, list(emulators), True)

    if "linux" in parts:
        workloads = [w for w in LINUX_WORKLOADS if not only or w[0] in only]
        idle = not only or IDLE_ROW in only
        try:
            kernel, initrd = linux_guest(out_dir, workloads, idle)
        except (debian_guest.GuestUnavailable, subprocess.CalledProcessError) as e:
            print("\nLinux: skipped: %s" % e)
            return 1 if trouble else 0
        res = {label: {} for label in emulators}
        for i in range(args.repeat):
            for label, emu in emulators.items():
                best = res[label]
                r = run_linux(emu, kernel, initrd, workloads, idle,
                              os.path.join(out_dir, "linux-%s.log" % label))
                for k, v in r.items():
                    if isinstance(v, float):
                        if not isinstance(best.get(k), float) or v < best[k]:
                            best[k] = v
                    else:
                        best.setdefault(k, v)
        for label, best in res.items():
            for k in ("error", "poweroff"):
                if k in best:
                    trouble = True
                    note("  Linux under %s: %s" % (label, best[k]))
        names = ["boot-to-shell"] + [n for n, _ in workloads]
        rows = [(n, {label: res[label].get(n, res[label].get("error", "not reached"))
                     for label in emulators}) for n in names]
        print_table("Linux %s (-m 256, seconds)" % kernel.version, rows, list(emulators), False)
        if idle:
            # a figure, not a time: lower is better, no speed-up column
            line = "  %-18s" % "idle CPU %"
            for label in emulators:
                r = res[label].get(IDLE_ROW)
                line += " | %-10s" % ("%6.1f %%" % r if isinstance(r, float) else "failed")
            print(line + "   (host CPU while the guest idles %d s)" % IDLE_SECONDS, flush=True)

    if "disk" in parts:
        trouble |= disk_bench.run(build, emulators, out_dir, only, args.repeat)
    if "display" in parts:
        trouble |= display_bench.run(build, ours, out_dir, args.repeat)
    if "net" in parts:
        trouble |= net_bench.run(build, emulators, out_dir, only, args.repeat)
    return 1 if trouble else 0


if __name__ == "__main__":
    sys.exit(main())
