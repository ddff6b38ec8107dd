/*
 * The ATA command set of a hard disk (and the few commands an ATAPI
 * device answers outside packets): IDENTIFY, PIO reads and writes one
 * sector or one MULTIPLE block per interrupt, DMA reads and writes handed
 * to the bus master, VERIFY, FLUSH CACHE, SET FEATURES and friends.
 */
#include "qemu/osdep.h"
#include "ide-internal.h"

/* ---- addressing ---- */

static uint64_t ide_get_sector(IDEState *s)
{
    if (s->select & 0x40) {
        if (s->lba48) {
            return (uint64_t)s->hob_hcyl << 40 | (uint64_t)s->hob_lcyl << 32 |
                   (uint64_t)s->hob_sector << 24 | (uint64_t)s->hcyl << 16 |
                   (uint64_t)s->lcyl << 8 | s->sector;
        }
        return (uint64_t)(s->select & 0x0f) << 24 | (uint64_t)s->hcyl << 16 |
               (uint64_t)s->lcyl << 8 | s->sector;
    }
    /* CHS; sector numbers start at 1, so 0 means no valid address */
    if (s->sector == 0 || s->sector > s->cur_sectors || (s->select & 0x0f) >= s->cur_heads) {
        return UINT64_MAX;
    }
    return (((uint64_t)s->hcyl << 8 | s->lcyl) * s->cur_heads + (s->select & 0x0f)) *
           s->cur_sectors + s->sector - 1;
}

static void ide_set_sector(IDEState *s, uint64_t lba)
{
    if (s->select & 0x40) {
        if (s->lba48) {
            s->hob_hcyl = lba >> 40;
            s->hob_lcyl = lba >> 32;
            s->hob_sector = lba >> 24;
        } else {
            s->select = (s->select & 0xf0) | ((lba >> 24) & 0x0f);
        }
        s->hcyl = lba >> 16;
        s->lcyl = lba >> 8;
        s->sector = lba;
    } else if (s->cur_heads && s->cur_sectors) {
        uint64_t per_cyl = (uint64_t)s->cur_heads * s->cur_sectors;
        uint64_t cyl = lba / per_cyl, rest = lba % per_cyl;
        s->hcyl = cyl >> 8;
        s->lcyl = cyl;
        s->select = (s->select & 0xf0) | ((rest / s->cur_sectors) & 0x0f);
        s->sector = rest % s->cur_sectors + 1;
    }
}

static uint32_t ide_get_nsector(IDEState *s)
{
    if (s->lba48) {
        uint32_t n = (uint32_t)s->hob_nsector << 8 | s->nsector;
        return n ? n : 65536;
    }
    return s->nsector ? s->nsector : 256;
}

static void ide_error(IDEState *s, uint8_t error)
{
    ide_transfer_stop(s);
    s->status = READY_STAT | ERR_STAT;
    s->error = error;
    ide_set_irq(s->bus);
}

static void ide_command_done(IDEState *s)
{
    ide_transfer_stop(s);
    s->status = READY_STAT | SEEK_STAT;
    ide_set_irq(s->bus);
}

/* the command's sector range; false (after an IDNF error) if it leaves the disk */
static bool ide_setup_range(IDEState *s)
{
    uint64_t lba = ide_get_sector(s);
    uint32_t n = ide_get_nsector(s);

    if (lba == UINT64_MAX || lba > s->nb_sectors || n > s->nb_sectors - lba) {
        ide_error(s, IDNF_ERR);
        return false;
    }
    s->xfer_lba = lba;
    s->xfer_left = n;
    return true;
}

/* cache=writethrough, or the guest turned the write cache off */
static int ide_write_flush(IDEState *s)
{
    return s->write_cache ? 0 : blk_flush(s->blk);
}

/* ---- IDENTIFY DEVICE ---- */

