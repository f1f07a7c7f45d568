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
 * _exit and _Exit run the whole exit check themselves (leave, below);
 * quick_exit runs it after the program's at_quick_exit handlers.
 *
 * In the preloaded checker, and in the static library (liballoc8-static.a),
 * where exit, _exit, _Exit and __libc_start_main are libc.a's own, strong:
 * there these are __wrap_exit, __wrap__exit, __wrap__Exit and
 * __wrap___libc_start_main, which the link's --wrap options (tools/alloc8
 * --static-libs) put in their place.  There libc.a's exit ends in
 * __wrap__exit too, after the check (which then passes it by).
 */
#include "checker.h"
#include "leak.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

/* glibc calls main with a fourth argument, the auxiliary vector */
typedef int (*main_fn)(int, char **, char **, void *);
typedef int (*start_fn)(main_fn, int, char **, void (*)(void), void (*)(void), void (*)(void),
                        void *);

static main_fn g_main;

/* The caller's stack pointer before it called the function whose frame
 * this is (frame pointers: the saved rbp and the return address above). */
#define CALLER_SP() ((uintptr_t)__builtin_frame_address(0) + 2 * sizeof(void *))

static void at_quick(void);

static A8_NOINLINE int run_main(int argc, char **argv, char **envp, void *auxv)
{
    /* Before main's own, so it runs after them at quick_exit (not before
     * the C library is set up: a static program's __libc_start_main does
     * that after calling its wrapper). */
    at_quick_exit(at_quick);
    int r = g_main(argc, argv, envp, auxv);
    a8_leak_exit_from(CALLER_SP(), NULL); /* main is gone: nothing below is live */
    return r;
}

#if A8_STATIC
/* Weak: a link without the --wrap options leaves them 0 (and ours unused). */
int __real___libc_start_main(main_fn, int, char **, void (*)(void), void (*)(void), void (*)(void),
                             void *) __attribute__((weak));
void __real_exit(int) __attribute__((weak, noreturn));
void __real__exit(int) __attribute__((weak, noreturn));
void __real_quick_exit(int) __attribute__((weak, noreturn));
#define A8_START_MAIN __wrap___libc_start_main
#define A8_EXIT __wrap_exit
#define A8__EXIT __wrap__exit
#define A8__EXIT_ISO __wrap__Exit
#define A8_QUICK_EXIT __wrap_quick_exit
static void (*g_real__exit)(int) = __real__exit;
#else
#define A8_START_MAIN __libc_start_main
#define A8_EXIT exit
#define A8__EXIT _exit
#define A8__EXIT_ISO _Exit
#define A8_QUICK_EXIT quick_exit
static void (*g_real__exit)(int); /* found by find_real__exit */
#endif

/* The C library's _exit, once found; until then (and in a vfork child,
 * which must not look it up: dlsym allocates in memory it shares with its
 * parent) the system call that _exit makes. */
static __attribute__((noreturn)) void real__exit(int status)
{
    void (*f)(int) = __atomic_load_n(&g_real__exit, __ATOMIC_ACQUIRE);
    if (f)
        f(status);
    for (;;)
        syscall(SYS_exit_group, status);
}

static void find_real__exit(void)
{
#if !A8_STATIC
    if (__atomic_load_n(&g_real__exit, __ATOMIC_ACQUIRE))
        return;
    a8_guard_enter(); /* dlsym may allocate */
    void (*f)(int) = (void (*)(int))dlsym(RTLD_NEXT, "_exit");
    a8_guard_leave();
    __atomic_store_n(&g_real__exit, f, __ATOMIC_RELEASE);
#endif
}

/* quick_exit (C11): the program's at_quick_exit handlers, then the C
 * library's own _exit, which alloc8's _exit does not see.  alloc8's
 * handler, registered before the program's, runs after them and makes the
 * exit check with quick_exit's status (A8_QUICK_EXIT below noted it); no
 * stdio is flushed, as quick_exit flushes none. */
static volatile int g_quick_status, g_quick;

static void at_quick(void)
{
    if (!g_quick || a8_getpid() != a8_checker_pid() || a8_inside())
        return;
    int status = g_quick_status;
    int out = a8_checker_exit_check(status, false);
    if (out != status)
        real__exit(out);
}

A8_EXPORT int A8_START_MAIN(main_fn main, int argc, char **argv, void (*init)(void),
                            void (*fini)(void), void (*rtld_fini)(void), void *stack_end)
{
#if A8_STATIC
    start_fn real = __real___libc_start_main;
#else
    a8_guard_enter();             /* dlsym may allocate */
    start_fn real = (start_fn)dlsym(RTLD_NEXT, "__libc_start_main");
    a8_guard_leave();
#endif
    if (!real) {
        a8_note("cannot find the C library's __libc_start_main (%s)",
                A8_STATIC ? "link with --wrap=__libc_start_main" : dlerror());
        _exit(127);
    }
    g_main = main;
    find_real__exit();
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

/* _exit and _Exit (C99's name for it; glibc's exit() ends in its own,
 * internal _exit, not these).  A program that leaves by _exit — a fork
 * child's usual way out, a signal handler's, os._exit in python3, a tool
 * that skips its clean-up — gets the exit check that exit() gets (valgrind
 * makes it for any exit): the heap's blocks checked, the leak check, the
 * SUMMARY line, and exitcode or leak_exitcode for a status of 0.  Unlike
 * exit's, stdio is not flushed: a fork child would write its parent's
 * buffered output a second time.  No check, straight out: in a vfork child
 * or one made without the fork handlers (another pid than the checker's
 * state is for), and in a signal handler that interrupted alloc8 itself on
 * this thread, in a heap operation or its own work (its locks may be held:
 * a8_inside). */
static A8_NOINLINE __attribute__((noreturn)) void leave(int status, uintptr_t sp,
                                                        const uintptr_t *regs)
{
    if (a8_getpid() != a8_checker_pid() || a8_inside())
        real__exit(status);
    find_real__exit();
    a8_leak_exit_from(sp, regs);
    real__exit(a8_checker_exit_check(status, false));
}

A8_EXPORT A8_NOINLINE __attribute__((noreturn)) void A8__EXIT(int status)
{
    uintptr_t regs[6];
    A8_SAVE_REGS(regs);
    regs[1] = *(const uintptr_t *)__builtin_frame_address(0); /* the caller's rbp */
    leave(status, CALLER_SP(), regs);
}

A8_EXPORT A8_NOINLINE __attribute__((noreturn)) void A8_QUICK_EXIT(int status)
{
    uintptr_t regs[6];
    A8_SAVE_REGS(regs);
    regs[1] = *(const uintptr_t *)__builtin_frame_address(0); /* the caller's rbp */
    a8_leak_exit_from(CALLER_SP(), regs);
    g_quick_status = status;
    g_quick = 1;
#if A8_STATIC
    void (*real)(int) = __real_quick_exit;
#else
    a8_guard_enter();
    void (*real)(int) = (void (*)(int))dlsym(RTLD_NEXT, "quick_exit");
    a8_guard_leave();
#endif
    if (real)
        real(status);
    leave(status, CALLER_SP(), regs); /* no C library quick_exit: as _exit */
}

#define A8_NAME_(x) #x
#define A8_NAME(x) A8_NAME_(x)
/* _Exit is the same function, as in glibc. */
A8_EXPORT __attribute__((noreturn, alias(A8_NAME(A8__EXIT)))) void A8__EXIT_ISO(int status);
