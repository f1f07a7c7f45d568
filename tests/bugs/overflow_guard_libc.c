/* memcpy past the end of a block in a worker thread: frame #0 is inside
 * libc, the SUMMARY names the user's line. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static char source[64];

static void *worker(void *arg)
{
    char *p = malloc(48);  // LINE:alloc
    memcpy(p, source, 64); // BUG
    free(p);
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
// EXIT: 23
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T1)
// CHECK: WRITE
// CHECK: in worker {{\S*}}@BUG:
// CHECK: is located 0 bytes after the 48-byte block
// CHECK: allocated by thread T1 here:
// CHECK: #0 0x{{[0-9a-f]+}} in worker {{\S*}}@LINE:alloc:
// CHECK: thread T1 created by T0 here:
// CHECK: in main {{\S*}}@LINE:create:
// CHECK: SUMMARY: alloc8: heap-buffer-overflow @BUG in worker
