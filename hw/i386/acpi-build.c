/*
 * The PC's ACPI tables (include/hw/i386/pc-platform.h).
 *
 * ACPI 2.0 layout with 32-bit pointers only: RSDP revision 0 -> RSDT ->
 * FADT revision 3 (-> FACS and DSDT) and the MADT. The tables are built
 * once as two blobs (the RSDP, and the rest) whose pointers hold offsets,
 * plus the table-loader commands that turn them into addresses and fix
 * the checksums (hw/acpi/bios-linker.c). SeaBIOS gets the blobs and the
 * commands through fw_cfg; a direct kernel boot runs the same commands
 * on blobs placed in a ROM at the BIOS area, so both see the same tables.
 *
 * The DSDT describes the PCI root bridge with its windows, a _PRT for
 * every slot and pin through the PIIX3's PIRQ links LNKA-LNKD (methods
 * that read and write its route registers 0x60-0x63 over PCI config
 * space, so the OS may keep or change what firmware set) and LNKS, the
 * SCI's fixed link for the PM function's pin, and the S5 sleep type.
 */
#include "qemu/osdep.h"
#include "hw/i386/pc-platform.h"
#include "hw/acpi/aml-build.h"
#include "hw/acpi/bios-linker.h"
#include "hw/acpi/piix4-pm.h"
#include "hw/nvram/fw_cfg.h"
#include "hw/pci/i440fx.h"
#include "exec/memory.h"

#define ACPI_TABLES_FILE    "etc/acpi/tables"
#define ACPI_RSDP_FILE      "etc/acpi/rsdp"
#define TABLE_LOADER_FILE   "etc/table-loader"

/* direct boot: where the blobs go */
#define BIOS_AREA_BASE      0xe0000
#define BIOS_AREA_SIZE      0x20000
#define RSDP_ALIGN          16          /* the OS scans in steps of 16 */
#define FACS_ALIGN          64          /* the FACS is first in the tables blob */
#define TABLES_OFFSET       0x40        /* after the RSDP, FACS-aligned */

#define RSDP_SIZE           20
#define RSDP_CHECKSUM       8
#define RSDP_RSDT_ADDRESS   16
#define FACS_SIZE           64
#define FADT_SIZE           244         /* revision 3 */
#define FADT_FIRMWARE_CTRL  36
#define FADT_DSDT           40

#define FADT_FLAG_WBINVD            (1u << 0)
#define FADT_FLAG_PROC_C1           (1u << 2)
#define FADT_FLAG_SLP_BUTTON        (1u << 5)   /* no fixed-feature sleep button */
#define FADT_FLAG_RTC_S4            (1u << 7)
#define FADT_FLAG_RESET_REG_SUP     (1u << 10)
#define FADT_FLAG_USE_PLATFORM_CLOCK (1u << 15)
#define IAPC_LEGACY_DEVICES         (1u << 0)
#define IAPC_8042                   (1u << 1)
#define GAS_SYSTEM_IO               1
#define RESET_PORT                  0xcf9
#define RESET_VALUE                 0x06        /* full reset through the CPU reset bit */
#define C2_C3_UNSUPPORTED           0x0fff      /* latency above the limit: no C2/C3 */
#define CMOS_CENTURY_INDEX          0x32
#define INT_MODEL_APIC              1

/* MADT */
#define MADT_FLAG_PCAT_COMPAT       1           /* the 8259 pair is there too */
#define MADT_LOCAL_APIC             0
#define MADT_IO_APIC                1
#define MADT_INT_OVERRIDE           2
#define MADT_LOCAL_APIC_NMI         4
#define MADT_ENABLED                1
#define MPS_ACTIVE_HIGH             0x1
#define MPS_LEVEL                   0xc
#define ALL_PROCESSORS              0xff
#define LOCAL_APIC_BASE             0xfee00000u
#define IO_APIC_BASE                0xfec00000u

#define PCI_HOLE_END                0xfebfffffu

