#!/bin/bash
# SeaBIOS (Debian's seabios package, our default firmware when no -kernel is
# given) must run on our PC to its boot menu: with no disks it reports
# "No bootable device." on the serial console (fw_cfg etc/sercon-port).
#     seabios.sh EMULATOR
# Prints PASS/FAIL lines.
emu=$1
log=$(mktemp)
trap 'rm -f "$log"' EXIT

timeout 60 "$emu" -nodefaults -display none -serial stdio -no-reboot </dev/null >"$log" 2>&1 &
pid=$!
for _ in $(seq 600); do
    grep -q "No bootable device" "$log" && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
done
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null

check() {  # name, pattern
    if tr -d '\r' <"$log" | grep -q "$2"; then
        echo "PASS seabios/$1"
    else
        echo "FAIL seabios/$1: no '$2' on the serial console; it printed:"
        tr -d '\r' <"$log" | tail -5 | sed 's/^/    /'
    fi
}
check banner "SeaBIOS (version"
check boot-menu "No bootable device"
