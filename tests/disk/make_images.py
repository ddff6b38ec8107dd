#!/usr/bin/env python3
"""Bootable disk, CD and floppy images for the disk tests and benchmarks,
made from Debian's packages without root, loop devices or mounts.

  disk.raw    64 MiB, MBR (syslinux's mbr.bin) with two partitions:
              1: FAT16 at 1 MiB (mkfs.fat --offset, files put there with
                 mtools, syslinux installed with `syslinux --offset
                 --install`) holding Debian's 686 kernel, the initramfs
                 and syslinux.cfg (serial console on COM1);
              2: ext2 at 32 MiB (mke2fs -E offset= -d) holding
                 host-file.bin, which the guest checks and writes beside.
  cd.iso      El Torito (no emulation) with isolinux, the same kernel and
              initramfs, and cd-file.bin.
  floppy.img  1.44 MB FAT12 with syslinux, mboot.c32 and our multiboot
              kernel (floppy-kernel.c) plus a module it checks byte by byte.

The initramfs is tests/guest's busybox one (debian_guest.py) with the
disk modules (ata_piix, sd_mod, sr_mod, ext4, isofs, virtio_blk/pci) and
disktool. Images are cached under debian_guest.cache_dir()/disk-images,
keyed by their inputs; callers copy them before booting.

Command line (prints the image folder): make_images.py --build BUILD_DIR
"""

import argparse
import contextlib
import fcntl
import hashlib
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True      # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(HERE, "..", "guest"))
import debian_guest                                     # noqa: E402

MIB = 1024 * 1024
DISK_SIZE = 64 * MIB
BOOT_START = 1 * MIB            # partition 1 (FAT16, boot)
BOOT_SIZE = 31 * MIB
DATA_START = 32 * MIB           # partition 2 (ext2, data)
DATA_SIZE = DISK_SIZE - DATA_START
HOST_FILE = "host-file.bin"     # on the data partition
HOST_FILE_SIZE = 2 * MIB
CD_FILE = "cd-file.bin"
CD_FILE_SIZE = 3 * MIB
FLOPPY_MODULE_SIZE = 960 * 1024
FLOPPY_MODULE_SEED = 0x2545F491
STALE_SECONDS = 24 * 3600       # image sets unused this long are deleted
# ext4 (which mounts ext2) refuses to mount without a crc32c driver
GUEST_MODULES = ["ata_piix", "sd_mod", "sr_mod", "crc32c_generic", "ext4", "isofs",
                 "virtio_blk", "virtio_pci"]
# quiet: each line of the kernel's log costs an emulated UART's worth of
# time per boot; warnings and errors still show
KERNEL_APPEND = "console=ttyS0 panic=-1 quiet"

SYSLINUX_BIOS = "/usr/lib/syslinux/modules/bios"
MBR_BIN = "/usr/lib/syslinux/mbr/mbr.bin"
ISOLINUX_BIN = "/usr/lib/ISOLINUX/isolinux.bin"
TOOLS = ("sfdisk", "mkfs.fat", "mcopy", "syslinux", "mke2fs", "xorriso")


class ImagesUnavailable(Exception):
    """A prerequisite is missing (Debian's packages, a host tool)."""


def pattern_bytes(name, size):
    """SIZE deterministic bytes that differ per NAME (SHA-256 in counter mode)."""
    out = bytearray()
    i = 0
    while len(out) < size:
        out += hashlib.sha256(b"%s-%d" % (name.encode(), i)).digest()
        i += 1
    return bytes(out[:size])


def xorshift32_words(seed, count):
    """The stream floppy-kernel.c regenerates (little-endian u32 words)."""
    words = []
    x = seed
    for _ in range(count):
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        words.append(x)
    return struct.pack("<%dI" % count, *words)


def floppy_module():
    """Header (floppy-kernel.c's MODULE_MAGIC padded to 12 bytes, then the
    seed), then the seed's xorshift32 stream."""
    header = b"FLOPPYMOD1\0\0" + struct.pack("<I", FLOPPY_MODULE_SEED)
    return header + xorshift32_words(FLOPPY_MODULE_SEED, (FLOPPY_MODULE_SIZE - 16) // 4)


def run(cmd, **kw):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       universal_newlines=True, **kw)
    if r.returncode != 0:
        raise RuntimeError("%s failed (status %d): %s" % (" ".join(cmd), r.returncode,
                                                          r.stdout.strip()[-400:]))
    return r.stdout


