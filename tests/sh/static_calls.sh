#!/bin/bash
# The checked calls in a statically linked program (`alloc8 --static-libs`:
# the link --wrap's memcpy, printf, fgets, read, ... to alloc8's entries).
# Each bug made through a C library call is reported at the call, as the
# preloaded library reports it: kind, READ/WRITE and how many bytes past the
# block, the block's size and the caller's file:line as frame #0; once, not
# again by the C library's own calls inside it (printf's strlen, fgets's
# memcpy).  A libc callback's call is the program's: qsort's comparator.
# Guard pages are off (guard_max=0), so the call's check, not a fault,
# finds each one.  A real library linked statically (libsqlite3.a, when
# installed) gives the output of its build without alloc8 and no report.
set -u
cd "$A8_TMP"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
CLI="$A8_ROOT/tools/alloc8"
if ! ${CC:-gcc} -static -o hello -x c - <<<'int main(void){return 0;}' 2>/dev/null; then
    echo "this toolchain cannot link static programs (libc6-dev's libc.a): skipped"
    exit 77
fi
read -r -a LIBS <<<"$("$CLI" --static-libs)" || { echo "FAIL: alloc8 --static-libs"; exit 1; }
[[ "${LIBS[*]}" == *"-Wl,@$A8_BUILD/liballoc8-static.wrap"* ]] ||
    bad "--static-libs does not name the --wrap options file: ${LIBS[*]}"
grep -qx -- '--wrap=memcpy' "$A8_BUILD/liballoc8-static.wrap" || bad "the options file has no --wrap=memcpy"
grep -q -- '--wrap=getpwnam_r' "$A8_BUILD/liballoc8-static.wrap" &&
    bad "getpwnam_r is wrapped: its libc.a member makes every static link warn"

cat >calls.c <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char src[64] = "0123456789abcdefghijklmnopqrstuvwxyz";
static char *small;

static void copy_over(void)
{
    char *p = malloc(16); /* LINE:copy_alloc */
    memcpy(p, src, 20);   /* LINE:copy */
    free(p);
}

static void print_freed(void)
{
    char *p = malloc(24);
    strcpy(p, "freed text");
    free(p);             /* LINE:print_free */
    printf("[%s]\n", p); /* LINE:print */
}

static void line_over(void)
{
    char *p = malloc(8);
    if (fgets(p, 20, stdin)) /* LINE:fgets */
        p[0] = 'x';
    free(p);
}

static void read_over(void)
{
    char *p = malloc(12);
    ssize_t n = read(0, p, 30); /* LINE:read */
    printf("read %d\n", n > 0);
    free(p);
}

static void format_over(void)
{
    char *p = malloc(10);
    sprintf(p, "%s-%d", "twelve chars", 7); /* LINE:sprintf */
    free(p);
}

static int cmp(const void *a, const void *b)
{
    memcpy(small, src, 20); /* LINE:cmp */
    return *(const int *)a - *(const int *)b;
}

static void callback_over(void)
{
    int v[4] = {3, 1, 2, 0};
    small = malloc(8);
    qsort(v, 4, sizeof v[0], cmp);
    free(small);
}

int main(int argc, char **argv)
{
    const char *what = argc > 1 ? argv[1] : "";
    printf("calls %s\n", what);
    if (!strcmp(what, "copy"))
        copy_over();
    else if (!strcmp(what, "print"))
        print_freed();
    else if (!strcmp(what, "fgets"))
        line_over();
    else if (!strcmp(what, "read"))
        read_over();
    else if (!strcmp(what, "sprintf"))
        format_over();
    else if (!strcmp(what, "qsort"))
        callback_over();
    printf("done\n");
    return 0;
}
C
line() { grep -n "LINE:$2\b" "$1" | head -1 | cut -d: -f1; }
# -fno-builtin: GCC would make the constant-size memcpy moves, printf puts.
${CC:-gcc} -O0 -g -fno-builtin -static -Wno-stringop-overflow -o calls calls.c "${LIBS[@]}" 2>cc.err ||
    { echo "FAIL: static link: $(grep -v 'statically linked' cc.err | head -5)"; exit 1; }
