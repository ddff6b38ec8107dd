#!/bin/bash
# Install the Debian packages the build, the tests and the demo guest need
# (as root; quiet and idempotent). Used by .ci/run and scripts/boot-debian-guest.sh.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

packages=(build-essential pkg-config gcc-multilib libc6-dev-i386
          libcapstone-dev zlib1g-dev binutils python3
          # -netdev user, the SDL2 window, PNG screendumps
          libslirp-dev libsdl2-dev libpng-dev
          # the disk tests: boot loaders and filesystems made without mounting,
          # and Debian's qemu-img to check our images against
          syslinux syslinux-common isolinux mtools dosfstools xorriso e2fsprogs
          fdisk qemu-utils
          # the window tests: a virtual X server, screenshots, synthetic input
          xvfb x11-apps xdotool imagemagick
          # the PC's default firmware
          seabios
          # the platform tests disassemble and run the guest's DSDT
          acpica-tools
          # the reference the test kernels are cross-checked against, and
          # what `make bench` compares with
          qemu-system-x86)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "install-deps: need root to install: ${missing[*]}" >&2
        exit 1
    fi
    echo "installing: ${missing[*]}"
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
fi
