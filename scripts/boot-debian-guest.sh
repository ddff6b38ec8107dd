#!/bin/bash
# From a fresh Debian machine to a shell in a Debian i386 guest, in one command:
# install the packages we need, build, fetch Debian's i386 kernel and
# busybox-static (cached), assemble an initramfs, and boot it on the serial
# console. Ctrl-a x quits; `poweroff` in the guest ends the emulator.
#     scripts/boot-debian-guest.sh [686|686-pae] [extra emulator options...]
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
flavour=${1:-686}
[ $# -gt 0 ] && shift

"$src/scripts/install-deps.sh"
mkdir -p "$src/build"
cd "$src/build"
[ -f config-host.mak ] || ../configure
make -j2 qemu-system-i386 >/dev/null

mapfile -t guest < <(python3 "$src/tests/guest/debian_guest.py" --flavour "$flavour")
exec ./qemu-system-i386 -m 256 -nographic \
    -kernel "${guest[0]}" -initrd "${guest[1]}" -append "console=ttyS0" "$@"
