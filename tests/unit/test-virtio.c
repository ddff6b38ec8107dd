/*
 * Unit tests of the virtio core and its PCI transport (hw/virtio/): a test
 * device that echoes each request's readable bytes into its writable ones
 * is plugged into a PCI bus over the real memory core, and a small driver
 * written here programs it through its registers, as Linux and SeaBIOS do,
 * over both the legacy I/O BAR and the modern capabilities.
 *
 * Then the guest misbehaves: descriptor loops, indexes and lengths out of
 * range, bad indirect tables, buffers and rings outside RAM or inside the
 * device's own registers, bus mastering off, and seeded random rings and
 * register writes. The device must end up marked broken (NEEDS_RESET), the
 * process must not crash (built with the sanitizers when available), and a
 * reset must make the device usable again.
 */
#include "qemu/osdep.h"
#include "exec/memory.h"
#include "hw/virtio/virtio-pci.h"
#include <sys/wait.h>
#include <unistd.h>
#include "unit-test.h"

/* ---- what the rest of the emulator provides to the code under test ---- */

void tlb_flush_all(void)
{
}

void tb_invalidate_phys_range(hwaddr start, hwaddr end)
{
}

void tlb_rearm_dirty_log(MemoryRegion *mr, uint64_t first, uint64_t last)
{
}

void qbus_register(BusState *bus)
{
}

const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "detect_leaks=0";
}

/* ---- the machine: 1 MiB of RAM, a PCI bus, the device ---- */

#define RAM_SIZE        0x100000
#define LEGACY_PORT     0xc000
#define MODERN_BASE     0x80000000u
#define COMMON(off)     (MODERN_BASE + (off))
#define ISR_ADDR        (MODERN_BASE + 0x1000)
#define NOTIFY(q)       (MODERN_BASE + 0x3000 + 4 * (q))
#define ECHO_QUEUE_SIZE 16

/* virtio 1.0 common configuration offsets */
enum {
    DFSELECT = 0x00, DF = 0x04, GFSELECT = 0x08, GF = 0x0c, NUMQ = 0x12,
    STATUS = 0x14, Q_SELECT = 0x16, Q_SIZE = 0x18, Q_ENABLE = 0x1c, Q_NOFF = 0x1e,
    Q_DESC = 0x20, Q_AVAIL = 0x28, Q_USED = 0x30,
};
/* legacy register offsets */
enum {
    L_HOST_F = 0x00, L_GUEST_F = 0x04, L_PFN = 0x08, L_NUM = 0x0c, L_SEL = 0x0e,
    L_NOTIFY = 0x10, L_STATUS = 0x12, L_ISR = 0x13,
};
#define S_ACK       1
#define S_DRIVER    2
#define S_DRIVER_OK 4
#define S_FEAT_OK   8
#define S_NEEDS_RESET 0x40

#define F_NEXT      1
#define F_WRITE     2
#define F_INDIRECT  4

static MemoryRegion ram;
static PCIBus *bus;
static int irq_level;
static unsigned int handled;    /* requests the echo device completed */

typedef struct TestDevice {
    VirtIOPCIProxy proxy;
    VirtIODevice vdev;
} TestDevice;
static TestDevice *tdev;

static int test_map_irq(PCIDevice *d, int pin)
{
    return pin;
}

static void test_set_irq(void *opaque, int line, int level)
{
    irq_level = level;
}

/*
 * The device under test: answers each request with its own bytes, at most
 * a ring's worth per kick (its writes may land on the available ring).
 */
static void echo_handle_output(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtQueueElement *elem;
    uint8_t buf[4096];
    unsigned int budget = ECHO_QUEUE_SIZE;

    while (budget-- && (elem = virtqueue_pop(vq))) {
        size_t n = iov_to_buf(elem->out_sg, elem->out_num, 0, buf, sizeof(buf));
        n = iov_from_buf(elem->in_sg, elem->in_num, 0, buf, n);
        virtqueue_push(vq, elem, n);
        free(elem);
        handled++;
    }
    virtio_notify(vdev, vq);
}

static const VirtIODeviceClass echo_class = {
    .name = "virtio-echo",
    .device_id = VIRTIO_ID_RNG,
};
static const DeviceClass echo_pci_class = { .name = "virtio-echo-pci" };

