/* tls.c — the per-thread state block (core.h).  Zero-initialised (.tbss), so it
 * is valid from the first instruction of every thread, even before any
 * constructor ran.  Can run inside malloc. */
#include "core.h"

__thread struct a8_tls a8_tls __attribute__((tls_model("initial-exec")));

static uint32_t g_next_tid = 1; /* T0 is the thread that initialises alloc8 */

uint32_t a8_thread_id(void)
{
    if (A8_UNLIKELY(!a8_tls.tid_valid)) {
        a8_tls.tid = __atomic_fetch_add(&g_next_tid, 1, __ATOMIC_RELAXED);
        a8_tls.tid_valid = 1;
    }
    return a8_tls.tid;
}
