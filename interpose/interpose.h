/* interpose.h — the interposition layer's shared state: the active heap, the
 * start-up state machine, glibc's originals and the trace hook.
 *
 * Three builds of the same sources (see the Makefile):
 *   A8_FAST=1      entry points call glibc's __libc_* directly unless tracing;
 *   A8_PREFIXED=1  entry points are named alloc8_*; no C++, thread or dlclose
 *                  interposition;
 *   neither        the checker library: everything goes to the active heap.
 */
#ifndef ALLOC8_INTERPOSE_H
#define ALLOC8_INTERPOSE_H

#include "alloc8.h"
#include "core.h"

#ifndef A8_FAST
#define A8_FAST 0
#endif
#ifndef A8_PREFIXED
#define A8_PREFIXED 0
#endif

#if A8_PREFIXED
#define A8_ENTRY(name) alloc8_##name
#else
#define A8_ENTRY(name) name
#endif

enum { A8_NOT_READY = 0, A8_INITIALIZING = 1, A8_READY = 2 };

struct a8_state {
    volatile int ready;             /* A8_NOT_READY → A8_INITIALIZING → A8_READY */
    const struct alloc8_heap *heap; /* the active heap, set once */
    bool trace;                     /* trace=1 */
    /* Fast build: leave the direct path (not yet initialised, or tracing). */
    volatile bool slow;
    bool thread_hooks; /* the heap has thread_* hooks */
};
/* Hidden: -fvisibility=hidden covers definitions, not extern declarations,
 * and a GOT load on every entry point costs measurably in fast mode. */
extern struct a8_state a8_state __attribute__((visibility("hidden")));

/* Initialise once (options, heap, fork handlers).  Re-entrant calls and
 * other threads during initialisation return at once; callers then use the
 * internal arena. */
void a8_init(void);

/* glibc's allocator, exported by glibc 2.36 under these names. */
void *__libc_malloc(size_t size);
void *__libc_calloc(size_t nmemb, size_t size);
void *__libc_realloc(void *ptr, size_t size);
void __libc_free(void *ptr);
void *__libc_memalign(size_t alignment, size_t size);
int __libc_mallopt(int param, int value);

/* The pass-through heap (interpose/passthru.c) and glibc's originals of the
 * functions that have no __libc_ alias, resolved on first use. */
extern const struct alloc8_heap a8_heap_passthru;
size_t a8_glibc_usable_size(const void *ptr);
void *a8_glibc_sym(const char *name);
#if A8_STATIC
/* The C library's functions that a static program's link --wrap's for
 * the checked calls (build/static_real.c, made by the Makefile from what
 * checker/strmem.c & co. define), sorted by name: each the original of
 * one __wrap_ entry of ours. */
struct a8_real_fn {
    const char *name;
    void *fn;
};
extern const struct a8_real_fn a8_static_real[];
extern const size_t a8_static_nreal;
#endif
/* The function `name` in the objects loaded after alloc8's, as
 * dlsym(RTLD_NEXT) finds it, without a dl* call (NULL: not found so). */
void *a8_elf_next_sym(const char *name);
/* a8_glibc_sym(name), looked up once and kept in *slot (NULL if none). */
void *a8_glibc_fn(void **slot, const char *name);

/* The heap a library build selects (interpose/heap_*.c), and the one a
 * bring-your-own-heap library defines with ALLOC8_DEFINE_HEAP.  Both weak
 * (but see A8_PREFIXED). */
#if A8_PREFIXED
/* Strong in the prefixed archive: a weak reference does not pull
 * heap_checker.o out of liballoc8-prefixed.a, and glibc would be the heap. */
const struct alloc8_heap *a8_heap_default(void);
#else
const struct alloc8_heap *a8_heap_default(void) __attribute__((weak));
#endif
const struct alloc8_heap *alloc8_heap_entry(void) __attribute__((weak));

/* trace=1: one line per call (interpose/trace.c). */
void a8_trace_call(const struct alloc8_req *r, const void *in, const void *out);
/* trace=1, at start-up: the exit note (verbosity=2) of calls traced and lookups. */
void a8_trace_init(void);

/* The active heap's thread hooks (interpose/threads.c). */
void a8_threads_main_start(void);

#endif
