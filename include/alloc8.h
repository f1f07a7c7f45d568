/* alloc8.h — the one header alloc8 users see (C and C++).
 *
 * 1. Calls a program may make while running under alloc8 (any mode).  They
 *    are exported by liballoc8.so and liballoc8-fast.so; declare them weak, or
 *    look them up with dlsym, if the program must also run without alloc8.
 * 2. The prefixed mode: alloc8_malloc, alloc8_free, … from the static library
 *    liballoc8-prefixed.a, beside the system malloc.
 * 3. Bring your own heap: the operations an allocator implements to sit
 *    behind alloc8's interposition layer (liballoc8-interpose.a), which then
 *    provides every C and C++ entry point, start-up bootstrap, re-entrancy,
 *    fork safety, thread hooks, options and tracing.
 */
#ifndef ALLOC8_H
#define ALLOC8_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ALLOC8_VERSION "0.1.0"

/* ---- 1. runtime calls ------------------------------------------------------ */

/* The library's version string and the name of the active heap
 * ("checker", "fast", or a bring-your-own heap's name). */
const char *alloc8_version(void);
const char *alloc8_heap_name(void);

/* Leak checks (checker only; README "Leaks").  alloc8_leak_check() scans the
 * heap now and prints a leak report; it returns the number of leaked
 * (definitely or indirectly lost, unsuppressed) blocks.  alloc8_leak_mark()
 * remembers the current allocation; alloc8_leak_check_since_mark() then
 * reports only blocks allocated after it that are now lost. */
size_t alloc8_leak_check(void);
void alloc8_leak_mark(void);
size_t alloc8_leak_check_since_mark(void);

/* Check every block of the checker's heap now (redzones, quarantined fills,
 * headers) and report what is wrong.  Returns the number of problems found
 * (0 in the fast library, which checks nothing). */
size_t alloc8_check_heap(void);

/* Called after every printed report (a leak report that found leaks too),
 * with no alloc8 lock held: an empty, never-inlined function, so `break
 * alloc8_report_hook` in gdb stops at each error with the program's state
 * intact. */
void alloc8_report_hook(void);

/* ---- 2. prefixed mode (liballoc8-prefixed.a) --------------------------------
 * The active heap (the checker unless another is linked in) under alloc8_
 * names, beside the system allocator.  Memory from these functions must be
 * released with alloc8_free/alloc8_realloc, never with free.  Thread hooks
 * and C++ operators are not part of this mode. */
void *alloc8_malloc(size_t size);
void *alloc8_calloc(size_t nmemb, size_t size);
void *alloc8_realloc(void *ptr, size_t size);
void *alloc8_reallocarray(void *ptr, size_t nmemb, size_t size);
void alloc8_free(void *ptr);
void *alloc8_memalign(size_t alignment, size_t size);
int alloc8_posix_memalign(void **memptr, size_t alignment, size_t size);
void *alloc8_aligned_alloc(size_t alignment, size_t size);
void *alloc8_valloc(size_t size);
void *alloc8_pvalloc(size_t size);
size_t alloc8_malloc_usable_size(void *ptr);
void alloc8_free_sized(void *ptr, size_t size);
void alloc8_free_aligned_sized(void *ptr, size_t alignment, size_t size);

/* ---- 3. bring your own heap ---------------------------------------------- */

/* Which entry point a request came through. */
enum alloc8_call {
    ALLOC8_CALL_MALLOC,
    ALLOC8_CALL_CALLOC,
    ALLOC8_CALL_REALLOC,
    ALLOC8_CALL_REALLOCARRAY,
    ALLOC8_CALL_MEMALIGN,
    ALLOC8_CALL_POSIX_MEMALIGN,
    ALLOC8_CALL_ALIGNED_ALLOC,
    ALLOC8_CALL_VALLOC,
    ALLOC8_CALL_PVALLOC,
    ALLOC8_CALL_NEW,       /* operator new (any variant but array) */
    ALLOC8_CALL_NEW_ARRAY, /* operator new[] */
    ALLOC8_CALL_FREE,
    ALLOC8_CALL_CFREE,
    ALLOC8_CALL_FREE_SIZED,
    ALLOC8_CALL_FREE_ALIGNED_SIZED,
    ALLOC8_CALL_DELETE,       /* operator delete (any variant but array) */
    ALLOC8_CALL_DELETE_ARRAY, /* operator delete[] */
    ALLOC8_CALL_COUNT_
};

/* Request flags. */
#define ALLOC8_F_ZERO 0x1u    /* return zeroed memory (calloc) */
#define ALLOC8_F_ALIGNED 0x2u /* an aligned variant was called (align is set) */
#define ALLOC8_F_SIZED 0x4u   /* a sized deallocation: size is the caller's claim */
#define ALLOC8_F_NOTHROW 0x8u /* a nothrow operator new/delete */
/* An operator new/delete of alloc8's whose partner the program replaced
 * (its own operator delete/new, calling free/malloc as the defaults do): a
 * malloc-family call matches it. */
#define ALLOC8_F_FREE_OK 0x10u
/* Made by the program's own operator new/delete, run by one of alloc8's
 * (the call is recorded as alloc8's operator): caller is where the program
 * called that operator, and stacks start there. */
#define ALLOC8_F_FORWARDED 0x20u

