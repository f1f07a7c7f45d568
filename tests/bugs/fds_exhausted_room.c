// A program that has used every descriptor its soft limit allows (a server
// at EMFILE, one that leaks descriptors) has a double free, then exits with
// a block only a global holds and one nothing holds.  alloc8 opens the ELF
// files of the report's stack and /proc/self/maps for the leak check with
// the soft limit raised to the hard one for each open, then put back: the
// report is symbolized, and the leak check finds only the lost block.
// Before, every open failed: raw frames, and without the maps the leak
// check had no roots and called every block lost, the global's block too.  The program's limit and
// its EMFILE are unchanged after the report.  sym_cache=off: the files are opened, not read from
// the frames cache.
// OPTIONS: sym_cache=off
// EXIT: 23
// CHECK: next open after filling: EMFILE
// CHECK: alloc8: ERROR: double-free
// CHECK: in main {{.*}}@BUG
// CHECK: limit after the report: 64, next open: EMFILE
// CHECK: alloc8: ERROR: LeakCheck: detected memory leaks (check at exit, thread T0)
// CHECK: 55 bytes in 1 blocks are definitely lost in loss record 1 of 1
// CHECK: in main {{.*}}@LINE:lost
// CHECK: definitely lost: 55 bytes in 1 blocks
// CHECK-NOT: 100 bytes in 1 blocks are definitely lost
// CHECK-NOT: cannot open
#include "fds_fill.h"

#include <stdlib.h>

static char *kept;

int main(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || (rl.rlim_max != RLIM_INFINITY && rl.rlim_max <= 64)) {
        printf("hard descriptor limit too low to test\n");
        return 77;
    }
    rl.rlim_cur = 64; /* below the hard limit: room can be made */
    if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
        return 77;
    kept = malloc(100);
    strcpy(kept, "reachable");
    char *lost = malloc(55); // LINE:lost
    lost[0] = 1;
    lost = NULL;
    fill_descriptors();
    char *p = malloc(10);
    free(p);
    free(p); // BUG
    struct rlimit now;
    getrlimit(RLIMIT_NOFILE, &now);
    int fd = open("/dev/null", O_RDONLY);
    fprintf(stderr, "limit after the report: %llu, next open: %s\n",
            (unsigned long long)now.rlim_cur,
            fd < 0 && errno == EMFILE ? "EMFILE" : "a descriptor");
    return kept[0] == 'r' ? 0 : 1;
}
