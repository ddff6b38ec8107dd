/*
 * The two 8237 ISA DMA controllers of the PC (include/hw/dma/i8257.h).
 * Transfers are done by the device's handler, at once, whenever its
 * channel has DREQ held and is unmasked; single, block and demand modes
 * all behave as one block transfer.
 */
#include "qemu/osdep.h"
#include "hw/dma/i8257.h"
#include "sysemu/runstate.h"

#define MODE_AUTOINIT   0x10
#define MODE_DECREMENT  0x20
#define CMD_DISABLE     0x04

typedef struct DMAChannel {
    uint16_t base_addr, base_count;
    uint8_t page, mode;
    int pos;                    /* bytes moved in the current block */
    bool dreq;
    I8257TransferHandler *handler;
    void *opaque;
} DMAChannel;

typedef struct DMAController {
    DMAChannel ch[4];
    uint8_t status, command, mask, request;
    bool flip_flop;             /* next byte of a 16-bit register is the high one */
    int dshift;                 /* 0: byte channels, 1: word channels */
    MemoryRegion io;
} DMAController;

static DMAController dma[2];
static MemoryRegion page_io;
static bool dma_running;

/* page register ports 0x81-0x8f → channel */
static const int8_t page_port_channel[15] = {
    2, 3, 1, -1, -1, -1, 0, -1, 6, 7, 5, -1, -1, -1, 4,
};

static DMAController *dma_ctrl(int nchan) { return &dma[(nchan >> 2) & 1]; }
static DMAChannel *dma_chan(int nchan) { return &dma_ctrl(nchan)->ch[nchan & 3]; }

static int dma_block_size(int nchan)
{
    return (dma_chan(nchan)->base_count + 1) << dma_ctrl(nchan)->dshift;
}

static void dma_run(void)
{
    if (dma_running) {
        return;         /* a handler holding DREQ again: the loop below sees it */
    }
    dma_running = true;
    for (int nchan = 0; nchan < 8; nchan++) {
        DMAController *d = dma_ctrl(nchan);
        DMAChannel *ch = dma_chan(nchan);
        int size = dma_block_size(nchan);

        if (!ch->dreq || !ch->handler || (d->mask & (1 << (nchan & 3))) ||
            (d->command & CMD_DISABLE) || ch->pos >= size) {
            continue;
        }
        ch->pos = MIN(MAX(ch->handler(ch->opaque, nchan, ch->pos, size), 0), size);
        if (ch->pos >= size) {
            d->status |= 1 << (nchan & 3);      /* terminal count */
            if (ch->mode & MODE_AUTOINIT) {
                ch->pos = 0;
            }
        }
    }
    dma_running = false;
}

void i8257_register_channel(int nchan, I8257TransferHandler *handler, void *opaque)
{
    DMAChannel *ch = dma_chan(nchan);

    ch->handler = handler;
    ch->opaque = opaque;
}

void i8257_hold_dreq(int nchan)
{
    dma_chan(nchan)->dreq = true;
    dma_ctrl(nchan)->status |= 0x10 << (nchan & 3);
    dma_run();
}

void i8257_release_dreq(int nchan)
{
    dma_chan(nchan)->dreq = false;
    dma_ctrl(nchan)->status &= ~(0x10 << (nchan & 3));
}

/* guest address of byte pos of the block */
static hwaddr dma_address(int nchan, int pos)
{
    DMAChannel *ch = dma_chan(nchan);

    if (dma_ctrl(nchan)->dshift) {
        uint32_t off = ((uint32_t)ch->base_addr << 1) +
                       ((ch->mode & MODE_DECREMENT) ? -pos : pos);
        return (hwaddr)(ch->page & 0xfe) << 16 | (off & 0x1ffff);
    }
    return (hwaddr)ch->page << 16 |
           (uint16_t)(ch->base_addr + ((ch->mode & MODE_DECREMENT) ? -pos : pos));
}

static int dma_copy(int nchan, void *buf, int pos, int len, bool to_memory)
{
    uint8_t *p = buf;
    int size = dma_block_size(nchan);

    if (pos < 0 || pos >= size || len <= 0) {
        return 0;
    }
    len = MIN(len, size - pos);
    /* byte by byte: the address may wrap within its 64K/128K page or count down */
    for (int i = 0; i < len; i++) {
        address_space_rw(&address_space_memory, dma_address(nchan, pos + i), p + i, 1,
                         to_memory);
    }
    return len;
}

int i8257_dma_read_memory(int nchan, void *buf, int pos, int len)
{
    return dma_copy(nchan, buf, pos, len, false);
}

