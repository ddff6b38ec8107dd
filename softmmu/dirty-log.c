/*
 * Dirty logging of RAM regions (video memory): a bit per page written.
 *
 * CPU stores reach RAM through the TLB's fast path, so a clean page of a
 * logged region is entered with TLB_NOTDIRTY: its first store takes the
 * slow path, which marks the page (softmmu/ldst.c) and drops the flag.
 * Resetting pages puts the flag back on the TLB entries that map them, so
 * a display that redraws 30-60 times a second costs one slow store per
 * written page per frame. DMA marks pages in memory-rw.c.
 */
#include "qemu/osdep.h"
#include "exec/memory.h"
#include "exec/cpu-common.h"
#include "softmmu/memory-internal.h"

#define BITS_PER_LONG   (8 * sizeof(unsigned long))

static uint64_t region_pages(MemoryRegion *mr)
{
    return (mr->size + TARGET_PAGE_SIZE - 1) >> TARGET_PAGE_BITS;
}

void memory_region_set_dirty_log(MemoryRegion *mr, bool enable)
{
    assert(mr->ram);
    if (enable == (mr->dirty_bitmap != NULL)) {
        return;
    }
    if (enable) {
        size_t longs = (region_pages(mr) + BITS_PER_LONG - 1) / BITS_PER_LONG;
        mr->dirty_bitmap = qemu_malloc(longs * sizeof(unsigned long));
        /* everything counts as written: the first redraw is a full one */
        memset(mr->dirty_bitmap, 0xff, longs * sizeof(unsigned long));
    } else {
        free(mr->dirty_bitmap);
        mr->dirty_bitmap = NULL;
    }
    /* entries made before the change carry the wrong write flags */
    tlb_flush_all();
}

/* the pages [first, last] of mr that [offset, offset+len) touches; false if none */
static bool page_span(MemoryRegion *mr, hwaddr offset, hwaddr len,
                      uint64_t *first, uint64_t *last)
{
    if (!len || offset >= mr->size) {
        return false;
    }
    len = MIN(len, mr->size - offset);
    *first = offset >> TARGET_PAGE_BITS;
    *last = (offset + len - 1) >> TARGET_PAGE_BITS;
    return true;
}

void memory_region_mark_dirty_range(MemoryRegion *mr, hwaddr offset, hwaddr len)
{
    uint64_t first, last;

    if (!page_span(mr, offset, len, &first, &last)) {
        return;
    }
    for (uint64_t p = first; p <= last; p++) {
        mr->dirty_bitmap[p / BITS_PER_LONG] |= 1ul << (p % BITS_PER_LONG);
    }
}

bool memory_region_page_dirty(MemoryRegion *mr, hwaddr offset)
{
    uint64_t p = offset >> TARGET_PAGE_BITS;

    return !mr->dirty_bitmap || p >= region_pages(mr) ||
           (mr->dirty_bitmap[p / BITS_PER_LONG] >> (p % BITS_PER_LONG)) & 1;
}

bool memory_region_get_dirty(MemoryRegion *mr, hwaddr offset, hwaddr len)
{
    uint64_t first, last;

    if (!mr->dirty_bitmap) {
        return true;        /* not logging: assume the worst */
    }
    if (!page_span(mr, offset, len, &first, &last)) {
        return false;
    }
    for (uint64_t p = first; p <= last; p++) {
        if ((mr->dirty_bitmap[p / BITS_PER_LONG] >> (p % BITS_PER_LONG)) & 1) {
            return true;
        }
    }
    return false;
}

void memory_region_reset_dirty(MemoryRegion *mr, hwaddr offset, hwaddr len)
{
    uint64_t first, last;

    if (!mr->dirty_bitmap || !page_span(mr, offset, len, &first, &last)) {
        return;
    }
    for (uint64_t p = first; p <= last; p++) {
        mr->dirty_bitmap[p / BITS_PER_LONG] &= ~(1ul << (p % BITS_PER_LONG));
    }
    tlb_rearm_dirty_log(mr, first, last);
}
