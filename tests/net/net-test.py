#!/usr/bin/env python3
"""User-mode networking with real guests: Debian's 686 kernel and busybox
(tests/guest/debian_guest.py) booted once per NIC model (e1000, ne2k_pci,
virtio-net-pci), each through a different way of saying it on the command
line (-netdev + -device, -nic, -net nic + -net user on the hub). Per boot:

  dhcp        busybox udhcpc gets 10.0.2.15 from slirp
  dns         nslookup through slirp's DNS (10.0.2.3) answers what the
              host's own resolver answers (SKIP when the host has no DNS)
  wget        an 8 MiB file from an HTTP server on the host's loopback,
              reached as 10.0.2.2; sha256 compared
  fwd-get     a host client fetches a file from busybox httpd in the guest
              through hostfwd; sha256 compared
  fwd-put     a host client sends 4 MiB to busybox nc in the guest through
              hostfwd; sha256 compared

and on the e1000 boot also: a second NIC on a restrict=on backend (the guest
cannot reach the host's server through it, the forwarded port still works),
the monitor's info network, set_link (the guest sees its carrier go and
come back), hostfwd_add / hostfwd_remove, and the -object filter-dump pcap
file (headers valid, a DHCP packet in it).

Before the boots, without a guest: `info network` for the default NIC,
-nodefaults, -nic none, -nic user,model=..., the -net hub, and bad options
(each one clear line naming the option, exit status 1).

Prints PASS/FAIL/SKIP lines; exits 1 when a check failed.
usage: net-test.py --build BUILD_DIR [--emulator PATH] [--model M]...
"""

import argparse
import contextlib
import hashlib
import os
import random
import socket
import struct
import subprocess
import sys
import time
import urllib.request

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "guest"))
sys.path.insert(0, HERE)
import debian_guest                                     # noqa: E402
from guest_console import GuestConsole, ConsoleError   # noqa: E402
from net_guest import MODULES, UDHCPC_SCRIPT, FileServer, free_port   # noqa: E402

MODELS = ("e1000", "ne2k_pci", "virtio-net-pci")
BOOT_TIMEOUT = 180
COMMAND_TIMEOUT = 120
BIG_SIZE = 8 << 20
PUT_SIZE = 4 << 20
DNS_NAME = "deb.debian.org"



class Checks:
    def __init__(self, prefix):
        self.prefix = prefix
        self.failed = 0

    def result(self, name, ok, why=""):
        if ok:
            print("PASS %s/%s" % (self.prefix, name), flush=True)
        else:
            self.failed += 1
            print("FAIL %s/%s: %s" % (self.prefix, name, " ".join(str(why).split())[:300]),
                  flush=True)
        return ok

    def skip(self, name, why):
        print("SKIP %s/%s: %s" % (self.prefix, name, why), flush=True)


# ---- the host side ---------------------------------------------------------------

def sha256(data):
    return hashlib.sha256(data).hexdigest()


def host_get(port, path, timeout=60):
    with urllib.request.urlopen("http://127.0.0.1:%d/%s" % (port, path), timeout=timeout) as r:
        return r.read()


def host_put(port, data, timeout=60):
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        s.shutdown(socket.SHUT_WR)
        s.recv(1)       # nc closes when it has it all


def host_addresses(name):
    try:
        return {ai[4][0] for ai in socket.getaddrinfo(name, None, socket.AF_INET)}
    except OSError:
        return set()


