/*
 * The PC's ISA DMA controllers (hw/dma/i8257.c): two 8237s, channels 0-3
 * (8-bit, ports 0x00-0x0f) and 4-7 (16-bit, ports 0xc0-0xdf, channel 4
 * cascades), with the page registers at 0x81-0x8f.
 *
 * A device registers a transfer handler for its channel and holds DREQ
 * while it wants data moved; whenever the channel is also unmasked the
 * handler runs and moves bytes with i8257_dma_read/write_memory.
 */
#ifndef HW_DMA_I8257_H
#define HW_DMA_I8257_H

#include "hw/isa.h"

/*
 * pos: bytes already moved in this programmed block; size: the block's
 * length in bytes. Returns the new position.
 */
typedef int I8257TransferHandler(void *opaque, int nchan, int pos, int size);

void i8257_init(ISABus *isa);
void i8257_register_channel(int nchan, I8257TransferHandler *handler, void *opaque);
void i8257_hold_dreq(int nchan);
void i8257_release_dreq(int nchan);
/*
 * Copy between a buffer and guest memory at the channel's address + pos
 * (bounded by the block and by guest RAM); returns the bytes moved.
 */
int i8257_dma_read_memory(int nchan, void *buf, int pos, int len);   /* memory → buf */
int i8257_dma_write_memory(int nchan, const void *buf, int pos, int len);   /* buf → memory */

#endif
