#!/bin/sh
# `make bench`: runs tests/bench/bench.py against the emulator in BUILD_DIR
# and Debian's qemu-system-i386 -accel tcg (when installed), printing times,
# guest MIPS and speed-ups. Extra arguments go to bench.py (e.g.
# --part kernels, --workload int-sha256, --repeat 3, --reference none).
# Never part of `make check`: timing decides nothing there.
set -eu
BUILD=${1:?usage: run-bench.sh BUILD_DIR [bench.py options]}
shift
exec python3 "$(dirname "$0")/bench.py" --build "$BUILD" "$@"