def pcap_check(path):
    """(ok, why): a classic pcap of Ethernet frames holding a DHCP packet."""
    try:
        data = open(path, "rb").read()
    except OSError as e:
        return False, "cannot read %s: %s" % (path, e)
    if len(data) < 24:
        return False, "%d bytes: no global header" % len(data)
    magic, major, minor, _, _, snaplen, linktype = struct.unpack("<IHHiIII", data[:24])
    if (magic, major, minor, linktype) != (0xa1b2c3d4, 2, 4, 1):
        return False, "header magic %#x version %d.%d linktype %d" % (magic, major, minor, linktype)
    off, frames, dhcp = 24, 0, 0
    while off < len(data):
        if off + 16 > len(data):
            return False, "a record header cut at byte %d" % off
        _, _, incl, orig = struct.unpack("<IIII", data[off:off + 16])
        if incl > orig or incl > snaplen or off + 16 + incl > len(data):
            return False, "record %d at byte %d: lengths %d/%d" % (frames, off, incl, orig)
        frame = data[off + 16:off + 16 + incl]
        # IPv4 (0x0800), UDP (17), ports 67/68
        if len(frame) >= 38 and frame[12:14] == b"\x08\x00" and frame[23] == 17:
            ihl = (frame[14] & 15) * 4
            sport, dport = struct.unpack(">HH", frame[14 + ihl:18 + ihl])
            if {sport, dport} == {67, 68}:
                dhcp += 1
        frames += 1
        off += 16 + incl
    return dhcp > 0, "%d frames, %d DHCP" % (frames, dhcp)


# ---- the guest side ----------------------------------------------------------------

def dhcp(c, con, iface, want_prefix, name="dhcp"):
    status, out = con.run("ip link set %s up && udhcpc -i %s -s /etc/udhcpc.script -n -q -t 10 "
                          "-T 2 >/dev/null 2>&1; ip -4 addr show %s" % (iface, iface, iface),
                          COMMAND_TIMEOUT)
    return c.result(name, "inet " + want_prefix in out, "udhcpc gave %r" % out[-200:])


def monitor(con, command):
    """One monitor command over the -nographic mux; returns its output."""
    con.send("\x01c")
    con.expect(r"\(qemu\) ", COMMAND_TIMEOUT)
    con.send(command + "\r")
    m = con.expect(r"(?s)(.*?)\(qemu\) ", COMMAND_TIMEOUT)
    con.send("\x01c")
    return m.group(1)


def carrier_is(con, want, timeout=20):
    deadline = time.monotonic() + timeout
    while True:
        status, out = con.run("cat /sys/class/net/eth0/carrier", COMMAND_TIMEOUT)
        if out.strip() == want or time.monotonic() > deadline:
            return out.strip() == want
        time.sleep(0.5)


def common_checks(c, con, server, big, fwd_http, fwd_nc):
    if not dhcp(c, con, "eth0", "10.0.2.15/"):
        return

    want = host_addresses(DNS_NAME)
    if not want:
        c.skip("dns", "the host itself cannot resolve %s (no DNS here)" % DNS_NAME)
    else:
        status, out = con.run("nslookup %s 10.0.2.3" % DNS_NAME, COMMAND_TIMEOUT)
        got = {l.split()[-1] for l in out.splitlines()
               if l.startswith("Address") and "10.0.2.3" not in l and "." in l.split()[-1]}
        c.result("dns", got & want, "guest got %s, host %s: %r" % (got, want, out[-200:]))

    status, out = con.run("wget -q -O /tmp/big http://10.0.2.2:%d/big && sha256sum /tmp/big"
                          % server.port, COMMAND_TIMEOUT)
    c.result("wget", out.split()[:1] == [sha256(big)], "got %r, expected %s" % (out[-200:], sha256(big)))

    con.run("mkdir -p /www && cp /tmp/big /www/big && httpd -p 80 -h /www", COMMAND_TIMEOUT)
    try:
        got = sha256(host_get(fwd_http, "big"))
    except OSError as e:
        got = "error: %s" % e
    c.result("fwd-get", got == sha256(big), "host fetched %s, expected %s" % (got, sha256(big)))

    put = random.Random(5).randbytes(PUT_SIZE)
    con.run("(nc -l -p 5000 > /tmp/up; touch /tmp/up.done) </dev/null >/dev/null 2>&1 & true",
            COMMAND_TIMEOUT)
    time.sleep(1)
    try:
        host_put(fwd_nc, put)
        status, out = con.run("for i in $(seq 60); do [ -f /tmp/up.done ] && break; sleep 1; done; "
                              "sha256sum /tmp/up", COMMAND_TIMEOUT)
        c.result("fwd-put", out.split()[:1] == [sha256(put)],
                 "guest got %r, expected %s" % (out[-200:], sha256(put)))
    except OSError as e:
        c.result("fwd-put", False, "host client: %s" % e)


