#!/usr/bin/env python3
"""The monitor and the character devices, end to end.

Runs the emulator with tests/monitor/monitor-kernel.elf (a guest that
prints "tick N" every 100 ms of virtual time, echoes lines it receives as
"echo: LINE" and powers off on an ACPI power-button press) and talks to it
the way a user would: the monitor on a Unix socket, on -nographic's stdio
mux and on a socket mux; the serial port on a TCP server and client, a Unix
socket and a pty. Prints one `PASS name` / `FAIL name: reason` line per
check. Loopback only; every wait is bounded.

usage: monitor-test.py EMULATOR KERNEL
"""
import os
import re
import select
import socket
import subprocess
import sys
import tempfile
import time

EMU, KERNEL = sys.argv[1], sys.argv[2]
WAIT = 10           # seconds for anything the guest or the emulator should do
BANNER = "monitor-kernel: started"
failures = 0


def report(name, ok, why=""):
    global failures
    if ok:
        print(f"PASS monitor/{name}", flush=True)
    else:
        failures += 1
        print(f"FAIL monitor/{name}: {why}", flush=True)


class Stream:
    """Text arriving on a socket, pipe or pty, read with deadlines."""

    def __init__(self, fd, sock=None):
        self.fd, self.sock, self.buf = fd, sock, ""

    def _read(self, timeout):
        r, _, _ = select.select([self.fd], [], [], max(timeout, 0))
        if not r:
            return False
        try:
            data = self.sock.recv(4096) if self.sock else os.read(self.fd, 4096)
        except OSError:
            data = b""
        if not data:
            raise EOFError
        self.buf += data.decode(errors="replace").replace("\r", "")
        return True

    def expect(self, pattern, timeout=WAIT):
        """Wait for the regex; returns the match, consuming text up to its end."""
        deadline = time.time() + timeout
        while True:
            m = re.search(pattern, self.buf)
            if m:
                self.buf = self.buf[m.end():]
                return m
            try:
                if not self._read(deadline - time.time()) and time.time() >= deadline:
                    return None
            except EOFError:
                return None

    def drain(self, seconds):
        """Everything that comes within seconds."""
        deadline = time.time() + seconds
        try:
            while time.time() < deadline:
                self._read(deadline - time.time())
        except EOFError:
            pass
        text, self.buf = self.buf, ""
        return text

    def send(self, text):
        data = text.encode()
        if self.sock:
            self.sock.sendall(data)
        else:
            os.write(self.fd, data)


def connect(family, addr):
    deadline = time.time() + WAIT
    while True:
        s = socket.socket(family, socket.SOCK_STREAM)
        try:
            s.connect(addr)
            return Stream(s.fileno(), s)
        except OSError:
            s.close()
            if time.time() >= deadline:
                raise
            time.sleep(0.05)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(args, **kw):
    return subprocess.Popen([EMU, "-nodefaults", "-display", "none", "-kernel", KERNEL] + args,
                            stderr=subprocess.PIPE, **kw)


def finish(p, name):
    """The emulator should end by itself with status 0."""
    try:
        rc = p.wait(WAIT)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        report(name, False, "still running")
        return
    report(name, rc == 0, f"exit status {rc}: {p.stderr.read().decode(errors='replace')[-300:]}")


def stop(p):
    if p.poll() is None:
        p.kill()
        p.wait()


def monitor_cmd(mon, cmd):
    """Run a command; its output, up to the next prompt."""
    mon.send(cmd + "\r")
    m = mon.expect(r"\(qemu\) ")
    return mon.buf if m is None else m.string[:m.start()]


def test_monitor_and_tcp_server(tmp):
    """-monitor unix:...,server,nowait and -serial tcp::PORT,server,nowait."""
    sock_path = os.path.join(tmp, "mon.sock")
    port = free_port()
    p = start(["-monitor", f"unix:{sock_path},server,nowait",
               "-serial", f"tcp:127.0.0.1:{port},server,nowait"])
    try:
        mon = connect(socket.AF_UNIX, sock_path)
        report("prompt", mon.expect(r"\(qemu\) ") is not None, f"no prompt: {mon.buf!r}")
        out = monitor_cmd(mon, "help")
        report("help", all(c in out for c in ("info", "stop", "cont", "quit", "system_reset")),
               f"{out!r}")
        out = monitor_cmd(mon, "info status")
        report("info-status-running", "VM status: running" in out, f"{out!r}")
        out = monitor_cmd(mon, "frobnicate")
        report("unknown-command", "unknown command: 'frobnicate'" in out, f"{out!r}")

        ser = connect(socket.AF_INET, ("127.0.0.1", port))
        report("tcp-server-output", ser.expect(r"tick \d+") is not None, f"{ser.buf[-200:]!r}")
        ser.send("hello tcp\r")
        report("tcp-server-input", ser.expect(r"echo: hello tcp") is not None,
               f"{ser.buf[-200:]!r}")

        monitor_cmd(mon, "stop")
        out = monitor_cmd(mon, "info status")
        report("info-status-paused", "VM status: paused" in out, f"{out!r}")
        ser.drain(0.3)      # what was on its way before the stop
        quiet = ser.drain(1.0)
        report("stop-halts-guest", "tick" not in quiet, f"output while stopped: {quiet!r}")
        out = monitor_cmd(mon, "info registers")
        report("info-registers", re.search(r"EAX=[0-9a-f]{8}", out) is not None and
               re.search(r"EIP=[0-9a-f]{8}", out) is not None, f"{out[:200]!r}")
        monitor_cmd(mon, "cont")
        out = monitor_cmd(mon, "info status")
        report("cont", "VM status: running" in out and ser.expect(r"tick \d+") is not None,
               f"{out!r} {ser.buf[-200:]!r}")

        monitor_cmd(mon, "system_reset")
        report("system-reset", ser.expect(BANNER) is not None, f"{ser.buf[-200:]!r}")

        # the server takes the next client after one leaves
        ser.sock.close()
        time.sleep(0.3)
        ser = connect(socket.AF_INET, ("127.0.0.1", port))
        report("tcp-server-reconnect", ser.expect(r"tick \d+") is not None,
               f"{ser.buf[-200:]!r}")

        # so does the monitor
        mon.sock.close()
        time.sleep(0.3)
        mon = connect(socket.AF_UNIX, sock_path)
        ok = mon.expect(r"\(qemu\) ") is not None
        report("monitor-reconnect", ok and "running" in monitor_cmd(mon, "info status"),
               f"{mon.buf!r}")
        mon.send("quit\r")
        finish(p, "quit")
    finally:
        stop(p)


