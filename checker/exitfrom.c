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
 * In the preloaded checker, and in the static library (liballoc8-static.a),
 * where exit and __libc_start_main are libc.a's own, strong: there these are
 * __wrap_exit and __wrap___libc_start_main, which the link's --wrap=exit and
 * --wrap=__libc_start_main (tools/alloc8 --static-libs) put in their place.
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

#if A8_STATIC
/* Weak: a link without the --wrap options leaves them 0 (and ours unused). */
int __real___libc_start_main(main_fn, int, char **, void (*)(void), void (*)(void), void (*)(void),
                             void *) __attribute__((weak));
void __real_exit(int) __attribute__((weak, noreturn));
#define A8_START_MAIN __wrap___libc_start_main
#define A8_EXIT __wrap_exit
#else
#define A8_START_MAIN __libc_start_main
#define A8_EXIT exit
#endif

A8_EXPORT int A8_START_MAIN(main_fn main, int argc, char **argv, void (*init)(void),
                            void (*fini)(void), void (*rtld_fini)(void), void *stack_end)
{
#if A8_STATIC
    start_fn real = __real___libc_start_main;
#else
    a8_guard_enter(); /* dlsym may allocate */
    start_fn real = (start_fn)dlsym(RTLD_NEXT, "__libc_start_main");
    a8_guard_leave();
#endif
    if (!real) {
        a8_note("cannot find the C library's __libc_start_main (%s)",
                A8_STATIC ? "link with --wrap=__libc_start_main" : dlerror());
        _exit(127);
    }
    g_main = main;
    return real(run_main, argc, argv, init, fini, rtld_fini, stack_end);
}

A8_EXPORT A8_NOINLINE __attribute__((noreturn)) void A8_EXIT(int status)
{
    uintptr_t regs[6];
    A8_SAVE_REGS(regs);
    regs[1] = *(const uintptr_t *)__builtin_frame_address(0); /* the caller's rbp */
    a8_leak_exit_from(CALLER_SP(), regs);
#if A8_STATIC
    static void (*real)(int) = __real_exit;
#else
    static void (*real)(int);
#endif
#if !A8_STATIC
    if (!real) {
        a8_guard_enter();
        real = (void (*)(int))dlsym(RTLD_NEXT, "exit");
        a8_guard_leave();
    }
#endif
    if (real)
        real(status);
    _exit(status);
}
