/*
 * What the IDE files share: one ATA channel (IDEBus) with its two drives
 * (IDEState: an ATA disk or an ATAPI CD-ROM), the register file and the
 * transfer state, and the hooks between the drive code (core.c, atapi.c)
 * and the bus-master DMA engine (bmdma.c).
 */
#ifndef HW_IDE_INTERNAL_H
#define HW_IDE_INTERNAL_H

#include "hw/irq.h"
#include "hw/pci/pci.h"
#include "sysemu/blockdev.h"

/* status register */
#define ERR_STAT        0x01
#define DRQ_STAT        0x08
#define SEEK_STAT       0x10
#define DF_STAT         0x20
#define READY_STAT      0x40
#define BUSY_STAT       0x80

/* error register */
#define ABRT_ERR        0x04
#define IDNF_ERR        0x10
#define UNC_ERR         0x40

/* device control register */
#define IDE_CTRL_NIEN   0x02
#define IDE_CTRL_SRST   0x04
#define IDE_CTRL_HOB    0x80

/* ATAPI interrupt reason (sector count register) */
#define ATAPI_INT_COD   0x01
#define ATAPI_INT_IO    0x02

#define ATAPI_SECTOR_SIZE   2048
#define IDE_MAX_MULT        16
/* PIO staging buffer: 256 disk sectors, 64 CD sectors */
#define IDE_BUF_SIZE        (256 * 512)

/* SCSI sense keys and additional sense codes used by the CD-ROM */
#define SENSE_NONE              0
#define SENSE_NOT_READY         2
#define SENSE_MEDIUM_ERROR      3
#define SENSE_ILLEGAL_REQUEST   5
#define SENSE_UNIT_ATTENTION    6
#define ASC_INV_OPCODE          0x20
#define ASC_LBA_OUT_OF_RANGE    0x21
#define ASC_INV_FIELD_IN_CDB    0x24
#define ASC_MEDIUM_MAY_HAVE_CHANGED 0x28
#define ASC_SAVING_NOT_SUPPORTED 0x39
#define ASC_MEDIUM_NOT_PRESENT  0x3a
#define ASC_REMOVAL_PREVENTED   0x53
#define ASC_READ_ERROR          0x11

typedef struct IDEBus IDEBus;
typedef struct IDEState IDEState;
typedef struct BMDMAState BMDMAState;

/* what a drive asks the DMA engine to move, and whom to tell when done */
typedef void IDEDMADoneFn(IDEState *s, int ret, uint64_t bytes_done);

typedef struct IDEDMARequest {
    bool to_device;             /* guest memory → drive (a write) */
    int64_t offset;             /* image byte offset; unused with buf */
    uint64_t bytes;
    const uint8_t *buf;         /* non-NULL: copy these bytes to memory (ATAPI replies) */
    IDEDMADoneFn *done;
} IDEDMARequest;

struct IDEState {
    IDEBus *bus;
    int unit;
    bool present;
    bool is_cdrom;
    DriveInfo *drive;
    BlockBackend *blk;

    /* disk geometry and size (sectors of 512 bytes) */
    uint64_t nb_sectors;
    uint32_t cylinders, heads, sectors;     /* the default geometry (IDENTIFY words 1-6) */
    uint32_t cur_heads, cur_sectors;        /* CHS translation (INITIALIZE DEVICE PARAMETERS) */
    char serial[21];

    /* the task file (hob_*: the previous value, for LBA48) */
    uint8_t feature, error, status, select;
    uint8_t nsector, sector, lcyl, hcyl;
    uint8_t hob_feature, hob_nsector, hob_sector, hob_lcyl, hob_hcyl;
    bool lba48;                 /* the running command uses 48-bit addressing */

    int mult_sectors;           /* SET MULTIPLE MODE; 0 = off */
    bool write_cache;
    uint8_t dma_mode;           /* SET FEATURES transfer mode, for IDENTIFY words 62/63/88 */

