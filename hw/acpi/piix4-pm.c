/*
 * PIIX4 ACPI power management (include/hw/acpi/piix4-pm.h).
 *
 * The PM timer is the virtual clock scaled to 3.579545 MHz, so reading it
 * costs no timer; TMR_STS is worked out from how many times bit 23 has
 * toggled, and a host timer runs only while the guest enables its SCI.
 */
#include "qemu/osdep.h"
#include "hw/acpi/piix4-pm.h"
#include "sysemu/runstate.h"

#define PIIX4_PM_DEVICE_ID  0x7113
#define PIIX4_PM_REVISION   0x03
#define PIIX4_PMBA          0x40    /* PM I/O base, bit 0 reads as one (I/O space) */
#define PIIX4_PMREGMISC     0x80
#define  PMIOSE             0x01    /* PM I/O space enable */
#define PIIX4_DEVACTB_HI    0x5b    /* top byte of device activity B (0x58) */
#define  APMC_EN            0x02    /* bit 25: an APM command write raises SMI */

/* PM1 status and enable */
#define PM1_TMR             0x0001
#define PM1_BM              0x0010
#define PM1_GBL             0x0020
#define PM1_PWRBTN          0x0100
#define PM1_RTC             0x0400
#define PM1_WAK             0x8000
#define PM1_SCI_EVENTS      (PM1_TMR | PM1_GBL | PM1_PWRBTN | PM1_RTC)
/* PM1 control */
#define PM1_CNT_SCI_EN      0x0001
#define PM1_CNT_SLP_TYP_SHIFT 10
#define PM1_CNT_SLP_TYP_MASK  (7 << PM1_CNT_SLP_TYP_SHIFT)
#define PM1_CNT_SLP_EN      0x2000  /* write-only: enter the sleep state */
#define SLP_TYP_S5          0       /* what the DSDT's \_S5 package says */

#define PM_TMR_BITS         24
#define PM_TMR_TOGGLE_SHIFT (PM_TMR_BITS - 1)

static int64_t pm_timer_ticks(void)
{
    return (__int128)qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) * PM_TIMER_FREQUENCY /
           NANOSECONDS_PER_SECOND;
}

static uint16_t pm1_status(PIIX4PMState *s)
{
    uint16_t sts = s->pm1_sts;

    if ((pm_timer_ticks() >> PM_TMR_TOGGLE_SHIFT) != s->tmr_overflows_seen) {
        sts |= PM1_TMR;
    }
    return sts;
}

static void update_sci(PIIX4PMState *s)
{
    bool level = (pm1_status(s) & s->pm1_en & PM1_SCI_EVENTS) || (s->gp_sts & s->gp_en);

    qemu_set_irq(s->sci, level);

    if (s->pm1_en & PM1_TMR) {
        int64_t next = ((pm_timer_ticks() >> PM_TMR_TOGGLE_SHIFT) + 1) << PM_TMR_TOGGLE_SHIFT;
        timer_mod_ns(&s->tmr_timer, (__int128)next * NANOSECONDS_PER_SECOND /
                                    PM_TIMER_FREQUENCY + 1);
    } else {
        timer_del(&s->tmr_timer);
    }
}

static void tmr_timer_cb(void *opaque)
{
    update_sci(opaque);
}

static void write_pm1_cnt(PIIX4PMState *s, uint16_t val)
{
    s->pm1_cnt = val & ~PM1_CNT_SLP_EN;
    if (val & PM1_CNT_SLP_EN) {
        int slp_typ = (val & PM1_CNT_SLP_TYP_MASK) >> PM1_CNT_SLP_TYP_SHIFT;
        /* the DSDT offers only S5; other sleep types are not entered */
        if (slp_typ == SLP_TYP_S5) {
            qemu_system_shutdown_request(SHUTDOWN_CAUSE_GUEST_SHUTDOWN);
        }
    }
}

