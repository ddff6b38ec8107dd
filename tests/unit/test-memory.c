/*
 * Unit test of the memory API (softmmu/memory*.c): priorities and
 * overlaps, aliases, enable/move/unmap, the device access rules (split,
 * widen, alignment, endianness, bounds), address_space_rw across regions,
 * ROM, unmapped space, code invalidation and TLB flushes on changes, port
 * I/O. Built with the sanitizers where the compiler has them, so that any
 * access outside a region's host memory fails the run.
 */
#include "qemu/osdep.h"
#include "exec/memory.h"
#include "exec/cpu-common.h"
#include "unit-test.h"
#include <unistd.h>

/* ---- what the memory core calls in the rest of the emulator ---- */

static int tlb_flushes;
static hwaddr inval_start = -1, inval_end;

void tlb_flush_all(void)
{
    tlb_flushes++;
}

void tb_invalidate_phys_range(hwaddr start, hwaddr end)
{
    inval_start = start;
    inval_end = end;
}

static uint64_t rearm_first = -1, rearm_last;

void tlb_rearm_dirty_log(MemoryRegion *mr, uint64_t first, uint64_t last)
{
    rearm_first = first;
    rearm_last = last;
}

/* ---- a test device: logs its calls, reads back a pattern ---- */

typedef struct Call {
    bool write;
    hwaddr addr;
    unsigned size;
    uint64_t val;
} Call;

typedef struct TestDev {
    Call log[32];
    int n;
    uint64_t read_val;   /* 0: the offset pattern below */
} TestDev;

static uint64_t dev_read(void *opaque, hwaddr addr, unsigned size)
{
    TestDev *d = opaque;
    uint64_t v = 0;

    if (d->read_val) {
        v = d->read_val;
    } else {
        /* byte i of the register file reads as 0xa0 + i, little-endian */
        for (unsigned i = 0; i < size; i++) {
            v |= (uint64_t)(0xa0 + addr + i) << (8 * i);
        }
    }
    if (d->n < 32) {
        d->log[d->n++] = (Call){ false, addr, size, v };
    }
    return v;
}

static void dev_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    TestDev *d = opaque;
    if (d->n < 32) {
        d->log[d->n++] = (Call){ true, addr, size, val };
    }
}

static MemoryRegionOps ops_any = { dev_read, dev_write, DEVICE_LITTLE_ENDIAN, 0, 0 };
static MemoryRegionOps ops_max2 = { dev_read, dev_write, DEVICE_LITTLE_ENDIAN, 1, 2 };
static MemoryRegionOps ops_min4 = { dev_read, dev_write, DEVICE_LITTLE_ENDIAN, 4, 4 };
static MemoryRegionOps ops_be = { dev_read, dev_write, DEVICE_BIG_ENDIAN, 1, 8 };

static AddressSpace as;

static void fresh(void)
{
    address_space_init(&as, "test");
}

static MemoryRegion *lookup(hwaddr addr, hwaddr *off, hwaddr *len)
{
    return address_space_translate(&as, addr, off, len);
}

/* ---- tests ---- */

static void test_ram_rw(void)
{
    MemoryRegion ram;
    uint8_t buf[16], out[16];

    fresh();
    memory_region_init_ram(&ram, "ram", 0x2000);
    address_space_map(&as, &ram, 0x1000, 0);
    for (int i = 0; i < 16; i++) {
        buf[i] = i * 7;
    }
    CHECK(address_space_write(&as, 0x1ff8, buf, 16) == MEMTX_OK);
    CHECK(memcmp(ram.ram + 0xff8, buf, 16) == 0);
    CHECK(address_space_read(&as, 0x1ff8, out, 16) == MEMTX_OK);
    CHECK(memcmp(out, buf, 16) == 0);
    CHECK(inval_start == 0x1ff8 && inval_end == 0x2008);
}

static void test_unmapped(void)
{
    MemoryRegion ram;
    uint8_t buf[8];

    fresh();
    memory_region_init_ram(&ram, "ram", 0x1000);
    address_space_map(&as, &ram, 0x1000, 0);
    memset(buf, 0x12, sizeof(buf));
    CHECK(address_space_read(&as, 0x5000, buf, 8) == MEMTX_ERROR);
    for (int i = 0; i < 8; i++) {
        CHECK(buf[i] == 0xff);
    }
    CHECK(address_space_write(&as, 0x5000, buf, 8) == MEMTX_ERROR);
    hwaddr off, len;
    CHECK(lookup(0x800, &off, &len) == NULL && len == 0x800);
    CHECK(lookup(0x2000, &off, &len) == NULL && len == (hwaddr)-0x2000);
}