    /* PIO: the guest reads or writes io_buffer[data_pos, data_end) */
    uint8_t *io_buffer;
    uint32_t data_pos, data_end;
    void (*end_transfer)(IDEState *s);

    /* ATA sector transfers in progress */
    uint64_t xfer_lba;
    uint32_t xfer_left;         /* sectors not yet transferred */
    uint32_t xfer_block;        /* sectors per DRQ block */
    uint32_t buf_pos, buf_len;  /* read-ahead inside io_buffer */
    bool dma_write;             /* the DMA in progress moves guest memory to the drive */
    uint64_t dma_bytes;         /* ... and this many bytes were asked for */

    /* ATAPI */
    uint8_t sense_key, asc, ascq;
    bool tray_open, tray_locked;
    bool unit_attention;        /* a new medium: report it once */
    bool event_new_media, event_eject_request;
    uint64_t atapi_left;        /* bytes still to hand over in this command */
    uint32_t atapi_lba;         /* READ: next CD sector to stage */
    uint32_t atapi_sectors_left;
};

struct IDEBus {
    BusState qbus;              /* "ide.0", "ide.1": -device ide-hd/ide-cd plug in here */
    IDEState ifs[2];
    uint8_t unit;               /* the selected drive */
    uint8_t cmd;                /* device control register */
    qemu_irq irq;
    BMDMAState *bmdma;          /* NULL without bus-master DMA */
    uint32_t generation;        /* bumped by resets: late completions are dropped */
};

static inline IDEState *idebus_active(IDEBus *bus)
{
    return &bus->ifs[bus->unit];
}

/* core.c */
void ide_bus_init(IDEBus *bus, qemu_irq irq);
/*
 * Put a hard disk or (is_cdrom) an ATAPI CD-ROM on dinfo's image at s,
 * claiming the drive; false with *errp if it is in use or unsuitable (a
 * disk needs a writable image).
 */
bool ide_drive_attach(IDEState *s, DriveInfo *dinfo, bool is_cdrom, char **errp);
void ide_bus_reset(IDEBus *bus);
void ide_set_irq(IDEBus *bus);
/* PIO data phase over io_buffer[start, start + len): DRQ set, the caller raises the IRQ */
void ide_transfer_start(IDEState *s, uint32_t start, uint32_t len, void (*end)(IDEState *s));
void ide_transfer_stop(IDEState *s);
void ide_abort_command(IDEState *s);
void ide_set_signature(IDEState *s);
void ide_exec_cmd(IDEState *s, uint8_t cmd);    /* ata.c */
void ide_start_dma(IDEState *s, const IDEDMARequest *req);
uint32_t ide_data_readw(IDEBus *bus);
uint32_t ide_data_readl(IDEBus *bus);
void ide_data_writew(IDEBus *bus, uint32_t val);
void ide_data_writel(IDEBus *bus, uint32_t val);
uint32_t ide_ioport_read(IDEBus *bus, uint32_t reg);
void ide_ioport_write(IDEBus *bus, uint32_t reg, uint32_t val);
uint32_t ide_status_read(IDEBus *bus);  /* alternate status: no IRQ side effect */
void ide_ctrl_write(IDEBus *bus, uint32_t val);
void ide_padstr(uint8_t *dst, const char *src, int len);
/* IDENTIFY data: word number word of buf, little-endian */
void ide_put_word(uint8_t *buf, int word, uint16_t v);

/* atapi.c */
void ide_atapi_identify(IDEState *s);
void ide_atapi_packet(IDEState *s);     /* the PACKET command (0xa0) */
void ide_atapi_attach(IDEState *s);
void ide_atapi_reset(IDEState *s);

/* bmdma.c: start a transfer once the guest sets the start bit */
void bmdma_start_request(BMDMAState *bm, IDEState *s, const IDEDMARequest *req);
void bmdma_cancel(BMDMAState *bm);
void bmdma_set_interrupt(BMDMAState *bm);

#endif
