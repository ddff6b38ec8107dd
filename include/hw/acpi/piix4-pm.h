/*
 * The PIIX4 power-management function (PCI 8086:7113) as the PC uses it
 * for ACPI: the PM1 event and control registers, the 24-bit PM timer at
 * 3.579545 MHz and the general-purpose event block in a 64-byte I/O space
 * at PMBA (config 0x40) when PMREGMISC (0x80) enables it; the SCI on an
 * ISA IRQ. Entering S5 (SLP_TYP 0 with SLP_EN) powers the machine off.
 */
#ifndef HW_ACPI_PIIX4_PM_H
#define HW_ACPI_PIIX4_PM_H

#include "hw/pci/pci.h"
#include "qemu/timer.h"

#define PIIX4_PM_IO_SIZE        64
/* the blocks inside the PM I/O space, for the FADT */
#define PIIX4_PM1_EVT_OFFSET    0x00
#define PIIX4_PM1_CNT_OFFSET    0x04
#define PIIX4_PM_TMR_OFFSET     0x08
#define PIIX4_GPE0_OFFSET       0x0c
#define PIIX4_GPE0_LEN          4
#define PM_TIMER_FREQUENCY      3579545
/*
 * The APM control port: writing ACPI_ENABLE or ACPI_DISABLE there sets or
 * clears SCI_EN, which the SMI handler of a real board would do (the FADT
 * names it as SMI_CMD).
 */
#define PIIX4_APM_CNT_PORT      0xb2
#define PIIX4_APM_ACPI_ENABLE   0xf1
#define PIIX4_APM_ACPI_DISABLE  0xf0

typedef struct PIIX4PMState {
    PCIDevice dev;
    uint16_t pm1_sts, pm1_en, pm1_cnt;
    uint16_t gp_sts, gp_en;
    int64_t tmr_overflows_seen;     /* PM timer bit-23 toggles at the last TMR_STS clear */
    uint16_t firmware_io_base;      /* PMBA programmed at reset in place of firmware, 0: none */
    qemu_irq sci;
    QEMUTimer tmr_timer;            /* the next toggle, while TMR_EN is set */
    MemoryRegion io;
    bool io_mapped;
    MemoryRegion apm_io;            /* APM control and status, 0xb2-0xb3 */
    uint8_t apm_cnt, apm_sts;
} PIIX4PMState;

/*
 * The function at devfn with its SCI on sci. firmware_io_base: when the
 * machine starts without firmware, the PMBA and I/O enable that firmware
 * would have programmed (0: leave it to the firmware).
 */
PIIX4PMState *piix4_pm_init(PCIBus *bus, int devfn, qemu_irq sci, int sci_irq,
                            uint16_t firmware_io_base);

#endif
