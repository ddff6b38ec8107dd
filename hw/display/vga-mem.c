/*
 * The VGA's window at 0xa0000-0xbffff: the graphics controller's memory
 * map select, chain-4, odd/even and planar access with the latches, the
 * four write modes with rotate, set/reset, logical operation and bit
 * mask, read modes 0 (one plane) and 1 (colour compare), and the Bochs
 * VBE bank window. The window is MMIO (every access depends on the
 * registers), so the pages it writes are marked dirty here; writes
 * through the linear framebuffer are logged by the memory core. Where a
 * window byte simply is a video memory byte (chain-4 with all planes, a
 * VBE bank), video memory is mapped over the window instead.
 */
#include "qemu/osdep.h"
#include "hw/display/vga-internal.h"

#define VGA_WINDOW_BASE     0xa0000
#define VGA_WINDOW_SIZE     0x20000
#define VBE_BANK_SIZE       0x10000
#define BITS_PER_LONG       (8 * sizeof(unsigned long))

/* a byte repeated in the four plane lanes of a 32-bit latch value */
static inline uint32_t expand_byte(uint8_t b)
{
    return b * 0x01010101u;
}

/* per plane: all ones if bit p of the 4-bit value is set */
static inline uint32_t expand_nibble(uint8_t v)
{
    return (v & 1 ? 0xffu : 0) | (v & 2 ? 0xff00u : 0) |
           (v & 4 ? 0xff0000u : 0) | (v & 8 ? 0xff000000u : 0);
}

static inline void mark_dirty(VGAState *s, uint32_t offset)
{
    uint32_t page = offset >> VGA_PAGE_BITS;
    s->window_dirty[page / BITS_PER_LONG] |= 1ul << (page % BITS_PER_LONG);
}

bool vga_vram_dirty(VGAState *s, uint32_t offset, uint32_t len)
{
    uint32_t first, last;

    if (!len || offset >= VGA_VRAM_SIZE) {
        return false;
    }
    len = MIN(len, VGA_VRAM_SIZE - offset);
    first = offset >> VGA_PAGE_BITS;
    last = (offset + len - 1) >> VGA_PAGE_BITS;
    for (uint32_t p = first; p <= last; p++) {
        if ((s->window_dirty[p / BITS_PER_LONG] >> (p % BITS_PER_LONG)) & 1) {
            return true;
        }
    }
    return memory_region_get_dirty(&s->vram, offset, len);
}

void vga_vram_reset_dirty(VGAState *s, uint32_t offset, uint32_t len)
{
    uint32_t first, last;

    if (!len || offset >= VGA_VRAM_SIZE) {
        return;
    }
    len = MIN(len, VGA_VRAM_SIZE - offset);
    first = offset >> VGA_PAGE_BITS;
    last = (offset + len - 1) >> VGA_PAGE_BITS;
    for (uint32_t p = first; p <= last; p++) {
        s->window_dirty[p / BITS_PER_LONG] &= ~(1ul << (p % BITS_PER_LONG));
    }
    memory_region_reset_dirty(&s->vram, offset, len);
}

/*
 * The offset of a window address in the memory map the graphics
 * controller selects, or -1 when the map does not cover it.
 */
static int32_t window_offset(VGAState *s, hwaddr addr)
{
    switch ((s->gr[GR_MISC] >> 2) & 3) {
    case 0:                         /* 0xa0000, 128 KiB */
        return addr;
    case 1:                         /* 0xa0000, 64 KiB */
        return addr < 0x10000 ? (int32_t)addr : -1;
    case 2:                         /* 0xb0000, 32 KiB */
        return addr >= 0x10000 && addr < 0x18000 ? (int32_t)(addr - 0x10000) : -1;
    default:                        /* 0xb8000, 32 KiB */
        return addr >= 0x18000 ? (int32_t)(addr - 0x18000) : -1;
    }
}