static void ide_identify(IDEState *s)
{
    uint8_t *p = s->io_buffer;
    uint64_t lba28 = MIN(s->nb_sectors, 0x0fffffff);
    uint32_t cur_capacity = s->cylinders * s->cur_heads * s->cur_sectors;
    uint8_t mode = s->dma_mode;

    memset(p, 0, 512);
    ide_put_word(p, 0, 0x0040);                 /* fixed disk */
    ide_put_word(p, 1, s->cylinders);
    ide_put_word(p, 3, s->heads);
    ide_put_word(p, 4, 512 * s->sectors);       /* obsolete: bytes per track */
    ide_put_word(p, 5, 512);                    /* obsolete: bytes per sector */
    ide_put_word(p, 6, s->sectors);
    ide_padstr(p + 20, s->serial, 20);
    ide_put_word(p, 20, 3);                     /* buffer type */
    ide_put_word(p, 21, 512);                   /* buffer size in sectors */
    ide_put_word(p, 22, 4);                     /* ECC bytes */
    ide_padstr(p + 46, "2.5+", 8);
    ide_padstr(p + 54, "QEMU HARDDISK", 40);
    ide_put_word(p, 47, 0x8000 | IDE_MAX_MULT);
    ide_put_word(p, 48, 1);                     /* 32-bit PIO */
    ide_put_word(p, 49, 1 << 11 | 1 << 9 | 1 << 8);    /* IORDY, LBA, DMA */
    ide_put_word(p, 51, 0x200);
    ide_put_word(p, 52, 0x200);
    ide_put_word(p, 53, 1 | 2 | 4);             /* words 54-58, 64-70 and 88 are valid */
    ide_put_word(p, 54, s->cylinders);
    ide_put_word(p, 55, s->cur_heads);
    ide_put_word(p, 56, s->cur_sectors);
    ide_put_word(p, 57, cur_capacity);
    ide_put_word(p, 58, cur_capacity >> 16);
    if (s->mult_sectors) {
        ide_put_word(p, 59, 0x100 | s->mult_sectors);
    }
    ide_put_word(p, 60, lba28);
    ide_put_word(p, 61, lba28 >> 16);
    ide_put_word(p, 62, 0x07);                  /* single-word DMA 0-2 */
    ide_put_word(p, 63, 0x07 | ((mode >> 3) == 4 ? 1 << (8 + (mode & 7)) : 0));
    ide_put_word(p, 64, 0x03);                  /* PIO 3 and 4 */
    ide_put_word(p, 65, 120);
    ide_put_word(p, 66, 120);
    ide_put_word(p, 67, 120);
    ide_put_word(p, 68, 120);
    ide_put_word(p, 80, 0xf0);                  /* ATA-4 to ATA-7 */
    ide_put_word(p, 81, 0x16);
    ide_put_word(p, 82, 1 << 14 | 1 << 5);      /* NOP, write cache */
    ide_put_word(p, 83, 1 << 14 | 1 << 13 | 1 << 12 | 1 << 10);  /* FLUSH CACHE (EXT), LBA48 */
    ide_put_word(p, 84, 1 << 14);
    ide_put_word(p, 85, 1 << 14 | (s->write_cache ? 1 << 5 : 0));
    ide_put_word(p, 86, 1 << 13 | 1 << 12 | 1 << 10);
    ide_put_word(p, 87, 1 << 14);
    ide_put_word(p, 88, 0x3f | ((mode >> 3) == 8 ? 1 << (8 + (mode & 7)) : 0));
    ide_put_word(p, 93, 1 | 1 << 14 | 0x2000);  /* an 80-wire cable */
    ide_put_word(p, 100, s->nb_sectors);
    ide_put_word(p, 101, s->nb_sectors >> 16);
    ide_put_word(p, 102, s->nb_sectors >> 32);
    ide_put_word(p, 103, s->nb_sectors >> 48);
}

static void ide_identify_done(IDEState *s)
{
    ide_transfer_stop(s);
    s->status = READY_STAT | SEEK_STAT;
}

/* ---- PIO sector transfers ---- */

static void ide_pio_read_next(IDEState *s);

static void ide_pio_read_block_done(IDEState *s)
{
    uint32_t n = MIN(s->xfer_left, s->xfer_block);

    s->xfer_left -= n;
    s->xfer_lba += n;
    s->buf_pos += n * 512;
    ide_set_sector(s, s->xfer_lba);
    ide_pio_read_next(s);
}

