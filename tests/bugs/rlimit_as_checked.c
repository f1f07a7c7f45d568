/* Under RLIMIT_AS (ulimit -v) the checker still checks.  Its heap takes
 * half the address space left and the quarantine a quarter of that, with a
 * note; before, any limit below ~1.3 GiB turned checking off ("cannot
 * reserve a heap region of even 1024 MiB"), where valgrind runs.  Under a
 * 256 MiB limit the program
 *   - fills the heap with 4 MiB blocks until malloc says NULL (the one
 *     out-of-memory warning), and the rest with 60 KB ones;
 *   - asks for a 100-byte block while the heap is full: guard_size=100
 *     (and guard_max=0: no other guarded blocks, so no guarded span yet)
 *     wants a guard page for it, for which there is no room, so it takes a
 *     plain slot of its size class (one a 101-byte block left free) rather
 *     than fail (once, a slip took the guarded class's slot there, and the
 *     block's redzone fill ran into a guard page);
 *   - frees two of the 4 MiB blocks and asks for one: the quarantine
 *     holding the two (under its budget) is emptied for it, and its budget
 *     halved, rather than the call fail;
 *   - allocates and frees 400 MiB in 1 MiB blocks: far more than the
 *     lowered quarantine holds, so its evictions must make the room;
 *   - writes past a block, reported with its line. */
// ULIMIT_V: 262144
// OPTIONS: guard_size=100:guard_max=0
// EXIT: 23
// CHECK: address space is limited (RLIMIT_AS, ulimit -v): the heap has {{[0-9]+}} MiB of the {{[0-9]+}} MiB that were left, so quarantine_mb=256 is lowered to {{[0-9]+}}
// CHECK: WARNING: out-of-memory: malloc of 4194304 bytes failed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:fill:
// CHECK: filled the heap with {{[0-9]+}} blocks
// CHECK: a 100-byte block in a plain slot
// CHECK: the heap is full: the quarantine is emptied for the allocation and its budget halved, to {{[0-9]+}} KiB (again each time that happens)
// CHECK: 4 MiB again after freeing two
// CHECK: churned 400 MiB
// CHECK: ERROR: heap-buffer-overflow
// CHECK: 1 bytes written past the end were found at free: 78 (expected fb)
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free:
// CHECK: is located 0 bytes after the 40-byte block
// CHECK: allocated by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:alloc:
// CHECK-NOT: checking is off
#include <stdio.h>
#include <stdlib.h>

enum { MIB = 1 << 20, MAX_FILL = 1024, MAX_BITS = 256 };

static char *fill[MAX_FILL];
static char *bits[MAX_BITS]; /* what is left of the heap, in 60 KB blocks */

__attribute__((noinline)) static void overflow(char *p)
{
    p[40] = 'x'; /* the bug: found when p is freed */
}

int main(void)
{
    char *before = malloc(101); /* its span has room for 100-byte blocks too */
    int n = 0;
    while (n < MAX_FILL && (fill[n] = malloc(4 * MIB)) != NULL) // LINE:fill
        n++;
    if (n < 3 || n == MAX_FILL) {
        fprintf(stderr, "the heap took %d blocks of 4 MiB\n", n);
        return 1;
    }
    int nbits = 0;
    while (nbits < MAX_BITS && (bits[nbits] = malloc(60000)) != NULL)
        nbits++;
    fprintf(stderr, "filled the heap with %d blocks\n", n);
    char *small = malloc(100);
    if (!small) {
        fprintf(stderr, "no 100-byte block in a full heap\n");
        return 1;
    }
    fprintf(stderr, "a 100-byte block in a plain slot\n");
    free(small);
    free(before);
    while (nbits > 0)
        free(bits[--nbits]);
    free(fill[--n]);
    free(fill[--n]);
    fill[n] = malloc(4 * MIB);
    if (!fill[n]) {
        fprintf(stderr, "no 4 MiB block after freeing two\n");
        return 1;
    }
    fprintf(stderr, "4 MiB again after freeing two\n");
    for (n++; n > 0; n--)
        free(fill[n - 1]);

    for (int i = 0; i < 400; i++) {
        char *p = malloc(MIB);
        if (!p) {
            fprintf(stderr, "no 1 MiB block after %d MiB\n", i);
            return 1;
        }
        p[0] = p[MIB - 1] = (char)i;
        free(p);
    }
    fprintf(stderr, "churned 400 MiB\n");

    char *p = malloc(40); // LINE:alloc
    overflow(p);
    free(p); // LINE:free
    return 0;
}