static inline uint32_t load_latch(VGAState *s, uint32_t plane_offset)
{
    const uint8_t *p = s->vram_ptr + ((plane_offset << 2) & VGA_PLANES_MASK);
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint8_t vga_mem_readb(VGAState *s, hwaddr addr)
{
    int32_t off;
    uint32_t cmp, match;

    if (vga_vbe_enabled(s)) {
        /* the bank window: 64 KiB at 0xa0000 */
        if (addr >= VBE_BANK_SIZE) {
            return 0xff;
        }
        return s->vram_ptr[(s->vbe_bank_offset + addr) & (VGA_VRAM_SIZE - 1)];
    }
    off = window_offset(s, addr);
    if (off < 0) {
        return 0xff;
    }
    if (s->sr[SR_MEMORY_MODE] & SR04_CHAIN4) {
        return s->vram_ptr[off & VGA_PLANES_MASK];
    }
    /* the sequencer decides odd/even for writes, the graphics controller for reads */
    if (s->gr[GR_MODE] & GR05_HOST_ODD_EVEN) {
        /* even addresses read plane 0 (or 2), odd ones plane 1 (or 3) */
        unsigned plane = (s->gr[GR_READ_MAP] & 2) | (off & 1);
        return s->vram_ptr[((((uint32_t)off & ~1u) << 1) | plane) & VGA_PLANES_MASK];
    }
    s->latch = load_latch(s, off);
    if (!(s->gr[GR_MODE] & GR05_READ_MODE1)) {
        return s->latch >> ((s->gr[GR_READ_MAP] & 3) * 8);
    }
    /* read mode 1: a bit is set where every cared-for plane matches the colour */
    cmp = (s->latch ^ expand_nibble(s->gr[GR_COLOR_COMPARE])) &
          expand_nibble(s->gr[GR_COLOR_DONT_CARE]);
    match = cmp | cmp >> 16;
    match |= match >> 8;
    return ~match & 0xff;
}

/* write modes 0-3 through the ALU into the planes the map mask enables */
static void planar_write(VGAState *s, uint32_t off, uint8_t val)
{
    uint8_t rotate = s->gr[GR_DATA_ROTATE] & 7;
    uint8_t bit_mask = s->gr[GR_BIT_MASK];
    uint32_t data, mask, plane_mask;
    uint8_t *dst;

    switch (s->gr[GR_MODE] & 3) {
    case 0:
        val = (uint8_t)((val >> rotate) | (val << (8 - rotate)));
        data = expand_byte(val);
        /* planes with set/reset enabled take the set/reset value instead */
        mask = expand_nibble(s->gr[GR_ENABLE_SET_RESET]);
        data = (data & ~mask) | (expand_nibble(s->gr[GR_SET_RESET]) & mask);
        break;
    case 1:
        /* the latches themselves (copies within video memory) */
        data = s->latch;
        bit_mask = 0;
        goto store;
    case 2:
        data = expand_nibble(val);
        break;
    default:
        val = (uint8_t)((val >> rotate) | (val << (8 - rotate)));
        bit_mask &= val;
        data = expand_nibble(s->gr[GR_SET_RESET]);
        break;
    }
    switch ((s->gr[GR_DATA_ROTATE] >> 3) & 3) {
    case 1:
        data &= s->latch;
        break;
    case 2:
        data |= s->latch;
        break;
    case 3:
        data ^= s->latch;
        break;
    }
    mask = expand_byte(bit_mask);
    data = (data & mask) | (s->latch & ~mask);
store:
    plane_mask = expand_nibble(s->sr[SR_MAP_MASK]);
    dst = s->vram_ptr + ((off << 2) & VGA_PLANES_MASK);
    for (int p = 0; p < 4; p++) {
        if (plane_mask & (0xffu << (p * 8))) {
            dst[p] = data >> (p * 8);
        }
    }
    mark_dirty(s, (off << 2) & VGA_PLANES_MASK);
}

static void vga_mem_writeb(VGAState *s, hwaddr addr, uint8_t val)
{
    int32_t off;

    if (vga_vbe_enabled(s)) {
        if (addr < VBE_BANK_SIZE) {
            uint32_t o = (s->vbe_bank_offset + addr) & (VGA_VRAM_SIZE - 1);
            s->vram_ptr[o] = val;
            mark_dirty(s, o);
        }
        return;
    }
    off = window_offset(s, addr);
    if (off < 0) {
        return;
    }
    if (s->sr[SR_MEMORY_MODE] & SR04_CHAIN4) {
        uint32_t o = off & VGA_PLANES_MASK;
        if (s->sr[SR_MAP_MASK] & (1u << (o & 3))) {
            s->vram_ptr[o] = val;
            mark_dirty(s, o);
        }
        return;
    }
    if (!(s->sr[SR_MEMORY_MODE] & SR04_ODD_EVEN_OFF)) {
        /* even addresses go to planes 0 and 2, odd ones to 1 and 3 */
        uint8_t planes = s->sr[SR_MAP_MASK] & ((off & 1) ? 0xa : 0x5);
        uint32_t base = (((uint32_t)off & ~1u) << 1) & VGA_PLANES_MASK;
        for (int p = 0; p < 4; p++) {
            if (planes & (1u << p)) {
                s->vram_ptr[base + p] = val;
            }
        }
        mark_dirty(s, base);
        return;
    }
    planar_write(s, off, val);
}

static uint64_t legacy_window_read(void *opaque, hwaddr addr, unsigned size)
{
    return vga_mem_readb(opaque, addr);
}

static void legacy_window_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    vga_mem_writeb(opaque, addr, val);
}

static const MemoryRegionOps legacy_window_ops = {
    .read = legacy_window_read,
    .write = legacy_window_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .min_access_size = 1,
    .max_access_size = 1,
};

void vga_update_direct_window(VGAState *s)
{
    hwaddr base = 0, offset = 0;
    uint64_t size = 0;

    if (vga_vbe_enabled(s)) {
        base = VGA_WINDOW_BASE;
        size = VBE_BANK_SIZE;
        offset = s->vbe_bank_offset;
    } else if ((s->sr[SR_MEMORY_MODE] & SR04_CHAIN4) && (s->sr[SR_MAP_MASK] & 0xf) == 0xf) {
        /* chain-4 with every plane enabled: window byte n is video memory byte n */
        static const struct { hwaddr base; uint64_t size; } maps[4] = {
            { 0xa0000, 0x20000 }, { 0xa0000, 0x10000 }, { 0xb0000, 0x8000 }, { 0xb8000, 0x8000 },
        };
        unsigned map = (s->gr[GR_MISC] >> 2) & 3;
        base = maps[map].base;
        size = maps[map].size;
    }
    if (size == s->direct_size && base == s->direct_base && offset == s->direct_offset) {
        return;
    }
    if (s->direct_size) {
        address_space_unmap(s->mem_as, &s->direct_window);
    }
    s->direct_base = base;
    s->direct_size = size;
    s->direct_offset = offset;
    if (size) {
        memory_region_init_alias(&s->direct_window, "vga.direct-window", &s->vram, offset, size);
        address_space_map(s->mem_as, &s->direct_window, base, 2);
    }
}

void vga_mem_init(VGAState *s, AddressSpace *mem)
{
    s->mem_as = mem;
    memory_region_init_io(&s->legacy_window, &legacy_window_ops, s, "vga-lowmem",
                          VGA_WINDOW_SIZE);
    /* above the RAM behind the 640K-1M hole, should a board map any there */
    address_space_map(mem, &s->legacy_window, VGA_WINDOW_BASE, 1);
}