/* stage up to a buffer of sectors, then offer the next block */
static void ide_pio_read_next(IDEState *s)
{
    uint32_t n;

    if (s->xfer_left == 0) {
        ide_transfer_stop(s);
        s->status = READY_STAT | SEEK_STAT;
        return;
    }
    if (s->buf_pos >= s->buf_len) {
        uint32_t stage = MIN(s->xfer_left, IDE_BUF_SIZE / 512);
        if (blk_pread(s->blk, s->xfer_lba * 512, s->io_buffer, stage * 512) < 0) {
            ide_error(s, UNC_ERR);
            return;
        }
        s->buf_pos = 0;
        s->buf_len = stage * 512;
    }
    n = MIN(s->xfer_left, s->xfer_block);
    s->status = READY_STAT | SEEK_STAT;
    ide_transfer_start(s, s->buf_pos, n * 512, ide_pio_read_block_done);
    ide_set_irq(s->bus);
}

static void ide_pio_write_block_done(IDEState *s)
{
    uint32_t n = (s->data_end) / 512;

    if (blk_pwrite(s->blk, s->xfer_lba * 512, s->io_buffer, n * 512) < 0 ||
        ide_write_flush(s) < 0) {
        ide_error(s, ABRT_ERR);
        return;
    }
    s->xfer_left -= n;
    s->xfer_lba += n;
    ide_set_sector(s, s->xfer_lba);
    if (s->xfer_left == 0) {
        ide_command_done(s);
        return;
    }
    n = MIN(s->xfer_left, s->xfer_block);
    s->status = READY_STAT | SEEK_STAT;
    ide_transfer_start(s, 0, n * 512, ide_pio_write_block_done);
    ide_set_irq(s->bus);
}

static void ide_pio_rw(IDEState *s, bool write, uint32_t block)
{
    if (!ide_setup_range(s)) {
        return;
    }
    s->xfer_block = block;
    s->buf_pos = s->buf_len = 0;
    if (!write) {
        ide_pio_read_next(s);
        return;
    }
    s->status = READY_STAT | SEEK_STAT;
    /* the first block goes without an interrupt */
    ide_transfer_start(s, 0, MIN(s->xfer_left, block) * 512, ide_pio_write_block_done);
}

/* ---- DMA ---- */

static void ide_ata_dma_done(IDEState *s, int ret, uint64_t bytes)
{
    s->xfer_lba += bytes / 512;
    ide_set_sector(s, s->xfer_lba);
    if (ret < 0) {
        ide_error(s, s->dma_write ? ABRT_ERR : UNC_ERR);
        return;
    }
    if (bytes < s->dma_bytes) {
        /* the PRD table was too short: the drive gives up without an interrupt */
        s->status = READY_STAT | SEEK_STAT;
        return;
    }
    if (s->dma_write && ide_write_flush(s) < 0) {
        ide_error(s, ABRT_ERR);
        return;
    }
    s->status = READY_STAT | SEEK_STAT;
    ide_set_irq(s->bus);
}

static void ide_dma_rw(IDEState *s, bool write)
{
    IDEDMARequest req;

    if (!ide_setup_range(s)) {
        return;
    }
    s->dma_write = write;
    s->dma_bytes = (uint64_t)s->xfer_left * 512;
    req = (IDEDMARequest) {
        .to_device = write,
        .offset = s->xfer_lba * 512,
        .bytes = s->dma_bytes,
        .done = ide_ata_dma_done,
    };
    ide_start_dma(s, &req);
}

void ide_start_dma(IDEState *s, const IDEDMARequest *req)
{
    if (!s->bus->bmdma) {
        ide_abort_command(s);
        return;
    }
    /* DRQ until the guest starts the bus master */
    s->status = READY_STAT | SEEK_STAT | DRQ_STAT;
    bmdma_start_request(s->bus->bmdma, s, req);
}

/* ---- FLUSH CACHE ---- */

typedef struct FlushRequest {
    IDEState *s;
    uint32_t generation;
} FlushRequest;

