/*
 * The PC board `pc`: RAM with the legacy 640K-1M hole, the firmware ROM
 * under 4 GiB (when given), the 8259 pair, the 8254 and port 0x61, COM
 * ports from -serial, A20 and reset through ports 0x92 and 0xcf9, and
 * the direct Multiboot start for -kernel.
 */
#include "qemu/osdep.h"
#include "hw/boards.h"
#include "hw/isa.h"
#include "hw/loader.h"
#include "hw/char/serial.h"
#include "hw/i386/i8259.h"
#include "hw/i386/i8254.h"
#include "hw/i386/multiboot.h"
#include "hw/i386/linux-boot.h"
#include "hw/i386/pc-platform.h"
#include "hw/i386/pc-ferr.h"
#include "hw/rtc/mc146818rtc.h"
#include "hw/input/i8042.h"
#include "hw/pci/i440fx.h"
#include "hw/acpi/piix4-pm.h"
#include "hw/i386/pc-storage.h"
#include "hw/display/vga.h"
#include "hw/nvram/fw_cfg.h"
#include "sysemu/sysemu.h"
#include "sysemu/runstate.h"
#include "exec/memory.h"
#include "cpu.h"

#define LOW_RAM_END       0xa0000
#define HIGH_RAM_BASE     0x100000
#define MAX_RAM_BELOW_4G  0xe0000000ull   /* the rest of the 4 GiB is for devices and ROM */
#define ISA_BIOS_MAX      (128 * 1024)
#define BIOS_MAX          (16 * 1024 * 1024)
#define DEFAULT_BIOS      "bios-256k.bin"

typedef struct PCMachineState {
    X86CPU *cpu;
    MemoryRegion ram, ram_low, ram_high;
    MemoryRegion bios, isa_bios;
    MemoryRegion port92_io, cf9_io;
    ISABus isa;
    PICState *pic;
    PITState *pit;
    uint8_t port92;             /* as written, A20 bit aside */
    uint8_t rcr;                /* reset control register, 0xcf9 */
    bool multiboot;
    MultibootImage mb;
    bool linux_boot;            /* -kernel bzImage (hw/i386/linux-boot.c) */
    LinuxBootImage linux_image;
    E820Table e820;
    hwaddr acpi_rsdp;           /* 0: no ACPI tables */
    PCIBus *pci_bus;
} PCMachineState;

static void pc_set_a20(PCMachineState *pcms, bool enabled)
{
    CPUX86State *env = &pcms->cpu->env;
    uint32_t mask = enabled ? ~0u : ~(1u << 20);

    if (env->a20_mask != mask) {
        env->a20_mask = mask;
        /* translations made with the other mask are wrong now */
        tlb_flush(&pcms->cpu->parent);
    }
}

/* ---- port 0x92: system control port A (fast A20 and fast reset) ---- */

static uint64_t port92_read(void *opaque, hwaddr addr, unsigned size)
{
    PCMachineState *pcms = opaque;
    bool a20 = pcms->cpu->env.a20_mask & (1u << 20);

    return (pcms->port92 & ~2) | (a20 << 1);
}

static void port92_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    PCMachineState *pcms = opaque;
    uint8_t old = pcms->port92;

    pcms->port92 = val & ~2;
    pc_set_a20(pcms, val & 2);
    /* bit 0 going from 0 to 1 resets the machine */
    if ((val & 1) && !(old & 1)) {
        qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
    }
}

/* the keyboard controller's A20 output */
static void pc_a20_line(void *opaque, int n, int level)
{
    pc_set_a20(opaque, level);
}

static const MemoryRegionOps port92_ops = {
    .read = port92_read,
    .write = port92_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .min_access_size = 1,
    .max_access_size = 1,
};

/* ---- port 0xcf9: reset control register ---- */

static uint64_t cf9_read(void *opaque, hwaddr addr, unsigned size)
{
    PCMachineState *pcms = opaque;
    return pcms->rcr;
}

static void cf9_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    PCMachineState *pcms = opaque;

    /* bit 2: reset the CPU (bit 1 chooses hard or soft; both reset us fully) */
    if (val & 4) {
        qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
        return;
    }
    pcms->rcr = val & 2;
}

static const MemoryRegionOps cf9_ops = {
    .read = cf9_read,
    .write = cf9_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .min_access_size = 1,
    .max_access_size = 1,
};

/* ---- memory ---- */

