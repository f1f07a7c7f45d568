#!/bin/bash
# A statically linked program, which LD_PRELOAD cannot reach, built with
# `tools/alloc8 --static-libs` (liballoc8-static.a): the checker runs inside
# it.  Each bug is reported with its kind, block size, offset and the bug
# site's function and file:line in the right stack: an overflow found at
# free, a use after free at the faulting instruction (guard page), a double
# free with its three stacks, an interior free, a 20-byte leak (and not the
# C library's own blocks: stdout's buffer, a thread's DTV), the same leak in
# a program that leaves by _exit (--wrap=_exit), a posix_spawn whose child
# fails (libc.a's child calls _exit in memory it shares: no check there),
# a thread's free
# with its creation stack and no alloc8 frame in it, C++ new[]/delete and
# malloc/delete mismatches; an exception thrown in a static C++ program
# (libgcc then registers its frames under a lock and frees under it) does not
# hang; a clean threaded C++ control reports nothing.  The CLI warns about a
# static program without the checker and not about one with it.
set -u
cd "$A8_TMP"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
CLI="$A8_ROOT/tools/alloc8"
[ -f "$A8_BUILD/liballoc8-static.a" ] || { echo "FAIL: $A8_BUILD/liballoc8-static.a not built"; exit 1; }
if ! ${CC:-gcc} -static -o hello -x c - <<<'int main(void){return 0;}' 2>/dev/null; then
    echo "this toolchain cannot link static programs (libc6-dev's libc.a): skipped"
    exit 77
fi
read -r -a LIBS <<<"$("$CLI" --static-libs)" || { echo "FAIL: alloc8 --static-libs"; exit 1; }
[[ "${LIBS[*]}" == *"--whole-archive $A8_BUILD/liballoc8-static.a"* ]] ||
    bad "--static-libs does not name the built archive: ${LIBS[*]}"

cat >bugs.c <<'C'
#include <pthread.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void *worker(void *arg)
{
    free(arg); /* LINE:tfree */
    return NULL;
}

static void overflow(void)
{
    char *p = malloc(10); /* LINE:ovf_alloc */
    memset(p, 'a', 10);
    p[10] = 3;
    free(p); /* LINE:ovf_free */
}

static void use_after_free(void)
{
    char *p = malloc(32);
    free(p);
    p[5] = 1; /* LINE:uaf */
}

static void double_free(void)
{
    char *p = malloc(24); /* LINE:df_alloc */
    free(p);              /* LINE:df_first */
    free(p);              /* LINE:df_second */
}

static void interior_free(void)
{
    char *p = malloc(40);
    free(p + 8); /* LINE:interior */
}

static void thread_free(void)
{
    pthread_t t;
    pthread_create(&t, NULL, worker, malloc(48)); /* LINE:tcreate */
    pthread_join(t, NULL);
}

static __attribute__((noinline)) void make_leak(void)
{
    char *p = malloc(20); /* LINE:leak */
    p[0] = 1;
}

