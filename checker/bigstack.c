/* bigstack.c — room for a report made inside a signal handler.
 *
 * alloc8's SIGSEGV handler (a guard-page hit: heap.c on_segv) is installed
 * with SA_ONSTACK, so that a program's stack overflow still reaches the
 * program's own handler on its alternate signal stack.  A guard-page hit is
 * delivered there too, and the report's work (libunwind's walk, libdw's
 * symbolization, the report's formatting) needs some 40-60 KiB: mono's
 * 16 KiB and ruby's 47 KiB alternate stacks overflowed, killing the program
 * with no report or overwriting memory below them.  So that work runs on
 * a stack of alloc8's own, one per thread that needs it, mapped at its
 * first report (mmap is async-signal-safe) and unmapped when the thread
 * ends: whenever the handler runs on an alternate signal stack, or with
 * less than BIG_MIN bytes left of the thread's stack.
 *
 * The switch is a8_call_on_stack below: a frame with call frame
 * information, so libunwind (and glibc's backtrace) walk from the report
 * back through it, the signal frame and the program's frames, as before.
 */
#include "checker.h"

#include <errno.h>
#include <signal.h>
#include <sys/mman.h>

enum {
    BIG_BYTES = 512 * 1024, /* the stack, above one PROT_NONE guard page */
    BIG_GUARD = 4096,
    BIG_MIN = 128 * 1024, /* less room left than this: switch */
};

static __thread char *t_big __attribute__((tls_model("initial-exec"))); /* the mapping */

/* void a8_call_on_stack(void (*fn)(void *), void *arg, void *top): fn(arg)
 * with rsp = top (16-byte aligned), then back.  rbp keeps the old stack
 * pointer; the CFI says the caller's frame is at rbp + 16. */
void a8_call_on_stack(void (*fn)(void *), void *arg, void *top);
__asm__(".text\n"
        ".globl a8_call_on_stack\n"
        ".hidden a8_call_on_stack\n"
        ".type a8_call_on_stack, @function\n"
        "a8_call_on_stack:\n"
        ".cfi_startproc\n"
        "    pushq %rbp\n"
        ".cfi_def_cfa_offset 16\n"
        ".cfi_offset %rbp, -16\n"
        "    movq %rsp, %rbp\n"
        ".cfi_def_cfa_register %rbp\n"
        "    movq %rdi, %rax\n"
        "    movq %rsi, %rdi\n"
        "    movq %rdx, %rsp\n"
        "    callq *%rax\n"
        "    movq %rbp, %rsp\n"
        "    popq %rbp\n"
        ".cfi_def_cfa %rsp, 8\n"
        "    retq\n"
        ".cfi_endproc\n"
        ".size a8_call_on_stack, .-a8_call_on_stack\n");

/* Whether the code running now has little stack left: on an alternate
 * signal stack (whatever its size), or near the end of the thread's. */
static bool short_of_stack(void)
{
    uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
    stack_t ss;
    if (sigaltstack(NULL, &ss) == 0 && (ss.ss_flags & SS_ONSTACK))
        return true;
    uintptr_t lo, hi;
    return a8_stack_bounds_known(&lo, &hi) && sp >= lo && sp < hi && sp - lo < BIG_MIN;
}

void a8_on_big_stack(void (*fn)(void *), void *arg)
{
    int saved_errno = errno;
    uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
    bool on_big = t_big && sp > (uintptr_t)t_big && sp <= (uintptr_t)t_big + BIG_GUARD + BIG_BYTES;
    if (on_big || !short_of_stack()) {
        errno = saved_errno;
        fn(arg);
        return;
    }
    if (!t_big) {
        /* Reserved closed, then opened above the guard page: under a
         * seccomp filter only mprotect to read/write may be allowed. */
        void *m = mmap(NULL, BIG_GUARD + BIG_BYTES, PROT_NONE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (m != MAP_FAILED &&
            mprotect((char *)m + BIG_GUARD, BIG_BYTES, PROT_READ | PROT_WRITE) != 0) {
            munmap(m, BIG_GUARD + BIG_BYTES);
            m = MAP_FAILED;
        }
        if (m == MAP_FAILED) { /* try on the stack there is */
            errno = saved_errno;
            fn(arg);
            return;
        }
        a8_own_add(m, BIG_GUARD + BIG_BYTES); /* not a root of the leak scan */
        t_big = m;
    }
    errno = saved_errno;
    a8_call_on_stack(fn, arg, t_big + BIG_GUARD + BIG_BYTES);
}

void a8_big_stack_thread_exit(void)
{
    char *m = t_big;
    t_big = NULL;
    if (m) {
        a8_own_del(m);
        munmap(m, BIG_GUARD + BIG_BYTES);
    }
}