static void machine_new(bool legacy, bool modern)
{
    char *err = NULL;

    address_space_init(&address_space_memory, "memory");
    address_space_init(&address_space_io, "I/O");
    memory_region_init_ram(&ram, "ram", RAM_SIZE);
    address_space_map(&address_space_memory, &ram, 0, 0);
    bus = pci_bus_new(&address_space_memory, &address_space_io);
    pci_bus_irqs(bus, test_map_irq, test_set_irq, NULL);

    tdev = qemu_mallocz(sizeof(*tdev));
    tdev->proxy.pci_dev.qdev.cls = &echo_pci_class;
    tdev->proxy.disable_legacy = !legacy;
    tdev->proxy.disable_modern = !modern;
    virtio_init(&tdev->vdev, &echo_class, 8);
    virtio_add_queue(&tdev->vdev, ECHO_QUEUE_SIZE, echo_handle_output);
    virtio_add_queue(&tdev->vdev, ECHO_QUEUE_SIZE, echo_handle_output);
    if (!virtio_pci_realize(&tdev->proxy, &tdev->vdev, &bus->qbus, &err)) {
        printf("FAIL realize: %s\n", err);
        exit(1);
    }
    /* what firmware does: place the BARs, enable decoding and bus mastering */
    int devfn = tdev->proxy.pci_dev.devfn;
    pci_bus_config_write(bus, devfn, PCI_BASE_ADDRESS_0, LEGACY_PORT, 4);
    pci_bus_config_write(bus, devfn, PCI_BASE_ADDRESS_0 + 16, MODERN_BASE, 4);
    pci_bus_config_write(bus, devfn, PCI_COMMAND,
                         PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER, 2);
    handled = 0;
    irq_level = 0;
}

static uint32_t cfg_read(uint32_t off, int len)
{
    return pci_bus_config_read(bus, tdev->proxy.pci_dev.devfn, off, len);
}

static uint32_t mmio_read(uint64_t addr, unsigned size)
{
    uint8_t b[4] = { 0 };
    address_space_read(&address_space_memory, addr, b, size);
    return b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24;
}

static void mmio_write(uint64_t addr, uint32_t val, unsigned size)
{
    uint8_t b[4] = { val, val >> 8, val >> 16, val >> 24 };
    address_space_write(&address_space_memory, addr, b, size);
}

static uint32_t io_read(uint32_t off, unsigned size)
{
    return size == 1 ? cpu_inb(LEGACY_PORT + off) :
           size == 2 ? cpu_inw(LEGACY_PORT + off) : cpu_inl(LEGACY_PORT + off);
}

static void io_write(uint32_t off, uint32_t val, unsigned size)
{
    if (size == 1) {
        cpu_outb(LEGACY_PORT + off, val);
    } else if (size == 2) {
        cpu_outw(LEGACY_PORT + off, val);
    } else {
        cpu_outl(LEGACY_PORT + off, val);
    }
}

/* ---- guest memory and a driver's view of a split ring ---- */

static void put16(uint64_t a, uint16_t v) { virtio_st16(ram.ram + a, v); }
static void put32(uint64_t a, uint32_t v) { virtio_st32(ram.ram + a, v); }
static void put64(uint64_t a, uint64_t v) { virtio_st64(ram.ram + a, v); }
static uint16_t get16(uint64_t a) { return virtio_ld16(ram.ram + a); }
static uint32_t get32(uint64_t a) { return virtio_ld32(ram.ram + a); }

typedef struct Ring {
    uint64_t desc, avail, used;
    unsigned int num;
    uint16_t avail_idx;
} Ring;

static void desc_put(uint64_t table, unsigned int i, uint64_t addr, uint32_t len,
                     uint16_t flags, uint16_t next)
{
    uint64_t d = table + 16ull * i;
    put64(d, addr);
    put32(d + 8, len);
    put16(d + 12, flags);
    put16(d + 14, next);
}

static void avail_add(Ring *r, uint16_t head)
{
    put16(r->avail + 4 + 2 * (r->avail_idx % r->num), head);
    r->avail_idx++;
    put16(r->avail + 2, r->avail_idx);
}

static uint16_t used_idx(const Ring *r)
{
    return get16(r->used + 2);
}

/* a two-descriptor request: "hello virtio" out, 32 bytes in */
#define REQ_OUT 0x30000
#define REQ_IN  0x31000
static const char hello[] = "hello virtio";

static void request_put(Ring *r, uint16_t head)
{
    memcpy(ram.ram + REQ_OUT, hello, sizeof(hello));
    memset(ram.ram + REQ_IN, 0, 64);
    desc_put(r->desc, head, REQ_OUT, sizeof(hello), F_NEXT, (head + 1) % r->num);
    desc_put(r->desc, (head + 1) % r->num, REQ_IN, 32, F_WRITE, 0);
    avail_add(r, head);
}

