#!/bin/bash
# The libraries export exactly what interpose/liballoc8.map lists (expanded:
# the alloc8_* pattern becomes the runtime calls declared in include/alloc8.h),
# nothing more, nothing less; and the fast library neither links nor maps
# libdw, libelf or libunwind (DESIGN.md §1: production mode loads neither).
# The checked memory and string calls are exported by the checker only.
set -u
cd "$A8_TMP"
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# Expected set: every name in the map's global: section, except the pattern…
sed -n '/global:/,/local:/p' "$A8_ROOT/interpose/liballoc8.map" |
    sed 's|/\*.*\*/||; s/global://; s/local://' | tr ';' '\n' | tr -d ' \t' |
    grep -v '^$' | grep -v '\*' | sort -u >expected
[ "$(wc -l <expected)" -ge 40 ] || bad "parsed only $(wc -l <expected) names from the map"
# …plus the public runtime calls: the alloc8_* functions alloc8.h declares,
# minus the prefixed-mode section (those live only in liballoc8-prefixed.a)
# and alloc8_heap_entry (hidden, defined by a bring-your-own heap).
awk '/---- 2\. prefixed mode/{skip=1} /---- 3\./{skip=0} !skip' "$A8_ROOT/include/alloc8.h" |
    grep -o '\balloc8_[a-z0-9_]*[ ]*(' | tr -d ' (' | grep -vx alloc8_heap_entry |
    sort -u >>expected
sort -u -o expected expected
for f in malloc free calloc realloc reallocarray memalign posix_memalign aligned_alloc \
    valloc pvalloc malloc_usable_size cfree free_sized free_aligned_sized mallinfo \
    mallinfo2 malloc_trim malloc_stats malloc_info mallopt _Znwm _ZdlPvmSt11align_val_t \
    pthread_create pthread_exit alloc8_version alloc8_heap_name; do
    grep -qx "$f" expected || bad "expected set lacks $f (map or header parse broken)"
done
[ "$(grep -c '^_Z' expected)" -eq 20 ] || bad "want 20 C++ operators in the map, got $(grep -c '^_Z' expected)"

