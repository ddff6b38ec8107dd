#!/usr/bin/env python3
"""The display and input tests that need a real guest or a real window
(group "ui" of run-tests.sh). Prints PASS/FAIL/SKIP lines.

default display: with no display server (DISPLAY unset, or naming a
    server that is not there) a run without -display has no window and says
    nothing; -display sdl then is one error and a non-zero exit.
guest (headless): Debian's 686 kernel with evdev + psmouse runs
    evdev-reader (tests/ui/evdev-reader.c, gcc -m32 -static), which prints
    what the guest's input drivers report. The monitor's sendkey types every
    key QEMU names, one at a time; each must arrive as that key's Linux code,
    pressed then released (so the PS/2 scancodes, the 8042's translation and
    Linux's atkbd agree on all of them). mouse_move, the wheel and
    mouse_button must arrive as relative motion and buttons; info mice.
sdl (under Xvfb): lfb-kernel.elf draws a known 1024x768 picture; the window
    must be that size, show exactly what our own screendump holds, scale it
    when resized, say "[Paused]" when stopped and grab on Ctrl-Alt-G; then
    the Linux guest again with the window: xdotool key presses and mouse
    motion/clicks into the window must reach the guest's evdev reader.

usage: ui-test.py --build BUILD [--emulator PATH] [--only guest|sdl]
"""

import argparse
import os
import select
import socket
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True      # no __pycache__ in the source tree
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "guest"))
import debian_guest                 # noqa: E402
from guest_console import GuestConsole, ConsoleError   # noqa: E402

# sendkey names and the Linux key code each must arrive as. Keys with side
# effects in the guest are left out: none here (Ctrl-Alt-Delete would reboot).
KEYS = {
    "esc": 1, "1": 2, "2": 3, "3": 4, "4": 5, "5": 6, "6": 7, "7": 8, "8": 9, "9": 10, "0": 11,
    "minus": 12, "equal": 13, "backspace": 14, "tab": 15,
    "q": 16, "w": 17, "e": 18, "r": 19, "t": 20, "y": 21, "u": 22, "i": 23, "o": 24, "p": 25,
    "bracket_left": 26, "bracket_right": 27, "ret": 28, "ctrl": 29,
    "a": 30, "s": 31, "d": 32, "f": 33, "g": 34, "h": 35, "j": 36, "k": 37, "l": 38,
    "semicolon": 39, "apostrophe": 40, "grave_accent": 41, "shift": 42, "backslash": 43,
    "z": 44, "x": 45, "c": 46, "v": 47, "b": 48, "n": 49, "m": 50,
    "comma": 51, "dot": 52, "slash": 53, "shift_r": 54, "kp_multiply": 55, "alt": 56,
    "spc": 57, "caps_lock": 58,
    "f1": 59, "f2": 60, "f3": 61, "f4": 62, "f5": 63, "f6": 64, "f7": 65, "f8": 66,
    "f9": 67, "f10": 68, "num_lock": 69, "scroll_lock": 70,
    "kp_7": 71, "kp_8": 72, "kp_9": 73, "kp_subtract": 74, "kp_4": 75, "kp_5": 76,
    "kp_6": 77, "kp_add": 78, "kp_1": 79, "kp_2": 80, "kp_3": 81, "kp_0": 82,
    "kp_decimal": 83, "less": 86, "f11": 87, "f12": 88, "ro": 89,
    "henkan": 92, "katakanahiragana": 93, "muhenkan": 94,
    "kp_enter": 96, "ctrl_r": 97, "kp_divide": 98, "sysrq": 99, "alt_r": 100,
    "home": 102, "up": 103, "pgup": 104, "left": 105, "right": 106, "end": 107,
    "down": 108, "pgdn": 109, "insert": 110, "delete": 111,
    "audiomute": 113, "volumedown": 114, "volumeup": 115, "power": 116, "kp_equals": 117,
    "pause": 119, "kp_comma": 121, "lang1": 122, "lang2": 123, "yen": 124,
    "meta_l": 125, "meta_r": 126, "menu": 127, "stop": 128, "calculator": 140,
    "sleep": 142, "wake": 143, "mail": 155, "ac_bookmarks": 156, "computer": 157,
    "ac_back": 158, "ac_forward": 159, "audionext": 163, "audioplay": 164,
    "audioprev": 165, "audiostop": 166, "ac_home": 172, "ac_refresh": 173,
    "f13": 183, "f14": 184, "f15": 185,
    "mediaselect": 226,
}
# keys that send one byte on make only: the guest sees press and release at once
MAKE_ONLY = {"lang1", "lang2"}

BTN_LEFT, BTN_RIGHT, BTN_MIDDLE = 0x110, 0x111, 0x112
REL_X, REL_Y, REL_WHEEL = 0, 1, 8

results = {"fail": 0}


def report(kind, name, reason=""):
    if kind == "FAIL":
        results["fail"] += 1
    print("%s ui/%s%s" % (kind, name, (": " + reason) if reason else ""), flush=True)


def check(name, ok, reason):
    report("PASS" if ok else "FAIL", name, "" if ok else reason)
    return ok