/* PIIX3 PIRQ route registers, and what a disabled route looks like */
#define PIIX3_PIRQC                 0x60
#define PIRQ_DISABLED               0x80
/* _STA values: present, functioning, and enabled or not */
#define STA_ENABLED                 0x0b
#define STA_DISABLED                0x09
#define PCI_NUM_SLOTS               32

/* the ISA IRQs a PCI link may take (QEMU's choice), all level-triggered */
static const uint32_t link_irqs[] = { 5, 10, 11 };

typedef struct PCAcpiTables {
    Aml tables;                 /* FACS, DSDT, FADT, MADT, RSDT */
    uint8_t rsdp[RSDP_SIZE];
    BiosLinker linker;
} PCAcpiTables;

static void st16(uint8_t *p, uint16_t v) { p[0] = v; p[1] = v >> 8; }
static void st32(uint8_t *p, uint32_t v) { st16(p, v); st16(p + 2, v >> 16); }

/* reserve a zeroed table of len bytes at the end of the blob; returns its offset */
static uint32_t table_alloc(PCAcpiTables *t, uint32_t len)
{
    uint32_t offset = t->tables.len;
    uint8_t *zero = qemu_mallocz(len);

    aml_bytes(&t->tables, zero, len);
    free(zero);
    return offset;
}

/* the table at offset: checksummed after the linker patched its pointers */
static void table_finish(PCAcpiTables *t, uint32_t offset)
{
    uint32_t len = t->tables.buf[offset + 4] | t->tables.buf[offset + 5] << 8 |
                   t->tables.buf[offset + 6] << 16 | (uint32_t)t->tables.buf[offset + 7] << 24;

    bios_linker_add_checksum(&t->linker, ACPI_TABLES_FILE, offset + 9, offset, len);
}

/* a 32-bit field of the table blob pointing at another offset in it */
static void table_pointer(PCAcpiTables *t, uint32_t field, uint32_t target)
{
    st32(t->tables.buf + field, target);
    bios_linker_add_pointer(&t->linker, ACPI_TABLES_FILE, field, 4, ACPI_TABLES_FILE);
}

static uint32_t build_facs(PCAcpiTables *t)
{
    uint32_t at = table_alloc(t, FACS_SIZE);
    uint8_t *p = t->tables.buf + at;

    memcpy(p, "FACS", 4);
    st32(p + 4, FACS_SIZE);
    p[32] = 1;                                  /* version: ACPI 2.0 layout */
    return at;                                  /* no checksum field */
}

static uint32_t build_fadt(PCAcpiTables *t, const PCAcpiConfig *cfg, uint32_t facs,
                           uint32_t dsdt)
{
    uint32_t flags = FADT_FLAG_WBINVD | FADT_FLAG_PROC_C1 | FADT_FLAG_SLP_BUTTON |
                     FADT_FLAG_RTC_S4 | FADT_FLAG_RESET_REG_SUP |
                     FADT_FLAG_USE_PLATFORM_CLOCK;
    uint32_t at = table_alloc(t, FADT_SIZE);
    uint8_t *p = t->tables.buf + at;
    uint16_t pm = cfg->pm_io_base;

    acpi_table_header(p, "FACP", FADT_SIZE, 3);
    p[44] = INT_MODEL_APIC;
    st16(p + 46, cfg->sci_irq);
    /* the OS switches to ACPI mode through the APM port, unless SCI_EN is set */
    st32(p + 48, PIIX4_APM_CNT_PORT);
    p[52] = PIIX4_APM_ACPI_ENABLE;
    p[53] = PIIX4_APM_ACPI_DISABLE;
    st32(p + 56, pm + PIIX4_PM1_EVT_OFFSET);
    st32(p + 64, pm + PIIX4_PM1_CNT_OFFSET);
    st32(p + 76, pm + PIIX4_PM_TMR_OFFSET);
    st32(p + 80, pm + PIIX4_GPE0_OFFSET);
    p[88] = 4;                                  /* PM1_EVT_LEN */
    p[89] = 2;                                  /* PM1_CNT_LEN */
    p[91] = 4;                                  /* PM_TMR_LEN */
    p[92] = PIIX4_GPE0_LEN;
    st16(p + 96, C2_C3_UNSUPPORTED);            /* P_LVL2_LAT > 100: no C2 */
    st16(p + 98, C2_C3_UNSUPPORTED);            /* P_LVL3_LAT > 1000: no C3 */
    p[108] = CMOS_CENTURY_INDEX;
    st16(p + 109, IAPC_LEGACY_DEVICES | IAPC_8042);
    st32(p + 112, flags);
    /* RESET_REG: one byte of I/O space */
    p[116] = GAS_SYSTEM_IO;
    p[117] = 8;                                 /* bit width */
    p[118] = 0;                                 /* bit offset */
    p[119] = 1;                                 /* byte access */
    st32(p + 120, RESET_PORT);
    p[128] = RESET_VALUE;
    table_pointer(t, at + FADT_FIRMWARE_CTRL, facs);
    table_pointer(t, at + FADT_DSDT, dsdt);
    table_finish(t, at);
    return at;
}

