/*
 * The floppy disk controller (include/hw/block/fdc.h): the command /
 * execution / result phases through the FIFO at 0x3f5 with the main
 * status register at 0x3f4, digital output (reset, drive select, DMA and
 * IRQ gate) at 0x3f2, disk change at 0x3f7. Sector data moves by ISA DMA
 * on channel 2; drives hold images of the standard PC formats.
 */
#include "qemu/osdep.h"
#include "hw/block/fdc.h"
#include "hw/dma/i8257.h"
#include "sysemu/runstate.h"

#define FDC_IRQ         6
#define FDC_DMA         2
#define FDC_SECTOR      512

/* main status register */
#define MSR_RQM         0x80
#define MSR_DIO         0x40    /* controller → host */
#define MSR_CB          0x10    /* command in progress */
/* digital output register */
#define DOR_NRESET      0x04
#define DOR_DMAEN       0x08
/* status register 0 */
#define ST0_ABNORMAL    0x40
#define ST0_INVALID     0x80
#define ST0_SEEK_END    0x20
#define ST0_NOT_READY   0x08
#define ST1_END_OF_CYL  0x80
#define ST1_NO_DATA     0x04
#define ST1_NOT_WRITABLE 0x02
#define ST1_NO_ADDR_MARK 0x01

typedef struct FloppyFormat {
    uint8_t sectors, tracks, heads;
    uint8_t cmos_type;
} FloppyFormat;

static const FloppyFormat floppy_formats[] = {
    { 18, 80, 2, 4 },   /* 1.44M */
    { 36, 80, 2, 5 },   /* 2.88M */
    { 15, 80, 2, 2 },   /* 1.2M */
    { 9, 80, 2, 3 },    /* 720K */
    { 9, 40, 2, 1 },    /* 360K */
    { 21, 80, 2, 4 },   /* 1.68M DMF in a 1.44M drive */
    { 21, 82, 2, 4 },   /* 1.72M */
    { 8, 40, 2, 1 },    /* 320K */
    { 9, 40, 1, 1 },    /* 180K */
    { 8, 40, 1, 1 },    /* 160K */
};

typedef struct FDrive {
    FDCtrl *fdc;
    DriveInfo *drive;
    const FloppyFormat *fmt;    /* NULL: no medium */
    uint8_t track;
    bool media_changed;
} FDrive;

typedef enum FDCPhase { PHASE_COMMAND, PHASE_EXECUTION, PHASE_RESULT } FDCPhase;

struct FDCtrl {
    FDrive drives[2];
    qemu_irq irq;
    MemoryRegion io_lo, io_dir;
    uint8_t dor, tdr, msr;
    FDCPhase phase;
    uint8_t fifo[16];
    int fifo_pos, fifo_len;
    uint8_t status0;            /* for SENSE INTERRUPT STATUS */
    bool irq_pending;
    int reset_sense;            /* SENSE INTERRUPTs owed after a reset */
    uint8_t specify[2], config, precomp;
    bool lock;
    /* the READ/WRITE DATA or FORMAT TRACK in progress */
    bool xfer_write;
    bool xfer_format;
    uint8_t format_left, format_filler;
    int xfer_drive;
    uint8_t cyl, head, sect, eot;
    bool multi_track;
    uint8_t sector_buf[FDC_SECTOR];
};

static bool fdrive_has_medium(FDrive *d)
{
    return d->drive && d->fmt && blk_is_inserted(d->drive->blk);
}

/* the format of the image in drive d (NULL, and *errp, if no standard size matches) */
static bool fdrive_guess_format(FDrive *d, char **errp)
{
    int64_t len;

    d->fmt = NULL;
    if (!d->drive || !blk_is_inserted(d->drive->blk)) {
        return true;
    }
    len = blk_getlength(d->drive->blk);
    for (size_t i = 0; i < ARRAY_SIZE(floppy_formats); i++) {
        const FloppyFormat *f = &floppy_formats[i];
        if (len == (int64_t)f->sectors * f->tracks * f->heads * FDC_SECTOR) {
            d->fmt = f;
            return true;
        }
    }
    error_setg(errp, "floppy image '%s' has a size (%lld bytes) that is no known floppy format "
               "(160K..2.88M)", blk_filename(d->drive->blk), (long long)len);
    return false;
}

