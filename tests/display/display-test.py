#!/usr/bin/env python3
"""The display group: the PCI VGA seen through the monitor's screendump.

usage: display-test.py --build BUILD_DIR [--emulator EMU] [--only NAME...] [--keep DIR]

  seabios   SeaBIOS and its VGA BIOS (vgabios-stdvga.bin, run from the
            VGA's ROM BAR) in text mode: the banner and "No bootable
            device" read back from 0xb8000 with `xp`, and the 720x400
            screendump compared pixel by pixel with the text drawn in the
            VGA BIOS's own 8x16 font (the glyphs the BIOS loaded into
            plane 2).
  kernel    tests/display/vga-kernel.elf: its own PASS/FAIL lines (guest-
            side register and memory checks), then the pictures it draws
            (mode 13h, 640x480x16 planar with all write modes, VBE
            1024x768x32 through the LFB, VBE 640x480x16 through the bank
            window) compared pixel by pixel, absurd modes that must give
            a clamped or blank screen, and rounds of random register
            values, each screendumped, with the emulator alive.
  linux     Debian's 686 kernel with bochs-drm: fbcon text on /dev/tty1
            and a block pattern written to /dev/fb0 by the guest, found
            exactly in the screendump (SKIP without Debian's packages).

Prints PASS/FAIL/SKIP lines for tests/run-tests.sh.
"""

import argparse
import lzma
import os
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True      # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(HERE, "..", "guest"))
import debian_guest                      # noqa: E402
from guest_console import ConsoleError, GuestConsole   # noqa: E402

failures = 0


def result(name, ok, why=""):
    global failures
    if ok:
        print("PASS display/%s" % name, flush=True)
    else:
        failures += 1
        print("FAIL display/%s: %s" % (name, why), flush=True)
    return ok


def skip(name, why):
    print("SKIP display/%s: %s" % (name, why), flush=True)


# ---- the monitor over a Unix socket ----------------------------------------------

class Monitor:
    def __init__(self, path, timeout=20):
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
                time.sleep(0.05)
        self.sock.settimeout(60)
        self._until_prompt()

    def _until_prompt(self):
        out = b""
        while not out.rstrip().endswith(b"(qemu)"):
            data = self.sock.recv(1 << 20)
            if not data:
                raise ConnectionError("the monitor closed: %r" % out[-200:])
            out += data
        return out.decode("latin-1").replace("\r", "")

    def cmd(self, line):
        self.sock.sendall(line.encode() + b"\n")
        out = self._until_prompt()
        # drop the echoed command and the prompt
        lines = out.split("\n")
        return "\n".join(l for l in lines[1:-1])

    def close(self):
        self.sock.close()


def read_ppm(path, header_only=False):
    """(width, height, RGB bytes) of a binary PPM (no bytes with header_only)."""
    data = open(path, "rb").read(64 if header_only else -1)
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos)
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    if fields[0] != b"P6" or fields[3] != b"255":
        raise ValueError("not an 8-bit binary PPM: %r" % fields)
    w, h = int(fields[1]), int(fields[2])
    if header_only:
        return w, h, b""
    pixels = data[pos + 1:pos + 1 + w * h * 3]
    if len(pixels) != w * h * 3:
        raise ValueError("short PPM: %d bytes for %dx%d" % (len(pixels), w, h))
    return w, h, pixels


def screendump(mon, tmp, name, header_only=False):
    path = os.path.join(tmp, name + ".ppm")
    if os.path.exists(path):
        os.unlink(path)
    out = mon.cmd("screendump " + path)
    if not os.path.exists(path):
        raise RuntimeError("screendump wrote nothing: %r" % out)
    return read_ppm(path, header_only)


def compare_image(name, got, want_w, want_h, want_pixel):
    """Every pixel of GOT (w, h, rgb) against want_pixel(x, y) -> (r, g, b)."""
    w, h, rgb = got
    if (w, h) != (want_w, want_h):
        return result(name, False, "screen is %dx%d, expected %dx%d" % (w, h, want_w, want_h))
    for y in range(h):
        row = rgb[y * w * 3:(y + 1) * w * 3]
        want = bytearray()
        for x in range(w):
            want += bytes(want_pixel(x, y))
        if row != want:
            for x in range(w):
                if row[x * 3:x * 3 + 3] != want[x * 3:x * 3 + 3]:
                    return result(name, False, "pixel (%d,%d) is %s, expected %s"
                                  % (x, y, row[x * 3:x * 3 + 3].hex(), want[x * 3:x * 3 + 3].hex()))
    return result(name, True)