def syslinux_cfg(default_label, kernel_line, append):
    # SERIAL 0 115200: syslinux's own messages on COM1 too, so a failing
    # boot shows how far it got.
    return ("SERIAL 0 115200\nDEFAULT %s\nPROMPT 0\nTIMEOUT 0\n"
            "LABEL %s\n  KERNEL %s\n  APPEND %s\n" % (default_label, default_label,
                                                     kernel_line, append)).encode()


# ---- the three images ------------------------------------------------------------

def make_disk(path, vmlinuz, initrd, work):
    with open(path, "wb") as f:
        f.truncate(DISK_SIZE)
    table = ("label: dos\nunit: sectors\n"
             "start=%d, size=%d, type=6, bootable\n"
             "start=%d, size=%d, type=83\n" % (BOOT_START // 512, BOOT_SIZE // 512,
                                               DATA_START // 512, DATA_SIZE // 512))
    run(["sfdisk", "--no-reread", "--no-tell-kernel", "-q", path], input=table)
    # The FAT's hidden-sector count must be its partition's start: syslinux's
    # boot sector adds it to every sector it loads.
    run(["mkfs.fat", "-F", "16", "-n", "BOOT", "--offset", str(BOOT_START // 512),
         "-h", str(BOOT_START // 512), path, str(BOOT_SIZE // 1024)])
    fat = "%s@@%d" % (path, BOOT_START)
    cfg = os.path.join(work, "syslinux.cfg")
    with open(cfg, "wb") as f:
        f.write(syslinux_cfg("linux", "/vmlinuz", "initrd=/initrd.gz " + KERNEL_APPEND))
    env = dict(os.environ, MTOOLS_SKIP_CHECK="1")
    run(["mcopy", "-i", fat, vmlinuz, "::vmlinuz"], env=env)
    run(["mcopy", "-i", fat, initrd, "::initrd.gz"], env=env)
    run(["mcopy", "-i", fat, cfg, "::syslinux.cfg"], env=env)
    run(["syslinux", "--offset", str(BOOT_START), "--install", path])
    with open(MBR_BIN, "rb") as f:
        mbr = f.read()
    with open(path, "r+b") as f:
        f.write(mbr[:440])      # boot code only: the partition table stays
    data = os.path.join(work, "data")
    os.makedirs(data)
    with open(os.path.join(data, HOST_FILE), "wb") as f:
        f.write(pattern_bytes(HOST_FILE, HOST_FILE_SIZE))
    run(["mke2fs", "-q", "-F", "-t", "ext2", "-L", "data", "-d", data,
         "-E", "offset=%d" % DATA_START, path, "%dk" % (DATA_SIZE // 1024)])


def make_cd(path, vmlinuz, initrd, work):
    tree = os.path.join(work, "cd")
    os.makedirs(os.path.join(tree, "isolinux"))
    shutil.copy(ISOLINUX_BIN, os.path.join(tree, "isolinux"))
    shutil.copy(os.path.join(SYSLINUX_BIOS, "ldlinux.c32"), os.path.join(tree, "isolinux"))
    with open(os.path.join(tree, "isolinux", "isolinux.cfg"), "wb") as f:
        f.write(syslinux_cfg("linux", "/vmlinuz", "initrd=/initrd.gz " + KERNEL_APPEND))
    shutil.copy(vmlinuz, os.path.join(tree, "vmlinuz"))
    shutil.copy(initrd, os.path.join(tree, "initrd.gz"))
    with open(os.path.join(tree, CD_FILE), "wb") as f:
        f.write(pattern_bytes(CD_FILE, CD_FILE_SIZE))
    run(["xorriso", "-as", "mkisofs", "-quiet", "-o", path, "-V", "DISKTEST",
         "-b", "isolinux/isolinux.bin", "-c", "isolinux/boot.cat", "-no-emul-boot",
         "-boot-load-size", "4", "-boot-info-table", tree])


def make_floppy(path, floppy_kernel, work):
    if os.path.exists(path):
        os.unlink(path)
    run(["mkfs.fat", "-C", "-n", "FLOPPY", path, "1440"])
    run(["syslinux", "--install", path])
    cfg = os.path.join(work, "floppy.cfg")
    with open(cfg, "wb") as f:
        f.write(syslinux_cfg("payload", "mboot.c32", "floppy.elf --- floppy.mod"))
    mod = os.path.join(work, "floppy.mod")
    with open(mod, "wb") as f:
        f.write(floppy_module())
    env = dict(os.environ, MTOOLS_SKIP_CHECK="1")
    for src, name in ((os.path.join(SYSLINUX_BIOS, "mboot.c32"), "mboot.c32"),
                      (os.path.join(SYSLINUX_BIOS, "libcom32.c32"), "libcom32.c32"),
                      (floppy_kernel, "floppy.elf"), (mod, "floppy.mod"), (cfg, "syslinux.cfg")):
        run(["mcopy", "-i", path, src, "::" + name], env=env)


# ---- inputs, cache -----------------------------------------------------------------

class Images:
    """The cached images and what the tests need to know about them."""

    def __init__(self, folder, kernel, initrd):
        self.folder = folder
        self.disk = os.path.join(folder, "disk.raw")
        self.cd = os.path.join(folder, "cd.iso")
        self.floppy = os.path.join(folder, "floppy.img")
        self.kernel = kernel            # a debian_guest.Kernel
        self.initrd = initrd            # the initramfs inside the images
        self.host_file_sha256 = hashlib.sha256(pattern_bytes(HOST_FILE, HOST_FILE_SIZE)).hexdigest()
        self.cd_file_sha256 = hashlib.sha256(pattern_bytes(CD_FILE, CD_FILE_SIZE)).hexdigest()


def guest_initramfs(kernel, disktool, extra_files=None):
    """tests/guest's initramfs with the disk modules, disktool and EXTRA_FILES."""
    files = {"bin/disktool": (open(disktool, "rb").read(), 0o755)}
    files.update(extra_files or {})
    return debian_guest.build_initramfs(kernel, GUEST_MODULES, files)


def build_inputs(build_dir):
    """(floppy kernel, disktool) as built by `make check-build`."""
    floppy_kernel = os.path.join(build_dir, "tests", "disk", "floppy-kernel.elf")
    disktool = os.path.join(build_dir, "tests", "disk", "disktool")
    for p in (floppy_kernel, disktool):
        if not os.path.isfile(p):
            raise RuntimeError("%s is missing: run `make check-build` in %s" % (p, build_dir))
    return floppy_kernel, disktool


@contextlib.contextmanager
def images_lock(root):
    with open(os.path.join(root, "lock"), "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def build(build_dir):
    """Make (or find in the cache) the images; returns an Images.
    Raises debian_guest.GuestUnavailable or ImagesUnavailable when a
    prerequisite is missing, RuntimeError when a step fails."""
    missing = [t for t in TOOLS if not shutil.which(t)]
    if missing:
        raise ImagesUnavailable("host tools missing: %s (scripts/install-deps.sh)" % " ".join(missing))
    floppy_kernel, disktool = build_inputs(build_dir)
    kernel = debian_guest.Kernel("686")
    initrd = guest_initramfs(kernel, disktool)
    key = hashlib.sha256()
    for blob in (kernel.vmlinuz.encode(), initrd.encode(), open(floppy_kernel, "rb").read(),
                 open(__file__, "rb").read()):
        key.update(hashlib.sha256(blob).digest())
    root = os.path.join(debian_guest.cache_dir(), "disk-images")
    os.makedirs(root, exist_ok=True)
    folder = os.path.join(root, key.hexdigest()[:20])
    with images_lock(root):
        if not os.path.isdir(folder):
            work = tempfile.mkdtemp(prefix="build-", dir=root)
            try:
                out = os.path.join(work, "images")
                os.makedirs(out)
                make_disk(os.path.join(out, "disk.raw"), kernel.vmlinuz, initrd, work)
                make_cd(os.path.join(out, "cd.iso"), kernel.vmlinuz, initrd, work)
                make_floppy(os.path.join(out, "floppy.img"), floppy_kernel, work)
                os.rename(out, folder)
            finally:
                shutil.rmtree(work, ignore_errors=True)
        os.utime(folder)        # in use: not stale
        prune_stale(root, folder)
    return Images(folder, kernel, initrd)


def prune_stale(root, keep):
    """Delete image sets of older inputs (another kernel, disktool, ...)
    that no run has used for STALE_SECONDS."""
    now = time.time()
    for name in os.listdir(root):
        path = os.path.join(root, name)
        # (a build- folder that old was left by a killed build)
        if path != keep and os.path.isdir(path) and now - os.path.getmtime(path) > STALE_SECONDS:
            shutil.rmtree(path, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", required=True, help="build folder (for floppy-kernel.elf, disktool)")
    args = ap.parse_args()
    try:
        images = build(os.path.abspath(args.build))
    except (debian_guest.GuestUnavailable, ImagesUnavailable, RuntimeError) as e:
        print("images unavailable: %s" % e, file=sys.stderr)
        return 2
    print(images.folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
