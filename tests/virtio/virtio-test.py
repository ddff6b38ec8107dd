#!/usr/bin/env python3
"""virtio-blk with real guests: Debian's i386 kernel and SeaBIOS.

Boots Debian's 686 kernel (-kernel, busybox initramfs with virtio_pci and
virtio_blk from tests/guest) with two virtio disks, a raw image and a
qcow2 image of known contents, once with the modern (virtio 1.0)
interface, which the kernel prefers, and once with the legacy one
(virtio_pci loaded with force_legacy=1, the disks given as -device
virtio-blk-pci, one with a serial number, one with cache=writethrough). In each the guest must see /dev/vda and /dev/vdb with
the right sizes, read both whole with the right SHA-256, write 2 MiB of
random data into each (checked by the host in the image files after the
emulator exits, the qcow2 one through Debian's qemu-img, which must also
find it clean), read them back past its page cache, and power off cleanly.
Then SeaBIOS boots tests/disk's bootable disk image from a virtio-blk disk
to the guest's shell.

    virtio-test.py --build BUILD [--emulator PATH]

Prints PASS/FAIL/SKIP lines; SKIP only when Debian's packages cannot be had.
Console logs: BUILD/tests/virtio/*.log.
"""

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True      # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(HERE, "..", "guest"))
sys.path.insert(0, os.path.join(HERE, "..", "disk"))
import debian_guest                                     # noqa: E402
from guest_console import GuestConsole, ConsoleError   # noqa: E402

MIB = 1024 * 1024
DISK_SIZE = 16 * MIB
WRITE_OFFSET = 4 * MIB          # where the guest writes its random data
WRITE_SIZE = 2 * MIB
SERIAL = "VIRTIO-TEST-0001"
# virtio_pci is loaded by the test, with force_legacy=1 for the legacy boot
# (insmod does not read module options from the kernel command line);
# /init loads the rest, dependencies first
MODULES = ["virtio_blk", "virtio_pci_modern_dev", "virtio_pci_legacy_dev"]
VIRTIO_PCI_KO = "lib/virtio_pci.ko"
BOOT_TIMEOUT = 120
SEABIOS_TIMEOUT = 60            # firmware, syslinux, then the same kernel
VERSION_1_BIT = 32              # in /sys/bus/virtio/devices/*/features


def pattern(name, size):
    """SIZE deterministic bytes that differ per NAME (SHA-256 in counter mode)."""
    out = bytearray()
    i = 0
    while len(out) < size:
        out += hashlib.sha256(b"%s-%d" % (name.encode(), i)).digest()
        i += 1
    return bytes(out[:size])


def sha256(data):
    return hashlib.sha256(data).hexdigest()


class Results:
    def __init__(self):
        self.failed = 0

    def check(self, name, ok, why=""):
        if ok:
            print("PASS virtio/%s" % name, flush=True)
        else:
            self.failed += 1
            print("FAIL virtio/%s: %s" % (name, why), flush=True)
        return ok

    def skip(self, name, why):
        print("SKIP virtio/%s: %s" % (name, why), flush=True)


