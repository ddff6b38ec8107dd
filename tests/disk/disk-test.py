#!/usr/bin/env python3
"""Disk tests on real guests (group "disk" of tests/run-tests.sh).

Boots, through SeaBIOS and no -kernel, the images make_images.py builds:
the partitioned hard disk as raw, as qcow2 and compressed qcow2 made by our
qemu-img, and as qcow2 made by Debian's qemu-img (plain, compressed, over a
backing file); the CD (-cdrom, -boot d); the floppy (-fda, -boot a). In the
disk-booted guest it reads a file the host put on the ext2 data partition,
writes one, and checks it on the host (e2fsck, debugfs, Debian's qemu-img
check) and after a reboot. -snapshot: the guest writes over the whole disk
and the image's hash must not change, after a clean exit and after a
SIGKILL mid-write, and the temporary overlay must be gone; the monitor's
`commit` must write the overlay back. Crash safety: a guest writing and
flushing blocks to a qcow2 image is killed with SIGKILL at random moments;
after each kill Debian's `qemu-img check` must pass (leaks allowed) and
every block the guest reported flushed must hold its data.

Prints `PASS disk/...`, `FAIL disk/...: reason` or `SKIP ...` per check
and exits 1 when one failed. Logs: BUILD/tests/disk/; the images the
tests worked on stay in BUILD/tests/disk/work/ when a check failed.

usage: disk-test.py --build BUILD [--emulator PATH] [--qemu-img PATH]
                    [--kills N] [--seed N] [--only NAME]...
"""

import argparse
import hashlib
import os
import random
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True      # no __pycache__ in the source tree
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "guest"))
import blockdata                                        # noqa: E402
import debian_guest                                     # noqa: E402
import make_images                                      # noqa: E402
from guest_console import GuestConsole, ConsoleError   # noqa: E402

REF_QEMU_IMG = "/usr/bin/qemu-img"      # Debian's: the judge of our images
BOOT_TIMEOUT = 150
LOADER_TIMEOUT = 60         # SeaBIOS to syslinux's banner: seconds even when slow
FLOPPY_TIMEOUT = 60
COMMAND_TIMEOUT = 120
EXIT_TIMEOUT = 60
GUEST_FILE_LINES = 150000               # the guest writes `seq 1 N` to its file
SNAPSHOT_BLOCKS = make_images.DISK_SIZE // blockdata.BLOCK   # the whole disk
COMMIT_BLOCKS = 2048                    # 8 MiB at the start of partition 2
# The crash writer's blocks: partition 2, a region of its own per run so that
# every run allocates clusters, while the blocks of earlier runs stay checked
CRASH_BLOCKS = make_images.DATA_SIZE // blockdata.BLOCK
CRASH_MIN_SPAN = 64
ALL_TESTS = ("floppy", "cd", "raw", "ours-qcow2", "ours-qcow2-compressed", "debian-qcow2",
             "debian-qcow2-compressed", "debian-qcow2-backing", "snapshot", "snapshot-kill",
             "commit", "crash")


class Checks:
    def __init__(self):
        self.failed = 0

    def result(self, name, ok, why=""):
        if ok:
            print("PASS disk/%s" % name, flush=True)
        else:
            self.failed += 1
            print("FAIL disk/%s: %s" % (name, " ".join(str(why).split())[:400]), flush=True)
        return ok

    def skip(self, name, why):
        print("SKIP disk/%s: %s" % (name, why), flush=True)


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def guest_file_sha256():
    return hashlib.sha256("".join("%d\n" % i for i in range(1, GUEST_FILE_LINES + 1))
                          .encode()).hexdigest()


def files_open_under(pid, folder):
    """What process PID has open below FOLDER (its /proc/PID/fd links;
    an unlinked file shows as `PATH (deleted)`)."""
    found = []
    fd_dir = "/proc/%d/fd" % pid
    for fd in os.listdir(fd_dir):
        try:
            target = os.readlink(os.path.join(fd_dir, fd))
        except OSError:
            continue            # closed meanwhile
        if target.startswith(folder + "/"):
            found.append(target)
    return found