def e1000_extra_checks(c, con, server, fwd_restricted):
    # the second NIC, on restrict=on: the guest cannot get out through it
    if dhcp(c, con, "eth1", "10.0.3.15/", "restrict-dhcp"):
        before = server.requests
        status, out = con.run("wget -q -T 5 -O /tmp/small http://10.0.3.2:%d/small; echo rc=$?"
                              % server.port, COMMAND_TIMEOUT)
        c.result("restrict-blocks", "rc=0" not in out and server.requests == before,
                 "wget through the restricted NIC said %r; host server saw %d requests"
                 % (out[-200:], server.requests - before))
        try:
            got = sha256(host_get(fwd_restricted, "big"))
        except OSError as e:
            got = "error: %s" % e
        c.result("restrict-fwd", got == sha256(server.files["big"]),
                 "forwarded port of the restricted backend: %s" % got)

    out = monitor(con, "info network")
    c.result("info-network", "nic0: index=0,type=nic,model=e1000" in out and
             "type=user" in out and "restrict=on" in out, "said %r" % out[-300:])

    monitor(con, "set_link nic0 off")
    down = carrier_is(con, "0")
    monitor(con, "set_link nic0 on")
    up = carrier_is(con, "1")
    c.result("set-link", down and up, "carrier went %s then %s" % ("0" if down else "not 0",
                                                                  "1" if up else "not 1"))

    port = free_port()
    out = monitor(con, "hostfwd_add n0 tcp:127.0.0.1:%d-:80" % port)
    try:
        got = sha256(host_get(port, "big"))
    except OSError as e:
        got = "error: %s (monitor said %r)" % (e, out)
    c.result("hostfwd-add", got == sha256(server.files["big"]), got)
    out = monitor(con, "hostfwd_remove n0 tcp:127.0.0.1:%d" % port)
    try:
        host_get(port, "big", timeout=5)
        gone = False
    except OSError:
        gone = True
    c.result("hostfwd-remove", gone, "the port still answers after hostfwd_remove (%r)" % out)


# ---- the command line, without a guest ----------------------------------------------

def info_network(emulator, options):
    """`info network` on the monitor of a machine started with OPTIONS
    (SeaBIOS runs; nothing boots): (exit status, what the monitor said)."""
    r = subprocess.run([emulator, "-display", "none", "-serial", "null", "-monitor", "stdio"] +
                       options, input=b"info network\nquit\n", stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=60)
    return r.returncode, r.stdout.decode("latin-1").replace("\r", "")


CMDLINE_CASES = [
    # name, options, what info network must show (None: no NIC at all)
    ("default-nic", [], ["e1000.0: index=0,type=nic,model=e1000,macaddr=52:54:00:12:34:56",
                         " \\ user.0: index=0,type=user,net=10.0.2.0,restrict=off"]),
    ("nodefaults", ["-nodefaults"], None),
    ("nic-none", ["-nic", "none"], None),
    ("nic-user", ["-nic", "user,model=virtio-net-pci,mac=52:54:00:aa:bb:cc"],
     ["virtio-net-pci.0: index=0,type=nic,model=virtio-net-pci,macaddr=52:54:00:aa:bb:cc"]),
    ("net-hub", ["-net", "nic,model=ne2k_pci", "-net", "user,restrict=on"],
     ["hub 0", "    \\ ne2k_pci.0: index=0,type=nic,model=ne2k_pci",
      "    \\ user.0: index=0,type=user,net=10.0.2.0,restrict=on"]),
]

BAD_OPTIONS = [
    ["-netdev", "user"],
    ["-netdev", "tap,id=t0"],
    ["-netdev", "user,id=n0,hostfwd=tcp:x"],
    ["-netdev", "user,id=n0,net=300.1.1.1"],
    ["-netdev", "user,id=n0,bogus=1"],
    ["-device", "e1000,netdev=nope"],
    ["-nic", "user,model=bogus"],
    ["-device", "ne2k_pci,mac=zz"],
    ["-netdev", "user,id=n0", "-object", "filter-dump,id=f0,netdev=n0,file=/nonexistent/x.pcap"],
]


