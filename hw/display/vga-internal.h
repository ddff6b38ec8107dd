/*
 * The standard VGA and its Bochs VBE (DISPI) extension: the state shared
 * by the register file (vga-regs.c), the 0xa0000 memory window
 * (vga-mem.c), the DISPI registers (vga-vbe.c), the renderers
 * (vga-draw.c, vga-text.c) and the PCI device (vga-pci.c).
 *
 * Video memory is one RAM region. The four VGA planes are interleaved in
 * it: byte (plane offset * 4 + plane). That makes chain-4 (mode 13h),
 * unchained 256-colour ("mode X") and the VBE linear framebuffer all the
 * same linear picture, and a planar pixel group one 32-bit load.
 */
#ifndef HW_DISPLAY_VGA_INTERNAL_H
#define HW_DISPLAY_VGA_INTERNAL_H

#include "qemu/osdep.h"
#include "exec/memory.h"
#include "ui/console.h"

#define VGA_VRAM_SIZE           (16u * 1024 * 1024)
/* what the VGA's 16-bit plane addresses reach: 64 KiB in each of 4 planes */
#define VGA_PLANES_SIZE         (256u * 1024)
#define VGA_PLANES_MASK         (VGA_PLANES_SIZE - 1)
#define VGA_PAGE_BITS           12
#define VGA_PAGES               (VGA_VRAM_SIZE >> VGA_PAGE_BITS)

/* register file sizes */
#define VGA_SR_COUNT            8
#define VGA_GR_COUNT            16
#define VGA_AR_COUNT            0x15
#define VGA_CR_COUNT            0x19    /* CR00-CR18; the rest read as 0 */

/* sequencer */
#define SR_CLOCKING             0x01
#define  SR01_8DOT              0x01
#define  SR01_DOT_CLOCK_DIV2    0x08
#define  SR01_SCREEN_OFF        0x20
#define SR_MAP_MASK             0x02
#define SR_CHAR_MAP             0x03
#define SR_MEMORY_MODE          0x04
#define  SR04_ODD_EVEN_OFF      0x04
#define  SR04_CHAIN4            0x08
/* graphics controller */
#define GR_SET_RESET            0x00
#define GR_ENABLE_SET_RESET     0x01
#define GR_COLOR_COMPARE        0x02
#define GR_DATA_ROTATE          0x03
#define GR_READ_MAP             0x04
#define GR_MODE                 0x05
#define  GR05_READ_MODE1        0x08
#define  GR05_HOST_ODD_EVEN     0x10
#define GR_MISC                 0x06
#define  GR06_GRAPHICS          0x01
#define GR_COLOR_DONT_CARE      0x07
#define GR_BIT_MASK             0x08
/* attribute controller */
#define AR_MODE                 0x10
#define  AR10_GRAPHICS          0x01
#define  AR10_LINE_GRAPHICS     0x04
#define  AR10_BLINK             0x08
#define  AR10_P54_SELECT        0x80
#define AR_OVERSCAN             0x11
#define AR_PLANE_ENABLE         0x12
#define AR_PIXEL_PAN            0x13
#define AR_COLOR_SELECT         0x14
#define AR_INDEX_PALETTE_SOURCE 0x20    /* clear: the display is blanked */
/* CRT controller */
#define CR_H_DISPLAY_END        0x01
#define CR_OVERFLOW             0x07
#define CR_MAX_SCAN             0x09
#define CR_CURSOR_START         0x0a
#define CR_CURSOR_END           0x0b
#define CR_START_HI             0x0c
#define CR_START_LO             0x0d
#define CR_CURSOR_HI            0x0e
#define CR_CURSOR_LO            0x0f
#define CR_V_RETRACE_END        0x11
#define CR_V_DISPLAY_END        0x12
#define CR_OFFSET               0x13
#define CR_MODE                 0x17
#define CR_LINE_COMPARE         0x18

/* Bochs VBE (DISPI) */
#define VBE_DISPI_INDEX_ID              0x0
#define VBE_DISPI_INDEX_XRES            0x1
#define VBE_DISPI_INDEX_YRES            0x2
#define VBE_DISPI_INDEX_BPP             0x3
#define VBE_DISPI_INDEX_ENABLE          0x4
#define VBE_DISPI_INDEX_BANK            0x5
#define VBE_DISPI_INDEX_VIRT_WIDTH      0x6
#define VBE_DISPI_INDEX_VIRT_HEIGHT     0x7
#define VBE_DISPI_INDEX_X_OFFSET        0x8
#define VBE_DISPI_INDEX_Y_OFFSET        0x9
#define VBE_DISPI_INDEX_VIDEO_MEMORY_64K 0xa
#define VBE_DISPI_INDEX_COUNT           0xb
#define VBE_DISPI_ID0                   0xb0c0
#define VBE_DISPI_ID5                   0xb0c5
#define VBE_DISPI_ENABLED               0x01
#define VBE_DISPI_GETCAPS               0x02
#define VBE_DISPI_8BIT_DAC              0x20
#define VBE_DISPI_LFB_ENABLED           0x40
#define VBE_DISPI_NOCLEARMEM            0x80
#define VBE_DISPI_MAX_XRES              16000
#define VBE_DISPI_MAX_YRES              12000
#define VBE_DISPI_MAX_BPP               32
#define VBE_DISPI_IOPORT_INDEX          0x1ce