def tool(cmd, timeout=120):
    """Run a host tool; returns (status, output)."""
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           universal_newlines=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return -1, "%s timed out after %d s" % (" ".join(cmd), timeout)
    except OSError as e:
        return -1, "%s: %s" % (cmd[0], e)
    return r.returncode, r.stdout


class DiskTests:
    def __init__(self, args, images, checks):
        self.emulator = args.emulator
        self.qemu_img = args.qemu_img
        self.images = images
        self.c = checks
        self.out = os.path.join(os.path.abspath(args.build), "tests", "disk")
        self.work = os.path.join(self.out, "work")
        shutil.rmtree(self.work, ignore_errors=True)
        os.makedirs(self.work)
        self.rng = random.Random(args.seed)
        self.kills = args.kills
        # image format → the first hard-disk boot of that format that found
        # no shell: later boots of the format are not tried (each would wait
        # BOOT_TIMEOUT for nothing) and fail naming it
        self.boot_failed = {}

    # ---- helpers ---------------------------------------------------------------

    def copy(self, src, name):
        dst = os.path.join(self.work, name)
        shutil.copyfile(src, dst)
        return dst

    def start(self, name, drive_args, tmpdir=None):
        """An emulator on the serial console (-nographic) with DRIVE_ARGS."""
        argv = [self.emulator, "-accel", "tcg", "-m", "256", "-nographic", "-no-reboot"]
        argv += drive_args
        if tmpdir:
            # where -snapshot puts its overlay; `env` execs, the pid stays the emulator's
            argv = ["env", "TMPDIR=" + tmpdir] + argv
        return GuestConsole(argv, os.path.join(self.out, name + ".log"))

    def start_disk(self, name, fmt, drive_args, tmpdir=None):
        """start() for a hard-disk boot of an image of format FMT; None
        (and NAME/boot failed) when a boot of that format already failed."""
        if fmt in self.boot_failed:
            self.c.result(name + "/boot", False, "not tried: %s found no shell on a %s image"
                          % (self.boot_failed[fmt], fmt))
            return None
        return self.start(name.replace("/", "-"), drive_args, tmpdir)

    def boot(self, name, con, device="/dev/sda2", fmt=None):
        """Wait for the guest's shell and for DEVICE (SCSI disks appear
        asynchronously after the modules load); reports NAME/boot. FMT:
        the format of the hard disk booted (see start_disk)."""
        try:
            # syslinux's banner (SERIAL in its configuration) says the BIOS
            # booted the image; then the kernel must reach /init
            con.expect(r"(SYS|ISO)LINUX \d", LOADER_TIMEOUT)
            con.expect(debian_guest.INIT_MARKER, BOOT_TIMEOUT)
            con.expect(r"# ", COMMAND_TIMEOUT)
        except ConsoleError as e:
            if fmt:
                self.boot_failed.setdefault(fmt, "disk/%s/boot" % name)
            return self.c.result(name + "/boot", False, "%s (log: %s)" % (e, con.log.name))
        try:
            status, out = con.run("i=0; while [ ! -b %s ] && [ $i -lt 100 ]; do sleep 0.1; "
                                  "i=$((i+1)); done; ls -l %s" % (device, device), COMMAND_TIMEOUT)
        except ConsoleError as e:
            return self.c.result(name + "/boot", False, "%s (log: %s)" % (e, con.log.name))
        print("     disk/%s: shell after %.1f s" % (name, con.elapsed()), flush=True)
        return self.c.result(name + "/boot", status == 0, "no %s in the guest: %r" % (device, out))

    def guest_check(self, con, name, command, want=None, timeout=COMMAND_TIMEOUT):
        """Run COMMAND in the guest: status 0 and, when WANT is given, WANT
        as the first word of its output."""
        status, out = con.run(command, timeout)
        ok = status == 0 and (want is None or out.split()[:1] == [want])
        return self.c.result(name, ok, "`%s`: status %d, %r%s" % (
            command, status, out.strip()[-300:], "" if want is None else ", expected " + want))

    def dmesg_clean(self, con, name):
        status, out = con.run("dmesg | grep -E 'I/O error|exception Emask|failed command|"
                              "timeout|EXT4-fs error|BUG:|Oops|Call Trace' | head -n 5",
                              COMMAND_TIMEOUT)
        self.c.result(name + "/dmesg-clean", status == 0 and out.strip() == "",
                      "the kernel logged %r" % out.strip())

    def poweroff(self, con, name):
        con.send("poweroff\n")
        try:
            status = con.wait_exit(EXIT_TIMEOUT)
            return self.c.result(name + "/poweroff", status == 0, "emulator exit status %d" % status)
        except ConsoleError as e:
            return self.c.result(name + "/poweroff", False, str(e))

    def ref_check(self, name, image, leaks_ok=False):
        """Debian's qemu-img check: 0 clean, 3 leaked clusters only."""
        status, out = tool([REF_QEMU_IMG, "check", image])
        ok = status == 0 or (leaks_ok and status == 3)
        return self.c.result(name, ok, "qemu-img check %s: status %d: %s"
                             % (os.path.basename(image), status, out.strip()[-300:]))

    def to_raw(self, image, name):
        """IMAGE converted to raw by Debian's qemu-img (raw images as they are)."""
        if image.endswith(".raw"):
            return image
        raw = os.path.join(self.work, name + ".converted.raw")
        status, out = tool([REF_QEMU_IMG, "convert", "-O", "raw", image, raw])
        if status != 0:
            raise RuntimeError("qemu-img convert -O raw %s: %s" % (image, out.strip()[-300:]))
        return raw

    def data_partition(self, raw, name):
        part = os.path.join(self.work, name + ".part2")
        with open(raw, "rb") as src, open(part, "wb") as dst:
            src.seek(make_images.DATA_START)
            dst.write(src.read(make_images.DATA_SIZE))
        return part

    def host_sees_guest_file(self, name, image):
        """The guest's file, read on the host from the image's ext2 (after
        e2fsck finds the filesystem clean)."""
        try:
            part = self.data_partition(self.to_raw(image, name), name)
        except (RuntimeError, OSError) as e:
            return self.c.result(name + "/host-fsck", False, e)
        status, out = tool(["e2fsck", "-fn", part])
        self.c.result(name + "/host-fsck", status == 0, "e2fsck -fn: status %d: %s"
                      % (status, out.strip()[-300:]))
        r = subprocess.run(["debugfs", "-R", "cat /guest-file", part], stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL)
        got = hashlib.sha256(r.stdout).hexdigest()
        self.c.result(name + "/host-reads-guest-file", got == guest_file_sha256(),
                      "debugfs cat /guest-file: %d bytes, sha256 %s" % (len(r.stdout), got))

    def our_qemu_img(self, name, args):
        if not os.path.isfile(self.qemu_img):
            return self.c.result(name, False, "our qemu-img was not built (%s)" % self.qemu_img)
        status, out = tool([self.qemu_img] + args, timeout=300)
        return self.c.result(name, status == 0, "qemu-img %s: status %d: %s"
                             % (" ".join(args), status, out.strip()[-300:]))

    # ---- booting the hard disk ------------------------------------------------------

    def disk_session(self, name, fmt, drive_args, write=True, expect_guest_file=False):
        """Boot the hard disk (an image of format FMT); check the host's
        file on partition 2, then (EXPECT_GUEST_FILE) the guest's file of
        an earlier boot, then (WRITE) write the guest's file; power off."""
        con = self.start_disk(name, fmt, drive_args)
        if not con:
            return False
        try:
            if not self.boot(name, con, fmt=fmt):
                return False
            self.guest_check(con, name + "/mount", "mkdir -p /mnt && mount -t ext4 /dev/sda2 /mnt")
            self.guest_check(con, name + "/read-host-file", "sha256sum /mnt/" + make_images.HOST_FILE,
                             self.images.host_file_sha256)
            if expect_guest_file:
                self.guest_check(con, name + "/guest-file-after-reboot", "sha256sum /mnt/guest-file",
                                 guest_file_sha256())
            if write:
                self.guest_check(con, name + "/write-guest-file",
                                 "seq 1 %d > /mnt/guest-file && sync" % GUEST_FILE_LINES)
            self.guest_check(con, name + "/umount", "umount /mnt")
            self.dmesg_clean(con, name)
            return self.poweroff(con, name)
        except ConsoleError as e:
            return self.c.result(name + "/console", False, "%s (log: %s)" % (e, con.log.name))
        finally:
            con.close()

    def test_raw(self):
        img = self.copy(self.images.disk, "raw.raw")
        self.disk_session("raw", "raw", ["-drive", "file=%s,format=raw,if=ide" % img])
        self.host_sees_guest_file("raw", img)
        # the reboot: a second run of the emulator, format guessed (-hda)
        self.disk_session("raw-reboot", "raw", ["-hda", img], write=False, expect_guest_file=True)

    def qcow2_session(self, name, img, drive_args, base=None):
        """Interop checks of a qcow2 image, a boot that writes, then the
        image checked and read by Debian's qemu-img and e2fsck."""
        base_sha = sha256_file(base) if base else None
        self.ref_check(name + "/ref-check-before", img)
        status, out = tool([REF_QEMU_IMG, "compare", self.images.disk, img])
        self.c.result(name + "/ref-compare-before", status == 0,
                      "qemu-img compare with the raw image: status %d: %s" % (status, out.strip()[-300:]))
        self.disk_session(name, "qcow2", drive_args)
        self.ref_check(name + "/ref-check-after", img)
        self.host_sees_guest_file(name, img)
        if base:
            self.c.result(name + "/backing-unchanged", sha256_file(base) == base_sha,
                          "the backing file %s changed" % base)

    def test_ours_qcow2(self, compressed=False):
        name = "ours-qcow2" + ("-compressed" if compressed else "")
        img = os.path.join(self.work, name + ".qcow2")
        args = ["convert"] + (["-c"] if compressed else []) + ["-O", "qcow2", self.images.disk, img]
        if not self.our_qemu_img(name + "/convert", args):
            return
        drive = ["-drive", "file=%s,format=qcow2,if=ide" % img] if compressed else ["-hda", img]
        self.qcow2_session(name, img, drive)

    def test_debian_qcow2(self, variant):
        name = "debian-qcow2" + ("-" + variant if variant else "")
        img = os.path.join(self.work, name + ".qcow2")
        base = None
        if variant == "backing":
            base = self.copy(self.images.disk, "backing-base.raw")
            # a relative backing name: resolved beside the overlay, as QEMU does
            cmd = ["create", "-f", "qcow2", "-b", os.path.basename(base), "-F", "raw", img]
        else:
            cmd = ["convert"] + (["-c"] if variant == "compressed" else []) + \
                  ["-O", "qcow2", self.images.disk, img]
        status, out = tool([REF_QEMU_IMG] + cmd)
        if not self.c.result(name + "/made", status == 0, "Debian's qemu-img %s: %s"
                             % (" ".join(cmd), out.strip()[-300:])):
            return
        self.qcow2_session(name, img, ["-drive", "file=%s,if=ide" % img], base)

    # ---- CD and floppy ---------------------------------------------------------------

    def test_cd(self):
        con = self.start("cd", ["-cdrom", self.images.cd, "-boot", "d"])
        try:
            if not self.boot("cd", con, "/dev/sr0"):
                return
            self.guest_check(con, "cd/mount", "mkdir -p /mnt && mount -t iso9660 -o ro /dev/sr0 /mnt")
            self.guest_check(con, "cd/read-file", "sha256sum /mnt/" + make_images.CD_FILE,
                             self.images.cd_file_sha256)
            self.dmesg_clean(con, "cd")
            self.poweroff(con, "cd")
        except ConsoleError as e:
            self.c.result("cd/console", False, "%s (log: %s)" % (e, con.log.name))
        finally:
            con.close()

    def test_floppy(self):
        img = self.copy(self.images.floppy, "floppy.img")
        argv = [self.emulator, "-accel", "tcg", "-nodefaults", "-display", "none",
                "-serial", "stdio", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x4",
                "-fda", img, "-boot", "a"]
        log = os.path.join(self.out, "floppy.log")
        try:
            r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               timeout=FLOPPY_TIMEOUT)
            out, status = r.stdout.decode("latin-1"), r.returncode
        except subprocess.TimeoutExpired as e:
            out, status = (e.stdout or b"").decode("latin-1"), None
        with open(log, "w") as f:
            f.write("$ %s\n%s" % (" ".join(argv), out))
        # floppy-kernel.c's own PASS/FAIL lines, under disk/
        seen = 0
        for m in re.finditer(r"^(PASS|FAIL) floppy/(\S+?)(?::\s*(.*))?$", out.replace("\r", ""), re.M):
            seen += 1
            self.c.result("floppy/" + m.group(2), m.group(1) == "PASS", m.group(3) or "")
        m = re.search(r"floppy: checked (\d+) bytes", out)
        self.c.result("floppy/module-size", m is not None and
                      int(m.group(1)) == make_images.FLOPPY_MODULE_SIZE,
                      "the kernel got %s bytes of the module, expected %d (log: %s)"
                      % (m.group(1) if m else "no", make_images.FLOPPY_MODULE_SIZE, log))
        self.c.result("floppy/exit", status == 1 and seen > 0,
                      "%s (isa-debug-exit status 1 expected; log: %s)"
                      % ("timed out" if status is None else "exit status %d" % status, log))

    # ---- -snapshot and commit ------------------------------------------------------

    def snapshot_run(self, name, kill):
        """-snapshot: the guest writes the whole disk (and reads it back,
        or is killed mid-write); the image must be byte-for-byte unchanged
        and the overlay, in TMPDIR, gone."""
        img = self.copy(self.images.disk, name + ".raw")
        before = sha256_file(img)
        tmpdir = os.path.join(self.work, name + "-tmp")
        os.makedirs(tmpdir)
        con = self.start_disk(name, "raw", ["-hda", img, "-snapshot"], tmpdir)
        if not con:
            return
        try:
            if not self.boot(name, con, "/dev/sda", "raw"):
                return
            # the overlay lives in TMPDIR, unlinked at once, so that even
            # a SIGKILL leaves nothing behind
            held = files_open_under(con.proc.pid, tmpdir)
            self.c.result(name + "/overlay-unlinked-in-tmpdir",
                          bool(held) and all(t.endswith(" (deleted)") for t in held),
                          "open files of the emulator in TMPDIR: %s" % (held or "none"))
            fill = "disktool fill /dev/sda 0 %d" % SNAPSHOT_BLOCKS
            if kill:
                con.send("echo WRITING''-NOW; i=0; while true; do %s $i; i=$((i+1)); done\n" % fill)
                con.expect("WRITING-NOW", COMMAND_TIMEOUT)
                time.sleep(self.rng.uniform(0.5, 3.0))
                con.proc.kill()
                con.proc.wait()
            else:
                self.guest_check(con, name + "/guest-writes-disk", fill + " 5", timeout=300)
                self.guest_check(con, name + "/guest-reads-back", "disktool verify /dev/sda 0 %d 5"
                                 % SNAPSHOT_BLOCKS, timeout=300)
                self.poweroff(con, name)
        except ConsoleError as e:
            self.c.result(name + "/console", False, "%s (log: %s)" % (e, con.log.name))
        finally:
            con.close()
        self.c.result(name + "/image-unchanged", sha256_file(img) == before,
                      "the image's sha256 changed under -snapshot")
        left = os.listdir(tmpdir)
        self.c.result(name + "/overlay-deleted", not left,
                      "the temporary overlay is still in TMPDIR: %s" % left)

    def test_commit(self):
        name = "commit"
        img = self.copy(self.images.disk, "commit.raw")
        before = sha256_file(img)
        con = self.start_disk(name, "raw", ["-drive", "file=%s,format=raw,if=ide" % img, "-snapshot"])
        if not con:
            return
        try:
            if not self.boot(name, con, fmt="raw"):
                return
            self.guest_check(con, name + "/guest-writes", "disktool fill /dev/sda2 0 %d 77"
                             % COMMIT_BLOCKS, timeout=300)
            self.c.result(name + "/image-unchanged-before-commit", sha256_file(img) == before,
                          "the image changed before `commit`")
            con.send("\x01c")
            con.expect(r"\(qemu\) ", COMMAND_TIMEOUT)
            con.send("commit all\r")
            # the echo of the line (with the line editor's cursor moves),
            # the command's output, the next prompt
            m = con.expect(r"(?s)(.*?)\(qemu\) ", COMMAND_TIMEOUT)
            said = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", m.group(1)).partition("\n")[2].strip()
            self.c.result(name + "/monitor-commit", said == "", "`commit all` said %r" % said)
            con.send("\x01c")
            self.poweroff(con, name)
        except ConsoleError as e:
            self.c.result(name + "/console", False, "%s (log: %s)" % (e, con.log.name))
        finally:
            con.close()
        with open(img, "rb") as f:
            data = f.read()
        with open(self.images.disk, "rb") as f:
            orig = f.read()
        start = make_images.DATA_START
        end = start + COMMIT_BLOCKS * blockdata.BLOCK
        bad = [b for b in range(COMMIT_BLOCKS) if blockdata.block_generation(
            data[start + b * blockdata.BLOCK:start + (b + 1) * blockdata.BLOCK], b) != 77]
        self.c.result(name + "/written-back", not bad, "%d of %d blocks the guest wrote are not in "
                      "the image after `commit` (first: %s)" % (len(bad), COMMIT_BLOCKS, bad[:1]))
        self.c.result(name + "/rest-unchanged", data[:start] == orig[:start] and data[end:] == orig[end:],
                      "bytes the guest did not write changed")

    # ---- crash safety ----------------------------------------------------------------

    def test_crash(self):
        """A qcow2 image (Debian's qemu-img convert), a guest writing and
        flushing batches of blocks, SIGKILL at random moments."""
        img = os.path.join(self.work, "crash.qcow2")
        status, out = tool([REF_QEMU_IMG, "convert", "-O", "qcow2", self.images.disk, img])
        if not self.c.result("crash/made", status == 0, out.strip()[-300:]):
            return
        flushed = {}            # block → the newest generation reported flushed
        span = max(CRASH_MIN_SPAN, CRASH_BLOCKS // max(1, self.kills))
        for run in range(1, self.kills + 1):
            name = "crash/kill-%d" % run
            first = (run - 1) % (CRASH_BLOCKS // span) * span
            lines = self.crash_run(name, img, run, first, span)
            if lines is None:
                return
            for gen, blocks in lines:
                for b in blocks:
                    flushed[b] = max(flushed.get(b, 0), gen)
            self.ref_check(name + "/qemu-img-check", img, leaks_ok=True)
            try:
                raw = self.to_raw(img, "crash")
            except RuntimeError as e:
                self.c.result(name + "/flushed-data", False, e)
                return
            with open(raw, "rb") as f:
                f.seek(make_images.DATA_START)
                part = f.read(CRASH_BLOCKS * blockdata.BLOCK)
            bad = []
            for b, gen in sorted(flushed.items()):
                got = blockdata.block_generation(part[b * blockdata.BLOCK:(b + 1) * blockdata.BLOCK], b)
                # a later batch the host never saw reported may have landed too
                if got is None or got < gen:
                    bad.append("block %d: %s instead of generation %d" % (
                        b, "garbage" if got is None else "generation %d" % got, gen))
            self.c.result(name + "/flushed-data", not bad, "%d of %d flushed blocks lost, e.g. %s"
                          % (len(bad), len(flushed), "; ".join(bad[:3])))
            print("     disk/%s: %d batches flushed before the kill, %d blocks checked"
                  % (name, len(lines), len(flushed)), flush=True)

    def crash_run(self, name, img, run, first, span):
        """Boot, start the writer, SIGKILL after a random delay; returns
        the (generation, blocks) batches the guest reported flushed, or
        None when the guest never got to write."""
        con = self.start_disk(name, "qcow2", ["-drive", "file=%s,format=qcow2,if=ide" % img])
        if not con:
            return None
        batches = []
        line = re.compile(r"FLUSHED (\d+) ([\d,]+)\n")
        try:
            if not self.boot(name, con, fmt="qcow2"):
                return None
            con.send("disktool crash-writer /dev/sda2 %d %d %d %d\n" % (
                first, span, run * 1000000, self.rng.randrange(1, 1 << 31)))
            m = con.expect(line, COMMAND_TIMEOUT)
            batches.append(m)
            deadline = time.monotonic() + self.rng.uniform(0.2, 3.0)
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                try:
                    batches.append(con.expect(line, left))
                except ConsoleError:
                    break               # the delay ran out between two lines
            con.proc.kill()
            con.proc.wait()
            while True:                 # lines already in the pipe count too
                try:
                    batches.append(con.expect(line, 5))
                except ConsoleError:
                    break
        except ConsoleError as e:
            self.c.result(name + "/writer", False, "%s (log: %s)" % (e, con.log.name))
            return None
        finally:
            con.close()
        self.c.result(name + "/writer", con.proc.returncode == -9,
                      "the emulator ended with status %s before the kill" % con.proc.returncode)
        return [(int(m.group(1)), [int(b) for b in m.group(2).split(",")]) for m in batches]

    # ---- all -------------------------------------------------------------------------

    def run(self, only):
        tests = {
            "floppy": self.test_floppy,
            "cd": self.test_cd,
            "raw": self.test_raw,
            "ours-qcow2": lambda: self.test_ours_qcow2(False),
            "ours-qcow2-compressed": lambda: self.test_ours_qcow2(True),
            "debian-qcow2": lambda: self.test_debian_qcow2(None),
            "debian-qcow2-compressed": lambda: self.test_debian_qcow2("compressed"),
            "debian-qcow2-backing": lambda: self.test_debian_qcow2("backing"),
            "snapshot": lambda: self.snapshot_run("snapshot", kill=False),
            "snapshot-kill": lambda: self.snapshot_run("snapshot-kill", kill=True),
            "commit": self.test_commit,
            "crash": self.test_crash,
        }
        for name in ALL_TESTS:
            if not only or name in only:
                try:
                    tests[name]()
                except OSError as e:
                    # a tool or the emulator could not be started or read
                    self.c.result(name, False, "stopped by %s" % e)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", required=True, help="the build folder")
    ap.add_argument("--emulator", help="default: BUILD/qemu-system-i386")
    ap.add_argument("--qemu-img", help="our image tool (default: BUILD/qemu-img)")
    ap.add_argument("--kills", type=int, default=3, help="SIGKILLs of the crash-safety test")
    ap.add_argument("--seed", type=int, help="seed of the random kill times and writes")
    ap.add_argument("--only", action="append", choices=ALL_TESTS, help="run only these tests")
    args = ap.parse_args()
    build = os.path.abspath(args.build)
    args.emulator = args.emulator or os.path.join(build, "qemu-system-i386")
    args.qemu_img = args.qemu_img or os.path.join(build, "qemu-img")
    if args.seed is None:
        args.seed = random.randrange(1 << 30)
    print("     disk: seed %d (--seed to repeat the kill times)" % args.seed, flush=True)
    c = Checks()
    if not os.path.isfile(args.emulator) and not shutil.which(args.emulator):
        c.result("emulator", False, "no emulator at %s" % args.emulator)
        return 1
    if not shutil.which(REF_QEMU_IMG):
        c.result("reference-qemu-img", False, "Debian's qemu-img (%s, package qemu-utils) is "
                 "not installed: scripts/install-deps.sh" % REF_QEMU_IMG)
        return 1
    try:
        images = make_images.build(build)
    except debian_guest.GuestUnavailable as e:
        c.skip("images", "Debian's packages are unavailable: %s" % e)
        return 0
    except (make_images.ImagesUnavailable, RuntimeError, OSError) as e:
        c.result("images", False, e)
        return 1
    c.result("images", True)
    tests = DiskTests(args, images, c)
    tests.run(set(args.only or ()))
    if c.failed:
        return 1
    shutil.rmtree(tests.work, ignore_errors=True)     # kept only to look into failures
    return 0


if __name__ == "__main__":
    sys.exit(main())
