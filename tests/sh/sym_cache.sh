# sym_cache.sh — each pc goes into libdw once: resolving a pc printed before
# is answered from the cache (a8_sym_stats counters), and a fresh pc costs
# one libdw lookup, its repeat none.
. "$A8_ROOT/tests/sym/sym_lib.sh"
sym_build
sym_run
expect_eq "printed pc, resolved twice more" "cache: lookups=2 hits=2 dwarf_calls=0 same=1" \
    "$(grep '^cache:' "$A8_TMP/out.txt")"
expect_eq "fresh pc, resolved twice" "cache-fresh: lookups=2 hits=1 dwarf_calls=1 fn=symh_finish" \
    "$(grep '^cache-fresh:' "$A8_TMP/out.txt")"
