/* simple_heap.c — "bring your own allocator": a small mmap-based heap that
 * plugs into alloc8's interposition layer.  Linked with
 * liballoc8-interpose.a it becomes a complete malloc replacement
 * (libsimpleheap.so): every C and C++ entry point, start-up, re-entrancy,
 * fork handling, options and trace=1 come from alloc8; this file only
 * carves memory.  At exit it prints its allocation statistics.
 *
 *   LD_PRELOAD=$PWD/build/examples/libsimpleheap.so ls
 *
 * Design: power-of-two size classes from 32 bytes to 64 KiB carved from
 * 1 MiB chunks; bigger blocks get their own mapping.  A 16-byte header before
 * each user pointer records the class (or mapping length) and the distance to
 * the block start, so aligned blocks need nothing special.  One spinlock. */
#include <alloc8.h>

#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

enum { HDR = 16, MIN_SHIFT = 5, MAX_SHIFT = 16, CHUNK = 1 << 20 };

struct hdr {
    uint32_t shift;  /* size class; 0 = own mapping */
    uint32_t offset; /* user pointer - block start */
    uint64_t length; /* own mapping: its length */
};

struct free_block {
    struct free_block *next;
};

static struct {
    atomic_flag lock;
    struct free_block *free[MAX_SHIFT + 1];
    char *cur, *end;
    /* statistics */
    size_t allocs, frees, live, live_bytes, peak_bytes, mapped;
} g = {.lock = ATOMIC_FLAG_INIT};

static void lock(void)
{
    while (atomic_flag_test_and_set_explicit(&g.lock, memory_order_acquire))
        ;
}
static void unlock(void) { atomic_flag_clear_explicit(&g.lock, memory_order_release); }

static void *map(size_t n)
{
    void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

static void *sh_alloc(const struct alloc8_req *r)
{
    size_t align = r->align > HDR ? r->align : HDR;
    if (r->size > ((size_t)1 << 46))
        return NULL;
    size_t need = r->size + HDR + (align - HDR);
    char *block;
    uint32_t shift = MIN_SHIFT;
    size_t length = 0;
    while (shift <= MAX_SHIFT && ((size_t)1 << shift) < need)
        shift++;
    if (shift > MAX_SHIFT) { /* its own mapping (fresh pages are zero) */
        shift = 0;
        length = (need + 4095) & ~(size_t)4095;
        block = map(length);
        if (!block)
            return NULL;
        lock();
        g.mapped += length;
    } else {
        size_t sz = (size_t)1 << shift;
        lock();
        if (g.free[shift]) {
            block = (char *)g.free[shift];
            g.free[shift] = g.free[shift]->next;
        } else {
            if (!g.cur || (size_t)(g.end - g.cur) < sz) {
                char *c = map(CHUNK);
                if (!c) {
                    unlock();
                    return NULL;
                }
                g.cur = c;
                g.end = c + CHUNK;
                g.mapped += CHUNK;
            }
            block = g.cur;
            g.cur += sz;
        }
        if (r->flags & ALLOC8_F_ZERO)
            memset(block, 0, sz);
    }
    g.allocs++;
    g.live++;
    g.live_bytes += r->size;
    if (g.live_bytes > g.peak_bytes)
        g.peak_bytes = g.live_bytes;
    unlock();
    uintptr_t user = ((uintptr_t)block + HDR + align - 1) & ~(uintptr_t)(align - 1);
    struct hdr *h = (struct hdr *)(user - HDR);
    h->shift = shift;
    h->offset = (uint32_t)(user - (uintptr_t)block);
    h->length = shift ? r->size : length; /* size classes keep the request */
    return (void *)user;
}

static size_t sh_usable(const void *p)
{
    const struct hdr *h = (const struct hdr *)((uintptr_t)p - HDR);
    return (h->shift ? ((size_t)1 << h->shift) : h->length) - h->offset;
}

static void sh_free(void *p, const struct alloc8_req *req)
{
    struct hdr *h = (struct hdr *)((uintptr_t)p - HDR);
    char *block = (char *)p - h->offset;
    (void)req;
    size_t requested = h->shift ? h->length : sh_usable(p);
    lock();
    g.frees++;
    g.live--;
    g.live_bytes -= requested < g.live_bytes ? requested : g.live_bytes;
    if (h->shift) {
        struct free_block *f = (struct free_block *)block;
        f->next = g.free[h->shift];
        g.free[h->shift] = f;
        unlock();
    } else {
        g.mapped -= h->length;
        unlock();
        munmap(block, h->length);
    }
}

static void sh_info(struct alloc8_heap_info *hi)
{
    lock();
    hi->mapped_bytes = g.mapped;
    hi->in_use_bytes = g.live_bytes;
    hi->live_blocks = g.live;
    hi->free_bytes = 0;
    unlock();
}

/* Statistics at exit, written with write(2): no stdio, no allocation. */
__attribute__((destructor)) static void sh_report(void)
{
    char buf[256];
    int n = 0;
    const char *names[] = {"allocs", "frees", "live blocks", "peak bytes", "mapped bytes"};
    size_t vals[] = {g.allocs, g.frees, g.live, g.peak_bytes, g.mapped};
    memcpy(buf, "simple_heap:", 12);
    n = 12;
    for (int i = 0; i < 5; i++) {
        char num[24];
        int k = 0;
        size_t v = vals[i];
        do
            num[k++] = (char)('0' + v % 10);
        while ((v /= 10));
        buf[n++] = ' ';
        size_t l = strlen(names[i]);
        memcpy(buf + n, names[i], l);
        n += (int)l;
        buf[n++] = '=';
        while (k)
            buf[n++] = num[--k];
    }
    buf[n++] = '\n';
    if (write(2, buf, (size_t)n) < 0)
        return;
}

/* fork: hold the lock across fork so the child never inherits it taken. */
static void sh_fork_prepare(void) { lock(); }
static void sh_fork_parent(void) { unlock(); }
static void sh_fork_child(void) { unlock(); }

static const struct alloc8_heap simple_heap = {
    .name = "simple_heap",
    .alloc = sh_alloc,
    .free = sh_free,
    .usable_size = sh_usable,
    .info = sh_info,
    .fork_prepare = sh_fork_prepare,
    .fork_parent = sh_fork_parent,
    .fork_child = sh_fork_child,
};

ALLOC8_DEFINE_HEAP(simple_heap)
