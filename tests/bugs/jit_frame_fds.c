// A heap overflow in a function called from JIT code (no unwind data): the
// walk past the JIT frame is libunwind's, which tests each address it reads
// there by writing it through a pipe of its own.  The program has closed
// every descriptor above 2 first, as daemons do, and opened its own files,
// which got 3 and 4: libunwind's pipe must not be at those numbers (it was:
// libunwind read the input file and wrote stack bytes into the output).
// OPTIONS: verbosity=2:detect_leaks=0
// EXIT: 23
// CHECK: alloc8: ERROR: heap-buffer-overflow
// CHECK: in victim {{.*}}@BUG
// CHECK: (<unknown module>)
// CHECK: in main
// CHECK: 0 bytes after the 24-byte block
// CHECK: allocated by thread T0
// CHECK: in victim {{.*}}@LINE:alloc
// CHECK: files intact: in at 0, out empty
// CHECK: own unwinder: {{.*}} {{[1-9][0-9]*}} walks handed to libunwind
// CHECK-NOT: files touched
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

__attribute__((noinline)) static void *victim(void)
{
    char *p = malloc(24); // LINE:alloc
    p[24] = 1;
    free(p); // BUG
    return NULL;
}

int main(void)
{
    /* push %rbp; mov %rsp,%rbp; call *%rdi; pop %rbp; ret */
    static const unsigned char code[] = {0x55, 0x48, 0x89, 0xe5, 0xff, 0xd7, 0x5d, 0xc3};
    unsigned char *jit =
        mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (jit == MAP_FAILED)
        return 2;
    memcpy(jit, code, sizeof code);
    for (int fd = 3; fd < 4096; fd++)
        close(fd);
    char in[] = "/tmp/a8-jit-in-XXXXXX", out[] = "/tmp/a8-jit-out-XXXXXX";
    int a = mkstemp(in), b = mkstemp(out);
    if (a != 3 || b != 4 || write(a, "hello", 5) != 5 || lseek(a, 0, SEEK_SET) != 0)
        return 2;
    ((void *(*)(void *(*)(void)))jit)(victim);
    long a_off = (long)lseek(a, 0, SEEK_CUR), b_size = (long)lseek(b, 0, SEEK_END);
    fprintf(stderr, "files %s: in at %ld, out %s\n",
            a_off == 0 && b_size == 0 ? "intact" : "touched", a_off, b_size ? "written" : "empty");
    unlink(in);
    unlink(out);
    return 0;
}
