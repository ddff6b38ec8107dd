/*
 * fw_cfg: QEMU's firmware configuration interface, the channel through
 * which firmware (SeaBIOS, OpenBIOS) learns about the machine. Items are
 * blobs named by a 16-bit key; named files live in a directory at key
 * FW_CFG_FILE_DIR. On the PC: selector at port 0x510 (16-bit), data at
 * 0x511 (8-bit, read-only), DMA descriptor address at 0x514 (64-bit
 * big-endian; writing the low half starts the transfer).
 */
#ifndef HW_NVRAM_FW_CFG_H
#define HW_NVRAM_FW_CFG_H

#include "exec/memory.h"

/* keys (docs/specs/fw_cfg.txt in QEMU's sources) */
#define FW_CFG_SIGNATURE        0x00
#define FW_CFG_ID               0x01
#define FW_CFG_UUID             0x02
#define FW_CFG_RAM_SIZE         0x03
#define FW_CFG_NOGRAPHIC        0x04
#define FW_CFG_NB_CPUS          0x05
#define FW_CFG_MACHINE_ID       0x06
#define FW_CFG_KERNEL_ADDR      0x07
#define FW_CFG_KERNEL_SIZE      0x08
#define FW_CFG_KERNEL_CMDLINE   0x09
#define FW_CFG_INITRD_ADDR      0x0a
#define FW_CFG_INITRD_SIZE      0x0b
#define FW_CFG_BOOT_DEVICE      0x0c
#define FW_CFG_NUMA             0x0d
#define FW_CFG_BOOT_MENU        0x0e
#define FW_CFG_MAX_CPUS         0x0f
#define FW_CFG_KERNEL_ENTRY     0x10
#define FW_CFG_KERNEL_DATA      0x11
#define FW_CFG_INITRD_DATA      0x12
#define FW_CFG_CMDLINE_ADDR     0x13
#define FW_CFG_CMDLINE_SIZE     0x14
#define FW_CFG_CMDLINE_DATA     0x15
#define FW_CFG_SETUP_ADDR       0x16
#define FW_CFG_SETUP_SIZE       0x17
#define FW_CFG_SETUP_DATA       0x18
#define FW_CFG_FILE_DIR         0x19
#define FW_CFG_FILE_FIRST       0x20
#define FW_CFG_FILE_SLOTS       0x20
#define FW_CFG_ARCH_LOCAL       0x8000
#define FW_CFG_MAX_ENTRY        (FW_CFG_FILE_FIRST + FW_CFG_FILE_SLOTS)

#define FW_CFG_IO_BASE          0x510
#define FW_CFG_DMA_IO_BASE      0x514
#define FW_CFG_MAX_FILE_PATH    56

typedef struct FWCfgEntry {
    uint8_t *data;              /* owned; NULL: no item */
    uint32_t len;
} FWCfgEntry;

typedef struct FWCfgState {
    FWCfgEntry entries[FW_CFG_MAX_ENTRY];   /* generic keys and files */
    FWCfgEntry arch_entries[FW_CFG_MAX_ENTRY]; /* keys from FW_CFG_ARCH_LOCAL on */
    char file_names[FW_CFG_FILE_SLOTS][FW_CFG_MAX_FILE_PATH];
    int nb_files;
    uint16_t cur_key;
    uint32_t cur_offset;
    uint64_t dma_addr;          /* as the guest is writing it */
    AddressSpace *dma_as;
    MemoryRegion ctl_io, dma_io;
} FWCfgState;

/* ports at FW_CFG_IO_BASE and FW_CFG_DMA_IO_BASE; DMA reaches dma_as */
FWCfgState *fw_cfg_init_io(AddressSpace *io, AddressSpace *dma_as);
/* items are copied; adding a key again replaces it */
void fw_cfg_add_bytes(FWCfgState *s, uint16_t key, const void *data, size_t len);
void fw_cfg_add_i16(FWCfgState *s, uint16_t key, uint16_t v);
void fw_cfg_add_i32(FWCfgState *s, uint16_t key, uint32_t v);
void fw_cfg_add_i64(FWCfgState *s, uint16_t key, uint64_t v);
void fw_cfg_add_string(FWCfgState *s, uint16_t key, const char *str);
/* a named file; a board bug (too many, name too long) is fatal */
void fw_cfg_add_file(FWCfgState *s, const char *name, const void *data, size_t len);

#endif