/* ---- interrupts and phases ---- */

static void fdc_raise_irq(FDCtrl *f, uint8_t status0)
{
    f->status0 = status0;
    f->irq_pending = true;
    if (f->dor & DOR_DMAEN) {
        qemu_irq_raise(f->irq);
    }
}

static void fdc_lower_irq(FDCtrl *f)
{
    f->irq_pending = false;
    qemu_irq_lower(f->irq);
}

static void fdc_to_command_phase(FDCtrl *f)
{
    f->phase = PHASE_COMMAND;
    f->fifo_pos = f->fifo_len = 0;
    f->msr = MSR_RQM;
}

static void fdc_result(FDCtrl *f, const uint8_t *bytes, int n)
{
    memcpy(f->fifo, bytes, n);
    f->fifo_pos = 0;
    f->fifo_len = n;
    f->phase = PHASE_RESULT;
    f->msr = MSR_RQM | MSR_DIO | MSR_CB;
}

static void fdc_reset(FDCtrl *f, bool with_irq)
{
    i8257_release_dreq(FDC_DMA);
    fdc_lower_irq(f);
    fdc_to_command_phase(f);
    f->reset_sense = 0;
    if (with_irq) {
        /* the controller reports one ready change per drive */
        f->reset_sense = 4;
        fdc_raise_irq(f, 0xc0);
    }
}

/* ---- READ DATA / WRITE DATA ---- */

static void fdc_end_transfer(FDCtrl *f, uint8_t st0, uint8_t st1, uint8_t st2)
{
    uint8_t res[7] = { st0 | f->head << 2 | f->xfer_drive, st1, st2,
                       f->cyl, f->head, f->sect, 2 };

    i8257_release_dreq(FDC_DMA);
    fdc_result(f, res, 7);
    fdc_raise_irq(f, res[0]);
}

/* the sector after the current one; false past the end of the track (or cylinder with MT) */
static bool fdc_next_sector(FDCtrl *f, FDrive *d)
{
    if (f->sect < f->eot && f->sect < d->fmt->sectors) {
        f->sect++;
        return true;
    }
    f->sect = 1;
    if (f->multi_track && f->head == 0 && d->fmt->heads > 1) {
        f->head = 1;
        return true;
    }
    f->head = 0;
    f->cyl++;
    return false;
}

/* FORMAT TRACK: the host hands over C, H, R, N per sector; each is filled */
static int fdc_format_sectors(FDCtrl *f, FDrive *d, int nchan, int pos, int size)
{
    while (f->format_left && pos + 4 <= size) {
        const FloppyFormat *fmt = d->fmt;
        uint8_t id[4];
        int64_t lba;

        i8257_dma_read_memory(nchan, id, pos, 4);
        pos += 4;
        f->format_left--;
        f->cyl = id[0];
        f->head = id[1];
        f->sect = id[2];
        if (!fdrive_has_medium(d) || id[0] >= fmt->tracks || id[1] >= fmt->heads ||
            id[2] == 0 || id[2] > fmt->sectors || id[3] != 2) {
            fdc_end_transfer(f, ST0_ABNORMAL, ST1_NO_DATA, 0);
            return pos;
        }
        lba = ((int64_t)id[0] * fmt->heads + id[1]) * fmt->sectors + id[2] - 1;
        memset(f->sector_buf, f->format_filler, FDC_SECTOR);
        if (blk_pwrite(d->drive->blk, lba * FDC_SECTOR, f->sector_buf, FDC_SECTOR) < 0) {
            fdc_end_transfer(f, ST0_ABNORMAL, ST1_NOT_WRITABLE, 0);
            return pos;
        }
    }
    if (!f->format_left) {
        fdc_end_transfer(f, 0, 0, 0);
    }
    return pos;
}