/* modern bring-up of queue q with num entries at fixed addresses */
static void modern_init(Ring *r, unsigned int q, unsigned int num, uint64_t features_hi,
                        uint32_t features_lo)
{
    memset(ram.ram + 0x20000, 0, 0x3000);
    mmio_write(COMMON(STATUS), 0, 1);
    mmio_write(COMMON(STATUS), S_ACK | S_DRIVER, 1);
    mmio_write(COMMON(GFSELECT), 0, 4);
    mmio_write(COMMON(GF), features_lo, 4);
    mmio_write(COMMON(GFSELECT), 1, 4);
    mmio_write(COMMON(GF), features_hi, 4);
    mmio_write(COMMON(STATUS), S_ACK | S_DRIVER | S_FEAT_OK, 1);
    *r = (Ring){ .desc = 0x20000, .avail = 0x21000, .used = 0x22000, .num = num };
    mmio_write(COMMON(Q_SELECT), q, 2);
    mmio_write(COMMON(Q_SIZE), num, 2);
    mmio_write(COMMON(Q_DESC), r->desc, 4);
    mmio_write(COMMON(Q_DESC) + 4, 0, 4);
    mmio_write(COMMON(Q_AVAIL), r->avail, 4);
    mmio_write(COMMON(Q_AVAIL) + 4, 0, 4);
    mmio_write(COMMON(Q_USED), r->used, 4);
    mmio_write(COMMON(Q_USED) + 4, 0, 4);
    mmio_write(COMMON(Q_ENABLE), 1, 2);
    mmio_write(COMMON(STATUS), S_ACK | S_DRIVER | S_FEAT_OK | S_DRIVER_OK, 1);
}

static uint8_t modern_status(void)
{
    return mmio_read(COMMON(STATUS), 1);
}

/* ---- the well-behaved driver ---- */

static void test_pci_header(void)
{
    machine_new(true, true);
    CHECK_EQ(cfg_read(PCI_VENDOR_ID, 2), 0x1af4);
    CHECK_EQ(cfg_read(PCI_DEVICE_ID, 2), 0x1005);       /* transitional rng */
    CHECK_EQ(cfg_read(PCI_REVISION_ID, 1), 0);
    CHECK_EQ(cfg_read(PCI_SUBSYSTEM_VENDOR_ID, 2), 0x1af4);
    CHECK_EQ(cfg_read(PCI_SUBSYSTEM_ID, 2), VIRTIO_ID_RNG);
    CHECK_EQ(cfg_read(PCI_INTERRUPT_PIN, 1), 1);
    CHECK(cfg_read(PCI_STATUS, 2) & PCI_STATUS_CAP_LIST);
    CHECK_EQ(cfg_read(PCI_BASE_ADDRESS_0, 4), LEGACY_PORT | 1);

    /* each structure once, in BAR 4, where the BAR's region decodes it */
    unsigned int seen = 0, guard = 0;
    for (uint8_t cap = cfg_read(PCI_CAPABILITY_LIST, 1); cap; cap = cfg_read(cap + 1, 1)) {
        CHECK(++guard < 48);
        if (cfg_read(cap, 1) != PCI_CAP_ID_VNDR) {
            continue;
        }
        uint8_t type = cfg_read(cap + 3, 1);
        uint32_t off = cfg_read(cap + 8, 4), len = cfg_read(cap + 12, 4);
        CHECK(type >= 1 && type <= 5);
        CHECK_EQ(cfg_read(cap + 4, 1), 4);
        CHECK(off + len <= 0x4000);
        seen |= 1u << type;
        if (type == 2) {
            CHECK_EQ(cfg_read(cap + 2, 1), 20);
            CHECK_EQ(cfg_read(cap + 16, 4), 4);        /* notify_off_multiplier */
        }
    }
    CHECK_EQ(seen, 0x3e);
    /* modern-only: device id 0x1040 + id, revision 1, no I/O BAR */
    machine_new(false, true);
    CHECK_EQ(cfg_read(PCI_DEVICE_ID, 2), 0x1040 + VIRTIO_ID_RNG);
    CHECK_EQ(cfg_read(PCI_REVISION_ID, 1), 1);
    CHECK_EQ(cfg_read(PCI_BASE_ADDRESS_0, 4), 0);
}

/* the PCI-config access window reaches the BARs' registers */
static uint8_t find_cfg_window(void)
{
    for (uint8_t cap = cfg_read(PCI_CAPABILITY_LIST, 1); cap; cap = cfg_read(cap + 1, 1)) {
        if (cfg_read(cap, 1) == PCI_CAP_ID_VNDR && cfg_read(cap + 3, 1) == 5) {
            return cap;
        }
    }
    return 0;
}

