/*
 * Memory regions and address spaces: mapping, priorities, aliases, and the
 * flat view that lookups use.
 *
 * Each address space keeps its mapped regions in mapping order and, after
 * every change, a flattened list of non-overlapping ranges sorted by start
 * address. Maps change rarely (boot, PCI BAR moves, PAM) and lookups happen
 * on every TLB fill and DMA, so the flat view is rebuilt eagerly and looked
 * up with a one-entry hint followed by a binary search.
 */
#include "qemu/osdep.h"
#include "exec/memory.h"
#include "exec/cpu-common.h"
#include <sys/mman.h>

AddressSpace address_space_memory;
AddressSpace address_space_io;

/* ---- regions ---- */

static void region_init(MemoryRegion *mr, const char *name, uint64_t size)
{
    memset(mr, 0, sizeof(*mr));
    mr->name = name;
    mr->size = size;
    mr->enabled = true;
}

/*
 * Guest RAM of 2 MiB and more is 2 MiB-aligned anonymous memory marked for
 * transparent huge pages, as QEMU does: a guest filling fresh memory (its
 * page cache; Debian's init_on_alloc clears every page it allocates) then
 * takes one host fault per 2 MiB instead of one per 4 KiB, and the host TLB
 * covers far more of it. This halved the time of a 128 MiB dd through the
 * guest's page cache. Smaller regions (ROMs, test RAM) stay on the heap.
 */
#define HUGE_PAGE_SIZE (2 * 1024 * 1024)

static void *ram_alloc(uint64_t size)
{
    if (size < HUGE_PAGE_SIZE) {
        return qemu_mallocz(size);
    }
    size_t span = size + HUGE_PAGE_SIZE;
    uint8_t *p = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        fatal("cannot allocate %" PRIu64 " bytes of guest RAM: %s", size, strerror(errno));
    }
    uint8_t *aligned = (uint8_t *)ROUND_UP((uintptr_t)p, HUGE_PAGE_SIZE);
    if (aligned > p) {
        munmap(p, aligned - p);
    }
    munmap(aligned + size, p + span - (aligned + size));
    /* only advice: without THP the memory works the same */
    madvise(aligned, size, MADV_HUGEPAGE);
    return aligned;
}

void memory_region_init_ram(MemoryRegion *mr, const char *name, uint64_t size)
{
    region_init(mr, name, size);
    mr->ram = ram_alloc(size);
}

void memory_region_init_rom(MemoryRegion *mr, const char *name, uint64_t size)
{
    memory_region_init_ram(mr, name, size);
    mr->readonly = true;
}

static bool is_access_size(unsigned size)
{
    return size == 1 || size == 2 || size == 4 || size == 8;
}

void memory_region_init_io(MemoryRegion *mr, const MemoryRegionOps *ops,
                           void *opaque, const char *name, uint64_t size)
{
    unsigned min = ops->min_access_size ? ops->min_access_size : 1;
    unsigned max = ops->max_access_size ? ops->max_access_size : 8;

    /* A board bug, caught before the guest can exercise it. */
    if (!ops->read || !ops->write || !is_access_size(min) ||
        !is_access_size(max) || min > max) {
        fatal("memory region '%s': bad ops (need read, write and access sizes "
              "1 <= min <= max <= 8, got %u..%u)", name, min, max);
    }
    region_init(mr, name, size);
    mr->ops = ops;
    mr->opaque = opaque;
}

void memory_region_init_alias(MemoryRegion *mr, const char *name,
                              MemoryRegion *orig, hwaddr offset, uint64_t size)
{
    region_init(mr, name, size);
    mr->alias = orig;
    mr->alias_offset = offset;
}

/* ---- the flat view ---- */

typedef struct FlatBuilder {
    FlatRange *r;
    int nb, cap;
} FlatBuilder;

