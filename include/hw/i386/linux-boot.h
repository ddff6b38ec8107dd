/*
 * Direct Linux boot (-kernel bzImage -initrd -append) through the x86
 * 32-bit boot protocol: no firmware runs, the board loads the protected
 * mode kernel at 1 MiB, fills the zero page (struct boot_params) and
 * starts the CPU in flat protected mode at the kernel's 32-bit entry.
 * The board applies it at every reset, as firmware would load it again.
 */
#ifndef HW_I386_LINUX_BOOT_H
#define HW_I386_LINUX_BOOT_H

#include "qemu/osdep.h"
#include "exec/memory.h"
#include "hw/i386/e820.h"
#include "cpu.h"

typedef struct LinuxBootConfig {
    const char *kernel_filename;
    const char *cmdline;            /* -append */
    const char *initrd_filename;    /* NULL if none */
    uint64_t ram_below_4g;          /* RAM at [0, 640K) and [1M, ram_below_4g) */
    const E820Table *e820;
    hwaddr acpi_rsdp;               /* 0 if the board has no ACPI tables */
} LinuxBootConfig;

typedef struct LinuxBootImage {
    const uint8_t *setup;           /* the real-mode part, into the file image */
    size_t setup_size;
    const uint8_t *kernel;          /* the protected-mode part, into the file image */
    size_t kernel_size;
    uint8_t *initrd;
    size_t initrd_size;
    hwaddr initrd_addr;
    uint8_t *zero_page;             /* struct boot_params, filled */
    char *cmdline;
} LinuxBootImage;

#define LINUX_BOOT_KERNEL_ADDR  0x100000
#define LINUX_BOOT_CMDLINE_ADDR 0x20000

/* does the image carry the Linux boot protocol header ("HdrS") */
bool linux_boot_is_image(const uint8_t *image, size_t size);
/*
 * Check the image and lay out kernel, initrd, command line and zero page;
 * on a bad or too large image or initrd: fatal, naming the file. The image
 * must stay allocated: the kernel is written from it at every reset.
 */
void linux_boot_prepare(LinuxBootImage *lb, const LinuxBootConfig *cfg,
                        const uint8_t *image, size_t size);
/* write everything into memory and put the CPU in the 32-bit entry state */
void linux_boot_start(const LinuxBootImage *lb, AddressSpace *as, CPUX86State *env);

#endif
