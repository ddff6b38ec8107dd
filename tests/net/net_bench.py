"""Network figures for `make bench` (tests/bench/bench.py --part net): the
Debian 686 guest of tests/guest on user-mode networking, the same NIC model
on every emulator in the same run:

  wget-32MiB    the guest downloads 32 MiB from an HTTP server on the host's
                loopback (10.0.2.2): host-to-guest TCP through slirp, MB/s
  nc-16MiB-up   the guest sends 16 MiB with busybox nc to a sink on the
                host: guest-to-host TCP through slirp, MB/s
  httpd-req/s   a host client makes sequential HTTP requests for a small
                file to busybox httpd in the guest through hostfwd, req/s

Times are taken on the host around each step (the console round trip,
tens of milliseconds, is small beside them).
"""

import os
import random
import socket
import sys
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "guest"))
sys.path.insert(0, HERE)
import debian_guest                                     # noqa: E402
from guest_console import GuestConsole, ConsoleError   # noqa: E402
from net_guest import MODULES, UDHCPC_SCRIPT, FileServer, free_port   # noqa: E402

MODELS = ("e1000", "virtio-net-pci")
WGET_BYTES = 32 << 20
NC_BYTES = 16 << 20
REQUEST_SECONDS = 10
TIMEOUT = 300


def note(msg):
    print(msg, file=sys.stderr, flush=True)


class Sink:
    """A TCP server on 127.0.0.1 that reads one connection to its end."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1)
        self.port = self.sock.getsockname()[1]
        self.received = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                while True:
                    data = conn.recv(1 << 16)
                    if not data:
                        break
                    self.received += len(data)

    def close(self):
        self.sock.close()


def requests_per_second(port):
    """Sequential GETs for REQUEST_SECONDS; (rate, error)."""
    url = "http://127.0.0.1:%d/small" % port
    n, t0 = 0, time.monotonic()
    while time.monotonic() - t0 < REQUEST_SECONDS:
        try:
            with urllib.request.urlopen(url, timeout=30) as r:
                if r.read() != b"small file\n":
                    return None, "wrong answer"
        except OSError as e:
            return None, str(e)
        n += 1
    return n / (time.monotonic() - t0), None


def run_one(emulator, kernel, initrd, model, server, log_path):
    """→ {workload: rate or error string}"""
    sink = Sink()
    fwd = free_port()
    argv = [emulator, "-accel", "tcg", "-m", "256", "-nographic", "-no-reboot",
            "-kernel", kernel.vmlinuz, "-initrd", initrd, "-append", "console=ttyS0 panic=-1",
            "-netdev", "user,id=n0,hostfwd=tcp:127.0.0.1:%d-:80" % fwd,
            "-device", "%s,netdev=n0" % model]
    con = GuestConsole(argv, log_path)
    res = {}
    try:
        con.expect(debian_guest.INIT_MARKER, TIMEOUT)
        con.expect(r"# ", TIMEOUT)
        con.run("ip link set eth0 up && udhcpc -i eth0 -s /etc/udhcpc.script -n -q -t 10 -T 2",
                TIMEOUT)
        con.run("dd if=/dev/urandom of=/tmp/up bs=1048576 count=%d 2>/dev/null; "
                "mkdir -p /www && echo 'small file' > /www/small && httpd -p 80 -h /www"
                % (NC_BYTES >> 20), TIMEOUT)

        t0 = time.monotonic()
        status, out = con.run("wget -q -O /dev/null http://10.0.2.2:%d/big32 && echo ok"
                              % server.port, TIMEOUT)
        res["wget-32MiB"] = (WGET_BYTES / (time.monotonic() - t0) / 1e6 if "ok" in out
                             else "wget failed: %r" % out[-100:])

        t0 = time.monotonic()
        status, out = con.run("nc 10.0.2.2 %d < /tmp/up; echo rc=$?" % sink.port, TIMEOUT)
        elapsed = time.monotonic() - t0
        deadline = time.monotonic() + 10
        while sink.received < NC_BYTES and time.monotonic() < deadline:
            time.sleep(0.05)
        res["nc-16MiB-up"] = (NC_BYTES / elapsed / 1e6 if sink.received == NC_BYTES
                              else "the sink got %d bytes (%r)" % (sink.received, out[-100:]))

        rate, err = requests_per_second(fwd)
        res["httpd-req/s"] = rate if rate else "requests failed: %s" % err

        con.send("poweroff\n")
        con.wait_exit(60)
    except ConsoleError as e:
        res["error"] = str(e)[:200]
    finally:
        con.close()
        sink.close()
    return res


def run(build, emulators, out_dir, only, repeat):
    """Prints the table; returns True when a workload could not run."""
    try:
        kernel = debian_guest.Kernel("686")
        initrd = debian_guest.build_initramfs(
            kernel, MODULES, {"etc/udhcpc.script": (UDHCPC_SCRIPT, 0o755)})
    except debian_guest.GuestUnavailable as e:
        print("\nNetwork: skipped: %s" % e)
        return False
    server = FileServer({"big32": random.Random(32).randbytes(WGET_BYTES),
                                  "small": b"small file\n"})
    names = ["wget-32MiB", "nc-16MiB-up", "httpd-req/s"]
    rows, trouble = [], False
    try:
        for model in MODELS:
            if only and model not in only:
                continue
            best = {label: {} for label in emulators}
            for _ in range(repeat):
                for label, emu in emulators.items():
                    r = run_one(emu, kernel, initrd, model, server,
                                os.path.join(out_dir, "net-%s-%s.log" % (model, label)))
                    for k, v in r.items():
                        if isinstance(v, float):
                            if not isinstance(best[label].get(k), float) or v > best[label][k]:
                                best[label][k] = v
                        else:
                            best[label].setdefault(k, v)
            for label, b in best.items():
                for k, v in b.items():
                    if not isinstance(v, float):
                        trouble = True
                        note("  net %s %s under %s: %s" % (model, k, label, v))
            for name in names:
                rows.append(("%s %s" % (model, name), name.endswith("req/s"),
                             {label: best[label].get(name) for label in emulators}))
    finally:
        server.close()
    labels = list(emulators)
    print("\nUser-mode networking (slirp) in the guest: MB/s, requests/s (higher is better)")
    print("  %-28s" % "workload" + "".join(" | %-12s" % l for l in labels) +
          (" | ours/ref" if len(labels) == 2 else ""))
    for name, is_rate, res in rows:
        line = "  %-28s" % name
        vals = []
        for label in labels:
            v = res.get(label)
            if isinstance(v, float):
                line += " | %-12s" % ("%7.1f %s" % (v, "req/s" if is_rate else "MB/s"))
                vals.append(v)
            else:
                line += " | %-12s" % "failed"
                vals.append(None)
        if len(vals) == 2 and None not in vals:
            line += " | %6.2fx" % (vals[0] / vals[1])
        print(line, flush=True)
    return trouble
