#!/bin/bash
# Runs the NIC fuzz kernel (tests/net/nic-fuzz-kernel.c) with an e1000, a
# ne2k_pci and a virtio-net-pci on user-mode backends (or all on one hub),
# seed after seed until the time budget is spent. A run passes when the
# kernel finishes (status 1, its PASS lines), when the guest wrecked itself
# and the machine reset (-no-reboot: status 0), or when its devices
# overwrote its code (DMA where its rings pointed) and it caught the
# exception (status 3). A signal, a hang, another status or a message on
# stderr fails (virtio's one "needs a reset" report of a guest error aside).
#
# usage: run-nic-fuzz.sh EMULATOR KERNEL SECONDS [FIRST_SEED] [OPERATIONS]
set -u
emu=$1 kernel=$2 budget=$3 seed=${4:-1} ops=${5:-20000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
end=$((SECONDS + budget))
runs=0 failed=0
while [ $SECONDS -lt $end ] || [ $runs -eq 0 ]; do
    echo "$seed $ops" > "$tmp/module"
    # odd seeds: each NIC on a backend of its own; even seeds: all on the
    # -net hub, so that one NIC's frames (e1000 TSO, any length) reach the others
    if [ $((seed % 2)) -eq 1 ]; then
        nics=(-netdev user,id=n0 -device e1000,netdev=n0
              -netdev user,id=n1 -device ne2k_pci,netdev=n1
              -netdev user,id=n2 -device virtio-net-pci,netdev=n2)
    else
        nics=(-net nic,model=e1000 -net nic,model=ne2k_pci -net nic,model=virtio -net user)
    fi
    args=(-nodefaults -display none -serial stdio -no-reboot -m 128
          -device isa-debug-exit,iobase=0xf4,iosize=0x4 "${nics[@]}"
          -kernel "$kernel" -initrd "$tmp/module")
    timeout -k 5 60 "$emu" "${args[@]}" > "$tmp/out" 2> "$tmp/err" < /dev/null
    rc=$?
    runs=$((runs + 1))
    grep -v 'virtio-net: .*the device needs a reset$' "$tmp/err" > "$tmp/err-other"
    why=
    if [ -s "$tmp/err-other" ]; then
        why="the emulator said: $(head -c 300 "$tmp/err-other" | tr '\n' ' ')"
    elif [ $rc -eq 1 ] && grep -aq '^PASS nic-fuzz/survived' "$tmp/out"; then
        :
    elif [ $rc -eq 0 ]; then
        echo "nic-fuzz: seed $seed: the guest reset the machine"
    elif [ $rc -eq 3 ] && grep -aq '^FAIL nic-fuzz/unexpected-exception' "$tmp/out"; then
        # its devices, told to write where its rings pointed (rings that
        # received frames had overwritten), overwrote the kernel's own code
        echo "nic-fuzz: seed $seed: the guest overwrote itself: $(grep -a -m1 unexpected-exception "$tmp/out" | tr -d '\r')"
    else
        case $rc in
        124|137) why="hung (no end within 60 s)" ;;
        13[0-9]|14[0-9]|15[0-9]) why="killed by signal $((rc - 128))" ;;
        *) why="exit status $rc" ;;
        esac
    fi
    if [ -n "$why" ]; then
        echo "FAIL nic-fuzz/seed-$seed: $why; last output: $(tail -n 2 "$tmp/out" | tr '\r\n' '  ')"
        echo "  repeat: echo '$seed $ops' > m; $emu ${args[*]/$tmp\/module/m}"
        failed=$((failed + 1))
        [ $failed -ge 3 ] && break
    fi
    seed=$((seed + 1))
done
echo "nic-fuzz: $runs runs of $ops operations, $failed failed, in $SECONDS s"
[ $failed -eq 0 ] && echo "PASS nic-fuzz/bogus-rings-and-registers ($runs runs)"
[ $failed -eq 0 ]
