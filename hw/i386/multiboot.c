/*
 * Multiboot v1 loader (include/hw/i386/multiboot.h), following the
 * Multiboot Specification 0.6.96. Memory after the kernel holds, each on
 * its own page: the modules, then the info structure with its strings,
 * memory map and a flat GDT.
 */
#include "qemu/osdep.h"
#include "hw/i386/multiboot.h"
#include "hw/loader.h"

#define MB_HEADER_MAGIC     0x1BADB002
#define MB_BOOTLOADER_MAGIC 0x2BADB002
#define MB_SEARCH_LIMIT     8192

/* header flags: bits 0-15 are required features, 16-31 optional */
#define MB_HDR_PAGE_ALIGN   (1u << 0)
#define MB_HDR_MEMORY_INFO  (1u << 1)
#define MB_HDR_VIDEO_MODE   (1u << 2)
#define MB_HDR_AOUT_KLUDGE  (1u << 16)
#define MB_HDR_KNOWN_REQUIRED (MB_HDR_PAGE_ALIGN | MB_HDR_MEMORY_INFO | MB_HDR_VIDEO_MODE)

/* info flags */
#define MBI_MEMORY      (1u << 0)
#define MBI_CMDLINE     (1u << 2)
#define MBI_MODS        (1u << 3)
#define MBI_MEM_MAP     (1u << 6)
#define MBI_LOADER_NAME (1u << 9)

/* offsets in the info structure */
enum {
    MBI_FLAGS = 0, MBI_MEM_LOWER = 4, MBI_MEM_UPPER = 8, MBI_CMDLINE_ADDR = 16,
    MBI_MODS_COUNT = 20, MBI_MODS_ADDR = 24, MBI_MMAP_LENGTH = 44, MBI_MMAP_ADDR = 48,
    MBI_LOADER_NAME_ADDR = 64, MBI_SIZE = 88,
};
#define MB_MOD_SIZE  16     /* mod_start, mod_end, string, reserved */
#define MB_MMAP_SIZE 24     /* size (20), base_addr, length, type */

#define LOW_RAM_END   0xa0000
#define HIGH_RAM_BASE 0x100000
#define PAGE_SIZE     4096

/* ELF32 */
#define EI_NIDENT 16
#define ELFCLASS32 1
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define ET_EXEC 2
#define EM_386 3
#define PT_LOAD 1
#define ELF32_EHDR_SIZE 52
#define ELF32_PHDR_SIZE 32

static uint32_t ld32(const uint8_t *p)
{
    return p[0] | (p[1] << 8) | (p[2] << 16) | ((uint32_t)p[3] << 24);
}

static uint16_t ld16(const uint8_t *p)
{
    return p[0] | (p[1] << 8);
}

static void st32(uint8_t *p, uint32_t v)
{
    p[0] = v;
    p[1] = v >> 8;
    p[2] = v >> 16;
    p[3] = v >> 24;
}

static void st64(uint8_t *p, uint64_t v)
{
    st32(p, v);
    st32(p + 4, v >> 32);
}

