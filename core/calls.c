/* calls.c — names of the allocation entry points (enum alloc8_call), for
 * traces and reports.  Can run inside malloc. */
#include "core.h"

#include "alloc8.h"

static const char *const g_names[ALLOC8_CALL_COUNT_] = {
    [ALLOC8_CALL_MALLOC] = "malloc",
    [ALLOC8_CALL_CALLOC] = "calloc",
    [ALLOC8_CALL_REALLOC] = "realloc",
    [ALLOC8_CALL_REALLOCARRAY] = "reallocarray",
    [ALLOC8_CALL_MEMALIGN] = "memalign",
    [ALLOC8_CALL_POSIX_MEMALIGN] = "posix_memalign",
    [ALLOC8_CALL_ALIGNED_ALLOC] = "aligned_alloc",
    [ALLOC8_CALL_VALLOC] = "valloc",
    [ALLOC8_CALL_PVALLOC] = "pvalloc",
    [ALLOC8_CALL_NEW] = "operator new",
    [ALLOC8_CALL_NEW_ARRAY] = "operator new[]",
    [ALLOC8_CALL_FREE] = "free",
    [ALLOC8_CALL_CFREE] = "cfree",
    [ALLOC8_CALL_FREE_SIZED] = "free_sized",
    [ALLOC8_CALL_FREE_ALIGNED_SIZED] = "free_aligned_sized",
    [ALLOC8_CALL_DELETE] = "operator delete",
    [ALLOC8_CALL_DELETE_ARRAY] = "operator delete[]",
};

const char *a8_call_name(int c)
{
    return (unsigned)c < (unsigned)ALLOC8_CALL_COUNT_ && g_names[c] ? g_names[c] : "?";
}
