/*
 * An ATA channel as the guest sees it: the task file registers, the data
 * port's PIO transfers, the device control register (interrupt enable,
 * software reset) and the interrupt line. Commands are in ata.c (disks)
 * and atapi.c (the CD-ROM's packets).
 */
#include "qemu/osdep.h"
#include "ide-internal.h"

void ide_set_irq(IDEBus *bus)
{
    if (!(bus->cmd & IDE_CTRL_NIEN)) {
        if (bus->bmdma) {
            bmdma_set_interrupt(bus->bmdma);
        }
        qemu_irq_raise(bus->irq);
    }
}

void ide_transfer_start(IDEState *s, uint32_t start, uint32_t len, void (*end)(IDEState *s))
{
    s->data_pos = start;
    s->data_end = start + len;
    s->end_transfer = end;
    s->status |= DRQ_STAT;
}

void ide_transfer_stop(IDEState *s)
{
    s->data_pos = s->data_end = 0;
    s->end_transfer = NULL;
    s->status &= ~DRQ_STAT;
}

void ide_abort_command(IDEState *s)
{
    ide_transfer_stop(s);
    s->status = READY_STAT | ERR_STAT;
    s->error = ABRT_ERR;
    ide_set_irq(s->bus);
}

/* what a drive shows after a reset or EXECUTE DEVICE DIAGNOSTIC */
void ide_set_signature(IDEState *s)
{
    s->select &= 0xf0;
    s->nsector = 1;
    s->sector = 1;
    if (s->is_cdrom) {
        s->lcyl = 0x14;
        s->hcyl = 0xeb;
    } else {
        s->lcyl = 0;
        s->hcyl = 0;
    }
}

static void ide_drive_reset(IDEState *s)
{
    ide_transfer_stop(s);
    s->feature = s->hob_feature = 0;
    s->hob_nsector = s->hob_sector = s->hob_lcyl = s->hob_hcyl = 0;
    s->select = 0xa0;
    s->lba48 = false;
    s->mult_sectors = 0;
    s->xfer_left = 0;
    s->cur_heads = s->heads;
    s->cur_sectors = s->sectors;
    ide_set_signature(s);
    s->error = 0x01;        /* diagnostic passed */
    /* a packet device does not set DRDY until it gets a command */
    s->status = s->is_cdrom ? 0 : READY_STAT | SEEK_STAT;
    if (s->is_cdrom) {
        ide_atapi_reset(s);
    }
}

void ide_bus_reset(IDEBus *bus)
{
    bus->generation++;
    if (bus->bmdma) {
        bmdma_cancel(bus->bmdma);
    }
    bus->unit = 0;
    bus->cmd = 0;
    for (int i = 0; i < 2; i++) {
        ide_drive_reset(&bus->ifs[i]);
    }
    qemu_irq_lower(bus->irq);
}

/* ---- the data port ---- */

/* copy out up to size bytes of the PIO window; the end of the window ends the block */
static uint32_t ide_data_read(IDEBus *bus, unsigned size)
{
    IDEState *s = idebus_active(bus);
    uint32_t val = 0;
    unsigned n;

    if (!(s->status & DRQ_STAT) || s->data_pos >= s->data_end) {
        return 0;
    }
    n = MIN(size, s->data_end - s->data_pos);
    for (unsigned i = 0; i < n; i++) {
        val |= (uint32_t)s->io_buffer[s->data_pos + i] << (8 * i);
    }
    s->data_pos += n;
    if (s->data_pos >= s->data_end && s->end_transfer) {
        s->end_transfer(s);
    }
    return val;
}

static void ide_data_write(IDEBus *bus, uint32_t val, unsigned size)
{
    IDEState *s = idebus_active(bus);
    unsigned n;

    if (!(s->status & DRQ_STAT) || s->data_pos >= s->data_end) {
        return;
    }
    n = MIN(size, s->data_end - s->data_pos);
    for (unsigned i = 0; i < n; i++) {
        s->io_buffer[s->data_pos + i] = val >> (8 * i);
    }
    s->data_pos += n;
    if (s->data_pos >= s->data_end && s->end_transfer) {
        s->end_transfer(s);
    }
}

uint32_t ide_data_readw(IDEBus *bus) { return ide_data_read(bus, 2); }
uint32_t ide_data_readl(IDEBus *bus) { return ide_data_read(bus, 4); }
void ide_data_writew(IDEBus *bus, uint32_t val) { ide_data_write(bus, val, 2); }
void ide_data_writel(IDEBus *bus, uint32_t val) { ide_data_write(bus, val, 4); }

/* ---- task file registers 1-7 ---- */

static bool ide_bus_empty(IDEBus *bus)
{
    return !bus->ifs[0].present && !bus->ifs[1].present;
}

uint32_t ide_status_read(IDEBus *bus)
{
    IDEState *s = idebus_active(bus);

    /* an absent slave answers 0 so that probes see nothing there */
    if (ide_bus_empty(bus) || !s->present) {
        return 0;
    }
    return s->status;
}