static void pc_memory_init(PCMachineState *pcms, uint64_t ram_size)
{
    address_space_init(&address_space_memory, "memory");
    address_space_init(&address_space_io, "I/O");

    memory_region_init_ram(&pcms->ram, "pc.ram", ram_size);
    /* the 640K-1M part of the RAM block stays hidden behind the legacy hole */
    memory_region_init_alias(&pcms->ram_low, "ram-below-640k", &pcms->ram, 0,
                             MIN(ram_size, LOW_RAM_END));
    address_space_map(&address_space_memory, &pcms->ram_low, 0, 0);
    if (ram_size > HIGH_RAM_BASE) {
        memory_region_init_alias(&pcms->ram_high, "ram-above-1m", &pcms->ram,
                                 HIGH_RAM_BASE, ram_size - HIGH_RAM_BASE);
        address_space_map(&address_space_memory, &pcms->ram_high, HIGH_RAM_BASE, 0);
    }
}

/* the firmware at the top of 4 GiB, its last 128K also at 0xe0000 */
static hwaddr pc_bios_init(PCMachineState *pcms, const char *name)
{
    char *path = qemu_find_file(name);
    char *err = NULL;
    size_t size, isa_size;
    uint8_t *data;
    hwaddr base;

    if (!path) {
        fatal("could not load PC BIOS '%s'", name);
    }
    data = load_file(path, BIOS_MAX, &size, &err);
    if (!data) {
        fatal("could not load PC BIOS: %s", err);
    }
    if (size == 0 || size % 65536) {
        fatal("could not load PC BIOS '%s': its size (%zu bytes) is not a multiple of 64 KiB",
              path, size);
    }
    base = (1ull << 32) - size;
    memory_region_init_rom(&pcms->bios, "pc.bios", size);
    address_space_map(&address_space_memory, &pcms->bios, base, 0);
    address_space_write_rom(&address_space_memory, base, data, size);
    isa_size = MIN(size, ISA_BIOS_MAX);
    memory_region_init_alias(&pcms->isa_bios, "isa-bios", &pcms->bios, size - isa_size, isa_size);
    address_space_map(&address_space_memory, &pcms->isa_bios, HIGH_RAM_BASE - isa_size, 1);
    free(data);
    free(path);
    return base;
}

static void pc_kernel_init(PCMachineState *pcms, MachineState *ms, hwaddr bios_base)
{
    const char *file = ms->kernel_filename;
    uint64_t below_4g = ms->ram_size;
    char *err = NULL;
    size_t size;
    uint8_t *image = load_file(file, below_4g, &size, &err);

    if (!image) {
        fatal("could not load kernel: %s", err);
    }
    if (multiboot_is_image(image, size)) {
        MultibootConfig cfg = {
            .kernel_filename = file,
            .cmdline = ms->kernel_cmdline,
            .initrd = ms->initrd_filename,
            .ram_below_4g = below_4g,
            .bios_base = bios_base,
        };
        multiboot_prepare(&pcms->mb, &cfg, image, size);
        pcms->multiboot = true;
        /* image stays: the blobs point into it and every reset reloads them */
        return;
    }
    if (linux_boot_is_image(image, size)) {
        LinuxBootConfig cfg = {
            .kernel_filename = file,
            .cmdline = ms->kernel_cmdline,
            .initrd_filename = ms->initrd_filename,
            .ram_below_4g = below_4g,
            .e820 = &pcms->e820,
            .acpi_rsdp = pcms->acpi_rsdp,
        };
        linux_boot_prepare(&pcms->linux_image, &cfg, image, size);
        pcms->linux_boot = true;
        return;
    }
    fatal("%s: neither a Linux kernel (bzImage) nor a Multiboot kernel", file);
}

static void pc_reset(void *opaque)
{
    PCMachineState *pcms = opaque;
    CPUState *cs = &pcms->cpu->parent;

    pcms->port92 = 0;
    pcms->rcr = 0;
    cs->ops->reset(cs);
    if (pcms->multiboot || pcms->linux_boot) {
        /* no firmware runs: leave PCI as it would have */
        pc_pci_setup(pcms->pci_bus, pcms->pic);
    }
    if (pcms->multiboot) {
        multiboot_start(&pcms->mb, &address_space_memory, &pcms->cpu->env);
    }
    if (pcms->linux_boot) {
        linux_boot_start(&pcms->linux_image, &address_space_memory, &pcms->cpu->env);
    }
}

static void pic_reset_handler(void *opaque)
{
    i8259_reset(opaque);
}

static void pit_reset_handler(void *opaque)
{
    i8254_reset(opaque);
}

