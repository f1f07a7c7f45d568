/* cases.c — stack shapes for alloc8's own unwinder, run under the checker
 * with stack_verify=1 by tests/sh/unwind_verify.sh: every capture is also
 * taken with libunwind and every memoised id checked against a fresh walk.
 * Built twice: -O0 (rbp frames everywhere) and -O2 (rsp-based frames, rbp
 * as a general register, alloca frames that switch to rbp).
 *
 *   cases LIBA LIBB     LIBA/LIBB: two shared objects with lib_alloc()
 */
#include <alloca.h>
#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *volatile sink;

/* Same caller, same stack pointer, different return addresses: the memo
 * must tell them apart by the footprint. */
__attribute__((noinline)) static void *leaf(size_t n) { return malloc(n); }
__attribute__((noinline)) static void *via_a(size_t n) { return leaf(n); }
__attribute__((noinline)) static void *via_b(size_t n) { return leaf(n + 1); }

/* A variable-size frame: the CFA is rbp-based even at -O2. */
__attribute__((noinline)) static void *with_alloca(size_t n)
{
    char *tmp = alloca(n);
    memset(tmp, 1, n);
    void *p = malloc(n + (size_t)tmp[0]);
    return p;
}

__attribute__((noinline)) static int recurse(int depth)
{
    if (depth == 0) {
        free(malloc(8));
        return 0;
    }
    return recurse(depth - 1) + 1;
}

static void *thread_main(void *arg)
{
    for (int i = 0; i < 2000; i++) {
        void *p = (i & 1) ? via_a(16) : via_b(16);
        free(p);
        recurse(i % 20);
    }
    return arg;
}

static void on_usr1(int sig)
{
    (void)sig;
    free(malloc(32)); /* not async-signal-safe in general; fine here */
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: cases LIBA LIBB\n");
        return 2;
    }
    for (int i = 0; i < 5000; i++) {
        void *(*f)(size_t) = (i % 3) ? via_a : via_b;
        void *p = f(24);
        free(p);
        p = with_alloca((size_t)(16 + i % 300));
        free(p);
    }
    for (int d = 0; d < 40; d++)
        recurse(d);

    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, thread_main, NULL);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);

    signal(SIGUSR1, on_usr1);
    for (int i = 0; i < 20; i++)
        raise(SIGUSR1);

    /* Two libraries loaded in turn at what is usually the same address:
     * after each dlclose the rules and memoised walks through the old code
     * must not be used for the new. */
    for (int i = 0; i < 40; i++) {
        void *h = dlopen(argv[1 + i % 2], RTLD_NOW | RTLD_LOCAL);
        if (!h) {
            fprintf(stderr, "dlopen: %s\n", dlerror());
            return 1;
        }
        void *(*la)(void) = (void *(*)(void))dlsym(h, "lib_alloc");
        for (int k = 0; k < 50; k++)
            free(la());
        dlclose(h);
    }
    sink = NULL;
    puts("cases: done");
    return 0;
}
