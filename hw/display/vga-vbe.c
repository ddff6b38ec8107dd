/*
 * The Bochs VBE (DISPI) extension: index port 0x1ce, data port 0x1cf
 * (16-bit), the same registers in the PCI MMIO BAR. Modes up to
 * 16000x12000 at 8/15/16/24/32 bits per pixel, a virtual screen with
 * x/y offsets, a 64 KiB bank window at 0xa0000 and the linear
 * framebuffer on BAR 0. Every write is clamped so the visible picture
 * stays inside video memory, whatever the guest asks for.
 */
#include "qemu/osdep.h"
#include "hw/display/vga-internal.h"

static unsigned bytes_per_pixel(unsigned bpp)
{
    return (bpp + 7) / 8;
}

bool vga_vbe_enabled(VGAState *s)
{
    return s->vbe_regs[VBE_DISPI_INDEX_ENABLE] & VBE_DISPI_ENABLED;
}

/* make the mode registers consistent and the visible picture fit video memory */
static void vbe_fixup(VGAState *s)
{
    uint16_t *r = s->vbe_regs;
    unsigned bpp, bpl, max_lines;

    switch (r[VBE_DISPI_INDEX_BPP]) {
    case 8: case 15: case 16: case 24: case 32:
        break;
    default:
        r[VBE_DISPI_INDEX_BPP] = 8;
    }
    bpp = bytes_per_pixel(r[VBE_DISPI_INDEX_BPP]);
    /* widths in whole 8-pixel groups, as the hardware's character clock counts */
    r[VBE_DISPI_INDEX_XRES] = MIN(MAX(r[VBE_DISPI_INDEX_XRES] & ~7u, 8u), VBE_DISPI_MAX_XRES);
    r[VBE_DISPI_INDEX_YRES] = MIN(MAX(r[VBE_DISPI_INDEX_YRES], 1u), VBE_DISPI_MAX_YRES);
    r[VBE_DISPI_INDEX_VIRT_WIDTH] = MAX(r[VBE_DISPI_INDEX_VIRT_WIDTH], r[VBE_DISPI_INDEX_XRES]);
    /* the line length must leave room for at least one visible screen */
    bpl = r[VBE_DISPI_INDEX_VIRT_WIDTH] * bpp;
    max_lines = VGA_VRAM_SIZE / bpl;
    if (max_lines < r[VBE_DISPI_INDEX_YRES]) {
        r[VBE_DISPI_INDEX_VIRT_WIDTH] = r[VBE_DISPI_INDEX_XRES];
        bpl = r[VBE_DISPI_INDEX_VIRT_WIDTH] * bpp;
        max_lines = VGA_VRAM_SIZE / bpl;
        /* 16000 * 4 bytes a line still leaves 262 lines */
        r[VBE_DISPI_INDEX_YRES] = MIN(r[VBE_DISPI_INDEX_YRES], max_lines);
    }
    r[VBE_DISPI_INDEX_VIRT_HEIGHT] = MIN(max_lines, 0xffffu);
    r[VBE_DISPI_INDEX_X_OFFSET] = MIN(r[VBE_DISPI_INDEX_X_OFFSET],
                                      r[VBE_DISPI_INDEX_VIRT_WIDTH] - r[VBE_DISPI_INDEX_XRES]);
    r[VBE_DISPI_INDEX_Y_OFFSET] = MIN(r[VBE_DISPI_INDEX_Y_OFFSET],
                                      max_lines - r[VBE_DISPI_INDEX_YRES]);
}

void vga_vbe_geometry(VGAState *s, VBEGeometry *g)
{
    const uint16_t *r = s->vbe_regs;
    unsigned bpp = bytes_per_pixel(r[VBE_DISPI_INDEX_BPP]);

    g->width = r[VBE_DISPI_INDEX_XRES];
    g->height = r[VBE_DISPI_INDEX_YRES];
    g->bpp = r[VBE_DISPI_INDEX_BPP];
    g->line_length = r[VBE_DISPI_INDEX_VIRT_WIDTH] * bpp;
    g->start = r[VBE_DISPI_INDEX_Y_OFFSET] * g->line_length + r[VBE_DISPI_INDEX_X_OFFSET] * bpp;
}

uint16_t vga_vbe_read(VGAState *s, uint16_t index)
{
    bool caps = s->vbe_regs[VBE_DISPI_INDEX_ENABLE] & VBE_DISPI_GETCAPS;

    switch (index) {
    case VBE_DISPI_INDEX_XRES:
        return caps ? VBE_DISPI_MAX_XRES : s->vbe_regs[index];
    case VBE_DISPI_INDEX_YRES:
        return caps ? VBE_DISPI_MAX_YRES : s->vbe_regs[index];
    case VBE_DISPI_INDEX_BPP:
        return caps ? VBE_DISPI_MAX_BPP : s->vbe_regs[index];
    case VBE_DISPI_INDEX_VIDEO_MEMORY_64K:
        return VGA_VRAM_SIZE >> 16;
    default:
        return index < VBE_DISPI_INDEX_COUNT ? s->vbe_regs[index] : 0;
    }
}

