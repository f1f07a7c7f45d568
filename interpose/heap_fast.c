/* heap_fast.c — liballoc8-fast.so's heap: glibc, passed through (the entry
 * points mostly bypass even this, see entry.c). */
#include "interpose.h"

const struct alloc8_heap *a8_heap_default(void) { return &a8_heap_passthru; }
