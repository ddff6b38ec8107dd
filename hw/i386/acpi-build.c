/*
 * The PC's ACPI tables for a direct kernel boot (include/hw/i386/pc-platform.h).
 *
 * ACPI 2.0 layout with 32-bit pointers only: RSDP revision 0 -> RSDT ->
 * FADT revision 3 (-> FACS and DSDT) and the MADT. The FADT has no SMI command port, so
 * the OS finds the machine already in ACPI mode, and a reset register at
 * 0xcf9. The DSDT holds the PCI root bridge and the S5 sleep type. The
 * MADT lists the local APIC, the I/O APIC and the ISA interrupt overrides
 * that hw/i386/pc-apic.c wires.
 */
#include "qemu/osdep.h"
#include "hw/i386/pc-platform.h"
#include "hw/acpi/aml-build.h"
#include "hw/acpi/piix4-pm.h"
#include "exec/memory.h"

#define BIOS_AREA_BASE  0xe0000
#define BIOS_AREA_SIZE  0x20000

/* where each table goes inside the area */
#define RSDP_OFFSET     0x000       /* 16-byte aligned: the OS scans in steps of 16 */
#define FACS_OFFSET     0x040       /* 64-byte aligned by the spec */
#define RSDT_OFFSET     0x080
#define FADT_OFFSET     0x100
#define MADT_OFFSET     0x200
#define DSDT_OFFSET     0x400

#define RSDP_SIZE       20
#define FACS_SIZE       64
#define FADT_SIZE       244         /* revision 3 */

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
#define MADT_SIZE                   (44 + 8 + 12 + 10 + 10 + 6)

#define PCI_HOLE_START_MIN          0xe0000000u
#define PCI_HOLE_END                0xfebfffffu

static void st16(uint8_t *p, uint16_t v) { p[0] = v; p[1] = v >> 8; }
static void st32(uint8_t *p, uint32_t v) { st16(p, v); st16(p + 2, v >> 16); }

static void build_facs(uint8_t *t)
{
    memcpy(t, "FACS", 4);
    st32(t + 4, FACS_SIZE);
    t[32] = 1;                                  /* version: ACPI 2.0 layout */
}

static void build_fadt(uint8_t *t, uint16_t pm_io_base, int sci_irq)
{
    uint32_t flags = FADT_FLAG_WBINVD | FADT_FLAG_PROC_C1 | FADT_FLAG_SLP_BUTTON |
                     FADT_FLAG_RTC_S4 | FADT_FLAG_RESET_REG_SUP |
                     FADT_FLAG_USE_PLATFORM_CLOCK;

    acpi_table_header(t, "FACP", FADT_SIZE, 3);
    st32(t + 36, BIOS_AREA_BASE + FACS_OFFSET);
    st32(t + 40, BIOS_AREA_BASE + DSDT_OFFSET);
    t[44] = INT_MODEL_APIC;
    st16(t + 46, sci_irq);
    /* SMI_CMD (48), ACPI_ENABLE/DISABLE stay zero: always in ACPI mode */
    st32(t + 56, pm_io_base + PIIX4_PM1_EVT_OFFSET);
    st32(t + 64, pm_io_base + PIIX4_PM1_CNT_OFFSET);
    st32(t + 76, pm_io_base + PIIX4_PM_TMR_OFFSET);
    st32(t + 80, pm_io_base + PIIX4_GPE0_OFFSET);
    t[88] = 4;                                  /* PM1_EVT_LEN */
    t[89] = 2;                                  /* PM1_CNT_LEN */
    t[91] = 4;                                  /* PM_TMR_LEN */
    t[92] = PIIX4_GPE0_LEN;
    st16(t + 96, C2_C3_UNSUPPORTED);            /* P_LVL2_LAT > 100: no C2 */
    st16(t + 98, C2_C3_UNSUPPORTED);            /* P_LVL3_LAT > 1000: no C3 */
    t[108] = CMOS_CENTURY_INDEX;
    st16(t + 109, IAPC_LEGACY_DEVICES | IAPC_8042);
    st32(t + 112, flags);
    /* RESET_REG: one byte of I/O space */
    t[116] = GAS_SYSTEM_IO;
    t[117] = 8;                                 /* bit width */
    t[118] = 0;                                 /* bit offset */
    t[119] = 1;                                 /* byte access */
    st32(t + 120, RESET_PORT);
    t[128] = RESET_VALUE;
    acpi_table_checksum(t, FADT_SIZE);
}

static void build_madt(uint8_t *t, int sci_irq)
{
    uint8_t *e = t + 44;

    acpi_table_header(t, "APIC", MADT_SIZE, 1);
    st32(t + 36, LOCAL_APIC_BASE);
    st32(t + 40, MADT_FLAG_PCAT_COMPAT);

    e[0] = MADT_LOCAL_APIC;         /* processor 0, APIC ID 0 */
    e[1] = 8;
    st32(e + 4, MADT_ENABLED);
    e += 8;

    e[0] = MADT_IO_APIC;            /* ID 0, GSIs from 0 */
    e[1] = 12;
    st32(e + 4, IO_APIC_BASE);
    e += 12;

    e[0] = MADT_INT_OVERRIDE;       /* ISA IRQ0, the PIT, is GSI 2 */
    e[1] = 10;
    st32(e + 4, 2);
    e += 10;

    e[0] = MADT_INT_OVERRIDE;       /* the SCI: level-triggered, active high */
    e[1] = 10;
    e[3] = sci_irq;
    st32(e + 4, sci_irq);
    st16(e + 8, MPS_ACTIVE_HIGH | MPS_LEVEL);
    e += 10;

    e[0] = MADT_LOCAL_APIC_NMI;     /* NMI on LINT1 of every processor */
    e[1] = 6;
    e[2] = ALL_PROCESSORS;
    e[5] = 1;
    acpi_table_checksum(t, MADT_SIZE);
}

