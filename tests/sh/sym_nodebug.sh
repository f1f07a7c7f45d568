# sym_nodebug.sh — missing debug info never crashes: a stripped library gives
# function+0xoff from .dynsym (exported) or (module+0xoff) (static); a library
# deleted from disk after loading gives (module+0xoff) lines.
. "$A8_ROOT/tests/sym/sym_lib.sh"
sym_build
sym_run
P=sym_prog.c
hexre='0x[0-9a-f]+'
got=$(stack stripped | sed -E "s/\+$hexre/+0xOFF/")
expect_eq stripped "stack stripped:
    #0 0xADDR ($TMPR/stripped.so+0xOFF)
    #1 0xADDR in dl_fn+0xOFF ($TMPR/stripped.so)
    #2 0xADDR in in_library $(at $P main_dl fn) ($EXE)
    #3 0xADDR in main $SYM_SRC/$P:$(line_of $P main_stripped):$(col_of $P main_stripped in_library) ($EXE)" "$got"
# the offsets are the real ones: #0 inside dl_static, #1 inside dl_fn
offs=$(stack stripped | grep -oE "\+$hexre" | head -2 | sed 's/.*+//')
s0=$(echo "$offs" | sed -n 1p); s1=$(echo "$offs" | sed -n 2p)
fn_start() { nm "$A8_TMP/dl.so" | awk -v f="$1" '$3 == f { print "0x" $1 }'; }
fn_size() { nm -S "$A8_TMP/dl.so" | awk -v f="$1" '$4 == f { print "0x" $2 }'; }
ds=$(fn_start dl_static); dz=$(fn_size dl_static); fz=$(fn_size dl_fn)
(( s0 > ds && s0 <= ds + dz )) || { echo "FAIL: $s0 not inside dl_static [$ds, +$dz]"; exit 1; }
(( s1 > 0 && s1 <= fz )) || { echo "FAIL: dl_fn+$s1 beyond its size $fz"; exit 1; }
echo "ok: stripped offsets"

got=$(stack deleted | sed -E "s/\+$hexre/+0xOFF/")
expect_eq deleted "stack deleted:
    #0 0xADDR ($TMPR/deleted.so+0xOFF)
    #1 0xADDR ($TMPR/deleted.so+0xOFF)
    #2 0xADDR in in_library $(at $P main_dl fn) ($EXE)
    #3 0xADDR in main $SYM_SRC/$P:$(line_of $P main_deleted):$(col_of $P main_deleted in_library) ($EXE)" "$got"
