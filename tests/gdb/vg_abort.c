/* A failed assert: valgrind's fatal SIGABRT and alloc8's killed-by-signal,
 * both at the assert's line (the first frame outside the C library). */
#include <assert.h>

int main(int argc, char **argv)
{
    (void)argv;
    assert(argc == 7); // BUG
    return 0;
}
