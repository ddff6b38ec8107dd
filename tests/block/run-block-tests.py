#!/usr/bin/env python3
"""The block group of make check: our block layer and qemu-img against
Debian's qemu-img (package qemu-utils), which judges every image we write
(`qemu-img check`, `compare`) and makes the images we must read (plain,
compressed, with a backing file, with internal snapshots, compat 0.10 and
1.1, lazy refcounts). Prints one PASS/FAIL/SKIP line per check.

usage: run-block-tests.py BUILD_DIR [--fuzz-seconds N] [--crash-seconds N] [--seed N]
"""
import argparse
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

DEBIAN_QEMU_IMG = "/usr/bin/qemu-img"
MiB = 1 << 20


class Runner:
    def __init__(self, build, work, seed):
        self.qemu_img = os.path.join(build, "qemu-img")
        self.block_test = os.path.join(build, "tests/block/block-test")
        self.block_fuzz = os.path.join(build, "tests/block/block-fuzz")
        self.work = work
        self.rng = random.Random(seed)
        self.debian = DEBIAN_QEMU_IMG if os.access(DEBIAN_QEMU_IMG, os.X_OK) else None
        self.failed = 0

    # ---- reporting ----
    def result(self, name, ok, why=""):
        if ok:
            print("PASS block/%s" % name)
        else:
            self.failed += 1
            print("FAIL block/%s: %s" % (name, " ".join(why.split())[:300]))
        sys.stdout.flush()

    def skip(self, name, why):
        print("SKIP block/%s: %s" % (name, why))

    # ---- helpers ----
    def path(self, name):
        return os.path.join(self.work, name)

    def run(self, args, timeout=120, env=None):
        return subprocess.run(args, capture_output=True, text=True, timeout=timeout,
                              cwd=self.work, env=env)

    def ours(self, *args, **kw):
        return self.run([self.qemu_img] + list(args), **kw)

    def deb(self, *args, **kw):
        return self.run([self.debian] + list(args), **kw)

    def test(self, *args, **kw):
        return self.run([self.block_test] + list(args), **kw)

    @staticmethod
    def sha(path):
        h = hashlib.sha256()
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(MiB), b""):
                h.update(chunk)
        return h.hexdigest()

    def random_raw(self, name, size):
        """random data with holes and zero runs, so that converts skip and allocate"""
        data = bytearray(size)
        for _ in range(40):
            off = self.rng.randrange(0, size)
            n = min(size - off, self.rng.choice([512, 4096, 65536, 300000]))
            data[off:off + n] = self.rng.randbytes(n)
        with open(self.path(name), "wb") as f:
            f.write(data)
        return self.path(name)

    def deb_check_ok(self, image, allow_leaks=False):
        """Debian's verdict: (ok, output)"""
        r = self.deb("check", image)
        return r.returncode == 0 or (allow_leaks and r.returncode == 3), r.stdout + r.stderr

    def to_raw_hash(self, tool, image, raw_name, extra=()):
        r = tool("convert", *extra, "-O", "raw", image, self.path(raw_name))
        if r.returncode != 0:
            return None, r.stderr
        return self.sha(self.path(raw_name)), ""

    # ---- checks ----
    def check_create(self):
        for name, opts in [("default", []), ("compat-0.10", ["-o", "compat=0.10"]),
                           ("cluster-512", ["-o", "cluster_size=512"]),
                           ("cluster-2M", ["-o", "cluster_size=2M"]),
                           ("refcount-1", ["-o", "refcount_bits=1"]),
                           ("refcount-64", ["-o", "refcount_bits=64,cluster_size=4096"]),
                           ("lazy", ["-o", "lazy_refcounts=on"])]:
            img = self.path("create-%s.qcow2" % name)
            r = self.ours("create", "-q", "-f", "qcow2", *opts, img, "3G")
            if r.returncode != 0:
                self.result("create-" + name, False, r.stderr)
                continue
            ok, out = self.deb_check_ok(img)
            info = self.deb("info", img).stdout
            self.result("create-" + name, ok and "virtual size: 3 GiB" in info, out + info)

    def check_convert(self):
        raw = self.random_raw("conv.raw", 24 * MiB + 4096)
        want = self.sha(raw)
        for name, opts in [("qcow2", []), ("compressed", ["-c"]),
                           ("compat-0.10", ["-o", "compat=0.10"]),
                           ("cluster-4k", ["-o", "cluster_size=4096"])]:
            img = self.path("conv-%s.qcow2" % name)
            r = self.ours("convert", "-f", "raw", "-O", "qcow2", *opts, raw, img)
            if r.returncode != 0:
                self.result("convert-" + name, False, r.stderr)
                continue
            ok, out = self.deb_check_ok(img)
            cmp = self.deb("compare", "-f", "raw", "-F", "qcow2", raw, img)
            back, err = self.to_raw_hash(self.ours, img, "conv-back.raw")
            self.result("convert-" + name, ok and cmp.returncode == 0 and back == want,
                        out + cmp.stdout + err)
        # the progress bar reaches 100%
        r = self.ours("convert", "-p", "-O", "qcow2", raw, self.path("conv-p.qcow2"))
        self.result("convert-progress", r.returncode == 0 and "(100.00/100%)" in r.stdout,
                    r.stdout[-200:] + r.stderr)

    def debian_images(self):
        """images Debian's tools made: name -> path (with a raw copy of each made by Debian)"""
        raw = self.random_raw("deb-src.raw", 16 * MiB)
        images = {}
        self.deb("convert", "-O", "qcow2", raw, self.path("deb-plain.qcow2"))
        images["plain"] = "deb-plain.qcow2"
        self.deb("convert", "-c", "-O", "qcow2", raw, self.path("deb-compressed.qcow2"))
        images["compressed"] = "deb-compressed.qcow2"
        self.deb("convert", "-O", "qcow2", "-o", "compat=0.10", raw, self.path("deb-v2.qcow2"))
        images["compat-0.10"] = "deb-v2.qcow2"
        self.deb("convert", "-O", "qcow2", "-o", "lazy_refcounts=on,cluster_size=4096", raw,
                 self.path("deb-lazy.qcow2"))
        images["lazy-refcounts"] = "deb-lazy.qcow2"
        # a backing chain in another folder, named relative to the overlay
        os.makedirs(self.path("chain"), exist_ok=True)
        self.deb("create", "-f", "qcow2", "-b", "../deb-compressed.qcow2", "-F", "qcow2",
                 self.path("chain/deb-overlay.qcow2"))
        self.run(["qemu-io", "-c", "write -P 0x5a 1M 3M", "-c", "write -P 0x33 9000 700",
                  self.path("chain/deb-overlay.qcow2")])
        images["backing"] = "chain/deb-overlay.qcow2"
        # three levels over a raw base, the middle one named by its absolute path
        self.deb("create", "-f", "qcow2", "-b", raw, "-F", "raw", self.path("chain/mid.qcow2"))
        self.run(["qemu-io", "-c", "write -P 0x61 6M 1M", self.path("chain/mid.qcow2")])
        self.deb("create", "-f", "qcow2", "-b", self.path("chain/mid.qcow2"), "-F", "qcow2",
                 self.path("deb-top.qcow2"))
        self.run(["qemu-io", "-c", "write -P 0x62 6500K 1M", self.path("deb-top.qcow2")])
        images["chain-of-3"] = "deb-top.qcow2"
        # internal snapshots: the clusters they share must survive our writes
        self.deb("convert", "-O", "qcow2", raw, self.path("deb-snap.qcow2"))
        self.deb("snapshot", "-c", "first", self.path("deb-snap.qcow2"))
        self.run(["qemu-io", "-c", "write -P 0x77 2M 2M", self.path("deb-snap.qcow2")])
        self.deb("snapshot", "-c", "second", self.path("deb-snap.qcow2"))
        images["snapshots"] = "deb-snap.qcow2"
        return images

    def check_debian_images(self, images):
        for name, rel in images.items():
            img = self.path(rel)
            want, err1 = self.to_raw_hash(self.deb, img, "deb-ref.raw")
            got, err2 = self.to_raw_hash(self.ours, img, "our-read.raw")
            r = self.ours("check", img)
            self.result("read-debian-" + name, want is not None and want == got and
                        r.returncode == 0, err1 + err2 + r.stdout + r.stderr)

    def check_writes(self, images):
        """random writes through our block layer; Debian checks and compares"""
        for name, rel in list(images.items()) + [("ours-4k", "conv-cluster-4k.qcow2"),
                                                 ("ours-compressed", "conv-compressed.qcow2")]:
            src = self.path(rel)
            img = os.path.join(os.path.dirname(src), "w-" + os.path.basename(src))
            shutil.copy(src, img)
            ref = self.path("w-ref.raw")
            self.deb("convert", "-O", "raw", img, ref)
            snaps_before = self.snapshot_hashes(img)
            r = self.test("write-random", img, "qcow2", ref, str(self.rng.randrange(1 << 30)),
                          "600")
            ok, out = self.deb_check_ok(img)
            cmp = self.deb("compare", "-f", "qcow2", "-F", "raw", img, ref)
            snaps_ok = self.snapshot_hashes(img) == snaps_before
            self.result("write-" + name, r.returncode == 0 and ok and cmp.returncode == 0 and
                        snaps_ok, r.stderr + out + cmp.stdout +
                        ("" if snaps_ok else " an internal snapshot changed"))

    def check_cache_modes(self):
        """cache=none (O_DIRECT, unaligned requests bounced) and cache=unsafe"""
        for mode in ("none", "unsafe"):
            for fmt, src in (("qcow2", "conv-cluster-4k.qcow2"), ("raw", "conv.raw")):
                img = self.path("cache-" + src)
                shutil.copy(self.path(src), img)
                ref = self.path("cache-ref.raw")
                self.deb("convert", "-O", "raw", img, ref)
                r = self.test("write-random", img, fmt, ref, "11", "400", mode)
                name = "cache-%s-%s" % (mode, fmt)
                if mode == "none" and "Invalid argument" in r.stderr:
                    self.skip(name, "the test folder's file system has no O_DIRECT")
                    continue
                ok, out = self.deb_check_ok(img) if fmt == "qcow2" else (True, "")
                self.result(name, r.returncode == 0 and ok, r.stderr + out)

    def snapshot_hashes(self, img):
        names = [l.split()[1] for l in self.deb("snapshot", "-l", img).stdout.splitlines()[2:]
                 if l.strip()]
        hashes = []
        for n in names:
            h, _ = self.to_raw_hash(self.deb, img, "snap.raw", ("-l", n))
            hashes.append(h)
        return hashes

    def check_info(self, images):
        img = self.path(images["snapshots"])
        ours, deb = self.ours("info", img).stdout, self.deb("info", img).stdout
        same = [l for l in deb.splitlines() if l.startswith(("virtual size", "cluster_size"))]
        self.result("info", all(l in ours for l in same) and "Snapshot list:" in ours, ours)
        ol = self.ours("snapshot", "-l", img).stdout.split()
        dl = self.deb("snapshot", "-l", img).stdout.split()
        self.result("snapshot-list", ol == dl and "second" in ol, " ".join(ol))

    def check_locks(self):
        img = self.path("conv-qcow2.qcow2")
        # ours holds it read-write: Debian's qemu-img must refuse
        p = subprocess.Popen([self.block_test, "hold", img, "qcow2", "20", "rw"],
                             stdout=subprocess.PIPE, text=True)
        p.stdout.readline()
        r = self.deb("info", img)
        p.kill()
        p.wait()
        self.result("lock-seen-by-debian", r.returncode != 0 and
                    'Failed to get shared "write" lock' in r.stderr, r.stderr)
        # Debian's qemu-io holds it read-write: ours must refuse, with QEMU's message
        q = subprocess.Popen(["qemu-io", img], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
        time.sleep(0.5)
        r1 = self.ours("info", img)
        r2 = self.test("hold", img, "qcow2", "0", "rw")
        q.stdin.close()
        q.wait()
        self.result("lock-debian-seen", r1.returncode != 0 and r2.returncode != 0 and
                    'Failed to get shared "write" lock' in r1.stderr and
                    'Failed to get "write" lock' in r2.stderr, r1.stderr + r2.stderr)
        r = self.ours("info", "-U", img)
        self.result("lock-force-share", r.returncode == 0, r.stderr)

    def check_snapshot_mode(self):
        tmp = self.path("tmpdir")
        os.makedirs(tmp, exist_ok=True)
        env = dict(os.environ, TMPDIR=tmp)
        for fmt, base in [("raw", "conv.raw"), ("qcow2", "conv-qcow2.qcow2")]:
            img = self.path(base)
            before = self.sha(img)
            r = self.test("snapshot-write", img, fmt, "5", "2000", env=env)
            after = self.sha(img)
            # killed while writing: the overlay vanishes with the process
            p = subprocess.Popen([self.block_test, "snapshot-write", img, fmt, "6", "0", "loop"],
                                 stdout=subprocess.PIPE, text=True, env=env)
            p.stdout.readline()
            time.sleep(0.3 + self.rng.random() * 0.5)
            p.send_signal(signal.SIGKILL)
            p.wait()
            killed = self.sha(img)
            left = os.listdir(tmp)
            self.result("snapshot-%s-unchanged" % fmt, r.returncode == 0 and
                        before == after == killed and not left,
                        r.stderr + " leftover files: %s" % left)
        # commit writes the overlay back
        img = self.path("commit-base.qcow2")
        shutil.copy(self.path("conv-qcow2.qcow2"), img)
        ref = self.path("commit-ref.raw")
        self.deb("convert", "-O", "raw", img, ref)
        r = self.test("snapshot-write", img, "qcow2", "7", "800", "commit", ref, env=env)
        ok, out = self.deb_check_ok(img)
        cmp = self.deb("compare", img, ref)
        self.result("snapshot-commit", r.returncode == 0 and ok and cmp.returncode == 0,
                    r.stderr + out + cmp.stdout)

    def check_commit_resize(self):
        # qemu-img commit of an overlay into its base
        base, ov = self.path("cm-base.qcow2"), self.path("cm-ov.qcow2")
        shutil.copy(self.path("deb-plain.qcow2"), base)
        self.deb("create", "-f", "qcow2", "-b", "cm-base.qcow2", "-F", "qcow2", ov)
        self.run(["qemu-io", "-c", "write -P 0x42 3M 2M", "-c", "write -P 0x43 100 5000", ov])
        want, _ = self.to_raw_hash(self.deb, ov, "cm-want.raw")
        r = self.ours("commit", ov)
        got, _ = self.to_raw_hash(self.deb, base, "cm-got.raw")
        ok, out = self.deb_check_ok(base)
        ok2, out2 = self.deb_check_ok(ov)
        self.result("commit", r.returncode == 0 and want == got and ok and ok2,
                    r.stderr + out + out2)
        # growing a qcow2 past what its L1 table covers (512-byte clusters)
        img = self.path("rs.qcow2")
        self.ours("convert", "-O", "qcow2", "-o", "cluster_size=512", self.path("conv.raw"), img)
        want = self.sha(self.path("conv.raw"))
        r = self.ours("resize", img, "+40M")
        ok, out = self.deb_check_ok(img)
        info = self.deb("info", img).stdout
        self.ours("convert", "-O", "raw", img, self.path("rs.raw"))
        with open(self.path("rs.raw"), "rb") as f:
            head = hashlib.sha256(f.read(24 * MiB + 4096)).hexdigest()
            tail_zero = not any(f.read())
        self.result("resize-qcow2-grow", r.returncode == 0 and ok and head == want and
                    tail_zero and "(%d bytes)" % (24 * MiB + 4096 + 40 * MiB) in info,
                    r.stderr + out + info)
        raw = self.path("rs2.raw")
        shutil.copy(self.path("conv.raw"), raw)
        r1 = self.ours("resize", "-f", "raw", raw, "-1M")
        r2 = self.ours("resize", "-f", "raw", "--shrink", raw, "-1M")
        r3 = self.ours("resize", "-f", "raw", raw, "+3M")
        self.result("resize-raw", r1.returncode != 0 and "--shrink" in r1.stderr and
                    r2.returncode == 0 and r3.returncode == 0 and
                    os.path.getsize(raw) == 26 * MiB + 4096, r1.stderr + r2.stderr + r3.stderr)

    def check_errors(self):
        def expect(name, args, words, code=1):
            r = self.ours(*args)
            self.result("error-" + name, r.returncode == code and words in r.stderr and
                        r.stderr.count("\n") <= 3, "exit %d: %s" % (r.returncode, r.stderr))
        expect("missing", ["info", "nope.qcow2"], "Could not open 'nope.qcow2': No such file")
        expect("not-qcow2", ["info", "-f", "qcow2", "conv.raw"], "Image is not in qcow2 format")
        with open(self.path("conv-qcow2.qcow2"), "rb") as f:
            head = bytearray(f.read(4 * MiB))
        bad = self.path("bad.qcow2")
        with open(bad, "wb") as f:      # the L1 table lies past the end of the file
            f.write(head[:196608])
        expect("truncated", ["info", "bad.qcow2"], "L1 table offset invalid")
        h = bytearray(head)
        h[72:80] = (1 << 9).to_bytes(8, "big")  # an incompatible feature nobody knows
        with open(bad, "wb") as f:
            f.write(h)
        expect("unknown-feature", ["info", "bad.qcow2"], "Unsupported qcow2 feature")
        h = bytearray(head)
        h[20:24] = (40).to_bytes(4, "big")
        with open(bad, "wb") as f:
            f.write(h)
        expect("cluster-bits", ["check", "bad.qcow2"], "Unsupported cluster size")
        expect("bad-size", ["create", "-f", "qcow2", "x.qcow2", "12Q"], "Invalid image size")
        # probing a writable raw image warns as QEMU does
        r = self.test("write-random", "conv.raw", "probe", "conv.raw", "1", "0")
        self.result("raw-probe-warning", "probing guessed raw" in r.stderr, r.stderr)

    def check_repair(self):
        img = self.path("rep.qcow2")
        shutil.copy(self.path("conv-qcow2.qcow2"), img)
        with open(img, "r+b") as f:
            # cluster 0's refcount (the first refcount block is at cluster 2) set to 0
            f.seek(2 * 65536)
            f.write(b"\0\0")
            # and a leaked cluster: the refcount of a cluster past the end
            f.seek(2 * 65536 + 2 * 4000)
            f.write(b"\0\1")
        r = self.ours("check", img)
        d = self.deb("check", img)
        self.result("check-finds-corruption", r.returncode == 2 and d.returncode == 2 and
                    "ERROR cluster 0 refcount=0 reference=1" in r.stderr and
                    "Leaked cluster 4000" in r.stderr, r.stdout + r.stderr)
        r = self.ours("check", "-r", "all", img)
        ok, out = self.deb_check_ok(img)
        self.result("check-repair", r.returncode == 0 and ok, r.stdout + r.stderr + out)

    def crash_image(self, name, opts, snapshot=False):
        img = self.path("crash-%s.qcow2" % name)
        self.ours("create", "-q", "-f", "qcow2", *opts, img, "32M")
        if snapshot:
            self.test("write-random", img, "qcow2", os.devnull, "3", "0")
            self.run(["qemu-io", "-c", "write -P 0x11 0 20M", img])
            self.deb("snapshot", "-c", "before", img)
        return img

    def check_crash(self, seconds):
        """SIGKILL a writer at random moments; flushed data must survive, and
        Debian's check may find leaks but nothing worse"""
        images = [("plain", self.crash_image("plain", [])),
                  ("cluster-4k-snapshot",
                   self.crash_image("4k", ["-o", "cluster_size=4096"], snapshot=True)),
                  ("lazy", self.crash_image("lazy", ["-o", "lazy_refcounts=on"]))]
        deadline = time.time() + seconds
        kills = {name: 0 for name, _ in images}
        errors = {name: "" for name, _ in images}
        while time.time() < deadline:
            for name, img in images:
                log = img + ".log"
                p = subprocess.Popen([self.block_test, "crash-writer", img, "qcow2", log,
                                      str(self.rng.randrange(1 << 30))],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                p.stdout.readline()
                time.sleep(self.rng.uniform(0.01, 0.4))
                p.send_signal(signal.SIGKILL)
                _, err = p.communicate()
                if p.returncode != -signal.SIGKILL:
                    errors[name] += "writer ended by itself: %s" % err
                kills[name] += 1
                if name == "lazy":
                    # the dirty bit is set: our open repairs the refcounts first
                    v = self.test("hold", img, "qcow2", "0", "rw")
                    if v.returncode != 0:
                        errors[name] += "reopen failed: " + v.stderr
                ok, out = self.deb_check_ok(img, allow_leaks=True)
                if not ok:
                    errors[name] += "after kill %d: %s" % (kills[name], out)
                v = self.test("crash-verify", img, "qcow2", log)
                if v.returncode != 0:
                    errors[name] += "after kill %d: %s" % (kills[name], v.stderr)
                if errors[name]:
                    break
            if any(errors.values()):
                break
        for name, _ in images:
            print("  crash-%s: %d kills" % (name, kills[name]))
            self.result("crash-" + name, kills[name] > 0 and not errors[name], errors[name])

    def check_fuzz(self, seconds):
        fz = self.path("fuzz")
        os.makedirs(fz, exist_ok=True)
        seeds = [self.path(p) for p in ("deb-snap.qcow2", "deb-compressed.qcow2",
                                        "chain/deb-overlay.qcow2", "deb-lazy.qcow2")
                 if os.path.exists(self.path(p))]
        r = self.run([self.block_fuzz, str(self.rng.randrange(1 << 30)), str(seconds), fz] + seeds,
                     timeout=seconds + 60)
        lines = [l for l in r.stdout.splitlines() if l.startswith(("PASS", "FAIL"))]
        if r.returncode == 0 and lines and lines[-1].startswith("PASS"):
            self.result("fuzz", True)
            print(lines[-1].replace("PASS block-fuzz:", "  fuzz:"))
        else:
            self.result("fuzz", False, " ".join(lines) + r.stderr[-1500:])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--fuzz-seconds", type=float, default=8)
    ap.add_argument("--crash-seconds", type=float, default=15)
    ap.add_argument("--seed", type=int, default=int(time.time()))
    args = ap.parse_args()
    print("block tests: seed %d" % args.seed)
    work = tempfile.mkdtemp(prefix="block-tests-")
    try:
        t = Runner(os.path.abspath(args.build), work, args.seed)
        for tool in (t.qemu_img, t.block_test, t.block_fuzz):
            if not os.access(tool, os.X_OK):
                t.result("build", False, "%s was not built" % tool)
                return 1
        t.check_fuzz(args.fuzz_seconds) if not t.debian else None
        if not t.debian:
            t.skip("interop", "Debian's qemu-img (package qemu-utils) is not installed")
            return 0
        t.check_create()
        t.check_convert()
        images = t.debian_images()
        t.check_debian_images(images)
        t.check_writes(images)
        t.check_info(images)
        t.check_cache_modes()
        t.check_locks()
        t.check_snapshot_mode()
        t.check_commit_resize()
        t.check_errors()
        t.check_repair()
        t.check_crash(args.crash_seconds)
        t.check_fuzz(args.fuzz_seconds)
        return 1 if t.failed else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
