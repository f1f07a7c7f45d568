/* heap_checker.c — liballoc8.so's heap: the debug heap checker, plus the
 * start-up work that must run outside malloc (loading libunwind privately). */
#include "interpose.h"

#include "checker.h"

const struct alloc8_heap *a8_heap_default(void) { return a8_checker_heap(); }

/* After the interposer's constructor (101): libunwind is dlopen'ed here, not
 * inside the first malloc (which may run inside ld.so). */
__attribute__((constructor(102))) static void checker_ctor(void)
{
    a8_guard_enter();
    /* Not when the heap is off (it said so): no stack would be shown, and
     * libunwind's load could only add a line about the same want of room. */
    if (a8_state.heap != &a8_heap_passthru)
        a8_stack_init();
    if (a8_state.ready == A8_READY && a8_state.heap == a8_checker_heap()) {
        a8_deadly_install(); /* first: the fault handler asks a8_deadly_on */
        a8_checker_install_fault_handler();
    }
    a8_guard_leave();
}