static void flat_push(FlatBuilder *fb, FlatRange fr)
{
    if (fb->nb == fb->cap) {
        fb->cap = fb->cap ? fb->cap * 2 : 16;
        fb->r = qemu_realloc(fb->r, fb->cap * sizeof(*fb->r));
    }
    fb->r[fb->nb++] = fr;
}

/*
 * Lay fr over what is already there: the parts of older ranges it covers
 * disappear. Ranges stay unsorted until the end of the build.
 */
static void flat_paint(FlatBuilder *fb, FlatRange fr)
{
    int n = fb->nb;

    for (int i = 0; i < n; i++) {
        FlatRange old = fb->r[i];
        if (old.end <= fr.start || old.start >= fr.end) {
            continue;
        }
        /* the old range loses [fr.start, fr.end); keep what is left */
        fb->r[i].end = fb->r[i].start;          /* mark empty */
        if (old.start < fr.start) {
            FlatRange left = old;
            left.end = fr.start;
            fb->r[i] = left;
        }
        if (old.end > fr.end) {
            FlatRange right = old;
            right.offset += fr.end - old.start;
            right.start = fr.end;
            if (fb->r[i].start == fb->r[i].end) {
                fb->r[i] = right;
            } else {
                flat_push(fb, right);
            }
        }
    }
    flat_push(fb, fr);
}

/* The range a mapped region covers, with aliases resolved and clamped. */
static bool region_flat_range(MemoryRegion *mr, FlatRange *fr)
{
    MemoryRegion *target = mr;
    hwaddr offset = 0;
    uint64_t size = mr->size;

    while (target->alias) {
        offset += target->alias_offset;
        target = target->alias;
    }
    /* An alias never reaches past its target's end. */
    if (offset >= target->size) {
        return false;
    }
    size = MIN(size, target->size - offset);
    if (size == 0) {
        return false;
    }
    fr->start = mr->addr;
    fr->end = mr->addr + size;
    fr->mr = target;
    fr->offset = offset;
    return true;
}

