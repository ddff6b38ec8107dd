#!/usr/bin/env python3
"""The PC platform under real guests (group "platform" of tests/run-tests.sh).

Debian's 686 kernel boots twice with the board's PCI devices (i440FX, PIIX3
+ IDE, PIIX4 PM, std VGA) and an e1000 NIC: directly with -kernel, where
no firmware runs and the emulator sets PCI up itself (hw/i386/pc-pci-setup.c),
and through SeaBIOS from an IDE disk (syslinux), where the firmware does it
and takes our ACPI tables from fw_cfg (etc/table-loader); and once more
directly with "noapic", where the 8259s take the PCI interrupts (level-
triggered through the ELCR). In each:
  - every BAR the emulator's `info pci` lists is assigned, inside its
    window (I/O from 0xc000; memory from 0xe0000000 below the I/O APIC for
    the direct boot, anywhere in the root bridge's window for SeaBIOS),
    aligned, without overlaps, and Linux sees it at the same address (it
    kept what was set up: no "can't claim" or reassignment in dmesg);
  - each interrupt pin reaches the IRQ of the PIIX3 swizzle with routes
    PIRQA-D -> 10, 10, 11, 11 (the PM function: the SCI, 9), in Linux and
    in `info pci`;
  - ACPI: Linux routes with the I/O APIC through the DSDT's _PRT and links
    (LNKA-D configured for 10, 10, 11, 11, LNKS for 9), the MADT's
    overrides, the PCI root bridge's windows, no ACPI error or warning;
  - the NIC's level-triggered interrupt works: DHCP over it, and its
    /proc/interrupts line is an IO-APIC fasteoi (or XT-PIC) one with a count;
  - poweroff through ACPI S5 ends the emulator with status 0.
Then: both guests found the same DSDT; it disassembles and recompiles
cleanly (iasl) and its link methods behave under ACPICA's executor
(acpiexec): _STA, _CRS, _DIS, _SRS on a simulated PIIX3 config space;
SeaBIOS's debug log (isa-debugcon) shows it installed our tables,
recognised the machine, and has no warnings or errors.

Prints `PASS platform/...`, `FAIL platform/...: reason` or `SKIP ...` per
check; exits 1 when one failed. Logs: BUILD/tests/platform/.

usage: platform-test.py --build BUILD [--emulator PATH]
"""

import argparse
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True      # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(HERE, "..", "guest"))
sys.path.insert(0, os.path.join(HERE, "..", "disk"))
import debian_guest                                     # noqa: E402
import make_images                                      # noqa: E402
from guest_console import GuestConsole, ConsoleError   # noqa: E402

BOOT_TIMEOUT = 180
COMMAND_TIMEOUT = 120
EXIT_TIMEOUT = 60
RAM_MB = 256

PIRQ_IRQS = [10, 10, 11, 11]            # what firmware (and we) route PIRQA-D to
SCI_IRQ = 9
PM_FUNCTION = "00:01.3"                 # its pin is the SCI's, wired to IRQ 9
PCI_IO_START, PCI_IO_END = 0xc000, 0x10000
PCI_MEM_START, PCI_MEM_END = 0xe0000000, 0xfec00000
LEVEL_IRQS = [5, 9, 10, 11]             # the MADT's level-triggered overrides
# Linux's messages when it finds a problem with the tables or the BARs
DMESG_PROBLEMS = re.compile(r"ACPI (BIOS )?(Error|Warning)|ACPI Exception|AE_[A-Z_]+|"
                            r"can't claim|no compatible bridge window|BAR \d+: (assigned|failed)|"
                            r"firmware bug|\[Firmware Bug\]", re.I)
# SeaBIOS's complaints in its debug log
SEABIOS_PROBLEMS = re.compile(r"warn|error|out of .* space|fallback|not found|fail", re.I)
SEABIOS_EXPECTED_FAILURES = re.compile(r"Boot failed: |"
                                       r"Booting from (Floppy|Hard Disk)")


class Checks:
    def __init__(self):
        self.failed = 0

    def result(self, name, ok, why=""):
        if ok:
            print("PASS platform/%s" % name, flush=True)
        else:
            self.failed += 1
            print("FAIL platform/%s: %s" % (name, " ".join(str(why).split())[:400]), flush=True)
        return ok

    def skip(self, name, why):
        print("SKIP platform/%s: %s" % (name, why), flush=True)


