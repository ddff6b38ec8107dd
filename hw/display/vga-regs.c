/*
 * The VGA register file at I/O ports 0x3b4/0x3b5/0x3ba (monochrome) or
 * 0x3d4/0x3d5/0x3da (colour, chosen by the misc output register) and
 * 0x3c0-0x3cf: attribute controller, misc output, sequencer, DAC and
 * graphics controller. Every index a guest writes is masked to its
 * register array.
 */
#include "qemu/osdep.h"
#include "hw/display/vga-internal.h"

/* bits of each register that exist (writes to the others are dropped) */
static const uint8_t sr_mask[VGA_SR_COUNT] = { 0x03, 0x3d, 0x0f, 0x3f, 0x0e, 0, 0, 0 };
static const uint8_t gr_mask[VGA_GR_COUNT] = {
    0x0f, 0x0f, 0x0f, 0x1f, 0x03, 0x7b, 0x0f, 0x0f, 0xff,
};

#define MISC_COLOR_EMULATION    0x01    /* CRTC at 0x3d4, else 0x3b4 */
#define ST01_DISPLAY_DISABLED   0x01
#define ST01_VERTICAL_RETRACE   0x08
#define CR11_PROTECT            0x80

/* a 0x3bx port while in colour mode, or a 0x3dx one in mono mode, is not ours */
static bool vga_port_decoded(VGAState *s, uint16_t port)
{
    bool color = s->misc_output & MISC_COLOR_EMULATION;

    if (port >= 0x3b0 && port <= 0x3bf) {
        return !color;
    }
    if (port >= 0x3d0 && port <= 0x3df) {
        return color;
    }
    return true;
}

static uint8_t dac_read_data(VGAState *s)
{
    uint8_t val = s->palette[s->dac_read_index * 3 + s->dac_sub_index];

    if (++s->dac_sub_index == 3) {
        s->dac_sub_index = 0;
        s->dac_read_index++;        /* uint8_t: wraps at 256 */
    }
    return val;
}

static void dac_write_data(VGAState *s, uint8_t val)
{
    s->dac_latch[s->dac_sub_index] = val;
    if (++s->dac_sub_index == 3) {
        uint8_t mask = (s->vbe_regs[VBE_DISPI_INDEX_ENABLE] & VBE_DISPI_8BIT_DAC) ? 0xff : 0x3f;
        for (int i = 0; i < 3; i++) {
            s->palette[s->dac_write_index * 3 + i] = s->dac_latch[i] & mask;
        }
        s->dac_sub_index = 0;
        s->dac_write_index++;
    }
}

uint8_t vga_ioport_read(VGAState *s, uint16_t port)
{
    if (!vga_port_decoded(s, port)) {
        return 0xff;
    }
    switch (port) {
    case 0x3c0:
        return s->ar_flip_flop ? 0 : s->ar_index;
    case 0x3c1: {
        unsigned i = s->ar_index & 0x1f;
        return i < VGA_AR_COUNT ? s->ar[i] : 0;
    }
    case 0x3c2:
        return 0;                   /* input status 0: no switch sense, no interrupt */
    case 0x3c4:
        return s->sr_index;
    case 0x3c5:
        return s->sr[s->sr_index & (VGA_SR_COUNT - 1)];
    case 0x3c6:
        return s->pel_mask;
    case 0x3c7:
        return s->dac_reading ? 3 : 0;
    case 0x3c8:
        return s->dac_write_index;
    case 0x3c9:
        return dac_read_data(s);
    case 0x3ca:
        return s->feature_control;
    case 0x3cc:
        return s->misc_output;
    case 0x3ce:
        return s->gr_index;
    case 0x3cf:
        return s->gr[s->gr_index & (VGA_GR_COUNT - 1)];
    case 0x3b4:
    case 0x3d4:
        return s->cr_index;
    case 0x3b5:
    case 0x3d5:
        return s->cr_index < VGA_CR_COUNT ? s->cr[s->cr_index] : 0;
    case 0x3ba:
    case 0x3da:
        /*
         * Reading resets the attribute flip-flop. The retrace bits toggle on
         * each read so that code polling for a retrace edge always sees one.
         */
        s->ar_flip_flop = false;
        s->st01 ^= ST01_VERTICAL_RETRACE | ST01_DISPLAY_DISABLED;
        return s->st01;
    default:
        return 0xff;
    }
}

