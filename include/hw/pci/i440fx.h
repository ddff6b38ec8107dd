/*
 * The PC's PCI chipset: the i440FX host bridge (00.0) with configuration
 * mechanism #1 at ports 0xcf8/0xcfc, and the PIIX3 PCI-to-ISA bridge
 * (01.0) whose PIRQ route registers steer PCI INTA-D to ISA IRQs.
 */
#ifndef HW_PCI_I440FX_H
#define HW_PCI_I440FX_H

#include "hw/pci/pci.h"
#include "hw/isa.h"

#define PIIX3_DEVFN PCI_DEVFN(1, 0)

#define I440FX_PAM_SEGMENTS 13       /* 0xf0000 (64K), then 0xc0000-0xeffff in 16K pieces */

typedef struct I440FXState {
    PCIBus *bus;
    PCIDevice dev;
    MemoryRegion pam_ram[I440FX_PAM_SEGMENTS];  /* RAM windows over the BIOS area */
    uint32_t config_address;            /* CONFADD, port 0xcf8 */
    MemoryRegion conf_addr_io, conf_data_io;
    MemoryRegion *byte_io_at_cf9;       /* what answers byte accesses at 0xcf9 */
} I440FXState;

typedef struct PIIX3State {
    PCIDevice dev;
    ISABus *isa;
    uint8_t line_levels;                /* PIRQA-D levels, bit per line */
    uint16_t isa_levels;                /* the ISA IRQs we drive high */
} PIIX3State;

/*
 * The host bridge and its bus on these address spaces. CONFADD is only a
 * dword register; byte_io_at_cf9 (the reset control register, may be NULL)
 * keeps the byte at 0xcf9 it overlaps. ram is the RAM block whose bytes at
 * 0xc0000-0xfffff the PAM registers can show in place of ROM.
 */
I440FXState *i440fx_init(AddressSpace *mem, AddressSpace *io, MemoryRegion *byte_io_at_cf9,
                         MemoryRegion *ram);
/* the ISA bridge at 01.0; PCI interrupts go to isa's IRQs */
PIIX3State *piix3_init(PCIBus *bus, ISABus *isa);

#endif