static void window_set(uint8_t cap, uint8_t bar, uint32_t off, uint32_t len)
{
    int devfn = tdev->proxy.pci_dev.devfn;
    pci_bus_config_write(bus, devfn, cap + 4, bar, 1);
    pci_bus_config_write(bus, devfn, cap + 8, off, 4);
    pci_bus_config_write(bus, devfn, cap + 12, len, 4);
}

static void test_pci_cfg_window(void)
{
    machine_new(true, true);
    int devfn = tdev->proxy.pci_dev.devfn;
    uint8_t cap = find_cfg_window();
    CHECK(cap);
    CHECK_EQ(cfg_read(cap + 2, 1), 20);
    /* status through the window, seen in BAR 4 */
    window_set(cap, 4, STATUS, 1);
    pci_bus_config_write(bus, devfn, cap + 16, S_ACK | S_DRIVER, 4);
    CHECK_EQ(modern_status(), S_ACK | S_DRIVER);
    window_set(cap, 4, NUMQ, 2);
    CHECK_EQ(cfg_read(cap + 16, 4), 2);
    /* the legacy BAR too */
    window_set(cap, 0, L_NUM, 2);
    CHECK_EQ(cfg_read(cap + 16, 2), ECHO_QUEUE_SIZE);
    /* a window outside a BAR, a bad length or BAR number: nothing happens */
    static const uint32_t bad[][3] = {
        { 4, 0x4000, 4 }, { 4, 0x3ffe, 4 }, { 4, STATUS, 3 }, { 4, STATUS + 1, 2 },
        { 7, 0, 4 }, { 255, 0, 1 }, { 2, 0, 4 }, { 0, 0x40, 4 }, { 4, 0xffffffff, 1 },
    };
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        window_set(cap, bad[i][0], bad[i][1], bad[i][2]);
        pci_bus_config_write(bus, devfn, cap + 16, 0, 4);
        cfg_read(cap + 16, 4);
    }
    CHECK_EQ(modern_status(), S_ACK | S_DRIVER);
}

static void test_legacy_request(void)
{
    machine_new(true, true);
    io_write(L_STATUS, 0, 1);
    io_write(L_STATUS, S_ACK | S_DRIVER, 1);
    uint32_t host = io_read(L_HOST_F, 4);
    CHECK(host & (1u << VIRTIO_RING_F_INDIRECT_DESC));
    io_write(L_GUEST_F, 1u << VIRTIO_RING_F_INDIRECT_DESC, 4);
    CHECK_EQ(io_read(L_GUEST_F, 4), 1u << VIRTIO_RING_F_INDIRECT_DESC);
    io_write(L_SEL, 0, 2);
    CHECK_EQ(io_read(L_NUM, 2), ECHO_QUEUE_SIZE);
    /* legacy layout: descriptors, avail right after, used on the next page */
    memset(ram.ram + 0x10000, 0, 0x2000);
    io_write(L_PFN, 0x10, 4);
    CHECK_EQ(io_read(L_PFN, 4), 0x10);
    io_write(L_STATUS, S_ACK | S_DRIVER | S_DRIVER_OK, 1);
    Ring r = { .desc = 0x10000, .avail = 0x10000 + 16 * ECHO_QUEUE_SIZE, .used = 0x11000,
               .num = ECHO_QUEUE_SIZE };

    request_put(&r, 0);
    io_write(L_NOTIFY, 0, 2);
    CHECK_EQ(used_idx(&r), 1);
    CHECK_EQ(get32(r.used + 4), 0);                 /* id: the head */
    CHECK_EQ(get32(r.used + 8), sizeof(hello));     /* len written */
    CHECK(!memcmp(ram.ram + REQ_IN, hello, sizeof(hello)));
    CHECK_EQ(irq_level, 1);
    CHECK_EQ(io_read(L_ISR, 1), 1);
    CHECK_EQ(irq_level, 0);
    CHECK_EQ(io_read(L_ISR, 1), 0);

    /* the driver asks for no interrupts: the ring flag is honoured */
    put16(r.avail, 1);
    request_put(&r, 4);
    io_write(L_NOTIFY, 0, 2);
    CHECK_EQ(used_idx(&r), 2);
    CHECK_EQ(irq_level, 0);

    /* a kick for a queue that does not exist, and a reset */
    io_write(L_NOTIFY, 7, 2);
    io_write(L_STATUS, 0, 1);
    CHECK_EQ(io_read(L_STATUS, 1), 0);
    CHECK_EQ(io_read(L_PFN, 4), 0);
    CHECK_EQ(handled, 2);
}

