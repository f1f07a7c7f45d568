#!/usr/bin/env bash
# Installs the Debian packages alloc8 needs when they are missing.  Used by
# `make deps` (and so by `make demo` and `make check`).  As root it runs
# apt-get; otherwise it prints the exact command to run.
set -euo pipefail

PKGS=(gcc g++ make python3 libunwind-dev libdw-dev libelf-dev libiberty-dev
      zlib1g-dev liblzma-dev libbz2-dev
      libc6-dbg gdb valgrind strace binutils dwz
      sqlite3 libsqlite3-dev xz-utils perl git pkg-config clang-format rsync)

missing=()
for p in "${PKGS[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
    echo "alloc8: missing packages: ${missing[*]}" >&2
    echo "alloc8: run as root:  $cmd" >&2
    exit 1
fi
echo "alloc8: installing ${missing[*]}" >&2
# libunwind-dev conflicts with libunwind-14-dev: name it explicitly (DESIGN.md §9).
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