static void test_priorities(void)
{
    MemoryRegion ram, dev, low;
    TestDev d = { 0 };
    hwaddr off, len;

    fresh();
    memory_region_init_ram(&ram, "ram", 0x10000);
    memory_region_init_io(&dev, &ops_any, &d, "dev", 0x1000);
    memory_region_init_ram(&low, "low", 0x10000);
    address_space_map(&as, &ram, 0, 1);
    address_space_map(&as, &dev, 0x4000, 2);
    /* mapped later but lower: stays hidden where they overlap */
    address_space_map(&as, &low, 0x4800, 0);

    CHECK(lookup(0x3fff, &off, &len) == &ram && off == 0x3fff && len == 1);
    CHECK(lookup(0x4800, &off, &len) == &dev && off == 0x800 && len == 0x800);
    CHECK(lookup(0x5000, &off, &len) == &ram && off == 0x5000 && len == 0xb000);
    CHECK(lookup(0x10000, &off, &len) == &low && off == 0x10000 - 0x4800 &&
          len == 0x4800 + 0x10000 - 0x10000);

    /* equal priority: the later mapping wins */
    MemoryRegion over;
    memory_region_init_ram(&over, "over", 0x100);
    address_space_map(&as, &over, 0x100, 1);
    CHECK(lookup(0x180, &off, &len) == &over && off == 0x80 && len == 0x80);
    CHECK(lookup(0x200, &off, &len) == &ram && off == 0x200);
}

static void test_enable_move_unmap(void)
{
    MemoryRegion ram, dev;
    TestDev d = { 0 };
    hwaddr off, len;

    fresh();
    memory_region_init_ram(&ram, "ram", 0x10000);
    memory_region_init_io(&dev, &ops_any, &d, "dev", 0x1000);
    address_space_map(&as, &ram, 0, 0);
    address_space_map(&as, &dev, 0x4000, 1);

    int flushes = tlb_flushes;
    memory_region_set_enabled(&dev, false);
    CHECK(tlb_flushes == flushes + 1);
    CHECK(inval_start == 0x4000 && inval_end == 0x5000);
    CHECK(lookup(0x4000, &off, &len) == &ram);
    memory_region_set_enabled(&dev, true);
    CHECK(lookup(0x4000, &off, &len) == &dev);

    uint32_t gen = as.generation;
    memory_region_set_address(&dev, 0x8000);
    CHECK(as.generation != gen);
    CHECK(lookup(0x4000, &off, &len) == &ram);
    CHECK(lookup(0x8010, &off, &len) == &dev && off == 0x10);

    address_space_unmap(&as, &dev);
    CHECK(lookup(0x8010, &off, &len) == &ram && off == 0x8010);
    CHECK(dev.mapped_in == NULL);
    address_space_unmap(&as, &ram);
    CHECK(lookup(0x10, &off, &len) == NULL);
}

static void test_alias(void)
{
    MemoryRegion ram, win, win2, past;
    hwaddr off, len;

    fresh();
    memory_region_init_ram(&ram, "ram", 0x10000);
    memory_region_init_alias(&win, "win", &ram, 0x8000, 0x4000);
    /* an alias of an alias, reaching past the end of the RAM: clamped */
    memory_region_init_alias(&win2, "win2", &win, 0x7000, 0x4000);
    memory_region_init_alias(&past, "past", &ram, 0x20000, 0x1000);
    address_space_map(&as, &win, 0x100000, 0);
    address_space_map(&as, &win2, 0x200000, 0);
    address_space_map(&as, &past, 0x300000, 0);

    CHECK(lookup(0x100010, &off, &len) == &ram && off == 0x8010 && len == 0x3ff0);
    CHECK(lookup(0x200000, &off, &len) == &ram && off == 0xf000 && len == 0x1000);
    CHECK(lookup(0x201000, &off, &len) == NULL);
    CHECK(lookup(0x300000, &off, &len) == NULL);

    uint32_t v = 0xdeadbeef;
    address_space_write(&as, 0x100004, &v, 4);
    CHECK(memcmp(ram.ram + 0x8004, &v, 4) == 0);
    CHECK(memory_region_dispatch_read(&win, 4, 4) == 0xdeadbeef);
}

