/*
 * Bus-master IDE DMA (the SFF-8038i registers of the PIIX, 8 bytes per
 * channel): command (start, direction), status (active, error, interrupt)
 * and the physical region descriptor table. A drive's DMA request waits
 * here until the guest sets the start bit; then the PRD table is walked,
 * with every entry and the table's length bounded, and the guest RAM it
 * names is handed to the block layer as an iovec (zero copy); memory that
 * is not RAM goes through a bounce buffer.
 */
#include "qemu/osdep.h"
#include "bmdma.h"

#define BM_CMD_START        0x01
#define BM_CMD_READ         0x08    /* "read" from the bus master's view: into memory */
#define BM_STATUS_ACTIVE    0x01
#define BM_STATUS_ERROR     0x02
#define BM_STATUS_INT       0x04
#define BM_STATUS_CAPABLE   0x60    /* drive 0/1 DMA capable: set by the BIOS */

#define BMDMA_MAX_PRDS      8192    /* a table may not cross a 64 KiB boundary */
#define BMDMA_MAX_IOV       256
#define BMDMA_MAX_PRD_BYTES 0x10000

typedef struct BMDMAAio {
    BMDMAState *bm;
    uint32_t generation;
    bool to_memory;
    uint64_t bytes;
    int niov;
    uint64_t addr[BMDMA_MAX_IOV];
    struct iovec iov[BMDMA_MAX_IOV];
} BMDMAAio;

static void bmdma_run(BMDMAState *bm);

void bmdma_init(BMDMAState *bm, PCIDevice *pci, IDEBus *bus)
{
    bm->pci = pci;
    bus->bmdma = bm;
}

void bmdma_set_interrupt(BMDMAState *bm)
{
    bm->status |= BM_STATUS_INT;
}

/* forget the transfer in progress; an I/O still running completes into the void */
void bmdma_cancel(BMDMAState *bm)
{
    bm->generation++;
    bm->inflight = false;
    bm->drive = NULL;
    bm->status &= ~BM_STATUS_ACTIVE;
}

void bmdma_reset(BMDMAState *bm)
{
    bmdma_cancel(bm);
    bm->cmd = 0;
    bm->status = 0;
    bm->addr = 0;
}

static void bmdma_walk_start(BMDMAState *bm)
{
    bm->prd_next = bm->addr;
    bm->prd_left = 0;
    bm->prd_count = 0;
    bm->prd_eot = false;
}

void bmdma_start_request(BMDMAState *bm, IDEState *s, const IDEDMARequest *req)
{
    bm->drive = s;
    bm->req = *req;
    bm->done = 0;
    bm->inflight = false;
    if (bm->cmd & BM_CMD_START) {
        bmdma_walk_start(bm);
        bmdma_run(bm);
    }
}

/* the next PRD entry into prd_base/prd_left; false when the table has ended */
static bool bmdma_next_prd(BMDMAState *bm, bool *bad)
{
    uint8_t prd[8];
    uint32_t count;

    if (bm->prd_eot || bm->prd_count >= BMDMA_MAX_PRDS) {
        return false;
    }
    if (pci_dma_read(bm->pci, bm->prd_next, prd, sizeof(prd)) != MEMTX_OK) {
        *bad = true;
        return false;
    }
    bm->prd_next += sizeof(prd);
    bm->prd_count++;
    bm->prd_base = (prd[0] | prd[1] << 8 | prd[2] << 16 | (uint32_t)prd[3] << 24) & ~1u;
    count = (prd[4] | prd[5] << 8) & ~1u;
    bm->prd_left = count ? count : BMDMA_MAX_PRD_BYTES;
    bm->prd_eot = prd[7] & 0x80;
    return true;
}

static void bmdma_finish(BMDMAState *bm, int ret)
{
    IDEState *s = bm->drive;
    IDEDMADoneFn *done = bm->req.done;
    bool short_prd = ret == 0 && bm->done < bm->req.bytes;

    bm->drive = NULL;
    if (ret < 0) {
        bm->status |= BM_STATUS_ERROR;
    }
    /* the engine stays active when the table held more than the drive moved */
    if (ret < 0 || short_prd || (bm->prd_eot && bm->prd_left == 0)) {
        bm->status &= ~BM_STATUS_ACTIVE;
    }
    done(s, ret, bm->done);
}

static void bmdma_aio_done(void *opaque, int ret)
{
    BMDMAAio *a = opaque;
    BMDMAState *bm = a->bm;

    for (int i = 0; i < a->niov; i++) {
        pci_dma_unmap(bm->pci, a->addr[i], a->iov[i].iov_len, a->to_memory);
    }
    if (a->generation != bm->generation) {
        free(a);
        return;
    }
    bm->inflight = false;
    if (ret < 0) {
        free(a);
        bmdma_finish(bm, ret);
        return;
    }
    bm->done += a->bytes;
    free(a);
    /* a completion inside the submitting call returns to bmdma_run's loop */
    if (!bm->submitting) {
        bmdma_run(bm);
    }
}