# ---- what the guest and the monitor said -------------------------------------

def parse_guest(out):
    """{function: {"vendor", "device", "class", "irq", "pin", "res": {i: (start, end, flags)}}},
    interrupt lines, dmesg lines, DSDT bytes, DHCP ok."""
    funcs, ints, dmesg, dsdt_hex = {}, [], [], []
    in_dsdt = False
    for line in out.splitlines():
        if line == "DSDT-BEGIN":
            in_dsdt = True
        elif line == "DSDT-END":
            in_dsdt = False
        elif in_dsdt:
            dsdt_hex += line.split()
        elif line.startswith("PCI "):
            f = line.split()
            fn = f[1].split(":", 1)[1]          # "0000:00:03.0" -> "00:03.0"
            funcs[fn] = {"vendor": int(f[2], 16), "device": int(f[3], 16), "class": int(f[4], 16),
                         "irq": int(f[5][4:]), "pin": int(f[6][4:]), "res": {}}
        elif line.startswith("RES "):
            f = line.split()
            start, end, flags = (int(x, 16) for x in f[3:6])
            if start or end:
                funcs[f[1].split(":", 1)[1]]["res"][int(f[2])] = (start, end, flags)
        elif line.startswith("INT "):
            ints.append(line[4:])
        elif line.startswith("DMESG "):
            dmesg.append(line[6:])
    return funcs, ints, dmesg, bytes(int(x, 16) for x in dsdt_hex), "DHCP-OK" in out


def parse_info_pci(text):
    """`info pci` -> {"00:03.0": {"irq": n or None, "pin": "A" or None, "bars": {n: (addr, end, kind)}}}"""
    devs, cur = {}, None
    for line in text.splitlines():
        m = re.match(r"\s*Bus\s+(\d+), device\s+(\d+), function (\d+):", line)
        if m:
            cur = {"irq": None, "pin": None, "bars": {}}
            devs["%02x:%02x.%d" % (int(m.group(1)), int(m.group(2)), int(m.group(3)))] = cur
            continue
        m = re.match(r"\s*IRQ (\d+), pin ([A-D])", line)
        if m and cur is not None:
            cur["irq"], cur["pin"] = int(m.group(1)), m.group(2)
            continue
        m = re.match(r"\s*BAR(\d): (I/O|32 bit (?:prefetchable )?memory) at 0x([0-9a-f]+) \[0x([0-9a-f]+)\]",
                     line)
        if m and cur is not None:
            cur["bars"][int(m.group(1))] = (int(m.group(3), 16), int(m.group(4), 16),
                                            "io" if m.group(2) == "I/O" else "mem")
    return devs


# ---- the checks ------------------------------------------------------------------

def check_bars(c, name, funcs, info, mem_window):
    problems, placed = [], []
    for fn, dev in sorted(info.items()):
        for n, (addr, end, kind) in sorted(dev["bars"].items()):
            if n == 6:
                continue                        # expansion ROMs stay disabled
            where = "%s BAR%d" % (fn, n)
            lo, hi = (PCI_IO_START, PCI_IO_END) if kind == "io" else mem_window
            if addr == 0xffffffffffffffff:
                problems.append("%s unassigned" % where)
                continue
            if not (lo <= addr and end < hi):
                problems.append("%s at %#x outside [%#x, %#x)" % (where, addr, lo, hi))
            if addr & (end - addr):
                problems.append("%s at %#x not aligned to its size" % (where, addr))
            for other, olo, ohi in placed:
                if kind == other[0] and addr <= ohi and olo <= end:
                    problems.append("%s overlaps %s" % (where, other[1]))
            placed.append(((kind, where), addr, end))
            guest = funcs.get(fn, {}).get("res", {}).get(n)
            if not guest or guest[0] != addr or guest[1] != end:
                problems.append("%s: emulator says %#x-%#x, Linux %s" %
                                (where, addr, end, "%#x-%#x" % guest[:2] if guest else "nothing"))
    c.result(name + "/bars-assigned", placed and not problems,
             "; ".join(problems) if placed else "`info pci` listed no BARs")