grep -q 'warning' cc.err && bad "the static link warns: $(head -3 cc.err)"

# check CASE KIND ACCESS-LINE BLOCK-LINE LINE-MARK: one report of KIND at
# calls.c:LINE-MARK (frame #0) with the ACCESS line and the BLOCK line.
check() {
    local c=$1 kind=$2 access=$3 block=$4 mark=$5 err=$1.err
    echo "a line of input that is longer than forty bytes, to fill any buffer" |
        ALLOC8_OPTIONS=guard_max=0 timeout 60 ./calls "$c" >"$c.out" 2>"$err"
    local rc=$?
    [ $rc = 23 ] || bad "$c: exit $rc, want 23"
    grep -q "^calls $c\$" "$c.out" && grep -q '^done$' "$c.out" || bad "$c: the program's output: $(tr '\n' ' ' <"$c.out")"
    local n
    n=$(grep -c '^alloc8: ERROR' "$err")
    [ "$n" = 1 ] || bad "$c: $n reports, want 1: $(grep '^alloc8: ERROR\|#0' "$err" | head -6)"
    grep -q "^alloc8: ERROR: $kind " "$err" || bad "$c: not a $kind: $(head -2 "$err")"
    grep -qF -- "$access" "$err" || bad "$c: no '$access': $(sed -n 2p "$err")"
    grep -qF -- "$block" "$err" || bad "$c: no '$block': $(grep located "$err")"
    grep -q "^    #0 .* in [a-z_]* .*calls.c:$(line calls.c "$mark")" "$err" ||
        bad "$c: frame #0 is not calls.c:$(line calls.c "$mark"): $(grep -m1 '#0' "$err")"
    grep -q "SUMMARY: alloc8: $kind calls.c:$(line calls.c "$mark")" "$err" || bad "$c: SUMMARY line"
}
check copy heap-buffer-overflow 'WRITE of 20 bytes at' 'is located 0 bytes after the 16-byte block' copy
in_alloc=$(awk '/^allocated by thread T0/ { on = 1; next } on && /#0/ { print; exit }' copy.err)
[[ "$in_alloc" == *"in copy_over "*"calls.c:$(line calls.c copy_alloc)"* ]] || bad "copy: allocation stack: $in_alloc"
grep -q 'by memcpy, 4 of them past the end of the block' copy.err || bad "copy: the call and its 4 bytes: $(sed -n 2p copy.err)"
check print heap-use-after-free 'READ of ' 'is located 0 bytes inside the 24-byte block' print
grep -q 'by printf of the block after it was freed' print.err || bad "print: the call: $(sed -n 2p print.err)"
in_free=$(awk '/^freed by thread T0/ { on = 1; next } on && /#0/ { print; exit }' print.err)
[[ "$in_free" == *"in print_freed "*"calls.c:$(line calls.c print_free)"* ]] || bad "print: free stack: $in_free"
check fgets heap-buffer-overflow 'WRITE of 20 bytes at' 'is located 0 bytes after the 8-byte block' fgets
grep -q 'by fgets, 12 of them past the end' fgets.err || bad "fgets: the call: $(sed -n 2p fgets.err)"
check read heap-buffer-overflow 'WRITE of 30 bytes at' 'is located 0 bytes after the 12-byte block' read
grep -q 'by read, 18 of them past the end' read.err || bad "read: the call: $(sed -n 2p read.err)"
check sprintf heap-buffer-overflow 'WRITE of 15 bytes at' 'is located 0 bytes after the 10-byte block' sprintf
grep -q 'by sprintf, 5 of them past the end' sprintf.err || bad "sprintf: the call: $(sed -n 2p sprintf.err)"
check qsort heap-buffer-overflow 'WRITE of 20 bytes at' 'is located 0 bytes after the 8-byte block' cmp
grep -q '^    #1 .* in \(msort\|qsort\|_quicksort\)' qsort.err || bad "qsort: frame #1 is not the C library's qsort: $(grep -m1 '#1' qsort.err)"