static void test_modern_request(void)
{
    Ring r;

    machine_new(true, true);
    /* a feature the device does not have: FEATURES_OK does not stick */
    mmio_write(COMMON(STATUS), S_ACK | S_DRIVER, 1);
    mmio_write(COMMON(DFSELECT), 1, 4);
    CHECK(mmio_read(COMMON(DF), 4) & 1);            /* VERSION_1 */
    mmio_write(COMMON(GFSELECT), 0, 4);
    mmio_write(COMMON(GF), 1u << 20, 4);
    mmio_write(COMMON(STATUS), S_ACK | S_DRIVER | S_FEAT_OK, 1);
    CHECK(!(modern_status() & S_FEAT_OK));
    CHECK_EQ(mmio_read(COMMON(NUMQ), 2), 2);

    modern_init(&r, 1, 8, 1, 1u << VIRTIO_RING_F_INDIRECT_DESC);
    CHECK(modern_status() & S_FEAT_OK);
    CHECK_EQ(mmio_read(COMMON(Q_SIZE), 2), 8);
    CHECK_EQ(mmio_read(COMMON(Q_ENABLE), 2), 1);
    CHECK_EQ(mmio_read(COMMON(Q_NOFF), 2), 1);
    CHECK_EQ(mmio_read(COMMON(Q_AVAIL), 4), 0x21000);

    /* an indirect table holding the request */
    memcpy(ram.ram + REQ_OUT, hello, sizeof(hello));
    desc_put(0x40000, 0, REQ_OUT, 5, F_NEXT, 1);
    desc_put(0x40000, 1, REQ_OUT + 5, sizeof(hello) - 5, F_NEXT, 2);
    desc_put(0x40000, 2, REQ_IN, 32, F_WRITE, 0);
    desc_put(r.desc, 3, 0x40000, 48, F_INDIRECT, 0);
    avail_add(&r, 3);
    mmio_write(NOTIFY(1), 1, 2);
    CHECK_EQ(used_idx(&r), 1);
    CHECK_EQ(get32(r.used + 4), 3);
    CHECK_EQ(get32(r.used + 8), sizeof(hello));
    CHECK(!memcmp(ram.ram + REQ_IN, hello, sizeof(hello)));
    CHECK_EQ(irq_level, 1);
    CHECK_EQ(mmio_read(ISR_ADDR, 1), 1);
    CHECK_EQ(irq_level, 0);
}

static void test_event_idx(void)
{
    Ring r;

    machine_new(true, true);
    modern_init(&r, 0, 8, 1, 1u << VIRTIO_RING_F_EVENT_IDX);
    /* used_event 0: interrupt when used->idx passes 0 */
    put16(r.avail + 4 + 2 * 8, 0);
    request_put(&r, 0);
    mmio_write(NOTIFY(0), 0, 2);
    CHECK_EQ(used_idx(&r), 1);
    CHECK_EQ(irq_level, 1);
    mmio_read(ISR_ADDR, 1);
    /* the device wants a kick for anything past what it took */
    CHECK_EQ(get16(r.used + 4 + 8 * 8), 1);
    /* used_event far ahead: no interrupt for the next completion */
    put16(r.avail + 4 + 2 * 8, 5);
    request_put(&r, 2);
    mmio_write(NOTIFY(0), 0, 2);
    CHECK_EQ(used_idx(&r), 2);
    CHECK_EQ(irq_level, 0);
    /* used_event 2: the completion that makes used->idx 3 crosses it */
    put16(r.avail + 4 + 2 * 8, 2);
    request_put(&r, 4);
    mmio_write(NOTIFY(0), 0, 2);
    CHECK_EQ(used_idx(&r), 3);
    CHECK_EQ(irq_level, 1);
}

/* ---- the hostile driver ---- */

typedef void BadRing(Ring *r);

static void bad_loop(Ring *r)
{
    desc_put(r->desc, 0, REQ_OUT, 4, F_NEXT, 1);
    desc_put(r->desc, 1, REQ_OUT, 4, F_NEXT, 0);
    avail_add(r, 0);
}

static void bad_self_loop_writable(Ring *r)
{
    desc_put(r->desc, 5, REQ_IN, 4, F_NEXT | F_WRITE, 5);
    avail_add(r, 5);
}

static void bad_head(Ring *r)
{
    avail_add(r, r->num);
}

static void bad_next(Ring *r)
{
    desc_put(r->desc, 0, REQ_OUT, 4, F_NEXT, 0xffff);
    avail_add(r, 0);
}