static int flat_range_cmp(const void *a, const void *b)
{
    const FlatRange *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* Stable order: lower priority first, so that higher ones paint over them. */
static void sort_by_priority(MemoryRegion **v, int n)
{
    for (int i = 1; i < n; i++) {
        MemoryRegion *mr = v[i];
        int j = i;
        while (j > 0 && v[j - 1]->priority > mr->priority) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = mr;
    }
}

static void flat_view_rebuild(AddressSpace *as)
{
    FlatBuilder fb = { 0 };
    MemoryRegion **order = qemu_malloc((as->nb_regions + 1) * sizeof(*order));
    int n = 0;

    for (int i = 0; i < as->nb_regions; i++) {
        if (as->regions[i]->enabled) {
            order[n++] = as->regions[i];
        }
    }
    sort_by_priority(order, n);
    for (int i = 0; i < n; i++) {
        FlatRange fr;
        if (region_flat_range(order[i], &fr)) {
            flat_paint(&fb, fr);
        }
    }
    free(order);

    /* drop the emptied ranges, then sort by address */
    int kept = 0;
    for (int i = 0; i < fb.nb; i++) {
        if (fb.r[i].start < fb.r[i].end) {
            fb.r[kept++] = fb.r[i];
        }
    }
    if (kept > 1) {
        qsort(fb.r, kept, sizeof(*fb.r), flat_range_cmp);
    }

    free(as->flat);
    as->flat = fb.r;
    as->nb_flat = kept;
    as->flat_hint = 0;
}

/*
 * After a change of [start, end): TLB entries and translated code may
 * describe what used to be there (a BIOS shadow switching between ROM and
 * RAM keeps its addresses but not its bytes).
 */
static void address_space_changed(AddressSpace *as, hwaddr start, hwaddr end)
{
    flat_view_rebuild(as);
    as->generation++;
    tlb_flush_all();
    /* code is never fetched from port space */
    if (as != &address_space_io) {
        tb_invalidate_phys_range(start, end);
    }
}

static void region_changed(MemoryRegion *mr)
{
    address_space_changed(mr->mapped_in, mr->addr, mr->addr + mr->size);
}

/* ---- address spaces ---- */

void address_space_init(AddressSpace *as, const char *name)
{
    memset(as, 0, sizeof(*as));
    as->name = name;
}

void address_space_map(AddressSpace *as, MemoryRegion *mr, hwaddr addr, int priority)
{
    if (mr->mapped_in) {
        fatal("memory region '%s' mapped twice (in '%s' and '%s')",
              mr->name, mr->mapped_in->name, as->name);
    }
    /* ranges are [start, end) with end representable */
    if (mr->size == 0 || addr + mr->size <= addr) {
        fatal("memory region '%s' at 0x%" PRIx64 " size 0x%" PRIx64
              " does not fit in '%s'", mr->name, addr, mr->size, as->name);
    }
    if (as->nb_regions == as->cap_regions) {
        as->cap_regions = as->cap_regions ? as->cap_regions * 2 : 16;
        as->regions = qemu_realloc(as->regions, as->cap_regions * sizeof(*as->regions));
    }
    as->regions[as->nb_regions++] = mr;
    mr->mapped_in = as;
    mr->addr = addr;
    mr->priority = priority;
    region_changed(mr);
}

void address_space_unmap(AddressSpace *as, MemoryRegion *mr)
{
    int i;

    for (i = 0; i < as->nb_regions && as->regions[i] != mr; i++) {
    }
    if (i == as->nb_regions) {
        fatal("memory region '%s' is not mapped in '%s'", mr->name, as->name);
    }
    memmove(&as->regions[i], &as->regions[i + 1],
            (as->nb_regions - i - 1) * sizeof(*as->regions));
    as->nb_regions--;
    mr->mapped_in = NULL;
    address_space_changed(as, mr->addr, mr->addr + mr->size);
}

void memory_region_set_address(MemoryRegion *mr, hwaddr addr)
{
    if (!mr->mapped_in) {
        fatal("memory region '%s' moved while not mapped", mr->name);
    }
    if (addr + mr->size <= addr) {
        fatal("memory region '%s' moved to 0x%" PRIx64 " does not fit",
              mr->name, addr);
    }
    if (addr == mr->addr) {
        return;
    }
    hwaddr old = mr->addr;
    mr->addr = addr;
    region_changed(mr);
    tb_invalidate_phys_range(old, old + mr->size);
}

void memory_region_set_enabled(MemoryRegion *mr, bool enabled)
{
    if (mr->enabled == enabled) {
        return;
    }
    mr->enabled = enabled;
    if (mr->mapped_in) {
        region_changed(mr);
    }
}

/* ---- lookup ---- */

MemoryRegion *address_space_translate(AddressSpace *as, hwaddr addr,
                                      hwaddr *offset, hwaddr *len)
{
    const FlatRange *fr = as->flat;
    int lo = 0, hi = as->nb_flat;

    if (as->nb_flat == 0) {
        *len = -addr ? -addr : (hwaddr)-1;
        return NULL;
    }
    /* most lookups hit the same range as the previous one */
    const FlatRange *h = &fr[as->flat_hint];
    if (addr >= h->start && addr < h->end) {
        *offset = h->offset + (addr - h->start);
        *len = h->end - addr;
        return h->mr;
    }
    /* first range whose end is above addr */
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (fr[mid].end <= addr) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo < as->nb_flat && fr[lo].start <= addr) {
        as->flat_hint = lo;
        *offset = fr[lo].offset + (addr - fr[lo].start);
        *len = fr[lo].end - addr;
        return fr[lo].mr;
    }
    /* a hole: up to the next range, or to the top of the address space */
    if (lo < as->nb_flat) {
        *len = fr[lo].start - addr;
    } else {
        *len = -addr ? -addr : (hwaddr)-1;
    }
    return NULL;
}