/* one piece of memory that is not RAM (or an ATAPI reply): copied, synchronously */
static int bmdma_copy_piece(BMDMAState *bm, uint32_t addr, uint32_t len)
{
    const IDEDMARequest *req = &bm->req;
    int64_t offset = req->offset + bm->done;
    uint8_t *tmp;
    int ret = 0;

    if (req->buf) {
        return pci_dma_write(bm->pci, addr, req->buf + bm->done, len) == MEMTX_OK ? 0 : -EIO;
    }
    tmp = qemu_malloc(len);
    if (req->to_device) {
        if (pci_dma_read(bm->pci, addr, tmp, len) != MEMTX_OK) {
            ret = -EIO;
        } else {
            ret = blk_pwrite(bm->drive->blk, offset, tmp, len);
        }
    } else {
        ret = blk_pread(bm->drive->blk, offset, tmp, len);
        if (ret >= 0 && pci_dma_write(bm->pci, addr, tmp, len) != MEMTX_OK) {
            ret = -EIO;
        }
    }
    free(tmp);
    return ret < 0 ? ret : 0;
}

/* gather up to BMDMA_MAX_IOV pieces of RAM; stops at memory that is not RAM */
static void bmdma_gather(BMDMAState *bm, BMDMAAio *a, uint64_t want)
{
    while (a->niov < BMDMA_MAX_IOV && a->bytes < want && bm->prd_left) {
        uint64_t len = MIN(bm->prd_left, want - a->bytes);
        void *p = pci_dma_map(bm->pci, bm->prd_base, &len, a->to_memory);

        if (!p) {
            return;
        }
        a->addr[a->niov] = bm->prd_base;
        a->iov[a->niov].iov_base = p;
        a->iov[a->niov].iov_len = len;
        a->niov++;
        a->bytes += len;
        bm->prd_base += len;
        bm->prd_left -= len;
        if (!bm->prd_left) {
            bool bad = false;
            if (!bmdma_next_prd(bm, &bad)) {
                return;
            }
        }
    }
}

static void bmdma_run(BMDMAState *bm)
{
    while (bm->drive && (bm->status & BM_STATUS_ACTIVE) && !bm->inflight) {
        const IDEDMARequest *req = &bm->req;
        uint64_t want = req->bytes - bm->done;
        BMDMAAio *a;

        if (want == 0) {
            bmdma_finish(bm, 0);
            return;
        }
        if (!bm->prd_left) {
            bool bad = false;
            if (!bmdma_next_prd(bm, &bad)) {
                bmdma_finish(bm, bad ? -EIO : 0);
                return;
            }
        }
        a = req->buf ? NULL : qemu_mallocz(sizeof(*a));
        if (a) {
            a->bm = bm;
            a->generation = bm->generation;
            a->to_memory = !req->to_device;
            bmdma_gather(bm, a, want);
        }
        if (!a || a->niov == 0) {
            /* not RAM, or a reply from the drive's buffer */
            uint32_t len = MIN(bm->prd_left, want);
            int ret = bmdma_copy_piece(bm, bm->prd_base, len);
            free(a);
            if (ret < 0) {
                bmdma_finish(bm, ret);
                return;
            }
            bm->prd_base += len;
            bm->prd_left -= len;
            bm->done += len;
            continue;
        }
        bm->inflight = true;
        bm->submitting = true;
        if (req->to_device) {
            blk_aio_pwritev(bm->drive->blk, req->offset + bm->done, a->iov, a->niov,
                            bmdma_aio_done, a);
        } else {
            blk_aio_preadv(bm->drive->blk, req->offset + bm->done, a->iov, a->niov,
                           bmdma_aio_done, a);
        }
        bm->submitting = false;
    }
}

/* ---- registers ---- */

static void bmdma_cmd_write(BMDMAState *bm, uint8_t val)
{
    bool was_started = bm->cmd & BM_CMD_START;

    bm->cmd = val & (BM_CMD_START | BM_CMD_READ);
    if (!(val & BM_CMD_START)) {
        /* stopping in the middle of a transfer abandons it */
        if (bm->drive && (bm->status & BM_STATUS_ACTIVE)) {
            bmdma_cancel(bm);
        }
        bm->status &= ~BM_STATUS_ACTIVE;
    } else if (!was_started) {
        bm->status |= BM_STATUS_ACTIVE;
        bmdma_walk_start(bm);
        bmdma_run(bm);
    }
}

uint32_t bmdma_io_read(BMDMAState *bm, uint32_t addr)
{
    switch (addr) {
    case 0:
        return bm->cmd;
    case 2:
        return bm->status;
    case 4: case 5: case 6: case 7:
        return (bm->addr >> ((addr - 4) * 8)) & 0xff;
    }
    return 0;
}

void bmdma_io_write(BMDMAState *bm, uint32_t addr, uint8_t val)
{
    switch (addr) {
    case 0:
        bmdma_cmd_write(bm, val);
        break;
    case 2:
        /* the capable bits are plain storage; a one clears interrupt or error */
        bm->status = ((bm->status & ~BM_STATUS_CAPABLE) | (val & BM_STATUS_CAPABLE)) &
                     ~(val & (BM_STATUS_INT | BM_STATUS_ERROR));
        break;
    case 4: case 5: case 6: case 7: {
        int shift = (addr - 4) * 8;
        bm->addr = ((bm->addr & ~(0xffu << shift)) | (uint32_t)val << shift) & ~3u;
        break;
    }
    }
}
