/*
 * Multiboot (v1) direct boot: -kernel with a Multiboot header, ELF32 or
 * a.out-kludge, modules from -initrd "file args,file args", the info
 * structure, and the machine state the spec promises at entry. The board
 * applies it at every reset, as firmware would load the kernel again.
 */
#ifndef HW_I386_MULTIBOOT_H
#define HW_I386_MULTIBOOT_H

#include "qemu/osdep.h"
#include "exec/memory.h"
#include "cpu.h"

typedef struct BootBlob {
    hwaddr addr;
    const uint8_t *data;
    size_t len;                 /* bytes from data */
    size_t zero_len;            /* zeroes after them (bss) */
} BootBlob;

typedef struct MultibootImage {
    BootBlob *blobs;
    int nb_blobs;
    uint32_t entry;
    uint32_t mbi_addr;
    uint32_t gdt_addr;
} MultibootImage;

typedef struct MultibootConfig {
    const char *kernel_filename;
    const char *cmdline;        /* -append */
    const char *initrd;         /* -initrd: modules, NULL if none */
    uint64_t ram_below_4g;      /* RAM at [0, 640K) and [1M, ram_below_4g) */
    hwaddr bios_base;           /* firmware ROM below 4 GiB (0: none), reserved in the map */
} MultibootConfig;

/* does the image carry a Multiboot header in its first 8 KiB */
bool multiboot_is_image(const uint8_t *image, size_t size);
/* lay out kernel, modules and info; on a bad image or layout: fatal, naming the file */
void multiboot_prepare(MultibootImage *mb, const MultibootConfig *cfg,
                       const uint8_t *image, size_t size);
/* write everything into memory and put the CPU in the Multiboot entry state */
void multiboot_start(const MultibootImage *mb, AddressSpace *as, CPUX86State *env);

#endif