static void build_dsdt_body(Aml *dsdt, uint64_t ram_below_4g)
{
    Aml pci0, crs, crs_buf, value, s5;
    uint32_t hole_start = MAX(ram_below_4g, PCI_HOLE_START_MIN);

    aml_init(&pci0);
    aml_init(&value);
    aml_eisaid(&value, "PNP0A03");
    aml_name(&pci0, "_HID", &value);
    value.len = 0;
    aml_integer(&value, 0);
    aml_name(&pci0, "_ADR", &value);
    aml_name(&pci0, "_UID", &value);

    /* bus 0, the config ports, I/O around them, VGA and the hole below 4 GiB */
    aml_init(&crs);
    res_word_bus_number(&crs, 0x00, 0xff);
    res_io(&crs, 0xcf8, 8);
    res_word_io(&crs, 0x0000, 0x0cf7);
    res_word_io(&crs, 0x0d00, 0xffff);
    res_dword_memory(&crs, 0x000a0000, 0x000bffff);
    res_dword_memory(&crs, hole_start, PCI_HOLE_END);
    res_end_tag(&crs);
    aml_init(&crs_buf);
    aml_buffer(&crs_buf, &crs);
    aml_name(&pci0, "_CRS", &crs_buf);

    Aml sb_body;
    aml_init(&sb_body);
    aml_device(&sb_body, "PCI0", &pci0);
    aml_scope(dsdt, "\\_SB", &sb_body);

    /* \_S5: PM1a and PM1b SLP_TYP values for soft-off, what piix4-pm decodes as S5 */
    aml_init(&s5);
    for (int i = 0; i < 4; i++) {
        aml_integer(&s5, 0);
    }
    value.len = 0;
    aml_package(&value, 4, &s5);
    aml_name(dsdt, "\\_S5", &value);

    aml_free(&pci0);
    aml_free(&crs);
    aml_free(&crs_buf);
    aml_free(&sb_body);
    aml_free(&s5);
    aml_free(&value);
}

hwaddr pc_acpi_install(uint64_t ram_below_4g, uint16_t pm_io_base, int sci_irq)
{
    MemoryRegion *rom = qemu_mallocz(sizeof(*rom));
    uint8_t *area = qemu_mallocz(BIOS_AREA_SIZE);
    Aml dsdt;

    /* DSDT: header, then the AML */
    aml_init(&dsdt);
    aml_bytes(&dsdt, area, ACPI_TABLE_HEADER_SIZE);
    build_dsdt_body(&dsdt, ram_below_4g);
    assert(DSDT_OFFSET + dsdt.len <= BIOS_AREA_SIZE);
    acpi_table_header(dsdt.buf, "DSDT", dsdt.len, 1);   /* revision 1: 32-bit integers */
    acpi_table_checksum(dsdt.buf, dsdt.len);
    memcpy(area + DSDT_OFFSET, dsdt.buf, dsdt.len);
    aml_free(&dsdt);

    build_facs(area + FACS_OFFSET);
    build_fadt(area + FADT_OFFSET, pm_io_base, sci_irq);
    build_madt(area + MADT_OFFSET, sci_irq);

    uint8_t *rsdt = area + RSDT_OFFSET;
    acpi_table_header(rsdt, "RSDT", ACPI_TABLE_HEADER_SIZE + 8, 1);
    st32(rsdt + ACPI_TABLE_HEADER_SIZE, BIOS_AREA_BASE + FADT_OFFSET);
    st32(rsdt + ACPI_TABLE_HEADER_SIZE + 4, BIOS_AREA_BASE + MADT_OFFSET);
    acpi_table_checksum(rsdt, ACPI_TABLE_HEADER_SIZE + 8);

    uint8_t *rsdp = area + RSDP_OFFSET;
    memcpy(rsdp, "RSD PTR ", 8);
    memcpy(rsdp + 9, "QEMUPC", 6);
    rsdp[15] = 0;                               /* revision 0: ACPI 1.0 RSDP, RSDT only */
    st32(rsdp + 16, BIOS_AREA_BASE + RSDT_OFFSET);
    acpi_checksum(rsdp, RSDP_SIZE, 8);

    memory_region_init_rom(rom, "pc.bios-area", BIOS_AREA_SIZE);
    address_space_map(&address_space_memory, rom, BIOS_AREA_BASE, 0);
    address_space_write_rom(&address_space_memory, BIOS_AREA_BASE, area, BIOS_AREA_SIZE);
    free(area);
    return BIOS_AREA_BASE + RSDP_OFFSET;
}
