/*
 * Unit tests of the PC platform devices: MC146818 RTC, i8042 + PS/2,
 * fw_cfg, PCI (config mechanism #1, i440FX PAM, PIIX3 PIRQ routing, BARs),
 * PIIX4 power management, the I/O APIC and the AML encoder.
 *
 * The devices are linked from source with the real memory core; the
 * virtual clock is stepped by hand, so every timing check is exact.
 */
#include "qemu/osdep.h"
#include "qemu/timer.h"
#include "exec/memory.h"
#include "exec/cpu-common.h"
#include "hw/irq.h"
#include "hw/isa.h"
#include "hw/rtc/mc146818rtc.h"
#include "hw/input/i8042.h"
#include "hw/nvram/fw_cfg.h"
#include "hw/pci/i440fx.h"
#include "hw/acpi/piix4-pm.h"
#include "hw/acpi/aml-build.h"
#include "hw/acpi/bios-linker.h"
#include "hw/intc/ioapic.h"
#include "sysemu/runstate.h"
#include <sys/wait.h>
#include <unistd.h>
#include "unit-test.h"

/* each test in its own process: devices, timers and address spaces are global */
static void run_test_isolated(const char *name, void (*fn)(void))
{
    int status;
    pid_t pid = fork();

    if (pid == 0) {
        bool passed = run_test(name, fn);
        fflush(stdout);
        _exit(passed ? 0 : 1);
    }
    if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
        WEXITSTATUS(status)) {
        if (pid < 0 || !WIFEXITED(status)) {
            printf("FAIL %s: the test process died\n", name);
        }
        failures++;
    }
}

/* ---- what the memory core calls in the rest of the emulator ---- */

void tlb_flush_all(void)
{
}

void tb_invalidate_phys_range(hwaddr start, hwaddr end)
{
}

void tlb_rearm_dirty_log(MemoryRegion *mr, uint64_t first, uint64_t last)
{
}

/* the device registry is not under test here: buses need not be findable */
void qbus_register(BusState *bus)
{
}

/* ---- a fresh machine: address spaces, an ISA bus of probe lines ---- */

static ISABus isa;
static LineProbe isa_lines[ISA_NUM_IRQS];
static MemoryRegion ram;

/* the tests leave their machines behind */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "detect_leaks=0";
}

static void machine_new(void)
{
    address_space_init(&address_space_memory, "memory");
    address_space_init(&address_space_io, "I/O");
    memset(&isa, 0, sizeof(isa));
    memset(isa_lines, 0, sizeof(isa_lines));
    isa.io = &address_space_io;
    for (int i = 0; i < ISA_NUM_IRQS; i++) {
        isa.irqs[i] = qemu_allocate_irq(probe_set, &isa_lines[i], i);
    }
    memory_region_init_ram(&ram, "ram", 1 << 20);
    address_space_map(&address_space_memory, &ram, 0, 0);
    qemu_shutdown_requested();
    qemu_reset_requested();
}

static void step_ms(int ms)
{
    qemu_clock_step((int64_t)ms * SCALE_MS);
}

/* ================= MC146818 RTC ================= */

static RTCState *rtc;

static uint8_t cmos_read(uint8_t idx)
{
    cpu_outb(0x70, idx);
    return cpu_inb(0x71);
}

static void cmos_write(uint8_t idx, uint8_t val)
{
    cpu_outb(0x70, idx);
    cpu_outb(0x71, val);
}

/* 2024-02-29 23:59:58 in BCD 24-hour mode, started now */
static void rtc_set_leap_day(void)
{
    cmos_write(0x0b, 0x82);                 /* SET, 24h, BCD */
    cmos_write(0x00, 0x58);
    cmos_write(0x02, 0x59);
    cmos_write(0x04, 0x23);
    cmos_write(0x07, 0x29);
    cmos_write(0x08, 0x02);
    cmos_write(0x09, 0x24);
    cmos_write(0x32, 0x20);
    cmos_write(0x0b, 0x02);
}

static void rtc_setup(void)
{
    machine_new();
    rtc = rtc_init(&isa);
}

static void test_rtc_cmos_memory(void)
{
    rtc_setup();
    rtc_set_memory(rtc, 0x15, 0x80);
    CHECK_EQ(cmos_read(0x15), 0x80);
    cmos_write(0x40, 0x5a);
    CHECK_EQ(rtc_get_memory(rtc, 0x40), 0x5a);
    CHECK_EQ(cmos_read(0x0d), 0x80);        /* VRT: the battery is good */
    /* bit 7 of the index masks NMIs and is not part of the index */
    CHECK_EQ(cmos_read(0x80 | 0x15), 0x80);
    CHECK(rtc->nmi_masked);
}