# The checked memory, string, buffer and path calls (checker/strmem.c, wcs.c, iocalls.c,
# printfs.c, pathcalls.c)
# and the exit hooks (exit, _exit, _Exit, quick_exit, __libc_start_main: checker/exitfrom.c) are the checker's alone: the fast library and a bring-your-own heap leave
# them to libc.
printf '%s\n' memcpy mempcpy memmove memset strcpy stpcpy strcat strncpy strncat \
    strlen strnlen memcmp bcmp strcmp strncmp strcasecmp strncasecmp strchr strrchr memchr \
    strstr strspn strcspn strpbrk strdup strndup \
    wmemcpy wmempcpy wmemmove wmemset wcscpy wcpcpy wcsncpy wcscat wcsncat wcslen wcsnlen \
    wcscmp wcsncmp wcschr wcsrchr wcschrnul wmemchr wmemcmp wcsdup __wmemcpy_chk __wmempcpy_chk \
    __wmemmove_chk __wmemset_chk __wcscpy_chk __wcpcpy_chk __wcsncpy_chk __wcscat_chk \
    __wcsncat_chk \
    wcsstr wcswcs wcstok wcspbrk wcsspn wcscspn wcscasecmp wcsncasecmp wcpncpy __wcpncpy_chk \
    wcscoll wcsxfrm strcoll strxfrm \
    strcasestr memmem strtok strtok_r strsep strchrnul index rindex memrchr rawmemchr \
    strtol strtoul strtoll strtoull strtoimax strtoumax strtod strtof strtold atoi atol atoll atof \
    stpncpy explicit_bzero read pread pread64 recv recvfrom readv write pwrite pwrite64 \
    send sendto writev fread fread_unlocked fwrite fwrite_unlocked fgets fgets_unlocked \
    snprintf vsnprintf sprintf vsprintf __memcpy_chk __mempcpy_chk __memmove_chk \
    __memset_chk __strcpy_chk __stpcpy_chk __strcat_chk __strncpy_chk __stpncpy_chk \
    __strncat_chk __explicit_bzero_chk __read_chk __pread_chk __pread64_chk __recv_chk \
    __recvfrom_chk __fread_chk __fread_unlocked_chk __fgets_chk __fgets_unlocked_chk \
    __snprintf_chk __vsnprintf_chk __sprintf_chk __vsprintf_chk \
    printf vprintf fprintf vfprintf dprintf vdprintf asprintf vasprintf puts fputs \
    fputs_unlocked syslog vsyslog __syslog_chk __vsyslog_chk warn warnx vwarn vwarnx err errx \
    verr verrx error error_at_line __printf_chk __vprintf_chk __fprintf_chk __vfprintf_chk __dprintf_chk \
    __vdprintf_chk __asprintf_chk __vasprintf_chk \
    preadv preadv64 preadv2 preadv64v2 pwritev pwritev64 pwritev2 pwritev64v2 recvmsg sendmsg \
    sscanf vsscanf scanf vscanf fscanf vfscanf __isoc99_sscanf __isoc99_vsscanf __isoc99_scanf \
    __isoc99_vscanf __isoc99_fscanf __isoc99_vfscanf \
    wprintf vwprintf fwprintf vfwprintf swprintf vswprintf __wprintf_chk __vwprintf_chk \
    __fwprintf_chk __vfwprintf_chk __swprintf_chk __vswprintf_chk \
    swscanf vswscanf wscanf vwscanf fwscanf vfwscanf __isoc99_swscanf __isoc99_vswscanf \
    __isoc99_wscanf __isoc99_vwscanf __isoc99_fwscanf __isoc99_vfwscanf \
    mbstowcs wcstombs mbsrtowcs wcsrtombs mbsnrtowcs wcsnrtombs wcrtomb wctomb mbrtowc mbtowc \
    mbrlen __mbrlen mblen __mbstowcs_chk __wcstombs_chk __mbsrtowcs_chk __wcsrtombs_chk \
    __mbsnrtowcs_chk __wcsnrtombs_chk __wcrtomb_chk __wctomb_chk \
    bzero bcopy memccpy swab getcwd readlink readlinkat gethostname getlogin_r ttyname_r confstr \
    realpath fgetws getrandom getentropy strftime inet_ntop ctime_r asctime_r __getcwd_chk \
    __readlink_chk __readlinkat_chk __gethostname_chk __getlogin_r_chk __ttyname_r_chk \
    __confstr_chk __realpath_chk __fgetws_chk \
    getdomainname ptsname_r wcsftime __getdomainname_chk __ptsname_r_chk iconv \
    getline getdelim __getdelim qsort qsort_r \
    strerror_r __xpg_strerror_r getpwnam_r getpwuid_r getgrnam_r getgrgid_r \
    stat lstat fstat fstatat stat64 lstat64 fstat64 fstatat64 localtime_r gmtime_r \
    clock_gettime gettimeofday poll waitpid wait getsockname getpeername accept accept4 \
    getsockopt inet_pton ppoll select pselect recvmmsg sendmmsg setvbuf setbuf setbuffer __poll_chk __ppoll_chk \
    gethostbyname_r gethostbyname2_r gethostbyaddr_r getservbyname_r getservbyport_r \
    getprotobyname_r getprotobynumber_r getnameinfo getaddrinfo \
    open open64 openat openat64 creat creat64 __open_2 __open64_2 __openat_2 __openat64_2 \
    access faccessat unlink unlinkat rmdir mkdir mkdirat rename renameat renameat2 link linkat \
    symlink symlinkat chdir chroot chmod fchmodat chown lchown fchownat truncate truncate64 \
    utimensat mkfifo fopen fopen64 freopen freopen64 fdopen popen opendir remove system mkstemp \
    mkstemp64 mkostemp mkostemp64 mkdtemp execve execv execvp execvpe fexecve execl execlp \
    execle posix_spawn posix_spawnp posix_spawn_file_actions_addopen \
    posix_spawn_file_actions_addchdir_np getenv secure_getenv setenv unsetenv putenv \
    mknod mknodat mkfifoat utime utimes lutimes pathconf euidaccess eaccess inotify_add_watch \
    mkstemps mkostemps statfs statfs64 fstatfs fstatfs64 statvfs statvfs64 fstatvfs fstatvfs64 \
    statx getxattr lgetxattr fgetxattr listxattr llistxattr flistxattr setxattr lsetxattr \
    fsetxattr removexattr lremovexattr fremovexattr \
    exit _exit _Exit quick_exit __libc_start_main pipe pipe2 | sort >checker_only
for f in $(cat checker_only); do
    grep -qx "$f" expected || bad "the map lacks the checked call $f"
done
comm -23 expected checker_only >expected_nocalls
for lib in "$A8_LIB" "$A8_FAST"; do
    [ -f "$lib" ] || { bad "missing $lib"; continue; }
    want=expected
    [ "$lib" = "$A8_FAST" ] && want=expected_nocalls
    nm -D --defined-only "$lib" | awk '{print $NF}' | sed 's/@.*//' | sort -u >got
    if ! diff -u $want got >diff.out; then
        bad "$(basename "$lib") exports differ from the map (- missing, + extra):"
        grep '^[-+][^-+]' diff.out
    fi
done
# The bring-your-own-heap example uses the same version script.
if [ -f "$A8_SIMPLE" ]; then
    nm -D --defined-only "$A8_SIMPLE" | awk '{print $NF}' | sed 's/@.*//' | sort -u >got
    diff -u expected_nocalls got >diff.out || { bad "libsimpleheap.so exports differ:"; grep '^[-+][^-+]' diff.out; }
fi

# The fast library: no DT_NEEDED on the heavy libraries…
readelf -d "$A8_FAST" >dyn || bad "readelf -d failed"
grep NEEDED dyn | grep -Ei 'libdw|libelf|libunwind|libiberty|libstdc' &&
    bad "liballoc8-fast.so links a heavy library"
# …and none mapped at run time.
${CC:-gcc} -O0 -g -fno-builtin -pthread "$A8_ROOT/tests/progs/maps_probe.c" -o maps_probe ||
    { echo "FAIL: build maps_probe"; exit 1; }
LD_PRELOAD="$A8_FAST" ./maps_probe >maps || bad "maps_probe under the fast library: exit $?"
grep -q "liballoc8-fast.so" maps || bad "liballoc8-fast.so not mapped: preload did not take"
grep -Ei 'libdw|libelf|libunwind' maps && bad "the fast library run maps a heavy library"
exit $fail
