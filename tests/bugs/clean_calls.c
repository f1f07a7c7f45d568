/* Correct use of the checked calls at the very edge of their blocks, each
 * block guarded (guard_size=1-64: it ends at a guard page): no report, and
 * every call answers as it does natively.  The reads' checks look only at
 * what the call needed (memchr stopping at its byte, strncmp and strnlen
 * at their bound, strcmp at the first difference, strchr at its byte)
 * and read no further themselves, so an unterminated string just before a
 * guard page is no error when the call stops inside it. */
// OPTIONS: guard_size=1-64
// EXIT: 0
// CHECK-NOT: alloc8: ERROR
// CHECK-NOT: alloc8: WARNING
// CHECK: alloc8: SUMMARY: no errors
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <iconv.h>
#include <limits.h>
#include <netdb.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int cmp_int_r(const void *a, const void *b, void *arg)
{
    (void)arg;
    return -cmp_int(b, a);
}

int main(void)
{
    int bad = 0;
    char *s = malloc(8);
    memcpy(s, "abcdefgh", 8);           /* unterminated */
    bad |= memchr(s, 'h', 64) != s + 7; /* found inside: the 64 is a bound */
    bad |= strnlen(s, 8) != 8;
    bad |= strncmp(s, "abcdefgh-and-more", 8) != 0;
    bad |= strcmp(s, "abX") <= 0; /* differs at byte 2 */
    bad |= strchr(s, 'c') != s + 2;
    bad |= memcmp(s, "abcdefgh", 8) != 0;
    char *d = strndup(s, 8);
    bad |= !d || strlen(d) != 8;
    char *e = malloc(9);
    bad |= snprintf(e, 9, "%s", "123456789") != 9 || strcmp(e, "12345678") != 0;
    bad |= sprintf(e, "%s", "12345678") != 8;
    char *f = malloc(37);
    int fd = open("/proc/self/exe", O_RDONLY);
    bad |= read(fd, f, 37) != 37 || memcmp(f + 1, "ELF", 3) != 0;
    bad |= pread(fd, f, 4, 0) != 4;
    int null = open("/dev/null", O_WRONLY);
    bad |= write(null, f, 37) != 37;
    FILE *fp = fopen("/proc/self/exe", "r");
    bad |= fread(f, 1, 37, fp) != 37;
    bad |= fgets(e, 9, fp) == NULL;
    fclose(fp);
    char *g = malloc(6);
    strcpy(g, "hello");
    char *h = strdup(g);
    bad |= strcmp(g, h) != 0 || strrchr(g, 'l') != g + 3 || strchr(g, '\0') != g + 5;
    bad |= strcasecmp(g, "HELLO") != 0 || strncasecmp(s, "ABCDEFGH-and-more", 8) != 0;
    bad |= strcasecmp(s, "ABX") >= 0; /* s is unterminated: differs at byte 2 */
    bad |= strstr(g, "ll") != g + 2 || strspn(g, "hel") != 4 || strcspn(g, "o") != 4;
    bad |= strpbrk(g, "o") != g + 4 || strpbrk(s, "c") != s + 2;
    char *k = malloc(6);
    strcpy(k, "ab");
    bad |= strncat(k, "cdefgh", 3) != k || strcmp(k, "abcde") != 0; /* 6 bytes exactly */
    /* The vector calls and the datagram ones, each buffer used whole. */
    char *v1 = malloc(5), *v2 = malloc(7);
    struct iovec iov[2] = {{v1, 5}, {v2, 7}};
    int pp[2], sv[2];
    bad |= pipe(pp) != 0 || write(pp[1], "hello, world", 12) != 12;
    bad |= readv(pp[0], iov, 2) != 12 || memcmp(v2, ", world", 7) != 0;
    bad |= writev(null, iov, 2) != 12;
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    bad |= sendto(sv[0], v2, 7, 0, NULL, 0) != 7;
    bad |= recvfrom(sv[1], v1, 5, MSG_TRUNC, NULL, NULL) != 7 || memcmp(v1, ", wor", 5) != 0;
    bad |= preadv(fd, iov, 2, 1) != 12 || memcmp(v1, "ELF", 3) != 0;
    bad |= preadv2(fd, iov, 2, 1, 0) != 12 || preadv64(fd, iov, 1, 0) != 5;
    bad |= pwritev(null, iov, 2, 0) != 12 || pwritev2(null, iov, 2, 0, 0) != 12;
    /* The message calls: the header, its address and its control data each
     * in a block of their own size (a descriptor passed). */
    struct msghdr *mh = calloc(1, sizeof *mh);
    struct sockaddr_un *from = malloc(sizeof *from);
    char *cbuf = malloc(CMSG_SPACE(sizeof(int)));
    mh->msg_iov = iov, mh->msg_iovlen = 2;
    mh->msg_control = cbuf, mh->msg_controllen = CMSG_SPACE(sizeof(int));
    struct cmsghdr *cmsg = CMSG_FIRSTHDR(mh);
    cmsg->cmsg_level = SOL_SOCKET, cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cmsg), &null, sizeof null);
    bad |= sendmsg(sv[0], mh, 0) != 12;
    memset(cbuf, 0, CMSG_SPACE(sizeof(int)));
    mh->msg_name = from, mh->msg_namelen = sizeof *from;
    bad |= recvmsg(sv[1], mh, 0) != 12 || mh->msg_namelen > sizeof *from;
    bad |= mh->msg_controllen != CMSG_SPACE(sizeof(int)) || cmsg->cmsg_type != SCM_RIGHTS;
    int passed;
    memcpy(&passed, CMSG_DATA(cmsg), sizeof passed);
    bad |= close(passed) != 0;
    char *u = malloc(10);
    stpncpy(u, "abc", 10);
    explicit_bzero(u, 10);
    fp = fopen("/proc/self/exe", "r");
    bad |= fread_unlocked(u, 1, 10, fp) != 10 || fgets_unlocked(u, 10, fp) == NULL;
    fclose(fp);
    fp = fopen("/dev/null", "w");
    bad |= fwrite_unlocked(u, 1, 10, fp) != 10;
    fclose(fp);
    /* printf's strings: a precision that stops inside an unterminated
     * block, every kind of argument before a %s, positional arguments. */
    char *w = malloc(3), pb[64];
    memcpy(w, "abc", 3);
    bad |= snprintf(pb, sizeof pb, "%.3s|%.*s", w, 2, w) != 6 || strcmp(pb, "abc|ab") != 0;
    int r =
        snprintf(pb, sizeof pb, "%d %lld %c %.1f %Lg %p %s", 1, 2LL, 'c', 0.5, 1.0L, (void *)w, g);
    bad |= r < 6 || strcmp(pb + r - 6, " hello") != 0;
    bad |= snprintf(pb, sizeof pb, "%2$s %1$.3s", w, g) != 9 || strcmp(pb, "hello abc") != 0;
    fp = fopen("/dev/null", "w");
    bad |= fprintf(fp, "%s %.3s", g, w) != 9 || fputs(g, fp) < 0;
    fclose(fp);
    /* The buffer-filling calls given their blocks' exact sizes, and memccpy
     * stopping at its byte in the last byte of an unterminated block. */
    char *x = malloc(64), *rp = malloc(PATH_MAX), *m8 = malloc(8);
    getcwd(x, 64); /* a longer name fails with ERANGE: either way no report */
    bad |= readlink("/proc/self/exe", x, 64) <= 0 || gethostname(x, 64) != 0;
    bad |= realpath("/", rp) == NULL || strcmp(rp, "/") != 0;
    struct tm tm0 = {.tm_year = 100, .tm_mday = 1};
    bad |= strftime(x, 64, "%Y-%m-%d", &tm0) != 10 || confstr(_CS_PATH, x, 64) == 0;
    time_t t0 = 0;
    bad |= ctime_r(&t0, x) == NULL || asctime_r(&tm0, x) == NULL || getentropy(x, 64) != 0;
    memcpy(m8, "abcdefgh", 8); /* unterminated, its last byte before a guard page */
    bad |= memccpy(x, m8, 'h', 64) != x + 8 || memcmp(x, "abcdefgh", 8) != 0;
    bzero(m8, 8);
    bcopy("12345678", m8, 8);
    bad |= getdomainname(x, 64) != 0;
    int pty = posix_openpt(O_RDWR | O_NOCTTY);
    bad |= pty >= 0 && (ptsname_r(pty, x, 64) != 0 || strncmp(x, "/dev/pts/", 9) != 0);
    if (pty >= 0)
        close(pty);
    wchar_t *wy = malloc(5 * sizeof(wchar_t)); /* "2000" and its L'\0' exactly */
    bad |= wcsftime(wy, 5, L"%Y", &tm0) != 4 || wcscmp(wy, L"2000") != 0;
    free(wy);
    /* iconv with its input, output and the four words that describe them
     * each in a block of exactly their size; then the two reset forms. */
    iconv_t cd = iconv_open("UTF-8", "ISO-8859-1");
    if (cd != (iconv_t)-1) {
        char **ip = malloc(sizeof *ip), **op = malloc(sizeof *op), *o8 = malloc(8);
        size_t *il = malloc(sizeof *il), *ol = malloc(sizeof *ol);
        *ip = m8, *op = o8, *il = 8, *ol = 8;
        bad |= iconv(cd, ip, il, op, ol) != 0 || *il != 0 || *ol != 0 || *ip != m8 + 8;
        bad |= *op != o8 + 8 || memcmp(o8, "12345678", 8) != 0;
        *op = o8, *ol = 8;
        bad |= iconv(cd, NULL, NULL, op, ol) != 0 || *ol != 8;
        bad |= iconv(cd, NULL, NULL, NULL, NULL) != 0;
        iconv_close(cd);
        free(ip), free(op), free(o8), free(il), free(ol);
    }
    /* getline and getdelim into a buffer of exactly *n bytes, one that
     * must grow (glibc's realloc), and a fresh one. */
    FILE *lf = tmpfile();
    if (lf && fputs("123456\nlonger than eight\nk=v", lf) >= 0 && fseek(lf, 0, SEEK_SET) == 0) {
        size_t ln = 8, *lnp = malloc(sizeof *lnp);
        char *line = malloc(8), **lp = malloc(sizeof *lp), *fresh = NULL;
        *lp = line, *lnp = ln;
        bad |= getline(lp, lnp, lf) != 7 || *lp != line || strcmp(line, "123456\n") != 0;
        bad |= getline(lp, lnp, lf) != 18 || *lnp < 19 || strcmp(*lp, "longer than eight\n") != 0;
        bad |= getdelim(&fresh, &ln, '=', lf) != 2 || strcmp(fresh, "k=") != 0;
        free(*lp), free(lp), free(lnp), free(fresh);
        fclose(lf);
    }
    /* qsort and qsort_r of arrays that fill their blocks exactly. */
    int *qa = malloc(5 * sizeof(int));
    for (int i = 0; i < 5; i++)
        qa[i] = 5 - i;
    qsort(qa, 5, sizeof(int), cmp_int);
    qsort_r(qa, 5, sizeof(int), cmp_int_r, NULL);
    bad |= qa[0] != 1 || qa[4] != 5;
    free(qa);
    /* strerror_r (GNU's) and getpwuid_r/getgrnam_r with every buffer, entry
     * and result word in a block of exactly its size. */
    char *em = malloc(64);
    bad |= strcmp(strerror_r(ENOENT, em, 64), "No such file or directory") != 0;
    struct passwd *pe = malloc(sizeof *pe), **pr = malloc(sizeof *pr);
    struct group *ge = malloc(sizeof *ge), **gr = malloc(sizeof *gr);
    char *eb = malloc(1024);
    bad |= getpwuid_r(0, pe, eb, 1024, pr) != 0 || *pr != pe || strcmp(pe->pw_name, "root") != 0;
    bad |= getgrnam_r("root", ge, eb, 1024, gr) != 0 || *gr != ge || ge->gr_gid != 0;
    free(em), free(pe), free(pr), free(ge), free(gr), free(eb);
    /* The struct-filling calls, each struct in a block of exactly its size. */
    struct stat *sb = malloc(sizeof *sb);
    bad |= stat("/", sb) != 0 || !S_ISDIR(sb->st_mode) || lstat("/", sb) != 0;
    bad |= fstat(0, sb) != 0 || fstatat(AT_FDCWD, "/", sb, 0) != 0;
    struct tm *tb = malloc(sizeof *tb);
    time_t *tt = malloc(sizeof *tt);
    *tt = 86400;
    bad |= gmtime_r(tt, tb) != tb || tb->tm_mday != 2 || localtime_r(tt, tb) != tb;
    struct timespec *tsb = malloc(sizeof *tsb);
    struct timeval *tvb = malloc(sizeof *tvb);
    bad |= clock_gettime(CLOCK_REALTIME, tsb) != 0 || gettimeofday(tvb, NULL) != 0;
    struct pollfd *pfb = malloc(sizeof *pfb);
    pfb->fd = null, pfb->events = POLLOUT;
    bad |= poll(pfb, 1, 0) != 1;
    int sk = socket(AF_INET, SOCK_DGRAM, 0), *ov = malloc(sizeof *ov);
    struct sockaddr_in *sin = malloc(sizeof *sin);
    socklen_t *sl = malloc(sizeof *sl);
    *sl = sizeof *sin;
    bad |= sk >= 0 && (getsockname(sk, (struct sockaddr *)sin, sl) != 0 || *sl != sizeof *sin);
    *sl = sizeof *ov;
    bad |= sk >= 0 && getsockopt(sk, SOL_SOCKET, SO_TYPE, ov, sl) != 0;
    bad |= sk >= 0 && *ov != SOCK_DGRAM;
    if (sk >= 0)
        close(sk);
    bad |= inet_pton(AF_INET, "127.0.0.1", &sin->sin_addr) != 1;
    int *wst = malloc(sizeof *wst);
    pid_t kid = fork();
    if (kid == 0)
        _exit(0);
    bad |= waitpid(kid, wst, 0) != kid || !WIFEXITED(*wst);
    free(sb), free(tb), free(tt), free(tsb), free(tvb), free(pfb), free(ov), free(sin), free(sl);
    free(wst);
    /* The multiplexing calls: each fd_set just the 8 bytes nfds <= 64 takes,
     * the signal masks the kernel's 8 bytes; the multi-message calls' arrays
     * and buffers, and the stream buffers, exactly their sizes. */
    int sp[2];
    bad |= socketpair(AF_UNIX, SOCK_DGRAM, 0, sp) != 0 || sp[1] >= 64;
    struct pollfd *pq = malloc(sizeof *pq);
    struct timespec *pt = malloc(sizeof *pt);
    sigset_t *sm = malloc(8);
    memset(sm, 0, 8);
    *pt = (struct timespec){0, 0};
    *pq = (struct pollfd){.fd = sp[1], .events = POLLOUT};
    bad |= ppoll(pq, 1, pt, sm) != 1;
    fd_set *ws = malloc(8);
    memset(ws, 0, 8);
    FD_SET(sp[1], ws);
    struct timeval *stv = malloc(sizeof *stv);
    *stv = (struct timeval){0, 0};
    bad |= select(sp[1] + 1, NULL, ws, NULL, stv) != 1 || !FD_ISSET(sp[1], ws);
    bad |= pselect(sp[1] + 1, NULL, ws, NULL, pt, sm) != 1;
    char *out = malloc(5), *in = malloc(5);
    memcpy(out, "hello", 5);
    struct iovec *oi = malloc(sizeof *oi), *ii = malloc(sizeof *ii);
    *oi = (struct iovec){out, 5}, *ii = (struct iovec){in, 5};
    struct mmsghdr *om = malloc(sizeof *om), *im = malloc(sizeof *im);
    memset(om, 0, sizeof *om), memset(im, 0, sizeof *im);
    om->msg_hdr.msg_iov = oi, om->msg_hdr.msg_iovlen = 1;
    im->msg_hdr.msg_iov = ii, im->msg_hdr.msg_iovlen = 1;
    bad |= sendmmsg(sp[1], om, 1, 0) != 1 || om->msg_len != 5;
    bad |= recvmmsg(sp[0], im, 1, 0, pt) != 1 || im->msg_len != 5 || memcmp(in, "hello", 5);
    close(sp[0]), close(sp[1]);
    FILE *vf = fopen("/dev/null", "w");
    char *vb = malloc(64), *vb2 = malloc(BUFSIZ);
    bad |= !vf || setvbuf(vf, vb, _IOFBF, 64) != 0 || fputs("buffered", vf) < 0;
    if (vf)
        fclose(vf);
    vf = fopen("/dev/null", "w");
    if (vf) {
        setbuffer(vf, vb, 64);
        bad |= fputs("buffered", vf) < 0;
        fclose(vf);
    }
    vf = fopen("/dev/null", "w");
    if (vf) {
        setbuf(vf, vb2);
        bad |= fputs("buffered", vf) < 0;
        fclose(vf);
    }
    /* The network database's lookups (from /etc and numbers) with entries,
     * result words, strings and buffers of exactly the sizes given. */
    struct hostent *hent = malloc(sizeof *hent), **hres = malloc(sizeof *hres);
    int *herr = malloc(sizeof *herr);
    char *nb = malloc(1024), *tcp = strdup("tcp"), *http = strdup("http");
    bad |= gethostbyname_r("localhost", hent, nb, 1024, hres, herr) != 0 || *hres != hent;
    struct servent *sent = malloc(sizeof *sent), **sres = malloc(sizeof *sres);
    bad |= getservbyname_r(http, tcp, sent, nb, 1024, sres) != 0 || *sres != sent ||
           ntohs((uint16_t)sent->s_port) != 80;
    struct protoent *pent = malloc(sizeof *pent), **pres = malloc(sizeof *pres);
    bad |= getprotobynumber_r(6, pent, nb, 1024, pres) != 0 || *pres != pent ||
           strcmp(pent->p_name, "tcp") != 0;
    struct addrinfo *hint = calloc(1, sizeof *hint), **ares = malloc(sizeof *ares);
    hint->ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
    hint->ai_family = AF_INET;
    char *node = strdup("127.0.0.1"), *port = strdup("80");
    char *nhost = malloc(16), *nserv = malloc(3);
    if (getaddrinfo(node, port, hint, ares) != 0) {
        bad = 1;
    } else {
        bad |= getnameinfo((*ares)->ai_addr, (*ares)->ai_addrlen, nhost, 16, nserv, 3,
                           NI_NUMERICHOST | NI_NUMERICSERV) != 0 ||
               strcmp(nhost, "127.0.0.1") != 0 || strcmp(nserv, "80") != 0;
        freeaddrinfo(*ares);
    }
    /* Paths, modes, a template and argument vectors, each a block of its
     * exact size (the vectors' NULL their last word). */
    char *exe = strdup("/proc/self/exe"), *rmode = strdup("r"), *tmpd = strdup("/tmp");
    int pfd = open(exe, O_RDONLY);
    bad |= pfd < 0 || access(exe, R_OK) != 0 || stat(exe, &(struct stat){0}) != 0;
    close(pfd);
    FILE *pf = fopen(exe, rmode);
    bad |= !pf || (pf && fclose(pf) != 0);
    DIR *pd = opendir(tmpd);
    bad |= !pd || (pd && closedir(pd) != 0);
    char *tmpl = strdup("/tmp/alloc8-clean-XXXXXX");
    int tfd = mkstemp(tmpl);
    bad |= tfd < 0;
    close(tfd);
    char *moved = malloc(strlen(tmpl) + 3);
    sprintf(moved, "%s.x", tmpl);
    bad |= rename(tmpl, moved) != 0 || unlink(moved) != 0 || mkdir(tmpl, 0700) != 0 ||
           rmdir(tmpl) != 0;
    char *tru = strdup("/bin/true"), **targv = malloc(2 * sizeof *targv);
    targv[0] = tru, targv[1] = NULL;
    char **tenv = malloc(sizeof *tenv);
    tenv[0] = NULL;
    pid_t tp;
    int tst = -1;
    bad |= posix_spawn(&tp, tru, NULL, NULL, targv, tenv) != 0 || waitpid(tp, &tst, 0) != tp ||
           tst != 0;
    if ((tp = fork()) == 0) {
        execve(tru, targv, tenv);
        _exit(127);
    }
    bad |= waitpid(tp, &tst, 0) != tp || tst != 0;
    free(exe), free(rmode), free(tmpd), free(tmpl), free(moved), free(tru), free(targv), free(tenv);

    free(hent), free(hres), free(herr), free(nb), free(tcp), free(http), free(sent), free(sres);
    free(pent), free(pres), free(hint), free(ares), free(node), free(port), free(nhost),
        free(nserv);
    free(pq), free(pt), free(sm), free(ws), free(stv), free(out), free(in), free(oi), free(ii);
    free(om), free(im), free(vb), free(vb2);
    free(x), free(rp), free(m8);
    free(v1), free(v2), free(u), free(w), free(mh), free(from), free(cbuf);
    free(s), free(d), free(e), free(f), free(g), free(h), free(k);
    close(fd), close(null);
    return bad;
}