static void test_rtc_time_rollover(void)
{
    rtc_setup();
    rtc_set_leap_day();
    CHECK_EQ(cmos_read(0x00), 0x58);
    step_ms(2000);
    CHECK_EQ(cmos_read(0x00), 0x00);
    CHECK_EQ(cmos_read(0x02), 0x00);
    CHECK_EQ(cmos_read(0x04), 0x00);
    CHECK_EQ(cmos_read(0x07), 0x01);        /* March 1st */
    CHECK_EQ(cmos_read(0x08), 0x03);
    CHECK_EQ(cmos_read(0x06), 0x06);        /* a Friday: day 6 counting Sunday as 1 */
    /* SET freezes the registers */
    cmos_write(0x0b, 0x82);
    step_ms(5000);
    CHECK_EQ(cmos_read(0x00), 0x00);
}

static void test_rtc_update_in_progress(void)
{
    rtc_setup();
    rtc_set_leap_day();
    step_ms(500);
    CHECK_EQ(cmos_read(0x0a) & 0x80, 0);
    qemu_clock_step(500 * SCALE_MS - 100 * SCALE_US);      /* 100 us before the update */
    CHECK_EQ(cmos_read(0x0a) & 0x80, 0x80);
    CHECK_EQ(cmos_read(0x00), 0x58);
    qemu_clock_step(1 * SCALE_MS);                          /* inside the update cycle */
    CHECK_EQ(cmos_read(0x0a) & 0x80, 0x80);
    qemu_clock_step(2 * SCALE_MS);                          /* after it */
    CHECK_EQ(cmos_read(0x0a) & 0x80, 0);
    CHECK_EQ(cmos_read(0x00), 0x59);
}

static void test_rtc_12h_binary(void)
{
    rtc_setup();
    cmos_write(0x0b, 0x80);                 /* SET, 12h, BCD */
    cmos_write(0x04, 0x81);                 /* 1 PM */
    cmos_write(0x0b, 0x00);                 /* running */
    /* the registers follow the format selected when they are read */
    cmos_write(0x0b, 0x06);                 /* binary, 24h */
    CHECK_EQ(cmos_read(0x04), 13);
    cmos_write(0x0b, 0x04);                 /* binary, 12h */
    CHECK_EQ(cmos_read(0x04), 0x81);
    /* any year the guest can write fits */
    cmos_write(0x0b, 0x86);
    cmos_write(0x32, 99);
    cmos_write(0x09, 99);
    cmos_write(0x0b, 0x06);
    step_ms(1000);
    CHECK_EQ(cmos_read(0x09), 99);
    CHECK_EQ(cmos_read(0x32), 99);
}

static void test_rtc_update_interrupt(void)
{
    rtc_setup();
    rtc_set_leap_day();
    cmos_read(0x0c);
    cmos_write(0x0b, 0x12);                 /* UIE */
    step_ms(999);
    CHECK_EQ(isa_lines[8].level, 0);
    step_ms(2);
    CHECK_EQ(isa_lines[8].level, 1);
    CHECK_EQ(cmos_read(0x0c) & 0x90, 0x90); /* IRQF | UF (PF counts too, unasked) */
    CHECK_EQ(isa_lines[8].level, 0);
    CHECK_EQ(cmos_read(0x0c), 0x00);
}

static void test_rtc_periodic_rate(void)
{
    int edges = 0;

    rtc_setup();
    cmos_write(0x0a, 0x26);                 /* 1024 Hz */
    cmos_read(0x0c);
    cmos_write(0x0b, 0x42);                 /* PIE */
    for (int i = 0; i < 10000; i++) {
        qemu_clock_step(100 * SCALE_US);
        if (isa_lines[8].level) {
            edges++;
            CHECK_EQ(cmos_read(0x0c) & 0xc0, 0xc0);
        }
    }
    CHECK(edges >= 1023 && edges <= 1025);
    cmos_write(0x0b, 0x02);
    step_ms(10);
    CHECK_EQ(isa_lines[8].level, 0);
}

static void test_rtc_alarm(void)
{
    rtc_setup();
    rtc_set_leap_day();                     /* 23:59:58 */
    cmos_write(0x01, 0x01);                 /* alarm at second 01 of any minute and hour */
    cmos_write(0x03, 0xc0);
    cmos_write(0x05, 0xc0);
    cmos_read(0x0c);
    cmos_write(0x0b, 0x22);                 /* AIE */
    step_ms(2500);                          /* 00:00:00: no alarm yet */
    CHECK_EQ(isa_lines[8].level, 0);
    step_ms(1000);                          /* 00:00:01 */
    CHECK_EQ(isa_lines[8].level, 1);
    CHECK_EQ(cmos_read(0x0c) & 0xa0, 0xa0);
}

/* ================= i8042 ================= */

static I8042State *kbc;
static LineProbe a20_line;

static void kbc_setup(void)
{
    machine_new();
    memset(&a20_line, 0, sizeof(a20_line));
    kbc = i8042_init(&isa, qemu_allocate_irq(probe_set, &a20_line, 0));
}

