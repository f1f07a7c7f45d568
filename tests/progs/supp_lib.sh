# supp_lib.sh — sourced by tests/sh/gen_suppressions*.sh.
# gen_entries ERR: the { } entries gen_suppressions=1 printed into the file
# ERR (the lines from "{" to "}" after each announcement, as a user pastes
# them), written to gen.supp.
gen_entries() {
    awk '/^alloc8: a suppression for this (report|loss record) \(gen_suppressions=1\):$/{on=1;next}
         on{print} on&&/^}$/{on=0}' "$1" >gen.supp
}
# entry REGEX: the lines of the gen.supp entry whose joined lines match,
# trimmed and joined by | (a leading | too).
entry() {
    # The regex through the environment: awk -v would process its escapes
    # (gawk turns \| into an alternation, mawk keeps it).
    A8_RE="$1" awk '/^{$/{buf="";next} /^}$/{if (buf ~ ENVIRON["A8_RE"]) print buf; next} {sub(/^ +/,""); buf=buf "|" $0}' gen.supp
}
# want_entry REGEX EXPECTED WHAT: the entry matching REGEX reads EXPECTED.
want_entry() {
    local e
    e=$(entry "$1")
    [ "$e" = "$2" ] || bad "$3: '$e'"
}
