/*
 * The bus-master DMA engine of one IDE channel (bmdma.c), as the PCI IDE
 * function (piix.c) embeds it and maps its registers.
 */
#ifndef HW_IDE_BMDMA_H
#define HW_IDE_BMDMA_H

#include "ide-internal.h"

struct BMDMAState {
    PCIDevice *pci;
    uint8_t cmd, status;
    uint32_t addr;              /* PRD table, as the guest wrote it */

    /* the request being served; drive NULL when there is none */
    IDEState *drive;
    IDEDMARequest req;
    uint64_t done;              /* bytes moved so far */
    bool inflight;              /* a block-layer request is running */
    bool submitting;            /* inside the call that started it */
    uint32_t generation;        /* bumped on cancel: late completions are dropped */

    /* the PRD walk */
    uint32_t prd_next;          /* address of the next entry */
    uint32_t prd_base, prd_left;/* what is left of the current entry */
    uint32_t prd_count;
    bool prd_eot;
};

void bmdma_init(BMDMAState *bm, PCIDevice *pci, IDEBus *bus);
void bmdma_reset(BMDMAState *bm);
/* addr: offset 0-7 within the channel's registers; byte accesses */
uint32_t bmdma_io_read(BMDMAState *bm, uint32_t addr);
void bmdma_io_write(BMDMAState *bm, uint32_t addr, uint8_t val);

#endif