def check_irqs(c, name, funcs, info):
    problems, seen = [], 0
    for fn, dev in sorted(funcs.items()):
        if not dev["pin"]:
            continue
        seen += 1
        slot = int(fn.split(":")[1].split(".")[0], 16)
        want = SCI_IRQ if fn == PM_FUNCTION else PIRQ_IRQS[(slot + dev["pin"] - 2) & 3]
        mon = info.get(fn, {})
        if dev["irq"] != want:
            problems.append("%s pin %d: Linux uses IRQ %d, expected %d" % (fn, dev["pin"], dev["irq"], want))
        if mon.get("irq") != want or mon.get("pin") != "ABCD"[dev["pin"] - 1]:
            problems.append("%s: `info pci` says IRQ %s pin %s, expected %d pin %s" %
                            (fn, mon.get("irq"), mon.get("pin"), want, "ABCD"[dev["pin"] - 1]))
    c.result(name + "/irq-routing", seen >= 2 and not problems,
             "; ".join(problems) or "only %d functions with an interrupt pin" % seen)


def check_dmesg(c, name, dmesg, controller):
    text = "\n".join(dmesg)
    bad = [l for l in dmesg if DMESG_PROBLEMS.search(l)]
    c.result(name + "/dmesg-clean", not bad, "; ".join(bad[:5]))
    want = ["ACPI: Using %s for interrupt routing" % ("IOAPIC" if controller == "IO-APIC" else "PIC"),
            "PCI: Using ACPI for IRQ routing", "ACPI: PCI Root Bridge [PCI0]",
            "ACPI: PM: (supports S0 S5)"]
    missing = [w for w in want if w not in text]
    c.result(name + "/acpi-ioapic-routing", not missing, "dmesg lacks %s" % missing)
    links = dict(re.findall(r"Interrupt link (LNK[A-DS]) configured for IRQ (\d+)", text))
    want_links = {"LNKA": "10", "LNKB": "10", "LNKC": "11", "LNKD": "11", "LNKS": "9"}
    c.result(name + "/acpi-links", links == want_links, "dmesg says %s, expected %s" % (links, want_links))
    if controller == "IO-APIC":             # without the I/O APIC Linux skips them
        overrides = set(re.findall(r"INT_SRC_OVR \(bus 0 bus_irq (\d+) global_irq (\d+) (\w+ \w+)\)",
                                   text))
        want_ovr = {("0", "2", "dfl dfl")} | {(str(i), str(i), "high level") for i in LEVEL_IRQS}
        c.result(name + "/madt-overrides", overrides == want_ovr, "dmesg says %s" % sorted(overrides))
    windows = set(re.findall(r"pci_bus 0000:00: root bus resource \[(.*?)\]", text))
    want_win = {"io  0x0000-0x0cf7 window", "io  0x0d00-0xffff window",
                "mem 0x000a0000-0x000bffff window",
                "mem 0x%08x-0xfebfffff window" % (RAM_MB << 20), "bus 00-ff"}
    c.result(name + "/pci-root-windows", windows == want_win, "dmesg says %s" % sorted(windows))


def check_interrupts(c, name, ints, dhcp_ok, controller):
    """The NIC's interrupt went through CONTROLLER ("IO-APIC" fasteoi, or
    the 8259s, "XT-PIC", level-triggered by the ELCR)."""
    nic = [l for l in ints if l.rstrip().endswith("eth0")]
    fields = nic[0].split() if nic else []
    ok = (dhcp_ok and len(fields) >= 4 and fields[2] == controller and
          (controller != "IO-APIC" or "fasteoi" in fields[3]) and int(fields[1]) > 0)
    c.result(name + "/level-irq-delivery", ok, "DHCP %s; eth0's /proc/interrupts line: %r" %
             ("worked" if dhcp_ok else "failed", nic))


