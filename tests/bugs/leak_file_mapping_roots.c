// A writable file mapping is a root of the leak check, as valgrind scans
// it: a block whose only pointer lies in a file mapped MAP_PRIVATE
// read-write (HotSpot maps its class-data archive so: its JVM reported
// hundreds of blocks "definitely lost"), in one mapped MAP_SHARED, or in
// POSIX shared memory (/dev/shm) is still reachable.  A pointer written to
// a file and then unmapped does not count: that block is lost.
// OPTIONS: show_reachable=1
// EXIT: 24
// CHECK: alloc8: ERROR: LeakCheck: detected memory leaks (check at exit, thread T0)
// CHECK: 210 bytes in 1 blocks are still reachable in loss record
// CHECK: in keep_in_private {{.*}}@LINE:private
// CHECK: 200 bytes in 1 blocks are still reachable in loss record
// CHECK: in keep_in_shared {{.*}}@LINE:shared
// CHECK: 190 bytes in 1 blocks are still reachable in loss record
// CHECK: in keep_in_shm {{.*}}@LINE:shm
// CHECK: 180 bytes in 1 blocks are definitely lost in loss record
// CHECK: in keep_in_unmapped {{.*}}@LINE:unmapped
// CHECK: definitely lost: 180 bytes in 1 blocks
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline))
enum { LEN = 1 << 16 };

/* A file of LEN bytes mapped read-write; the file itself is unlinked (the
 * mapping keeps it). */
static uintptr_t *map_file(int flags, int shm)
{
    char path[64];
    snprintf(path, sizeof path, shm ? "/alloc8-leak-%d" : "/tmp/alloc8-leak-%d.bin", (int)getpid());
    int fd = shm ? shm_open(path, O_RDWR | O_CREAT | O_EXCL, 0600)
                 : open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd < 0 || ftruncate(fd, LEN) != 0)
        abort();
    if (shm)
        shm_unlink(path);
    else
        unlink(path);
    void *m = mmap(NULL, LEN, PROT_READ | PROT_WRITE, flags, fd, 0);
    close(fd);
    if (m == MAP_FAILED)
        abort();
    return m;
}

/* Each stores its block's address only where its name says, as an integer
 * so that no register or stack slot in main keeps it. */
static NOINLINE void keep_in_private(void)
{
    uintptr_t *m = map_file(MAP_PRIVATE, 0);
    m[1000] = (uintptr_t)malloc(210); // LINE:private
}

static NOINLINE void keep_in_shared(void)
{
    uintptr_t *m = map_file(MAP_SHARED, 0);
    m[2000] = (uintptr_t)malloc(200); // LINE:shared
}

static NOINLINE void keep_in_shm(void)
{
    uintptr_t *m = map_file(MAP_SHARED, 1);
    m[3000] = (uintptr_t)malloc(190); // LINE:shm
}

static NOINLINE void keep_in_unmapped(void)
{
    uintptr_t *m = map_file(MAP_SHARED, 0);
    m[4000] = (uintptr_t)malloc(180); // LINE:unmapped
    munmap(m, LEN);
}

int main(void)
{
    keep_in_private();
    keep_in_shared();
    keep_in_shm();
    keep_in_unmapped();
    return 0;
}