/* an interrupt source override: ISA irq is GSI gsi with these MPS flags */
static void madt_override(Aml *m, uint8_t irq, uint32_t gsi, uint16_t flags)
{
    uint8_t e[10] = { MADT_INT_OVERRIDE, sizeof(e), 0, irq };

    st32(e + 4, gsi);
    st16(e + 8, flags);
    aml_bytes(m, e, sizeof(e));
}

static uint32_t build_madt(PCAcpiTables *t, const PCAcpiConfig *cfg)
{
    uint8_t header[44] = { 0 };
    uint8_t lapic[8] = { MADT_LOCAL_APIC, sizeof(lapic), 0, 0 };  /* processor 0, APIC ID 0 */
    uint8_t ioapic[12] = { MADT_IO_APIC, sizeof(ioapic), 0 };      /* ID 0, GSIs from 0 */
    uint8_t nmi[6] = { MADT_LOCAL_APIC_NMI, sizeof(nmi), ALL_PROCESSORS, 0, 0, 1 }; /* LINT1 */
    Aml m;
    uint32_t at;

    aml_init(&m);
    st32(header + 36, LOCAL_APIC_BASE);
    st32(header + 40, MADT_FLAG_PCAT_COMPAT);
    aml_bytes(&m, header, sizeof(header));
    st32(lapic + 4, MADT_ENABLED);
    aml_bytes(&m, lapic, sizeof(lapic));
    st32(ioapic + 4, IO_APIC_BASE);
    aml_bytes(&m, ioapic, sizeof(ioapic));
    /* ISA IRQ0, the PIT, is GSI 2 (hw/i386/pc-apic.c wires it so) */
    madt_override(&m, 0, 2, 0);
    /* the SCI and the IRQs PCI links use are level-triggered, active high */
    madt_override(&m, cfg->sci_irq, cfg->sci_irq, MPS_ACTIVE_HIGH | MPS_LEVEL);
    for (size_t i = 0; i < ARRAY_SIZE(link_irqs); i++) {
        if (link_irqs[i] != (uint32_t)cfg->sci_irq) {
            madt_override(&m, link_irqs[i], link_irqs[i], MPS_ACTIVE_HIGH | MPS_LEVEL);
        }
    }
    aml_bytes(&m, nmi, sizeof(nmi));
    acpi_table_header(m.buf, "APIC", m.len, 1);

    at = t->tables.len;
    aml_append(&t->tables, &m);
    aml_free(&m);
    table_finish(t, at);
    return at;
}

/* ---- DSDT ---- */

static void name_int(Aml *scope, const char *name, uint64_t v)
{
    Aml value = aml_int(v);

    aml_name(scope, name, &value);
    aml_free(&value);
}

