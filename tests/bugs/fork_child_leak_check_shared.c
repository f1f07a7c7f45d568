// A leak check in a fork child leaves the pages it shares with its parent
// shared.  It used to write each live block's mark into the block's header
// and to read the program's anonymous memory with process_vm_readv, whose
// pinning unshares a page: every page with a live block, and every page of
// that memory, was copied in the child, at every child's exit (a shell's
// subshells).  Now a fork child keeps the marks in a table of the scan's
// own and reads through /proc/self/mem.
// The parent keeps 4000 blocks whose only pointers are in an anonymous
// mapping of 256 pages, and forks; the child runs a leak check, which
// must read the mapping to find nothing lost, and counts the pages of
// those blocks and of that mapping that are now its own copies
// (/proc/self/pagemap bit 56).  On the old library: 3103 of 4000 and 256
// of 256.
// OPTIONS: prefault=0:exit_summary=0
// EXIT: 0
// CHECK: child: leak check found 0 leaked blocks
// CHECK: child: pages copied by the check: heap 0 of {{[0-9]+}}, mapping 0 of 256
// CHECK: parent: child exited 0
// CHECK-NOT: definitely lost
#include <alloc8.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#pragma weak alloc8_leak_check

enum { N = 4000, MAP_PAGES = 256 };
#define HIDE 0xffff000000000000ull /* not an address: no root for the scan */
static uintptr_t hidden[N];

/* How many of the pages in [lo, hi) this process has its own copy of. */
static int own_pages(int fd, uintptr_t lo, uintptr_t hi, int *total)
{
    int own = 0;
    for (uintptr_t p = lo & ~(uintptr_t)4095; p < hi; p += 4096) {
        uint64_t e = 0;
        if (pread(fd, &e, 8, (off_t)(p / 4096) * 8) == 8 && (e >> 63 & 1) && (e >> 56 & 1))
            own++;
        (*total)++;
    }
    return own;
}

int main(void)
{
    uintptr_t *map =
        mmap(NULL, MAP_PAGES * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (int i = 0; i < N; i++) {
        char *b = malloc(64);
        memset(b, 'a', 64);
        hidden[i] = (uintptr_t)b ^ HIDE;
    }
    for (int i = 0; i < MAP_PAGES * 512; i++)
        map[i] = hidden[i % N] ^ HIDE;
    pid_t pid = fork();
    if (pid == 0) {
        size_t leaked = alloc8_leak_check();
        int fd = open("/proc/self/pagemap", O_RDONLY);
        int heap_total = 0, map_total = 0, heap_own = 0;
        for (int i = 0; i < N; i++) {
            int t = 0;
            uintptr_t b = hidden[i] ^ HIDE;
            heap_own += own_pages(fd, b - 128, b + 64, &t);
        }
        /* pages counted once per block: enough to tell none from all */
        heap_total = N;
        int map_own = own_pages(fd, (uintptr_t)map, (uintptr_t)map + MAP_PAGES * 4096, &map_total);
        close(fd);
        fprintf(stderr, "child: leak check found %zu leaked blocks\n", leaked);
        fprintf(stderr, "child: pages copied by the check: heap %d of %d, mapping %d of %d\n",
                heap_own, heap_total, map_own, map_total);
        _exit(0);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    fprintf(stderr, "parent: child exited %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    for (int i = 0; i < N; i++)
        free((void *)(hidden[i] ^ HIDE));
    munmap(map, MAP_PAGES * 4096);
    return 0;
}
