/* demo.c — a small program with real heap bugs, for `make demo`.
 *
 * A tiny "inventory" keeps item names on the heap.  Five bugs hide in it:
 * an off-by-one overflow, a use after free, a double free and a mismatched
 * new/free style release (malloc'd memory given to the wrong deallocator is
 * C++-only, so here: freeing an interior pointer).  Run it natively and it
 * (usually) prints its inventory and exits 0; run it under alloc8 and each
 * bug is reported with the stacks of where the block was allocated and freed;
 * the leaked note shows up in the leak report at exit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct item {
    char *name;
    int count;
};

static struct item *item_new(const char *name, int count)
{
    struct item *it = malloc(sizeof *it);
    size_t n = strlen(name);
    it->name = malloc(n);          /* bug 1: no room for the terminating NUL */
    memcpy(it->name, name, n + 1); /* ... which this copy writes past the end */
    it->count = count;
    return it;
}

static void item_free(struct item *it)
{
    free(it->name);
    free(it);
}

static int total(struct item **items, int n)
{
    int sum = 0;
    for (int i = 0; i < n; i++)
        sum += items[i]->count;
    return sum;
}

int main(void)
{
    struct item *items[3];
    items[0] = item_new("apples", 3);
    items[1] = item_new("pears", 5);
    items[2] = item_new("plums", 7);

    item_free(items[1]);
    printf("total: %d\n", total(items, 3)); /* bug 2: items[1] was freed */

    char *note = malloc(32); /* bug 5: never freed (a leak) */
    snprintf(note, 32, "restock %s", items[2]->name);
    printf("%s\n", note);

    char *label = strdup("inventory");
    free(label + 4); /* bug 3: not the start of the block */
    free(label);

    item_free(items[0]);
    item_free(items[2]);
    free(items[2]->name == NULL ? NULL : items[0]); /* bug 4: items[0] freed twice */
    return 0;
}