static void test_split(void)
{
    MemoryRegion dev;
    TestDev d = { 0 };

    memory_region_init_io(&dev, &ops_max2, &d, "dev", 0x100);
    uint64_t v = memory_region_dispatch_read(&dev, 0x10, 8);
    CHECK(v == 0xb7b6b5b4b3b2b1b0ull);
    CHECK(d.n == 4);
    for (int i = 0; i < d.n; i++) {
        CHECK(!d.log[i].write && d.log[i].size == 2 && d.log[i].addr == 0x10 + 2 * i);
    }
    d.n = 0;
    memory_region_dispatch_write(&dev, 0x20, 0x11223344, 4);
    CHECK(d.n == 2);
    CHECK(d.log[0].addr == 0x20 && d.log[0].size == 2 && d.log[0].val == 0x3344);
    CHECK(d.log[1].addr == 0x22 && d.log[1].size == 2 && d.log[1].val == 0x1122);
}

static void test_unaligned(void)
{
    MemoryRegion dev;
    TestDev d = { 0 };

    memory_region_init_io(&dev, &ops_any, &d, "dev", 0x100);
    uint64_t v = memory_region_dispatch_read(&dev, 1, 4);
    CHECK(v == 0xa4a3a2a1);
    CHECK(d.n == 3);
    CHECK(d.log[0].addr == 1 && d.log[0].size == 1);
    CHECK(d.log[1].addr == 2 && d.log[1].size == 2);
    CHECK(d.log[2].addr == 4 && d.log[2].size == 1);
    /* aligned and accepted: one call */
    d.n = 0;
    CHECK(memory_region_dispatch_read(&dev, 8, 8) == 0xafaeadacabaaa9a8ull);
    CHECK(d.n == 1 && d.log[0].size == 8);
}

static void test_widen(void)
{
    MemoryRegion dev;
    TestDev d = { 0 };

    memory_region_init_io(&dev, &ops_min4, &d, "dev", 0x100);
    CHECK(memory_region_dispatch_read(&dev, 0x11, 1) == 0xa0 + 0x11);
    CHECK(d.n == 1 && d.log[0].addr == 0x10 && d.log[0].size == 4);
    CHECK(memory_region_dispatch_read(&dev, 0x12, 2) == 0xb3b2);
    d.n = 0;
    memory_region_dispatch_write(&dev, 0x12, 0x5a, 1);
    CHECK(d.n == 1 && d.log[0].write && d.log[0].addr == 0x10 && d.log[0].size == 4 &&
          d.log[0].val == 0x5a0000);
    /* wider than max and narrower than min pieces at once */
    d.n = 0;
    CHECK(memory_region_dispatch_read(&dev, 0x2, 8) == 0xa9a8a7a6a5a4a3a2ull);
    CHECK(d.n == 3 && d.log[0].addr == 0 && d.log[1].addr == 4 && d.log[2].addr == 8);
}

static void test_endianness(void)
{
    MemoryRegion dev;
    TestDev d = { .read_val = 0x11223344 };
    uint8_t b[4];

    memory_region_init_io(&dev, &ops_be, &d, "dev", 0x100);
    uint64_t v = memory_region_dispatch_read(&dev, 0, 4);
    memcpy(b, &v, 4);   /* host order back to memory order */
    CHECK(b[0] == 0x11 && b[1] == 0x22 && b[2] == 0x33 && b[3] == 0x44);
    memory_region_dispatch_write(&dev, 0, v, 4);
    CHECK(d.n == 2 && d.log[1].val == 0x11223344);
}

static void test_device_bounds(void)
{
    MemoryRegion dev;
    TestDev d = { 0 };

    memory_region_init_io(&dev, &ops_any, &d, "dev", 6);
    CHECK(memory_region_dispatch_read(&dev, 4, 4) == 0xffffffff);
    CHECK(d.n == 0);
    memory_region_dispatch_write(&dev, 4, 0, 4);
    CHECK(d.n == 0);
    CHECK(memory_region_dispatch_read(&dev, 4, 2) == 0xa5a4);
    CHECK(d.n == 1);
}

