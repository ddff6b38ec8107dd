#!/usr/bin/env python3
"""Real i386 guests assembled from Debian's packages, for boot tests and benchmarks.

Fetches (once, then from the cache) Debian's i386 kernel and busybox-static
packages with apt-get's foreign-architecture options, unpacks them with
`dpkg -x`, and builds an initramfs (newc cpio + gzip, written here) holding
busybox with its applet links, our /init (init.sh beside this file), extra
files a test adds, and kernel modules with their dependencies.

The cache folder is $QEMU_TESTS_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/qemu-tests.

Command line (prints the kernel and initramfs paths, one per line):
    debian_guest.py [--flavour 686|686-pae] [--module NAME]... [--file GUEST=HOST]...
Uses only Python's standard library and Debian's apt-get/apt-cache/dpkg.
"""

import argparse
import contextlib
import fcntl
import gzip
import hashlib
import io
import os
import re
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FLAVOURS = ("686", "686-pae")
INIT_MARKER = "GUEST-INIT-READY"   # printed by init.sh once the shell is up


class GuestUnavailable(Exception):
    """A package or the network is not there: the caller skips, naming why."""


class DownloadFailed(GuestUnavailable):
    """apt-get download failed even after refreshing the package lists."""


def cache_dir():
    root = os.environ.get("QEMU_TESTS_CACHE")
    if not root:
        xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        root = os.path.join(xdg, "qemu-tests")
    os.makedirs(root, exist_ok=True)
    return root


@contextlib.contextmanager
def cache_lock():
    """Serialises downloads, unpacking and initramfs builds between test
    runs that share the cache (a `make check` and a `make bench`)."""
    with open(os.path.join(cache_dir(), "lock"), "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


# ---- Debian's packages -------------------------------------------------------

def _apt_options(cache):
    # An i386 view of the archive kept entirely inside the cache: its own
    # package lists and binary cache, no lock on the host's apt state.
    return ["-oAPT::Architecture=i386", "-oAPT::Architectures=i386",
            "-oDir::State::Lists=" + os.path.join(cache, "i386-lists"),
            "-oDir::Cache=" + os.path.join(cache, "apt-cache"),
            "-oDebug::NoLocking=1", "-oAPT::Sandbox::User=root", "-qq"]


def _run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, **kw)


def _have_lists(lists):
    return os.path.isdir(lists) and any(
        n.endswith("_Packages") or n.endswith("_Packages.lz4") for n in os.listdir(lists))


def _ensure_lists(cache, refresh=False):
    lists = os.path.join(cache, "i386-lists")
    if _have_lists(lists) and not refresh:
        return
    os.makedirs(os.path.join(lists, "partial"), exist_ok=True)
    os.makedirs(os.path.join(cache, "apt-cache", "archives", "partial"), exist_ok=True)
    log("fetching Debian's i386 package lists into %s" % lists)
    r = _run(["apt-get"] + _apt_options(cache) + ["update"])
    # A failing index (typically the security mirror "Mirror sync in
    # progress?") is tolerated as long as the main one arrived.
    if not _have_lists(lists):
        lines = r.stderr.strip().splitlines() or ["no index arrived"]
        why = next((l for l in lines if "Failed to fetch" in l or l.startswith("E:")), lines[-1])
        raise GuestUnavailable("apt-get update for i386 failed (no network?): " + why[:200])


def _resolve(cache, package):
    """A metapackage such as linux-image-686 → the real linux-image-6.1.0-N-686."""
    r = _run(["apt-cache"] + _apt_options(cache) + ["depends", package])
    if r.returncode != 0:
        raise GuestUnavailable("apt-cache depends %s: %s" % (package, r.stderr.strip()))
    for line in r.stdout.splitlines():
        m = re.match(r"\s+Depends:\s+(linux-image-\S+)", line)
        if m:
            return m.group(1)
    return package


def fetch_deb(package):
    """Download PACKAGE (i386) into the cache once; returns the .deb path."""
    cache = cache_dir()
    debs = os.path.join(cache, "debs")
    os.makedirs(debs, exist_ok=True)
    found = [n for n in os.listdir(debs) if n.startswith(package + "_") and n.endswith(".deb")]
    if found:
        return os.path.join(debs, sorted(found)[-1])
    _ensure_lists(cache)
    log("downloading %s (i386)" % package)
    r = _run(["apt-get"] + _apt_options(cache) + ["download", package], cwd=debs)
    if r.returncode != 0:
        # Cached lists may name a version the mirror has dropped since.
        _ensure_lists(cache, refresh=True)
        r = _run(["apt-get"] + _apt_options(cache) + ["download", package], cwd=debs)
    found = [n for n in os.listdir(debs) if n.startswith(package + "_") and n.endswith(".deb")]
    if r.returncode != 0 or not found:
        raise DownloadFailed("apt-get download %s failed: %s"
                             % (package, (r.stderr.strip() or "no package").splitlines()[-1]))
    return os.path.join(debs, sorted(found)[-1])


