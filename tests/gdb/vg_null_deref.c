/* A write through a NULL pointer: valgrind's fatal SIGSEGV and alloc8's
 * deadly-signal at the same line. */
#include <stdlib.h>

struct s {
    long a, b;
};

int main(int argc, char **argv)
{
    (void)argv;
    struct s *volatile p = argc > 5 ? malloc(sizeof *p) : NULL;
    p->b = 1; // BUG
    return 0;
}