def start_emulator(emu, args, tmp, log_name):
    sock = os.path.join(tmp, "mon-%s.sock" % log_name)
    argv = [emu, "-display", "none", "-monitor", "unix:%s,server=on,wait=off" % sock] + args
    con = GuestConsole(argv, os.path.join(tmp, log_name + ".log"))
    try:
        mon = Monitor(sock)
    except OSError as e:
        con.proc.kill()
        raise ConsoleError("no monitor socket: %s" % e)
    return con, mon


def stop_emulator(con, mon):
    try:
        mon.sock.sendall(b"quit\n")
        mon.close()
    except OSError:
        pass
    try:
        con.proc.wait(10)
    except subprocess.TimeoutExpired:
        con.proc.kill()
        con.proc.wait()


# ---- the VGA BIOS font and text rendering -----------------------------------------

# The IBM VGA glyph of 'A', to find the 8x16 font inside the VGA BIOS.
GLYPH_A = bytes([0, 0, 0x10, 0x38, 0x6c, 0xc6, 0xc6, 0xfe, 0xc6, 0xc6, 0xc6, 0xc6, 0, 0, 0, 0])
# The VGA BIOS's 16 text colours (its default DAC and attribute palette).
TEXT_COLOURS = [(0, 0, 0), (0, 0, 0xaa), (0, 0xaa, 0), (0, 0xaa, 0xaa), (0xaa, 0, 0),
                (0xaa, 0, 0xaa), (0xaa, 0x55, 0), (0xaa, 0xaa, 0xaa), (0x55, 0x55, 0x55),
                (0x55, 0x55, 0xff), (0x55, 0xff, 0x55), (0x55, 0xff, 0xff), (0xff, 0x55, 0x55),
                (0xff, 0x55, 0xff), (0xff, 0xff, 0x55), (0xff, 0xff, 0xff)]


def vga_bios_font(build):
    rom = open(os.path.join(build, "pc-bios", "vgabios-stdvga.bin"), "rb").read()
    pos = rom.find(GLYPH_A)
    if pos < 0x41 * 16:
        raise ValueError("no 8x16 font in vgabios-stdvga.bin")
    return rom[pos - 0x41 * 16:pos - 0x41 * 16 + 256 * 16]


def read_text_screen(mon):
    """80x25 (char, attr) pairs from 0xb8000 through xp."""
    out = mon.cmd("xp /2000hx 0xb8000")
    cells = []
    for line in out.split("\n"):
        if ":" in line:
            cells += [int(v, 16) for v in line.split(":", 1)[1].split()]
    if len(cells) != 2000:
        raise ValueError("xp gave %d cells: %r" % (len(cells), out[:200]))
    return [(c & 0xff, c >> 8) for c in cells]


def text_lines(cells):
    return ["".join(chr(ch) if 32 <= ch < 127 else " " for ch, _ in cells[r * 80:(r + 1) * 80])
            for r in range(25)]


def check_text_render(name, shot, cells, font):
    """Each 9x16 cell of the dump against the glyph in the BIOS font; the
    blinking cursor may differ in its cell's bottom rows."""
    w, h, rgb = shot
    if (w, h) != (720, 400):
        return result(name, False, "text screen is %dx%d, expected 720x400" % (w, h))
    cursor = None
    for r in range(25):
        for c in range(80):
            ch, attr = cells[r * 80 + c]
            fg, bg = TEXT_COLOURS[attr & 15], TEXT_COLOURS[(attr >> 4) & 7]
            for y in range(16):
                bits = font[ch * 16 + y] << 1
                if 0xc0 <= ch <= 0xdf:
                    bits |= bits >> 1 & 1
                for x in range(9):
                    want = fg if bits >> (8 - x) & 1 else bg
                    off = ((r * 16 + y) * 720 + c * 9 + x) * 3
                    if tuple(rgb[off:off + 3]) != want:
                        # the cursor's underline, in the foreground colour, in one cell
                        if y >= 13 and cursor in (None, (c, r)) and tuple(rgb[off:off + 3]) == fg:
                            cursor = (c, r)
                            continue
                        return result(name, False, "cell (%d,%d) %r: pixel (%d,%d) is %s, not %s"
                                      % (c, r, chr(ch), x, y, bytes(rgb[off:off + 3]).hex(),
                                         bytes(want).hex()))
    return result(name, True)


