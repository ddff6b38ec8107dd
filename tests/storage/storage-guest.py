#!/usr/bin/env python3
"""The PC's storage devices under Debian's i386 kernel (group "storage").

Boots the 686 kernel with ata_piix, sd_mod, sr_mod, isofs and floppy in the
initramfs and three drives plus a floppy: a raw disk (ide0-hd0, the primary master), a qcow2
disk made by qemu-img (ide0-hd1), an ISO made by xorriso (the CD-ROM at
ide1-cd0) and a 1.44M floppy image. A script in the guest hashes what it
reads from each device and writes a pattern to the raw disk and reads it
back; the host compares every hash with its own and checks the pattern
reached the image file.

usage: storage-guest.py --build BUILD [--emulator PATH]
"""
import argparse
import hashlib
import os
import random
import shutil
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "guest"))
import debian_guest                                     # noqa: E402
from guest_console import GuestConsole, ConsoleError   # noqa: E402

MODULES = ["ata_piix", "sd_mod", "sr_mod", "isofs", "floppy"]
BOOT_TIMEOUT = 300
DISK_BYTES = 8 << 20
PATTERN_BYTES = 256 << 10
PATTERN_SEEK = 4096             # in 512-byte sectors
FLOPPY_BYTES = 1474560

GUEST_SCRIPT = r"""
h() { sha256sum | cut -d' ' -f1; }
empty=$(h < /dev/null)
# sd names follow probe order: find the disks by their ATA place instead
# (ata_piix: host 0 is the primary channel; target 0 the master, 1 the slave)
master=$(ls /sys/bus/scsi/devices/0:0:0:0/block/ 2>/dev/null)
slave=$(ls /sys/bus/scsi/devices/0:0:1:0/block/ 2>/dev/null)
echo "RESULT dev-master ${master:-none}"
echo "RESULT dev-slave ${slave:-none}"
for d in sr0 fd0; do
    [ -b /dev/$d ] && echo "RESULT dev-$d yes" || echo "RESULT dev-$d no"
done
echo "RESULT master-read $(dd if=/dev/$master bs=64k 2>/dev/null | h)"
echo "RESULT slave-read $(dd if=/dev/$slave bs=64k 2>/dev/null | h)"
echo "RESULT sr0-raw $(dd if=/dev/sr0 bs=64k count=16 2>/dev/null | h)"
mkdir -p /mnt/cd
mount -t iso9660 -o ro /dev/sr0 /mnt/cd && echo "RESULT iso-file $(h < /mnt/cd/data.bin)"
umount /mnt/cd
echo "RESULT fd0-read $(dd if=/dev/fd0 bs=9216 count=160 2>/dev/null | h)"
dd if=/pattern.bin of=/dev/$master bs=512 seek=%(seek)d conv=notrunc,fsync 2>/dev/null
echo 3 > /proc/sys/vm/drop_caches
echo "RESULT master-readback $(dd if=/dev/$master bs=512 skip=%(seek)d count=%(count)d 2>/dev/null | h)"
# the secondary slave runs with snapshot=on: the host commits it later
snap=$(ls /sys/bus/scsi/devices/1:0:1:0/block/ 2>/dev/null)
echo "RESULT dev-snapshot ${snap:-none}"
dd if=/pattern.bin of=/dev/$snap bs=512 seek=%(seek)d conv=notrunc,fsync 2>/dev/null
# the host ejects the CD and inserts another one through the monitor
first=$(dd if=/dev/sr0 bs=2048 skip=16 count=1 2>/dev/null | h)
echo "WAIT-CHANGE"
sleep 2
for i in $(seq 1 60); do
    now=$(dd if=/dev/sr0 bs=2048 skip=16 count=1 2>/dev/null | h)
    [ -n "$now" ] && [ "$now" != "$first" ] && [ "$now" != "$empty" ] && break
    sleep 1
done
mount -t iso9660 -o ro /dev/sr0 /mnt/cd && echo "RESULT changed-iso-file $(h < /mnt/cd/data.bin)"
umount /mnt/cd
echo "RESULT dmesg-errors $(dmesg | grep -ciE 'ata[0-9.]*: (failed|exception)|timeout')"
""" % {"seek": PATTERN_SEEK, "count": PATTERN_BYTES // 512}


class Checks:
    def __init__(self):
        self.failed = 0

    def result(self, name, ok, why=""):
        if ok:
            print("PASS storage/%s" % name, flush=True)
        else:
            self.failed += 1
            print("FAIL storage/%s: %s" % (name, " ".join(why.split())[:300]), flush=True)

    def skip(self, name, why):
        print("SKIP storage/%s: %s" % (name, why), flush=True)


def sha(data):
    return hashlib.sha256(data).hexdigest()


def find_qemu_img(build):
    """Debian's qemu-img makes the reference qcow2; ours if that is missing"""
    for p in (shutil.which("qemu-img"), os.path.join(build, "qemu-img")):
        if p and os.access(p, os.X_OK):
            return p
    return None


def make_images(out, build):
    """Returns {name: path} and {result name: expected hash}."""
    rng = random.Random(4)
    disk = bytes(rng.getrandbits(8) for _ in range(DISK_BYTES))
    qdata = bytes(rng.getrandbits(8) for _ in range(DISK_BYTES))
    cdfile = bytes(rng.getrandbits(8) for _ in range(3 << 20))
    floppy = bytes(rng.getrandbits(8) for _ in range(FLOPPY_BYTES))
    paths = {k: os.path.join(out, v) for k, v in
             (("raw", "disk.raw"), ("qraw", "qdata.raw"), ("qcow2", "disk.qcow2"),
              ("iso", "cd.iso"), ("floppy", "floppy.img"), ("isodir", "isodir"))}
    paths["snap"] = os.path.join(out, "snapshot.raw")
    for k, data in (("raw", disk), ("qraw", qdata), ("floppy", floppy), ("snap", disk)):
        with open(paths[k], "wb") as f:
            f.write(data)
    qemu_img = find_qemu_img(build)
    if not qemu_img:
        raise RuntimeError("no qemu-img to make the qcow2 image")
    subprocess.run([qemu_img, "convert", "-f", "raw", "-O", "qcow2", paths["qraw"],
                    paths["qcow2"]], check=True, capture_output=True)
    shutil.rmtree(paths["isodir"], ignore_errors=True)
    os.makedirs(paths["isodir"])
    with open(os.path.join(paths["isodir"], "data.bin"), "wb") as f:
        f.write(cdfile)
    subprocess.run(["xorriso", "-as", "mkisofs", "-quiet", "-o", paths["iso"], "-V", "STORAGE",
                    paths["isodir"]], check=True, capture_output=True)
    iso = open(paths["iso"], "rb").read()
    # the CD the monitor's `change` puts in
    cdfile2 = bytes(rng.getrandbits(8) for _ in range(1 << 20))
    with open(os.path.join(paths["isodir"], "data.bin"), "wb") as f:
        f.write(cdfile2)
    paths["iso2"] = os.path.join(out, "cd2.iso")
    subprocess.run(["xorriso", "-as", "mkisofs", "-quiet", "-o", paths["iso2"], "-V", "CHANGED",
                    paths["isodir"]], check=True, capture_output=True)
    expected = {
        "master-read": sha(disk), "slave-read": sha(qdata), "sr0-raw": sha(iso[:1 << 20]),
        "iso-file": sha(cdfile), "fd0-read": sha(floppy), "changed-iso-file": sha(cdfile2),
    }
    return paths, expected


class Monitor:
    """The human monitor on a Unix socket: one command, its output."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.settimeout(20)
        for _ in range(100):
            try:
                self.sock.connect(path)
                break
            except OSError:
                time.sleep(0.1)
        self._until_prompt()

    def _until_prompt(self):
        data = b""
        while not data.endswith(b"(qemu) "):
            chunk = self.sock.recv(4096)
            if not chunk:
                break
            data += chunk
        return data.decode(errors="replace").replace("\r", "")

    def cmd(self, line):
        self.sock.sendall(line.encode() + b"\n")
        out = self._until_prompt()
        return out[out.find("\n") + 1:].rsplit("(qemu) ", 1)[0]

    def close(self):
        self.sock.close()


def monitor_checks(c, mon, paths, pattern):
    out = mon.cmd("info block")
    c.result("info-block", "ide0-hd0: %s (raw)" % paths["raw"] in out and
             "ide0-hd1: %s (qcow2)" % paths["qcow2"] in out and
             "ide1-cd0: %s (raw, read-only)" % paths["iso"] in out and
             "floppy0: %s (raw)" % paths["floppy"] in out and "Removable device" in out,
             "info block said: %r" % out)
    out = mon.cmd("eject ide0-hd0")
    c.result("eject-disk-refused", "not removable" in out, "eject ide0-hd0 said %r" % out)
    out = mon.cmd("eject -f ide1-cd0")
    out += mon.cmd("info block")
    c.result("eject", "ide1-cd0: [not inserted]" in out, "after eject: %r" % out)
    out = mon.cmd("change ide1-cd0 %s raw" % paths["iso2"])
    out += mon.cmd("info block")
    c.result("change", "ide1-cd0: %s (raw, read-only)" % paths["iso2"] in out,
             "after change: %r" % out)
    with open(paths["snap"], "rb") as f:
        f.seek(PATTERN_SEEK * 512)
        c.result("snapshot-image-untouched", f.read(PATTERN_BYTES) != pattern,
                 "the guest's write reached the image under snapshot=on")
    out = mon.cmd("commit ide1-hd1")
    with open(paths["snap"], "rb") as f:
        f.seek(PATTERN_SEEK * 512)
        c.result("commit", f.read(PATTERN_BYTES) == pattern,
                 "after commit the image lacks the guest's write (monitor said %r)" % out)
    out = mon.cmd("commit ide0-hd0")
    c.result("commit-without-snapshot", "snapshot" in out or "overlay" in out,
             "commit of a drive without -snapshot said %r" % out)
    out = mon.cmd("change ide1-cd0 %s/missing.iso" % os.path.dirname(paths["iso2"]))
    c.result("change-missing-file", "missing.iso" in out and "not inserted" not in out,
             "change to a missing file said %r" % out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", required=True)
    ap.add_argument("--emulator")
    args = ap.parse_args()
    emulator = args.emulator or os.path.join(args.build, "qemu-system-i386")
    out = os.path.join(args.build, "tests", "storage")
    os.makedirs(out, exist_ok=True)
    c = Checks()

    try:
        paths, expected = make_images(out, args.build)
    except (RuntimeError, OSError, subprocess.CalledProcessError) as e:
        c.result("images", False, "cannot make the test images: %s" % e)
        return 1
    pattern = bytes(random.Random(9).getrandbits(8) for _ in range(PATTERN_BYTES))
    try:
        kernel = debian_guest.Kernel("686")
        initrd = debian_guest.build_initramfs(kernel, MODULES, {
            "storage.sh": (GUEST_SCRIPT.encode(), 0o755),
            "pattern.bin": (pattern, 0o644),
        })
    except debian_guest.GuestUnavailable as e:
        c.skip("guest", "Debian's packages are unavailable: %s" % e)
        return 0

    argv = [emulator, "-accel", "tcg", "-m", "256", "-nographic", "-no-reboot",
            "-kernel", kernel.vmlinuz, "-initrd", initrd,
            "-append", "console=ttyS0 panic=-1 guest_run=/storage.sh",
            "-drive", "file=%s,format=raw,if=ide,index=0" % paths["raw"],
            "-drive", "file=%s,format=qcow2,if=ide,index=1" % paths["qcow2"],
            "-cdrom", paths["iso"],
            "-drive", "file=%s,format=raw,if=ide,index=3,snapshot=on" % paths["snap"],
            "-drive", "file=%s,format=raw,if=floppy,index=0" % paths["floppy"],
            "-monitor", "unix:%s,server=on,wait=off" % os.path.join(out, "monitor.sock")]
    log_path = os.path.join(out, "storage-guest.log")
    con = GuestConsole(argv, log_path)
    results = {}
    try:
        con.expect(debian_guest.INIT_MARKER, BOOT_TIMEOUT)
        text = con.expect(r"(?s)(.*?)WAIT-CHANGE", 300).group(1)
        mon = Monitor(os.path.join(out, "monitor.sock"))
        monitor_checks(c, mon, paths, pattern)
        mon.close()
        text += con.expect(r"(?s)(.*?)GUEST-RUN-EXIT \d+", 300).group(1)
        for line in text.splitlines():
            parts = line.strip().split()
            if len(parts) == 3 and parts[0] == "RESULT":
                results[parts[1]] = parts[2]
        status = con.wait_exit(60)
        c.result("exit", status == 0, "emulator exit status %d" % status)
    except ConsoleError as e:
        c.result("guest", False, "%s (log: %s)" % (e, log_path))
        return 1
    finally:
        con.close()

    for dev in ("master", "slave", "snapshot"):
        c.result("dev-" + dev, results.get("dev-" + dev, "none") != "none",
                 "no disk in the %s's place in the guest (log: %s)" % (dev, log_path))
    for dev in ("sr0", "fd0"):
        c.result("dev-" + dev, results.get("dev-" + dev) == "yes",
                 "/dev/%s missing in the guest (log: %s)" % (dev, log_path))
    for name, want in expected.items():
        got = results.get(name)
        c.result(name, got == want, "guest hash %s, expected %s" % (got, want))
    c.result("master-readback", results.get("master-readback") == sha(pattern),
             "read back %s" % results.get("master-readback"))
    with open(paths["raw"], "rb") as f:
        f.seek(PATTERN_SEEK * 512)
        c.result("master-write-reached-image", f.read(PATTERN_BYTES) == pattern,
                 "the image file does not hold what the guest wrote")
    c.result("no-ata-errors", results.get("dmesg-errors") == "0",
             "%s ATA error lines in dmesg (log: %s)" % (results.get("dmesg-errors"), log_path))
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main())
