#!/usr/bin/env bash
# The README's option table is the one generated from core/options.def.
set -u
gen=$("$A8_BUILD/alloc8-options" --markdown)
while IFS= read -r line; do
    grep -qxF -- "$line" "$A8_ROOT/README.md" || { echo "README lacks: $line"; exit 1; }
done <<<"$gen"