def unpack(package):
    """Download and `dpkg -x` PACKAGE once; returns the folder it is unpacked in."""
    deb = fetch_deb(package)
    dest = os.path.join(cache_dir(), "unpacked", os.path.basename(deb)[:-4])
    if not os.path.isfile(dest + ".done"):
        log("unpacking %s" % os.path.basename(deb))
        os.makedirs(dest, exist_ok=True)
        r = _run(["dpkg", "-x", deb, dest])
        if r.returncode != 0:
            raise GuestUnavailable("dpkg -x %s: %s" % (deb, r.stderr.strip()))
        open(dest + ".done", "w").close()
    return dest


def kernel_package(flavour, refresh=False):
    """linux-image-686(-pae) resolved to the real linux-image-6.1.0-N-686(-pae)."""
    if flavour not in FLAVOURS:
        raise ValueError("flavour must be one of %s" % ", ".join(FLAVOURS))
    _ensure_lists(cache_dir(), refresh)
    return _resolve(cache_dir(), "linux-image-" + flavour)


class Kernel:
    """An unpacked Debian kernel package: its vmlinuz and module tree."""

    def __init__(self, flavour):
        self.flavour = flavour
        with cache_lock():
            try:
                self.root = unpack(kernel_package(flavour))
            except DownloadFailed:
                # fetch_deb has refreshed the lists: the metapackage may now
                # name a newer kernel ABI than the stale lists did.
                self.root = unpack(kernel_package(flavour))
        boot = os.path.join(self.root, "boot")
        names = [n for n in os.listdir(boot) if n.startswith("vmlinuz-")]
        if not names:
            raise GuestUnavailable("no vmlinuz in %s" % boot)
        self.vmlinuz = os.path.join(boot, names[0])
        self.version = names[0][len("vmlinuz-"):]
        self.modules_dir = os.path.join(self.root, "lib", "modules", self.version)

    def module_path(self, name):
        """Path of module NAME (dashes and underscores are the same to the kernel)."""
        want = name.replace("-", "_") + ".ko"
        for dirpath, _dirs, files in os.walk(os.path.join(self.modules_dir, "kernel")):
            for f in files:
                if f.replace("-", "_") == want:
                    return os.path.join(dirpath, f)
        raise GuestUnavailable("module %s is not in %s" % (name, self.modules_dir))

    def modules_in_load_order(self, names):
        """NAMES plus everything they depend on, dependencies first."""
        order, seen = [], set()

        def visit(name):
            key = name.replace("-", "_")
            if key in seen:
                return
            seen.add(key)
            path = self.module_path(name)
            for dep in module_depends(path):
                visit(dep)
            order.append(path)
        for n in names:
            visit(n)
        return order


def module_depends(ko_path):
    """The depends= field of a module's .modinfo ELF section (the package
    ships no modules.dep: depmod runs at install time)."""
    data = open(ko_path, "rb").read()
    if data[:4] != b"\x7fELF" or data[4] != 1:
        raise GuestUnavailable("%s is not a 32-bit ELF module" % ko_path)
    shoff, = struct.unpack_from("<I", data, 0x20)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x2e)

    def section(i):
        name, _type, _flags, _addr, off, size = struct.unpack_from("<IIIIII", data, shoff + i * shentsize)
        return name, off, size
    _n, stroff, _s = section(shstrndx)
    for i in range(shnum):
        name, off, size = section(i)
        end = data.index(b"\0", stroff + name)
        if data[stroff + name:end] == b".modinfo":
            for field in data[off:off + size].split(b"\0"):
                if field.startswith(b"depends="):
                    return [d for d in field[8:].decode().split(",") if d]
    return []


# ---- busybox -----------------------------------------------------------------

def busybox():
    """(path of the static i386 busybox, its applet names)."""
    with cache_lock():
        path = os.path.join(unpack("busybox-static"), "bin", "busybox")
    return path, busybox_applets(path)


def busybox_applets(path):
    """Applet names from the binary's sorted, NUL-separated name table
    (which starts "[\\0[[\\0"): the host cannot run the i386 binary to ask it."""
    data = open(path, "rb").read()
    start = data.find(b"[\0[[\0")
    if start < 0:
        raise GuestUnavailable("no applet table in %s" % path)
    names, pos = [], start
    while True:
        end = data.index(b"\0", pos)
        name = data[pos:end]
        if not name or not re.fullmatch(rb"[a-z0-9_.\-\[]+", name):
            break
        names.append(name.decode())
        pos = end + 1
    if names != sorted(names) or "sh" not in names or "mount" not in names:
        raise GuestUnavailable("the applet table of %s does not look right" % path)
    return names


# ---- initramfs: newc cpio + gzip ------------------------------------------------