static void ar_write(VGAState *s, uint8_t val)
{
    if (!s->ar_flip_flop) {
        s->ar_index = val & 0x3f;
    } else {
        unsigned i = s->ar_index & 0x1f;
        if (i < VGA_AR_COUNT) {
            s->ar[i] = i == AR_MODE ? val & 0xef : i == AR_PLANE_ENABLE ? val & 0x3f : val;
        }
    }
    s->ar_flip_flop = !s->ar_flip_flop;
}

static void cr_write(VGAState *s, uint8_t val)
{
    uint8_t i = s->cr_index;

    if (i >= VGA_CR_COUNT) {
        return;
    }
    /* CR11 bit 7 write-protects CR00-CR07, except the line compare bit of CR07 */
    if ((s->cr[CR_V_RETRACE_END] & CR11_PROTECT) && i <= CR_OVERFLOW) {
        if (i == CR_OVERFLOW) {
            s->cr[i] = (s->cr[i] & ~0x10) | (val & 0x10);
        }
        return;
    }
    s->cr[i] = val;
}

void vga_ioport_write(VGAState *s, uint16_t port, uint8_t val)
{
    if (!vga_port_decoded(s, port)) {
        return;
    }
    switch (port) {
    case 0x3c0:
    case 0x3c1:
        ar_write(s, val);
        break;
    case 0x3c2:
        s->misc_output = val & ~0x10;
        break;
    case 0x3c4:
        s->sr_index = val & (VGA_SR_COUNT - 1);
        break;
    case 0x3c5:
        s->sr[s->sr_index] = val & sr_mask[s->sr_index];
        vga_update_direct_window(s);
        break;
    case 0x3c6:
        s->pel_mask = val;
        break;
    case 0x3c7:
        s->dac_read_index = val;
        s->dac_sub_index = 0;
        s->dac_reading = true;
        break;
    case 0x3c8:
        s->dac_write_index = val;
        s->dac_sub_index = 0;
        s->dac_reading = false;
        break;
    case 0x3c9:
        dac_write_data(s, val);
        break;
    case 0x3ce:
        s->gr_index = val & (VGA_GR_COUNT - 1);
        break;
    case 0x3cf:
        s->gr[s->gr_index] = val & gr_mask[s->gr_index];
        vga_update_direct_window(s);
        break;
    case 0x3b4:
    case 0x3d4:
        s->cr_index = val;
        break;
    case 0x3b5:
    case 0x3d5:
        cr_write(s, val);
        break;
    case 0x3ba:
    case 0x3da:
        s->feature_control = val & 0x03;
        break;
    }
}

/* ---- the port ranges: byte registers; the memory core splits wider accesses ---- */

static uint64_t vga_port_window_read(void *opaque, hwaddr addr, unsigned size)
{
    VGAPortWindow *w = opaque;
    return vga_ioport_read(w->s, w->base + addr);
}

static void vga_port_window_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    VGAPortWindow *w = opaque;
    vga_ioport_write(w->s, w->base + addr, val);
}

static const MemoryRegionOps vga_port_ops = {
    .read = vga_port_window_read,
    .write = vga_port_window_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .min_access_size = 1,
    .max_access_size = 1,
};

void vga_regs_init(VGAState *s, AddressSpace *io)
{
    static const struct { uint16_t base, len; } ranges[VGA_PORT_WINDOWS] = {
        { 0x3c0, 16 }, { 0x3b4, 2 }, { 0x3ba, 1 }, { 0x3d4, 2 }, { 0x3da, 1 },
    };

    for (int i = 0; i < VGA_PORT_WINDOWS; i++) {
        VGAPortWindow *w = &s->ports[i];
        w->s = s;
        w->base = ranges[i].base;
        memory_region_init_io(&w->mr, &vga_port_ops, w, "vga", ranges[i].len);
        address_space_map(io, &w->mr, w->base, 0);
    }
}

void vga_regs_reset(VGAState *s)
{
    s->misc_output = 0;
    s->feature_control = 0;
    s->sr_index = s->gr_index = s->ar_index = s->cr_index = 0;
    memset(s->sr, 0, sizeof(s->sr));
    memset(s->gr, 0, sizeof(s->gr));
    memset(s->ar, 0, sizeof(s->ar));
    memset(s->cr, 0, sizeof(s->cr));
    s->ar_flip_flop = false;
    s->st01 = 0;
    s->pel_mask = 0xff;
    s->dac_read_index = s->dac_write_index = s->dac_sub_index = 0;
    s->dac_reading = false;
    memset(s->palette, 0, sizeof(s->palette));
    s->latch = 0;
}