static void pc_init(MachineState *ms)
{
    PCMachineState *pcms = qemu_mallocz(sizeof(*pcms));
    const char *model = ms->cpu_model;
    hwaddr bios_base = 0;
    char *err = NULL;

    if (ms->ram_size > MAX_RAM_BELOW_4G) {
        fatal("-m: at most %llu MiB of RAM is supported by the 'pc' machine for now",
              MAX_RAM_BELOW_4G >> 20);
    }
    pc_memory_init(pcms, ms->ram_size);
    /* -kernel starts the guest directly; otherwise firmware must */
    if (ms->firmware || !ms->kernel_filename) {
        bios_base = pc_bios_init(pcms, ms->firmware ? ms->firmware : DEFAULT_BIOS);
    }

    pcms->cpu = cpu_x86_create(model);
    if (!pcms->cpu) {
        fatal("unable to find CPU model '%s'", model);
    }

    pcms->isa.qbus.type = "ISA";
    pcms->isa.qbus.name = "isa.0";
    pcms->isa.io = &address_space_io;
    qbus_register(&pcms->isa.qbus);

    /* the 8259's output goes to the CPU through the local APIC (hw/i386/pc-apic.c) */
    pcms->pic = i8259_init(&pcms->isa, NULL);
    pc_apic_init(pcms->cpu, pcms->pic, &pcms->isa);
    pc_ferr_init(&pcms->isa, pcms->cpu);
    pcms->pit = i8254_init(&pcms->isa, isa_get_irq(&pcms->isa, 0));
    /* the PIT's OUT settles at reset; the PIC, reset after it, forgets that edge */
    qemu_register_reset(pit_reset_handler, pcms->pit);
    qemu_register_reset(pic_reset_handler, pcms->pic);
    pcspk_init(&pcms->isa, pcms->pit);
    RTCState *rtc = rtc_init(&pcms->isa);
    pc_cmos_init(rtc, ms->ram_size);
    i8042_init(&pcms->isa, qemu_allocate_irq(pc_a20_line, pcms, 0));

    for (int i = 0; i < MAX_SERIAL_PORTS; i++) {
        if (serial_hd(i) && !serial_isa_create(&pcms->isa, i, serial_hd(i), &err)) {
            fatal("serial port %d: %s", i, err);
        }
    }

    memory_region_init_io(&pcms->port92_io, &port92_ops, pcms, "port92", 1);
    isa_register_ioport(&pcms->isa, &pcms->port92_io, 0x92);
    memory_region_init_io(&pcms->cf9_io, &cf9_ops, pcms, "reset-control", 1);
    isa_register_ioport(&pcms->isa, &pcms->cf9_io, 0xcf9);

    /* PCI: i440FX, PIIX3 (01.0), PIIX4 power management (01.3) with the ACPI SCI */
    I440FXState *pci = i440fx_init(&address_space_memory, &address_space_io, &pcms->cf9_io,
                                    &pcms->ram);
    pcms->pci_bus = pci->bus;
    piix3_init(pci->bus, &pcms->isa);
    /* IDE at 01.1, floppy, their CMOS bytes and the boot order */
    pc_storage_init(pci->bus, &pcms->isa, rtc);
    /* the VGA first, so that it takes slot 2 as in QEMU */
    if (ms->std_vga && !pci_vga_create(&pci->bus->qbus, &err)) {
        fatal("-vga std: %s", err);
    }
    piix4_pm_init(pci->bus, PCI_DEVFN(1, 3), isa_get_irq(&pcms->isa, PC_SCI_IRQ), PC_SCI_IRQ,
                  bios_base ? 0 : PC_PM_IO_BASE);
    PCAcpiConfig acpi = { .ram_below_4g = ms->ram_size, .pm_io_base = PC_PM_IO_BASE,
                          .sci_irq = PC_SCI_IRQ };
    if (!bios_base) {
        pcms->acpi_rsdp = pc_acpi_install(&acpi);
    }

    pc_e820_build(&pcms->e820, ms->ram_size, bios_base);
    if (ms->kernel_filename) {
        pc_kernel_init(pcms, ms, bios_base);
    }
    FWCfgState *fw_cfg = pc_fw_cfg_init(ms->ram_size,
                                        pcms->linux_boot ? &pcms->linux_image : NULL);
    if (bios_base) {
        pc_acpi_fw_cfg(fw_cfg, &acpi);
    }
    pc_boot_fw_cfg(fw_cfg);
    ms->board = pcms;
}

static void pc_init_done(MachineState *ms)
{
    /*
     * last, so the CPU starts (and PCI is set up for a direct boot) after
     * every device, -device ones too, is back to power-on state
     */
    qemu_register_reset(pc_reset, ms->board);
}

const MachineClass pc_machine = {
    .name = "pc",
    .desc = "Standard PC (ISA devices; i440FX + PIIX to come)",
    .init = pc_init,
    .init_done = pc_init_done,
    .is_default = true,
    .default_cpu_model = "qemu32",
};