static int fdc_dma_handler(void *opaque, int nchan, int pos, int size)
{
    FDCtrl *f = opaque;
    FDrive *d = &f->drives[f->xfer_drive];

    if (f->phase != PHASE_EXECUTION) {
        return pos;
    }
    if (f->xfer_format) {
        return fdc_format_sectors(f, d, nchan, pos, size);
    }
    while (pos < size) {
        const FloppyFormat *fmt = d->fmt;
        int64_t lba;
        int n;

        /* the medium may have gone while the channel was masked */
        if (!fdrive_has_medium(d)) {
            fdc_end_transfer(f, ST0_ABNORMAL | ST0_NOT_READY, 0, 0);
            return pos;
        }
        lba = ((int64_t)f->cyl * fmt->heads + f->head) * fmt->sectors + f->sect - 1;
        if (f->cyl >= fmt->tracks || f->head >= fmt->heads || f->sect > fmt->sectors ||
            f->sect == 0) {
            fdc_end_transfer(f, ST0_ABNORMAL, ST1_NO_DATA, 0);
            return pos;
        }
        if (f->xfer_write) {
            n = i8257_dma_read_memory(nchan, f->sector_buf, pos, FDC_SECTOR);
            if (n < FDC_SECTOR) {
                memset(f->sector_buf + n, 0, FDC_SECTOR - n);
            }
            if (blk_pwrite(d->drive->blk, lba * FDC_SECTOR, f->sector_buf, FDC_SECTOR) < 0) {
                fdc_end_transfer(f, ST0_ABNORMAL, ST1_NOT_WRITABLE, 0);
                return pos;
            }
        } else {
            if (blk_pread(d->drive->blk, lba * FDC_SECTOR, f->sector_buf, FDC_SECTOR) < 0) {
                fdc_end_transfer(f, ST0_ABNORMAL, ST1_NO_DATA, 0);
                return pos;
            }
            n = i8257_dma_write_memory(nchan, f->sector_buf, pos, FDC_SECTOR);
        }
        pos += MAX(n, 1);
        if (!fdc_next_sector(f, d) && pos < size) {
            /* the track ended before the DMA count did */
            fdc_end_transfer(f, ST0_ABNORMAL, ST1_END_OF_CYL, 0);
            return pos;
        }
    }
    fdc_end_transfer(f, 0, 0, 0);
    return pos;
}

static void fdc_start_transfer(FDCtrl *f, const uint8_t *cmd, bool write)
{
    FDrive *d;

    f->xfer_drive = cmd[1] & 1;
    f->xfer_write = write;
    f->xfer_format = false;
    f->multi_track = cmd[0] & 0x80;
    f->head = (cmd[1] >> 2) & 1;
    f->cyl = cmd[2];
    f->sect = cmd[4];
    f->eot = cmd[6];
    d = &f->drives[f->xfer_drive];
    if ((cmd[1] & 3) > 1 || !fdrive_has_medium(d)) {
        fdc_end_transfer(f, ST0_ABNORMAL | ST0_NOT_READY, ST1_NO_ADDR_MARK, 0);
        return;
    }
    if (cmd[5] != 2) {          /* only 512-byte sectors exist on these media */
        fdc_end_transfer(f, ST0_ABNORMAL, ST1_NO_DATA, 0);
        return;
    }
    if (write && blk_is_read_only(d->drive->blk)) {
        fdc_end_transfer(f, ST0_ABNORMAL, ST1_NOT_WRITABLE, 0);
        return;
    }
    d->track = f->cyl;
    f->phase = PHASE_EXECUTION;
    f->msr = MSR_CB;
    i8257_hold_dreq(FDC_DMA);
}

