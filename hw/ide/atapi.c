/*
 * The ATAPI CD-ROM: IDENTIFY PACKET DEVICE, the PACKET protocol (a
 * 12-byte command, then data handed over in pieces no larger than the
 * guest's byte count limit, by PIO or through the bus master) and the
 * MMC commands a BIOS and Linux's sr driver use, with the tray, its lock
 * and media change reported as SCSI sense and events.
 */
#include "qemu/osdep.h"
#include "ide-internal.h"

#define CD_MAX_SECTORS  (80 * 60 * 75)     /* a larger image is a DVD */

static uint16_t be16(const uint8_t *p) { return p[0] << 8 | p[1]; }
static uint32_t be32(const uint8_t *p) { return (uint32_t)be16(p) << 16 | be16(p + 2); }
static void put_be16(uint8_t *p, uint16_t v) { p[0] = v >> 8; p[1] = v; }
static void put_be32(uint8_t *p, uint32_t v) { put_be16(p, v >> 16); put_be16(p + 2, v); }

static bool atapi_has_medium(IDEState *s)
{
    return !s->tray_open && blk_is_inserted(s->blk);
}

/* capacity in 2048-byte sectors */
static uint32_t atapi_sectors(IDEState *s)
{
    int64_t len = atapi_has_medium(s) ? blk_getlength(s->blk) : 0;

    return len > 0 ? MIN((uint64_t)len / ATAPI_SECTOR_SIZE, UINT32_MAX) : 0;
}

void ide_atapi_identify(IDEState *s)
{
    uint8_t *p = s->io_buffer;
    uint8_t mode = s->dma_mode;

    memset(p, 0, 512);
    /* ATAPI, CD-ROM, removable, DRQ within 50 us of PACKET, 12-byte packets */
    ide_put_word(p, 0, 2 << 14 | 5 << 8 | 1 << 7 | 2 << 5);
    ide_padstr(p + 20, s->serial, 20);
    ide_put_word(p, 20, 3);
    ide_put_word(p, 21, 512);
    ide_put_word(p, 22, 4);
    ide_padstr(p + 46, "2.5+", 8);
    ide_padstr(p + 54, "QEMU DVD-ROM", 40);
    ide_put_word(p, 48, 1);
    ide_put_word(p, 49, 1 << 11 | 1 << 9 | 1 << 8);   /* IORDY, LBA, DMA */
    ide_put_word(p, 53, 7);
    ide_put_word(p, 62, 7);
    ide_put_word(p, 63, 7 | ((mode >> 3) == 4 ? 1 << (8 + (mode & 7)) : 0));
    ide_put_word(p, 64, 3);
    ide_put_word(p, 65, 0xb4);
    ide_put_word(p, 66, 0xb4);
    ide_put_word(p, 67, 0x12c);
    ide_put_word(p, 68, 0xb4);
    ide_put_word(p, 71, 30);
    ide_put_word(p, 72, 30);
    ide_put_word(p, 80, 0x1e);                        /* ATA/ATAPI-1 to 4 */
    ide_put_word(p, 88, 0x3f | ((mode >> 3) == 8 ? 1 << (8 + (mode & 7)) : 0));
}

/* ---- command completion ---- */

static void atapi_cmd_ok(IDEState *s)
{
    ide_transfer_stop(s);
    s->error = 0;
    s->status = READY_STAT | SEEK_STAT;
    s->nsector = ATAPI_INT_IO | ATAPI_INT_COD;
    ide_set_irq(s->bus);
}

static void atapi_cmd_error(IDEState *s, uint8_t sense_key, uint8_t asc)
{
    ide_transfer_stop(s);
    s->error = sense_key << 4;
    s->status = READY_STAT | ERR_STAT;
    s->nsector = ATAPI_INT_IO | ATAPI_INT_COD;
    s->sense_key = sense_key;
    s->asc = asc;
    s->ascq = 0;
    ide_set_irq(s->bus);
}

