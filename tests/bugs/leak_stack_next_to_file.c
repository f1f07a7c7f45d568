// A thread whose stack (pthread_attr_setstack) ends where a file mapping
// begins, the file one page long and mapped two: its second page raises
// SIGBUS when read.  The leak scan reads a thread's stack from its stack
// pointer to the end of the stack's mapping; it once merged every adjacent
// readable mapping into one range and read on into the file, and the
// program died of SIGBUS at exit.  Now only anonymous read-write mappings
// (a stack and its TLS) are merged: the scan completes, the block only the
// thread's stack holds is still reachable, and the planted leak is found.
// LIBS: -lpthread
// EXIT: 24
// OPTIONS: show_reachable=1
// CHECK: 99 bytes in 1 blocks are definitely lost
// CHECK: in lose {{.*}}@BUG
// CHECK: 88 bytes in 1 blocks are still reachable
// CHECK: in holder {{.*}}@LINE:keep
// CHECK-NOT: 88 bytes in 1 blocks are definitely lost
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

enum { STACK = 256 * 1024, PAGE = 4096 };

static uintptr_t hidden; /* complemented: not a pointer */
static int ready[2];

__attribute__((noinline)) static void lose(void) { hidden = ~(uintptr_t)malloc(99); } // BUG

static void *holder(void *arg)
{
    char *volatile keep = malloc(88); /* only on this thread's stack */ // LINE:keep
    keep[0] = 1;
    char c = 1;
    if (write(ready[1], &c, 1) != 1)
        abort();
    for (;;)
        pause();
    return arg;
}

int main(void)
{
    /* One reservation, then the stack and the file mapping right after it. */
    char *r = mmap(NULL, STACK + 2 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    FILE *f = tmpfile();
    if (r == MAP_FAILED || !f || ftruncate(fileno(f), PAGE) != 0 || pipe(ready) != 0)
        return 2;
    if (mmap(r, STACK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) !=
            r ||
        mmap(r + STACK, 2 * PAGE, PROT_READ, MAP_SHARED | MAP_FIXED, fileno(f), 0) != r + STACK)
        return 2;
    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setstack(&a, r, STACK);
    pthread_t t;
    char c;
    if (pthread_create(&t, &a, holder, NULL) != 0 || read(ready[0], &c, 1) != 1)
        return 2;
    lose();
    exit(0);
}
