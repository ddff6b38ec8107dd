#!/usr/bin/env python3
"""SeaBIOS booting a floppy, a hard disk and a CD through our devices,
-boot order=/once= choosing among them, menu= showing the boot menu, and
-device ide-hd/ide-cd with bootindex= (the fw_cfg bootorder file)
(group "storage").

Each medium holds bootsect.bin (tests/storage/bootsect.S), which reads the
medium's next sector through INT 13h and prints the name found there
("BOOTED FLOPPY", ...), then leaves through isa-debug-exit or, when the
sector says so, resets the machine so that the next boot can be seen.

usage: boot-test.py --build BUILD [--emulator PATH]
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

TIMEOUT = 60


def marker(name, reset=False):
    return b"STORAGE!" + name.ljust(16).encode() + (b"R" if reset else b"X")


def pad(data, size):
    return data + bytes(size - len(data))


def make_images(out, bootsect, cd_resets):
    paths = {}
    paths["floppy"] = os.path.join(out, "boot-floppy.img")
    with open(paths["floppy"], "wb") as f:
        f.write(pad(bootsect + marker("FLOPPY"), 1474560))
    paths["hd"] = os.path.join(out, "boot-hd.raw")
    with open(paths["hd"], "wb") as f:
        f.write(pad(bootsect + marker("HARDDISK"), 4 << 20))
    tree = os.path.join(out, "boot-cd-tree")
    shutil.rmtree(tree, ignore_errors=True)
    os.makedirs(tree)
    with open(os.path.join(tree, "boot.img"), "wb") as f:
        f.write(pad(bootsect, 2048))
    sysarea = os.path.join(out, "boot-cd-sysarea.bin")
    with open(sysarea, "wb") as f:
        f.write(pad(bytes(2048) + marker("CDROM", cd_resets), 32768))
    paths["cd"] = os.path.join(out, "boot-cd.iso")
    subprocess.run(["xorriso", "-as", "mkisofs", "-quiet", "-o", paths["cd"], "-G", sysarea,
                    "-b", "boot.img", "-no-emul-boot", "-boot-load-size", "4", tree],
                   check=True, capture_output=True)
    return paths


def boot(emulator, drives, boot_opt, want_text=None):
    argv = [emulator, "-nodefaults", "-display", "none", "-serial", "stdio",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=0x4", "-boot", boot_opt] + drives
    rc = None
    try:
        p = subprocess.run(argv, capture_output=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
        rc, stdout = p.returncode, p.stdout
    except subprocess.TimeoutExpired as e:
        stdout = e.stdout or b""
    text = stdout.decode(errors="replace")
    # SeaBIOS's own messages share the line
    booted = re.findall(r"BOOTED \w+|BOOT-FAIL", text)
    if want_text:
        booted.append(want_text in text)
    return rc, booted


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", required=True)
    ap.add_argument("--emulator")
    args = ap.parse_args()
    emulator = args.emulator or os.path.join(args.build, "qemu-system-i386")
    out = os.path.join(args.build, "tests", "storage")
    bootsect = open(os.path.join(out, "bootsect.bin"), "rb").read()
    failed = 0

    for cd_resets, cases in (
        (False, [("floppy", "order=a", ["FLOPPY"]),
                 ("harddisk", "order=c", ["HARDDISK"]),
                 ("cdrom", "order=d", ["CDROM"]),
                 ("order-dca", "order=dca", ["CDROM"])]),
        (True, [("once", "once=d,order=a", ["CDROM", "FLOPPY"])])):
        paths = make_images(out, bootsect, cd_resets)
        drives = ["-drive", "file=%s,format=raw,if=floppy" % paths["floppy"],
                  "-drive", "file=%s,format=raw,if=ide,index=0" % paths["hd"],
                  "-drive", "file=%s,format=raw,if=ide,index=2,media=cdrom" % paths["cd"]]
        for name, opt, want in cases:
            rc, booted = boot(emulator, drives, opt)
            ok = rc == 1 and booted == ["BOOTED " + w for w in want]
            print("%s storage-boot/%s%s" % ("PASS" if ok else "FAIL", name,
                  "" if ok else ": -boot %s: status %s, console %s (want %s)" %
                  (opt, rc, booted, want)), flush=True)
            failed += not ok
        if cd_resets:
            continue
        # -device ide-hd/ide-cd with bootindex=: the fw_cfg bootorder file wins over order=
        for name, hd_index, cd_index, want in (("bootindex-cd", 2, 1, "CDROM"),
                                               ("bootindex-hd", 1, 2, "HARDDISK")):
            devices = ["-drive", "file=%s,format=raw,if=none,id=hd" % paths["hd"],
                       "-drive", "file=%s,format=raw,if=none,id=cd,media=cdrom" % paths["cd"],
                       "-device", "ide-hd,drive=hd,bus=ide.0,unit=0,bootindex=%d" % hd_index,
                       "-device", "ide-cd,drive=cd,bus=ide.1,bootindex=%d" % cd_index]
            rc, booted = boot(emulator, devices, "order=a")
            ok = rc == 1 and booted == ["BOOTED " + want]
            print("%s storage-boot/%s%s" % ("PASS" if ok else "FAIL", name,
                  "" if ok else ": status %s, console %s (want %s)" % (rc, booted, want)),
                  flush=True)
            failed += not ok
        # the boot menu: SeaBIOS offers it (and waits splash-time ms) only when asked
        for name, opt, shown in (("menu-on", "order=a,menu=on,splash-time=100", True),
                                 ("menu-off", "order=a", False)):
            rc, booted = boot(emulator, drives, opt, "Press ESC for boot menu")
            ok = rc == 1 and booted == ["BOOTED FLOPPY", shown]
            print("%s storage-boot/%s%s" % ("PASS" if ok else "FAIL", name,
                  "" if ok else ": -boot %s: status %s, booted/menu shown %s" %
                  (opt, rc, booted)), flush=True)
            failed += not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