static void atapi_no_medium(IDEState *s)
{
    atapi_cmd_error(s, SENSE_NOT_READY, ASC_MEDIUM_NOT_PRESENT);
    s->ascq = s->tray_open ? 2 : 1;     /* tray open / tray closed */
}

/* ---- the data-in phase ---- */

static void atapi_pio_next(IDEState *s);

static void atapi_pio_piece_done(IDEState *s)
{
    s->atapi_left -= s->data_end - s->buf_pos;
    s->buf_pos = s->data_end;
    atapi_pio_next(s);
}

/* the byte count limit the guest wrote into the cylinder registers */
static uint32_t atapi_byte_limit(IDEState *s)
{
    uint32_t limit = s->lcyl | s->hcyl << 8;

    if (limit == 0xffff) {
        limit = 0xfffe;         /* must be even */
    }
    return limit ? limit & ~1u : ATAPI_SECTOR_SIZE;
}

/* hand over the next piece of the reply, staging more CD sectors when needed */
static void atapi_pio_next(IDEState *s)
{
    uint32_t piece;

    if (s->atapi_left == 0) {
        atapi_cmd_ok(s);
        return;
    }
    if (s->buf_pos >= s->buf_len) {
        uint32_t n = MIN(s->atapi_sectors_left, IDE_BUF_SIZE / ATAPI_SECTOR_SIZE);
        if (n == 0 || blk_pread(s->blk, (int64_t)s->atapi_lba * ATAPI_SECTOR_SIZE,
                                s->io_buffer, n * ATAPI_SECTOR_SIZE) < 0) {
            atapi_cmd_error(s, SENSE_MEDIUM_ERROR, ASC_READ_ERROR);
            return;
        }
        s->atapi_lba += n;
        s->atapi_sectors_left -= n;
        s->buf_pos = 0;
        s->buf_len = n * ATAPI_SECTOR_SIZE;
    }
    piece = MIN(MIN(s->atapi_left, s->buf_len - s->buf_pos), atapi_byte_limit(s));
    s->lcyl = piece;
    s->hcyl = piece >> 8;
    s->nsector = ATAPI_INT_IO;
    s->status = READY_STAT | SEEK_STAT;
    ide_transfer_start(s, s->buf_pos, piece, atapi_pio_piece_done);
    ide_set_irq(s->bus);
}

static void atapi_dma_done(IDEState *s, int ret, uint64_t bytes)
{
    if (ret < 0) {
        atapi_cmd_error(s, SENSE_MEDIUM_ERROR, ASC_READ_ERROR);
    } else {
        atapi_cmd_ok(s);
    }
}

/* DMA if the guest asked for it in the features register, else PIO */
static void atapi_start_data_in(IDEState *s, bool from_disk, uint64_t bytes)
{
    s->atapi_left = bytes;
    if (bytes == 0) {
        atapi_cmd_ok(s);
        return;
    }
    if (s->feature & 1) {
        IDEDMARequest req = {
            .to_device = false,
            .offset = (int64_t)s->atapi_lba * ATAPI_SECTOR_SIZE,
            .bytes = bytes,
            .buf = from_disk ? NULL : s->io_buffer,
            .done = atapi_dma_done,
        };
        ide_start_dma(s, &req);
        return;
    }
    s->buf_pos = 0;
    s->buf_len = from_disk ? 0 : (uint32_t)bytes;
    atapi_pio_next(s);
}

/* a reply built in io_buffer, cut to the allocation length */
static void atapi_reply(IDEState *s, uint32_t len, uint32_t alloc)
{
    atapi_start_data_in(s, false, MIN(len, alloc));
}

/* ---- the commands ---- */