def make_images(work, qemu_img):
    """raw and qcow2 images of different known contents; returns their bytes."""
    raw_data = pattern("virtio-raw", DISK_SIZE)
    qcow_data = pattern("virtio-qcow2", DISK_SIZE)
    with open(os.path.join(work, "disk.raw"), "wb") as f:
        f.write(raw_data)
    src = os.path.join(work, "qcow-src.raw")
    with open(src, "wb") as f:
        f.write(qcow_data)
    subprocess.run([qemu_img, "convert", "-f", "raw", "-O", "qcow2", src,
                    os.path.join(work, "disk.qcow2")], check=True,
                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    os.unlink(src)
    return raw_data, qcow_data


def qcow2_contents(qemu_img, path, work):
    out = os.path.join(work, "qcow-out.raw")
    subprocess.run([qemu_img, "convert", "-f", "qcow2", "-O", "raw", path, out], check=True,
                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    data = open(out, "rb").read()
    os.unlink(out)
    return data


def guest_disk_checks(res, con, mode, raw_data, qcow_data):
    """What the guest sees and reads; returns the SHA-256 of what it wrote."""
    status, out = con.run("ls /sys/block")
    disks = out.split()
    if not res.check("%s/sees-disks" % mode, "vda" in disks and "vdb" in disks,
                     "/sys/block holds %r" % disks):
        return None
    status, out = con.run("cat /sys/block/vda/size /sys/block/vdb/size")
    res.check("%s/capacity" % mode, out.split() == [str(DISK_SIZE // 512)] * 2,
              "sizes %r, expected %d sectors each" % (out.split(), DISK_SIZE // 512))

    status, out = con.run("cat /sys/bus/virtio/devices/virtio*/features")
    feats = out.split()
    want = "0" if mode == "legacy" else "1"
    res.check("%s/interface" % mode,
              len(feats) >= 2 and all(len(f) > VERSION_1_BIT and f[VERSION_1_BIT] == want
                                      for f in feats),
              "VERSION_1 should be %s in the negotiated features: %r" % (want, feats))

    for dev, data, what in (("vda", raw_data, "raw"), ("vdb", qcow_data, "qcow2")):
        status, out = con.run("sha256sum /dev/%s" % dev, timeout=120)
        got = out.split()[0] if out.split() else ""
        res.check("%s/read-%s" % (mode, what), status == 0 and got == sha256(data),
                  "sha256 of /dev/%s is %r (status %d), expected %s" % (dev, got, status,
                                                                      sha256(data)))

    bs = 64 * 1024
    status, out = con.run("dd if=/dev/urandom of=/tmp/rand bs=%d count=%d 2>/dev/null && "
                          "sha256sum /tmp/rand" % (bs, WRITE_SIZE // bs))
    if not res.check("%s/make-random" % mode, status == 0 and out.split(),
                     "dd from /dev/urandom failed: %r" % out[-200:]):
        return None
    written = out.split()[0]
    for dev, what in (("vda", "raw"), ("vdb", "qcow2")):
        status, out = con.run("dd if=/tmp/rand of=/dev/%s bs=%d seek=%d conv=fsync 2>&1"
                              % (dev, bs, WRITE_OFFSET // bs), timeout=120)
        res.check("%s/write-%s" % (mode, what), status == 0, "dd to /dev/%s: %r" % (dev, out[-200:]))
    # read back from the disks, not from the page cache
    con.run("sync; echo 3 > /proc/sys/vm/drop_caches")
    for dev, what in (("vda", "raw"), ("vdb", "qcow2")):
        status, out = con.run("dd if=/dev/%s bs=%d skip=%d count=%d 2>/dev/null | sha256sum"
                              % (dev, bs, WRITE_OFFSET // bs, WRITE_SIZE // bs), timeout=120)
        got = out.split()[0] if out.split() else ""
        res.check("%s/read-back-%s" % (mode, what), got == written,
                  "read back %r, wrote %s" % (got, written))
    return written


def boot_linux(res, args, kernel, initrd, work, mode, raw_data, qcow_data, qemu_img):
    """One boot of Debian's kernel with the two virtio disks in MODE."""
    raw_path = os.path.join(work, "disk.raw")
    qcow_path = os.path.join(work, "disk.qcow2")
    append = "console=ttyS0 panic=-1"
    insmod = "insmod /%s" % VIRTIO_PCI_KO
    if mode == "modern":
        disks = ["-drive", "file=%s,format=raw,if=virtio" % raw_path,
                 "-drive", "file=%s,format=qcow2,if=virtio" % qcow_path]
    else:
        insmod += " force_legacy=1"
        disks = ["-drive", "file=%s,format=raw,if=none,id=d0" % raw_path,
                 "-device", "virtio-blk-pci,drive=d0,serial=%s" % SERIAL,
                 "-drive", "file=%s,format=qcow2,if=none,id=d1,cache=writethrough" % qcow_path,
                 "-device", "virtio-blk-pci,drive=d1"]
    argv = [args.emulator, "-accel", "tcg", "-m", "256", "-nographic", "-no-reboot",
            "-kernel", kernel.vmlinuz, "-initrd", initrd, "-append", append] + disks
    log_path = os.path.join(args.build, "tests", "virtio", "linux-%s.log" % mode)
    con = GuestConsole(argv, log_path)
    written = None
    try:
        con.expect(debian_guest.INIT_MARKER, BOOT_TIMEOUT)
        res.check("%s/boot" % mode, True)
        status, out = con.run(insmod + " && sleep 1")
        if not res.check("%s/load-driver" % mode, status == 0, "%s: %r" % (insmod, out[-200:])):
            return
        written = guest_disk_checks(res, con, mode, raw_data, qcow_data)
        if mode == "modern" and written:
            # the driver resets the device on unload and sets it up again
            ko = "/" + os.path.relpath(kernel.module_path("virtio_blk"), kernel.root)
            status, out = con.run("rmmod virtio_blk && insmod %s && sleep 1 && "
                                  "dd if=/dev/vdb bs=65536 skip=%d count=%d 2>/dev/null | sha256sum"
                                  % (ko, WRITE_OFFSET // 65536, WRITE_SIZE // 65536), timeout=120)
            got = out.split()[-2] if len(out.split()) >= 2 else ""
            res.check("modern/driver-reload", status == 0 and got == written,
                      "after reloading virtio_blk: status %d, %r" % (status, out[-200:]))
        if mode == "legacy":
            status, out = con.run("cat /sys/block/vda/serial")
            res.check("legacy/get-id", out.strip() == SERIAL,
                      "serial %r, expected %r" % (out.strip(), SERIAL))
            # cache=writethrough shows the disk's write cache as off
            status, out = con.run("cat /sys/block/vda/queue/write_cache "
                                  "/sys/block/vdb/queue/write_cache")
            res.check("legacy/write-cache-modes",
                      out.split("\n")[:2] == ["write back", "write through"],
                      "write_cache of vda, vdb: %r" % out)
        status, out = con.run("dmesg | grep -i -E 'virtio.*(error|fail)|blk_update_request|"
                              "I/O error' | head -5")
        res.check("%s/no-guest-errors" % mode, out.strip() == "", "dmesg: %r" % out.strip())
        con.send("poweroff -f\n")
        rc = con.wait_exit(60)
        res.check("%s/poweroff" % mode, rc == 0, "exit status %d" % rc)
    except ConsoleError as e:
        res.check("%s/guest" % mode, False, "%s (log: %s)" % (e, log_path))
        return
    finally:
        con.close()
    log = open(log_path, errors="replace").read()
    res.check("%s/no-device-errors" % mode, "needs a reset" not in log,
              "the emulator reported a broken virtio device (log: %s)" % log_path)
    if written is None:
        return
    # the host's view of what the guest wrote, then the images back as they were
    raw = open(raw_path, "rb").read()
    res.check("%s/host-sees-raw-write" % mode,
              sha256(raw[WRITE_OFFSET:WRITE_OFFSET + WRITE_SIZE]) == written and
              raw[:WRITE_OFFSET] == raw_data[:WRITE_OFFSET] and
              raw[WRITE_OFFSET + WRITE_SIZE:] == raw_data[WRITE_OFFSET + WRITE_SIZE:],
              "the raw image does not hold exactly what the guest wrote")
    check = subprocess.run([qemu_img, "check", qcow_path], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, universal_newlines=True)
    res.check("%s/qcow2-check" % mode, check.returncode == 0,
              "qemu-img check: %s" % check.stdout.strip()[-300:])
    q = qcow2_contents(qemu_img, qcow_path, work)
    res.check("%s/host-sees-qcow2-write" % mode,
              sha256(q[WRITE_OFFSET:WRITE_OFFSET + WRITE_SIZE]) == written and
              q[:WRITE_OFFSET] == qcow_data[:WRITE_OFFSET] and
              q[WRITE_OFFSET + WRITE_SIZE:] == qcow_data[WRITE_OFFSET + WRITE_SIZE:],
              "the qcow2 image does not hold exactly what the guest wrote")


def boot_seabios(res, args, work):
    """SeaBIOS boots tests/disk's syslinux disk image from virtio-blk."""
    try:
        import make_images
        images = make_images.build(args.build)
    except (debian_guest.GuestUnavailable, ImportError) as e:
        res.skip("seabios/boots-from-virtio-blk", "no bootable image: %s" % e)
        return
    except Exception as e:      # a build step of the image failed
        res.check("seabios/boots-from-virtio-blk", False,
                  "tests/disk could not make its image: %s" % e)
        return
    disk = os.path.join(work, "boot.raw")
    shutil.copyfile(os.path.join(images.folder, "disk.raw"), disk)
    log_path = os.path.join(args.build, "tests", "virtio", "seabios-console.log")
    bios_log = os.path.join(args.build, "tests", "virtio", "seabios-debug.log")
    if os.path.exists(bios_log):
        os.unlink(bios_log)
    argv = [args.emulator, "-accel", "tcg", "-m", "256", "-nographic", "-no-reboot",
            "-drive", "file=%s,format=raw,if=virtio" % disk,
            "-chardev", "file,id=dbg,path=%s" % bios_log,
            "-device", "isa-debugcon,iobase=0x402,chardev=dbg"]
    con = GuestConsole(argv, log_path)
    try:
        m = con.expect(debian_guest.INIT_MARKER + "|No bootable device", SEABIOS_TIMEOUT)
        if m.group(0) != debian_guest.INIT_MARKER:
            raise ConsoleError("SeaBIOS found nothing to boot")
        status, out = con.run("ls /sys/block")
        res.check("seabios/boots-from-virtio-blk", "vda" in out.split(),
                  "the booted guest has no vda: %r" % out)
        con.send("poweroff -f\n")
        con.wait_exit(60)
    except ConsoleError as e:
        res.check("seabios/boots-from-virtio-blk", False, "%s (logs: %s, SeaBIOS's %s)"
                  % (e, log_path, bios_log))
    finally:
        con.close()
    bios = open(bios_log, errors="replace").read() if os.path.exists(bios_log) else ""
    res.check("seabios/finds-virtio-blk", "found virtio-blk" in bios,
              "SeaBIOS's debug log (%s) does not mention the virtio disk" % bios_log)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", required=True)
    ap.add_argument("--emulator")
    args = ap.parse_args()
    args.build = os.path.abspath(args.build)
    args.emulator = args.emulator or os.path.join(args.build, "qemu-system-i386")
    os.makedirs(os.path.join(args.build, "tests", "virtio"), exist_ok=True)
    res = Results()

    qemu_img = shutil.which("qemu-img")
    if not qemu_img:
        res.check("host-tools", False, "Debian's qemu-img is missing (qemu-utils, "
                  "scripts/install-deps.sh)")
        return 1
    try:
        kernel = debian_guest.Kernel("686")
        ko = open(kernel.module_path("virtio_pci"), "rb").read()
        initrd = debian_guest.build_initramfs(kernel, MODULES, {VIRTIO_PCI_KO: (ko, 0o644)})
    except debian_guest.GuestUnavailable as e:
        res.skip("guest", "Debian's packages are not available: %s" % e)
        return 0
    work = tempfile.mkdtemp(prefix="virtio-test-")
    try:
        for mode in ("modern", "legacy"):
            raw_data, qcow_data = make_images(work, qemu_img)
            boot_linux(res, args, kernel, initrd, work, mode, raw_data, qcow_data, qemu_img)
        boot_seabios(res, args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if res.failed else 0


if __name__ == "__main__":
    sys.exit(main())
