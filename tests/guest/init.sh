#!/bin/sh
# /init of the test initramfs (built by debian_guest.py with busybox-static).
#
# Mounts proc, sys and dev, loads the modules listed in /etc/guest-modules,
# prints the marker GUEST-INIT-READY, then either
#   - runs the script named by `guest_run=PATH` on the kernel command line,
#     prints `GUEST-RUN-EXIT <status>` and powers the machine off, or
#   - runs a shell on the console (ttyS0 with console=ttyS0), again and again;
#     busybox's poweroff, reboot and halt signal init (USR2, TERM, USR1),
#     which then does the real thing.
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
export HOME=/root
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs -o size=200m tmpfs /tmp

if [ -f /etc/guest-modules ]; then
    while read -r ko; do
        insmod "$ko" || echo "guest: insmod $ko failed"
    done < /etc/guest-modules
fi

run=
for arg in $(cat /proc/cmdline); do
    case "$arg" in
    guest_run=*) run=${arg#guest_run=} ;;
    esac
done

# Kernel messages would interleave with the output the host parses.
echo 1 > /proc/sys/kernel/printk
echo "GUEST-INIT-READY $(cut -d' ' -f1 /proc/uptime)"

if [ -n "$run" ]; then
    sh "$run"
    echo "GUEST-RUN-EXIT $?"
    poweroff -f
fi
trap 'poweroff -f' USR2
trap 'reboot -f' TERM
trap 'halt -f' USR1
# The shell runs in the background so that `wait` returns to take the
# signal at once (a trap waits for a foreground command to end); cttyhack
# reopens the console as the shell's terminal.
while true; do
    setsid cttyhack sh &
    wait $!
done