static void test_rw_across(void)
{
    MemoryRegion ram, dev;
    TestDev d = { 0 };
    uint8_t buf[0x30];

    fresh();
    memory_region_init_ram(&ram, "ram", 0x1000);
    memory_region_init_io(&dev, &ops_any, &d, "dev", 0x10);
    address_space_map(&as, &ram, 0, 0);
    address_space_map(&as, &dev, 0x1000, 0);
    memset(ram.ram + 0xff0, 0x33, 0x10);
    CHECK(address_space_read(&as, 0xff0, buf, 0x30) == MEMTX_ERROR);
    for (int i = 0; i < 0x10; i++) {
        CHECK(buf[i] == 0x33);
        CHECK(buf[0x10 + i] == 0xa0 + i);
        CHECK(buf[0x20 + i] == 0xff);
    }
    /* the device saw naturally aligned pieces, never more than its size */
    CHECK(d.n == 2 && d.log[0].size == 8 && d.log[1].addr == 8);
}

static void test_rom(void)
{
    MemoryRegion rom;
    uint8_t b = 0x77;

    fresh();
    memory_region_init_rom(&rom, "rom", 0x1000);
    address_space_map(&as, &rom, 0xf000, 0);
    CHECK(address_space_write(&as, 0xf010, &b, 1) == MEMTX_OK);
    CHECK(rom.ram[0x10] == 0);
    memory_region_dispatch_write(&rom, 0x10, 0x77, 1);
    CHECK(rom.ram[0x10] == 0);
    CHECK(address_space_write_rom(&as, 0xf010, &b, 1) == MEMTX_OK);
    CHECK(rom.ram[0x10] == 0x77);
    CHECK(memory_region_dispatch_read(&rom, 0x10, 1) == 0x77);
    /* beyond the region: all ones, nothing read from outside it */
    CHECK(memory_region_dispatch_read(&rom, 0xffe, 4) == 0xffff0000);
}

static void test_port_io(void)
{
    MemoryRegion dev;
    TestDev d = { 0 };

    address_space_init(&address_space_io, "io");
    memory_region_init_io(&dev, &ops_any, &d, "port", 8);
    address_space_map(&address_space_io, &dev, 0x3f8, 0);
    cpu_outw(0x3fa, 0xbeef);
    CHECK(d.n == 1 && d.log[0].addr == 2 && d.log[0].size == 2 && d.log[0].val == 0xbeef);
    CHECK(cpu_inb(0x3f9) == 0xa1);
    CHECK(cpu_inl(0x3fc) == 0xa7a6a5a4);
    CHECK(cpu_inl(0x60) == 0xffffffff);
    CHECK(cpu_inw(0x3ff) == 0xffa7);
}

static void test_map_ram(void)
{
    MemoryRegion ram, rom, dev;
    TestDev d = { 0 };
    hwaddr len;
    uint8_t *p;

    fresh();
    memory_region_init_ram(&ram, "ram", 0x2000);
    memory_region_init_rom(&rom, "rom", 0x1000);
    memory_region_init_io(&dev, &ops_any, &d, "dev", 0x10);
    address_space_map(&as, &ram, 0, 0);
    address_space_map(&as, &rom, 0x2000, 0);
    address_space_map(&as, &dev, 0x3000, 0);
    /* cut at the end of the RAM region */
    len = 0x1800;
    p = address_space_map_ram(&as, 0x1000, &len, true);
    CHECK(p == ram.ram + 0x1000 && len == 0x1000);
    address_space_unmap_ram(&as, 0x1000, 0x10, true);
    CHECK(inval_start == 0x1000 && inval_end == 0x1010);
    /* ROM: readable, never writable; devices and holes: never */
    len = 0x10;
    CHECK(address_space_map_ram(&as, 0x2000, &len, false) == rom.ram);
    CHECK(address_space_map_ram(&as, 0x2000, &len, true) == NULL);
    CHECK(address_space_map_ram(&as, 0x3000, &len, false) == NULL);
    CHECK(address_space_map_ram(&as, 0x9000, &len, false) == NULL);
}