static void atapi_read(IDEState *s, uint32_t lba, uint32_t count)
{
    uint32_t total = atapi_sectors(s);

    if (lba > total || count > total - lba) {
        atapi_cmd_error(s, SENSE_ILLEGAL_REQUEST, ASC_LBA_OUT_OF_RANGE);
        return;
    }
    s->atapi_lba = lba;
    s->atapi_sectors_left = count;
    atapi_start_data_in(s, true, (uint64_t)count * ATAPI_SECTOR_SIZE);
}

static void atapi_request_sense(IDEState *s, const uint8_t *cdb)
{
    uint8_t *p = s->io_buffer;

    memset(p, 0, 18);
    p[0] = 0x70;                /* current errors */
    p[2] = s->sense_key;
    p[7] = 10;
    p[12] = s->asc;
    p[13] = s->ascq;
    if (s->sense_key == SENSE_UNIT_ATTENTION) {
        s->sense_key = SENSE_NONE;
        s->asc = s->ascq = 0;
    }
    atapi_reply(s, 18, cdb[4]);
}

static void atapi_inquiry(IDEState *s, const uint8_t *cdb)
{
    uint8_t *p = s->io_buffer;

    memset(p, 0, 36);
    p[0] = 0x05;                /* CD/DVD device */
    p[1] = 0x80;                /* removable */
    p[2] = 0x00;
    p[3] = 0x21;                /* ATAPI, response format 1 */
    p[4] = 31;
    memcpy(p + 8, "QEMU    ", 8);
    memcpy(p + 16, "QEMU DVD-ROM    ", 16);
    memcpy(p + 32, "2.5+", 4);
    atapi_reply(s, 36, be16(cdb + 3));
}

static void lba_to_msf(uint8_t *p, uint32_t lba)
{
    lba += 150;                 /* the 2-second pregap */
    p[0] = lba / (75 * 60);
    p[1] = (lba / 75) % 60;
    p[2] = lba % 75;
}

static void put_toc_addr(uint8_t *p, uint32_t lba, bool msf)
{
    if (msf) {
        p[0] = 0;
        lba_to_msf(p + 1, lba);
    } else {
        put_be32(p, lba);
    }
}

static void atapi_read_toc(IDEState *s, const uint8_t *cdb)
{
    uint8_t *p = s->io_buffer;
    bool msf = cdb[1] & 2;
    int format = cdb[2] & 0x0f, start_track = cdb[6];
    uint32_t len;

    /* old drives put the format in the control byte */
    if (!format) {
        format = cdb[9] >> 6;
    }
    memset(p, 0, 64);
    switch (format) {
    case 0:                     /* TOC: track 1 and the lead-out */
        if (start_track > 1 && start_track != 0xaa) {
            atapi_cmd_error(s, SENSE_ILLEGAL_REQUEST, ASC_INV_FIELD_IN_CDB);
            return;
        }
        p[2] = 1;
        p[3] = 1;
        len = 4;
        if (start_track <= 1) {
            p[len + 1] = 0x14;  /* data track, ADR 1 */
            p[len + 2] = 1;
            put_toc_addr(p + len + 4, 0, msf);
            len += 8;
        }
        p[len + 1] = 0x16;
        p[len + 2] = 0xaa;
        put_toc_addr(p + len + 4, atapi_sectors(s), msf);
        len += 8;
        break;
    case 1:                     /* multi-session: one session starting at track 1 */
        p[2] = 1;
        p[3] = 1;
        p[5] = 0x14;
        p[6] = 1;
        put_toc_addr(p + 8, 0, msf);
        len = 12;
        break;
    default:
        atapi_cmd_error(s, SENSE_ILLEGAL_REQUEST, ASC_INV_FIELD_IN_CDB);
        return;
    }
    put_be16(p, len - 2);
    atapi_reply(s, len, be16(cdb + 7));
}

static void atapi_read_capacity(IDEState *s)
{
    uint32_t total = atapi_sectors(s);

    put_be32(s->io_buffer, total ? total - 1 : 0);
    put_be32(s->io_buffer + 4, ATAPI_SECTOR_SIZE);
    atapi_reply(s, 8, 8);
}