class Monitor:
    """The human monitor on a Unix socket."""

    def __init__(self, path, timeout=10):
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX)
                self.sock.connect(path)
                break
            except OSError:
                self.sock.close()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        self.sock.settimeout(10)
        self.buf = b""
        self._until(b"(qemu) ")

    def _until(self, marker):
        while marker not in self.buf:
            data = self.sock.recv(65536)
            if not data:
                raise ConsoleError("the monitor closed")
            self.buf += data
        out, self.buf = self.buf.split(marker, 1)
        return out.decode(errors="replace")

    def cmd(self, line):
        self.sock.sendall(line.encode() + b"\n")
        out = self._until(b"(qemu) ")
        # drop the echoed command line
        return out.replace("\r", "").split("\n", 1)[1] if "\n" in out else ""


def guest_files(build_dir):
    reader = os.path.join(build_dir, "tests", "ui", "evdev-reader")
    src = os.path.join(HERE, "evdev-reader.c")
    os.makedirs(os.path.dirname(reader), exist_ok=True)
    if not os.path.exists(reader) or os.path.getmtime(reader) < os.path.getmtime(src):
        subprocess.run(["gcc", "-m32", "-static", "-O2", "-Wall", "-Wextra", "-o", reader, src],
                       check=True)
    return {"bin/evdev-reader": (open(reader, "rb").read(), 0o755)}


def prepare_guest(build_dir):
    """→ (kernel, initrd) or raises GuestUnavailable"""
    kernel = debian_guest.Kernel("686")
    initrd = debian_guest.build_initramfs(kernel, modules=["evdev", "psmouse"],
                                          files=guest_files(build_dir))
    return kernel, initrd


def read_events(con):
    status, out = con.run("cat /tmp/ev")
    return out.splitlines()


def start_reader(con):
    # psmouse takes a few seconds to probe the mouse's protocols
    con.run("for i in $(seq 100); do grep -q 'N: Name=.*Mouse' /proc/bus/input/devices && break;"
            " sleep 0.2; done", timeout=60)
    con.run("evdev-reader > /tmp/ev 2>&1 & true")
    for _ in range(50):
        lines = read_events(con)
        if any(l.startswith("READY") for l in lines):
            return lines
        time.sleep(0.1)
    raise ConsoleError("evdev-reader did not start: %r" % read_events(con))


def new_events(con, seen):
    lines = read_events(con)
    return lines[seen:], len(lines)


def wait_events(con, seen, want_count, timeout=10):
    """Events after the first SEEN lines, once at least WANT_COUNT arrived."""
    deadline = time.monotonic() + timeout
    while True:
        ev, total = new_events(con, seen)
        if len(ev) >= want_count or time.monotonic() > deadline:
            return ev, total
        time.sleep(0.2)


def key_events(lines):
    return [tuple(int(x) for x in l.split()[1:]) for l in lines if l.startswith("KEY ")]


def rel_events(lines):
    return [tuple(int(x) for x in l.split()[1:]) for l in lines if l.startswith("REL ")]


def test_sendkey_all(con, mon, seen):
    """Every key, one after the other, then one look at what the guest saw."""
    want = []
    for name, code in KEYS.items():
        mon.cmd("sendkey %s 10" % name)
        time.sleep(0.04)
        want += [(code, 1), (code, 0)]
    ev, seen = wait_events(con, seen, len(want), timeout=15)
    got = key_events(ev)
    bad = []
    names = list(KEYS)
    for i, name in enumerate(names):
        pair = got[2 * i:2 * i + 2]
        if pair != want[2 * i:2 * i + 2]:
            bad.append("%s: %s" % (name, pair))
            break       # the rest is out of step
    check("guest/sendkey-every-key", not bad and len(got) == len(want),
          "%d key events for %d keys; first wrong: %s" % (len(got), len(KEYS), "; ".join(bad)))
    return seen


def test_mouse(con, mon, seen, move, wait_for):
    """move(): sends the input; wait_for: how many event lines to expect"""
    move()
    ev, seen = wait_events(con, seen, wait_for)
    return ev, seen