static void test_dirty_log(void)
{
    MemoryRegion vram;
    uint8_t b = 1;
    hwaddr len = 0x10;

    fresh();
    memory_region_init_ram(&vram, "vram", 0x4000);
    address_space_map(&as, &vram, 0x10000, 0);
    CHECK(memory_region_get_dirty(&vram, 0, 1));          /* not logging: assume written */
    memory_region_set_dirty_log(&vram, true);
    CHECK(memory_region_get_dirty(&vram, 0x3fff, 1));     /* starts all dirty */
    memory_region_reset_dirty(&vram, 0, 0x4000);
    CHECK(rearm_first == 0 && rearm_last == 3);
    CHECK(!memory_region_get_dirty(&vram, 0, 0x4000));
    /* DMA, and writes through a mapping, mark only the pages they touch */
    address_space_write(&as, 0x11fff, &b, 1);
    CHECK(memory_region_get_dirty(&vram, 0x1000, 0x1000));
    CHECK(!memory_region_get_dirty(&vram, 0, 0x1000));
    CHECK(!memory_region_get_dirty(&vram, 0x2000, 0x2000));
    address_space_map_ram(&as, 0x13000, &len, true);
    address_space_unmap_ram(&as, 0x13000, len, true);
    CHECK(memory_region_get_dirty(&vram, 0x3000, 1));
    /* ranges past the end are cut, never read outside the bitmap */
    CHECK(!memory_region_get_dirty(&vram, 0x5000, 0x1000));
    memory_region_reset_dirty(&vram, 0x1000, 0x100000);
    CHECK(!memory_region_get_dirty(&vram, 0, 0x4000));
    memory_region_set_dirty_log(&vram, false);
}

/* Is [start, start + len) inside a mapping that smaps marks "hg" (MADV_HUGEPAGE)? */
static bool smaps_hugepage_advised(uintptr_t start, size_t len)
{
    FILE *f = fopen("/proc/self/smaps", "r");
    char line[512];
    bool in_range = false, advised = false;

    if (!f) {
        return false;
    }
    while (fgets(line, sizeof(line), f)) {
        unsigned long lo, hi;
        if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2) {
            in_range = lo <= start && start + len <= hi;
        } else if (in_range && !strncmp(line, "VmFlags:", 8)) {
            advised = strstr(line, " hg") != NULL;
            break;
        }
    }
    fclose(f);
    return advised;
}

/* big RAM: 2 MiB-aligned, zeroed, and (where the host has THP) huge-page advised */
static void test_big_ram(void)
{
    const uint64_t size = 6 * 1024 * 1024;
    MemoryRegion ram;
    uint8_t b = 0x5a, out = 0;

    fresh();
    memory_region_init_ram(&ram, "big", size);
    CHECK_EQ((uintptr_t)ram.ram & (2 * 1024 * 1024 - 1), 0);
    CHECK(ram.ram[0] == 0 && ram.ram[size / 2] == 0 && ram.ram[size - 1] == 0);
    address_space_map(&as, &ram, 0, 0);
    CHECK(address_space_write(&as, size - 1, &b, 1) == MEMTX_OK);
    CHECK(address_space_read(&as, size - 1, &out, 1) == MEMTX_OK);
    CHECK_EQ(out, 0x5a);
    if (access("/sys/kernel/mm/transparent_hugepage/enabled", F_OK) == 0) {
        CHECK(smaps_hugepage_advised((uintptr_t)ram.ram, size));
    }
}

/* regions live as long as the machine: nothing to free, nothing leaked */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "detect_leaks=0";
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    run_test("memory/ram-rw", test_ram_rw);
    run_test("memory/unmapped", test_unmapped);
    run_test("memory/priorities", test_priorities);
    run_test("memory/enable-move-unmap", test_enable_move_unmap);
    run_test("memory/alias", test_alias);
    run_test("memory/split", test_split);
    run_test("memory/unaligned", test_unaligned);
    run_test("memory/widen", test_widen);
    run_test("memory/endianness", test_endianness);
    run_test("memory/device-bounds", test_device_bounds);
    run_test("memory/rw-across-regions", test_rw_across);
    run_test("memory/rom", test_rom);
    run_test("memory/port-io", test_port_io);
    run_test("memory/map-ram", test_map_ram);
    run_test("memory/dirty-log", test_dirty_log);
    run_test("memory/big-ram-huge-pages", test_big_ram);
    return failures ? 1 : 0;
}
