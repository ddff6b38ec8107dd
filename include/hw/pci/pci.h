/*
 * Conventional PCI: a bus of 256 device functions (devfn = slot << 3 |
 * function), each with a 256-byte configuration space, BARs mapped into
 * the memory or I/O address space when the guest enables decoding, and
 * four INTx lines that the bus routes to the board's interrupt inputs.
 *
 * A device fills its config header with pci_init_device(), declares its
 * BARs with pci_register_bar() and may hook config reads and writes.
 */
#ifndef HW_PCI_PCI_H
#define HW_PCI_PCI_H

#include "hw/irq.h"
#include "hw/qdev.h"
#include "exec/memory.h"

#define PCI_CONFIG_SPACE_SIZE   256
#define PCI_NUM_BARS            6
#define PCI_NUM_PINS            4
#define PCI_DEVFN(slot, fn)     (((slot) << 3) | (fn))
#define PCI_SLOT(devfn)         ((devfn) >> 3)
#define PCI_FUNC(devfn)         ((devfn) & 7)

/* configuration header (type 0) */
#define PCI_VENDOR_ID           0x00
#define PCI_DEVICE_ID           0x02
#define PCI_COMMAND             0x04
#define  PCI_COMMAND_IO         0x0001
#define  PCI_COMMAND_MEMORY     0x0002
#define  PCI_COMMAND_MASTER     0x0004
#define  PCI_COMMAND_INTX_DISABLE 0x0400
#define PCI_STATUS              0x06
#define  PCI_STATUS_INTERRUPT   0x0008
#define  PCI_STATUS_CAP_LIST    0x0010
#define  PCI_STATUS_FAST_BACK   0x0080
#define  PCI_STATUS_DEVSEL_MEDIUM 0x0200
#define PCI_REVISION_ID         0x08
#define PCI_CLASS_PROG          0x09
#define PCI_CLASS_DEVICE        0x0a
#define PCI_HEADER_TYPE         0x0e
#define  PCI_HEADER_TYPE_MULTI_FUNCTION 0x80
#define PCI_BASE_ADDRESS_0      0x10
#define  PCI_BASE_ADDRESS_SPACE_IO 0x01
#define PCI_SUBSYSTEM_VENDOR_ID 0x2c
#define PCI_SUBSYSTEM_ID        0x2e
#define PCI_ROM_ADDRESS         0x30
#define  PCI_ROM_ADDRESS_ENABLE 0x01
#define PCI_CAPABILITY_LIST     0x34
#define PCI_INTERRUPT_LINE      0x3c
#define PCI_INTERRUPT_PIN       0x3d

#define PCI_VENDOR_ID_INTEL     0x8086
#define PCI_CLASS_BRIDGE_HOST   0x0600
#define PCI_CLASS_BRIDGE_ISA    0x0601
#define PCI_CLASS_BRIDGE_OTHER  0x0680
#define PCI_CLASS_STORAGE_IDE   0x0101
#define PCI_CLASS_STORAGE_SCSI  0x0100
#define PCI_CLASS_STORAGE_OTHER 0x0180
#define PCI_CLASS_NETWORK_ETHERNET 0x0200
#define PCI_CLASS_DISPLAY_VGA   0x0300
#define PCI_CLASS_DISPLAY_OTHER 0x0380

/* capability ids (the list starts at PCI_CAPABILITY_LIST) */
#define PCI_CAP_ID_MSI          0x05
#define PCI_CAP_ID_VNDR         0x09
#define PCI_CAP_ID_MSIX         0x11

typedef struct PCIBus PCIBus;
typedef struct PCIDevice PCIDevice;

/* PCI_BAR_MEM32_PREFETCH: a 32-bit memory BAR with the prefetchable bit (framebuffers) */
typedef enum PCIBarType {
    PCI_BAR_UNUSED, PCI_BAR_IO, PCI_BAR_MEM32, PCI_BAR_MEM32_PREFETCH
} PCIBarType;

typedef struct PCIBar {
    PCIBarType type;
    uint64_t size;              /* a power of two */
    MemoryRegion *mr;
    hwaddr addr;                /* where it is mapped, or PCI_BAR_UNMAPPED */
} PCIBar;
#define PCI_BAR_UNMAPPED ((hwaddr)-1)

struct PCIDevice {
    DeviceState qdev;           /* first: -device PCI devices are qdev devices */
    char *addr_prop;            /* the "addr" property, "slot[.fn]" in hex; NULL: any */
    const char *name;
    PCIBus *bus;
    int devfn;
    uint8_t config[PCI_CONFIG_SPACE_SIZE];
    uint8_t wmask[PCI_CONFIG_SPACE_SIZE];   /* bits the guest may write */
    uint8_t w1cmask[PCI_CONFIG_SPACE_SIZE]; /* bits a written one clears */
    PCIBar bars[PCI_NUM_BARS];
    PCIBar rom;                             /* expansion ROM (PCI_ROM_ADDRESS) */
    uint8_t next_cap;                       /* where the next capability goes */
    uint8_t irq_state;                      /* INTx levels, bit per pin */
    /* optional hooks; the defaults apply the masks and remap BARs */
    uint32_t (*config_read)(PCIDevice *d, uint32_t addr, int len);
    void (*config_write)(PCIDevice *d, uint32_t addr, uint32_t val, int len);
};

