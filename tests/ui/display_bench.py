"""`make bench --part display` (tests/bench/bench.py): what the SDL window
costs, under Xvfb, against -display none on the same emulator:

  idle CPU     Debian's 686 kernel idle at its shell for IDLE_SECONDS: the
               host CPU the emulator uses with the window open and without
  framebuffer  lfb-kernel.elf redraws a 1024x768x32 linear framebuffer 300
               times: the guest's time and frames per second with the window
               showing it (refreshed every 16 ms while the screen changes,
               i.e. up to 62 frames per second, drawn on the window's own
               thread) and without a window

Figures only, never pass/fail. Skipped without Xvfb, SDL or the guest.
"""

import os
import shutil
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "guest"))
import debian_guest                                     # noqa: E402
from guest_console import GuestConsole, ConsoleError   # noqa: E402
from sdl_checks import Xvfb                             # noqa: E402

IDLE_SECONDS = 10
FRAMES = 300            # lfb-kernel.c's FRAMES


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def idle_cpu(emulator, display, kernel, initrd, log_path):
    argv = [emulator, "-m", "256", "-display", display, "-serial", "stdio", "-no-reboot",
            "-kernel", kernel.vmlinuz, "-initrd", initrd, "-append", "console=ttyS0 panic=-1"]
    con = GuestConsole(argv, log_path)
    try:
        con.expect(r"GUEST-INIT-READY", 120)
        con.expect(r"# ", 30)
        time.sleep(2)
        c0, t0 = cpu_seconds(con.proc.pid), time.monotonic()
        time.sleep(IDLE_SECONDS)
        c1, t1 = cpu_seconds(con.proc.pid), time.monotonic()
        con.send("poweroff -f\n")
        con.wait_exit(30)
        return 100 * (c1 - c0) / (t1 - t0)
    except ConsoleError as e:
        return "failed: %s" % str(e)[:100]
    finally:
        if con.proc.poll() is None:
            con.proc.kill()
            con.proc.wait()


def framebuffer_loop(emulator, display, elf, log_path):
    argv = [emulator, "-display", display, "-serial", "stdio",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=0x4", "-kernel", elf]
    con = GuestConsole(argv, log_path)
    try:
        con.expect(r"READY\n", 60)
        time.sleep(1)
        t0 = time.monotonic()
        con.send("f")
        con.expect(r"FRAMES-DONE\n", 300)
        seconds = time.monotonic() - t0
        con.expect(r"READY\n", 60)
        con.send("q")
        con.wait_exit(30)
        return seconds
    except ConsoleError as e:
        return "failed: %s" % str(e)[:100]
    finally:
        if con.proc.poll() is None:
            con.proc.kill()
            con.proc.wait()


def best(values):
    nums = [v for v in values if isinstance(v, float)]
    return min(nums) if nums else values[0]


def run(build, emulator, out_dir, repeat):
    """Prints the display table; returns True on trouble."""
    print("\nDisplay: the SDL window (under Xvfb) against -display none, our emulator")
    missing = [t for t in ("Xvfb",) if not shutil.which(t)]
    if missing:
        print("  skipped: Xvfb is not installed (xvfb)")
        return False
    elf = os.path.join(build, "tests", "ui", "lfb-kernel.elf")
    x = Xvfb()
    os.environ["DISPLAY"] = x.display
    trouble = False
    try:
        fb = {}
        for display in ("none", "sdl"):
            fb[display] = best([framebuffer_loop(emulator, display, elf,
                                                 os.path.join(out_dir, "fb-%s.log" % display))
                                for _ in range(repeat)])
        for display, secs in fb.items():
            if isinstance(secs, float):
                print("  framebuffer 1024x768x32, %-4s: %6.2f s for %d frames (%5.1f guest frames/s)"
                      % (display, secs, FRAMES, FRAMES / secs))
            else:
                trouble = True
                print("  framebuffer, %s: %s" % (display, secs))
        if all(isinstance(v, float) for v in fb.values()):
            print("  guest slowed by the window: %+.1f %%" % (100 * (fb["sdl"] / fb["none"] - 1)))
        try:
            kernel = debian_guest.Kernel("686")
            initrd = debian_guest.build_initramfs(kernel)
        except debian_guest.GuestUnavailable as e:
            print("  idle CPU: skipped: %s" % e)
            return trouble
        for display in ("none", "sdl"):
            r = best([idle_cpu(emulator, display, kernel, initrd,
                               os.path.join(out_dir, "idle-%s.log" % display))
                      for _ in range(repeat)])
            if isinstance(r, float):
                print("  idle CPU at the shell, %-4s: %5.1f %% of a host core (%d s)"
                      % (display, r, IDLE_SECONDS))
            else:
                trouble = True
                print("  idle CPU, %s: %s" % (display, r))
    finally:
        x.close()
    return trouble
