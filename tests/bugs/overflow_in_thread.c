/* An overflow in a worker thread: the report names the thread and where it
 * was created.  The overflowing memset is caught at the call (check_calls),
 * and the damage is not reported a second time at free. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static void *worker(void *arg)
{
    char *p = malloc(16); // LINE:alloc
    memset(p, 'z', 17);   // BUG
    free(p);              // LINE:free
    return arg;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL); // LINE:create
    pthread_join(t, NULL);
    return 0;
}
// LIBS: -lpthread
// OPTIONS: guard_max=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T1)
// CHECK: WRITE of 17 bytes at 0x{{[0-9a-f]+}} by memset, 1 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in worker {{\S*}}@BUG:
// CHECK: 0 bytes after the 16-byte block
// CHECK: allocated by thread T1 here:
// CHECK: #0 0x{{[0-9a-f]+}} in worker {{\S*}}@LINE:alloc:
// CHECK: #1 0x{{[0-9a-f]+}} in start_thread
// CHECK: thread T1 created by T0 here:
// CHECK: in main {{\S*}}@LINE:create:
// CHECK-NOT: liballoc8.so)
// CHECK-NOT: found at free
