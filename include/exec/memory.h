/*
 * The guest physical address space: regions (RAM, ROM, MMIO, aliases)
 * mapped into address spaces. Boards and devices build it; the softmmu
 * TLB and DMA-capable devices read it. x86 port I/O is a second address
 * space of MMIO regions.
 *
 * Every access from outside the CPU (DMA, firmware loading) goes through
 * address_space_rw(), which bounds-checks against the regions and never
 * touches host memory outside them; unmapped reads return all ones and
 * unmapped writes are dropped, as on a real bus.
 */
#ifndef EXEC_MEMORY_H
#define EXEC_MEMORY_H

#include "qemu/osdep.h"

typedef struct MemoryRegion MemoryRegion;
typedef struct AddressSpace AddressSpace;

typedef enum DeviceEndian {
    DEVICE_NATIVE_ENDIAN,   /* values are in the host's order */
    DEVICE_LITTLE_ENDIAN,
    DEVICE_BIG_ENDIAN,
} DeviceEndian;

typedef struct MemoryRegionOps {
    /* addr is the offset within the region; size 1, 2, 4 or 8 */
    uint64_t (*read)(void *opaque, hwaddr addr, unsigned size);
    void (*write)(void *opaque, hwaddr addr, uint64_t val, unsigned size);
    DeviceEndian endianness;
    /*
     * Sizes the device accepts; other sizes are split or widened by the
     * memory core (0 = 1 and 8). An access outside them is never passed on.
     */
    unsigned min_access_size, max_access_size;
} MemoryRegionOps;

struct MemoryRegion {
    const char *name;
    uint64_t size;
    uint8_t *ram;                 /* host memory for RAM and ROM, else NULL */
    bool readonly;                /* ROM: guest writes are dropped */
    const MemoryRegionOps *ops;   /* MMIO */
    void *opaque;
    MemoryRegion *alias;          /* alias: window onto another region */
    hwaddr alias_offset;
    /* set while mapped */
    AddressSpace *mapped_in;
    hwaddr addr;
    int priority;                 /* higher hides lower where they overlap */
    bool enabled;
    unsigned long *dirty_bitmap;  /* a bit per page written, while dirty logging */
};

/* One piece of the flattened map: [start, end) shows mr from offset on. */
typedef struct FlatRange {
    hwaddr start, end;
    MemoryRegion *mr;             /* never an alias */
    hwaddr offset;
} FlatRange;

struct AddressSpace {
    const char *name;
    /* mapped regions in mapping order (a later one wins a priority tie) */
    MemoryRegion **regions;
    int nb_regions, cap_regions;
    uint32_t generation;          /* bumped on any map change (TLBs flush) */
    /* what lookups use: non-overlapping ranges sorted by start, rebuilt on change */
    FlatRange *flat;
    int nb_flat;
    int flat_hint;                /* index of the last range found */
};

extern AddressSpace address_space_memory;
extern AddressSpace address_space_io;

void memory_region_init_ram(MemoryRegion *mr, const char *name, uint64_t size);
void memory_region_init_rom(MemoryRegion *mr, const char *name, uint64_t size);
void memory_region_init_io(MemoryRegion *mr, const MemoryRegionOps *ops,
                           void *opaque, const char *name, uint64_t size);
void memory_region_init_alias(MemoryRegion *mr, const char *name,
                              MemoryRegion *orig, hwaddr offset, uint64_t size);

void address_space_init(AddressSpace *as, const char *name);
/* map mr at addr; where regions overlap the higher priority wins */
void address_space_map(AddressSpace *as, MemoryRegion *mr, hwaddr addr, int priority);
void address_space_unmap(AddressSpace *as, MemoryRegion *mr);
/* move a mapped region (PCI BARs) */
void memory_region_set_address(MemoryRegion *mr, hwaddr addr);
void memory_region_set_enabled(MemoryRegion *mr, bool enabled);

/*
 * What backs one physical address: the (non-alias) region and the offset in
 * it, and how many bytes from there on stay in the same region.
 * Returns NULL when nothing is mapped; *len is then the size of the hole
 * (up to the next mapped range, or to the top of the address space).
 */
MemoryRegion *address_space_translate(AddressSpace *as, hwaddr addr,
                                      hwaddr *offset, hwaddr *len);

/*
 * Call a region's device with the split/widen rules; RAM/ROM read directly.
 * Values are the bytes at offset.. in memory order read as a host-endian
 * integer (what a host load from RAM would give); the device's declared
 * endianness is applied here. Accesses wider than max_access_size are split
 * into naturally aligned pieces, narrower than min_access_size widened to
 * the aligned container (reads keep the wanted bytes; writes send zeros in
 * the other bytes and never read first, as reads may have side effects).
 * Bytes beyond the region read as all ones and are not written.
 */
uint64_t memory_region_dispatch_read(MemoryRegion *mr, hwaddr offset, unsigned size);
void memory_region_dispatch_write(MemoryRegion *mr, hwaddr offset,
                                  uint64_t val, unsigned size);

/* DMA and loaders: any length, any alignment, across regions. */
typedef enum MemTxResult { MEMTX_OK = 0, MEMTX_ERROR = 1 } MemTxResult;
MemTxResult address_space_rw(AddressSpace *as, hwaddr addr, void *buf,
                             hwaddr len, bool is_write);
static inline MemTxResult address_space_read(AddressSpace *as, hwaddr addr,
                                             void *buf, hwaddr len)
{
    return address_space_rw(as, addr, buf, len, false);
}
static inline MemTxResult address_space_write(AddressSpace *as, hwaddr addr,
                                              const void *buf, hwaddr len)
{
    return address_space_rw(as, addr, (void *)buf, len, true);
}
/* Firmware loading: also writes into ROM. */
MemTxResult address_space_write_rom(AddressSpace *as, hwaddr addr,
                                    const void *buf, hwaddr len);

/*
 * Zero-copy access to guest RAM for DMA: a host pointer for addr when it
 * is RAM (ROM too when reading), with *len cut to what stays in that region;
 * NULL otherwise (then use address_space_rw). After writing through the
 * pointer, address_space_unmap_ram(..., true) invalidates translated code
 * and marks the bytes dirty for dirty logging.
 */
void *address_space_map_ram(AddressSpace *as, hwaddr addr, hwaddr *len, bool is_write);
void address_space_unmap_ram(AddressSpace *as, hwaddr addr, hwaddr len, bool is_write);

/*
 * Dirty logging of a RAM region (video memory): while on, every page the
 * guest CPU or DMA writes is marked in a bitmap that the display reads and
 * clears. Only the first store to a clean page leaves the fast path.
 */
void memory_region_set_dirty_log(MemoryRegion *mr, bool enable);
/* were any of [offset, offset+len) written since the last reset? */
bool memory_region_get_dirty(MemoryRegion *mr, hwaddr offset, hwaddr len);
/* forget the writes in [offset, offset+len) (re-arms the slow path there) */
void memory_region_reset_dirty(MemoryRegion *mr, hwaddr offset, hwaddr len);

/* Port I/O helpers for x86 (address_space_io). */
uint32_t cpu_inb(uint32_t port);
uint32_t cpu_inw(uint32_t port);
uint32_t cpu_inl(uint32_t port);
void cpu_outb(uint32_t port, uint32_t val);
void cpu_outw(uint32_t port, uint32_t val);
void cpu_outl(uint32_t port, uint32_t val);

#endif