static void test_i8042_self_test(void)
{
    kbc_setup();
    cpu_outb(0x64, 0xaa);
    CHECK_EQ(cpu_inb(0x64) & 0x01, 0x01);
    CHECK_EQ(cpu_inb(0x60), 0x55);
    CHECK_EQ(cpu_inb(0x64) & 0x01, 0x00);
    cpu_outb(0x64, 0x20);
    CHECK_EQ(cpu_inb(0x60), 0x43);          /* both interrupts and translation, as firmware leaves it */
}

static void test_i8042_keyboard_id(void)
{
    kbc_setup();
    cpu_outb(0x60, 0xf2);
    CHECK_EQ(isa_lines[1].level, 1);
    CHECK_EQ(cpu_inb(0x60), 0xfa);
    CHECK_EQ(cpu_inb(0x60), 0xab);
    CHECK_EQ(cpu_inb(0x60), 0x41);          /* translated MF2 ID */
    /* every byte was its own interrupt edge */
    CHECK_EQ(isa_lines[1].rising_edges, 3);
    CHECK_EQ(isa_lines[1].level, 0);
    cpu_outb(0x60, 0xff);
    CHECK_EQ(cpu_inb(0x60), 0xfa);
    CHECK_EQ(cpu_inb(0x60), 0xaa);
}

static void test_i8042_mouse(void)
{
    static const uint8_t knock[] = { 200, 100, 80 };

    kbc_setup();
    cpu_outb(0x64, 0xd4);
    cpu_outb(0x60, 0xf2);
    CHECK_EQ(cpu_inb(0x64) & 0x21, 0x21);   /* mouse data in the buffer */
    CHECK_EQ(isa_lines[12].level, 1);
    CHECK_EQ(cpu_inb(0x60), 0xfa);
    CHECK_EQ(cpu_inb(0x60), 0x00);
    for (size_t i = 0; i < sizeof(knock); i++) {
        cpu_outb(0x64, 0xd4);
        cpu_outb(0x60, 0xf3);
        cpu_outb(0x64, 0xd4);
        cpu_outb(0x60, knock[i]);
        CHECK_EQ(cpu_inb(0x60), 0xfa);
        CHECK_EQ(cpu_inb(0x60), 0xfa);
    }
    cpu_outb(0x64, 0xd4);
    cpu_outb(0x60, 0xf2);
    CHECK_EQ(cpu_inb(0x60), 0xfa);
    CHECK_EQ(cpu_inb(0x60), 0x03);          /* IntelliMouse */
}

static void test_i8042_a20_and_reset(void)
{
    kbc_setup();
    cpu_outb(0x64, 0xdd);
    CHECK_EQ(a20_line.level, 0);
    cpu_outb(0x64, 0xdf);
    CHECK_EQ(a20_line.level, 1);
    cpu_outb(0x64, 0xd0);
    CHECK_EQ(cpu_inb(0x60) & 0x03, 0x03);
    CHECK_EQ(qemu_reset_requested(), SHUTDOWN_CAUSE_NONE);
    cpu_outb(0x64, 0xfe);
    CHECK_EQ(qemu_reset_requested(), SHUTDOWN_CAUSE_GUEST_RESET);
}

/* ================= fw_cfg ================= */

static void test_fw_cfg_ports(void)
{
    char sig[5] = { 0 };
    FWCfgState *s;

    machine_new();
    s = fw_cfg_init_io(&address_space_io, &address_space_memory);
    fw_cfg_add_file(s, "etc/b", "BB", 2);
    fw_cfg_add_file(s, "etc/a", "AAA", 3);
    cpu_outw(0x510, FW_CFG_SIGNATURE);
    for (int i = 0; i < 4; i++) {
        sig[i] = cpu_inb(0x511);
    }
    CHECK(!strcmp(sig, "QEMU"));
    cpu_outw(0x510, FW_CFG_ID);
    CHECK_EQ(cpu_inb(0x511), 3);            /* traditional and DMA */
    /* the directory: big-endian count, then size, select, name */
    cpu_outw(0x510, FW_CFG_FILE_DIR);
    uint8_t dir[4 + 2 * 64];
    for (size_t i = 0; i < sizeof(dir); i++) {
        dir[i] = cpu_inb(0x511);
    }
    CHECK_EQ(dir[3], 2);
    CHECK_EQ(dir[4 + 64 + 3], 3);
    CHECK_EQ(dir[4 + 64 + 5], FW_CFG_FILE_FIRST + 1);
    CHECK(!strcmp((char *)dir + 4 + 64 + 8, "etc/a"));
    /* past the end reads zero */
    cpu_outw(0x510, FW_CFG_FILE_FIRST + 1);
    for (int i = 0; i < 3; i++) {
        cpu_inb(0x511);
    }
    CHECK_EQ(cpu_inb(0x511), 0);
    /* the DMA register's signature */
    CHECK_EQ(cpu_inl(0x514), 0x554d4551);   /* "QEMU" in port byte order */
}

