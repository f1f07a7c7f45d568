/* hooks_prog.c — threads that end every way a thread can: return, call
 * pthread_exit (directly and from a nested call), get cancelled at a
 * cancellation point, run one after another (reused stacks and TLS), and run
 * concurrently.  Under the hooks heap it checks from the heap's event table
 * that each thread saw exactly one thread_create (in the parent), one
 * thread_start (with that token) and one thread_exit, in its own kernel
 * thread, start before exit.  It also reports which module called each start
 * routine (dladdr of the return address): glibc's start_thread when
 * pthread_create is forwarded untouched, alloc8's trampoline otherwise.
 * Usage: hooks_prog hooks|nohooks|native */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

struct hook_event {
    int kind;
    int tid;
    uintptr_t token;
};

enum { MAXT = 64 };
static int g_tids[MAXT];
static const char *g_caller_mod[MAXT];
static sem_t g_ready;
static int failures;

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            failures++;                                                                            \
            printf("FAIL line %d: %s: ", __LINE__, #cond);                                         \
            printf(__VA_ARGS__);                                                                   \
            printf("\n");                                                                          \
        }                                                                                          \
    } while (0)

static const char *module_of(const void *pc)
{
    Dl_info di;
    if (!dladdr(pc, &di) || !di.dli_fname)
        return "?";
    const char *b = strrchr(di.dli_fname, '/');
    return b ? b + 1 : di.dli_fname;
}

#define ENTER(i)                                                                                   \
    do {                                                                                           \
        g_tids[i] = (int)syscall(SYS_gettid);                                                      \
        g_caller_mod[i] = module_of(__builtin_return_address(0));                                  \
        free(malloc(100));                                                                         \
    } while (0)

static void *t_return(void *arg)
{
    ENTER((intptr_t)arg);
    return arg;
}

static void nested_exit(void *arg) { pthread_exit(arg); }

static void *t_exit(void *arg)
{
    ENTER((intptr_t)arg);
    pthread_exit(arg);
}

static void *t_nested_exit(void *arg)
{
    ENTER((intptr_t)arg);
    nested_exit(arg);
    return NULL;
}

static void *t_cancel(void *arg)
{
    ENTER((intptr_t)arg);
    sem_post(&g_ready);
    for (;;)
        pause(); /* a cancellation point */
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "native";
    sem_init(&g_ready, 0, 0);
    int n = 0;
    pthread_t th[MAXT];
    void *(*kinds[])(void *) = {t_return, t_exit, t_nested_exit};
    /* one after another: stacks and TLS blocks get reused */
    for (int k = 0; k < 12; k++, n++) {
        pthread_create(&th[n], NULL, kinds[k % 3], (void *)(intptr_t)n);
        pthread_join(th[n], NULL);
    }
    /* cancelled threads */
    for (int k = 0; k < 4; k++, n++) {
        pthread_create(&th[n], NULL, t_cancel, (void *)(intptr_t)n);
        sem_wait(&g_ready);
        pthread_cancel(th[n]);
        void *rv;
        pthread_join(th[n], &rv);
        CHECK(rv == PTHREAD_CANCELED, "thread %d not cancelled", n);
    }
    /* concurrent ones */
    int first = n;
    for (int k = 0; k < 12; k++, n++)
        pthread_create(&th[n], NULL, kinds[k % 3], (void *)(intptr_t)n);
    for (int i = first; i < n; i++)
        pthread_join(th[i], NULL);

    const char *want_mod = !strcmp(mode, "hooks") ? "libhooksheap.so" : "libc.so.6";
    for (int i = 0; i < n; i++)
        CHECK(!strcmp(g_caller_mod[i], want_mod),
              "thread %d start routine called from %s, "
              "want %s",
              i, g_caller_mod[i], want_mod);

    const struct hook_event *(*events)(int *) =
        (const struct hook_event *(*)(int *))dlsym(RTLD_DEFAULT, "hookheap_events");
    if (!strcmp(mode, "native")) {
        CHECK(events == NULL, "hook heap loaded in native mode");
    } else {
        CHECK(events != NULL, "hookheap_events not found: heap not preloaded");
        int nev = 0;
        const struct hook_event *ev = events ? events(&nev) : NULL;
        if (!strcmp(mode, "nohooks")) {
            CHECK(nev == 0, "%d hook events from a heap without hooks", nev);
        } else if (ev) {
            int main_tid = (int)syscall(SYS_gettid), main_starts = 0, creates = 0;
            for (int e = 0; e < nev; e++) {
                if (ev[e].kind == 'c') {
                    creates++;
                    CHECK(ev[e].tid == main_tid, "thread_create ran in tid %d", ev[e].tid);
                }
                if (ev[e].kind == 's' && ev[e].tid == main_tid)
                    main_starts++;
            }
            CHECK(creates == n, "%d thread_create events for %d threads", creates, n);
            CHECK(main_starts == 1, "main thread: %d thread_start events", main_starts);
            for (int i = 0; i < n; i++) {
                /* kernel tids are handed out in sequence: no reuse here */
                int starts = 0, exits = 0, start_pos = -1, exit_pos = -1;
                uintptr_t token = 0;
                for (int e = 0; e < nev; e++) {
                    if (ev[e].tid != g_tids[i])
                        continue;
                    if (ev[e].kind == 's')
                        starts++, start_pos = e, token = ev[e].token;
                    else if (ev[e].kind == 'x')
                        exits++, exit_pos = e;
                }
                CHECK(starts == 1 && exits == 1 && start_pos < exit_pos,
                      "thread %d (tid %d): %d starts, %d exits", i, g_tids[i], starts, exits);
                int token_created = 0;
                for (int e = 0; e < nev && token; e++)
                    if (ev[e].kind == 'c' && ev[e].token == token && e < start_pos)
                        token_created++;
                CHECK(token_created == 1, "thread %d: start token %lu not from one create", i,
                      (unsigned long)token);
            }
            int starts = 0, exits = 0;
            for (int e = 0; e < nev; e++)
                starts += ev[e].kind == 's', exits += ev[e].kind == 'x';
            CHECK(starts == n + 1 && exits == n,
                  "totals: %d starts (want %d), %d exits "
                  "(want %d)",
                  starts, n + 1, exits, n);
        }
    }
    if (failures)
        return 1;
    printf("OK %s %d threads\n", mode, n);
    return 0;
}