/* the 16-bit register that holds byte offset addr, and the byte within it */
static uint16_t *reg16(PIIX4PMState *s, hwaddr addr)
{
    switch (addr & ~1) {
    case 0x00: return &s->pm1_sts;
    case 0x02: return &s->pm1_en;
    case 0x04: return &s->pm1_cnt;
    case 0x0c: return &s->gp_sts;
    case 0x0e: return &s->gp_en;
    default: return NULL;
    }
}

static uint8_t pm_read_byte(PIIX4PMState *s, hwaddr addr, uint32_t tmr)
{
    if (addr >= PIIX4_PM_TMR_OFFSET && addr < PIIX4_PM_TMR_OFFSET + 4) {
        return tmr >> (8 * (addr - PIIX4_PM_TMR_OFFSET));
    }
    if (addr < 2) {
        return pm1_status(s) >> (8 * addr);
    }
    uint16_t *r = reg16(s, addr);
    return r ? *r >> (8 * (addr & 1)) : 0;
}

static uint64_t pm_io_read(void *opaque, hwaddr addr, unsigned size)
{
    uint64_t val = 0;
    /* one sample per access: bytes of different instants could run backwards */
    uint32_t tmr = pm_timer_ticks() & ((1u << PM_TMR_BITS) - 1);

    for (unsigned i = 0; i < size; i++) {
        val |= (uint64_t)pm_read_byte(opaque, addr + i, tmr) << (8 * i);
    }
    return val;
}

static void pm_io_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    PIIX4PMState *s = opaque;

    /* registers are written a 16-bit word at a time; SLP_TYP and SLP_EN share a byte */
    for (unsigned i = 0; i < size; i++) {
        hwaddr a = addr + i;
        uint16_t *r = reg16(s, a);
        int shift = 8 * (a & 1);
        uint16_t b = (uint16_t)((val >> (8 * i)) & 0xff) << shift;
        uint16_t keep = ~(0xff << shift);

        if (!r) {
            continue;       /* the timer and the unmodelled registers ignore writes */
        }
        if (r == &s->pm1_sts) {
            if (b & PM1_TMR) {
                s->tmr_overflows_seen = pm_timer_ticks() >> PM_TMR_TOGGLE_SHIFT;
            }
            s->pm1_sts &= ~b;
        } else if (r == &s->gp_sts) {
            s->gp_sts &= ~b;
        } else if (r == &s->pm1_cnt) {
            write_pm1_cnt(s, (s->pm1_cnt & keep) | b);
        } else {
            *r = (*r & keep) | b;
        }
    }
    update_sci(s);
}

static const MemoryRegionOps pm_io_ops = {
    .read = pm_io_read,
    .write = pm_io_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .min_access_size = 1,
    .max_access_size = 4,
};

static void update_io_mapping(PIIX4PMState *s)
{
    uint32_t base = pci_get_long(s->dev.config + PIIX4_PMBA) & 0xffc0;
    bool enabled = s->dev.config[PIIX4_PMREGMISC] & PMIOSE;

    if (s->io_mapped) {
        address_space_unmap(s->dev.bus->io, &s->io);
        s->io_mapped = false;
    }
    if (enabled) {
        address_space_map(s->dev.bus->io, &s->io, base, 0);
        s->io_mapped = true;
    }
}

static void pm_config_write(PCIDevice *d, uint32_t addr, uint32_t val, int len)
{
    PIIX4PMState *s = container_of(d, PIIX4PMState, dev);

    pci_default_config_write(d, addr, val, len);
    if ((addr < PIIX4_PMBA + 4 && addr + len > PIIX4_PMBA) ||
        (addr <= PIIX4_PMREGMISC && addr + len > PIIX4_PMREGMISC)) {
        update_io_mapping(s);
    }
}

/*
 * APM control (0xb2) and status (0xb3). Without SMM, the ACPI enable and
 * disable commands act at once, as an SMI handler would have.
 */
static uint64_t apm_read(void *opaque, hwaddr addr, unsigned size)
{
    PIIX4PMState *s = opaque;

    return addr == 0 ? s->apm_cnt : s->apm_sts;
}