static void name_eisaid(Aml *scope, const char *name, const char *id)
{
    Aml value;

    aml_init(&value);
    aml_eisaid(&value, id);
    aml_name(scope, name, &value);
    aml_free(&value);
}

/* Name(name, ResourceTemplate() { Interrupt(, Level, ActiveHigh, Shared) { irqs } }) */
static void name_irq_template(Aml *scope, const char *name, const uint32_t *irqs, int count)
{
    Aml res, buf;

    aml_init(&res);
    res_interrupt_level_shared(&res, irqs, count);
    res_end_tag(&res);
    aml_init(&buf);
    aml_buffer(&buf, &res);
    aml_name(scope, name, &buf);
    aml_free(&res);
    aml_free(&buf);
}

static void build_pci0_crs(Aml *pci0, uint64_t ram_below_4g)
{
    Aml crs, buf;

    /*
     * bus 0, the config ports, I/O around them, VGA, and the hole from the
     * end of RAM to the I/O APIC (SeaBIOS places BARs from 2 GiB or higher,
     * a direct boot from 0xe0000000)
     */
    aml_init(&crs);
    res_word_bus_number(&crs, 0x00, 0xff);
    res_io(&crs, 0xcf8, 8);
    res_word_io(&crs, 0x0000, 0x0cf7);
    res_word_io(&crs, 0x0d00, 0xffff);
    res_dword_memory(&crs, 0x000a0000, 0x000bffff);
    res_dword_memory(&crs, ram_below_4g, PCI_HOLE_END);
    res_end_tag(&crs);
    aml_init(&buf);
    aml_buffer(&buf, &crs);
    aml_name(pci0, "_CRS", &buf);
    aml_free(&crs);
    aml_free(&buf);
}

/*
 * _PRT: slot s's pin p (0 = INTA) reaches PIRQ (s + p - 1) mod 4, the PIIX3
 * swizzle (hw/pci/piix3.c); the PM function's INTA in slot 1 is the SCI.
 */
static void build_prt(Aml *pci0)
{
    static const char *const pirq_links[PCI_NUM_PINS] = { "LNKA", "LNKB", "LNKC", "LNKD" };
    Aml entries, prt;

    aml_init(&entries);
    for (int slot = 0; slot < PCI_NUM_SLOTS; slot++) {
        for (int pin = 0; pin < PCI_NUM_PINS; pin++) {
            const char *link = pirq_links[(slot + pin - 1) & 3];
            Aml entry;

            if (slot == PCI_SLOT(PIIX3_DEVFN) && pin == 0) {
                link = "LNKS";
            }
            aml_init(&entry);
            aml_integer(&entry, (uint32_t)slot << 16 | 0xffff);
            aml_integer(&entry, pin);
            aml_name_string(&entry, link);
            aml_integer(&entry, 0);
            aml_package(&entries, 4, &entry);
            aml_free(&entry);
        }
    }
    aml_init(&prt);
    aml_package(&prt, PCI_NUM_SLOTS * PCI_NUM_PINS, &entries);
    aml_name(pci0, "_PRT", &prt);
    aml_free(&entries);
    aml_free(&prt);
}

/* an ISA device on the board: its I/O ports (up to two ranges) and IRQ */
typedef struct ISADeviceInfo {
    const char *name, *hid;
    uint16_t io[2];
    uint8_t io_len[2];
    uint8_t irq;
} ISADeviceInfo;

/*
 * The board's fixed ISA devices. SeaBIOS looks for PNP0303 before it
 * touches the i8042; Linux's PnP layer claims their resources.
 */
static const ISADeviceInfo isa_devices[] = {
    { "RTC", "PNP0B00", { 0x70 }, { 2 }, 8 },
    { "KBD", "PNP0303", { 0x60, 0x64 }, { 1, 1 }, 1 },
    { "MOU", "PNP0F13", { 0 }, { 0 }, 12 },
};