/* map_irq: the bus line (0-3) a device's pin (0 = INTA) drives */
typedef int PCIMapIRQFn(PCIDevice *d, int pin);
/* set_irq: a bus line's level changed (shared lines are ORed by the bus) */
typedef void PCISetIRQFn(void *opaque, int line, int level);

struct PCIBus {
    BusState qbus;                          /* type "PCI": -device finds it */
    PCIDevice *devices[256];
    PCIMapIRQFn *map_irq;
    PCISetIRQFn *set_irq;
    void *irq_opaque;
    int irq_count[PCI_NUM_PINS];            /* asserted devices per bus line */
    AddressSpace *mem, *io;
};

PCIBus *pci_bus_new(AddressSpace *mem, AddressSpace *io);
void pci_bus_irqs(PCIBus *bus, PCIMapIRQFn *map_irq, PCISetIRQFn *set_irq, void *opaque);

/* plug d in at devfn and give it a blank header with these ids; fatal if taken */
void pci_init_device(PCIBus *bus, PCIDevice *d, const char *name, int devfn,
                     uint16_t vendor, uint16_t device, uint8_t revision, uint16_t class_id);
/*
 * For -device PCI devices: put "DEFINE_PROP_PCI_ADDR(MyState, pci)" among the
 * properties and call this first in realize. It takes the slot the user gave
 * with addr= (hex "slot" or "slot.fn") or the first free slot from 2 on, and
 * then does what pci_init_device() does. false with *errp set if the slot is
 * taken or the bus is full.
 */
bool pci_qdev_init(PCIDevice *d, BusState *bus, const char *name,
                   uint16_t vendor, uint16_t device, uint8_t revision,
                   uint16_t class_id, char **errp);
#define DEFINE_PROP_PCI_ADDR(st, field) \
    DEFINE_PROP_STRING("addr", st, field.addr_prop, "slot[.function] on the PCI bus (hex)")
static inline PCIDevice *pci_from_qdev(DeviceState *dev)
{
    return container_of(dev, PCIDevice, qdev);
}

/* BAR n decodes mr (its size a power of two) in I/O or 32-bit memory space */
void pci_register_bar(PCIDevice *d, int n, PCIBarType type, MemoryRegion *mr);
/* the expansion ROM BAR shows rom (a ROM region, size a power of two) */
void pci_register_rom(PCIDevice *d, MemoryRegion *rom);
/*
 * Append a capability of size bytes (header included) to the list;
 * returns its offset in config space, with the id and next pointer filled.
 * The caller sets wmask for any bytes the guest may write.
 */
uint8_t pci_add_capability(PCIDevice *d, uint8_t cap_id, uint8_t size);

/*
 * DMA by a bus master: through the bus's memory space, bounds-checked.
 * With bus mastering off in the command register nothing is transferred
 * (reads fill buf with all ones) and MEMTX_ERROR is returned, as on a
 * real bus. Writes invalidate translated code they overwrite.
 */
MemTxResult pci_dma_read(PCIDevice *d, uint64_t addr, void *buf, uint64_t len);
MemTxResult pci_dma_write(PCIDevice *d, uint64_t addr, const void *buf, uint64_t len);
/*
 * Zero-copy DMA (block and network data): a host pointer to guest RAM at
 * addr, *len cut down to what stays in one RAM region; NULL if addr is not
 * RAM or bus mastering is off (use pci_dma_read/write then). After writing
 * through it, call pci_dma_unmap with the length written so translated code
 * there is invalidated.
 */
void *pci_dma_map(PCIDevice *d, uint64_t addr, uint64_t *len, bool is_write);
void pci_dma_unmap(PCIDevice *d, uint64_t addr, uint64_t len, bool is_write);
/* INTx on the device's pin (PCI_INTERRUPT_PIN), honouring INTx disable */
void pci_set_irq(PCIDevice *d, int level);
/* back to the power-on header state: command, status, BARs unmapped */
void pci_device_reset(PCIDevice *d);

/* configuration cycles, for host bridges: bus 0 only; absent devices read all ones */
uint32_t pci_bus_config_read(PCIBus *bus, int devfn, uint32_t addr, int len);
void pci_bus_config_write(PCIBus *bus, int devfn, uint32_t addr, uint32_t val, int len);

/* the defaults, for hooks that handle a few registers and pass the rest on */
uint32_t pci_default_config_read(PCIDevice *d, uint32_t addr, int len);
void pci_default_config_write(PCIDevice *d, uint32_t addr, uint32_t val, int len);

static inline void pci_set_word(uint8_t *p, uint16_t v) { p[0] = v; p[1] = v >> 8; }
static inline void pci_set_long(uint8_t *p, uint32_t v)
{
    pci_set_word(p, v);
    pci_set_word(p + 2, v >> 16);
}
static inline uint16_t pci_get_word(const uint8_t *p) { return p[0] | p[1] << 8; }
static inline uint32_t pci_get_long(const uint8_t *p)
{
    return pci_get_word(p) | (uint32_t)pci_get_word(p + 2) << 16;
}

#endif
