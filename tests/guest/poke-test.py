#!/usr/bin/env python3
"""The guest must never crash the emulator: Debian's 686 kernel boots and its
init runs poke.c (random port I/O after iopl(3), random /dev/mem accesses
to the devices' pages), built `gcc -m32 -static`. The guest may die of it;
the emulator must end cleanly (status 0: the poke finished and the guest
powered off, or the guest reset, powered off or panicked with -no-reboot
and panic=-1) or keep running: after RUN_TIMEOUT it is sent SIGTERM and must
then end within TERM_GRACE seconds (its main loop still answers). A signal,
another status, a time-out on SIGTERM or any message on stderr fails.

Prints `PASS guest-poke/seed-N` or `FAIL ...` per run, `SKIP` without the
Debian packages; exits 1 when a run failed. Console logs go to
BUILD/tests/guest/poke-seed-N.log.

usage: poke-test.py --build BUILD_DIR [--emulator PATH] [--seed N] [--runs N]
                    [--operations N] [--verbose]
"""

import argparse
import os
import signal
import subprocess
import sys
import time

sys.dont_write_bytecode = True      # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import debian_guest                 # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
RUN_TIMEOUT = 30        # boot (5-10 s) and the pokes
TERM_GRACE = 10


def build_poke(out_dir):
    path = os.path.join(out_dir, "poke")
    src = os.path.join(HERE, "poke.c")
    if not os.path.exists(path) or os.path.getmtime(path) < os.path.getmtime(src):
        subprocess.run(["gcc", "-m32", "-static", "-O2", "-Wall", "-Wextra", "-o", path, src],
                       check=True)
    return path


def run_once(emulator, kernel, initrd, log_path):
    """→ (ok, what happened)"""
    argv = [emulator, "-accel", "tcg", "-m", "256", "-nographic", "-no-reboot",
            "-kernel", kernel.vmlinuz, "-initrd", initrd,
            "-append", "console=ttyS0 panic=-1 iomem=relaxed guest_run=/poke/run.sh"]
    with open(log_path, "wb") as log, open(log_path + ".stderr", "wb+") as err:
        log.write(("$ " + " ".join(argv) + "\n").encode())
        log.flush()
        start = time.monotonic()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log, stderr=err)
        termed = False
        try:
            status = proc.wait(RUN_TIMEOUT)
        except subprocess.TimeoutExpired:
            termed = True
            proc.send_signal(signal.SIGTERM)
            try:
                status = proc.wait(TERM_GRACE)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
                return False, "hung: no end %d s after SIGTERM" % TERM_GRACE
        seconds = time.monotonic() - start
        err.seek(0)
        stderr = err.read().decode("latin-1").strip()
    with open(log_path, "rb") as f:
        console = f.read().decode("latin-1").replace("\r", "")
    last = [l for l in console.splitlines() if l.strip()][-1:] or [""]
    if termed:
        stderr = "\n".join(l for l in stderr.splitlines() if "terminating on signal" not in l)
    if status < 0:
        return False, "killed by signal %d; last output: %s" % (-status, last[0][:200])
    if status != 0:
        return False, "exit status %d: %s" % (status, stderr[:200])
    if stderr:
        return False, "the emulator said: %s" % stderr[:200]
    if termed:
        return True, "the guest was still running after %d s; SIGTERM ended the emulator" % RUN_TIMEOUT
    if "poke: " in console and "operations done" in console:
        return True, "the pokes finished; powered off after %.1f s" % seconds
    return True, "the guest ended the machine after %.1f s (last: %s)" % (seconds, last[0][:120])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", required=True)
    ap.add_argument("--emulator")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--operations", type=int, default=20000)
    ap.add_argument("--verbose", action="store_true", help="print every operation, not every 64th")
    args = ap.parse_args()
    build = os.path.abspath(args.build)
    emulator = args.emulator or os.path.join(build, "qemu-system-i386")
    out_dir = os.path.join(build, "tests", "guest")
    os.makedirs(out_dir, exist_ok=True)
    try:
        kernel = debian_guest.Kernel("686")
        poke = build_poke(out_dir)
    except (debian_guest.GuestUnavailable, subprocess.CalledProcessError) as e:
        print("SKIP guest-poke: %s" % e)
        return 0
    failed = 0
    for seed in range(args.seed, args.seed + args.runs):
        # quiet: every 64th operation is printed, enough to place a failure
        script = ("/bin/poke %d %d%s\n" % (seed, args.operations,
                                            "" if args.verbose else " quiet")).encode()
        files = {"bin/poke": (open(poke, "rb").read(), 0o755), "poke/run.sh": (script, 0o755)}
        initrd = debian_guest.build_initramfs(kernel, [], files)
        ok, what = run_once(emulator, kernel, initrd,
                            os.path.join(out_dir, "poke-seed-%d.log" % seed))
        print("poke-test: seed %d: %s" % (seed, what), flush=True)
        if ok:
            print("PASS guest-poke/seed-%d" % seed, flush=True)
        else:
            failed += 1
            print("FAIL guest-poke/seed-%d: %s" % (seed, what), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
