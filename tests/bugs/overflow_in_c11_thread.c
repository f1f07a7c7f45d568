/* An overflow in a thread started with C11's thrd_create, which glibc runs
 * without calling pthread_create through its symbol: the report still names
 * the thread and where it was created, and the thread's result (given to
 * thrd_exit) still reaches thrd_join. */
#include <stdlib.h>
#include <string.h>
#include <threads.h>

static int scanner(void *arg)
{
    char *line = malloc(24); // LINE:alloc
    memset(line, '-', 25);   // BUG
    free(line);              // LINE:free
    thrd_exit(42);
}

int main(void)
{
    thrd_t t;
    int res = 0;
    if (thrd_create(&t, scanner, NULL) != thrd_success) // LINE:create
        return 2;
    thrd_join(t, &res);
    return res == 42 ? 0 : 1; /* 0, so alloc8's exitcode shows */
}
// LIBS: -lpthread
// OPTIONS: guard_max=0:check_calls=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T1)
// CHECK: #0 0x{{[0-9a-f]+}} in scanner {{\S*}}@LINE:free:
// CHECK: 0 bytes after the 24-byte block
// CHECK: allocated by thread T1 here:
// CHECK: #0 0x{{[0-9a-f]+}} in scanner {{\S*}}@LINE:alloc:
// CHECK: #1 0x{{[0-9a-f]+}} in start_thread
// CHECK: thread T1 created by T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:create:
// CHECK-NOT: liballoc8.so)
