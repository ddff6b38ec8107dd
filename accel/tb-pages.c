/*
 * Which TBs were translated from each guest physical page, so that a write
 * to a page finds the code it invalidates, and the TLB knows which pages
 * to write-protect (TLB_NOTDIRTY).
 *
 * A page's TBs form a list threaded through TranslationBlock.page_next[n],
 * where n says whether the page is the TB's first or second; links are
 * tagged pointers (TB | n). Pages with code live in a chained hash table
 * that doubles when it gets full; a page leaves it when its last TB goes.
 */
#include "qemu/osdep.h"
#include "accel/internal.h"

typedef struct PageDesc {
    hwaddr page;
    uintptr_t first_tb;         /* TB | n, 0 when empty */
    struct PageDesc *next;
} PageDesc;

static PageDesc **page_table;
static size_t page_table_size;  /* buckets, a power of two */
static size_t nb_pages;

static size_t page_hash(hwaddr page)
{
    uint64_t h = (page >> TARGET_PAGE_BITS) * 0x9e3779b97f4a7c15ull;
    return (h >> 32) & (page_table_size - 1);
}

static PageDesc **page_slot(hwaddr page)
{
    PageDesc **pp = &page_table[page_hash(page)];

    while (*pp && (*pp)->page != page) {
        pp = &(*pp)->next;
    }
    return pp;
}

static void page_table_grow(void)
{
    PageDesc **old = page_table;
    size_t old_size = page_table_size;

    page_table_size = old_size ? old_size * 2 : 1024;
    page_table = qemu_mallocz(page_table_size * sizeof(*page_table));
    for (size_t i = 0; i < old_size; i++) {
        PageDesc *pd = old[i];
        while (pd) {
            PageDesc *next = pd->next;
            size_t h = page_hash(pd->page);
            pd->next = page_table[h];
            page_table[h] = pd;
            pd = next;
        }
    }
    free(old);
}

static hwaddr tb_page(const TranslationBlock *tb, int n)
{
    return tb->page_addr[n] & TARGET_PAGE_MASK;
}

void tb_page_add(TranslationBlock *tb, int n)
{
    hwaddr page = tb_page(tb, n);

    if (nb_pages >= page_table_size) {
        page_table_grow();
    }
    PageDesc **pp = page_slot(page);
    PageDesc *pd = *pp;
    if (!pd) {
        pd = qemu_mallocz(sizeof(*pd));
        pd->page = page;
        *pp = pd;
        nb_pages++;
        /* the page's first code: writes to it must now find the TBs */
        tlb_protect_code(page);
    }
    tb->page_next[n] = (TranslationBlock *)pd->first_tb;
    pd->first_tb = (uintptr_t)tb | n;
}

void tb_page_remove(TranslationBlock *tb, int n)
{
    PageDesc **pp = page_slot(tb_page(tb, n));
    PageDesc *pd = *pp;
    uintptr_t me = (uintptr_t)tb | n;
    uintptr_t *link = &pd->first_tb;

    while (*link != me) {
        TranslationBlock *t = (TranslationBlock *)(*link & ~(uintptr_t)1);
        link = (uintptr_t *)&t->page_next[*link & 1];
    }
    *link = (uintptr_t)tb->page_next[n];
    if (!pd->first_tb) {
        *pp = pd->next;
        free(pd);
        nb_pages--;
    }
}

uintptr_t tb_page_first(hwaddr page)
{
    if (!nb_pages) {
        return 0;
    }
    PageDesc *pd = *page_slot(page & TARGET_PAGE_MASK);
    return pd ? pd->first_tb : 0;
}

bool tb_page_has_code(hwaddr page)
{
    return tb_page_first(page) != 0;
}

void tb_pages_reset(void)
{
    for (size_t i = 0; i < page_table_size; i++) {
        PageDesc *pd = page_table[i];
        while (pd) {
            PageDesc *next = pd->next;
            free(pd);
            pd = next;
        }
        page_table[i] = NULL;
    }
    nb_pages = 0;
}
