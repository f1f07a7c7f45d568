/* While the process has threads, freed guarded blocks of the sample (the
 * first guard_max allocations here) are closed sixteen at a time: one TLB
 * flush for the batch, not one per block (heap.c, gclose_flush).  Sixteen
 * 100-byte blocks; the second is written to right after its free, while its
 * batch is still open, so no fault: when the sixteenth free closes the
 * batch, that block's fill is found changed and it is left open, and the
 * check at exit reports the write with its offset and the block's free
 * stack.  The other fifteen are closed: a read of the first faults at the
 * instruction.  A block of the size guard_size names (200) is closed at its
 * free: a write right after it faults at the instruction. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

static int pipefd[2];

static void *idle(void *arg)
{
    char c;
    (void)arg;
    return read(pipefd[0], &c, 1) == 1 ? NULL : arg; /* until main is done */
}

/* Batches need process_madvise on the process itself (Linux 6.15). */
static int can_batch(void)
{
    void *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    struct iovec v = {page, 4096};
    return page != MAP_FAILED &&
           syscall(SYS_process_madvise, -10000, &v, 1, MADV_DONTNEED, 0) == 4096;
}

int main(void)
{
    pthread_t t;
    if (!can_batch()) {
        fprintf(stderr, "skip: this kernel has no process_madvise on the process itself\n");
        return 77;
    }
    if (pipe(pipefd) != 0 || pthread_create(&t, NULL, idle, NULL) != 0)
        return 1;
    volatile char *b[16];
    for (int i = 0; i < 16; i++)
        b[i] = malloc(100); // LINE:alloc
    free((void *)b[0]);     // LINE:free0
    free((void *)b[1]);     // LINE:free1
    b[1][7] = 'X';          /* pending, not closed yet: no fault */
    for (int i = 2; i < 16; i++)
        free((void *)b[i]);
    char c = b[0][5];                   // BUG
    volatile char *named = malloc(200); // LINE:alloc_named
    free((void *)named);                // LINE:free_named
    named[9] = 'Y';                     // LINE:write_named
    printf("read %d\n", c);
    if (write(pipefd[1], "x", 1) != 1 || pthread_join(t, NULL) != 0)
        return 1;
    return 0;
}
// OPTIONS: guard_size=200
// EXIT: 23
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ of the block after it was freed (caught by a guard page)
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@BUG:
// CHECK: is located 5 bytes inside the 100-byte block
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free0:
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: WRITE of the block after it was freed (caught by a guard page)
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:write_named:
// CHECK: is located 9 bytes inside the 200-byte block
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc_named:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free_named:
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: 1 bytes written after free were found at exit: 58 (expected dd)
// CHECK: is located 7 bytes inside the 100-byte block
// CHECK: hint: found at exit, not at the access; run again with ALLOC8_OPTIONS=guard_size=100 to stop at the access itself
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free1:
// CHECK: alloc8: SUMMARY: 3 errors (3 heap-use-after-free)
