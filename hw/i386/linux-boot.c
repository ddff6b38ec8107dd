/*
 * The Linux x86 boot protocol, 32-bit entry (Documentation/arch/x86/boot.rst
 * in the kernel sources): what a boot loader that skips the real-mode
 * setup code must do. The setup header of the image is copied into a
 * zeroed zero page, the loader fills in the initrd, command line and the
 * E820 map, and the CPU enters code32_start with flat segments loaded
 * from a GDT whose selectors 0x10/0x18 are the kernel's __BOOT_CS/__BOOT_DS
 * and ESI pointing at the zero page.
 */
#include "qemu/osdep.h"
#include "hw/i386/linux-boot.h"
#include "hw/loader.h"

/* where the pieces go: low memory the kernel reserves anyway, below the EBDA */
#define ZERO_PAGE_ADDR     0x10000
#define GDT_ADDR           0x11000
#define CMDLINE_ADDR       LINUX_BOOT_CMDLINE_ADDR
#define CMDLINE_MAX        0x10000      /* up to 0x30000, well below the EBDA */
#define KERNEL_LOAD_ADDR   LINUX_BOOT_KERNEL_ADDR  /* the protected-mode kernel's fixed home */
#define ZERO_PAGE_SIZE     4096

/* struct boot_params offsets */
#define BP_ACPI_RSDP_ADDR  0x070        /* u64, protocol 2.14 */
#define BP_ALT_MEM_K       0x1e0
#define BP_E820_ENTRIES    0x1e8
#define BP_SETUP_SECTS     0x1f1
#define BP_SETUP_HEADER    0x1f1        /* the setup header starts here ... */
#define BP_JUMP            0x200        /* ... its size is given by the jump at 0x200 */
#define BP_HEADER_MAGIC    0x202        /* "HdrS" */
#define BP_VERSION         0x206
#define BP_TYPE_OF_LOADER  0x210
#define BP_LOADFLAGS       0x211
#define BP_CODE32_START    0x214
#define BP_RAMDISK_IMAGE   0x218
#define BP_RAMDISK_SIZE    0x21c
#define BP_CMD_LINE_PTR    0x228
#define BP_INITRD_ADDR_MAX 0x22c        /* protocol 2.03 */
#define BP_CMDLINE_SIZE    0x238        /* protocol 2.06 */
#define BP_PREF_ADDRESS    0x258        /* protocol 2.10 */
#define BP_INIT_SIZE       0x260        /* protocol 2.10 */
#define BP_E820_TABLE      0x2d0
#define BP_E820_MAX        128

#define LOADED_HIGH        0x01         /* loadflags: a bzImage, loaded at 1 MiB */
#define LOADER_TYPE_QEMU   0xb0         /* boot.rst's loader id 0xB, version 0 */

#define BOOT_CS            0x10
#define BOOT_DS            0x18

static uint16_t ld16(const uint8_t *p) { return p[0] | p[1] << 8; }
static uint32_t ld32(const uint8_t *p) { return ld16(p) | (uint32_t)ld16(p + 2) << 16; }
static uint64_t ld64(const uint8_t *p) { return ld32(p) | (uint64_t)ld32(p + 4) << 32; }
static void st16(uint8_t *p, uint16_t v) { p[0] = v; p[1] = v >> 8; }
static void st32(uint8_t *p, uint32_t v) { st16(p, v); st16(p + 2, v >> 16); }
static void st64(uint8_t *p, uint64_t v) { st32(p, v); st32(p + 4, v >> 32); }

bool linux_boot_is_image(const uint8_t *image, size_t size)
{
    return size >= BP_VERSION + 2 && !memcmp(image + BP_HEADER_MAGIC, "HdrS", 4);
}