class Cpio:
    """Writes a newc ("070701") archive, the format the kernel unpacks."""

    def __init__(self):
        self.out = io.BytesIO()
        self.ino = 1
        self.dirs = set()

    def _entry(self, name, mode, data=b"", nlink=1, rdev=(0, 0)):
        name_b = name.encode() + b"\0"
        fields = (self.ino, mode, 0, 0, nlink, 0, len(data), 0, 0,
                  rdev[0], rdev[1], len(name_b), 0)
        self.ino += 1
        self.out.write(b"070701" + b"".join(b"%08X" % f for f in fields))
        self.out.write(name_b)
        self._pad()
        self.out.write(data)
        self._pad()

    def _pad(self):
        self.out.write(b"\0" * (-self.out.tell() % 4))

    def dir(self, name):
        parts = name.strip("/").split("/")
        for i in range(1, len(parts) + 1):
            d = "/".join(parts[:i])
            if d and d not in self.dirs:
                self.dirs.add(d)
                self._entry(d, 0o040755, nlink=2)

    def file(self, name, data, mode=0o644):
        name = name.strip("/")
        self.dir(os.path.dirname(name))
        self._entry(name, 0o100000 | mode, data)

    def symlink(self, name, target):
        name = name.strip("/")
        self.dir(os.path.dirname(name))
        self._entry(name, 0o120777, target.encode())

    def chardev(self, name, major, minor, mode=0o600):
        name = name.strip("/")
        self.dir(os.path.dirname(name))
        self._entry(name, 0o020000 | mode, rdev=(major, minor))

    def finish(self):
        self._entry("TRAILER!!!", 0, nlink=1)
        return self.out.getvalue()


def build_initramfs(kernel=None, modules=(), files=None):
    """Build (or take from the cache) an initramfs; returns its path.

    kernel:  a Kernel, needed when MODULES is not empty
    modules: module names; they and their dependencies are copied to
             /lib/modules/VERSION/... and listed, in load order, in
             /etc/guest-modules for /init to insmod
    files:   {guest path: (bytes, mode)} extra files (test scripts, programs)
    """
    files = dict(files or {})
    bb_path, applets = busybox()
    init = open(os.path.join(HERE, "init.sh"), "rb").read()
    mod_paths = kernel.modules_in_load_order(modules) if modules else []

    key = hashlib.sha256()
    for blob in (open(bb_path, "rb").read(), init):
        key.update(hashlib.sha256(blob).digest())
    for p in mod_paths:
        key.update(p.encode())
    for name in sorted(files):
        key.update(name.encode() + b"%o" % files[name][1] + hashlib.sha256(files[name][0]).digest())
    out_dir = os.path.join(cache_dir(), "initramfs")
    os.makedirs(out_dir, exist_ok=True)
    out = os.path.join(out_dir, key.hexdigest()[:20] + ".cpio.gz")
    if os.path.isfile(out):
        return out

    c = Cpio()
    for d in ("bin", "sbin", "usr/bin", "usr/sbin", "proc", "sys", "dev", "tmp", "etc", "root"):
        c.dir(d)
    # The kernel opens /dev/console for init before anything is mounted.
    c.chardev("dev/console", 5, 1)
    c.file("bin/busybox", open(bb_path, "rb").read(), 0o755)
    for a in applets:
        if a != "busybox":
            c.symlink("bin/" + a, "busybox")
    c.file("init", init, 0o755)
    if mod_paths:
        listed = []
        for p in mod_paths:
            rel = os.path.relpath(p, kernel.root)
            c.file(rel, open(p, "rb").read())
            listed.append("/" + rel)
        c.file("etc/guest-modules", ("\n".join(listed) + "\n").encode())
    for name, (data, mode) in sorted(files.items()):
        c.file(name, data, mode)
    tmp = "%s.%d.tmp" % (out, os.getpid())
    with open(tmp, "wb") as f:
        f.write(gzip.compress(c.finish(), compresslevel=6, mtime=0))
    os.replace(tmp, out)
    return out


def log(msg):
    print("guest: " + msg, file=sys.stderr, flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--flavour", default="686", choices=FLAVOURS)
    ap.add_argument("--module", action="append", default=[])
    ap.add_argument("--file", action="append", default=[], metavar="GUEST=HOST")
    args = ap.parse_args()
    try:
        k = Kernel(args.flavour)
        extra = {}
        for spec in args.file:
            guest, host = spec.split("=", 1)
            extra[guest] = (open(host, "rb").read(), os.stat(host).st_mode & 0o777)
        initrd = build_initramfs(k, args.module, extra)
    except GuestUnavailable as e:
        print("guest unavailable: %s" % e, file=sys.stderr)
        return 2
    print(k.vmlinuz)
    print(initrd)
    return 0


if __name__ == "__main__":
    sys.exit(main())