static void apm_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    PIIX4PMState *s = opaque;

    if (addr != 0) {
        s->apm_sts = val;
        return;
    }
    s->apm_cnt = val;
    if (val == PIIX4_APM_ACPI_ENABLE) {
        s->pm1_cnt |= PM1_CNT_SCI_EN;
    } else if (val == PIIX4_APM_ACPI_DISABLE) {
        s->pm1_cnt &= ~PM1_CNT_SCI_EN;
    }
}

static const MemoryRegionOps apm_io_ops = {
    .read = apm_read,
    .write = apm_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .min_access_size = 1,
    .max_access_size = 1,
};

/*
 * The fixed-feature power button (the FADT leaves PWR_BUTTON clear): its
 * status bit, and an SCI if the guest's ACPI driver enabled it, which then
 * decides to power off.
 */
static void piix4_pm_power_button(void *opaque)
{
    PIIX4PMState *s = opaque;

    s->pm1_sts |= PM1_PWRBTN;
    update_sci(s);
}

static void piix4_pm_reset(void *opaque)
{
    PIIX4PMState *s = opaque;
    int sci_line = s->dev.config[PCI_INTERRUPT_LINE];

    pci_device_reset(&s->dev);
    s->dev.config[PCI_INTERRUPT_LINE] = sci_line;   /* hard-wired SCI routing */
    pci_set_long(s->dev.config + PIIX4_PMBA, PCI_BASE_ADDRESS_SPACE_IO);
    s->dev.config[PIIX4_PMREGMISC] = 0;
    /*
     * There is no SMM: claim the APM SMI is already set up, as QEMU does
     * without SMM, so firmware does not wait for an SMI handler forever.
     */
    s->dev.config[PIIX4_DEVACTB_HI] = APMC_EN;
    s->pm1_sts = 0;
    s->pm1_en = 0;
    s->gp_sts = 0;
    s->gp_en = 0;
    s->tmr_overflows_seen = pm_timer_ticks() >> PM_TMR_TOGGLE_SHIFT;
    s->pm1_cnt = 0;
    s->apm_cnt = 0;
    s->apm_sts = 0;
    if (s->firmware_io_base) {
        /* what firmware does: place and enable the PM I/O, switch to ACPI mode */
        pci_set_long(s->dev.config + PIIX4_PMBA, s->firmware_io_base | PCI_BASE_ADDRESS_SPACE_IO);
        s->dev.config[PIIX4_PMREGMISC] = PMIOSE;
        s->pm1_cnt = PM1_CNT_SCI_EN;
    }
    update_io_mapping(s);
    update_sci(s);
}

PIIX4PMState *piix4_pm_init(PCIBus *bus, int devfn, qemu_irq sci, int sci_irq,
                            uint16_t firmware_io_base)
{
    PIIX4PMState *s = qemu_mallocz(sizeof(*s));

    pci_init_device(bus, &s->dev, "PIIX4_PM", devfn, PCI_VENDOR_ID_INTEL,
                    PIIX4_PM_DEVICE_ID, PIIX4_PM_REVISION, PCI_CLASS_BRIDGE_OTHER);
    s->dev.config[PCI_INTERRUPT_PIN] = 1;
    s->dev.config[PCI_INTERRUPT_LINE] = sci_irq;
    s->dev.wmask[PCI_INTERRUPT_LINE] = 0;
    pci_set_long(s->dev.wmask + PIIX4_PMBA, 0xffc0);
    s->dev.wmask[PIIX4_PMREGMISC] = PMIOSE;
    s->dev.config_write = pm_config_write;
    s->sci = sci;
    s->firmware_io_base = firmware_io_base;
    timer_init_ns(&s->tmr_timer, QEMU_CLOCK_VIRTUAL, tmr_timer_cb, s);
    memory_region_init_io(&s->io, &pm_io_ops, s, "piix4-pm", PIIX4_PM_IO_SIZE);
    memory_region_init_io(&s->apm_io, &apm_io_ops, s, "apm", 2);
    address_space_map(bus->io, &s->apm_io, PIIX4_APM_CNT_PORT, 0);
    qemu_register_reset(piix4_pm_reset, s);
    qemu_register_powerdown_handler(piix4_pm_power_button, s);
    piix4_pm_reset(s);
    return s;
}