static void fdc_start_format(FDCtrl *f, const uint8_t *cmd)
{
    FDrive *d = &f->drives[cmd[1] & 1];

    f->xfer_drive = cmd[1] & 1;
    f->head = (cmd[1] >> 2) & 1;
    f->cyl = d->track;
    f->sect = 1;
    if ((cmd[1] & 3) > 1 || !fdrive_has_medium(d)) {
        fdc_end_transfer(f, ST0_ABNORMAL | ST0_NOT_READY, ST1_NO_ADDR_MARK, 0);
        return;
    }
    if (blk_is_read_only(d->drive->blk)) {
        fdc_end_transfer(f, ST0_ABNORMAL, ST1_NOT_WRITABLE, 0);
        return;
    }
    f->xfer_format = true;
    f->format_left = cmd[3];
    f->format_filler = cmd[5];
    f->phase = PHASE_EXECUTION;
    f->msr = MSR_CB;
    i8257_hold_dreq(FDC_DMA);
}

/* ---- the other commands ---- */

static void fdc_seek(FDCtrl *f, int drive, uint8_t track)
{
    FDrive *d = &f->drives[drive & 1];

    d->track = track;
    /* a seek with a disk in the drive clears the disk change line */
    if (fdrive_has_medium(d)) {
        d->media_changed = false;
    }
    fdc_to_command_phase(f);
    fdc_raise_irq(f, ST0_SEEK_END | (drive & 3));
}

static void fdc_sense_interrupt(FDCtrl *f)
{
    uint8_t res[2];

    if (f->reset_sense > 0) {
        int drive = 4 - f->reset_sense--;
        res[0] = 0xc0 | drive;
        res[1] = drive < 2 ? f->drives[drive].track : 0;
    } else if (f->irq_pending) {
        res[0] = f->status0;
        res[1] = f->drives[f->status0 & 1].track;
    } else {
        res[0] = ST0_INVALID;
        fdc_lower_irq(f);
        fdc_result(f, res, 1);
        return;
    }
    fdc_lower_irq(f);
    fdc_result(f, res, 2);
}

static void fdc_sense_drive(FDCtrl *f, const uint8_t *cmd)
{
    FDrive *d = &f->drives[cmd[1] & 1];
    uint8_t st3 = (cmd[1] & 7) | 0x20;     /* head, drive, ready */

    if (d->track == 0) {
        st3 |= 0x10;
    }
    if (d->fmt && d->fmt->heads > 1) {
        st3 |= 0x08;
    }
    if (d->drive && blk_is_read_only(d->drive->blk)) {
        st3 |= 0x40;
    }
    fdc_result(f, &st3, 1);
}

static void fdc_read_id(FDCtrl *f, const uint8_t *cmd)
{
    FDrive *d = &f->drives[cmd[1] & 1];
    uint8_t head = (cmd[1] >> 2) & 1;

    f->xfer_drive = cmd[1] & 1;
    f->head = head;
    f->cyl = d->track;
    f->sect = 1;
    if (!fdrive_has_medium(d)) {
        fdc_end_transfer(f, ST0_ABNORMAL | ST0_NOT_READY, ST1_NO_ADDR_MARK, 0);
        return;
    }
    fdc_end_transfer(f, 0, 0, 0);
}

static void fdc_dumpreg(FDCtrl *f)
{
    uint8_t res[10] = {
        f->drives[0].track, f->drives[1].track, 0, 0,
        f->specify[0], f->specify[1],
        f->drives[0].fmt ? f->drives[0].fmt->sectors : 18,
        (uint8_t)(f->lock << 7), f->config, f->precomp,
    };
    fdc_result(f, res, 10);
}

/* bytes in each command, by its low five bits (0: invalid) */
static const uint8_t command_length[32] = {
    [0x02] = 9, [0x03] = 3, [0x04] = 2, [0x05] = 9, [0x06] = 9, [0x07] = 2, [0x08] = 1,
    [0x09] = 9, [0x0a] = 2, [0x0c] = 9, [0x0d] = 6, [0x0e] = 1, [0x0f] = 3, [0x10] = 1,
    [0x12] = 2, [0x13] = 4, [0x14] = 1, [0x16] = 9, [0x18] = 1,
};