static uint16_t atapi_profile(IDEState *s)
{
    if (!atapi_has_medium(s)) {
        return 0;
    }
    return atapi_sectors(s) > CD_MAX_SECTORS ? 0x0010 : 0x0008;    /* DVD-ROM : CD-ROM */
}

static void atapi_get_configuration(IDEState *s, const uint8_t *cdb)
{
    uint8_t *p = s->io_buffer;
    uint16_t profile = atapi_profile(s), start = be16(cdb + 2);
    uint32_t len = 8;

    memset(p, 0, 64);
    put_be16(p + 6, profile);
    if (start == 0) {           /* profile list: DVD-ROM and CD-ROM */
        p[len + 2] = 0x03;      /* persistent, current */
        p[len + 3] = 8;
        put_be16(p + len + 4, 0x0010);
        p[len + 6] = profile == 0x0010;
        put_be16(p + len + 8, 0x0008);
        p[len + 10] = profile == 0x0008;
        len += 12;
    }
    if (start <= 1) {           /* core: ATAPI */
        put_be16(p + len, 1);
        p[len + 2] = 0x0b;      /* version 2, persistent, current */
        p[len + 3] = 8;
        put_be32(p + len + 4, 2);
        p[len + 8] = 1;         /* DBE */
        len += 12;
    }
    if (start <= 3) {           /* removable medium: tray, eject, lock */
        put_be16(p + len, 3);
        p[len + 2] = 0x03;
        p[len + 3] = 4;
        p[len + 4] = 0x29 | (s->tray_locked ? 0x04 : 0);
        len += 8;
    }
    put_be32(p, len - 4);
    atapi_reply(s, len, be16(cdb + 7));
}

static uint32_t atapi_mode_page(IDEState *s, int page, uint8_t *p)
{
    switch (page) {
    case 0x01:                  /* read error recovery */
        memset(p, 0, 8);
        p[0] = 0x01;
        p[1] = 6;
        return 8;
    case 0x2a:                  /* capabilities and mechanical status */
        memset(p, 0, 22);
        p[0] = 0x2a;
        p[1] = 20;
        p[2] = 0x3b;            /* reads CD-R, CD-RW, method 2, DVD-ROM, DVD-R */
        p[4] = 0x71;            /* audio play, composite, multi-session, mode 2 */
        p[5] = 0x73;            /* CD-DA, accurate stream, R-W, C2 */
        p[6] = 0x29 | (s->tray_locked ? 0x02 : 0);  /* lock, eject, tray */
        put_be16(p + 8, 706);   /* max read speed, kB/s */
        put_be16(p + 10, 2);    /* volume levels */
        put_be16(p + 12, 512);  /* buffer, KiB */
        put_be16(p + 14, 706);
        return 22;
    }
    return 0;
}

static void atapi_mode_sense(IDEState *s, const uint8_t *cdb, bool ten)
{
    uint8_t *p = s->io_buffer;
    int pc = cdb[2] >> 6, page = cdb[2] & 0x3f;
    uint32_t hdr = ten ? 8 : 4, len = hdr, alloc = ten ? be16(cdb + 7) : cdb[4];

    if (pc == 3) {
        atapi_cmd_error(s, SENSE_ILLEGAL_REQUEST, ASC_SAVING_NOT_SUPPORTED);
        return;
    }
    memset(p, 0, hdr);
    if (page == 0x3f) {
        len += atapi_mode_page(s, 0x01, p + len);
        len += atapi_mode_page(s, 0x2a, p + len);
    } else {
        uint32_t n = atapi_mode_page(s, page, p + len);
        if (!n) {
            atapi_cmd_error(s, SENSE_ILLEGAL_REQUEST, ASC_INV_FIELD_IN_CDB);
            return;
        }
        len += n;
    }
    /* medium type: 120 mm data disc, or none */
    if (ten) {
        put_be16(p, len - 2);
        p[2] = atapi_has_medium(s) ? 0x01 : 0x70;
    } else {
        p[0] = len - 1;
        p[1] = atapi_has_medium(s) ? 0x01 : 0x70;
    }
    atapi_reply(s, len, alloc);
}

