#!/bin/bash
# interpose/elfsym.c finds C library functions without dlsym (a dlsym frees
# the program's dlerror() message): for each name, what it finds must be
# what dlsym(RTLD_NEXT) finds from the same object — IFUNCs resolved
# (memcpy, strlen, wcslen, ...), the default version of a versioned name
# (memcpy@@GLIBC_2.14 over memcpy@GLIBC_2.2.5, realpath, regexec,
# pthread_cond_wait), fortified entries and plain ones.  A name no object
# defines is NULL both ways.
set -u
cd "$A8_TMP"
cat >probe.c <<'C'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
void *a8_elf_next_sym(const char *name);
static const char *names[] = {"memcpy", "memmove", "memset", "strlen", "strchr", "memchr",
    "strcmp", "wcslen", "wcsnlen", "wmemset", "wcschr", "printf", "fprintf", "__printf_chk",
    "__vfprintf_chk", "__memcpy_chk", "malloc_usable_size", "mallinfo2", "strtol", "realpath",
    "regexec", "pthread_cond_wait", "pthread_create", "dlclose", "sigaction",
    "no_such_function_anywhere", NULL};
__attribute__((constructor)) static void probe(void)
{
    int bad = 0, n = 0;
    for (const char **p = names; *p; p++, n++) {
        void *mine = a8_elf_next_sym(*p), *theirs = dlsym(RTLD_NEXT, *p);
        if (mine != theirs) {
            fprintf(stderr, "FAIL: %s: elfsym %p, dlsym %p\n", *p, mine, theirs);
            bad = 1;
        }
    }
    fprintf(stderr, "%s %d names\n", bad ? "differ" : "same", n);
}
C
${CC:-gcc} -std=gnu11 -D_GNU_SOURCE -shared -fPIC -O1 -I"$A8_ROOT/include" -I"$A8_ROOT/core" -I"$A8_ROOT/interpose" \
    probe.c "$A8_ROOT/interpose/elfsym.c" "$A8_ROOT/core/fmt.c" -o probe.so -ldl -lpthread 2>build.err ||
    { echo "FAIL: build: $(head -5 build.err)"; exit 1; }
out=$(LD_PRELOAD=$PWD/probe.so /bin/true 2>&1)
echo "$out"
[ "$out" = "same 26 names" ] || exit 1
exit 0