static void fdc_execute(FDCtrl *f)
{
    const uint8_t *cmd = f->fifo;
    uint8_t res;

    switch (cmd[0] & 0x1f) {
    case 0x06:                  /* READ DATA */
        fdc_start_transfer(f, cmd, false);
        break;
    case 0x05:                  /* WRITE DATA */
        fdc_start_transfer(f, cmd, true);
        break;
    case 0x16:                  /* VERIFY: the sectors are there */
        f->xfer_drive = cmd[1] & 1;
        f->head = (cmd[1] >> 2) & 1;
        f->cyl = cmd[2];
        f->sect = cmd[4];
        fdc_end_transfer(f, fdrive_has_medium(&f->drives[cmd[1] & 1]) ? 0 :
                         ST0_ABNORMAL | ST0_NOT_READY, 0, 0);
        break;
    case 0x03:                  /* SPECIFY */
        f->specify[0] = cmd[1];
        f->specify[1] = cmd[2];
        fdc_to_command_phase(f);
        break;
    case 0x04:                  /* SENSE DRIVE STATUS */
        fdc_sense_drive(f, cmd);
        break;
    case 0x07:                  /* RECALIBRATE */
        fdc_seek(f, cmd[1], 0);
        break;
    case 0x0f:                  /* SEEK */
        fdc_seek(f, cmd[1], cmd[2]);
        break;
    case 0x08:                  /* SENSE INTERRUPT STATUS */
        fdc_sense_interrupt(f);
        break;
    case 0x0a:                  /* READ ID */
        fdc_read_id(f, cmd);
        break;
    case 0x0d:                  /* FORMAT TRACK */
        fdc_start_format(f, cmd);
        break;
    case 0x0e:                  /* DUMPREG */
        fdc_dumpreg(f);
        break;
    case 0x10:                  /* VERSION: an enhanced controller */
        res = 0x90;
        fdc_result(f, &res, 1);
        break;
    case 0x12:                  /* PERPENDICULAR MODE */
        fdc_to_command_phase(f);
        break;
    case 0x13:                  /* CONFIGURE */
        f->config = cmd[2];
        f->precomp = cmd[3];
        fdc_to_command_phase(f);
        break;
    case 0x14:                  /* LOCK / UNLOCK */
        f->lock = cmd[0] & 0x80;
        res = f->lock << 4;
        fdc_result(f, &res, 1);
        break;
    case 0x18:                  /* PART ID: 82078 */
        res = 0x41;
        fdc_result(f, &res, 1);
        break;
    default:                    /* READ TRACK, deleted data, SCAN: not supported */
        res = ST0_INVALID;
        fdc_result(f, &res, 1);
        break;
    }
}

static void fdc_fifo_write(FDCtrl *f, uint8_t val)
{
    int len;

    if (f->phase != PHASE_COMMAND || f->fifo_pos >= (int)sizeof(f->fifo)) {
        return;
    }
    f->fifo[f->fifo_pos++] = val;
    len = command_length[f->fifo[0] & 0x1f];
    if (len == 0) {
        uint8_t res = ST0_INVALID;
        fdc_result(f, &res, 1);
        return;
    }
    f->msr = MSR_RQM | MSR_CB;
    if (f->fifo_pos == len) {
        fdc_execute(f);
    }
}

static uint8_t fdc_fifo_read(FDCtrl *f)
{
    uint8_t val;

    if (f->phase != PHASE_RESULT || f->fifo_pos >= f->fifo_len) {
        return 0;
    }
    val = f->fifo[f->fifo_pos++];
    if (f->fifo_pos == 1) {
        /* reading the result acknowledges the interrupt of a transfer */
        fdc_lower_irq(f);
    }
    if (f->fifo_pos == f->fifo_len) {
        fdc_to_command_phase(f);
    }
    return val;
}

/* ---- ports ---- */

static uint64_t fdc_io_read(void *opaque, hwaddr addr, unsigned size)
{
    FDCtrl *f = opaque;

    switch (addr) {
    case 0:                     /* status A: interrupt pending */
        return f->irq_pending ? 0x80 : 0;
    case 1:                     /* status B */
        return 0xc0;
    case 2:
        return f->dor;
    case 3:
        return f->tdr;
    case 4:
        return f->msr;
    case 5:
        return fdc_fifo_read(f);
    }
    return 0xff;
}