static void build_isa_device(Aml *isa, const ISADeviceInfo *info)
{
    Aml dev, crs, buf;

    aml_init(&dev);
    name_eisaid(&dev, "_HID", info->hid);
    aml_init(&crs);
    for (int i = 0; i < 2 && info->io_len[i]; i++) {
        res_io(&crs, info->io[i], info->io_len[i]);
    }
    res_irq_no_flags(&crs, info->irq);
    res_end_tag(&crs);
    aml_init(&buf);
    aml_buffer(&buf, &crs);
    aml_name(&dev, "_CRS", &buf);
    aml_device(isa, info->name, &dev);
    aml_free(&dev);
    aml_free(&crs);
    aml_free(&buf);
}

/*
 * The PIIX3 (01.0): its PIRQ route registers as fields PRQ0-PRQ3, and the
 * ISA devices behind it.
 */
static void build_isa_bridge(Aml *pci0)
{
    static const char *const fields[] = { "PRQ0", "PRQ1", "PRQ2", "PRQ3" };
    Aml isa;

    aml_init(&isa);
    name_int(&isa, "_ADR", (uint32_t)PCI_SLOT(PIIX3_DEVFN) << 16 | PCI_FUNC(PIIX3_DEVFN));
    aml_operation_region(&isa, "P40C", AML_REGION_PCI_CONFIG, PIIX3_PIRQC, 4);
    aml_field_bytes(&isa, "P40C", fields, ARRAY_SIZE(fields));
    for (size_t i = 0; i < ARRAY_SIZE(isa_devices); i++) {
        build_isa_device(&isa, &isa_devices[i]);
    }
    aml_device(pci0, "ISA", &isa);
    aml_free(&isa);
}

/*
 * Helpers of the links, given a route register's value: IQST is its _STA,
 * IQCR its _CRS (the IRQ, or none when disabled).
 */
static void build_link_helpers(Aml *sb)
{
    static const uint32_t no_irq = 0;
    Aml body;

    aml_init(&body);
    aml_add(&body, aml_if(aml_and(aml_arg(0), aml_int(PIRQ_DISABLED)),
                          aml_return(aml_int(STA_DISABLED))));
    aml_add(&body, aml_return(aml_int(STA_ENABLED)));
    aml_method(sb, "IQST", 1, false, &body);
    aml_free(&body);

    aml_init(&body);
    name_irq_template(&body, "PRR0", &no_irq, 1);
    aml_add(&body, aml_create_dword_field(aml_path("PRR0"),
                                          aml_int(RES_INTERRUPT_FIRST_IRQ_OFFSET), "PRRI"));
    aml_add(&body, aml_if(aml_lless(aml_arg(0), aml_int(PIRQ_DISABLED)),
                          aml_store(aml_and(aml_arg(0), aml_int(0x0f)), aml_path("PRRI"))));
    aml_add(&body, aml_return(aml_path("PRR0")));
    /* serialized: it creates named objects */
    aml_method(sb, "IQCR", 1, true, &body);
    aml_free(&body);
}

/* LNKA-LNKD: PCI interrupt link n, routed by PIIX3 register 0x60 + n */
static void build_pirq_link(Aml *sb, int n)
{
    char name[5], reg[32];
    Aml link, body;

    snprintf(name, sizeof(name), "LNK%c", 'A' + n);
    snprintf(reg, sizeof(reg), "\\_SB.PCI0.ISA.PRQ%d", n);
    aml_init(&link);
    name_eisaid(&link, "_HID", "PNP0C0F");
    name_int(&link, "_UID", n);
    name_irq_template(&link, "_PRS", link_irqs, ARRAY_SIZE(link_irqs));

    aml_init(&body);
    aml_add(&body, aml_return(aml_call1("IQST", aml_path(reg))));
    aml_method(&link, "_STA", 0, false, &body);
    aml_free(&body);

    aml_init(&body);
    aml_add(&body, aml_or(aml_path(reg), aml_int(PIRQ_DISABLED), aml_path(reg)));
    aml_method(&link, "_DIS", 0, false, &body);
    aml_free(&body);

    aml_init(&body);
    aml_add(&body, aml_return(aml_call1("IQCR", aml_path(reg))));
    aml_method(&link, "_CRS", 0, false, &body);
    aml_free(&body);

    aml_init(&body);
    aml_add(&body, aml_create_dword_field(aml_arg(0),
                                          aml_int(RES_INTERRUPT_FIRST_IRQ_OFFSET), "PRRI"));
    aml_add(&body, aml_store(aml_path("PRRI"), aml_path(reg)));
    aml_method(&link, "_SRS", 1, true, &body);
    aml_free(&body);

    aml_device(sb, name, &link);
    aml_free(&link);
}

