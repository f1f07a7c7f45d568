# sym_stacks.sh — a plain, a static, a C++ template, an -O2 inlined function
# and a dlclose'd library symbolize to the exact names and file:line:col.
. "$A8_ROOT/tests/sym/sym_lib.sh"
sym_build
sym_run
P=sym_prog.c
M="in main $SYM_SRC/$P"

expect_eq plain "stack plain:
    #0 0xADDR in plain_fn $(at $P plain symh_capture) ($EXE)
    #1 0xADDR $M:$(line_of $P main_plain):$(col_of $P main_plain plain_fn) ($EXE)" "$(stack plain)"

expect_eq static "stack static:
    #0 0xADDR in static_fn $(at $P static symh_capture) ($EXE)
    #1 0xADDR in plain_fn $(at $P plain_calls_static static_fn) ($EXE)
    #2 0xADDR $M:$(line_of $P main_plain):$(col_of $P main_plain plain_fn) ($EXE)" "$(stack static)"

expect_eq inline "stack inline:
    #0 0xADDR in inl_leaf $(at sym_inl.c inl_leaf symh_capture) ($EXE) [inlined]
    #1 0xADDR in inl_outer $(at sym_inl.c inl_call inl_leaf) ($EXE)
    #2 0xADDR $M:$(line_of $P main_inl):$(col_of $P main_inl inl_outer) ($EXE)" "$(stack inline)"
# the inline frame and its caller share the captured address
a=$(grep -A2 '^stack inline:' "$A8_TMP/out.txt" | sed -n '2,3s/^    #[0-9] \(0x[0-9a-f]*\).*/\1/p' | sort -u | wc -l)
expect_eq "inline frames share the pc" 1 "$a"

# C++: g++ puts the column of a call on its '('
expect_eq tmpl "stack tmpl:
    #0 0xADDR in int ns::tmpl<int>(int) $(at sym_tmpl.cpp tmpl '("tmpl")') ($EXE)
    #1 0xADDR in tmpl_entry $(at sym_tmpl.cpp tmpl_entry '(x)') ($EXE)
    #2 0xADDR $M:$(line_of $P main_tmpl):$(col_of $P main_tmpl tmpl_entry) ($EXE)" "$(stack tmpl)"

expect_eq dlclosed "stack dlclosed:
    #0 0xADDR in dl_static $(at sym_dl.c dl_static capture) ($TMPR/dl.so)
    #1 0xADDR in dl_fn $(at sym_dl.c dl_fn dl_static) ($TMPR/dl.so)
    #2 0xADDR in in_library $(at $P main_dl fn) ($EXE)
    #3 0xADDR $M:$(line_of $P main_dl_closed):$(col_of $P main_dl_closed in_library) ($EXE)" \
    "$(stack dlclosed)"
