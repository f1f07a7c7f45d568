/* The file-system information and extended-attribute calls, and the other
 * path-taking calls (utimes, pathconf, inotify_add_watch), are checked at
 * the call like stat: statvfs's struct written into a block a few bytes
 * short of it, fstatfs's likewise, getxattr's value buffer shorter than the
 * size it is given, setxattr's value read past its block, utimes of a
 * freed name, pathconf of a name with no NUL in its block, and
 * inotify_add_watch of a freed name.  Each call then runs as natively (the
 * attribute calls fail: no such attribute, or not permitted). */
// OPTIONS: guard_max=0:detect_leaks=0
// CFLAGS: -Wno-stringop-overflow -Wno-stringop-overread
// EXIT: 23
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: WRITE of 112 bytes at 0x{{[0-9a-f]+}} by statvfs, 12 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:statvfs:
// CHECK: is located 0 bytes after the 100-byte block
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: WRITE of 120 bytes at 0x{{[0-9a-f]+}} by fstatfs, 10 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:fstatfs:
// CHECK: is located 0 bytes after the 110-byte block
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: WRITE of 64 bytes at 0x{{[0-9a-f]+}} by getxattr, 48 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:getxattr:
// CHECK: is located 0 bytes after the 16-byte block
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ of 40 bytes at 0x{{[0-9a-f]+}} by setxattr, 8 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:setxattr:
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by utimes of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:utimes:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free_name:
// CHECK: alloc8: ERROR: heap-buffer-overflow on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by pathconf, {{[0-9]+}} of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:pathconf:
// CHECK: is located 0 bytes after the 4-byte block
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by inotify_add_watch of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:inotify:
// CHECK: calls done
// CHECK: alloc8: SUMMARY: 7 errors (5 heap-buffer-overflow, 2 heap-use-after-free)
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/time.h>
#include <sys/xattr.h>
#include <unistd.h>

int main(void)
{
    struct statvfs *vfs = malloc(sizeof *vfs - 12); /* a few bytes short */
    statvfs("/", vfs);                              // LINE:statvfs

    struct statfs *fs = malloc(sizeof *fs - 10);
    int fd = open("/", O_RDONLY);
    fstatfs(fd, fs); // LINE:fstatfs
    close(fd);

    char *value = malloc(16);
    getxattr("/", "user.a8_none", value, 64); // LINE:getxattr

    char *attr = malloc(32);
    memset(attr, 'v', 32);
    setxattr("/nonexistent-a8", "user.a8", attr, 40, 0); // LINE:setxattr

    char *name = strdup("/tmp");
    free(name);         // LINE:free_name
    utimes(name, NULL); // LINE:utimes

    char *dir = malloc(4);
    memcpy(dir, "/tmp", 4);      /* no NUL */
    pathconf(dir, _PC_NAME_MAX); // LINE:pathconf

    char *watched = strdup("/tmp");
    free(watched);
    int in = inotify_init1(IN_CLOEXEC);
    if (in >= 0) {
        inotify_add_watch(in, watched, IN_CREATE); // LINE:inotify
        close(in);
    }
    fprintf(stderr, "calls done\n");
    return 0;
}
