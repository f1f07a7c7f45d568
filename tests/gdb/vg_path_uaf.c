/* A freed path handed to open: valgrind ("Syscall param openat(filename)
 * points to unaddressable byte(s)", in a freed block) and alloc8
 * (heap-use-after-free, READ by open) both report it at the call. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
    char *path = strdup("/nonexistent/alloc8-path");
    free(path);
    int fd = open(path, O_RDONLY); // BUG
    if (fd >= 0)
        close(fd);
    return 0;
}
