// A program with a small alternate signal stack (16 KiB, as mono's; ruby's
// is 47 KiB) and an SA_ONSTACK SIGSEGV handler of its own reads a freed,
// guarded block.  alloc8's handler runs on that stack too, and its report
// (libunwind's walk, libdw's symbolization) overflowed it: the program died
// with no report.  The report is made on a stack of alloc8's own now, with
// the same frames; then a NULL write still reaches the program's handler,
// on its alternate stack.
// EXIT: 3
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ of the block after it was freed (caught by a guard page)
// CHECK: #0 0x{{[0-9a-f]+}} in use {{\S*}}@BUG:
// CHECK: #1 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:call:
// CHECK: is located 8 bytes inside the 40-byte block
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free:
// CHECK: program: went on after the read
// CHECK: program's handler: fault at 0x10 on its alternate stack
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static char *alt;
static size_t alt_size = 16384;

static void handler(int sig, siginfo_t *si, void *uc)
{
    (void)sig, (void)uc;
    char here;
    int on_alt = &here >= alt && &here < alt + alt_size;
    fprintf(stderr, "program's handler: fault at %p on %s\n", si->si_addr,
            on_alt ? "its alternate stack" : "another stack");
    _exit(3);
}

__attribute__((noinline)) static int use(volatile int *p) { return p[2]; } // BUG

int main(void)
{
    /* Mapped with a PROT_NONE page below it, as runtimes map theirs. */
    char *m =
        mmap(NULL, alt_size + 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED || mprotect(m, 4096, PROT_NONE) != 0)
        return 1;
    alt = m + 4096;
    stack_t ss = {.ss_sp = alt, .ss_size = alt_size, .ss_flags = 0};
    if (sigaltstack(&ss, NULL) != 0)
        return 1;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigaction(SIGSEGV, &sa, NULL);

    int *p = malloc(40); // LINE:alloc
    for (int i = 0; i < 10; i++)
        p[i] = i;
    free(p);        // LINE:free
    int v = use(p); // LINE:call
    fprintf(stderr, "program: went on after the read (%d)\n", v);
    *(volatile int *)(uintptr_t)0x10 = 1;
    return 0;
}
