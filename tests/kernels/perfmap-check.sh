#!/bin/bash
# -perfmap: runs one bare-metal test kernel with it and checks the map perf
# would read, /tmp/perf-PID.map: one "START SIZE guest-0xPC" line per
# translation block (hex), and a block at the kernel's ELF entry point.
# usage: perfmap-check.sh EMULATOR KERNEL.elf; prints PASS/FAIL perfmap.
emu=$1 elf=$2
entry=$(readelf -h "$elf" | awk '/Entry point address/ { print $4 }')
"$emu" -perfmap -nodefaults -display none -serial null \
    -device isa-debug-exit,iobase=0xf4,iosize=0x4 -kernel "$elf" > /dev/null 2>&1 < /dev/null &
pid=$!
for _ in $(seq 300); do
    kill -0 $pid 2> /dev/null || break
    sleep 0.1
done
if kill -0 $pid 2> /dev/null; then
    kill -9 $pid
    wait $pid 2> /dev/null
    rm -f "/tmp/perf-$pid.map"
    echo "FAIL perfmap: the kernel did not finish in 30 s"
    exit 0
fi
wait $pid
map=/tmp/perf-$pid.map
if [ ! -s "$map" ]; then
    echo "FAIL perfmap: $map is missing or empty"
elif bad=$(grep -v -m 1 -E '^[0-9a-f]+ [0-9a-f]+ guest-0x[0-9a-f]+$' "$map"); then
    echo "FAIL perfmap: malformed line in $map: $bad"
elif ! grep -q -E " guest-0x0*${entry#0x}\$" "$map"; then
    echo "FAIL perfmap: no block at the kernel's entry $entry in $map"
else
    echo "PASS perfmap"
fi
rm -f "$map"