static uint64_t page_align(uint64_t v)
{
    return (v + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
}

/* offset of the header, or -1 */
static long find_header(const uint8_t *image, size_t size)
{
    size_t limit = MIN(size, MB_SEARCH_LIMIT);

    for (size_t off = 0; off + 12 <= limit; off += 4) {
        uint32_t magic = ld32(image + off);
        if (magic == MB_HEADER_MAGIC &&
            (uint32_t)(magic + ld32(image + off + 4) + ld32(image + off + 8)) == 0) {
            return off;
        }
    }
    return -1;
}

bool multiboot_is_image(const uint8_t *image, size_t size)
{
    return find_header(image, size) >= 0;
}

/* is [addr, addr+len) inside guest RAM (and not the 640K-1M hole) */
static bool in_ram(const MultibootConfig *cfg, uint64_t addr, uint64_t len)
{
    uint64_t end = addr + len;

    if (end < addr) {
        return false;
    }
    return end <= MIN(LOW_RAM_END, cfg->ram_below_4g) ||
           (addr >= HIGH_RAM_BASE && end <= cfg->ram_below_4g);
}

static void add_blob(MultibootImage *mb, hwaddr addr, const uint8_t *data, size_t len,
                     size_t zero_len)
{
    mb->blobs = qemu_realloc(mb->blobs, (mb->nb_blobs + 1) * sizeof(*mb->blobs));
    mb->blobs[mb->nb_blobs++] = (BootBlob){ addr, data, len, zero_len };
}

/* load PT_LOAD segments; returns the end of the highest one */
static uint64_t load_elf(MultibootImage *mb, const MultibootConfig *cfg,
                         const uint8_t *image, size_t size)
{
    const char *file = cfg->kernel_filename;
    uint32_t entry, phoff;
    uint16_t phentsize, phnum;
    uint64_t top = 0;
    bool entry_mapped = false;

    if (size < EI_NIDENT || image[4] == ELFCLASS64) {
        fatal("%s: Cannot load x86-64 image, give a 32bit one", file);
    }
    if (size < ELF32_EHDR_SIZE || image[4] != ELFCLASS32 || image[5] != ELFDATA2LSB) {
        fatal("%s: not a little-endian 32-bit ELF file", file);
    }
    if (ld16(image + 16) != ET_EXEC || ld16(image + 18) != EM_386) {
        fatal("%s: not an i386 ELF executable", file);
    }
    entry = ld32(image + 24);
    phoff = ld32(image + 28);
    phentsize = ld16(image + 42);
    phnum = ld16(image + 44);
    if (phentsize < ELF32_PHDR_SIZE || phnum == 0 ||
        (uint64_t)phoff + (uint64_t)phentsize * phnum > size) {
        fatal("%s: ELF program headers are missing or lie outside the file", file);
    }
    for (unsigned i = 0; i < phnum; i++) {
        const uint8_t *ph = image + phoff + (size_t)i * phentsize;
        uint32_t offset = ld32(ph + 4), vaddr = ld32(ph + 8), paddr = ld32(ph + 12);
        uint32_t filesz = ld32(ph + 16), memsz = ld32(ph + 20);

        if (ld32(ph) != PT_LOAD || memsz == 0) {
            continue;
        }
        if (filesz > memsz || (uint64_t)offset + filesz > size) {
            fatal("%s: ELF segment %u lies outside the file", file, i);
        }
        if (!in_ram(cfg, paddr, memsz)) {
            fatal("%s: ELF segment %u at 0x%08" PRIx32 "-0x%08" PRIx64 " is outside "
                  "guest RAM (640 KiB low, then 1 MiB-%" PRIu64 " MiB); try a larger -m",
                  file, i, paddr, (uint64_t)paddr + memsz - 1, cfg->ram_below_4g >> 20);
        }
        add_blob(mb, paddr, image + offset, filesz, memsz - filesz);
        top = MAX(top, (uint64_t)paddr + memsz);
        /* a higher-half kernel's entry is virtual; paging is off at entry */
        if (!entry_mapped && entry >= vaddr && entry - vaddr < memsz) {
            entry = paddr + (entry - vaddr);
            entry_mapped = true;
        }
    }
    if (top == 0) {
        fatal("%s: ELF file has nothing to load", file);
    }
    mb->entry = entry;
    return top;
}

/* the a.out kludge: the header's address fields say where the image goes */
static uint64_t load_aout_kludge(MultibootImage *mb, const MultibootConfig *cfg,
                                 const uint8_t *image, size_t size, long hdr_off)
{
    const char *file = cfg->kernel_filename;
    const uint8_t *h = image + hdr_off;
    uint32_t header_addr, load_addr, load_end_addr, bss_end_addr, entry_addr;
    uint64_t load_offset, load_size, mem_end;

    if ((size_t)hdr_off + 32 > size) {
        fatal("%s: Multiboot header is cut off by the end of the file", file);
    }
    header_addr = ld32(h + 12);
    load_addr = ld32(h + 16);
    load_end_addr = ld32(h + 20);
    bss_end_addr = ld32(h + 24);
    entry_addr = ld32(h + 28);
    if (load_addr > header_addr || header_addr - load_addr > (uint64_t)hdr_off) {
        fatal("%s: Multiboot header_addr 0x%08" PRIx32 " and load_addr 0x%08" PRIx32
              " do not fit the header's place in the file", file, header_addr, load_addr);
    }
    load_offset = hdr_off - (header_addr - load_addr);
    if (load_end_addr == 0) {
        load_size = size - load_offset;
    } else if (load_end_addr < load_addr || load_end_addr - load_addr > size - load_offset) {
        fatal("%s: Multiboot load_end_addr 0x%08" PRIx32 " is before load_addr or "
              "beyond the end of the file", file, load_end_addr);
    } else {
        load_size = load_end_addr - load_addr;
    }
    mem_end = (uint64_t)load_addr + load_size;
    if (bss_end_addr != 0) {
        if (bss_end_addr < mem_end) {
            fatal("%s: Multiboot bss_end_addr 0x%08" PRIx32 " is before the end of the "
                  "loaded image", file, bss_end_addr);
        }
        mem_end = bss_end_addr;
    }
    if (!in_ram(cfg, load_addr, mem_end - load_addr)) {
        fatal("%s: kernel at 0x%08" PRIx32 "-0x%08" PRIx64 " is outside guest RAM "
              "(640 KiB low, then 1 MiB-%" PRIu64 " MiB); try a larger -m",
              file, load_addr, mem_end - 1, cfg->ram_below_4g >> 20);
    }
    add_blob(mb, load_addr, image + load_offset, load_size, mem_end - load_addr - load_size);
    mb->entry = entry_addr;
    return mem_end;
}

/* split -initrd at commas (",," is a literal comma) into module strings */
static int split_modules(const char *spec, char ***out)
{
    char **mods = NULL;
    int n = 0;
    const char *p = spec;

    while (*p) {
        size_t cap = strlen(p) + 1, len = 0;
        char *s = qemu_malloc(cap);
        while (*p && !(*p == ',' && p[1] != ',')) {
            if (*p == ',') {
                p++;
            }
            s[len++] = *p++;
        }
        s[len] = 0;
        if (*p == ',') {
            p++;
        }
        mods = qemu_realloc(mods, (n + 1) * sizeof(*mods));
        mods[n++] = s;
    }
    *out = mods;
    return n;
}

void multiboot_prepare(MultibootImage *mb, const MultibootConfig *cfg,
                       const uint8_t *image, size_t size)
{
    const char *file = cfg->kernel_filename;
    long hdr_off = find_header(image, size);
    uint32_t flags;
    uint64_t top, mbi_addr, cursor, mods_addr, mmap_addr, gdt_addr, info_size;
    char **mods = NULL;
    int nb_mods = 0;
    char *kcmdline;
    static const char loader_name[] = "qemu";
    uint8_t *info;
    int nb_mmap = 0;

    memset(mb, 0, sizeof(*mb));
    if (hdr_off < 0) {
        fatal("%s: no Multiboot header in the first 8 KiB", file);
    }
    flags = ld32(image + hdr_off + 4);
    if (flags & 0xffff & ~MB_HDR_KNOWN_REQUIRED) {
        fatal("%s: Multiboot header requires unsupported features (flags 0x%08" PRIx32 ")",
              file, flags);
    }
    if (flags & MB_HDR_AOUT_KLUDGE) {
        top = load_aout_kludge(mb, cfg, image, size, hdr_off);
    } else if (size >= 4 && !memcmp(image, "\x7f" "ELF", 4)) {
        top = load_elf(mb, cfg, image, size);
    } else {
        fatal("%s: Multiboot kernel is neither ELF nor marked with the a.out kludge "
              "(header flag 16)", file);
    }

    /* modules go after the kernel, page-aligned (header flag 0 or not) */
    cursor = page_align(MAX(top, HIGH_RAM_BASE));
    if (cfg->initrd) {
        nb_mods = split_modules(cfg->initrd, &mods);
    }
    uint32_t *mod_start = qemu_malloc((nb_mods + 1) * sizeof(*mod_start));
    uint32_t *mod_end = qemu_malloc((nb_mods + 1) * sizeof(*mod_end));
    for (int i = 0; i < nb_mods; i++) {
        char *path = qemu_strdup(mods[i]);
        char *err = NULL;
        size_t msize;
        uint8_t *data;

        path[strcspn(path, " ")] = 0;
        data = load_file(path, cfg->ram_below_4g, &msize, &err);
        if (!data) {
            fatal("Failed to load Multiboot module: %s", err);
        }
        if (!in_ram(cfg, cursor, msize)) {
            fatal("%s: Multiboot module '%s' (%zu bytes) does not fit in guest RAM; "
                  "try a larger -m", file, path, msize);
        }
        add_blob(mb, cursor, data, msize, 0);
        mod_start[i] = cursor;
        mod_end[i] = cursor + msize;
        cursor = page_align(cursor + msize);
        free(path);
    }

    /* the info block: mbi, module list, memory map, strings, GDT */
    kcmdline = qemu_malloc(strlen(file) + strlen(cfg->cmdline) + 2);
    sprintf(kcmdline, "%s%s%s", file, *cfg->cmdline ? " " : "", cfg->cmdline);
    mbi_addr = cursor;
    mods_addr = mbi_addr + MBI_SIZE;
    mmap_addr = mods_addr + (uint64_t)nb_mods * MB_MOD_SIZE;
    info_size = mmap_addr - mbi_addr + 4 * MB_MMAP_SIZE;
    uint64_t strings_off = info_size;
    info_size += strlen(kcmdline) + 1 + sizeof(loader_name);
    for (int i = 0; i < nb_mods; i++) {
        info_size += strlen(mods[i]) + 1;
    }
    info_size = ROUND_UP(info_size, 8);
    gdt_addr = mbi_addr + info_size;
    info_size += 3 * 8;
    if (!in_ram(cfg, mbi_addr, info_size)) {
        fatal("%s: no room for the Multiboot information after the kernel and modules; "
              "try a larger -m", file);
    }
    info = qemu_mallocz(info_size);

    /* strings */
    uint64_t str = strings_off;
    uint32_t cmdline_addr = mbi_addr + str;
    strcpy((char *)info + str, kcmdline);
    str += strlen(kcmdline) + 1;
    uint32_t loader_addr = mbi_addr + str;
    memcpy(info + str, loader_name, sizeof(loader_name));
    str += sizeof(loader_name);
    for (int i = 0; i < nb_mods; i++) {
        uint8_t *m = info + (mods_addr - mbi_addr) + i * MB_MOD_SIZE;
        st32(m, mod_start[i]);
        st32(m + 4, mod_end[i]);
        st32(m + 8, mbi_addr + str);
        strcpy((char *)info + str, mods[i]);
        str += strlen(mods[i]) + 1;
    }

    /* memory map: low RAM, RAM above 1 MiB, the firmware ROM */
    struct { uint64_t base, len; uint32_t type; } mmap[4];
    mmap[nb_mmap++] = (typeof(mmap[0])){ 0, MIN(LOW_RAM_END, cfg->ram_below_4g), 1 };
    if (cfg->ram_below_4g > HIGH_RAM_BASE) {
        mmap[nb_mmap++] = (typeof(mmap[0])){ HIGH_RAM_BASE, cfg->ram_below_4g - HIGH_RAM_BASE, 1 };
    }
    if (cfg->bios_base) {
        mmap[nb_mmap++] = (typeof(mmap[0])){ cfg->bios_base, (1ull << 32) - cfg->bios_base, 2 };
    }
    for (int i = 0; i < nb_mmap; i++) {
        uint8_t *e = info + (mmap_addr - mbi_addr) + i * MB_MMAP_SIZE;
        st32(e, MB_MMAP_SIZE - 4);
        st64(e + 4, mmap[i].base);
        st64(e + 12, mmap[i].len);
        st32(e + 20, mmap[i].type);
    }

    st32(info + MBI_FLAGS, MBI_MEMORY | MBI_CMDLINE | MBI_MODS | MBI_MEM_MAP | MBI_LOADER_NAME);
    st32(info + MBI_MEM_LOWER, MIN(LOW_RAM_END, cfg->ram_below_4g) / 1024);
    st32(info + MBI_MEM_UPPER, cfg->ram_below_4g > HIGH_RAM_BASE ?
                               (cfg->ram_below_4g - HIGH_RAM_BASE) / 1024 : 0);
    st32(info + MBI_CMDLINE_ADDR, cmdline_addr);
    st32(info + MBI_MODS_COUNT, nb_mods);
    st32(info + MBI_MODS_ADDR, mods_addr);
    st32(info + MBI_MMAP_LENGTH, nb_mmap * MB_MMAP_SIZE);
    st32(info + MBI_MMAP_ADDR, mmap_addr);
    st32(info + MBI_LOADER_NAME_ADDR, loader_addr);

    /* null, flat 4 GiB code (0x08), flat 4 GiB data (0x10) */
    uint8_t *gdt = info + (gdt_addr - mbi_addr);
    st64(gdt + 8, 0x00cf9b000000ffffull);
    st64(gdt + 16, 0x00cf93000000ffffull);

    add_blob(mb, mbi_addr, info, info_size, 0);
    mb->mbi_addr = mbi_addr;
    mb->gdt_addr = gdt_addr;

    for (int i = 0; i < nb_mods; i++) {
        free(mods[i]);
    }
    free(mods);
    free(mod_start);
    free(mod_end);
    free(kcmdline);
}

void multiboot_start(const MultibootImage *mb, AddressSpace *as, CPUX86State *env)
{
    static const uint8_t zeroes[PAGE_SIZE];

    for (int i = 0; i < mb->nb_blobs; i++) {
        const BootBlob *b = &mb->blobs[i];
        address_space_write(as, b->addr, b->data, b->len);
        for (size_t done = 0; done < b->zero_len; done += sizeof(zeroes)) {
            address_space_write(as, b->addr + b->len + done, zeroes,
                                MIN(sizeof(zeroes), b->zero_len - done));
        }
    }

    /* the state Multiboot promises: flat protected mode, no paging, IF=0 */
    env->a20_mask = ~0u;
    env->gdt.base = mb->gdt_addr;
    env->gdt.limit = 3 * 8 - 1;
    cpu_x86_update_cr0(env, env->cr[0] | CR0_PE_MASK);
    cpu_x86_load_seg_cache(env, R_CS, 0x08, 0, 0xffffffff, 0x00cf9b00);
    for (int seg = R_ES; seg <= R_GS; seg++) {
        if (seg != R_CS) {
            cpu_x86_load_seg_cache(env, seg, 0x10, 0, 0xffffffff, 0x00cf9300);
        }
    }
    cpu_load_eflags(env, 0x2, ~0u);
    env->regs[R_EAX] = MB_BOOTLOADER_MAGIC;
    env->regs[R_EBX] = mb->mbi_addr;
    env->eip = mb->entry;
    cpu_x86_recompute_hflags(env);
}