static void bad_avail_jump(Ring *r)
{
    request_put(r, 0);
    put16(r->avail + 2, r->num + 1);
}

static void bad_indirect_empty(Ring *r)
{
    desc_put(r->desc, 0, 0x40000, 0, F_INDIRECT, 0);
    avail_add(r, 0);
}

static void bad_indirect_odd(Ring *r)
{
    desc_put(r->desc, 0, 0x40000, 17, F_INDIRECT, 0);
    avail_add(r, 0);
}

static void bad_indirect_huge(Ring *r)
{
    desc_put(r->desc, 0, 0x40000, 0xfffffff0u, F_INDIRECT, 0);
    avail_add(r, 0);
}

static void bad_indirect_nested(Ring *r)
{
    desc_put(0x40000, 0, 0x40000, 16, F_INDIRECT, 0);
    desc_put(r->desc, 0, 0x40000, 16, F_INDIRECT, 0);
    avail_add(r, 0);
}

static void bad_indirect_chained(Ring *r)
{
    desc_put(0x40000, 0, REQ_IN, 4, F_WRITE, 0);
    desc_put(r->desc, 0, 0x40000, 16, F_INDIRECT | F_NEXT, 1);
    desc_put(r->desc, 1, REQ_IN, 4, F_WRITE, 0);
    avail_add(r, 0);
}

static void bad_indirect_loop(Ring *r)
{
    desc_put(0x40000, 0, REQ_OUT, 4, F_NEXT, 1);
    desc_put(0x40000, 1, REQ_OUT, 4, F_NEXT, 0);
    desc_put(r->desc, 0, 0x40000, 32, F_INDIRECT, 0);
    avail_add(r, 0);
}

static void bad_indirect_outside_ram(Ring *r)
{
    desc_put(r->desc, 0, 0xfffff000u, 4096, F_INDIRECT, 0);
    avail_add(r, 0);
}

static void bad_buffer_outside_ram(Ring *r)
{
    desc_put(r->desc, 0, RAM_SIZE - 8, 16, F_WRITE, 0);
    avail_add(r, 0);
}

static void bad_buffer_in_mmio(Ring *r)
{
    desc_put(r->desc, 0, MODERN_BASE, 64, F_WRITE, 0);
    avail_add(r, 0);
}

static void bad_buffer_wraps(Ring *r)
{
    desc_put(r->desc, 0, 0xfffffffffffff000ull, 0x2000, 0, 0);
    avail_add(r, 0);
}

static void bad_buffer_empty(Ring *r)
{
    desc_put(r->desc, 0, REQ_OUT, 0, 0, 0);
    avail_add(r, 0);
}

static void bad_order(Ring *r)
{
    desc_put(r->desc, 0, REQ_IN, 4, F_WRITE | F_NEXT, 1);
    desc_put(r->desc, 1, REQ_OUT, 4, 0, 0);
    avail_add(r, 0);
}

static void bad_bus_master_off(Ring *r)
{
    request_put(r, 0);
    pci_bus_config_write(bus, tdev->proxy.pci_dev.devfn, PCI_COMMAND,
                         PCI_COMMAND_IO | PCI_COMMAND_MEMORY, 2);
}

static const struct {
    const char *name;
    BadRing *make;
} bad_rings[] = {
    { "virtio/bad-chain-loop", bad_loop },
    { "virtio/bad-chain-self-loop", bad_self_loop_writable },
    { "virtio/bad-head-index", bad_head },
    { "virtio/bad-next-index", bad_next },
    { "virtio/bad-avail-index-jump", bad_avail_jump },
    { "virtio/bad-indirect-empty", bad_indirect_empty },
    { "virtio/bad-indirect-odd-length", bad_indirect_odd },
    { "virtio/bad-indirect-huge", bad_indirect_huge },
    { "virtio/bad-indirect-nested", bad_indirect_nested },
    { "virtio/bad-indirect-chained", bad_indirect_chained },
    { "virtio/bad-indirect-loop", bad_indirect_loop },
    { "virtio/bad-indirect-outside-ram", bad_indirect_outside_ram },
    { "virtio/bad-buffer-outside-ram", bad_buffer_outside_ram },
    { "virtio/bad-buffer-in-mmio", bad_buffer_in_mmio },
    { "virtio/bad-buffer-wraps", bad_buffer_wraps },
    { "virtio/bad-buffer-empty", bad_buffer_empty },
    { "virtio/bad-readable-after-writable", bad_order },
    { "virtio/bad-bus-master-off", bad_bus_master_off },
};
static BadRing *current_bad;