int main(int argc, char **argv)
{
    const char *what = argc > 1 ? argv[1] : "";
    printf("static %s\n", what); /* stdout's buffer: the C library's, not a leak */
    if (!strcmp(what, "overflow"))
        overflow();
    else if (!strcmp(what, "uaf"))
        use_after_free();
    else if (!strcmp(what, "double"))
        double_free();
    else if (!strcmp(what, "interior"))
        interior_free();
    else if (!strcmp(what, "thread"))
        thread_free();
    else if (!strcmp(what, "leak"))
        make_leak();
    else if (!strcmp(what, "quick")) {
        make_leak();
        printf("done\n");
        fflush(stdout);
        _exit(0);
    } else if (!strcmp(what, "spawn")) {
        char *args[] = {"/nonexistent/program", NULL};
        pid_t pid;
        int st = 0;
        int e = posix_spawn(&pid, args[0], NULL, NULL, args, NULL);
        if (e == 0)
            waitpid(pid, &st, 0);
        printf("spawn %d status %d\n", e, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    }
    printf("done\n"); /* its frames cover make_leak's */
    return 0;
}
C
line() { grep -n "LINE:$2\b" "$1" | head -1 | cut -d: -f1; }
${CC:-gcc} -O0 -g -static -Wno-free-nonheap-object -o bugs bugs.c "${LIBS[@]}" 2>cc.err ||
    { echo "FAIL: static link: $(grep -v 'statically linked' cc.err | head -5)"; exit 1; }
grep -q 'warning' cc.err && bad "the static link warns: $(head -3 cc.err)"

# run KIND: stdout to KIND.out, the report (stderr) to KIND.err, status to $rc
run() { timeout 60 ./bugs "$1" >"$1.out" 2>"$1.err"; rc=$?; }
# in_stack FILE HEADER SITE: SITE is frame #0 of the stack under HEADER
in_stack() {
    awk -v h="$2" 'index($0, h) { on = 1; next } on && /^    #0 / { print; exit }' "$1" | grep -q "$3"
}

run overflow
[ $rc = 23 ] || bad "overflow: exit $rc, want the default exitcode 23"
grep -q '^static overflow$' overflow.out || bad "overflow: the program's output is lost"
grep -q '^alloc8: ERROR: heap-buffer-overflow' overflow.err || bad "overflow: no report: $(head -3 overflow.err)"
grep -q 'is located 0 bytes after the 10-byte block' overflow.err || bad "overflow: block/offset line"
grep -q '^    #0 .* in overflow .*bugs.c:'"$(line bugs.c ovf_free)" overflow.err ||
    bad "overflow: the free site bugs.c:$(line bugs.c ovf_free) is not frame #0"
in_stack overflow.err 'allocated by thread T0' "in overflow .*bugs.c:$(line bugs.c ovf_alloc)" ||
    bad "overflow: allocation stack"
grep -q 'SUMMARY: alloc8: heap-buffer-overflow bugs.c:'"$(line bugs.c ovf_free)"' in overflow' overflow.err ||
    bad "overflow: SUMMARY line"
grep -q 'definitely lost' overflow.err && bad "overflow: a leak reported (stdout's buffer?): $(grep -A3 'definitely lost' overflow.err | head -4)"
grep -q 'liballoc8\|/interpose/\|/checker/' overflow.err && bad "overflow: alloc8's own frames in a stack"

run uaf
grep -q '^alloc8: ERROR: heap-use-after-free' uaf.err || bad "uaf: no report: $(head -3 uaf.err)"
grep -q 'WRITE of the block after it was freed (caught by a guard page)' uaf.err || bad "uaf: not at the instruction"
grep -q '^    #0 .* in use_after_free .*bugs.c:'"$(line bugs.c uaf)" uaf.err || bad "uaf: frame #0 is not bugs.c:$(line bugs.c uaf)"
grep -q 'is located 5 bytes inside the 32-byte block' uaf.err || bad "uaf: block/offset line"
grep -q '^freed by thread T0 here:' uaf.err || bad "uaf: no free stack"

run double
grep -q '^alloc8: ERROR: double-free' double.err || bad "double: no report"
grep -q '^    #0 .* in double_free .*bugs.c:'"$(line bugs.c df_second)" double.err || bad "double: second free site"
in_stack double.err 'previously freed by thread T0' "bugs.c:$(line bugs.c df_first)" || bad "double: first free stack"
in_stack double.err 'allocated by thread T0' "bugs.c:$(line bugs.c df_alloc)" || bad "double: allocation stack"
grep -q '24-byte block' double.err || bad "double: block size"

run interior
grep -q '^alloc8: ERROR: invalid-free' interior.err || bad "interior: no report"
grep -q 'is located 8 bytes inside the 40-byte block' interior.err || bad "interior: offset"
grep -q '^    #0 .* in interior_free .*bugs.c:'"$(line bugs.c interior)" interior.err || bad "interior: site"

run thread
[ $rc = 0 ] || bad "thread: exit $rc: $(head -5 thread.err)"
grep -q 'ERROR' thread.err && bad "thread: a clean cross-thread free reported: $(grep -A4 ERROR thread.err | head -8)"
run leak
grep -q '^20 bytes in 1 blocks are definitely lost' leak.err || bad "leak: the 20-byte leak: $(grep -A2 'lost in' leak.err | head -6)"
in_stack leak.err 'allocated by thread T0 (malloc)' "in make_leak .*bugs.c:$(line bugs.c leak)" || bad "leak: its stack"
grep -q 'definitely lost: 20 bytes in 1 blocks' leak.err || bad "leak: something besides the 20 bytes is lost"
run quick
[ $rc = 24 ] || bad "quick: _exit(0) after a leak gave $rc, want leak_exitcode 24"
grep -q '^done$' quick.out || bad "quick: the program's output is lost"
grep -q '^20 bytes in 1 blocks are definitely lost' quick.err || bad "quick: no leak report at _exit: $(head -5 quick.err)"
in_stack quick.err 'allocated by thread T0 (malloc)' "in make_leak .*bugs.c:$(line bugs.c leak)" || bad "quick: its stack"
run spawn
[ $rc = 0 ] || bad "spawn: exit $rc: $(head -5 spawn.err)"
grep -Eq '^spawn (0 status 127|2 status 0)$' spawn.out || bad "spawn: $(cat spawn.out)"
[ "$(grep -c 'alloc8: SUMMARY' spawn.err)" = 1 ] || bad "spawn: not one SUMMARY line: $(cat spawn.err)"

# A thread's free, reported: a double free inside the worker.
cat >tdf.c <<'C'
#include <pthread.h>
#include <stdlib.h>
static void *worker(void *arg)
{
    free(arg);
    free(arg); /* LINE:tdf */
    return NULL;
}
int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, worker, malloc(16)); /* LINE:create */
    pthread_join(t, NULL);
    return 0;
}
C
${CC:-gcc} -O0 -g -static -o tdf tdf.c "${LIBS[@]}" 2>/dev/null || bad "building tdf"
timeout 60 ./tdf 2>tdf.err
grep -q '^alloc8: ERROR: double-free .*(thread T1)' tdf.err || bad "tdf: no double free in T1: $(head -3 tdf.err)"
grep -q '^    #0 .* in worker .*tdf.c:'"$(line tdf.c tdf)" tdf.err || bad "tdf: site tdf.c:$(line tdf.c tdf)"
in_stack tdf.err 'thread T1 created by T0 here:' "in main .*tdf.c:$(line tdf.c create)" || bad "tdf: creation stack"
grep -q 'trampoline\|/interpose/' tdf.err && bad "tdf: alloc8's thread trampoline shows in a stack"
grep -q 'definitely lost' tdf.err && bad "tdf: a leak (the thread's DTV?): $(grep -A3 'definitely lost' tdf.err | head -4)"

