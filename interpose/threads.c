/* threads.c — pthread_create / thrd_create / pthread_exit interposition: the active heap's
 * thread hooks (alloc8.h).  When the heap has no hooks, pthread_create is
 * forwarded untouched and costs one test.  Otherwise the parent calls
 * thread_create (e.g. to record the creation stack) and the new thread runs a
 * trampoline that calls thread_start(token) before the user's start routine,
 * and thread_exit once when the routine returns, the thread calls
 * pthread_exit, or it is cancelled (glibc unwinds the stack for both; the
 * trampoline's cleanup variable catches it — this file is built with
 * -fexceptions).  The trampoline record lives in the internal arena.
 * C11's thrd_create gets the same, with a trampoline of its own type: glibc
 * starts those threads without going through pthread_create's symbol.
 * Not built in the prefixed mode. */
#include "interpose.h"

#if !A8_PREFIXED

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <threads.h>

typedef int (*create_fn)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
typedef void (*exit_fn)(void *) __attribute__((noreturn));
typedef int (*c11_create_fn)(thrd_t *, thrd_start_t, void *);

static struct {
    void *real_create;     /* create_fn */
    void *real_c11_create; /* c11_create_fn */
    void *real_exit;       /* exit_fn */
} g_thr;

struct tramp {
    void *(*start)(void *);
    thrd_start_t c11_start; /* thrd_create's, instead */
    void *arg;
    void *token;
};

static void thread_end(void)
{
    if (a8_tls.thread_ended)
        return;
    a8_tls.thread_ended = 1;
    if (a8_state.heap->thread_exit)
        a8_state.heap->thread_exit();
    a8_sigq_thread_end();
}

static void thread_end_cleanup(int *unused) { thread_end(); }

static void *trampoline(void *p)
{
    struct tramp t = *(struct tramp *)p;
    a8_int_free(p);
    if (a8_state.heap->thread_start)
        a8_state.heap->thread_start(t.token);
    int guard __attribute__((cleanup(thread_end_cleanup))) = 0;
    (void)guard;
    return t.start(t.arg);
}

static int c11_trampoline(void *p)
{
    struct tramp t = *(struct tramp *)p;
    a8_int_free(p);
    if (a8_state.heap->thread_start)
        a8_state.heap->thread_start(t.token);
    int guard __attribute__((cleanup(thread_end_cleanup))) = 0;
    (void)guard;
    return t.c11_start(t.arg);
}

/* The record a new thread's trampoline starts from, with the heap's token
 * (the creation stack) taken here in the parent; NULL when out of memory. */
static struct tramp *tramp_new(void *(*start)(void *), thrd_start_t c11_start, void *arg)
{
    struct tramp *t = a8_int_alloc(sizeof *t, 0);
    if (!t)
        return NULL;
    t->start = start;
    t->c11_start = c11_start;
    t->arg = arg;
    t->token = NULL;
    if (a8_state.heap->thread_create) {
        a8_guard_enter();
        t->token = a8_state.heap->thread_create();
        a8_guard_leave();
    }
    return t;
}

void a8_threads_main_start(void)
{
    if (a8_state.heap->thread_start)
        a8_state.heap->thread_start(NULL);
}

/* Whether a new thread goes through a trampoline: the heap has hooks. */
static bool hooked(void)
{
    if (a8_state.ready != A8_READY)
        a8_init();
    return a8_state.ready == A8_READY && a8_state.thread_hooks;
}

A8_EXPORT int pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*start)(void *),
                             void *arg)
{
    create_fn real = (create_fn)a8_glibc_fn(&g_thr.real_create, "pthread_create");
    if (!real)
        return EAGAIN;
    if (A8_LIKELY(!hooked()))
        return real(thread, attr, start, arg);
    struct tramp *t = tramp_new(start, NULL, arg);
    if (!t)
        return EAGAIN;
    int r = real(thread, attr, trampoline, t);
    if (r)
        a8_int_free(t);
    return r;
}

A8_EXPORT int thrd_create(thrd_t *thr, thrd_start_t start, void *arg)
{
    c11_create_fn real = (c11_create_fn)a8_glibc_fn(&g_thr.real_c11_create, "thrd_create");
    if (!real)
        return thrd_error;
    if (A8_LIKELY(!hooked()))
        return real(thr, start, arg);
    struct tramp *t = tramp_new(NULL, start, arg);
    if (!t)
        return thrd_nomem;
    int r = real(thr, c11_trampoline, t);
    if (r != thrd_success)
        a8_int_free(t);
    return r;
}

A8_EXPORT void pthread_exit(void *retval)
{
    exit_fn real = (exit_fn)a8_glibc_fn(&g_thr.real_exit, "pthread_exit");
    if (a8_state.ready == A8_READY && a8_state.thread_hooks)
        thread_end();
    real(retval);
}

#endif /* !A8_PREFIXED */