static void test_fw_cfg_dma(void)
{
    /* control: select FILE_FIRST and read; 5 bytes to 0x2000 */
    uint8_t desc[16] = { 0, FW_CFG_FILE_FIRST, 0, 0x0a, 0, 0, 0, 5,
                         0, 0, 0, 0, 0, 0, 0x20, 0x00 };
    uint8_t out[5], status[4];
    FWCfgState *s;

    machine_new();
    s = fw_cfg_init_io(&address_space_io, &address_space_memory);
    fw_cfg_add_file(s, "etc/x", "xyz", 3);
    address_space_write(&address_space_memory, 0x1000, desc, sizeof(desc));
    /* the address, big-endian in two halves; the low half starts it */
    cpu_outl(0x514, 0);
    cpu_outl(0x518, 0x00100000);            /* 0x1000 as the bytes 00 00 10 00 */
    address_space_read(&address_space_memory, 0x1000, status, sizeof(status));
    CHECK_EQ(status[0] | status[1] | status[2] | status[3], 0);
    address_space_read(&address_space_memory, 0x2000, out, sizeof(out));
    CHECK(!memcmp(out, "xyz\0\0", 5));
    /* writes are refused with the error bit */
    desc[3] = 0x10;
    address_space_write(&address_space_memory, 0x1000, desc, sizeof(desc));
    cpu_outl(0x514, 0);
    cpu_outl(0x518, 0x00100000);
    address_space_read(&address_space_memory, 0x1000, status, sizeof(status));
    CHECK_EQ(status[3], 1);
}

/* ================= PCI ================= */

typedef struct TestPCIDev {
    PCIDevice dev;
    MemoryRegion io;
    int reads;
} TestPCIDev;

static uint64_t testdev_read(void *opaque, hwaddr addr, unsigned size)
{
    TestPCIDev *d = opaque;
    d->reads++;
    return 0x40 + addr;
}

static void testdev_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
}

static const MemoryRegionOps testdev_ops = {
    .read = testdev_read,
    .write = testdev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .min_access_size = 1,
    .max_access_size = 4,
};

static I440FXState *host;
static MemoryRegion cf9_probe, bios_rom;
static int cf9_writes;

static uint64_t cf9_read(void *opaque, hwaddr addr, unsigned size)
{
    return 0x42;
}

static void cf9_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    cf9_writes++;
}

static const MemoryRegionOps cf9_ops = {
    .read = cf9_read,
    .write = cf9_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .min_access_size = 1,
    .max_access_size = 1,
};

static uint32_t pci_cfg_read32(int devfn, int reg)
{
    cpu_outl(0xcf8, 0x80000000u | devfn << 8 | reg);
    return cpu_inl(0xcfc);
}

static void pci_cfg_write32(int devfn, int reg, uint32_t val)
{
    cpu_outl(0xcf8, 0x80000000u | devfn << 8 | reg);
    cpu_outl(0xcfc, val);
}

static void pci_setup(void)
{
    machine_new();
    cf9_writes = 0;
    memory_region_init_io(&cf9_probe, &cf9_ops, NULL, "cf9", 1);
    address_space_map(&address_space_io, &cf9_probe, 0xcf9, 0);
    memory_region_init_rom(&bios_rom, "bios", 0x10000);
    memset(bios_rom.ram, 0xbb, 0x10000);
    address_space_map(&address_space_memory, &bios_rom, 0xf0000, 1);
    host = i440fx_init(&address_space_memory, &address_space_io, &cf9_probe, &ram);
}

static void test_pci_conf1(void)
{
    pci_setup();
    CHECK_EQ(pci_cfg_read32(0, 0), 0x12378086);
    CHECK_EQ(pci_cfg_read32(PCI_DEVFN(5, 0), 0), 0xffffffffu);
    CHECK_EQ(cpu_inl(0xcf8), 0x80000000u | PCI_DEVFN(5, 0) << 8);
    /* a word read at an offset within the dword */
    cpu_outl(0xcf8, 0x80000000u);
    CHECK_EQ(cpu_inw(0xcfe), 0x1237);
    /* the byte at 0xcf9 still reaches the reset control register */
    cpu_outb(0xcf9, 0x06);
    CHECK_EQ(cf9_writes, 1);
    CHECK_EQ(cpu_inb(0xcf9), 0x42);
    CHECK_EQ(cpu_inl(0xcf8), 0x80000000u);
}

static void test_pci_pam(void)
{
    uint8_t b;

    pci_setup();
    ram.ram[0xf0000] = 0x11;
    address_space_read(&address_space_memory, 0xf0000, &b, 1);
    CHECK_EQ(b, 0xbb);                      /* PAM off: the ROM */
    pci_cfg_write32(0, 0x58, 0x3000);       /* PAM0 (0x59) high nibble: RAM */
    address_space_read(&address_space_memory, 0xf0000, &b, 1);
    CHECK_EQ(b, 0x11);
    pci_cfg_write32(0, 0x58, 0);
    address_space_read(&address_space_memory, 0xf0000, &b, 1);
    CHECK_EQ(b, 0xbb);
}