uint32_t ide_ioport_read(IDEBus *bus, uint32_t reg)
{
    IDEState *s = idebus_active(bus);
    bool hob = bus->cmd & IDE_CTRL_HOB;

    if (reg == 7) {
        /* reading the status acknowledges the interrupt */
        qemu_irq_lower(bus->irq);
        return ide_status_read(bus);
    }
    if (ide_bus_empty(bus)) {
        return 0;
    }
    switch (reg) {
    case 1: return hob ? s->hob_feature : s->error;
    case 2: return hob ? s->hob_nsector : s->nsector;
    case 3: return hob ? s->hob_sector : s->sector;
    case 4: return hob ? s->hob_lcyl : s->lcyl;
    case 5: return hob ? s->hob_hcyl : s->hcyl;
    case 6: return s->select;
    }
    return 0xff;
}

void ide_ioport_write(IDEBus *bus, uint32_t reg, uint32_t val)
{
    /* writing the task file clears HOB */
    if (reg >= 1 && reg <= 5) {
        bus->cmd &= ~IDE_CTRL_HOB;
    }
    /* both drives latch the task file; the selected one runs commands */
    for (int i = 0; i < 2; i++) {
        IDEState *s = &bus->ifs[i];
        switch (reg) {
        case 1:
            s->hob_feature = s->feature;
            s->feature = val;
            break;
        case 2:
            s->hob_nsector = s->nsector;
            s->nsector = val;
            break;
        case 3:
            s->hob_sector = s->sector;
            s->sector = val;
            break;
        case 4:
            s->hob_lcyl = s->lcyl;
            s->lcyl = val;
            break;
        case 5:
            s->hob_hcyl = s->hcyl;
            s->hcyl = val;
            break;
        case 6:
            s->select = val | 0xa0;
            break;
        }
    }
    if (reg == 6) {
        bus->unit = (val >> 4) & 1;
    } else if (reg == 7) {
        IDEState *s = idebus_active(bus);
        if (!s->present) {
            return;
        }
        /* a busy drive takes no command but DEVICE RESET */
        if ((s->status & (BUSY_STAT | DRQ_STAT)) && val != 0x08) {
            return;
        }
        ide_exec_cmd(s, val);
    }
}

void ide_ctrl_write(IDEBus *bus, uint32_t val)
{
    bool was_reset = bus->cmd & IDE_CTRL_SRST, reset = val & IDE_CTRL_SRST;

    if (reset && !was_reset) {
        /* SRST asserted: the drives stop and stay busy until it is released */
        bus->generation++;
        qemu_irq_lower(bus->irq);
        if (bus->bmdma) {
            bmdma_cancel(bus->bmdma);
        }
        for (int i = 0; i < 2; i++) {
            ide_transfer_stop(&bus->ifs[i]);
            bus->ifs[i].status = BUSY_STAT | SEEK_STAT;
            bus->ifs[i].error = 0x01;
        }
    } else if (!reset && was_reset) {
        for (int i = 0; i < 2; i++) {
            ide_drive_reset(&bus->ifs[i]);
        }
    }
    bus->cmd = val;
}

/* ---- set-up ---- */

void ide_put_word(uint8_t *buf, int word, uint16_t v)
{
    buf[word * 2] = v;
    buf[word * 2 + 1] = v >> 8;
}

/* ATA strings: space padded, the two bytes of each word swapped */
void ide_padstr(uint8_t *dst, const char *src, int len)
{
    for (int i = 0; i < len; i++) {
        dst[i ^ 1] = *src ? *src++ : ' ';
    }
}

void ide_bus_init(IDEBus *bus, qemu_irq irq)
{
    bus->irq = irq;
    for (int i = 0; i < 2; i++) {
        IDEState *s = &bus->ifs[i];
        s->bus = bus;
        s->unit = i;
        /* room for a whole staged block plus the ATAPI reply headroom */
        s->io_buffer = qemu_mallocz(IDE_BUF_SIZE + 4);
    }
}

/*
 * The usual translation for a disk without a partition table to go by:
 * 16 heads, 63 sectors, as many cylinders as fit (2..16383).
 */
static void ide_guess_geometry(IDEState *s)
{
    uint64_t cyls = s->nb_sectors / (16 * 63);

    s->heads = 16;
    s->sectors = 63;
    s->cylinders = MIN(MAX(cyls, 2), 16383);
}

bool ide_drive_attach(IDEState *s, DriveInfo *dinfo, bool is_cdrom, char **errp)
{
    static int serial_counter;

    if (!is_cdrom && !blk_is_inserted(dinfo->blk)) {
        error_setg(errp, "Drive '%s': a hard disk needs media, but the drive is empty", dinfo->id);
        return false;
    }
    if (!is_cdrom && blk_is_read_only(dinfo->blk)) {
        error_setg(errp, "Drive '%s': can't use a read-only drive as a hard disk", dinfo->id);
        return false;
    }
    if (!drive_claim(dinfo, is_cdrom ? "ide-cd" : "ide-hd", errp)) {
        return false;
    }
    s->present = true;
    s->drive = dinfo;
    s->blk = dinfo->blk;
    s->is_cdrom = is_cdrom;
    s->write_cache = !dinfo->writethrough;
    snprintf(s->serial, sizeof(s->serial), "QM%05d", ++serial_counter);
    if (s->is_cdrom) {
        ide_atapi_attach(s);
    } else {
        int64_t len = blk_getlength(s->blk);
        s->nb_sectors = len > 0 ? (uint64_t)len / 512 : 0;
        ide_guess_geometry(s);
    }
    ide_drive_reset(s);
    return true;
}