def check_cursor_blink(name, mon, tmp, first):
    """Screendumps over a second differ in one cell's bottom rows only: the cursor."""
    w, h, rgb0 = first
    changed = set()
    for i in range(8):
        time.sleep(0.15)
        _, _, rgb = screendump(mon, tmp, "blink%d" % i)
        for y in range(h):
            row0, row = rgb0[y * w * 3:(y + 1) * w * 3], rgb[y * w * 3:(y + 1) * w * 3]
            if row0 != row:
                changed |= {(x // 27, y) for x in range(0, w * 3, 3) if row0[x:x + 3] != row[x:x + 3]}
    cells = {(c, y // 16) for c, y in changed}
    lines = {y % 16 for c, y in changed}
    return result(name, len(cells) == 1 and min(lines) >= 13,
                  "changed cells %s, scanlines %s (want one cell, its bottom rows)"
                  % (sorted(cells)[:5], sorted(lines)))


def test_seabios(emu, build, tmp):
    try:
        con, mon = start_emulator(emu, ["-serial", "none", "-m", "64"], tmp, "seabios")
    except ConsoleError as e:
        return result("seabios-start", False, str(e))
    try:
        deadline = time.monotonic() + 60
        lines = []
        while time.monotonic() < deadline:
            lines = text_lines(read_text_screen(mon))
            if any("No bootable device" in l for l in lines):
                break
            time.sleep(0.5)
        text = "\n".join(lines)
        result("seabios-banner-text", "SeaBIOS (version" in text,
               "no 'SeaBIOS (version' at 0xb8000: %r" % text.strip()[:300])
        result("seabios-no-bootable-device", "No bootable device" in text,
               "no 'No bootable device' at 0xb8000 within 60 s: %r" % text.strip()[-300:])
        cells = read_text_screen(mon)
        shot = screendump(mon, tmp, "seabios")
        check_text_render("seabios-text-rendering", shot, cells, vga_bios_font(build))
        check_cursor_blink("seabios-cursor-blinks", mon, tmp, shot)
    except (OSError, ValueError, RuntimeError) as e:
        result("seabios", False, str(e))
    finally:
        stop_emulator(con, mon)


# ---- the test kernel's pictures ------------------------------------------------------

def dac6(i):
    """the test palette: DAC entry i = (i, 63 - i, 5i) in 6 bits, shown in 8"""
    v = (i & 63, (63 - i) & 63, (i * 5) & 63)
    return tuple((c << 2) | (c >> 4) for c in v)


MODE12H_AR = [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07,
              0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f]


def mode12h_colour(x, y):
    base = (x ^ y) & 15
    if 200 <= y < 216:
        return (x ^ (y - 200)) & 15
    if 64 <= y < 96:
        if 64 <= x < 128:
            return 10
        if 192 <= x < 256:
            return 5 if (x - 192) % 2 == 0 else base
        if 320 <= x < 384:
            return base ^ 15
    return base


def expand5(v):
    return (v << 3) | (v >> 2)


def expand6(v):
    return (v << 2) | (v >> 4)


PICTURES = {
    "mode13h": (640, 400, lambda x, y: DAC[((x >> 1) + 3 * (y >> 1)) & 255]),
    "mode12h": (640, 480, lambda x, y: DAC[MODE12H_AR[mode12h_colour(x, y)]]),
    "vbe1024x768x32": (1024, 768, lambda x, y: ((x * 3) & 255, (y * 5) & 255, (x + y) & 255)),
    "vbe640x480x16-banked": (640, 480, lambda x, y: (expand5(x & 31), expand6(y & 63),
                                                      expand5((x + y) & 31))),
}
DAC = [dac6(i) for i in range(256)]

FUZZ_ROUNDS = 40                # vga-kernel.c's rounds of random register values

# absurd modes: what the clamped screen must measure (and whether it is black)
ABSURD = {
    "absurd-huge": (16000, 262, False),
    "absurd-offsets": (1024, 768, False),
    "absurd-bpp": (800, 600, False),
    "absurd-crtc": (2048, 1024, False),
    "absurd-text": (2048, 1024, False),
    "blank": (None, None, True),        # the last size shown, all black
}


def test_kernel(emu, build, tmp):
    kernel = os.path.join(build, "tests", "display", "vga-kernel.elf")
    try:
        con, mon = start_emulator(emu, ["-nodefaults", "-vga", "std", "-serial", "stdio",
                                        "-device", "isa-debug-exit,iobase=0xf4,iosize=0x4",
                                        "-kernel", kernel], tmp, "kernel")
    except ConsoleError as e:
        return result("kernel-start", False, str(e))
    seen = set()
    fuzz_shots = 0
    try:
        while True:
            m = con.expect(r"(?m)^(READY (\S+)|DONE.*)$", 120)
            if not m.group(2):
                break
            name = m.group(2)
            seen.add(name)
            shot = screendump(mon, tmp, name, header_only=name.startswith("fuzz-"))
            if name in PICTURES:
                w, h, fn = PICTURES[name]
                compare_image("picture-" + name, shot, w, h, fn)
            elif name.startswith("fuzz-"):
                fuzz_shots += 1
                if not (0 < shot[0] <= 16384 and 0 < shot[1] <= 16384):
                    result("renderer-fuzz", False, "%s: screen is %dx%d" % (name, shot[0], shot[1]))
            elif name in ABSURD:
                w, h, black = ABSURD[name]
                ok = w is None or (shot[0], shot[1]) == (w, h)
                why = "screen is %dx%d, expected %sx%s" % (shot[0], shot[1], w, h)
                if ok and black and any(shot[2]):
                    ok, why = False, "not blank"
                result(name, ok, why)
            else:
                result(name, False, "unknown picture")
            con.send("n")
    except (ConsoleError, OSError, ValueError, RuntimeError) as e:
        result("kernel", False, str(e))
    finally:
        try:
            con.proc.wait(20)
        except subprocess.TimeoutExpired:
            pass
        stop_emulator(con, mon)
    # the kernel's own checks, from the whole log
    for line in open(os.path.join(tmp, "kernel.log"), errors="replace"):
        line = line.rstrip("\r\n")
        if line.startswith("PASS vga/") or line.startswith("FAIL vga/"):
            print(line.replace(" vga/", " display/kernel-", 1), flush=True)
            if line.startswith("FAIL"):
                global failures
                failures += 1
    missing = set(PICTURES) | set(ABSURD)
    missing -= seen
    result("kernel-all-pictures", not missing, "never drawn: %s" % " ".join(sorted(missing)))
    result("renderer-fuzz", fuzz_shots == FUZZ_ROUNDS,
           "%d of %d screendumps of random register values" % (fuzz_shots, FUZZ_ROUNDS))
    result("kernel-exit", con.proc.returncode == 1,
           "exit status %s (1: all the kernel's checks passed)" % con.proc.returncode)


# ---- Linux: bochs-drm and fbcon -------------------------------------------------------

FB_ROWS = (400, 600)            # the rows the guest fills with the block pattern


def fb_pattern(width):
    """32-bit pixels for rows FB_ROWS: 16x16 blocks of colours from the block index."""
    out = bytearray()
    for y in range(*FB_ROWS):
        for x in range(width):
            bx, by = x >> 4, y >> 4
            out += bytes((((bx * 37) ^ by) & 255, ((by * 59) + bx) & 255, (bx * by) & 255, 0))
    return bytes(out)


# Linux 6.1's fbdev emulation drops the damage of a write that covers exactly
# one whole scanline (its clip gets x2 = 0), so the pattern goes in 64 KiB
# writes (16 lines at 1024x32): row 400 is offset 25 * 64 KiB.
GUEST_SCRIPT = r"""
i=0
while [ ! -e /dev/fb0 ] && [ $i -lt 50 ]; do sleep 0.2; i=$((i+1)); done
echo "FB-NAME $(cat /sys/class/graphics/fb0/name)"
echo "FB-SIZE $(cat /sys/class/graphics/fb0/virtual_size) $(cat /sys/class/graphics/fb0/bits_per_pixel) $(cat /sys/class/graphics/fb0/stride)"
printf '\033[2J\033[H\033[?25lVGA FBCON TEST 1234\n' > /dev/tty1
dd if=/pattern.raw of=/dev/fb0 bs=65536 seek=25 2>/dev/null
echo FB-READY
read line
"""


def test_linux(emu, build, tmp):
    try:
        kernel = debian_guest.Kernel("686")
        width = 1024
        pattern = fb_pattern(width)
        initrd = debian_guest.build_initramfs(kernel, ["bochs"], {
            "fbtest.sh": (GUEST_SCRIPT.encode(), 0o755),
            "pattern.raw": (pattern, 0o644),
        })
    except debian_guest.GuestUnavailable as e:
        skip("linux-fbcon", "Debian's kernel is not at hand: %s" % e)
        return
    try:
        con, mon = start_emulator(emu, ["-nodefaults", "-vga", "std", "-serial", "stdio", "-m", "256",
                                        "-kernel", kernel.vmlinuz, "-initrd", initrd,
                                        "-append", "console=ttyS0 guest_run=/fbtest.sh"],
                                  tmp, "linux")
    except ConsoleError as e:
        return result("linux-start", False, str(e))
    try:
        m = con.expect(r"FB-NAME (\S+)", 120)
        result("linux-bochs-drm", "bochs" in m.group(1), "fb0 is %r, not bochs-drm" % m.group(1))
        m = con.expect(r"FB-SIZE (\d+),(\d+) (\d+) (\d+)", 30)
        size = tuple(int(v) for v in m.groups())
        result("linux-fb-mode", size[0] == width and size[2] == 32 and size[3] == width * 4,
               "fb0 is %s (want %d wide, 32 bpp, stride %d)" % (m.group(0), width, width * 4))
        con.expect(r"FB-READY", 60)
        # fbdev writes reach video memory through the DRM helper's deferred
        # flush: look again for a few seconds before calling it missing
        for _ in range(20):
            shot = screendump(mon, tmp, "linux")
            why = fb_pattern_difference(shot, pattern, width)
            if not why:
                break
            time.sleep(0.5)
        result("linux-fb0-pattern", not why, why)
        check_fbcon_text("linux-fbcon-text", shot, "VGA FBCON TEST 1234", linux_font(kernel.vmlinuz))
        con.send("\n")
    except (ConsoleError, OSError, ValueError, RuntimeError) as e:
        result("linux", False, str(e))
    finally:
        stop_emulator(con, mon)


def fb_pattern_difference(shot, pattern, width):
    """None if rows FB_ROWS of the screendump show the guest's pattern"""
    w, h, rgb = shot
    if w != width or h < FB_ROWS[1]:
        return "screen is %dx%d" % (w, h)
    for i, y in enumerate(range(*FB_ROWS)):
        got = rgb[y * w * 3:(y + 1) * w * 3]
        row = pattern[i * width * 4:(i + 1) * width * 4]
        want = bytearray(width * 3)
        want[0::3], want[1::3], want[2::3] = row[2::4], row[1::4], row[0::4]
        if got != want:
            return "row %d of the /dev/fb0 pattern differs" % y
    return None


def linux_font(vmlinuz):
    """fbcon's VGA 8x16 font, from the kernel image itself (XZ-compressed)"""
    image = open(vmlinuz, "rb").read()
    start = image.find(b"\xfd7zXZ\x00")
    if start < 0:
        raise ValueError("%s: no XZ payload" % vmlinuz)
    kernel = lzma.LZMADecompressor().decompress(image[start:])
    pos = kernel.find(GLYPH_A)
    if pos < 0x41 * 16:
        raise ValueError("%s: no 8x16 font" % vmlinuz)
    return kernel[pos - 0x41 * 16:pos - 0x41 * 16 + 256 * 16]


def check_fbcon_text(name, shot, text, font):
    """fbcon's 8x16 VGA font draws the same glyphs: the text at the top left,
    foreground wherever the glyph has a dot, background elsewhere."""
    w, h, rgb = shot
    bg = tuple(rgb[0:3]) if text[0] == " " else None
    fg = None
    for i, ch in enumerate(text):
        for y in range(16):
            bits = font[ord(ch) * 16 + y]
            for x in range(8):
                off = (y * w + i * 8 + x) * 3
                px = tuple(rgb[off:off + 3])
                if bits >> (7 - x) & 1:
                    fg = fg or px
                    ok = px == fg
                else:
                    bg = bg or px
                    ok = px == bg
                if not ok or fg == bg:
                    return result(name, False, "character %d %r differs at (%d,%d): %s"
                                  % (i, ch, x, y, bytes(px).hex()))
    return result(name, True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", required=True)
    ap.add_argument("--emulator")
    ap.add_argument("--only", action="append", choices=("seabios", "kernel", "linux"))
    ap.add_argument("--keep", metavar="DIR", help="keep the logs and screendumps in DIR")
    args = ap.parse_args()
    emu = args.emulator or os.path.join(args.build, "qemu-system-i386")
    tests = {"seabios": test_seabios, "kernel": test_kernel, "linux": test_linux}
    if args.keep:
        os.makedirs(args.keep, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="display-test.") as tmp:
        for name in args.only or tests:
            tests[name](emu, args.build, args.keep or tmp)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