static void fdc_io_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    FDCtrl *f = opaque;

    switch (addr) {
    case 2: {                   /* DOR */
        uint8_t old = f->dor;
        f->dor = val;
        if (!(val & DOR_NRESET)) {
            fdc_reset(f, false);
        } else if (!(old & DOR_NRESET)) {
            fdc_reset(f, true);
        } else if ((val & DOR_DMAEN) && f->irq_pending) {
            qemu_irq_raise(f->irq);
        }
        break;
    }
    case 3:
        f->tdr = val & 3;
        break;
    case 4:                     /* data rate select: bit 7 resets */
        if (val & 0x80) {
            fdc_reset(f, true);
        }
        break;
    case 5:
        fdc_fifo_write(f, val);
        break;
    }
}

static const MemoryRegionOps fdc_io_ops = {
    .read = fdc_io_read,
    .write = fdc_io_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .min_access_size = 1,
    .max_access_size = 1,
};

/* 0x3f7: digital input (disk change of the selected drive) / configuration control */
static uint64_t fdc_dir_read(void *opaque, hwaddr addr, unsigned size)
{
    FDCtrl *f = opaque;
    return f->drives[f->dor & 1].media_changed ? 0x80 : 0;
}

static void fdc_dir_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    /* the data rate: every rate reads these images alike */
}

static const MemoryRegionOps fdc_dir_ops = {
    .read = fdc_dir_read,
    .write = fdc_dir_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .min_access_size = 1,
    .max_access_size = 1,
};

static void fdc_system_reset(void *opaque)
{
    FDCtrl *f = opaque;

    f->dor = DOR_NRESET | DOR_DMAEN;
    f->tdr = 0;
    f->lock = false;
    f->config = 0;
    f->precomp = 0;
    for (int i = 0; i < 2; i++) {
        f->drives[i].track = 0;
    }
    fdc_reset(f, false);
}

/* ---- media changes from the monitor ---- */

static void fdrive_change_media(void *opaque, bool load)
{
    FDrive *d = opaque;
    char *err = NULL;

    if (!fdrive_guess_format(d, &err)) {
        error_report("%s", err);
        free(err);
    }
    d->media_changed = true;
}

static const BlockDevOps fdrive_dev_ops = {
    .change_media_cb = fdrive_change_media,
};

FDCtrl *fdc_init(ISABus *isa, DriveInfo *drives[2], char **errp)
{
    FDCtrl *f = qemu_mallocz(sizeof(*f));

    for (int i = 0; i < 2; i++) {
        FDrive *d = &f->drives[i];
        d->fdc = f;
        if (!drives[i]) {
            continue;
        }
        if (!drive_claim(drives[i], "floppy", errp)) {
            free(f);
            return NULL;
        }
        d->drive = drives[i];
        d->media_changed = true;
        if (!fdrive_guess_format(d, errp)) {
            free(f);
            return NULL;
        }
        drive_set_dev_ops(drives[i], &fdrive_dev_ops, d);
    }
    f->irq = isa_get_irq(isa, FDC_IRQ);
    memory_region_init_io(&f->io_lo, &fdc_io_ops, f, "fdc", 6);
    isa_register_ioport(isa, &f->io_lo, 0x3f0);
    memory_region_init_io(&f->io_dir, &fdc_dir_ops, f, "fdc-dir", 1);
    isa_register_ioport(isa, &f->io_dir, 0x3f7);
    i8257_register_channel(FDC_DMA, fdc_dma_handler, f);
    qemu_register_reset(fdc_system_reset, f);
    fdc_system_reset(f);
    return f;
}

int fdc_cmos_type(FDCtrl *f, int i)
{
    FDrive *d = &f->drives[i & 1];

    if (!d->drive) {
        return 0;
    }
    /* an empty drive is a 1.44M one, as QEMU's default */
    return d->fmt ? d->fmt->cmos_type : 4;
}
