#!/bin/bash
# Runs the poke kernel (random port I/O, MMIO, PCI configuration and DMA at
# ring 0) under the emulator with successive seeds until the time budget is
# spent. A run may end as the kernel finishing (DONE, isa-debug-exit) or as
# the guest powering the machine off or resetting it (-no-reboot: status 0);
# a signal, a time-out, another status or any message from the emulator on
# stderr is a failure, reported with the seed and the command that repeats
# it (verbosity 1 in the module prints each operation before it is done).
#
# usage: run-poke.sh EMULATOR POKE_KERNEL SECONDS [FIRST_SEED] [OPERATIONS]
set -u
emu=$1 kernel=$2 budget=$3 seed=${4:-1} ops=${5:-20000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
end=$((SECONDS + budget))
runs=0 done_runs=0 ended=0 failed=0
while [ $SECONDS -lt $end ] || [ $runs -eq 0 ]; do
    echo "$seed $ops 0" > "$tmp/module"
    args=(-nodefaults -display none -serial stdio -no-reboot -m 128
          -device isa-debug-exit,iobase=0xf4,iosize=0x4 -kernel "$kernel" -initrd "$tmp/module")
    timeout -k 5 60 "$emu" "${args[@]}" > "$tmp/out" 2> "$tmp/err" < /dev/null
    rc=$?
    runs=$((runs + 1))
    why=
    if [ -s "$tmp/err" ]; then
        why="the emulator said: $(head -c 300 "$tmp/err" | tr '\n' ' ')"
    elif [ $rc -eq 1 ] && grep -aq '^DONE ' "$tmp/out"; then
        done_runs=$((done_runs + 1))
    elif [ $rc -eq 0 ]; then
        ended=$((ended + 1))             # the guest powered off or reset
        echo "poke: seed $seed: the guest ended the machine: $(tail -n 1 "$tmp/out" | tr -d '\r')"
    else
        case $rc in
        124|137) why="hung (no end within 60 s)" ;;
        13[0-9]|14[0-9]|15[0-9]) why="killed by signal $((rc - 128))" ;;
        *) why="exit status $rc" ;;
        esac
    fi
    if [ -n "$why" ]; then
        echo "FAIL poke/seed-$seed: $why; last output: $(tail -n 2 "$tmp/out" | tr '\r\n' '  ')"
        echo "  repeat: echo '$seed $ops 1' > m; $emu ${args[*]/$tmp\/module/m}"
        failed=$((failed + 1))
        [ $failed -ge 3 ] && break       # enough to go on with
    fi
    seed=$((seed + 1))
done
echo "poke: $runs runs of $ops operations: $done_runs finished, $ended ended by the guest, $failed failed, in $SECONDS s"
[ $failed -eq 0 ] && echo "PASS poke/random-io ($runs runs)"
[ $failed -eq 0 ]
