"""`make bench`'s disk rows (tests/bench/bench.py --part disk): throughput
inside Debian's 686 guest on a scratch disk, on our emulator and on the
reference with the same fresh image, the same disk model and the same
guest, in the same run.

Per configuration (disk model × image format: ide-raw, ide-qcow2,
virtio-raw, virtio-qcow2) one boot per emulator with -kernel/-initrd
(the disk tests' initramfs, with disktool) and guest_run set to a script
that runs, between markers the host timestamps:
  seq-write    busybox dd of SEQ_MIB MiB from /dev/zero, bs=1M, conv=fsync
  seq-read     the same back after dropping the guest's page cache
  rand-write   RAND_COUNT random 4 KiB O_DIRECT pwrites (disktool randio)
  rand-read    RAND_COUNT random 4 KiB O_DIRECT preads
The qcow2 image starts empty (Debian's qemu-img create), so seq-write
allocates its clusters; the random rows stay inside what it wrote.
Ratio = our throughput / the reference's (above 1: ours is faster).
"""

import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "guest"))
import debian_guest                                     # noqa: E402
import make_images                                      # noqa: E402
from guest_console import GuestConsole, ConsoleError   # noqa: E402

REF_QEMU_IMG = "/usr/bin/qemu-img"
IMAGE_MIB = 256
SEQ_MIB = 128
RAND_COUNT = 10000
RAND_SPAN_MIB = SEQ_MIB
BOOT_TIMEOUT = 300
WORKLOAD_TIMEOUT = 600
CONFIGS = ("ide-raw", "ide-qcow2", "virtio-raw", "virtio-qcow2")
GUEST_DEVICE = {"ide": "/dev/sda", "virtio": "/dev/vda"}
WORKLOADS = [  # name, shell command ($DEV is the disk), bytes moved
    ("seq-write", "dd if=/dev/zero of=$DEV bs=1048576 count=%d conv=fsync" % SEQ_MIB,
     SEQ_MIB << 20),
    ("seq-read", "sync; echo 3 > /proc/sys/vm/drop_caches; "
                 "dd if=$DEV of=/dev/null bs=1048576 count=%d" % SEQ_MIB, SEQ_MIB << 20),
    ("rand-write", "disktool randio $DEV write %d %d 1" % (RAND_COUNT, RAND_SPAN_MIB),
     RAND_COUNT * 4096),
    ("rand-read", "disktool randio $DEV read %d %d 2" % (RAND_COUNT, RAND_SPAN_MIB),
     RAND_COUNT * 4096),
]


def note(msg):
    print(msg, file=sys.stderr, flush=True)


def guest_script(device):
    lines = ["# written by tests/disk/disk_bench.py", "DEV=%s" % device,
             # SCSI and virtio disks appear asynchronously after the modules load
             "i=0; while [ ! -b $DEV ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i+1)); done"]
    for name, cmd, _bytes in WORKLOADS:
        lines += ["echo @@START %s" % name, "( %s ) > /dev/null 2>&1" % cmd,
                  "echo @@END %s $?" % name]
    return ("\n".join(lines) + "\n").encode()


def make_image(path, fmt):
    if os.path.exists(path):
        os.unlink(path)
    if fmt == "raw":
        with open(path, "wb") as f:
            f.truncate(IMAGE_MIB << 20)
    else:
        subprocess.run([REF_QEMU_IMG, "create", "-q", "-f", fmt, path, "%dM" % IMAGE_MIB],
                       check=True)


