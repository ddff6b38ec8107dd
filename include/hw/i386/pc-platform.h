/*
 * Board-side wiring and setup of the PC's platform devices: the APICs,
 * and what firmware would leave behind on a real machine (the CMOS
 * memory size fields, the ACPI tables, the fw_cfg items). pc.c calls
 * these; each lives in its own hw/i386 file.
 */
#ifndef HW_I386_PC_PLATFORM_H
#define HW_I386_PC_PLATFORM_H

#include "hw/rtc/mc146818rtc.h"
#include "hw/i386/i8259.h"
#include "cpu.h"

/* where firmware (SeaBIOS) puts the PIIX4 PM registers, and the SCI's ISA IRQ */
#define PC_PM_IO_BASE   0x600
#define PC_SCI_IRQ      9

/*
 * The local APIC and I/O APIC (hw/i386/pc-apic.c): the 8259's output moves
 * behind the local APIC's LINT0, the CPU acknowledges through the APIC,
 * and every ISA IRQ also reaches the I/O APIC (IRQ0 at pin 2, as the MADT
 * says). Call right after creating the 8259, before the ISA devices take
 * their IRQs.
 */
void pc_apic_init(X86CPU *cpu, PICState *pic, ISABus *isa);

/* memory size, equipment and CPU count bytes (hw/i386/pc-cmos.c) */
void pc_cmos_init(RTCState *rtc, uint64_t ram_below_4g);

/*
 * The ACPI tables (hw/i386/acpi-build.c): RSDT, FADT, FACS, MADT and a
 * DSDT with the PCI root, its interrupt routing through the PIIX3's links
 * and \_S5, for a PIIX4 PM block at pm_io_base with its SCI on sci_irq.
 */
typedef struct PCAcpiConfig {
    uint64_t ram_below_4g;
    uint16_t pm_io_base;
    int sci_irq;
} PCAcpiConfig;
/*
 * Without firmware: put a ROM at the BIOS area 0xe0000-0xfffff holding
 * the tables, the RSDP where the OS scans for it. Returns the RSDP's address.
 */
hwaddr pc_acpi_install(const PCAcpiConfig *cfg);
/* with firmware: the tables and the table-loader commands as fw_cfg files */
struct FWCfgState;
void pc_acpi_fw_cfg(struct FWCfgState *fw_cfg, const PCAcpiConfig *cfg);

/*
 * The fw_cfg device with what SeaBIOS reads: RAM size and E820 RAM map,
 * CPU counts, and for -kernel the kernel, initrd and command line items
 * (linux_image NULL when there is none) (hw/i386/pc-fw-cfg.c).
 */
struct LinuxBootImage;
struct FWCfgState *pc_fw_cfg_init(uint64_t ram_below_4g,
                                  const struct LinuxBootImage *linux_image);

/*
 * What firmware does to PCI before an OS runs, for a direct kernel boot
 * (hw/i386/pc-pci-setup.c): on bus 0, every BAR sized and placed (I/O from
 * 0xc000, memory from 0xe0000000), decoding enabled, the PIIX3 PIRQ routes
 * set to PC_PIRQ_IRQS, each device's Interrupt Line set to the IRQ its pin
 * reaches, and those IRQs made level-triggered in the ELCR.
 */
#define PC_PIRQ_IRQS    { 10, 10, 11, 11 }
struct PCIBus;
void pc_pci_setup(struct PCIBus *bus, PICState *pic);

#endif
