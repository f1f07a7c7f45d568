/* heap_checker.c — liballoc8.so's heap: the debug heap checker. */
#include "interpose.h"

/* Until the checker heap lands, the checker library passes through. */
const struct alloc8_heap *a8_heap_default(void) { return &a8_heap_passthru; }