def check_dsdt(c, dsdt, work):
    if not dsdt:
        c.result("dsdt-iasl", False, "the guest printed no DSDT")
        return
    if not shutil.which("iasl") or not shutil.which("acpiexec"):
        c.skip("dsdt-iasl", "iasl/acpiexec not installed (Debian's acpica-tools)")
        return
    aml = os.path.join(work, "dsdt.aml")
    with open(aml, "wb") as f:
        f.write(dsdt)
    r = subprocess.run(["iasl", "-d", aml], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       universal_newlines=True, cwd=work)
    dsl = os.path.join(work, "dsdt.dsl")
    ok = r.returncode == 0 and os.path.exists(dsl)
    if ok:
        # recompile the disassembly: errors or warnings mean a malformed table
        r = subprocess.run(["iasl", "-p", os.path.join(work, "dsdt-again"), dsl],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           universal_newlines=True, cwd=work)
        m = re.search(r"(\d+) Errors, (\d+) Warnings", r.stdout)
        ok = r.returncode == 0 and m and m.groups() == ("0", "0")
    c.result("dsdt-iasl", ok, r.stdout[-400:])

    # the link methods under ACPICA's executor (PIIX3 config space simulated, zero at first)
    cmds = "\n".join([r"ev \_SB.LNKB._SRS (89 06 00 09 01 0b 00 00 00 79 00)",
                      r"ev \_SB.LNKB._CRS", r"ev \_SB.LNKB._STA",
                      r"ev \_SB.LNKB._DIS", r"ev \_SB.LNKB._STA", r"ev \_SB.LNKB._CRS",
                      r"ev \_SB.LNKS._CRS", "exit", ""])
    r = subprocess.run(["acpiexec", "-di", aml], input=cmds, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, universal_newlines=True, cwd=work, timeout=60)
    results = re.findall(r"\[(?:Integer|Buffer)\][^=]*= +(?:0000: )?([0-9A-F ]+?)\s*(?://|\n)", r.stdout)
    want = ["89 06 00 09 01 0B 00 00 00 79 00",     # _CRS after _SRS(IRQ 11)
            "000000000000000B",                     # _STA: enabled
            "0000000000000009",                     # _STA after _DIS: disabled
            "89 06 00 09 01 00 00 00 00 79 00",     # _CRS of a disabled link: no IRQ
            "89 06 00 09 01 09 00 00 00 79 00"]     # LNKS: the SCI's IRQ 9
    c.result("dsdt-link-methods", results == want and "Exception" not in r.stdout,
             "acpiexec returned %s, expected %s" % (results, want))


# ---- the runs ------------------------------------------------------------------

def guest_initramfs():
    kernel = debian_guest.Kernel("686")
    script = open(os.path.join(HERE, "platform-guest.sh"), "rb").read()
    initrd = debian_guest.build_initramfs(kernel, ["e1000"],
                                          {"bin/platform-guest.sh": (script, 0o755)})
    return kernel, initrd


def boot_and_check(c, argv, name, log_path, mem_window, controller="IO-APIC"):
    """Boot, run the guest script and `info pci`, check; returns the DSDT."""
    con = GuestConsole(argv, log_path)
    dsdt = None
    try:
        con.expect(debian_guest.INIT_MARKER, BOOT_TIMEOUT)
        con.expect(r"# ", COMMAND_TIMEOUT)
        status, out = con.run("sh /bin/platform-guest.sh", COMMAND_TIMEOUT)
        funcs, ints, dmesg, dsdt, dhcp_ok = parse_guest(out)
        c.result(name + "/boot", status == 0 and funcs, "the guest script said %r" % out[-300:])
        print("     %s: guest script done after %.1f s" % (name, con.elapsed()), flush=True)
        con.send("\x01c")
        con.expect(r"\(qemu\) ", COMMAND_TIMEOUT)
        con.send("info pci\r")
        m = con.expect(r"(?s)info pci\n(.*?)\(qemu\) ", COMMAND_TIMEOUT)
        con.send("\x01c")
        info = parse_info_pci(m.group(1))
        c.result(name + "/info-pci", "00:00.0" in info and
                 "Host bridge: PCI device 8086:1237" in m.group(1),
                 "`info pci` said %r" % m.group(1)[:300])
        check_bars(c, name, funcs, info, mem_window)
        check_irqs(c, name, funcs, info)
        check_dmesg(c, name, dmesg, controller)
        check_interrupts(c, name, ints, dhcp_ok, controller)
        con.send("poweroff\n")
        status = con.wait_exit(EXIT_TIMEOUT)
        c.result(name + "/poweroff-s5", status == 0, "emulator exit status %d" % status)
        print("     %s: powered off after %.1f s" % (name, con.elapsed()), flush=True)
    except ConsoleError as e:
        c.result(name + "/console", False, "%s (log: %s)" % (e, log_path))
    finally:
        con.close()
    return dsdt