/* what the screen showed last time, to redraw only what changed */
typedef struct VGATextShadow {
    uint16_t *cells;            /* char | attr << 8 per cell, as drawn */
    int cols, rows;
    int cursor_cell;            /* -1: no cursor drawn */
    bool cursor_on, blink_on;
    uint8_t font[2][256 * 32];  /* the two character maps as drawn */
} VGATextShadow;

/* one of the VGA's I/O port ranges */
typedef struct VGAPortWindow {
    MemoryRegion mr;
    struct VGAState *s;
    uint16_t base;
} VGAPortWindow;
#define VGA_PORT_WINDOWS        5

typedef struct VGAState {
    MemoryRegion vram;          /* VGA_VRAM_SIZE, dirty-logged */
    uint8_t *vram_ptr;
    MemoryRegion legacy_window; /* 0xa0000-0xbffff */
    /*
     * The fast path: while chain-4 writes every plane, or VBE shows a bank,
     * video memory itself is mapped over the window (no device call a byte).
     */
    MemoryRegion direct_window;
    AddressSpace *mem_as;
    hwaddr direct_base, direct_offset;
    uint64_t direct_size;       /* 0: not mapped */
    VGAPortWindow ports[VGA_PORT_WINDOWS];
    MemoryRegion vbe_io;        /* 0x1ce index, 0x1cf and 0x1d0 data */

    /* VGA registers */
    uint8_t misc_output;
    uint8_t feature_control;
    uint8_t sr_index, sr[VGA_SR_COUNT];
    uint8_t gr_index, gr[VGA_GR_COUNT];
    uint8_t ar_index, ar[VGA_AR_COUNT];
    bool ar_flip_flop;          /* false: the next 0x3c0 write is an index */
    uint8_t cr_index, cr[256];
    uint8_t st01;               /* input status 1 (retrace bits) */
    uint8_t pel_mask;
    uint8_t dac_read_index, dac_write_index, dac_sub_index;
    bool dac_reading;           /* last index set was the read index (0x3c7) */
    uint8_t dac_latch[3];
    uint8_t palette[768];       /* 6 bits per entry, 8 with VBE_DISPI_8BIT_DAC */
    uint32_t latch;             /* the four plane latches, plane 0 in bits 0-7 */

    /* Bochs VBE */
    uint16_t vbe_index;
    uint8_t vbe_data_low;       /* first half of a split write to 0x1cf */
    uint16_t vbe_regs[VBE_DISPI_INDEX_COUNT];
    uint32_t vbe_bank_offset;
    bool fb_big_endian;         /* the QEMU extended register at MMIO 0x604 */

    /* writes through the 0xa0000 window (not logged by the memory core) */
    unsigned long window_dirty[VGA_PAGES / (8 * sizeof(unsigned long))];

    /* display */
    QemuConsole *con;
    bool full_update;           /* the next update redraws everything */
    /* what the last update was drawn with: any change means a full redraw */
    struct VGADrawnState {
        int mode;
        int width, height;
        uint8_t sr[VGA_SR_COUNT], gr[VGA_GR_COUNT], ar[VGA_AR_COUNT], cr[VGA_CR_COUNT];
        uint8_t ar_index_pas;
        uint8_t pel_mask;
        uint8_t palette[768];
        uint16_t vbe_regs[VBE_DISPI_INDEX_COUNT];
        bool fb_big_endian;
    } drawn;
    VGATextShadow text;
} VGAState;

/* vga-regs.c */
void vga_regs_init(VGAState *s, AddressSpace *io);
void vga_regs_reset(VGAState *s);
uint8_t vga_ioport_read(VGAState *s, uint16_t port);
void vga_ioport_write(VGAState *s, uint16_t port, uint8_t val);

/* vga-mem.c */
void vga_mem_init(VGAState *s, AddressSpace *mem);
/* was any byte of vram [offset, offset+len) written since the last reset? */
bool vga_vram_dirty(VGAState *s, uint32_t offset, uint32_t len);
/* after a change to SR02, SR04, GR06 or the VBE enable or bank */
void vga_update_direct_window(VGAState *s);
void vga_vram_reset_dirty(VGAState *s, uint32_t offset, uint32_t len);

/* vga-vbe.c */
void vga_vbe_init(VGAState *s, AddressSpace *io);
void vga_vbe_reset(VGAState *s);
uint16_t vga_vbe_read(VGAState *s, uint16_t index);
void vga_vbe_write(VGAState *s, uint16_t index, uint16_t val);
bool vga_vbe_enabled(VGAState *s);
/* the visible VBE picture, always inside vram */
typedef struct VBEGeometry {
    int width, height, bpp;
    uint32_t start, line_length;
} VBEGeometry;
void vga_vbe_geometry(VGAState *s, VBEGeometry *g);

/* vga-draw.c: the console hooks */
void vga_display_init(VGAState *s);
/* 0x00RRGGBB of a DAC entry */
uint32_t vga_dac_rgb(VGAState *s, unsigned index);
/* a 4-bit attribute-controller colour through the palette registers to 0x00RRGGBB */
uint32_t vga_attr_rgb(VGAState *s, unsigned colour);

/* vga-text.c */
void vga_draw_text(VGAState *s, bool full_update);

#endif