static void ide_flush_done(void *opaque, int ret)
{
    FlushRequest *req = opaque;
    IDEState *s = req->s;

    if (req->generation == s->bus->generation) {
        if (ret < 0) {
            ide_error(s, ABRT_ERR);
        } else {
            ide_command_done(s);
        }
    }
    free(req);
}

static void ide_flush_cache(IDEState *s)
{
    FlushRequest *req = qemu_malloc(sizeof(*req));

    req->s = s;
    req->generation = s->bus->generation;
    s->status = READY_STAT | SEEK_STAT | BUSY_STAT;
    blk_aio_flush(s->blk, ide_flush_done, req);
}

/* ---- the rest ---- */

static void ide_set_features(IDEState *s)
{
    switch (s->feature) {
    case 0x02:                  /* enable the write cache */
        s->write_cache = true;
        break;
    case 0x82:                  /* disable it */
        s->write_cache = false;
        if (blk_flush(s->blk) < 0) {
            ide_error(s, ABRT_ERR);
            return;
        }
        break;
    case 0x03: {                /* transfer mode */
        uint8_t type = s->nsector >> 3, mode = s->nsector & 7;
        if ((type == 0 || type == 1) && mode <= 4) {
            break;              /* PIO default or flow-control modes */
        }
        if ((type == 2 || type == 4) && mode <= 2) {
            s->dma_mode = s->nsector;
            break;
        }
        if (type == 8 && mode <= 5) {
            s->dma_mode = s->nsector;
            break;
        }
        ide_abort_command(s);
        return;
    }
    case 0xaa: case 0x55:       /* read look-ahead on/off */
    case 0xcc: case 0x66:       /* reverting to power-on defaults on/off */
    case 0x05: case 0x85:       /* advanced power management */
    case 0x42: case 0xc2:       /* acoustic management */
    case 0x31:                  /* media status notification off */
        break;
    default:
        ide_abort_command(s);
        return;
    }
    ide_command_done(s);
}

static void ide_read_native_max(IDEState *s)
{
    uint64_t max = s->nb_sectors ? s->nb_sectors - 1 : 0;

    if (!s->lba48) {
        max = MIN(max, 0x0fffffff);
    }
    s->select |= 0x40;
    ide_set_sector(s, max);
    ide_command_done(s);
}

/* commands a packet device takes outside PACKET */
static void ide_exec_atapi_cmd(IDEState *s, uint8_t cmd)
{
    switch (cmd) {
    case 0xa0:                  /* PACKET */
        ide_atapi_packet(s);
        break;
    case 0xa1:                  /* IDENTIFY PACKET DEVICE */
        ide_atapi_identify(s);
        s->status = READY_STAT | SEEK_STAT;
        ide_transfer_start(s, 0, 512, ide_identify_done);
        ide_set_irq(s->bus);
        break;
    case 0xec:                  /* IDENTIFY DEVICE: abort with the packet signature */
        ide_set_signature(s);
        ide_abort_command(s);
        break;
    case 0x08:                  /* DEVICE RESET: no interrupt */
        ide_transfer_stop(s);
        ide_set_signature(s);
        ide_atapi_reset(s);
        s->status = 0;
        s->error = 0x01;
        break;
    case 0x90:                  /* EXECUTE DEVICE DIAGNOSTIC */
        ide_set_signature(s);
        s->status = 0;
        s->error = 0x01;
        ide_set_irq(s->bus);
        break;
    case 0xef:                  /* SET FEATURES */
        ide_set_features(s);
        break;
    case 0xe5:                  /* CHECK POWER MODE: active */
        s->nsector = 0xff;
        ide_command_done(s);
        break;
    case 0xe0: case 0xe1: case 0xe2: case 0xe3: case 0xe6:  /* standby, idle, sleep */
    case 0xe7: case 0xea:       /* FLUSH CACHE (EXT): nothing is cached for writing */
        ide_command_done(s);
        break;
    default:
        ide_abort_command(s);
        break;
    }
}

