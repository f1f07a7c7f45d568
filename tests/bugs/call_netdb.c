/* The network database's lookups, given blocks too short or freed, each
 * answered from /etc (hosts, services, protocols) or from numbers, so no
 * network is needed: gethostbyname_r's buffer shorter than the buflen
 * given (glibc's files lookup does write there: a 0xff at buf[buflen - 1],
 * its test for a line too long, which here lands in the block's own slack),
 * gethostbyaddr_r's address read from a freed block,
 * getservbyname_r's result word one byte short, getprotobyname_r's name
 * freed (read to the first NUL of the free fill and what follows it),
 * getnameinfo's host buffer shorter than hostlen, getaddrinfo's
 * hints one field short.  Each is reported at the call with the caller's
 * line; the calls then run as natively. */
// OPTIONS: guard_max=0:detect_leaks=0
// EXIT: 23
// CHECK: WRITE of 1024 bytes at 0x{{[0-9a-f]+}} by gethostbyname_r, 24 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:hostbyname:
// CHECK: is located 0 bytes after the 1000-byte block
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ of 4 bytes at 0x{{[0-9a-f]+}} by gethostbyaddr_r of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:hostbyaddr:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free_addr:
// CHECK: WRITE of 8 bytes at 0x{{[0-9a-f]+}} by getservbyname_r, 1 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:servbyname:
// CHECK: is located 0 bytes after the 7-byte block
// CHECK: alloc8: ERROR: heap-use-after-free on address 0x{{[0-9a-f]+}} (thread T0)
// CHECK: READ of {{[0-9]+}} bytes at 0x{{[0-9a-f]+}} by getprotobyname_r of the block after it was freed
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:protobyname:
// CHECK: freed by thread T0 here:
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:free_name:
// CHECK: WRITE of 1025 bytes at 0x{{[0-9a-f]+}} by getnameinfo, 1009 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:nameinfo:
// CHECK: is located 0 bytes after the 16-byte block
// CHECK: READ of 48 bytes at 0x{{[0-9a-f]+}} by getaddrinfo, 8 of them past the end of the block
// CHECK: #0 0x{{[0-9a-f]+}} in main {{\S*}}@LINE:addrinfo:
// CHECK: is located 0 bytes after the 40-byte block
// CHECK: alloc8: SUMMARY: 6 errors (4 heap-buffer-overflow, 2 heap-use-after-free)
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

int main(void)
{
    struct hostent he, *hp = NULL;
    int herr = 0;
    char *hbuf = malloc(1000);
    gethostbyname_r("localhost", &he, hbuf, 1024, &hp, &herr); // LINE:hostbyname

    struct in_addr *lo = malloc(sizeof *lo);
    lo->s_addr = htonl(INADDR_LOOPBACK);
    free(lo); // LINE:free_addr
    char buf[2048];
    gethostbyaddr_r(lo, sizeof *lo, AF_INET, &he, buf, sizeof buf, &hp, &herr); // LINE:hostbyaddr

    struct servent se;
    struct servent **sres = malloc(7);
    getservbyname_r("http", "tcp", &se, buf, sizeof buf, sres); // LINE:servbyname

    struct protoent pe, *pres;
    char *name = strdup("tcp");
    free(name);                                          // LINE:free_name
    getprotobyname_r(name, &pe, buf, sizeof buf, &pres); // LINE:protobyname

    struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(80)};
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    char *host = malloc(16);
    char serv[32];
    const int flags = NI_NUMERICHOST | NI_NUMERICSERV;
    socklen_t hlen = NI_MAXHOST, slen = 32;
    struct sockaddr *sa = (struct sockaddr *)&sin;
    getnameinfo(sa, sizeof sin, host, hlen, serv, slen, flags); // LINE:nameinfo

    struct addrinfo *hints = malloc(40), *res = NULL;
    memset(hints, 0, 40);
    hints->ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
    int rc = getaddrinfo("127.0.0.1", "80", hints, &res); // LINE:addrinfo
    if (rc == 0)
        freeaddrinfo(res);
    free(hints);
    free(host);
    free(sres);
    free(hbuf);
    return rc == 0 ? 0 : 1;
}