int i8257_dma_write_memory(int nchan, const void *buf, int pos, int len)
{
    return dma_copy(nchan, (void *)buf, pos, len, true);
}

/* ---- registers ---- */

static void dma_write_chan_reg(DMAController *d, int reg, uint8_t val)
{
    DMAChannel *ch = &d->ch[reg >> 1];
    uint16_t *r = (reg & 1) ? &ch->base_count : &ch->base_addr;

    *r = d->flip_flop ? (*r & 0x00ff) | val << 8 : (*r & 0xff00) | val;
    d->flip_flop = !d->flip_flop;
    ch->pos = 0;
}

static uint8_t dma_read_chan_reg(DMAController *d, int reg)
{
    DMAChannel *ch = &d->ch[reg >> 1];
    int units = ch->pos >> d->dshift;
    uint16_t val;
    uint8_t byte;

    if (reg & 1) {
        val = ch->base_count - units;
    } else {
        val = ch->base_addr + ((ch->mode & MODE_DECREMENT) ? -units : units);
    }
    byte = d->flip_flop ? val >> 8 : val;
    d->flip_flop = !d->flip_flop;
    return byte;
}

static uint64_t dma_io_read(void *opaque, hwaddr addr, unsigned size)
{
    DMAController *d = opaque;
    int reg = addr >> d->dshift;
    uint8_t val;

    if (reg < 8) {
        return dma_read_chan_reg(d, reg);
    }
    switch (reg) {
    case 8:                     /* status: reading clears the terminal counts */
        val = d->status;
        d->status &= 0xf0;
        return val;
    case 15:
        return d->mask;
    }
    return 0;
}

static void dma_io_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    DMAController *d = opaque;
    int reg = addr >> d->dshift;

    if (reg < 8) {
        dma_write_chan_reg(d, reg, val);
        return;
    }
    switch (reg) {
    case 8:                     /* command */
        d->command = val;
        break;
    case 9:                     /* software request */
        d->request = val & 4 ? d->request | 1 << (val & 3) : d->request & ~(1 << (val & 3));
        break;
    case 10:                    /* single mask bit */
        d->mask = val & 4 ? d->mask | 1 << (val & 3) : d->mask & ~(1 << (val & 3));
        break;
    case 11:                    /* mode */
        d->ch[val & 3].mode = val;
        break;
    case 12:                    /* clear the byte pointer flip-flop */
        d->flip_flop = false;
        break;
    case 13:                    /* master clear */
        d->flip_flop = false;
        d->status = 0;
        d->command = 0;
        d->mask = 0x0f;
        break;
    case 14:                    /* clear all mask bits */
        d->mask = 0;
        break;
    case 15:                    /* write all mask bits */
        d->mask = val & 0x0f;
        break;
    }
    dma_run();
}

static const MemoryRegionOps dma_io_ops = {
    .read = dma_io_read,
    .write = dma_io_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .min_access_size = 1,
    .max_access_size = 1,
};

static uint64_t page_io_read(void *opaque, hwaddr addr, unsigned size)
{
    int nchan = page_port_channel[addr];
    return nchan < 0 ? 0 : dma_chan(nchan)->page;
}

static void page_io_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    int nchan = page_port_channel[addr];

    if (nchan >= 0) {
        dma_chan(nchan)->page = val;
    }
}

static const MemoryRegionOps page_io_ops = {
    .read = page_io_read,
    .write = page_io_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .min_access_size = 1,
    .max_access_size = 1,
};

static void i8257_reset(void *opaque)
{
    for (int i = 0; i < 2; i++) {
        dma[i].status = dma[i].command = dma[i].request = 0;
        dma[i].mask = 0x0f;
        dma[i].flip_flop = false;
        for (int c = 0; c < 4; c++) {
            dma[i].ch[c].pos = 0;
            dma[i].ch[c].mode = 0;
            dma[i].ch[c].dreq = false;
        }
    }
}

void i8257_init(ISABus *isa)
{
    dma[1].dshift = 1;
    memory_region_init_io(&dma[0].io, &dma_io_ops, &dma[0], "dma-chan", 16);
    isa_register_ioport(isa, &dma[0].io, 0x00);
    memory_region_init_io(&dma[1].io, &dma_io_ops, &dma[1], "dma-cont", 32);
    isa_register_ioport(isa, &dma[1].io, 0xc0);
    memory_region_init_io(&page_io, &page_io_ops, NULL, "dma-page", 15);
    isa_register_ioport(isa, &page_io, 0x81);
    qemu_register_reset(i8257_reset, NULL);
    i8257_reset(NULL);
}