static void atapi_start_stop_unit(IDEState *s, const uint8_t *cdb)
{
    bool start = cdb[4] & 1, loej = cdb[4] & 2;

    if (loej) {
        if (!start && s->tray_locked) {
            atapi_cmd_error(s, SENSE_NOT_READY, ASC_REMOVAL_PREVENTED);
            s->ascq = 2;
            return;
        }
        if (!start != s->tray_open) {
            s->tray_open = !start;
            /* closing the tray on a medium makes it new to the guest */
            if (start && blk_is_inserted(s->blk)) {
                s->unit_attention = true;
                s->event_new_media = true;
            }
        }
    }
    atapi_cmd_ok(s);
}

static void atapi_get_event_status(IDEState *s, const uint8_t *cdb)
{
    uint8_t *p = s->io_buffer;
    uint32_t len = 4;

    if (!(cdb[1] & 1)) {        /* only polling is supported */
        atapi_cmd_error(s, SENSE_ILLEGAL_REQUEST, ASC_INV_FIELD_IN_CDB);
        return;
    }
    memset(p, 0, 8);
    p[3] = 1 << 4;              /* supported: media class */
    if (cdb[4] & (1 << 4)) {
        p[2] = 4;               /* media class */
        if (s->event_eject_request) {
            p[4] = 1;           /* eject request */
            s->event_eject_request = false;
        } else if (s->event_new_media) {
            p[4] = 2;           /* new media */
            s->event_new_media = false;
        }
        p[5] = (atapi_has_medium(s) ? 2 : 0) | (s->tray_open ? 1 : 0);
        len = 8;
    } else {
        p[2] = 0x80;            /* no event available */
    }
    put_be16(p, len - 2);
    atapi_reply(s, len, be16(cdb + 7));
}

static void atapi_read_disc_information(IDEState *s, const uint8_t *cdb)
{
    uint8_t *p = s->io_buffer;

    if (cdb[1] & 7) {           /* only the standard disc information */
        atapi_cmd_error(s, SENSE_ILLEGAL_REQUEST, ASC_INV_FIELD_IN_CDB);
        return;
    }
    memset(p, 0, 34);
    put_be16(p, 32);
    p[2] = 0x0e;                /* last session complete, disc complete */
    p[3] = 1;                   /* first track */
    p[4] = 1;                   /* sessions */
    p[5] = 1;                   /* first and last track of the last session */
    p[6] = 1;
    p[7] = 0x20;                /* unrestricted use */
    atapi_reply(s, 34, be16(cdb + 7));
}

/* commands that go through while a unit attention is pending */
static bool atapi_allows_unit_attention(uint8_t op)
{
    return op == 0x03 || op == 0x12 || op == 0x46 || op == 0x4a;
}

/* commands that need a medium in the drive */
static bool atapi_needs_medium(uint8_t op)
{
    switch (op) {
    case 0x00: case 0x25: case 0x28: case 0xa8: case 0x43: case 0x51: case 0x2b:
        return true;
    }
    return false;
}