static void vbe_enable(VGAState *s, uint16_t val)
{
    uint16_t *r = s->vbe_regs;
    bool was_enabled = vga_vbe_enabled(s);

    if ((val & VBE_DISPI_ENABLED) && !was_enabled) {
        /* a new mode starts with the virtual screen the size of the visible one */
        r[VBE_DISPI_INDEX_VIRT_WIDTH] = r[VBE_DISPI_INDEX_XRES];
        r[VBE_DISPI_INDEX_X_OFFSET] = 0;
        r[VBE_DISPI_INDEX_Y_OFFSET] = 0;
        vbe_fixup(s);
        if (!(val & VBE_DISPI_NOCLEARMEM)) {
            VBEGeometry g;
            vga_vbe_geometry(s, &g);
            memset(s->vram_ptr, 0, MIN((uint64_t)g.line_length * g.height, VGA_VRAM_SIZE));
            /* the memory core did not see that write */
            vga_vram_reset_dirty(s, 0, VGA_VRAM_SIZE);
            s->full_update = true;
        }
    }
    if (!(val & VBE_DISPI_ENABLED)) {
        s->vbe_bank_offset = 0;
    }
    r[VBE_DISPI_INDEX_ENABLE] = val & (VBE_DISPI_ENABLED | VBE_DISPI_GETCAPS |
                                       VBE_DISPI_8BIT_DAC | VBE_DISPI_LFB_ENABLED |
                                       VBE_DISPI_NOCLEARMEM);
}

void vga_vbe_write(VGAState *s, uint16_t index, uint16_t val)
{
    switch (index) {
    case VBE_DISPI_INDEX_ID:
        if (val >= VBE_DISPI_ID0 && val <= VBE_DISPI_ID5) {
            s->vbe_regs[index] = val;
        }
        break;
    case VBE_DISPI_INDEX_XRES:
    case VBE_DISPI_INDEX_YRES:
    case VBE_DISPI_INDEX_BPP:
    case VBE_DISPI_INDEX_VIRT_WIDTH:
    case VBE_DISPI_INDEX_X_OFFSET:
    case VBE_DISPI_INDEX_Y_OFFSET:
        s->vbe_regs[index] = val;
        vbe_fixup(s);
        break;
    case VBE_DISPI_INDEX_BANK:
        /* banks of 64 KiB: only as many as video memory holds */
        s->vbe_regs[index] = val & ((VGA_VRAM_SIZE >> 16) - 1);
        s->vbe_bank_offset = (uint32_t)s->vbe_regs[index] << 16;
        vga_update_direct_window(s);
        break;
    case VBE_DISPI_INDEX_ENABLE:
        vbe_enable(s, val);
        vga_update_direct_window(s);
        break;
    default:
        /* VIRT_HEIGHT and VIDEO_MEMORY_64K are computed; the rest do not exist */
        break;
    }
}

/*
 * ---- the ports: 0x1ce index, 0x1cf data, and 0x1d0 data as on the Bochs
 * machine. The memory core splits the unaligned 16-bit access at 0x1cf into
 * a byte at 0x1cf and one at 0x1d0, in that order: the low byte is held
 * until the high one completes the value. ----
 */

static uint64_t vbe_port_read(void *opaque, hwaddr addr, unsigned size)
{
    VGAState *s = opaque;
    uint16_t data;

    if (addr == 0) {
        return s->vbe_index;
    }
    data = vga_vbe_read(s, s->vbe_index);
    if (size == 2) {
        return data;
    }
    return addr == 1 ? data & 0xff : data >> 8;
}

static void vbe_port_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    VGAState *s = opaque;

    if (addr == 0) {
        s->vbe_index = size == 2 ? val : (s->vbe_index & 0xff00) | val;
    } else if (size == 2) {
        vga_vbe_write(s, s->vbe_index, val);
    } else if (addr == 1) {
        s->vbe_data_low = val;
    } else {
        vga_vbe_write(s, s->vbe_index, s->vbe_data_low | val << 8);
    }
}

static const MemoryRegionOps vbe_port_ops = {
    .read = vbe_port_read,
    .write = vbe_port_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .min_access_size = 1,
    .max_access_size = 2,
};

void vga_vbe_init(VGAState *s, AddressSpace *io)
{
    memory_region_init_io(&s->vbe_io, &vbe_port_ops, s, "vbe", 4);
    address_space_map(io, &s->vbe_io, VBE_DISPI_IOPORT_INDEX, 0);
}

void vga_vbe_reset(VGAState *s)
{
    memset(s->vbe_regs, 0, sizeof(s->vbe_regs));
    s->vbe_regs[VBE_DISPI_INDEX_ID] = VBE_DISPI_ID5;
    s->vbe_index = 0;
    s->vbe_data_low = 0;
    s->vbe_bank_offset = 0;
    s->fb_big_endian = false;
}