/* the device breaks, nothing is completed, and a reset brings it back */
static void check_breaks_then_recovers(void)
{
    Ring r;

    machine_new(true, true);
    modern_init(&r, 0, 8, 1, 1u << VIRTIO_RING_F_INDIRECT_DESC);
    current_bad(&r);
    mmio_write(NOTIFY(0), 0, 2);
    CHECK_EQ(handled, 0);
    CHECK_EQ(used_idx(&r), 0);
    CHECK(modern_status() & S_NEEDS_RESET);
    /* further kicks are ignored */
    mmio_write(NOTIFY(0), 0, 2);
    CHECK_EQ(handled, 0);

    pci_bus_config_write(bus, tdev->proxy.pci_dev.devfn, PCI_COMMAND,
                         PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER, 2);
    modern_init(&r, 0, 8, 1, 0);
    CHECK(!(modern_status() & S_NEEDS_RESET));
    request_put(&r, 0);
    mmio_write(NOTIFY(0), 0, 2);
    CHECK_EQ(handled, 1);
    CHECK_EQ(used_idx(&r), 1);
}

static void test_bad_queue_setup(void)
{
    static const struct { unsigned int size; uint64_t desc; } bad[] = {
        { 6, 0x20000 }, { 0, 0x20000 }, { 32, 0x20000 }, { 0xffff, 0x20000 }, { 8, 0x20008 },
    };

    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        machine_new(true, true);
        mmio_write(COMMON(STATUS), S_ACK | S_DRIVER, 1);
        mmio_write(COMMON(GFSELECT), 1, 4);
        mmio_write(COMMON(GF), 1, 4);
        mmio_write(COMMON(STATUS), S_ACK | S_DRIVER | S_FEAT_OK, 1);
        mmio_write(COMMON(Q_SELECT), 0, 2);
        mmio_write(COMMON(Q_SIZE), bad[i].size, 2);
        mmio_write(COMMON(Q_DESC), bad[i].desc, 4);
        mmio_write(COMMON(Q_ENABLE), 1, 2);
        CHECK_EQ(mmio_read(COMMON(Q_ENABLE), 2), 0);
        CHECK(modern_status() & S_NEEDS_RESET);
        mmio_write(NOTIFY(0), 0, 2);
        CHECK_EQ(handled, 0);
    }
    /* queue_select beyond the queues: registers read as absent, writes go nowhere */
    machine_new(true, true);
    mmio_write(COMMON(Q_SELECT), 0xffff, 2);
    CHECK_EQ(mmio_read(COMMON(Q_SIZE), 2), 0);
    mmio_write(COMMON(Q_SIZE), 8, 2);
    mmio_write(COMMON(Q_ENABLE), 1, 2);
    CHECK_EQ(mmio_read(COMMON(Q_ENABLE), 2), 0);
    mmio_write(NOTIFY(0x3ff), 0, 2);
    io_write(L_SEL, 0x1234, 2);
    io_write(L_PFN, 0xffffffff, 4);     /* rings at the top of a 44-bit space */
    io_write(L_NOTIFY, 0x1234, 2);
    io_write(L_SEL, 0, 2);
    io_write(L_PFN, 0xfffff, 4);        /* just below 4 GiB: not RAM */
    io_write(L_STATUS, S_ACK | S_DRIVER | S_DRIVER_OK, 1);
    io_write(L_NOTIFY, 0, 2);
    CHECK_EQ(handled, 0);
}

/* rings inside the device's own registers: a used-ring write that kicks
 * the queue again must not recurse without end */
static void test_rings_in_own_bar(void)
{
    Ring r;

    machine_new(true, true);
    modern_init(&r, 0, 8, 1, 0);
    mmio_write(COMMON(STATUS), 0, 1);
    mmio_write(COMMON(STATUS), S_ACK | S_DRIVER, 1);
    mmio_write(COMMON(GFSELECT), 1, 4);
    mmio_write(COMMON(GF), 1, 4);
    mmio_write(COMMON(STATUS), S_ACK | S_DRIVER | S_FEAT_OK, 1);
    r.num = 8;
    memset(ram.ram + 0x20000, 0, 0x3000);
    mmio_write(COMMON(Q_SELECT), 0, 2);
    mmio_write(COMMON(Q_SIZE), 8, 2);
    mmio_write(COMMON(Q_DESC), 0x20000, 4);
    mmio_write(COMMON(Q_AVAIL), 0x21000, 4);
    mmio_write(COMMON(Q_USED), MODERN_BASE + 0x3000, 4);    /* the notify area */
    mmio_write(COMMON(Q_ENABLE), 1, 2);
    mmio_write(COMMON(STATUS), S_ACK | S_DRIVER | S_FEAT_OK | S_DRIVER_OK, 1);
    r.desc = 0x20000;
    r.avail = 0x21000;
    for (int i = 0; i < 4; i++) {
        request_put(&r, 2 * i);
    }
    mmio_write(NOTIFY(0), 0, 2);
    CHECK(handled >= 1 && handled <= 4);
}

