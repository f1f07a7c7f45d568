/* sym_prog.c — stacks for the symbolizer tests (built -O0 -g -fno-builtin by
 * tests/sh/sym_*.sh; sym_inl.c at -O2, sym_tmpl.cpp as C++, sym_dl.c as a
 * dlopen'ed library).  Lines marked LINE:<tag> are the expected locations:
 * the scripts find them with grep -n, so expectations follow the code. */
#include "sym_harness.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int inl_outer(int x);  /* sym_inl.c, -O2 */
int tmpl_entry(int x); /* sym_tmpl.cpp */
typedef void (*dl_fn_t)(void (*capture)(const char *), const char *label);

static int captured_in_cmp;

static int static_fn(int x)
{
    symh_capture("static"); /* LINE:static */
    return x + 1;
}

int plain_fn(int x)
{
    symh_capture("plain");   /* LINE:plain */
    return static_fn(x) + 1; /* LINE:plain_calls_static */
}

static int cmp_int(const void *a, const void *b)
{
    if (!captured_in_cmp++)
        symh_capture("qsort"); /* LINE:cmp */
    return *(const int *)a - *(const int *)b;
}

/* Load `path`, capture a stack inside its dl_fn, and dlclose it (or not). */
static void in_library(const char *path, const char *label, int close_it, int unlink_it)
{
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        fprintf(stderr, "dlopen %s: %s\n", path, dlerror());
        exit(2);
    }
    if (unlink_it)
        unlink(path);
    dl_fn_t fn = (dl_fn_t)dlsym(h, "dl_fn");
    fn(symh_capture, label); /* LINE:main_dl */
    if (close_it) {
        symh_before_dlclose();
        dlclose(h);
    }
}

int main(int argc, char **argv)
{
    /* argv: raw-output-path dl.so [stripped.so deleted.so] */
    int v[4] = {3, 1, 2, 0};
    if (argc < 3)
        return 2;
    plain_fn(1);                        /* LINE:main_plain */
    inl_outer(2);                       /* LINE:main_inl */
    tmpl_entry(3);                      /* LINE:main_tmpl */
    qsort(v, 4, sizeof(v[0]), cmp_int); /* LINE:main_qsort */
    if (argc > 4) {
        in_library(argv[3], "stripped", 0, 0); /* LINE:main_stripped */
        in_library(argv[4], "deleted", 0, 1);  /* LINE:main_deleted */
    }
    in_library(argv[2], "dlclosed", 1, 0); /* LINE:main_dl_closed */
    return symh_finish(argv[1]);
}