/* LNKS: the SCI, wired to its IRQ whatever the OS asks */
static void build_sci_link(Aml *sb, int sci_irq)
{
    uint32_t irq = sci_irq;
    Aml link, body;

    aml_init(&link);
    name_eisaid(&link, "_HID", "PNP0C0F");
    name_int(&link, "_UID", 4);
    name_int(&link, "_STA", STA_ENABLED);
    name_irq_template(&link, "_PRS", &irq, 1);
    name_irq_template(&link, "_CRS", &irq, 1);
    aml_init(&body);
    aml_method(&link, "_SRS", 1, false, &body);
    aml_method(&link, "_DIS", 0, false, &body);
    aml_free(&body);
    aml_device(sb, "LNKS", &link);
    aml_free(&link);
}

static void build_dsdt_body(Aml *dsdt, const PCAcpiConfig *cfg)
{
    Aml pci0, sb, s5, value;

    aml_init(&pci0);
    name_eisaid(&pci0, "_HID", "PNP0A03");
    name_int(&pci0, "_UID", 0);
    build_pci0_crs(&pci0, cfg->ram_below_4g);
    build_prt(&pci0);
    build_isa_bridge(&pci0);

    aml_init(&sb);
    aml_device(&sb, "PCI0", &pci0);
    build_link_helpers(&sb);
    for (int n = 0; n < PCI_NUM_PINS; n++) {
        build_pirq_link(&sb, n);
    }
    build_sci_link(&sb, cfg->sci_irq);
    aml_scope(dsdt, "\\_SB", &sb);

    /* \_S5: PM1a and PM1b SLP_TYP values for soft-off, what piix4-pm decodes as S5 */
    aml_init(&s5);
    for (int i = 0; i < 4; i++) {
        aml_integer(&s5, 0);
    }
    aml_init(&value);
    aml_package(&value, 4, &s5);
    aml_name(dsdt, "\\_S5", &value);

    aml_free(&pci0);
    aml_free(&sb);
    aml_free(&s5);
    aml_free(&value);
}

static uint32_t build_dsdt(PCAcpiTables *t, const PCAcpiConfig *cfg)
{
    uint8_t header[ACPI_TABLE_HEADER_SIZE] = { 0 };
    uint32_t at = t->tables.len;
    Aml dsdt;

    aml_init(&dsdt);
    aml_bytes(&dsdt, header, sizeof(header));
    build_dsdt_body(&dsdt, cfg);
    acpi_table_header(dsdt.buf, "DSDT", dsdt.len, 1);   /* revision 1: 32-bit integers */
    aml_append(&t->tables, &dsdt);
    aml_free(&dsdt);
    table_finish(t, at);
    return at;
}

static uint32_t build_rsdt(PCAcpiTables *t, const uint32_t *entries, int count)
{
    uint32_t len = ACPI_TABLE_HEADER_SIZE + 4 * count;
    uint32_t at = table_alloc(t, len);

    acpi_table_header(t->tables.buf + at, "RSDT", len, 1);
    for (int i = 0; i < count; i++) {
        table_pointer(t, at + ACPI_TABLE_HEADER_SIZE + 4 * i, entries[i]);
    }
    table_finish(t, at);
    return at;
}

