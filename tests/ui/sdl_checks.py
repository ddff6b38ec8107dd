"""The SDL window under Xvfb (part of ui-test.py): see its docstring."""

import os
import re
import shutil
import subprocess
import time

from guest_console import GuestConsole, ConsoleError

HERE = os.path.dirname(os.path.abspath(__file__))
TOOLS = ("Xvfb", "xdotool", "xwd", "convert")
TITLE = "QEMU (ui-test)"
GRAB_HINT = "Press Ctrl-Alt-G to exit grab"


class Xvfb:
    """A virtual X server on a display number of its own choosing."""

    def __init__(self):
        r, w = os.pipe()
        self.proc = subprocess.Popen(["Xvfb", "-displayfd", str(w), "-screen", "0", "1920x1200x24",
                                      "-nolisten", "tcp"], pass_fds=(w,),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(w)
        number = b""
        while not number.endswith(b"\n"):
            chunk = os.read(r, 16)
            if not chunk:
                break
            number += chunk
        os.close(r)
        if not number.strip():
            self.proc.kill()
            raise RuntimeError("Xvfb did not start")
        self.display = ":" + number.decode().strip()
        self.env = dict(os.environ, DISPLAY=self.display)

    def run(self, *argv, check=True):
        return subprocess.run(argv, env=self.env, capture_output=True, text=True, timeout=20,
                              check=check).stdout.strip()

    def find_window(self, name, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ids = self.run("xdotool", "search", "--name", "^" + re.escape(name), check=False).split()
            if ids:
                return ids[0]
            time.sleep(0.2)
        raise ConsoleError("no window named %r" % name)

    def title(self, wid):
        return self.run("xdotool", "getwindowname", wid)

    def size(self, wid):
        out = self.run("xdotool", "getwindowgeometry", "--shell", wid)
        vals = dict(l.split("=", 1) for l in out.splitlines() if "=" in l)
        return int(vals["WIDTH"]), int(vals["HEIGHT"])

    def capture(self, wid, path):
        """The window's pixels as a binary PPM at PATH → (width, height, bytes)"""
        xwd = subprocess.run(["xwd", "-id", wid, "-silent"], env=self.env, capture_output=True,
                             timeout=20, check=True).stdout
        subprocess.run(["convert", "xwd:-", "ppm:" + path], input=xwd, timeout=20, check=True)
        return read_ppm(path)

    def close(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def read_ppm(path):
    data = open(path, "rb").read()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace() or data[pos:pos + 1] == b"#":
            if data[pos:pos + 1] == b"#":       # a comment, to the end of the line
                pos = data.index(b"\n", pos)
            pos += 1
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    if fields[0] != b"P6" or fields[3] != b"255":
        raise ConsoleError("%s is not an 8-bit binary PPM" % path)
    return int(fields[1]), int(fields[2]), data[pos + 1:]


def pixel(img, x, y):
    w, _h, px = img
    i = (y * w + x) * 3
    return tuple(px[i:i + 3])


def wait_for(what, predicate, timeout=10):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.2)


def lfb_checks(args, x, tmp, check, Monitor):
    kernel = os.path.join(args.build, "tests", "ui", "lfb-kernel.elf")
    sock = os.path.join(tmp, "mon-sdl.sock")
    argv = [args.emulator, "-display", "sdl", "-name", "ui-test", "-serial", "stdio",
            "-monitor", "unix:%s,server=on,wait=off" % sock,
            "-chardev", "vc,id=vcmon", "-mon", "chardev=vcmon",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=0x4", "-kernel", kernel]
    os.environ["DISPLAY"] = x.display
    con = GuestConsole(argv, os.path.join(args.build, "tests", "ui", "sdl-lfb.log"))
    try:
        con.expect(r"READY", 30)
        mon = Monitor(sock)
        wid = x.find_window(TITLE)
        check("sdl/title", x.title(wid) == TITLE, "window title %r" % x.title(wid))
        size = wait_for("size", lambda: x.size(wid) == (1024, 768) and x.size(wid), 10)
        check("sdl/window-follows-mode", size == (1024, 768),
              "window %s for a 1024x768 mode" % (x.size(wid),))

        # what the window shows is exactly our own screendump
        dump_path = os.path.join(tmp, "dump.ppm")
        out = mon.cmd("screendump %s" % dump_path)
        dump = read_ppm(dump_path)
        check("sdl/screendump-picture", dump[:2] == (1024, 768) and
              pixel(dump, 100, 100) == (255, 0, 0) and pixel(dump, 900, 100) == (0, 255, 0) and
              pixel(dump, 100, 700) == (0, 0, 255) and pixel(dump, 900, 700) == (255, 255, 0) and
              pixel(dump, 2, 2) == (255, 255, 255),
              "the screendump (%r) is not the kernel's picture: %s" % (out, [
                  pixel(dump, 100, 100), pixel(dump, 900, 100)] if dump[:2] == (1024, 768)
                  else dump[:2]))
        win_path = os.path.join(tmp, "window.ppm")
        same = wait_for("same", lambda: x.capture(wid, win_path) == dump, 5)
        win = read_ppm(win_path)
        if not same:
            keep = os.path.join(args.build, "tests", "ui", "sdl-window.ppm")
            shutil.copy(win_path, keep)
            shutil.copy(dump_path, os.path.join(args.build, "tests", "ui", "sdl-dump.ppm"))
        check("sdl/window-shows-screen", same,
              "the window (%dx%d) differs from the screendump (kept as %s)"
              % (win[:2] + (os.path.join(args.build, "tests", "ui", "sdl-window.ppm"),)))

        # resized: the picture is scaled to the window
        x.run("xdotool", "windowsize", wid, "512", "384")
        wait_for("resized", lambda: x.size(wid) == (512, 384), 5)
        time.sleep(0.5)
        small = x.capture(wid, win_path)
        check("sdl/scales-when-resized", small[:2] == (512, 384) and
              pixel(small, 50, 50) == (255, 0, 0) and pixel(small, 450, 50) == (0, 255, 0) and
              pixel(small, 50, 350) == (0, 0, 255) and pixel(small, 450, 350) == (255, 255, 0),
              "a 512x384 window shows %s" % ([pixel(small, 50, 50), pixel(small, 450, 50)]
                                               if small[:2] == (512, 384) else small[:2]))

        # Ctrl-Alt-G grabs and says so in the title; again releases
        x.run("xdotool", "windowfocus", "--sync", wid, check=False)
        x.run("xdotool", "key", "--clearmodifiers", "ctrl+alt+g")
        grabbed = wait_for("grab", lambda: GRAB_HINT in x.title(wid), 5)
        x.run("xdotool", "key", "--clearmodifiers", "ctrl+alt+g")
        released = wait_for("release", lambda: x.title(wid) == TITLE, 5)
        check("sdl/ctrl-alt-g-grab", grabbed and released,
              "title after Ctrl-Alt-G: %r" % x.title(wid))

        mon.cmd("stop")
        paused = wait_for("paused", lambda: x.title(wid) == TITLE + " [Paused]", 5)
        mon.cmd("cont")
        check("sdl/title-paused", paused, "title when stopped: %r" % x.title(wid))

        # Ctrl-Alt-2: the monitor's text console; what is typed there runs
        x.run("xdotool", "key", "--clearmodifiers", "ctrl+alt+2")
        time.sleep(0.5)
        text = x.capture(wid, win_path)
        x.run("xdotool", "type", "stop")
        x.run("xdotool", "key", "Return")
        stopped = wait_for("stopped", lambda: x.title(wid) == TITLE + " [Paused]", 5)
        status = mon.cmd("info status")
        x.run("xdotool", "key", "--clearmodifiers", "ctrl+alt+1")
        mon.cmd("cont")
        time.sleep(0.5)
        back = x.capture(wid, win_path)
        check("sdl/ctrl-alt-2-monitor", stopped and "paused" in status and
              pixel(text, 50, 50) != (255, 0, 0) and pixel(back, 50, 50) == (255, 0, 0),
              "typing stop on Ctrl-Alt-2: title %r, %r; Ctrl-Alt-1 shows %s"
              % (x.title(wid), status.strip(), pixel(back, 50, 50)))

        con.send("q")
        status = con.wait_exit(20)
        check("sdl/lfb-kernel-exit", status == 1, "exit status %s" % status)
    except (ConsoleError, subprocess.SubprocessError, OSError) as e:
        check("sdl/lfb", False, str(e))
    finally:
        if con.proc.poll() is None:
            con.proc.kill()
            con.proc.wait()


def guest_input_checks(args, x, kernel, initrd, tmp, check, Monitor, helpers):
    sock = os.path.join(tmp, "mon-sdl-guest.sock")
    argv = [args.emulator, "-m", "256", "-display", "sdl", "-name", "ui-test",
            "-serial", "stdio", "-monitor", "unix:%s,server=on,wait=off" % sock, "-no-reboot",
            "-kernel", kernel.vmlinuz, "-initrd", initrd, "-append", "console=ttyS0 panic=-1"]
    os.environ["DISPLAY"] = x.display
    con = GuestConsole(argv, os.path.join(args.build, "tests", "ui", "sdl-guest.log"))
    try:
        con.expect(r"GUEST-INIT-READY", 60)
        con.expect(r"# ", 30)
        wid = x.find_window(TITLE)
        seen = len(helpers.start_reader(con))
        x.run("xdotool", "windowfocus", "--sync", wid, check=False)

        # keys typed into the window: plain, shifted, extended, Pause, PrintScreen
        x.run("xdotool", "key", "--window", "0", "a", "shift+b", "Home", "Delete", "KP_Enter",
              "Pause", "Print")
        want = [(30, 1), (30, 0), (42, 1), (48, 1), (48, 0), (42, 0), (102, 1), (102, 0),
                (111, 1), (111, 0), (96, 1), (96, 0), (119, 1), (119, 0), (99, 1), (99, 0)]
        ev, seen = helpers.wait_events(con, seen, len(want))
        got = helpers.key_events(ev)
        # xdotool may release shift before or after b
        shift_b = sorted(got[2:6]) == sorted(want[2:6]) and got[2] == (42, 1) and got[3] == (48, 1)
        check("sdl/keys-reach-guest", got[:2] == want[:2] and shift_b and got[6:] == want[6:],
              "xdotool keys gave %s" % got)

        # a click grabs the mouse; then motion, buttons and the wheel reach the guest
        x.run("xdotool", "mousemove", "--window", wid, "200", "200", "click", "1")
        grabbed = wait_for("grab", lambda: GRAB_HINT in x.title(wid), 5)
        check("sdl/click-grabs", grabbed, "title after a click: %r" % x.title(wid))
        # the first motion after the grab only re-centres the pointer
        x.run("xdotool", "mousemove_relative", "--", "1", "1")
        time.sleep(0.5)
        _, seen = helpers.new_events(con, seen)
        x.run("xdotool", "mousemove_relative", "--", "30", "20")
        time.sleep(0.5)
        x.run("xdotool", "mousemove_relative", "--", "-10", "0")
        ev, seen = helpers.wait_events(con, seen, 3)
        rel = helpers.rel_events(ev)
        dx = sum(v for c, v in rel if c == helpers.REL_X)
        dy = sum(v for c, v in rel if c == helpers.REL_Y)
        check("sdl/mouse-motion", 10 <= dx <= 40 and 10 <= dy <= 40,
              "relative motion 30,20 then -10,0 arrived as dx %d dy %d (%s)" % (dx, dy, rel))
        x.run("xdotool", "click", "1", "click", "3", "click", "4")
        ev, seen = helpers.wait_events(con, seen, 5)
        keys = helpers.key_events(ev)
        wheel = [v for c, v in helpers.rel_events(ev) if c == helpers.REL_WHEEL]
        check("sdl/mouse-buttons-wheel",
              keys == [(helpers.BTN_LEFT, 1), (helpers.BTN_LEFT, 0),
                       (helpers.BTN_RIGHT, 1), (helpers.BTN_RIGHT, 0)] and wheel == [1],
              "clicks 1, 3 and wheel up gave %s, wheel %s" % (keys, wheel))
        x.run("xdotool", "key", "--clearmodifiers", "ctrl+alt+g")
        con.send("poweroff -f\n")
        status = con.wait_exit(30)
        check("sdl/guest-poweroff", status == 0, "exit status %s" % status)
    except (ConsoleError, subprocess.SubprocessError, OSError) as e:
        check("sdl/guest", False, str(e))
    finally:
        if con.proc.poll() is None:
            con.proc.kill()
            con.proc.wait()


def run(args, kernel, initrd, tmp, report, check, Monitor, helpers):
    missing = [t for t in TOOLS if not shutil.which(t)]
    if missing:
        report("SKIP", "sdl", "not installed: %s (xvfb, xdotool, x11-apps, imagemagick)"
               % " ".join(missing))
        return
    help_text = subprocess.run([args.emulator, "-display", "help"], capture_output=True,
                               text=True).stdout
    if "sdl" not in help_text.split():
        report("SKIP", "sdl", "this emulator was built without SDL (libsdl2-dev)")
        return
    x = Xvfb()
    try:
        lfb_checks(args, x, tmp, check, Monitor)
        if kernel:
            guest_input_checks(args, x, kernel, initrd, tmp, check, Monitor, helpers)
    finally:
        x.close()