def direct_boot(c, emulator, kernel, initrd, out_dir, name="direct", append=""):
    """-kernel: no firmware, the emulator sets PCI up and installs the tables.
    With "noapic" Linux keeps to the 8259s, where the ELCR makes PCI IRQs
    level-triggered."""
    argv = [emulator, "-accel", "tcg", "-m", str(RAM_MB), "-nographic", "-no-reboot",
            "-vga", "std", "-nic", "user,model=e1000", "-kernel", kernel.vmlinuz,
            "-initrd", initrd, "-append", ("console=ttyS0 panic=-1 " + append).strip()]
    return boot_and_check(c, argv, name, os.path.join(out_dir, name + "-boot.log"),
                          (PCI_MEM_START, PCI_MEM_END),
                          "XT-PIC" if "noapic" in append else "IO-APIC")


def seabios_boot(c, emulator, kernel, initrd, out_dir):
    """SeaBIOS boots the same kernel from an IDE disk (syslinux); its debug
    log must show it took our tables through etc/table-loader."""
    work = os.path.join(out_dir, "disk")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    disk = os.path.join(work, "disk.raw")
    try:
        make_images.make_disk(disk, kernel.vmlinuz, initrd, work)
    except (RuntimeError, OSError) as e:
        c.result("seabios/disk-image", False, str(e))
        return None
    debug_log = os.path.join(out_dir, "seabios-debug.log")
    argv = [emulator, "-accel", "tcg", "-m", str(RAM_MB), "-nographic", "-no-reboot",
            "-vga", "std", "-nic", "user,model=e1000", "-drive", "file=%s,format=raw" % disk,
            "-chardev", "file,id=dbg,path=" + debug_log,
            "-device", "isa-debugcon,iobase=0x402,chardev=dbg"]
    # SeaBIOS places BARs anywhere in the root bridge's window (the RAM's end up)
    dsdt = boot_and_check(c, argv, "seabios", os.path.join(out_dir, "seabios-boot.log"),
                          (RAM_MB << 20, PCI_MEM_END))
    text = open(debug_log, errors="replace").read() if os.path.exists(debug_log) else ""
    c.result("seabios/acpi-tables", "table(50434146)=" in text and
             re.search(r"ACPI: parse DSDT at 0x[0-9a-f]+ \(len \d+\)", text),
             "SeaBIOS did not find our FADT and DSDT through etc/table-loader (log: %s)" % debug_log)
    want = ["Running on QEMU (i440fx)", "PS2 keyboard initialized", "PIIX3/PIIX4 init: elcr=00 0c"]
    missing = [w for w in want if w not in text]
    c.result("seabios/platform", not missing, "SeaBIOS's log lacks %s" % missing)
    bad = [l for l in text.splitlines()
           if SEABIOS_PROBLEMS.search(l) and not SEABIOS_EXPECTED_FAILURES.search(l)]
    c.result("seabios/log-clean", not bad, "; ".join(bad[:5]))
    return dsdt


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", required=True)
    ap.add_argument("--emulator")
    args = ap.parse_args()
    emulator = os.path.abspath(args.emulator or os.path.join(args.build, "qemu-system-i386"))
    out_dir = os.path.join(os.path.abspath(args.build), "tests", "platform")
    os.makedirs(out_dir, exist_ok=True)
    c = Checks()
    try:
        kernel, initrd = guest_initramfs()
    except debian_guest.GuestUnavailable as e:
        c.skip("boot", "Debian's packages are unavailable: %s" % e)
        return 0
    dsdt = direct_boot(c, emulator, kernel, initrd, out_dir)
    check_dsdt(c, dsdt, out_dir)
    direct_boot(c, emulator, kernel, initrd, out_dir, "direct-pic", "noapic")
    seabios_dsdt = seabios_boot(c, emulator, kernel, initrd, out_dir)
    c.result("same-tables", dsdt and dsdt == seabios_dsdt,
             "the DSDT Linux found differs between the direct and the SeaBIOS boot "
             "(%d and %d bytes)" % (len(dsdt or b""), len(seabios_dsdt or b"")))
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main())