def test_pty_and_powerdown(tmp):
    """-chardev pty + -serial chardev:ID, the monitor on a -chardev socket."""
    sock_path = os.path.join(tmp, "mon2.sock")
    p = start(["-chardev", "pty,id=ser0", "-serial", "chardev:ser0",
               "-chardev", f"socket,id=mon0,path={sock_path},server=on,wait=off",
               "-mon", "chardev=mon0"])
    try:
        line = p.stderr.readline().decode(errors="replace")
        m = re.match(r"char device redirected to (/dev/pts/\d+) \(label ser0\)", line)
        report("pty-message", m is not None, f"{line!r}")
        if not m:
            return
        fd = os.open(m.group(1), os.O_RDWR | os.O_NOCTTY)
        try:
            ser = Stream(fd)
            report("pty-output", ser.expect(r"tick \d+") is not None, f"{ser.buf[-200:]!r}")
            ser.send("ping pty\r")
            report("pty-input", ser.expect(r"echo: ping pty") is not None, f"{ser.buf[-200:]!r}")
            mon = connect(socket.AF_UNIX, sock_path)
            mon.expect(r"\(qemu\) ")
            mon.send("system_powerdown\r")
            report("system-powerdown", ser.expect(r"power button pressed") is not None,
                   f"{ser.buf[-200:]!r}")
            finish(p, "powerdown-exit")
        finally:
            os.close(fd)
    finally:
        stop(p)


def test_stdio_mux():
    """-serial mon:stdio: Ctrl-a c to the monitor and back, Ctrl-a x quits."""
    p = start(["-serial", "mon:stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        out = Stream(p.stdout.fileno())
        inp = Stream(p.stdin.fileno())
        report("mux-serial", out.expect(BANNER) is not None, f"{out.buf[-200:]!r}")
        inp.send("\x01c")
        report("mux-monitor", out.expect(r"\(qemu\) ") is not None, f"{out.buf[-200:]!r}")
        inp.send("info status\r")
        report("mux-info-status", out.expect(r"VM status: running") is not None,
               f"{out.buf[-200:]!r}")
        inp.send("\x01cmux line\r")
        report("mux-back-to-serial", out.expect(r"echo: mux line") is not None,
               f"{out.buf[-200:]!r}")
        inp.send("\x01x")
        report("mux-quit-message", out.expect(r"QEMU: Terminated") is not None,
               f"{out.buf[-200:]!r}")
        finish(p, "mux-quit")
    finally:
        stop(p)


def test_socket_mux():
    """-chardev socket,...,mux=on shared by the serial port and the monitor."""
    port = free_port()
    p = start(["-chardev", f"socket,id=c0,host=127.0.0.1,port={port},server=on,wait=off,mux=on",
               "-serial", "chardev:c0", "-mon", "chardev=c0"])
    try:
        mux = connect(socket.AF_INET, ("127.0.0.1", port))
        report("socket-mux-serial", mux.expect(r"tick \d+") is not None, f"{mux.buf[-200:]!r}")
        mux.send("\x01c")
        report("socket-mux-monitor", mux.expect(r"\(qemu\) ") is not None,
               f"{mux.buf[-200:]!r}")
        mux.send("q\r")
        finish(p, "socket-mux-quit")
    finally:
        stop(p)


def test_tcp_client():
    """-serial tcp:HOST:PORT: the emulator connects at start, so the banner arrives."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(WAIT)
    p = start(["-serial", "tcp:127.0.0.1:%d" % listener.getsockname()[1]])
    try:
        conn, _ = listener.accept()
        ser = Stream(conn.fileno(), conn)
        report("tcp-client-output", ser.expect(BANNER) is not None, f"{ser.buf[-200:]!r}")
        ser.send("hello client\r")
        report("tcp-client-input", ser.expect(r"echo: hello client") is not None,
               f"{ser.buf[-200:]!r}")
        conn.close()
    except OSError as e:
        report("tcp-client", False, f"no connection: {e}")
    finally:
        listener.close()
        stop(p)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        for test in (lambda: test_monitor_and_tcp_server(tmp), lambda: test_pty_and_powerdown(tmp),
                     test_stdio_mux, test_socket_mux, test_tcp_client):
            try:
                test()
            except Exception as e:     # a broken run is a failure, not a crash of the suite
                report("harness", False, f"{type(e).__name__}: {e}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