def run_config(emulator, kernel, initrd, image, fmt, model, log_path):
    """→ {workload: seconds or an error string}"""
    argv = [emulator, "-accel", "tcg", "-m", "256", "-nographic", "-no-reboot",
            "-kernel", kernel.vmlinuz, "-initrd", initrd,
            "-append", "console=ttyS0 panic=-1 quiet guest_run=/bench/disk.sh",
            "-drive", "file=%s,format=%s,if=%s" % (image, fmt, model)]
    con = GuestConsole(argv, log_path)
    results = {}
    try:
        con.expect(debian_guest.INIT_MARKER, BOOT_TIMEOUT)
        for name, _cmd, _bytes in WORKLOADS:
            con.expect(r"@@START %s\n" % name, WORKLOAD_TIMEOUT)
            t0 = con.elapsed()
            m = con.expect(r"@@END %s (\d+)\n" % name, WORKLOAD_TIMEOUT)
            results[name] = con.elapsed() - t0 if m.group(1) == "0" else "exit status " + m.group(1)
        con.wait_exit(60)
    except ConsoleError as e:
        results.setdefault("error", str(e)[:200])
    finally:
        con.close()
    return results


def run(build, emulators, out_dir, only, repeat):
    """Runs the configurations named in ONLY (all when empty) on every
    emulator ({label: path}); prints the table; returns True when a
    workload could not run."""
    configs = [c for c in CONFIGS if not only or c in only]
    if not configs:
        return False
    try:
        _floppy_kernel, disktool = make_images.build_inputs(build)
        kernel = debian_guest.Kernel("686")
        scripts = {model: make_images.guest_initramfs(
            kernel, disktool, {"bench/disk.sh": (guest_script(dev), 0o755)})
            for model, dev in GUEST_DEVICE.items()}
    except (debian_guest.GuestUnavailable, RuntimeError) as e:
        print("\nDisk: skipped: %s" % e)
        return False
    if not shutil.which(REF_QEMU_IMG):
        print("\nDisk: skipped: no %s (package qemu-utils) to make the qcow2 image" % REF_QEMU_IMG)
        return True
    work = os.path.join(out_dir, "disk")
    os.makedirs(work, exist_ok=True)
    trouble = False
    rows = []
    for config in configs:
        model, fmt = config.split("-")
        res = {label: {} for label in emulators}
        for _ in range(repeat):
            for label, emu in emulators.items():
                image = os.path.join(work, "bench-%s.%s" % (label, fmt))
                make_image(image, fmt)
                r = run_config(emu, kernel, scripts[model], image, fmt, model,
                               os.path.join(out_dir, "disk-%s-%s.log" % (config, label)))
                os.unlink(image)
                best = res[label]
                for k, v in r.items():
                    if isinstance(v, float):
                        if not isinstance(best.get(k), float) or v < best[k]:
                            best[k] = v
                    else:
                        best.setdefault(k, v)
        for label, best in res.items():
            if "error" in best:
                trouble = True
                note("  disk %s under %s: %s" % (config, label, best["error"]))
        for name, _cmd, nbytes in WORKLOADS:
            rows.append(("%s %s" % (config, name), nbytes, name.startswith("rand"),
                         {label: res[label].get(name, res[label].get("error", "not reached"))
                          for label in emulators}))
    print_table(rows, list(emulators))
    return trouble


def print_table(rows, labels):
    print("\nDisk throughput in the guest (MB/s; random rows 4 KiB O_DIRECT, also IOPS)")
    print("  %-24s" % "workload" + "".join(" | %-24s" % l for l in labels) +
          (" | ours/ref" if len(labels) == 2 else ""))
    for name, nbytes, random_io, res in rows:
        line = "  %-24s" % name
        rates = []
        for label in labels:
            secs = res[label]
            if isinstance(secs, float) and secs > 0:
                rate = nbytes / secs / 1e6
                cell = "%7.1f MB/s" % rate
                if random_io:
                    cell += " %6.0f IOPS" % (nbytes / 4096 / secs)
                rates.append(rate)
            else:
                cell = "failed"
                rates.append(None)
                note("  %s under %s: %s" % (name, label, secs))
            line += " | %-24s" % cell
        if len(rates) == 2 and None not in rates:
            line += " | %6.2fx" % (rates[0] / rates[1])
        print(line, flush=True)
