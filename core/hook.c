/* hook.c — alloc8_report_hook(): an empty, never-inlined function the
 * reports layer calls after every printed report, with no alloc8 lock held,
 * as a breakpoint target (`break alloc8_report_hook` in gdb).  Defined in
 * core/ so every alloc8 library exports it, even those that never report. */
#include "core.h"

#include "alloc8.h"

A8_EXPORT A8_NOINLINE void alloc8_report_hook(void) { __asm__ volatile("" ::: "memory"); }