void linux_boot_prepare(LinuxBootImage *lb, const LinuxBootConfig *cfg,
                        const uint8_t *image, size_t size)
{
    const char *file = cfg->kernel_filename;
    uint16_t version = ld16(image + BP_VERSION);
    size_t header_end = BP_JUMP + 2 + image[BP_JUMP + 1];
    unsigned setup_sects = image[BP_SETUP_SECTS] ? image[BP_SETUP_SECTS] : 4;
    size_t setup_size = (setup_sects + 1) * 512;
    uint64_t initrd_max, cmdline_max, kernel_end;
    size_t cmdline_len = strlen(cfg->cmdline);
    char *err = NULL;

    memset(lb, 0, sizeof(*lb));
    /* 2.02 gave the 32-bit command line pointer; older kernels want the real-mode path */
    if (version < 0x202 || !(image[BP_LOADFLAGS] & LOADED_HIGH)) {
        fatal("%s: Linux boot protocol %x.%02x zImage is not supported "
              "(a bzImage with protocol 2.02 or later is needed)",
              file, version >> 8, version & 0xff);
    }
    if (image[BP_JUMP] != 0xeb || header_end > ZERO_PAGE_SIZE || header_end > size ||
        setup_size >= size) {
        fatal("%s: truncated or corrupt Linux kernel image", file);
    }
    lb->setup = image;
    lb->setup_size = setup_size;
    lb->kernel = image + setup_size;
    lb->kernel_size = size - setup_size;

    /* the decompressor needs init_size bytes at the address it relocates to */
    kernel_end = KERNEL_LOAD_ADDR + lb->kernel_size;
    if (version >= 0x20a) {
        uint64_t pref = ld64(image + BP_PREF_ADDRESS);
        kernel_end = MAX(kernel_end, MAX(pref, KERNEL_LOAD_ADDR) + ld32(image + BP_INIT_SIZE));
    }
    if (kernel_end > cfg->ram_below_4g) {
        fatal("%s: the kernel needs %" PRIu64 " MiB of RAM to unpack; try a larger -m",
              file, (kernel_end + (1 << 20) - 1) >> 20);
    }

    cmdline_max = version >= 0x206 ? ld32(image + BP_CMDLINE_SIZE) : 255;
    cmdline_max = MIN(cmdline_max, CMDLINE_MAX - 1);
    if (cmdline_len > cmdline_max) {
        fatal("-append: the kernel command line is %zu bytes, %s takes at most %" PRIu64,
              cmdline_len, file, cmdline_max);
    }
    lb->cmdline = qemu_strdup(cfg->cmdline);

    lb->zero_page = qemu_mallocz(ZERO_PAGE_SIZE);
    uint8_t *bp = lb->zero_page;
    memcpy(bp + BP_SETUP_HEADER, image + BP_SETUP_HEADER, header_end - BP_SETUP_HEADER);

    if (cfg->initrd_filename) {
        initrd_max = version >= 0x203 ? ld32(image + BP_INITRD_ADDR_MAX) : 0x37ffffff;
        initrd_max = MIN(initrd_max + 1, cfg->ram_below_4g);
        lb->initrd = load_file(cfg->initrd_filename, initrd_max, &lb->initrd_size, &err);
        if (!lb->initrd) {
            fatal("could not load initial ram disk: %s", err);
        }
        /* as high as allowed, page aligned, clear of the unpacking kernel */
        lb->initrd_addr = (initrd_max - lb->initrd_size) & ~(hwaddr)0xfff;
        if (initrd_max < lb->initrd_size || lb->initrd_addr < kernel_end) {
            fatal("%s: the initial ram disk (%zu bytes) does not fit above the kernel "
                  "below %" PRIu64 " MiB; try a larger -m",
                  cfg->initrd_filename, lb->initrd_size, initrd_max >> 20);
        }
        st32(bp + BP_RAMDISK_IMAGE, lb->initrd_addr);
        st32(bp + BP_RAMDISK_SIZE, lb->initrd_size);
    }

    bp[BP_TYPE_OF_LOADER] = LOADER_TYPE_QEMU;
    st32(bp + BP_CODE32_START, KERNEL_LOAD_ADDR);
    st32(bp + BP_CMD_LINE_PTR, CMDLINE_ADDR);
    st32(bp + BP_ALT_MEM_K, cfg->ram_below_4g > KERNEL_LOAD_ADDR ?
                            (cfg->ram_below_4g - KERNEL_LOAD_ADDR) >> 10 : 0);
    if (version >= 0x20e && cfg->acpi_rsdp) {
        st64(bp + BP_ACPI_RSDP_ADDR, cfg->acpi_rsdp);
    }
    QEMU_BUILD_BUG_ON(E820_MAX_ENTRIES > BP_E820_MAX);
    bp[BP_E820_ENTRIES] = cfg->e820->count;
    e820_encode(cfg->e820, bp + BP_E820_TABLE);
    /*
     * screen_info (offset 0) stays zero: no text mode lines or columns,
     * which tells the kernel there is no VGA console to take over.
     */
}

void linux_boot_start(const LinuxBootImage *lb, AddressSpace *as, CPUX86State *env)
{
    /* null, null, __BOOT_CS: flat 4 GiB code, __BOOT_DS: flat 4 GiB data */
    uint8_t gdt[4 * 8] = { 0 };

    st64(gdt + BOOT_CS, 0x00cf9b000000ffffull);
    st64(gdt + BOOT_DS, 0x00cf93000000ffffull);
    address_space_write(as, GDT_ADDR, gdt, sizeof(gdt));
    address_space_write(as, ZERO_PAGE_ADDR, lb->zero_page, ZERO_PAGE_SIZE);
    address_space_write(as, CMDLINE_ADDR, lb->cmdline, strlen(lb->cmdline) + 1);
    address_space_write(as, KERNEL_LOAD_ADDR, lb->kernel, lb->kernel_size);
    if (lb->initrd) {
        address_space_write(as, lb->initrd_addr, lb->initrd, lb->initrd_size);
    }

    /* what boot.rst asks of a 32-bit entry: flat segments, IF=0, ESI = zero page */
    env->a20_mask = ~0u;
    env->gdt.base = GDT_ADDR;
    env->gdt.limit = sizeof(gdt) - 1;
    cpu_x86_update_cr0(env, env->cr[0] | CR0_PE_MASK);
    cpu_x86_load_seg_cache(env, R_CS, BOOT_CS, 0, 0xffffffff, 0x00cf9b00);
    for (int seg = R_ES; seg <= R_GS; seg++) {
        if (seg != R_CS) {
            cpu_x86_load_seg_cache(env, seg, BOOT_DS, 0, 0xffffffff, 0x00cf9300);
        }
    }
    cpu_load_eflags(env, 0x2, ~0u);
    env->regs[R_ESI] = ZERO_PAGE_ADDR;
    env->regs[R_EBP] = 0;
    env->regs[R_EDI] = 0;
    env->regs[R_EBX] = 0;
    env->regs[R_ESP] = ZERO_PAGE_ADDR;
    env->eip = KERNEL_LOAD_ADDR;
    cpu_x86_recompute_hflags(env);
}
