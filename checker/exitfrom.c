/* exitfrom.c — where the program left off, for the leak check at exit.
 *
 * The exit check runs inside exit, on the stack the program used: below the
 * frame that called exit lie exit's own frames, laid over whatever the
 * program's returned functions (main, when it returned) left there.  A stale
 * pointer in that garbage would make a lost block look reachable; valgrind
 * does not see those words (they are undefined to it), so it calls the block
 * lost.  alloc8 notes the stack pointer of the program's last live frame —
 * main's caller once main has returned (main is run through run_main, whose
 * frame the reports leave out as alloc8's own), or the caller of exit — and
 * the exit check scans the stack from there up (checker/leak.c).  Exits it does not see (exit
 * called inside a library, a program started without __libc_start_main) keep the scan from the
 * check's own frame, as before.
 *
 * Only in the preloaded checker, like strmem.c.
 */
#include "checker.h"
#include "leak.h"

#include <dlfcn.h>
#include <unistd.h>

/* glibc calls main with a fourth argument, the auxiliary vector */
typedef int (*main_fn)(int, char **, char **, void *);
typedef int (*start_fn)(main_fn, int, char **, void (*)(void), void (*)(void), void (*)(void),
                        void *);

static main_fn g_main;

/* The caller's stack pointer before it called the function whose frame
 * this is (frame pointers: the saved rbp and the return address above). */
#define CALLER_SP() ((uintptr_t)__builtin_frame_address(0) + 2 * sizeof(void *))

static A8_NOINLINE int run_main(int argc, char **argv, char **envp, void *auxv)
{
    int r = g_main(argc, argv, envp, auxv);
    a8_leak_exit_from(CALLER_SP(), NULL); /* main is gone: nothing below is live */
    return r;
}

A8_EXPORT int __libc_start_main(main_fn main, int argc, char **argv, void (*init)(void),
                                void (*fini)(void), void (*rtld_fini)(void), void *stack_end)
{
    a8_guard_enter(); /* dlsym may allocate */
    start_fn real = (start_fn)dlsym(RTLD_NEXT, "__libc_start_main");
    a8_guard_leave();
    if (!real) {
        a8_note("cannot find the C library's __libc_start_main (%s)", dlerror());
        _exit(127);
    }
    g_main = main;
    return real(run_main, argc, argv, init, fini, rtld_fini, stack_end);
}

A8_EXPORT A8_NOINLINE __attribute__((noreturn)) void exit(int status)
{
    uintptr_t regs[6];
    A8_SAVE_REGS(regs);
    regs[1] = *(const uintptr_t *)__builtin_frame_address(0); /* the caller's rbp */
    a8_leak_exit_from(CALLER_SP(), regs);
    static void (*real)(int);
    if (!real) {
        a8_guard_enter();
        real = (void (*)(int))dlsym(RTLD_NEXT, "exit");
        a8_guard_leave();
    }
    if (real)
        real(status);
    _exit(status);
}