static void test_pci_bar_and_pirq(void)
{
    TestPCIDev *d = qemu_mallocz(sizeof(*d));
    int devfn = PCI_DEVFN(3, 0);

    pci_setup();
    piix3_init(host->bus, &isa);
    pci_init_device(host->bus, &d->dev, "test", devfn, 0x1234, 0x5678, 0, 0xff00);
    d->dev.config[PCI_INTERRUPT_PIN] = 1;
    memory_region_init_io(&d->io, &testdev_ops, d, "test-io", 16);
    pci_register_bar(&d->dev, 0, PCI_BAR_IO, &d->io);

    /* sizing: all ones back as the size mask */
    pci_cfg_write32(devfn, 0x10, 0xffffffffu);
    CHECK_EQ(pci_cfg_read32(devfn, 0x10), 0xfffffff1u);
    pci_cfg_write32(devfn, 0x10, 0xc000);
    CHECK_EQ(cpu_inb(0xc003), 0xff);        /* I/O decoding still off */
    pci_cfg_write32(devfn, 0x04, PCI_COMMAND_IO);
    CHECK_EQ(cpu_inb(0xc003), 0x43);
    pci_cfg_write32(devfn, 0x10, 0xd000);   /* moved */
    CHECK_EQ(cpu_inb(0xc003), 0xff);
    CHECK_EQ(cpu_inb(0xd001), 0x41);

    /* slot 3 INTA is PIRQC; route it to IRQ 11 */
    cpu_outl(0xcf8, 0x80000000u | PIIX3_DEVFN << 8 | 0x60);
    cpu_outb(0xcfe, 11);
    pci_set_irq(&d->dev, 1);
    CHECK_EQ(isa_lines[11].level, 1);
    cpu_outb(0xcfe, 0x80 | 11);             /* disabled */
    CHECK_EQ(isa_lines[11].level, 0);
    cpu_outb(0xcfe, 10);                    /* rerouted while asserted */
    CHECK_EQ(isa_lines[10].level, 1);
    pci_set_irq(&d->dev, 0);
    CHECK_EQ(isa_lines[10].level, 0);
}

