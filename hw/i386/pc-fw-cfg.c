/* The PC's fw_cfg items (include/hw/i386/pc-platform.h). */
#include "qemu/osdep.h"
#include "hw/i386/pc-platform.h"
#include "hw/i386/linux-boot.h"
#include "hw/i386/e820.h"
#include "hw/nvram/fw_cfg.h"

#define FW_CFG_IRQ0_OVERRIDE    (FW_CFG_ARCH_LOCAL + 2)
#define COM1_PORT               0x3f8

FWCfgState *pc_fw_cfg_init(uint64_t ram_below_4g, const LinuxBootImage *linux_image)
{
    FWCfgState *s = fw_cfg_init_io(&address_space_io, &address_space_memory);
    E820Table ram = { .count = 0 };
    uint8_t e820[E820_ENTRY_SIZE];

    fw_cfg_add_i64(s, FW_CFG_RAM_SIZE, ram_below_4g);
    fw_cfg_add_i16(s, FW_CFG_NB_CPUS, 1);
    fw_cfg_add_i16(s, FW_CFG_MAX_CPUS, 1);
    fw_cfg_add_i16(s, FW_CFG_BOOT_MENU, 0);
    fw_cfg_add_i64(s, FW_CFG_NUMA, 0);
    /* ISA IRQ0 (the 8254) reaches the I/O APIC at pin 2: SeaBIOS's MP table says so */
    fw_cfg_add_i32(s, FW_CFG_IRQ0_OVERRIDE, 1);
    /* RAM only: firmware adds the areas it reserves itself */
    e820_add(&ram, 0, ram_below_4g, E820_RAM);
    e820_encode(&ram, e820);
    fw_cfg_add_file(s, "etc/e820", e820, sizeof(e820));
    /* the board has no display: firmware's screen output goes to COM1 */
    uint8_t sercon[2] = { COM1_PORT & 0xff, COM1_PORT >> 8 };
    fw_cfg_add_file(s, "etc/sercon-port", sercon, sizeof(sercon));

    if (linux_image) {
        const LinuxBootImage *lb = linux_image;
        fw_cfg_add_i32(s, FW_CFG_KERNEL_ADDR, LINUX_BOOT_KERNEL_ADDR);
        fw_cfg_add_i32(s, FW_CFG_KERNEL_SIZE, lb->kernel_size);
        fw_cfg_add_bytes(s, FW_CFG_KERNEL_DATA, lb->kernel, lb->kernel_size);
        fw_cfg_add_i32(s, FW_CFG_SETUP_SIZE, lb->setup_size);
        fw_cfg_add_bytes(s, FW_CFG_SETUP_DATA, lb->setup, lb->setup_size);
        fw_cfg_add_i32(s, FW_CFG_CMDLINE_ADDR, LINUX_BOOT_CMDLINE_ADDR);
        fw_cfg_add_i32(s, FW_CFG_CMDLINE_SIZE, strlen(lb->cmdline) + 1);
        fw_cfg_add_string(s, FW_CFG_CMDLINE_DATA, lb->cmdline);
        if (lb->initrd) {
            fw_cfg_add_i32(s, FW_CFG_INITRD_ADDR, lb->initrd_addr);
            fw_cfg_add_i32(s, FW_CFG_INITRD_SIZE, lb->initrd_size);
            fw_cfg_add_bytes(s, FW_CFG_INITRD_DATA, lb->initrd, lb->initrd_size);
        }
    }
    return s;
}
