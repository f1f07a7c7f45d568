/* capture.c — call sites for the stack-capture test (tests/sh/stack_capture.sh),
 * run under libprobe.so.  Built -O0 -g -fno-builtin -rdynamic so dladdr names
 * every function here.  malloc(77777) is the probe's marked allocation.
 *   capture basic | deep | threads | signal | segv | segv-internal */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MARK 77777

void *alloc_site_main(void) { return malloc(MARK); /* CHECK: frame #0 alloc_site_main, #1 main */ }

void *leaf_alloc(void) { return malloc(MARK); }

void *recurse(int n)
{
    void *p = n > 0 ? recurse(n - 1) : leaf_alloc();
    __asm__ volatile("" ::: "memory"); /* keep the frame: no tail call */
    return p;
}

void *thread_alloc_site(void) { return malloc(MARK); }

void *thread_main(void *arg)
{
    (void)arg;
    return thread_alloc_site();
}

typedef void (*probe_fn)(const char *);
static probe_fn probe;

void on_signal(int sig)
{
    (void)sig;
    probe("signal");
}

void signal_site(void) { raise(SIGUSR1); }

void on_segv(int sig)
{
    (void)sig;
    probe("segv");
    _exit(0);
}

volatile int *volatile null_ptr;

void segv_site(void) { *null_ptr = 1; /* the fault */ }

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "basic";
    probe = (probe_fn)dlsym(RTLD_DEFAULT, "probe_capture");
    if (!strcmp(mode, "basic")) {
        free(alloc_site_main());
    } else if (!strcmp(mode, "deep")) {
        free(recurse(199)); /* 200 recurse frames */
    } else if (!strcmp(mode, "threads")) {
        pthread_t th[8];
        for (int i = 0; i < 8; i++)
            pthread_create(&th[i], NULL, thread_main, NULL);
        for (int i = 0; i < 8; i++) {
            void *p;
            pthread_join(th[i], &p);
            free(p);
        }
    } else if (!strcmp(mode, "segv-internal")) {
        void (*catch_segv)(void) = (void (*)(void))dlsym(RTLD_DEFAULT, "probe_catch_segv");
        if (!catch_segv) {
            fprintf(stderr, "probe_catch_segv not found\n");
            return 1;
        }
        catch_segv();
        segv_site();
        return 1; /* not reached */
    } else if (!strcmp(mode, "signal") || !strcmp(mode, "segv")) {
        if (!probe) {
            fprintf(stderr, "probe_capture not found\n");
            return 1;
        }
        /* An alternate signal stack, as a SIGSEGV report path has. */
        static char altstack[64 * 1024];
        stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack};
        sigaltstack(&ss, NULL);
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_flags = SA_ONSTACK;
        if (mode[1] == 'i') {
            sa.sa_handler = on_signal;
            sigaction(SIGUSR1, &sa, NULL);
            signal_site();
        } else {
            sa.sa_handler = on_segv;
            sigaction(SIGSEGV, &sa, NULL);
            segv_site();
            return 1; /* not reached */
        }
    }
    return 0;
}
