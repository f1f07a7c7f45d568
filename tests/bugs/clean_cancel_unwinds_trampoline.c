/* A thread cancelled in a blocking call unwinds through alloc8's thread
 * trampoline, whose cleanup ends the thread's records: the pages of its
 * stack memo are unmapped.  The unwinder reaches that cleanup through
 * alloc8's own __gcc_personality_v0 and _Unwind_Resume, which forward to
 * libgcc_s's (interpose/unwind_fwd.c: the library does not link libgcc_s,
 * and this C program loads it only when it first cancels a thread).  Were
 * the cleanup skipped, each of the 300 cancelled threads would leave its
 * memo mapped (~40 KiB each: ~12 MiB of address space). */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proc_status.h"

static sem_t ready;
static volatile int sink;

static void *waits(void *arg)
{
    char *p = malloc(32); /* the thread's first stack capture maps its memo */
    p[0] = 1;
    sink += p[0];
    free(p);
    sem_post(&ready);
    for (;;)
        pause(); /* a cancellation point */
    return arg;
}

static int cancel_threads(int n)
{
    int cancelled = 0;
    for (int i = 0; i < n; i++) {
        pthread_t t;
        if (pthread_create(&t, NULL, waits, NULL) != 0)
            return cancelled;
        sem_wait(&ready);
        pthread_cancel(t);
        void *rv = NULL;
        pthread_join(t, &rv);
        cancelled += rv == PTHREAD_CANCELED;
    }
    return cancelled;
}

int main(void)
{
    sem_init(&ready, 0, 0);
    int n = cancel_threads(20); /* libgcc_s loaded, stacks cached by glibc */
    long before = status_kib("VmSize:");
    n += cancel_threads(300);
    long grew = status_kib("VmSize:") - before;
    fprintf(stderr, "%d threads cancelled\n", n);
    if (before < 0 || grew > 4096)
        fprintf(stderr, "address space grew by %ld KiB\n", grew);
    else
        fputs("address space grew by at most 4 MiB\n", stderr);
    return 0;
}
// LIBS: -lpthread
// CHECK: 320 threads cancelled
// CHECK: address space grew by at most 4 MiB
// CHECK-NOT: alloc8: ERROR