# A clean run: the C library's own calls (stdio's buffers, printf's work)
# are not the program's and report nothing.
ALLOC8_OPTIONS=guard_max=0 ./calls clean >clean.out 2>clean.err </dev/null
[ $? = 0 ] || bad "clean: exit $?"
grep -q 'ERROR' clean.err && bad "clean: a report: $(head -4 clean.err)"

# A real library, statically: SQLite's own memcpy/strlen/strcmp calls are
# checked as the program's and find nothing; the output is the build's
# without alloc8.
SQA=$(${CC:-gcc} -print-file-name=libsqlite3.a)
if [ -f "$SQA" ]; then
    cat >sq.c <<'C'
#include <sqlite3.h>
#include <stdio.h>
static int row(void *arg, int n, char **v, char **names)
{
    unsigned long *sum = arg;
    (void)names;
    for (int i = 0; i < n; i++)
        for (const char *c = v[i] ? v[i] : ""; *c; c++)
            *sum = *sum * 31 + (unsigned char)*c;
    return 0;
}
int main(void)
{
    sqlite3 *db;
    unsigned long sum = 0;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK)
        return 1;
    sqlite3_exec(db, "create table t(id integer primary key, name text, tag text, n real);"
                     "begin", 0, 0, 0);
    for (int i = 0; i < 2000; i++) {
        char *q = sqlite3_mprintf("insert into t(name, tag, n) values('%q-%d', '%s', %f);",
                                  "item's name", i, i % 3 ? "alpha" : "beta", i * 1.5);
        if (sqlite3_exec(db, q, 0, 0, 0) != SQLITE_OK)
            return 2;
        sqlite3_free(q);
    }
    sqlite3_exec(db, "commit; create index ti on t(tag, name);", 0, 0, 0);
    sqlite3_exec(db, "select tag, count(*), sum(n), group_concat(substr(name, 1, 6), '|') "
                     "from t group by tag;", row, &sum, 0);
    sqlite3_exec(db, "select name from t where name like '%9%' order by name desc limit 50;",
                 row, &sum, 0);
    sqlite3_exec(db, "select upper(name), length(name) from t where id % 97 = 0;", row, &sum, 0);
    printf("sum %lx\n", sum);
    sqlite3_close(db);
    return 0;
}
C
    if ${CC:-gcc} -O1 -g -static -o sq_native sq.c -lsqlite3 -lm -lpthread 2>/dev/null &&
        ${CC:-gcc} -O1 -g -static -o sq sq.c -lsqlite3 -lm "${LIBS[@]}" 2>sq.cc; then
        ./sq_native >sq_native.out 2>&1
        timeout 120 ./sq >sq.out 2>sq.err
        rc=$?
        [ $rc = 0 ] || bad "sqlite: exit $rc: $(head -3 sq.err)"
        grep -q '^sum [0-9a-f]*$' sq_native.out || bad "sqlite: the native build's output: $(head -2 sq_native.out)"
        cmp -s sq.out sq_native.out || bad "sqlite: output differs from the native build: $(head -2 sq.out)"
        grep -q 'ERROR' sq.err && bad "sqlite: a report: $(head -5 sq.err)"
        grep -q '^alloc8: SUMMARY: no errors' sq.err || bad "sqlite: no clean SUMMARY: $(tail -2 sq.err)"
    else
        bad "sqlite: static link failed: $(grep -v 'statically linked\|In function' sq.cc | head -3)"
    fi
else
    echo "libsqlite3.a not installed (libsqlite3-dev): the SQLite case skipped"
fi

[ $fail = 0 ] && echo "static_calls: OK"
exit $fail