static void pc_acpi_build(PCAcpiTables *t, const PCAcpiConfig *cfg)
{
    uint32_t facs, dsdt, rsdt, entries[2];

    aml_init(&t->tables);
    bios_linker_init(&t->linker);
    bios_linker_allocate(&t->linker, ACPI_TABLES_FILE, FACS_ALIGN, BIOS_LINKER_ZONE_HIGH);
    bios_linker_allocate(&t->linker, ACPI_RSDP_FILE, RSDP_ALIGN, BIOS_LINKER_ZONE_FSEG);

    facs = build_facs(t);
    dsdt = build_dsdt(t, cfg);
    entries[0] = build_fadt(t, cfg, facs, dsdt);
    entries[1] = build_madt(t, cfg);
    rsdt = build_rsdt(t, entries, ARRAY_SIZE(entries));

    memset(t->rsdp, 0, sizeof(t->rsdp));
    memcpy(t->rsdp, "RSD PTR ", 8);
    memcpy(t->rsdp + 9, "QEMUPC", 6);
    t->rsdp[15] = 0;                            /* revision 0: ACPI 1.0 RSDP, RSDT only */
    st32(t->rsdp + RSDP_RSDT_ADDRESS, rsdt);
    bios_linker_add_pointer(&t->linker, ACPI_RSDP_FILE, RSDP_RSDT_ADDRESS, 4, ACPI_TABLES_FILE);
    bios_linker_add_checksum(&t->linker, ACPI_RSDP_FILE, RSDP_CHECKSUM, 0, RSDP_SIZE);
}

static void pc_acpi_free(PCAcpiTables *t)
{
    aml_free(&t->tables);
    bios_linker_free(&t->linker);
}

hwaddr pc_acpi_install(const PCAcpiConfig *cfg)
{
    MemoryRegion *rom = qemu_mallocz(sizeof(*rom));
    uint8_t *area = qemu_mallocz(BIOS_AREA_SIZE);
    uint32_t tables_offset = TABLES_OFFSET;
    PCAcpiTables t;

    pc_acpi_build(&t, cfg);
    assert(tables_offset + t.tables.len <= BIOS_AREA_SIZE);
    memcpy(area, t.rsdp, RSDP_SIZE);
    memcpy(area + tables_offset, t.tables.buf, t.tables.len);
    BiosLinkerBlob blobs[] = {
        { ACPI_RSDP_FILE, area, RSDP_SIZE, BIOS_AREA_BASE },
        { ACPI_TABLES_FILE, area + tables_offset, t.tables.len, BIOS_AREA_BASE + tables_offset },
    };
    if (!bios_linker_run(&t.linker, blobs, ARRAY_SIZE(blobs))) {
        fatal("ACPI: the table-loader commands do not fit the tables");
    }
    pc_acpi_free(&t);

    memory_region_init_rom(rom, "pc.bios-area", BIOS_AREA_SIZE);
    address_space_map(&address_space_memory, rom, BIOS_AREA_BASE, 0);
    address_space_write_rom(&address_space_memory, BIOS_AREA_BASE, area, BIOS_AREA_SIZE);
    free(area);
    return BIOS_AREA_BASE;
}

void pc_acpi_fw_cfg(FWCfgState *fw_cfg, const PCAcpiConfig *cfg)
{
    PCAcpiTables t;

    pc_acpi_build(&t, cfg);
    fw_cfg_add_file(fw_cfg, ACPI_TABLES_FILE, t.tables.buf, t.tables.len);
    fw_cfg_add_file(fw_cfg, ACPI_RSDP_FILE, t.rsdp, RSDP_SIZE);
    fw_cfg_add_file(fw_cfg, TABLE_LOADER_FILE, t.linker.cmds.buf, t.linker.cmds.len);
    pc_acpi_free(&t);
}
