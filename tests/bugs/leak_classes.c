// One block of each valgrind leak class, reported at exit.  The same
// program under `valgrind --leak-check=full` gives the same per-class byte
// totals (tests/sh/leak_valgrind.sh compares them).
// OPTIONS: show_reachable=1
// EXIT: 24
// CHECK: alloc8: ERROR: LeakCheck: detected memory leaks (check at exit, thread T0)
// CHECK: 64 (32 direct, 32 indirect) bytes in 1 blocks are definitely lost in loss record 1 of 5
// CHECK: in make_list {{.*}}@LINE:head
// CHECK: 64 bytes in 1 blocks are possibly lost in loss record
// CHECK: in make_list {{.*}}@LINE:interior
// CHECK: 40 bytes in 1 blocks are still reachable in loss record
// CHECK: in make_list {{.*}}@LINE:keep
// CHECK: 32 bytes in 1 blocks are indirectly lost in loss record
// CHECK: in make_list {{.*}}@LINE:tail
// CHECK: 21 bytes in 3 blocks are definitely lost in loss record 5 of 5
// CHECK: in make_list {{.*}}@LINE:loop
// CHECK: LEAK SUMMARY:
// CHECK:    definitely lost: 53 bytes in 4 blocks
// CHECK:    indirectly lost: 32 bytes in 1 blocks
// CHECK:      possibly lost: 64 bytes in 1 blocks
// CHECK:    still reachable: 40 bytes in 1 blocks
// CHECK: SUMMARY: alloc8: 85 byte(s) leaked in 5 allocation(s).
#include <stdlib.h>
#include <unistd.h>

struct node {
    struct node *next;
    char pad[24];
};
void *keep;     /* still reachable: a global holds the start */
char *interior; /* possibly lost: only a pointer into the middle */

static void make_list(void)
{
    struct node *a = malloc(sizeof *a); // LINE:head
    a->next = malloc(sizeof *a);        // LINE:tail
    a->next->next = NULL;
    keep = malloc(40);                  // LINE:keep
    interior = (char *)malloc(64) + 10; // LINE:interior
    for (int i = 0; i < 3; i++)
        if (!malloc(7)) // LINE:loop
            abort();
}

int main(void)
{
    make_list();
    write(1, "done\n", 5); /* no stdio: its buffer would be still reachable */
    return 0;
}
