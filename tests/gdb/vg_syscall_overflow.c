/* A read() into a block shorter than the length it is given (valgrind: a
 * system call parameter; alloc8: a checked call). */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
int main(void)
{
    char *buf = malloc(16);
    int fd = open("/dev/zero", O_RDONLY);
    ssize_t n = read(fd, buf, 12 + 16); // BUG overflow
    close(fd);
    free(buf);
    return n == 28 ? 0 : 1;
}
