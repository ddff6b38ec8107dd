#!/bin/bash
# Runs the fuzz kernel under the emulator with successive seeds until the
# time budget is spent; each run must finish (DONE, isa-debug-exit) within
# its time-out: a crash or a hang of the emulator is a failure, reported
# with the seed that reproduces it.
#
# usage: run-fuzz.sh EMULATOR FUZZ_KERNEL SECONDS [FIRST_SEED] [ITERATIONS]
set -u
emu=$1 kernel=$2 budget=$3 seed=${4:-1} iterations=${5:-3000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
end=$((SECONDS + budget))
runs=0 total=0 failed=0
while [ $SECONDS -lt $end ] || [ $runs -eq 0 ]; do
    echo "$seed $iterations" > "$tmp/seed"
    timeout -k 5 60 "$emu" -nodefaults -display none -serial stdio \
        -device isa-debug-exit,iobase=0xf4,iosize=0x4 -m 128 \
        -kernel "$kernel" -initrd "$tmp/seed" > "$tmp/out" 2> "$tmp/err" < /dev/null
    rc=$?
    runs=$((runs + 1))
    if [ $rc -ne 1 ] || ! grep -aq '^DONE ' "$tmp/out"; then
        case $rc in
        124|137) why="hung (no end within 60 s)" ;;
        *) why="exit status $rc" ;;
        esac
        echo "FAIL fuzz/seed-$seed: $why; last output: $(tail -n 2 "$tmp/out" | tr '\n' ' ') $(tail -c 200 "$tmp/err" | tr '\n' ' ')"
        failed=$((failed + 1))
        [ $failed -ge 3 ] && break       # enough to go on with
    else
        total=$((total + iterations))
    fi
    seed=$((seed + 1))
done
echo "fuzz: $runs runs, $total iterations survived, $failed failed, in $SECONDS s"
[ $failed -eq 0 ] && echo "PASS fuzz/random-code ($runs runs)"
[ $failed -eq 0 ]
