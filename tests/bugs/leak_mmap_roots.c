// Memory the program maps itself is a root of the leak check, as valgrind
// scans it: a block whose only pointer lies in an anonymous mapping, a huge
// MAP_NORESERVE one, the brk heap or shared anonymous memory is still
// reachable (pymalloc's arenas and gcc's GC pages keep pointers there).  A
// pointer in a mapping unmapped before exit does not count, nor one left
// below a live thread's stack pointer (stale: its stack is scanned from the
// stack pointer up, not as anonymous memory).
// OPTIONS: show_reachable=1
// EXIT: 24
// CHECK: alloc8: ERROR: LeakCheck: detected memory leaks (check at exit, thread T0)
// CHECK: 200 bytes in 1 blocks are still reachable in loss record
// CHECK: in keep_in_anon {{.*}}@LINE:anon
// CHECK: 190 bytes in 1 blocks are still reachable in loss record
// CHECK: in keep_in_huge {{.*}}@LINE:huge
// CHECK: 180 bytes in 1 blocks are still reachable in loss record
// CHECK: in keep_in_brk {{.*}}@LINE:brk
// CHECK: 170 bytes in 1 blocks are definitely lost in loss record
// CHECK: in keep_in_unmapped {{.*}}@LINE:unmapped
// CHECK: 160 bytes in 1 blocks are definitely lost in loss record
// CHECK: in leave_below_sp {{.*}}@LINE:stale
// CHECK: 150 bytes in 1 blocks are still reachable in loss record
// CHECK: in keep_in_shared {{.*}}@LINE:shared
// CHECK: definitely lost: 330 bytes in 2 blocks
// CHECK: SUMMARY: alloc8: 330 byte(s) leaked in 2 allocation(s).
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline))

static int ready[2], wake[2];

static void *map_rw(size_t len, int flags)
{
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_ANONYMOUS | flags, -1, 0);
    if (p == MAP_FAILED)
        abort();
    return p;
}

/* Each stores its block's address only where its name says.  The address
 * is kept as an integer so no register or stack slot in main holds it. */
static NOINLINE void keep_in_anon(void)
{
    uintptr_t *m = map_rw(1 << 20, MAP_PRIVATE);
    m[12345] = (uintptr_t)malloc(200); // LINE:anon
}

static NOINLINE void keep_in_huge(void)
{
    /* 8 GiB reserved, one page touched: only resident pages are read */
    char *m = map_rw((size_t)8 << 30, MAP_PRIVATE | MAP_NORESERVE);
    *(uintptr_t *)(m + ((size_t)6 << 30) + 64) = (uintptr_t)malloc(190); // LINE:huge
}

static NOINLINE void keep_in_brk(void)
{
    uintptr_t *m = sbrk(4096);
    if (m == (void *)-1)
        abort();
    m[7] = (uintptr_t)malloc(180); // LINE:brk
}

static NOINLINE void keep_in_unmapped(void)
{
    uintptr_t *m = map_rw(4096, MAP_PRIVATE);
    m[3] = (uintptr_t)malloc(170); // LINE:unmapped
    munmap(m, 4096);
}

static NOINLINE void keep_in_shared(void)
{
    uintptr_t *m = map_rw(4096, MAP_SHARED);
    m[9] = (uintptr_t)malloc(150); // LINE:shared
}

/* 64 KiB of frame, the address at its deepest word: far below where the
 * thread's later calls (read, the leak check's stop signal) reach. */
static NOINLINE void leave_below_sp(void)
{
    volatile uintptr_t frame[8192];
    frame[0] = (uintptr_t)malloc(160); // LINE:stale
    frame[8191] = 0;
}

static void *blocked(void *arg)
{
    (void)arg;
    leave_below_sp();
    char c;
    if (write(ready[1], "r", 1) != 1)
        abort();
    return read(wake[0], &c, 1) < 0 ? NULL : arg; /* nobody writes: blocks until exit */
}

int main(void)
{
    if (pipe(ready) || pipe(wake))
        return 1;
    keep_in_anon();
    keep_in_huge();
    keep_in_brk();
    keep_in_unmapped();
    keep_in_shared();
    pthread_t t;
    if (pthread_create(&t, NULL, blocked, NULL))
        return 3;
    char c;
    if (read(ready[0], &c, 1) != 1)
        return 4;
    write(1, "done\n", 5);
    return 0;
}
