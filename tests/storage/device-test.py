#!/usr/bin/env python3
"""Runs the storage group's bare-metal kernels with patterned images:
ide-kernel.elf (the IDE function register by register, a raw disk and an
ISO) and fdc-kernel.elf (the floppy controller and ISA DMA, a 1.44M
image), under our emulator and, when given, under a reference QEMU that
checks the kernels' own expectations; then command-line mistakes.

usage: device-test.py --build BUILD [--emulator PATH] [--ref-qemu PATH|none]
Prints PASS/FAIL lines; exits 1 when something failed.
"""
import argparse
import os
import struct
import subprocess
import sys

DISK_SECTORS = 32768
CD_SECTORS = 512
FLOPPY_SECTORS = 2880
TIMEOUT = 60
# Where QEMU itself departs from the specs: it ignores ATA's INITIALIZE
# DEVICE PARAMETERS, so CHS keeps the default translation; it performs a
# software reset later, from its main loop, so BSY is not seen while SRST is
# set; its FORMAT TRACK writes zeros instead of the filler byte; it reads
# 512-byte sectors whatever size code a floppy command gives.
REF_KNOWN_DEVIATIONS = {"ide/chs-translated-data", "ide/srst-busy", "fdc/format-readback",
                        "fdc/sector-size"}


def write_pattern(path, sectors, words, tag):
    """sector s holds the words tag << 24 | s << shift | k"""
    shift = {128: 7, 512: 9}[words]
    with open(path, "wb") as f:
        for s in range(sectors):
            f.write(struct.pack("<%dI" % words, *[tag << 24 | s << shift | k
                                                 for k in range(words)]))
    return path


def make_images(out):
    return {
        "disk": write_pattern(os.path.join(out, "ide-disk.raw"), DISK_SECTORS, 128, 0x5a),
        "cd": write_pattern(os.path.join(out, "ide-cd.iso"), CD_SECTORS, 512, 0xcd),
        "floppy": write_pattern(os.path.join(out, "fdc-floppy.img"), FLOPPY_SECTORS, 128, 0xf1),
    }


def kernel_drives(name, images):
    if name == "ide":
        return ["-drive", "file=%s,format=raw,if=ide,index=0" % images["disk"],
                "-drive", "file=%s,format=raw,if=ide,index=2,media=cdrom" % images["cd"]]
    return ["-drive", "file=%s,format=raw,if=floppy,index=0" % images["floppy"]]


