/*
 * Byte-buffer access to one region, shared by the memory core
 * (address_space_rw) and the softmmu slow path (cputlb). Buffers hold
 * bytes in memory order; the region's rules (bounds, ROM, device sizes
 * and endianness) are applied as for memory_region_dispatch_read/write.
 */
#ifndef SOFTMMU_MEMORY_INTERNAL_H
#define SOFTMMU_MEMORY_INTERNAL_H

#include "exec/memory.h"

void memory_region_read_bytes(MemoryRegion *mr, hwaddr offset, void *buf, hwaddr len);
/* Writes to ROM are dropped; RAM writes do not invalidate code (the caller does). */
void memory_region_write_bytes(MemoryRegion *mr, hwaddr offset, const void *buf,
                               hwaddr len);

/* dirty logging (softmmu/dirty-log.c): note a write to RAM bytes of mr */
void memory_region_mark_dirty_range(MemoryRegion *mr, hwaddr offset, hwaddr len);
static inline void memory_region_note_write(MemoryRegion *mr, hwaddr offset, hwaddr len)
{
    if (mr->dirty_bitmap) {
        memory_region_mark_dirty_range(mr, offset, len);
    }
}
bool memory_region_page_dirty(MemoryRegion *mr, hwaddr offset);
/* softmmu/cputlb.c: clean pages [first, last] of mr take the slow path again */
void tlb_rearm_dirty_log(MemoryRegion *mr, uint64_t first, uint64_t last);

#endif