/* ---- seeded random rings and register writes ---- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state >> 11;
}

/* an address that is mostly in the ring area, sometimes anywhere */
static uint64_t rnd_addr(void)
{
    switch (rnd() % 8) {
    case 0: return ((uint64_t)rnd() << 32) | rnd();
    case 1: return MODERN_BASE + rnd() % 0x4000;
    case 2: return RAM_SIZE - rnd() % 64;
    default: return 0x20000 + rnd() % 0x30000;
    }
}

static void test_random(void)
{
    static const uint16_t regs[] = {
        DFSELECT, GFSELECT, GF, STATUS, Q_SELECT, Q_SIZE, Q_ENABLE,
        Q_DESC, Q_DESC + 4, Q_AVAIL, Q_AVAIL + 4, Q_USED, Q_USED + 4, 0x10, 0x1a,
    };
    Ring r;

    machine_new(true, true);
    for (int round = 0; round < 3000; round++) {
        if (round % 50 == 0) {
            modern_init(&r, rnd() % 2, 1u << (rnd() % 4 + 1), rnd() % 2,
                        rnd() & (1u << VIRTIO_RING_F_INDIRECT_DESC |
                                 1u << VIRTIO_RING_F_EVENT_IDX));
        }
        /* scribble over descriptors, tables and rings */
        for (int k = rnd() % 16; k > 0; k--) {
            uint64_t table = rnd() % 3 ? r.desc : 0x40000 + 16 * (rnd() % 64);
            unsigned int flags = rnd() % 8;
            desc_put(table, rnd() % 16, rnd_addr(), rnd() % 3 ? rnd() % 256 : rnd(),
                     flags, rnd() % 3 ? rnd() % 16 : rnd());
        }
        if (rnd() % 4 == 0) {
            put16(r.avail + 4 + 2 * (rnd() % 16), rnd() % 20);
        }
        if (rnd() % 8 == 0) {
            put16(r.avail + 2, rnd());
        } else {
            /* mostly heads in range, so that chains get walked */
            avail_add(&r, rnd() % 8 ? rnd() % r.num : rnd() % 20);
        }
        if (rnd() % 16 == 0) {
            uint16_t reg = regs[rnd() % ARRAY_SIZE(regs)];
            uint32_t val = reg == Q_DESC || reg == Q_AVAIL || reg == Q_USED ? rnd_addr() : rnd();
            mmio_write(COMMON(reg), val, reg >= 0x14 && reg < 0x20 ? 2 : 4);
        }
        if (rnd() % 32 == 0) {
            io_write(rnd() % 0x20, rnd(), 1u << (rnd() % 3));
        }
        mmio_write(NOTIFY(rnd() % 3), 0, 2);
        mmio_read(ISR_ADDR, 1);
    }
    /* whatever happened, a reset gives a working device */
    pci_bus_config_write(bus, tdev->proxy.pci_dev.devfn, PCI_COMMAND,
                         PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER, 2);
    handled = 0;
    modern_init(&r, 0, 8, 1, 0);
    request_put(&r, 0);
    mmio_write(NOTIFY(0), 0, 2);
    CHECK_EQ(handled, 1);
    CHECK(!memcmp(ram.ram + REQ_IN, hello, sizeof(hello)));
}

/* each test in its own process: the address spaces are global */
static void run_isolated(const char *name, void (*fn)(void))
{
    int status;
    pid_t pid;

    fflush(stdout);
    pid = fork();
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

int main(void)
{
    run_isolated("virtio/pci-header", test_pci_header);
    run_isolated("virtio/pci-cfg-window", test_pci_cfg_window);
    run_isolated("virtio/legacy-request", test_legacy_request);
    run_isolated("virtio/modern-request", test_modern_request);
    run_isolated("virtio/event-idx", test_event_idx);
    for (size_t i = 0; i < ARRAY_SIZE(bad_rings); i++) {
        current_bad = bad_rings[i].make;
        run_isolated(bad_rings[i].name, check_breaks_then_recovers);
    }
    run_isolated("virtio/bad-queue-setup", test_bad_queue_setup);
    run_isolated("virtio/rings-in-own-bar", test_rings_in_own_bar);
    run_isolated("virtio/random-rings", test_random);
    return failures ? 1 : 0;
}