def run(qemu, kernel, drives, extra):
    """extra: options before ours (-accel tcg, -initrd for the kernel's module)"""
    argv = [qemu] + extra + [
        "-nodefaults", "-display", "none", "-serial", "stdio",
        "-device", "isa-debug-exit,iobase=0xf4,iosize=0x4", "-kernel", kernel] + drives
    try:
        p = subprocess.run(argv, capture_output=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as e:
        return None, (e.stdout or b"").decode(errors="replace"), "timed out after %d s" % TIMEOUT
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")


def run_kernel(name, emulator, ref_qemu, out):
    kernel = os.path.join(out, "%s-kernel.elf" % name)
    failed = 0
    rc, stdout, stderr = run(emulator, kernel, kernel_drives(name, make_images(out)), [])
    for line in stdout.splitlines():
        if line.startswith(("PASS ", "FAIL ", "SKIP ")):
            print(line, flush=True)
            failed += line.startswith("FAIL ")
    if rc not in (1, 3) or "DONE" not in stdout:
        print("FAIL %s-kernel: status %s before DONE: %s" % (name, rc, stderr.strip()[-300:]),
              flush=True)
        failed += 1
    if ref_qemu == "none":
        return failed
    # the reference checks the kernel's expectations, not its fuzzing
    nofuzz = os.path.join(out, "kernel-nofuzz")
    with open(nofuzz, "w") as f:
        f.write("nofuzz\n")
    rc, stdout, stderr = run(ref_qemu, kernel, kernel_drives(name, make_images(out)),
                             ["-accel", "tcg", "-initrd", nofuzz])
    unexpected = [line.split(":")[0][5:] for line in stdout.splitlines()
                  if line.startswith("FAIL ") and
                  line.split(":")[0][5:] not in REF_KNOWN_DEVIATIONS]
    if rc in (1, 3) and "DONE" in stdout and not unexpected:
        print("PASS ref-qemu/%s-kernel" % name, flush=True)
    else:
        print("FAIL ref-qemu/%s-kernel: status %s under %s: %s" %
              (name, rc, ref_qemu, ", ".join(unexpected) or stderr.strip()[-200:] or "no DONE"),
              flush=True)
        failed += 1
    return failed


def bad_input_checks(emulator, out, disk, cd):
    """Command-line mistakes: one clear message naming the thing, status 1."""
    small = os.path.join(out, "not-a-floppy.img")
    with open(small, "wb") as f:
        f.write(bytes(1000))
    missing = os.path.join(out, "no-such-image.raw")
    d = "file=%s,format=raw" % disk
    cases = [
        ("missing-image", ["-hda", missing], "no-such-image.raw"),
        ("bad-interface", ["-drive", d + ",if=scsi"], "if=scsi"),
        ("bad-cache", ["-drive", d + ",cache=sometimes"], "cache"),
        ("bad-parameter", ["-drive", d + ",speed=fast"], "speed"),
        ("unit-too-big", ["-drive", d + ",if=ide,unit=2"], "unit 2"),
        ("bus-missing", ["-drive", d + ",if=ide,bus=2"], "if=ide,bus=2"),
        ("index-taken", ["-drive", d + ",index=0", "-drive", "file=%s,format=raw,index=0" % cd],
         "exists"),
        ("duplicate-id", ["-drive", d + ",id=x", "-drive", "file=%s,format=raw,id=x" % cd],
         "x"),
        ("cdrom-on-floppy", ["-drive", d + ",if=floppy,media=cdrom"], "cdrom"),
        ("floppy-size", ["-drive", "file=%s,format=raw,if=floppy" % small], "not-a-floppy.img"),
        ("boot-device", ["-boot", "order=cz"], "z"),
        ("readonly-disk", ["-drive", d + ",readonly=on"], "read-only"),
        ("device-no-drive", ["-device", "ide-hd,drive=nope"], "nope"),
        ("device-unit-in-use", ["-drive", d + ",if=none,id=a", "-drive", "file=%s,format=raw,"
                                "index=0,readonly=on,media=cdrom" % cd,
                                "-device", "ide-hd,drive=a,bus=ide.0,unit=0"], "in use"),
        ("device-bad-bus", ["-drive", d + ",if=none,id=a", "-device", "ide-hd,drive=a,bus=ide.7"],
         "ide.7"),
        ("drive-used-twice", ["-drive", d + ",id=a,index=0", "-device", "ide-hd,drive=a"],
         "in use"),
    ]
    failed = 0
    for name, opts, needle in cases:
        argv = [emulator, "-nodefaults", "-display", "none"] + opts
        try:
            p = subprocess.run(argv, capture_output=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
            rc, err = p.returncode, p.stderr.decode(errors="replace").strip()
        except subprocess.TimeoutExpired:
            rc, err = None, "no exit within %d s" % TIMEOUT
        ok = rc == 1 and needle in err and len(err.splitlines()) <= 2
        print("%s storage-options/%s%s" % ("PASS" if ok else "FAIL", name,
              "" if ok else ": %s: status %s, %r" % (" ".join(opts), rc, err[-200:])), flush=True)
        failed += not ok
    return failed


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", required=True)
    ap.add_argument("--emulator")
    ap.add_argument("--ref-qemu", default="none")
    args = ap.parse_args()
    emulator = args.emulator or os.path.join(args.build, "qemu-system-i386")
    out = os.path.join(args.build, "tests", "storage")
    os.makedirs(out, exist_ok=True)

    failed = 0
    for name in ("ide", "fdc"):
        failed += run_kernel(name, emulator, args.ref_qemu, out)
    images = make_images(out)
    failed += bad_input_checks(emulator, out, images["disk"], images["cd"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