def cmdline_checks(c, emulator):
    for name, options, want in CMDLINE_CASES:
        status, out = info_network(emulator, options)
        if want is None:
            ok = status == 0 and "index=" not in out
        else:
            ok = status == 0 and all(line in out.splitlines() or line in out for line in want)
        c.result("cmdline-" + name, ok, "status %d, info network said %r" % (status, out[-300:]))
    bad = []
    for options in BAD_OPTIONS:
        r = subprocess.run([emulator, "-display", "none"] + options, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        err = r.stderr.decode("latin-1").strip().splitlines()
        # one line that names the option
        if r.returncode != 1 or len(err) != 1 or options[-1] not in err[0]:
            bad.append("%s: status %d, %r" % (" ".join(options), r.returncode, err[:2]))
    c.result("bad-options", not bad, "; ".join(bad))


def boot(c, emulator, kernel, initrd, model, out_dir, server):
    big = server.files["big"]
    fwd_http, fwd_nc, fwd_restricted = free_port(), free_port(), free_port()
    fwd = "hostfwd=tcp:127.0.0.1:%d-:80,hostfwd=tcp:127.0.0.1:%d-:5000" % (fwd_http, fwd_nc)
    pcap = os.path.join(out_dir, "e1000.pcap")
    argv = [emulator, "-m", "256", "-nographic", "-no-reboot", "-kernel", kernel.vmlinuz,
            "-initrd", initrd, "-append", "console=ttyS0 panic=-1"]
    if model == "e1000":
        with contextlib.suppress(FileNotFoundError):
            os.remove(pcap)
        argv += ["-netdev", "user,id=n0," + fwd, "-device", "e1000,netdev=n0,id=nic0",
                 "-object", "filter-dump,id=f0,netdev=n0,file=" + pcap,
                 "-netdev", "user,id=n1,restrict=on,net=10.0.3.0/24,"
                 "hostfwd=tcp:127.0.0.1:%d-:80" % fwd_restricted,
                 "-device", "e1000,netdev=n1,mac=52:54:00:12:34:99"]
    elif model == "ne2k_pci":
        argv += ["-nic", "user,model=ne2k_pci," + fwd]
    else:
        argv += ["-net", "nic,model=virtio", "-net", "user," + fwd]

    con = GuestConsole(argv, os.path.join(out_dir, "net-%s.log" % model))
    try:
        con.expect(debian_guest.INIT_MARKER, BOOT_TIMEOUT)
        con.expect(r"# ", COMMAND_TIMEOUT)
        common_checks(c, con, server, big, fwd_http, fwd_nc)
        if model == "e1000":
            e1000_extra_checks(c, con, server, fwd_restricted)
        con.send("poweroff\n")
        status = con.wait_exit(60)
        c.result("poweroff", status == 0, "emulator exit status %d" % status)
    except ConsoleError as e:
        c.result("console", False, "%s (log: %s)" % (e, con.log.name))
    finally:
        con.close()
    if model == "e1000":
        ok, why = pcap_check(pcap)
        c.result("pcap", ok, why)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", required=True)
    ap.add_argument("--emulator")
    ap.add_argument("--model", action="append", choices=MODELS)
    args = ap.parse_args()
    emulator = args.emulator or os.path.join(args.build, "qemu-system-i386")
    out_dir = os.path.join(os.path.abspath(args.build), "tests", "net")
    os.makedirs(out_dir, exist_ok=True)
    c = Checks("net")
    cmdline_checks(c, emulator)
    failed = c.failed
    try:
        kernel = debian_guest.Kernel("686")
        initrd = debian_guest.build_initramfs(
            kernel, MODULES, {"etc/udhcpc.script": (UDHCPC_SCRIPT, 0o755)})
    except debian_guest.GuestUnavailable as e:
        print("SKIP net/guest: Debian's packages are unavailable: %s" % e)
        return 1 if failed else 0
    big = random.Random(8).randbytes(BIG_SIZE)
    server = FileServer({"big": big, "small": b"small file\n"})
    try:
        for model in args.model or MODELS:
            c = Checks("net-" + model)
            boot(c, emulator, kernel, initrd, model, out_dir, server)
            failed += c.failed
    finally:
        server.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