# C++: mismatches, a thrown exception, a clean run.
cat >mm.cc <<'C'
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <thread>
#include <vector>
struct S { int a[5]; };
int main(int argc, char **argv)
{
    std::string what = argc > 1 ? argv[1] : "";
    std::vector<std::string> v;
    for (int i = 0; i < 100; i++)
        v.push_back(std::string(50, 'a' + i % 26));
    std::thread t([&v] { v.push_back(std::string(200, 'z')); });
    t.join();
    if (what == "array") {
        S *s = new S[4];
        delete s; // LINE:array
    } else if (what == "malloc") {
        int *p = (int *)malloc(12);
        delete p; // LINE:malloc
    } else if (what == "throw") {
        try {
            throw std::string(100, 'x');
        } catch (const std::string &e) {
            std::cout << "caught " << e.size() << "\n";
        }
    }
    std::cout << v.size() << "\n";
    return 0;
}
C
if ${CXX:-g++} -O0 -g -static -pthread -o mm mm.cc "${LIBS[@]}" 2>cxx.err; then
    timeout 60 ./mm array >/dev/null 2>array.err
    grep -q '^alloc8: ERROR: alloc-dealloc-mismatch' array.err || bad "c++ array: no report: $(head -3 array.err)"
    grep -q 'allocated with operator new\[\] released with operator delete' array.err || bad "c++ array: the calls"
    grep -q '80-byte block' array.err || bad "c++ array: block size"
    grep -q '^    #0 .* in main .*mm.cc:'"$(line mm.cc array)" array.err || bad "c++ array: site mm.cc:$(line mm.cc array)"
    timeout 60 ./mm malloc >/dev/null 2>malloc.err
    grep -q 'allocated with malloc released with operator delete' malloc.err || bad "c++ malloc/delete: $(head -3 malloc.err)"
    grep -q '^    #0 .* in main .*mm.cc:'"$(line mm.cc malloc)" malloc.err || bad "c++ malloc/delete: site"
    timeout 60 ./mm throw >throw.out 2>throw.err
    rc=$?
    [ $rc = 124 ] && bad "c++ throw: hangs"
    [ $rc = 0 ] && grep -q '^caught 100$' throw.out && grep -q '^101$' throw.out ||
        bad "c++ throw: exit $rc, output $(tr '\n' ' ' <throw.out)"
    grep -q 'ERROR' throw.err && bad "c++ throw: a report: $(head -5 throw.err)"
    grep -q '^alloc8: SUMMARY: no errors' throw.err || bad "c++ throw: no clean SUMMARY: $(tail -2 throw.err)"
else
    bad "static C++ link: $(grep -v 'statically linked' cxx.err | head -5)"
fi

# The CLI: a static program without the checker gets a warning; with it, none.
${CC:-gcc} -O0 -static -o plain -x c - <<<'int main(void){return 0;}' 2>/dev/null
"$CLI" -- ./plain 2>cli.err
grep -q 'plain is statically linked: LD_PRELOAD cannot reach it' cli.err || bad "CLI: no warning for ./plain: $(cat cli.err)"
"$CLI" --opt exitcode=9 -- ./bugs double >/dev/null 2>cli.err
rc=$?
[ $rc = 9 ] || bad "CLI: --opt exitcode=9 on the static checker program gave $rc"
grep -q 'statically linked' cli.err && bad "CLI: warns about a program with the checker built in"

[ $fail = 0 ] && echo "static_link: OK"
exit $fail