static void test_pci_qdev_caps_rom_dma(void)
{
    PCIDevice *a = qemu_mallocz(sizeof(*a)), *b = qemu_mallocz(sizeof(*b));
    PCIDevice *c = qemu_mallocz(sizeof(*c));
    MemoryRegion rom;
    char *err = NULL;
    uint8_t buf[4] = { 1, 2, 3, 4 };
    uint64_t len = 4;

    pci_setup();
    piix3_init(host->bus, &isa);
    /* the first free slot from 2 on, or the one addr= names (hex) */
    CHECK(pci_qdev_init(a, &host->bus->qbus, "a", 0x1234, 1, 0, 0xff00, &err));
    CHECK_EQ(a->devfn, PCI_DEVFN(2, 0));
    b->addr_prop = "0x1f.7";
    CHECK(pci_qdev_init(b, &host->bus->qbus, "b", 0x1234, 2, 0, 0xff00, &err));
    CHECK_EQ(b->devfn, PCI_DEVFN(31, 7));
    c->addr_prop = "2";
    CHECK(!pci_qdev_init(c, &host->bus->qbus, "c", 0x1234, 3, 0, 0xff00, &err) && err);
    free(err);
    err = NULL;
    c->addr_prop = "20";
    CHECK(!pci_qdev_init(c, &host->bus->qbus, "c", 0x1234, 3, 0, 0xff00, &err) && err);
    free(err);

    /* capabilities: a chain from 0x34, the status bit set */
    uint8_t o1 = pci_add_capability(a, PCI_CAP_ID_VNDR, 16);
    uint8_t o2 = pci_add_capability(a, PCI_CAP_ID_MSI, 10);
    CHECK(pci_cfg_read32(a->devfn, 0x04) & (PCI_STATUS_CAP_LIST << 16));
    CHECK_EQ(pci_cfg_read32(a->devfn, PCI_CAPABILITY_LIST) & 0xff, o2);
    CHECK_EQ(pci_cfg_read32(a->devfn, o2) & 0xffff, (uint32_t)(o1 << 8 | PCI_CAP_ID_MSI));
    CHECK_EQ(pci_cfg_read32(a->devfn, o1) & 0xffff, PCI_CAP_ID_VNDR);
    CHECK(o2 >= o1 + 16 && (o2 & 3) == 0);

    /* the ROM BAR: sized, decoded only with its enable bit and memory decoding */
    memory_region_init_rom(&rom, "test-rom", 0x10000);
    rom.ram[0] = 0x55;
    pci_register_rom(a, &rom);
    pci_cfg_write32(a->devfn, PCI_ROM_ADDRESS, 0xffffffffu);
    CHECK_EQ(pci_cfg_read32(a->devfn, PCI_ROM_ADDRESS), 0xffff0001u);
    pci_cfg_write32(a->devfn, PCI_ROM_ADDRESS, 0xfe000000u);
    pci_cfg_write32(a->devfn, 0x04, PCI_COMMAND_MEMORY);
    address_space_read(&address_space_memory, 0xfe000000u, buf, 1);
    CHECK_EQ(buf[0], 0xff);
    pci_cfg_write32(a->devfn, PCI_ROM_ADDRESS, 0xfe000001u);
    address_space_read(&address_space_memory, 0xfe000000u, buf, 1);
    CHECK_EQ(buf[0], 0x55);

    /* DMA needs bus mastering */
    CHECK(pci_dma_write(a, 0x1000, "abcd", 4) == MEMTX_ERROR);
    CHECK(pci_dma_map(a, 0x1000, &len, true) == NULL);
    pci_cfg_write32(a->devfn, 0x04, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
    CHECK(pci_dma_write(a, 0x1000, "abcd", 4) == MEMTX_OK);
    CHECK(memcmp(ram.ram + 0x1000, "abcd", 4) == 0);
    CHECK(pci_dma_read(a, 0x1000, buf, 4) == MEMTX_OK && memcmp(buf, "abcd", 4) == 0);
    CHECK(pci_dma_map(a, 0x1000, &len, true) == ram.ram + 0x1000 && len == 4);
}

/* ================= PIIX4 power management ================= */

static void pm_setup(void)
{
    pci_setup();
    piix4_pm_init(host->bus, PCI_DEVFN(1, 3), isa_get_irq(&isa, 9), 9, 0x600);
}

static void test_pm_timer(void)
{
    pm_setup();
    uint32_t t0 = cpu_inl(0x608);
    step_ms(1);
    uint32_t t1 = cpu_inl(0x608);
    CHECK(((t1 - t0) & 0xffffff) >= 3579 && ((t1 - t0) & 0xffffff) <= 3580);
    CHECK_EQ(cpu_inl(0x608) >> 24, 0);      /* 24 bits */
    /* the PM I/O space follows PMBA */
    pci_cfg_write32(PCI_DEVFN(1, 3), 0x40, 0xb000);
    CHECK_EQ(cpu_inl(0x608), 0xffffffffu);
    CHECK_EQ(cpu_inl(0xb008) >> 24, 0);
}

static void test_pm_timer_sci(void)
{
    pm_setup();
    cpu_outw(0x600, 0xffff);                /* clear status */
    cpu_outw(0x602, 0x0001);                /* TMR_EN */
    CHECK_EQ(isa_lines[9].level, 0);
    step_ms(4700);                          /* bit 23 toggles every 2.34 s */
    CHECK_EQ(isa_lines[9].level, 1);
    CHECK_EQ(cpu_inw(0x600) & 1, 1);
    cpu_outw(0x600, 0x0001);
    CHECK_EQ(isa_lines[9].level, 0);
}

static void test_pm_soft_off(void)
{
    pm_setup();
    CHECK_EQ(cpu_inw(0x604) & 1, 1);        /* SCI_EN: already in ACPI mode */
    cpu_outw(0x604, 1 << 10 | 1);           /* a sleep type alone does nothing */
    CHECK_EQ(qemu_shutdown_requested(), SHUTDOWN_CAUSE_NONE);
    cpu_outw(0x604, 0 << 10 | 1 << 13 | 1); /* SLP_TYP 0 (S5) with SLP_EN */
    CHECK_EQ(qemu_shutdown_requested(), SHUTDOWN_CAUSE_GUEST_SHUTDOWN);
    CHECK_EQ(cpu_inw(0x604) & (1 << 13), 0);
}

/* ================= I/O APIC ================= */

static APICMessage messages[8];
static int nb_messages;
static IOAPICState *ioapic;

static void record_message(void *opaque, const APICMessage *msg)
{
    if (nb_messages < 8) {
        messages[nb_messages] = *msg;
    }
    nb_messages++;
}

static void ioapic_write(uint8_t reg, uint32_t val)
{
    uint32_t sel = reg;
    address_space_write(&address_space_memory, IOAPIC_DEFAULT_BASE, &sel, 4);
    address_space_write(&address_space_memory, IOAPIC_DEFAULT_BASE + 0x10, &val, 4);
}

static uint32_t ioapic_read(uint8_t reg)
{
    uint32_t sel = reg, val;
    address_space_write(&address_space_memory, IOAPIC_DEFAULT_BASE, &sel, 4);
    address_space_read(&address_space_memory, IOAPIC_DEFAULT_BASE + 0x10, &val, 4);
    return val;
}

static void ioapic_setup(void)
{
    machine_new();
    nb_messages = 0;
    ioapic = ioapic_init(&address_space_memory, IOAPIC_DEFAULT_BASE, record_message, NULL);
}

static void test_ioapic_edge(void)
{
    ioapic_setup();
    CHECK_EQ(ioapic_read(0x01), 0x00170011);
    qemu_irq_pulse(ioapic->in[2]);          /* masked after reset: the edge is lost */
    CHECK_EQ(nb_messages, 0);
    ioapic_write(0x10 + 2 * 2 + 1, 0x03000000);
    ioapic_write(0x10 + 2 * 2, 0x30);       /* vector 0x30, fixed, edge, unmasked */
    qemu_irq_pulse(ioapic->in[2]);
    qemu_irq_pulse(ioapic->in[2]);
    CHECK_EQ(nb_messages, 2);
    CHECK_EQ(messages[0].vector, 0x30);
    CHECK_EQ(messages[0].dest, 3);
    CHECK(!messages[0].level);
}

static void test_ioapic_level_remote_irr(void)
{
    ioapic_setup();
    ioapic_write(0x10 + 2 * 9, 0x8000 | 0x49);  /* level, vector 0x49 */
    qemu_irq_raise(ioapic->in[9]);
    CHECK_EQ(nb_messages, 1);
    CHECK_EQ(ioapic_read(0x10 + 2 * 9) & 0x4000, 0x4000);   /* remote IRR */
    ioapic_eoi_broadcast(ioapic, 0x49);     /* still asserted: again */
    CHECK_EQ(nb_messages, 2);
    qemu_irq_lower(ioapic->in[9]);
    ioapic_eoi_broadcast(ioapic, 0x49);
    CHECK_EQ(nb_messages, 2);
    CHECK_EQ(ioapic_read(0x10 + 2 * 9) & 0x4000, 0);
    /* unmasking an asserted level pin delivers at once */
    ioapic_write(0x10 + 2 * 9, 0x18000 | 0x49);
    qemu_irq_raise(ioapic->in[9]);
    CHECK_EQ(nb_messages, 2);
    ioapic_write(0x10 + 2 * 9, 0x8000 | 0x49);
    CHECK_EQ(nb_messages, 3);
}

static void test_ioapic_polarity(void)
{
    ioapic_setup();
    /* active low, level: a line resting low requests at once */
    ioapic_write(0x10 + 2 * 11, 0x8000 | 0x2000 | 0x51);
    CHECK_EQ(nb_messages, 1);
    CHECK(messages[0].level);
    qemu_irq_raise(ioapic->in[11]);         /* inactive now */
    ioapic_eoi_broadcast(ioapic, 0x51);
    CHECK_EQ(nb_messages, 1);
    qemu_irq_lower(ioapic->in[11]);
    CHECK_EQ(nb_messages, 2);
    /* back to active high while the line is low: the EOI finds no request */
    ioapic_write(0x10 + 2 * 11, 0x8000 | 0x51);
    ioapic_eoi_broadcast(ioapic, 0x51);
    CHECK_EQ(nb_messages, 2);
    /* edge, active low: a falling edge is the one that counts */
    ioapic_write(0x10 + 2 * 3, 0x2000 | 0x33);
    qemu_irq_raise(ioapic->in[3]);
    CHECK_EQ(nb_messages, 2);
    qemu_irq_lower(ioapic->in[3]);
    CHECK_EQ(nb_messages, 3);
    CHECK_EQ(messages[2].vector, 0x33);
}

/* ================= ACPI table loader ================= */

static void test_table_loader(void)
{
    uint8_t tables[64] = { 0 }, rsdp[20] = { 0 };
    BiosLinker l;

    tables[40] = 0x10;                      /* a pointer to offset 0x10 of the tables */
    rsdp[16] = 0x20;
    memset(tables + 0x10, 0x5a, 8);
    bios_linker_init(&l);
    bios_linker_allocate(&l, "etc/acpi/tables", 64, BIOS_LINKER_ZONE_HIGH);
    bios_linker_allocate(&l, "etc/acpi/rsdp", 16, BIOS_LINKER_ZONE_FSEG);
    bios_linker_add_pointer(&l, "etc/acpi/tables", 40, 4, "etc/acpi/tables");
    bios_linker_add_checksum(&l, "etc/acpi/tables", 9, 0, 64);
    bios_linker_add_pointer(&l, "etc/acpi/rsdp", 16, 4, "etc/acpi/tables");
    bios_linker_add_checksum(&l, "etc/acpi/rsdp", 8, 0, 20);
    CHECK_EQ(l.cmds.len, 6 * BIOS_LINKER_ENTRY_SIZE);
    CHECK_EQ(l.cmds.buf[0], 1);             /* ALLOCATE */
    CHECK(!strcmp((char *)l.cmds.buf + 4, "etc/acpi/tables"));
    CHECK_EQ(l.cmds.buf[4 + 56], 64);       /* alignment */
    CHECK_EQ(l.cmds.buf[4 + 56 + 4], 1);    /* zone: high */

    BiosLinkerBlob blobs[] = {
        { "etc/acpi/tables", tables, sizeof(tables), 0x7fe0000 },
        { "etc/acpi/rsdp", rsdp, sizeof(rsdp), 0xf5a40 },
    };
    CHECK(bios_linker_run(&l, blobs, 2));
    CHECK_EQ(tables[40] | tables[41] << 8 | tables[42] << 16 | tables[43] << 24, 0x7fe0010);
    CHECK_EQ(rsdp[16] | rsdp[17] << 8 | rsdp[18] << 16 | rsdp[19] << 24, 0x7fe0020);
    uint8_t sum = 0;
    for (size_t i = 0; i < sizeof(tables); i++) {
        sum += tables[i];
    }
    CHECK_EQ(sum, 0);
    bios_linker_free(&l);

    /* commands reaching outside a blob or naming an unknown one are refused */
    bios_linker_init(&l);
    bios_linker_add_pointer(&l, "etc/acpi/tables", 62, 4, "etc/acpi/tables");
    CHECK(!bios_linker_run(&l, blobs, 2));
    bios_linker_free(&l);
    bios_linker_init(&l);
    bios_linker_add_checksum(&l, "etc/acpi/other", 0, 0, 4);
    CHECK(!bios_linker_run(&l, blobs, 2));
    bios_linker_free(&l);
}

/* ================= AML ================= */

static void test_aml_encoding(void)
{
    static const uint8_t eisaid[] = { 0x0c, 0x41, 0xd0, 0x0a, 0x03 };
    Aml a, body;

    aml_init(&a);
    aml_eisaid(&a, "PNP0A03");
    CHECK_EQ(a.len, sizeof(eisaid));
    CHECK(!memcmp(a.buf, eisaid, sizeof(eisaid)));

    /* a 100-byte body needs a two-byte PkgLength: 0x40 | low nibble, then the rest */
    aml_free(&a);
    aml_init(&body);
    for (int i = 0; i < 95; i++) {
        aml_byte(&body, 0xa3);              /* Noop */
    }
    aml_scope(&a, "\\_SB", &body);
    CHECK_EQ(a.buf[0], 0x10);
    size_t total = 2 + 5 + 95;              /* PkgLength, name, body */
    CHECK_EQ(a.buf[1], 0x40 | (total & 0xf));
    CHECK_EQ(a.buf[2], total >> 4);
    CHECK(!memcmp(a.buf + 3, "\\_SB_", 5));
    aml_free(&a);
    aml_free(&body);

    aml_init(&a);
    aml_integer(&a, 0x1234);
    CHECK_EQ(a.len, 3);
    CHECK_EQ(a.buf[0], 0x0b);
    aml_free(&a);

    uint8_t table[40] = { 0 };
    acpi_table_header(table, "TEST", sizeof(table), 1);
    acpi_table_checksum(table, sizeof(table));
    uint8_t sum = 0;
    for (size_t i = 0; i < sizeof(table); i++) {
        sum += table[i];
    }
    CHECK_EQ(sum, 0);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    qemu_clock_set_manual(1000000);
    run_test_isolated("rtc/cmos-memory", test_rtc_cmos_memory);
    run_test_isolated("rtc/time-rollover", test_rtc_time_rollover);
    run_test_isolated("rtc/update-in-progress", test_rtc_update_in_progress);
    run_test_isolated("rtc/12h-binary", test_rtc_12h_binary);
    run_test_isolated("rtc/update-interrupt", test_rtc_update_interrupt);
    run_test_isolated("rtc/periodic-rate", test_rtc_periodic_rate);
    run_test_isolated("rtc/alarm", test_rtc_alarm);
    run_test_isolated("i8042/self-test", test_i8042_self_test);
    run_test_isolated("i8042/keyboard-id", test_i8042_keyboard_id);
    run_test_isolated("i8042/mouse", test_i8042_mouse);
    run_test_isolated("i8042/a20-reset", test_i8042_a20_and_reset);
    run_test_isolated("fw_cfg/ports", test_fw_cfg_ports);
    run_test_isolated("fw_cfg/dma", test_fw_cfg_dma);
    run_test_isolated("pci/conf1", test_pci_conf1);
    run_test_isolated("pci/pam", test_pci_pam);
    run_test_isolated("pci/bar-pirq", test_pci_bar_and_pirq);
    run_test_isolated("pci/qdev-caps-rom-dma", test_pci_qdev_caps_rom_dma);
    run_test_isolated("piix4-pm/timer", test_pm_timer);
    run_test_isolated("piix4-pm/timer-sci", test_pm_timer_sci);
    run_test_isolated("piix4-pm/soft-off", test_pm_soft_off);
    run_test_isolated("ioapic/edge", test_ioapic_edge);
    run_test_isolated("ioapic/level-remote-irr", test_ioapic_level_remote_irr);
    run_test_isolated("ioapic/polarity", test_ioapic_polarity);
    run_test_isolated("acpi/table-loader", test_table_loader);
    run_test_isolated("aml/encoding", test_aml_encoding);
    return failures ? 1 : 0;
}