/* One allocation or deallocation request, built on the caller's stack. */
struct alloc8_req {
    enum alloc8_call call;
    unsigned flags;     /* ALLOC8_F_* */
    size_t size;        /* bytes requested; for a sized free, the size claimed */
    size_t align;       /* alignment requested; 0 means the default (16) */
    const void *caller; /* return address into the code that called the entry point */
};

/* What alloc8_heap.signal_reentry is told. */
struct alloc8_signal_call {
    struct alloc8_req call; /* the handler's call; caller: where it was made */
    const void *ptr;        /* the pointer it freed or reallocated, or NULL */
    int interrupted;        /* the enum alloc8_call of the operation it interrupted */
    unsigned calls;         /* handler calls in all since the last time */
    unsigned dropped;       /* frees the queue had no room for: those blocks stay allocated */
};

/* Figures for mallinfo/mallinfo2/malloc_stats/malloc_info. */
struct alloc8_heap_info {
    size_t mapped_bytes; /* address space the heap holds from the kernel */
    size_t in_use_bytes; /* bytes in live blocks, as the user requested them */
    size_t free_bytes;   /* held but not in use */
    size_t live_blocks;
};

/* The operations of a heap.  alloc, free and usable_size are required; the
 * rest may be NULL.  The interposition layer guarantees:
 *   - init runs once, before the first alloc, with alloc8's re-entrancy guard
 *     raised: any malloc it makes is served by alloc8's internal arena;
 *   - alloc and free are never called re-entrantly from inside the heap on the
 *     same thread: allocations the heap's own code makes (e.g. via libc) go to
 *     the internal arena;
 *   - free is never called with NULL, nor with a pointer from the internal
 *     arena; realloc never with NULL or size 0 (those become alloc / free);
 *   - errno: the layer saves and restores it around every call; returning NULL
 *     from alloc means "out of memory" and the layer sets ENOMEM.
 * thread_create runs in the parent inside pthread_create and returns a token
 * handed to thread_start in the new thread before its start routine;
 * thread_exit runs once when the thread's start routine returns, it calls
 * pthread_exit, or it is cancelled.  A heap that leaves all three NULL pays
 * nothing: pthread_create is forwarded untouched.  Frees from the thread's
 * TLS destructors may still arrive after thread_exit. */
struct alloc8_heap {
    const char *name;
    int (*init)(void); /* 0 on success; non-zero: alloc8 falls back to glibc */
    void *(*alloc)(const struct alloc8_req *req);
    void (*free)(void *ptr, const struct alloc8_req *req);
    void *(*realloc)(void *ptr, const struct alloc8_req *req); /* NULL: alloc+copy+free */
    size_t (*usable_size)(const void *ptr);
    void *(*thread_create)(void);
    void (*thread_start)(void *token);
    void (*thread_exit)(void);
    void (*fork_prepare)(void); /* take every heap lock */
    void (*fork_parent)(void);
    void (*fork_child)(void);
    void (*info)(struct alloc8_heap_info *out);
    int (*trim)(size_t pad);
    void (*before_dlclose)(void *handle); /* a module may go away */
    /* A call the layer refused or corrected for its arguments: calloc or
     * reallocarray whose nmemb × size overflows (req->size = size, nmemb
     * given), an alignment that is not a power of two or too large
     * (req->align).  The layer still returns what the standard says. */
    void (*invalid_call)(const struct alloc8_req *req, size_t nmemb);
    /* alloc8_check_heap(): check every block now; returns problems found. */
    size_t (*check)(void);
    /* The program called sigaction/signal: return 0 when the heap handled
     * the call itself (it keeps a handler of its own for that signal and
     * records the program's), -1 to let the call through. */
    int (*sigaction_hook)(int sig, const void *act, void *oact);
    /* Optional.  One of alloc8's C++ operators ran the program's own, which
     * returned ptr, a block it allocated meanwhile on this thread: record
     * ptr as req's call (req->flags has ALLOC8_F_FORWARDED; its caller is
     * where the operator was called). */
    void (*retag)(void *ptr, const struct alloc8_req *req);
    /* Optional.  A signal handler called an allocation function (malloc and
     * free are not async-signal-safe) on a thread that was inside one of
     * this heap's operations, which may hold its locks.  The layer served it
     * without the heap: an allocation from alloc8's internal arena
     * (unchecked), a free of a heap block queued and made, as a free, when
     * the operation returned.  Then, with no lock of the layer held, it
     * calls this once for the first such call since the last time. */
    void (*signal_reentry)(const struct alloc8_signal_call *c);
};

/* Define the heap of a library built against liballoc8-interpose.a:
 *   static const struct alloc8_heap my_heap = { .name = "mine", ... };
 *   ALLOC8_DEFINE_HEAP(my_heap)
 * and link it into a shared library with the whole interposition archive:
 *   cc -shared -fPIC -o libmyheap.so my_heap.c \
 *      -Wl,--whole-archive liballoc8-interpose.a -Wl,--no-whole-archive -ldl -lpthread
 * (examples/simple_heap is a complete example.)
 */
#define ALLOC8_DEFINE_HEAP(heap)                                                                   \
    __attribute__((visibility("hidden"))) const struct alloc8_heap *alloc8_heap_entry(void)        \
    {                                                                                              \
        return &(heap);                                                                            \
    }

#ifdef __cplusplus
}
#endif

#endif /* ALLOC8_H */