def run_guest(args, kernel, initrd, tmp):
    sock = os.path.join(tmp, "mon-guest.sock")
    argv = [args.emulator, "-m", "256", "-nographic", "-no-reboot",
            "-monitor", "unix:%s,server=on,wait=off" % sock,
            "-kernel", kernel.vmlinuz, "-initrd", initrd,
            "-append", "console=ttyS0 panic=-1"]
    con = GuestConsole(argv, os.path.join(args.build, "tests", "ui", "guest.log"))
    try:
        con.expect(r"GUEST-INIT-READY", 60)
        con.expect(r"# ", 30)
        mon = Monitor(sock)
        lines = start_reader(con)
        devs = " ".join(l for l in lines if l.startswith("DEV"))
        check("guest/input-devices", "AT Translated Set 2 keyboard" in devs and
              "PS/2" in devs, "the guest found no PS/2 keyboard and mouse: %s" % devs)
        seen = len(lines)
        seen = test_sendkey_all(con, mon, seen)

        ev, seen = test_mouse(con, mon, seen, lambda: mon.cmd("mouse_move 10 -5"), 2)
        rel = rel_events(ev)
        check("guest/mouse-move", (REL_X, 10) in rel and (REL_Y, -5) in rel,
              "mouse_move 10 -5 gave %s" % rel)
        ev, seen = test_mouse(con, mon, seen, lambda: mon.cmd("mouse_move 0 0 -2"), 1)
        check("guest/mouse-wheel", (REL_WHEEL, -2) in rel_events(ev),
              "mouse_move 0 0 -2 gave %s" % ev)
        ev, seen = test_mouse(con, mon, seen,
                              lambda: (mon.cmd("mouse_button 1"), mon.cmd("mouse_button 6"),
                                       mon.cmd("mouse_button 0")), 6)
        keys = key_events(ev)
        check("guest/mouse-buttons", keys == [(BTN_LEFT, 1), (BTN_LEFT, 0), (BTN_RIGHT, 1),
                                              (BTN_MIDDLE, 1), (BTN_RIGHT, 0), (BTN_MIDDLE, 0)]
              or sorted(keys) == sorted([(BTN_LEFT, 1), (BTN_LEFT, 0), (BTN_RIGHT, 1),
                                         (BTN_MIDDLE, 1), (BTN_RIGHT, 0), (BTN_MIDDLE, 0)]),
              "mouse_button 1, 6, 0 gave %s" % keys)
        mice = mon.cmd("info mice")
        check("guest/info-mice", "* Mouse #0: QEMU PS/2 Mouse" in mice, "info mice: %r" % mice)
        out = mon.cmd("sendkey nosuchkey")
        check("guest/sendkey-bad-name", "nosuchkey" in out, "sendkey nosuchkey: %r" % out)
        con.send("poweroff -f\n")
        status = con.wait_exit(30)
        check("guest/poweroff", status == 0, "exit status %s" % status)
    except ConsoleError as e:
        report("FAIL", "guest", str(e))
    finally:
        if con.proc.poll() is None:
            con.proc.kill()
            con.proc.wait()


def run_lfb_headless(args, env, extra=()):
    """lfb-kernel.elf without -display: → (status, stdout, stderr)"""
    kernel = os.path.join(args.build, "tests", "ui", "lfb-kernel.elf")
    argv = [args.emulator] + list(extra) + ["-serial", "stdio", "-device",
                                            "isa-debug-exit,iobase=0xf4,iosize=0x4", "-kernel", kernel]
    with tempfile.TemporaryFile() as err_file:
        proc = subprocess.Popen(argv, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=err_file)
        out = b""
        deadline = time.monotonic() + 30
        # the guest reads its serial port once it is READY
        while b"READY" not in out and time.monotonic() < deadline:
            ready, _, _ = select.select([proc.stdout], [], [], 1)
            chunk = os.read(proc.stdout.fileno(), 4096) if ready else b""
            if ready and not chunk:
                break
            out += chunk
        try:
            if b"READY" in out:
                proc.stdin.write(b"q")
                proc.stdin.flush()
            out += proc.communicate(timeout=30)[0]
        except (subprocess.TimeoutExpired, BrokenPipeError):
            proc.kill()
            out += proc.communicate()[0]
        err_file.seek(0)
        err = err_file.read()
    return proc.returncode, out.decode(errors="replace"), err.decode(errors="replace").strip()


def test_default_display(args):
    """Without a display server the default is no window, silently; asking
    for SDL then is one clear error."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    status, out, err = run_lfb_headless(args, env)
    check("default-display/no-server", status == 1 and "READY" in out and not err,
          "without DISPLAY: status %s, stderr %r" % (status, err))
    status, out, err = run_lfb_headless(args, dict(env, DISPLAY=":4242"))
    check("default-display/unreachable-server", status == 1 and "READY" in out and not err,
          "with DISPLAY=:4242 (no server): status %s, stderr %r" % (status, err))
    status, out, err = run_lfb_headless(args, env, ["-display", "sdl"])
    check("default-display/sdl-needs-server", status == 1 and "READY" not in out and
          "-display sdl" in err and len(err.splitlines()) == 1,
          "-display sdl without DISPLAY: status %s, stderr %r" % (status, err))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--emulator")
    ap.add_argument("--only", choices=["guest", "sdl"])
    args = ap.parse_args()
    args.build = os.path.abspath(args.build)
    args.emulator = os.path.abspath(args.emulator or os.path.join(args.build, "qemu-system-i386"))
    os.makedirs(os.path.join(args.build, "tests", "ui"), exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        try:
            kernel, initrd = prepare_guest(args.build)
        except debian_guest.GuestUnavailable as e:
            kernel = initrd = None
            report("SKIP", "guest", "no Debian guest: %s" % e)
        if args.only in (None, "guest"):
            test_default_display(args)
        if kernel and args.only in (None, "guest"):
            run_guest(args, kernel, initrd, tmp)
        if args.only in (None, "sdl"):
            import sdl_checks
            sdl_checks.run(args, kernel, initrd, tmp, report, check, Monitor, sys.modules[__name__])
    return 1 if results["fail"] else 0


if __name__ == "__main__":
    sys.exit(main())
