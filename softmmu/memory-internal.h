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

#endif
