// A leak in a worker thread names the thread that allocated it.
// LIBS: -lpthread
// EXIT: 24
// CHECK: 48 bytes in 1 blocks are definitely lost in loss record 1 of 1
// CHECK: allocated by thread T1 (malloc) here:
// CHECK: in worker {{.*}}@BUG
// CHECK: SUMMARY: alloc8: 48 byte(s) leaked in 1 allocation(s).
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static void *worker(void *arg)
{
    char *p = malloc(48); // BUG
    memset(p, 1, 48);
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    pthread_join(t, NULL);
    return 0;
}