void ide_exec_cmd(IDEState *s, uint8_t cmd)
{
    s->error = 0;
    s->lba48 = false;
    if (s->is_cdrom) {
        ide_exec_atapi_cmd(s, cmd);
        return;
    }
    switch (cmd) {
    case 0xec:                  /* IDENTIFY DEVICE */
        ide_identify(s);
        s->status = READY_STAT | SEEK_STAT;
        ide_transfer_start(s, 0, 512, ide_identify_done);
        ide_set_irq(s->bus);
        break;
    case 0x24:                  /* READ SECTORS EXT */
        s->lba48 = true;
        /* fall through */
    case 0x20: case 0x21:       /* READ SECTORS (with and without retries) */
        ide_pio_rw(s, false, 1);
        break;
    case 0x34:                  /* WRITE SECTORS EXT */
        s->lba48 = true;
        /* fall through */
    case 0x30: case 0x31:       /* WRITE SECTORS */
        ide_pio_rw(s, true, 1);
        break;
    case 0x29:                  /* READ MULTIPLE EXT */
    case 0x39:                  /* WRITE MULTIPLE EXT */
        s->lba48 = true;
        /* fall through */
    case 0xc4:                  /* READ MULTIPLE */
    case 0xc5:                  /* WRITE MULTIPLE */
        if (!s->mult_sectors) {
            ide_abort_command(s);
            break;
        }
        ide_pio_rw(s, cmd == 0xc5 || cmd == 0x39, s->mult_sectors);
        break;
    case 0xc6:                  /* SET MULTIPLE MODE: a power of two up to the maximum */
        if (s->nsector > IDE_MAX_MULT || (s->nsector & (s->nsector - 1))) {
            ide_abort_command(s);
            break;
        }
        s->mult_sectors = s->nsector;
        ide_command_done(s);
        break;
    case 0x25:                  /* READ DMA EXT */
        s->lba48 = true;
        /* fall through */
    case 0xc8: case 0xc9:       /* READ DMA */
        ide_dma_rw(s, false);
        break;
    case 0x35:                  /* WRITE DMA EXT */
        s->lba48 = true;
        /* fall through */
    case 0xca: case 0xcb:       /* WRITE DMA */
        ide_dma_rw(s, true);
        break;
    case 0x42:                  /* READ VERIFY SECTORS EXT */
        s->lba48 = true;
        /* fall through */
    case 0x40: case 0x41:       /* READ VERIFY SECTORS */
        if (ide_setup_range(s)) {
            ide_set_sector(s, s->xfer_lba + s->xfer_left - 1);
            s->xfer_left = 0;
            ide_command_done(s);
        }
        break;
    case 0xe7:                  /* FLUSH CACHE */
    case 0xea:                  /* FLUSH CACHE EXT */
        ide_flush_cache(s);
        break;
    case 0xef:                  /* SET FEATURES */
        ide_set_features(s);
        break;
    case 0x91:                  /* INITIALIZE DEVICE PARAMETERS: the CHS translation */
        if (s->nsector == 0) {
            ide_abort_command(s);
            break;
        }
        s->cur_heads = (s->select & 0x0f) + 1;
        s->cur_sectors = s->nsector;
        ide_command_done(s);
        break;
    case 0x27:                  /* READ NATIVE MAX ADDRESS EXT */
        s->lba48 = true;
        /* fall through */
    case 0xf8:                  /* READ NATIVE MAX ADDRESS */
        ide_read_native_max(s);
        break;
    case 0x90:                  /* EXECUTE DEVICE DIAGNOSTIC */
        ide_set_signature(s);
        s->status = READY_STAT | SEEK_STAT;
        s->error = 0x01;
        ide_set_irq(s->bus);
        break;
    case 0x10 ... 0x1f:         /* RECALIBRATE */
    case 0x70:                  /* SEEK */
    case 0xe0: case 0xe1: case 0xe2: case 0xe3: case 0xe6:  /* standby, idle, sleep */
    case 0x94: case 0x95: case 0x96: case 0x97: case 0x99:  /* their old numbers */
        ide_command_done(s);
        break;
    case 0xe5: case 0x98:       /* CHECK POWER MODE: active */
        s->nsector = 0xff;
        ide_command_done(s);
        break;
    default:                    /* NOP, PACKET, SMART, security, ...: abort */
        ide_abort_command(s);
        break;
    }
}