static void atapi_exec(IDEState *s)
{
    uint8_t cdb[12];

    memcpy(cdb, s->io_buffer, sizeof(cdb));
    if (s->unit_attention && !atapi_allows_unit_attention(cdb[0])) {
        s->unit_attention = false;
        atapi_cmd_error(s, SENSE_UNIT_ATTENTION, ASC_MEDIUM_MAY_HAVE_CHANGED);
        return;
    }
    if (atapi_needs_medium(cdb[0]) && !atapi_has_medium(s)) {
        atapi_no_medium(s);
        return;
    }
    switch (cdb[0]) {
    case 0x00:                  /* TEST UNIT READY */
    case 0x2b:                  /* SEEK */
    case 0xbb:                  /* SET CD SPEED */
        atapi_cmd_ok(s);
        break;
    case 0x03:                  /* REQUEST SENSE */
        atapi_request_sense(s, cdb);
        break;
    case 0x12:                  /* INQUIRY */
        atapi_inquiry(s, cdb);
        break;
    case 0x1a:                  /* MODE SENSE (6) */
        atapi_mode_sense(s, cdb, false);
        break;
    case 0x5a:                  /* MODE SENSE (10) */
        atapi_mode_sense(s, cdb, true);
        break;
    case 0x1b:                  /* START STOP UNIT */
        atapi_start_stop_unit(s, cdb);
        break;
    case 0x1e:                  /* PREVENT ALLOW MEDIUM REMOVAL */
        s->tray_locked = cdb[4] & 1;
        atapi_cmd_ok(s);
        break;
    case 0x25:                  /* READ CAPACITY */
        atapi_read_capacity(s);
        break;
    case 0x28:                  /* READ (10) */
        atapi_read(s, be32(cdb + 2), be16(cdb + 7));
        break;
    case 0xa8:                  /* READ (12) */
        atapi_read(s, be32(cdb + 2), be32(cdb + 6));
        break;
    case 0x43:                  /* READ TOC/PMA/ATIP */
        atapi_read_toc(s, cdb);
        break;
    case 0x46:                  /* GET CONFIGURATION */
        atapi_get_configuration(s, cdb);
        break;
    case 0x4a:                  /* GET EVENT STATUS NOTIFICATION */
        atapi_get_event_status(s, cdb);
        break;
    case 0x51:                  /* READ DISC INFORMATION */
        atapi_read_disc_information(s, cdb);
        break;
    default:
        atapi_cmd_error(s, SENSE_ILLEGAL_REQUEST, ASC_INV_OPCODE);
        break;
    }
}

static void atapi_packet_received(IDEState *s)
{
    ide_transfer_stop(s);
    atapi_exec(s);
}

/* PACKET: ask for the 12 command bytes (no interrupt for this phase) */
void ide_atapi_packet(IDEState *s)
{
    s->nsector = ATAPI_INT_COD;
    s->status = READY_STAT | SEEK_STAT;
    ide_transfer_start(s, 0, 12, atapi_packet_received);
}

void ide_atapi_reset(IDEState *s)
{
    s->atapi_left = 0;
    s->atapi_sectors_left = 0;
    s->sense_key = SENSE_NONE;
    s->asc = s->ascq = 0;
    s->tray_locked = false;
}

/* ---- the medium, as the monitor changes it ---- */

static void atapi_change_media(void *opaque, bool load)
{
    IDEState *s = opaque;

    s->tray_open = !load;
    if (load) {
        s->unit_attention = true;
        s->event_new_media = true;
    }
}

static bool atapi_is_locked(void *opaque)
{
    IDEState *s = opaque;
    return s->tray_locked;
}

static bool atapi_is_tray_open(void *opaque)
{
    IDEState *s = opaque;
    return s->tray_open;
}

static void atapi_eject_request(void *opaque, bool force)
{
    IDEState *s = opaque;

    s->event_eject_request = true;
    if (force) {
        s->tray_locked = false;
    }
}

static const BlockDevOps atapi_dev_ops = {
    .change_media_cb = atapi_change_media,
    .is_medium_locked = atapi_is_locked,
    .is_tray_open = atapi_is_tray_open,
    .eject_request_cb = atapi_eject_request,
};

void ide_atapi_attach(IDEState *s)
{
    drive_set_dev_ops(s->drive, &atapi_dev_ops, s);
    s->tray_open = false;
}
