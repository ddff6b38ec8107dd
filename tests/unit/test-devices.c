/*
 * Unit tests of the PC's interrupt controller pair, interval timer and
 * UART, driven through their ports with the virtual clock stepped by hand.
 *
 * The devices are linked from source; the memory API is replaced by a
 * small port bus here (regions are recorded and dispatched directly), so
 * nothing but the device logic is under test.
 */
#include "qemu/osdep.h"
#include "qemu/timer.h"
#include "exec/memory.h"
#include "hw/irq.h"
#include "hw/isa.h"
#include "hw/i386/i8259.h"
#include "hw/i386/i8254.h"
#include "hw/char/serial.h"
#include "chardev/char.h"
#include "unit-test.h"

/* ---- a port bus standing in for the memory API ---- */

#define MAX_PORT_REGIONS 16
static MemoryRegion *port_regions[MAX_PORT_REGIONS];
static int nb_port_regions;

void memory_region_init_io(MemoryRegion *mr, const MemoryRegionOps *ops,
                           void *opaque, const char *name, uint64_t size)
{
    memset(mr, 0, sizeof(*mr));
    mr->ops = ops;
    mr->opaque = opaque;
    mr->name = name;
    mr->size = size;
}

void address_space_map(AddressSpace *as, MemoryRegion *mr, hwaddr addr, int priority)
{
    mr->addr = addr;
    port_regions[nb_port_regions++] = mr;
}

static MemoryRegion *port_find(uint16_t port)
{
    for (int i = nb_port_regions - 1; i >= 0; i--) {
        MemoryRegion *mr = port_regions[i];
        if (port >= mr->addr && port < mr->addr + mr->size) {
            return mr;
        }
    }
    return NULL;
}

static void outb(uint16_t port, uint8_t val)
{
    MemoryRegion *mr = port_find(port);
    if (mr) {
        mr->ops->write(mr->opaque, port - mr->addr, val, 1);
    }
}

static uint8_t inb(uint16_t port)
{
    MemoryRegion *mr = port_find(port);
    return mr ? mr->ops->read(mr->opaque, port - mr->addr, 1) : 0xff;
}

static ISABus test_bus;

static void bus_reset(void)
{
    nb_port_regions = 0;
    memset(&test_bus, 0, sizeof(test_bus));
}

/* ================= 8259 ================= */

static LineProbe cpu_int;
static PICState *pic;

/* the usual PC programming: vectors 0x20 and 0x28, cascade on IRQ2 */
static void pic_setup(uint8_t icw4)
{
    bus_reset();
    memset(&cpu_int, 0, sizeof(cpu_int));
    pic = i8259_init(&test_bus, qemu_allocate_irq(probe_set, &cpu_int, 0));
    outb(0x20, 0x11); outb(0x21, 0x20); outb(0x21, 0x04); outb(0x21, icw4);
    outb(0xa0, 0x11); outb(0xa1, 0x28); outb(0xa1, 0x02); outb(0xa1, icw4);
    outb(0x21, 0x00);
    outb(0xa1, 0x00);
}

static void test_pic_priority_nesting(void)
{
    pic_setup(0x01);
    qemu_irq_raise(test_bus.irqs[1]);
    CHECK_EQ(cpu_int.level, 1);
    CHECK_EQ(pic_read_irq(pic), 0x21);
    CHECK_EQ(cpu_int.level, 0);
    /* IRQ0 outranks the in-service IRQ1: it nests */
    qemu_irq_pulse(test_bus.irqs[0]);
    CHECK_EQ(cpu_int.level, 1);
    CHECK_EQ(pic_read_irq(pic), 0x20);
    /* IRQ3 waits for both */
    qemu_irq_pulse(test_bus.irqs[3]);
    CHECK_EQ(cpu_int.level, 0);
    outb(0x20, 0x20);               /* non-specific EOI: ends IRQ0 */
    CHECK_EQ(cpu_int.level, 0);
    outb(0x20, 0x0b);               /* OCW3: read ISR */
    CHECK_EQ(inb(0x20), 0x02);
    outb(0x20, 0x20);               /* ends IRQ1 */
    CHECK_EQ(cpu_int.level, 1);
    CHECK_EQ(pic_read_irq(pic), 0x23);
    outb(0x20, 0x63);               /* specific EOI for IRQ3 */
    CHECK_EQ(inb(0x20), 0x00);
}

static void test_pic_mask_and_irr(void)
{
    pic_setup(0x01);
    outb(0x21, 0x10);               /* mask IRQ4 */
    qemu_irq_pulse(test_bus.irqs[4]);
    CHECK_EQ(cpu_int.level, 0);
    outb(0x20, 0x0a);               /* OCW3: read IRR */
    CHECK_EQ(inb(0x20), 0x10);
    CHECK_EQ(inb(0x21), 0x10);
    outb(0x21, 0x00);               /* unmask: the latched edge is delivered */
    CHECK_EQ(cpu_int.level, 1);
    CHECK_EQ(pic_read_irq(pic), 0x24);
}

static void test_pic_cascade(void)
{
    pic_setup(0x01);
    qemu_irq_pulse(test_bus.irqs[10]);
    CHECK_EQ(cpu_int.level, 1);
    CHECK_EQ(pic_read_irq(pic), 0x2a);
    outb(0x20, 0x0b);
    CHECK_EQ(inb(0x20), 0x04);      /* master: cascade in service */
    outb(0xa0, 0x0b);
    CHECK_EQ(inb(0xa0), 0x04);      /* slave: IRQ10 in service */
    /* a higher slave IRQ is blocked by the master's IRQ2 in service */
    qemu_irq_pulse(test_bus.irqs[8]);
    CHECK_EQ(cpu_int.level, 0);
    outb(0xa0, 0x20);
    outb(0x20, 0x20);
    CHECK_EQ(cpu_int.level, 1);
    CHECK_EQ(pic_read_irq(pic), 0x28);
}

static void test_pic_special_fully_nested(void)
{
    pic_setup(0x11);                /* ICW4: SFNM, 8086 mode */
    qemu_irq_pulse(test_bus.irqs[10]);
    CHECK_EQ(pic_read_irq(pic), 0x2a);
    /* the slave's higher IRQ8 gets through the master's in-service IRQ2 */
    qemu_irq_pulse(test_bus.irqs[8]);
    CHECK_EQ(cpu_int.level, 1);
    CHECK_EQ(pic_read_irq(pic), 0x28);
}

static void test_pic_edge_and_level(void)
{
    pic_setup(0x01);
    /* edge: a line held high interrupts once */
    qemu_irq_raise(test_bus.irqs[5]);
    CHECK_EQ(pic_read_irq(pic), 0x25);
    outb(0x20, 0x20);
    CHECK_EQ(cpu_int.level, 0);
    qemu_irq_lower(test_bus.irqs[5]);
    /* level (ELCR): a line still high after EOI interrupts again */
    outb(0x4d1, 0x02);              /* IRQ9 level-triggered */
    CHECK_EQ(inb(0x4d1), 0x02);
    qemu_irq_raise(test_bus.irqs[9]);
    CHECK_EQ(pic_read_irq(pic), 0x29);
    outb(0xa0, 0x20);
    outb(0x20, 0x20);
    CHECK_EQ(cpu_int.level, 1);
    CHECK_EQ(pic_read_irq(pic), 0x29);
    qemu_irq_lower(test_bus.irqs[9]);
    outb(0xa0, 0x20);
    outb(0x20, 0x20);
    CHECK_EQ(cpu_int.level, 0);
    /* IRQ0-2 cannot be made level-triggered */
    outb(0x4d0, 0xff);
    CHECK_EQ(inb(0x4d0), 0xf8);
}

static void test_pic_rotation(void)
{
    pic_setup(0x01);
    outb(0x20, 0xc4);               /* set priority: IRQ4 lowest, IRQ5 highest */
    qemu_irq_pulse(test_bus.irqs[3]);
    qemu_irq_pulse(test_bus.irqs[6]);
    CHECK_EQ(pic_read_irq(pic), 0x26);
    outb(0x20, 0xa0);               /* rotate on non-specific EOI: IRQ6 lowest now */
    CHECK_EQ(pic_read_irq(pic), 0x23);
}

static void test_pic_auto_eoi(void)
{
    pic_setup(0x03);                /* ICW4: auto-EOI */
    qemu_irq_pulse(test_bus.irqs[1]);
    CHECK_EQ(pic_read_irq(pic), 0x21);
    outb(0x20, 0x0b);
    CHECK_EQ(inb(0x20), 0x00);
    /* nothing in service: a lower IRQ goes straight through */
    qemu_irq_pulse(test_bus.irqs[7]);
    CHECK_EQ(cpu_int.level, 1);
}

static void test_pic_poll_and_spurious(void)
{
    pic_setup(0x01);
    qemu_irq_pulse(test_bus.irqs[6]);
    outb(0x20, 0x0c);               /* OCW3: poll */
    CHECK_EQ(inb(0x20), 0x86);
    CHECK_EQ(cpu_int.level, 0);
    outb(0x20, 0x20);
    /* acknowledge with nothing pending: spurious IRQ7 */
    CHECK_EQ(pic_read_irq(pic), 0x27);
}

static void test_pic_special_mask(void)
{
    pic_setup(0x01);
    qemu_irq_pulse(test_bus.irqs[0]);
    CHECK_EQ(pic_read_irq(pic), 0x20);
    qemu_irq_pulse(test_bus.irqs[3]);
    CHECK_EQ(cpu_int.level, 0);
    outb(0x21, 0x01);               /* mask the in-service IRQ0 */
    outb(0x20, 0x68);               /* OCW3: special mask mode on */
    CHECK_EQ(cpu_int.level, 1);
    CHECK_EQ(pic_read_irq(pic), 0x23);
}

/* ================= 8254 ================= */

static LineProbe irq0;
static PITState *pit;

static void pit_setup(void)
{
    if (pit) {
        /* the previous test's PIT must not keep ticking into this one */
        timer_del(&pit->channels[0].irq_timer);
    }
    bus_reset();
    memset(&irq0, 0, sizeof(irq0));
    pit = i8254_init(&test_bus, qemu_allocate_irq(probe_set, &irq0, 0));
    irq0.rising_edges = 0;
}

static int64_t ticks_ns(uint64_t ticks)
{
    return (int64_t)((unsigned __int128)ticks * NANOSECONDS_PER_SECOND / PIT_FREQ);
}

static void test_pit_rate_generator(void)
{
    pit_setup();
    outb(0x43, 0x34);               /* channel 0, LSB+MSB, mode 2 */
    outb(0x40, 1193 & 0xff);
    outb(0x40, 1193 >> 8);
    qemu_clock_step(ticks_ns(1193 * 10) + 1000);
    CHECK_EQ(irq0.rising_edges, 10);
    CHECK_EQ(irq0.level, 1);
}

static void test_pit_square_wave_and_counter(void)
{
    pit_setup();
    outb(0x43, 0x36);               /* channel 0, mode 3 */
    outb(0x40, 0x00);
    outb(0x40, 0x10);               /* 4096 */
    qemu_clock_step(ticks_ns(4096 * 3) + 1000);
    CHECK_EQ(irq0.rising_edges, 3);
    /* mode 3 counts down by two */
    qemu_clock_step(ticks_ns(100));
    outb(0x43, 0x00);               /* latch channel 0 */
    uint16_t v = inb(0x40);
    v |= inb(0x40) << 8;
    if (v > 4096 - 190 || v < 4096 - 210) {
        printf("FAIL %s: mode 3 counter 0x%x, expected about 4096 - 200\n", current_test, v);
        failures++;
    }
}

static void test_pit_one_shot(void)
{
    pit_setup();
    outb(0x43, 0x30);               /* channel 0, mode 0 */
    outb(0x40, 100);
    outb(0x40, 0);
    CHECK_EQ(irq0.level, 0);
    qemu_clock_step(ticks_ns(50));
    CHECK_EQ(irq0.level, 0);
    qemu_clock_step(ticks_ns(60));
    CHECK_EQ(irq0.level, 1);
    CHECK_EQ(irq0.rising_edges, 1);
    qemu_clock_step(ticks_ns(100000));
    CHECK_EQ(irq0.rising_edges, 1);
}

static void test_pit_latch_and_readback(void)
{
    pit_setup();
    outb(0x43, 0x74);               /* channel 1, LSB+MSB, mode 2 */
    outb(0x41, 0x00);
    outb(0x41, 0x80);               /* 0x8000 */
    qemu_clock_step(ticks_ns(0x100) + 500);
    outb(0x43, 0x40);               /* latch channel 1 */
    qemu_clock_step(ticks_ns(0x1000));
    CHECK_EQ(inb(0x41), 0x00);
    CHECK_EQ(inb(0x41), 0x7f);      /* 0x8000 - 0x100, as latched */
    /* read-back: status of channel 1 (mode 2, LSB+MSB, OUT high) */
    outb(0x43, 0xe4);
    CHECK_EQ(inb(0x41), 0x80 | 0x30 | (2 << 1));
    /* a status latch right after a mode write shows null count */
    outb(0x43, 0x74);
    outb(0x43, 0xe4);
    CHECK_EQ(inb(0x41) & 0x40, 0x40);
}

static void test_pit_byte_modes_and_bcd(void)
{
    pit_setup();
    outb(0x43, 0xa0);               /* channel 2, MSB only, mode 0 */
    pit_set_gate(pit, 2, true);
    outb(0x42, 0x12);               /* count 0x1200 */
    outb(0x43, 0x80);
    CHECK_EQ(inb(0x42), 0x12);
    outb(0x43, 0x91);               /* channel 2, LSB only, mode 0, BCD */
    outb(0x42, 0x99);               /* 99 decimal */
    qemu_clock_step(ticks_ns(9) + 10);
    outb(0x43, 0x80);
    CHECK_EQ(inb(0x42), 0x90);      /* 90, in BCD */
}

static void test_pit_gate_channel2(void)
{
    pit_setup();
    pit_set_gate(pit, 2, false);
    outb(0x43, 0xb2);               /* channel 2, LSB+MSB, mode 1 */
    outb(0x42, 100);
    outb(0x42, 0);
    CHECK_EQ(pit_get_out(pit, 2), 1);
    qemu_clock_step(ticks_ns(500));
    CHECK_EQ(pit_get_out(pit, 2), 1);   /* waits for a trigger */
    pit_set_gate(pit, 2, true);
    qemu_clock_step(ticks_ns(10));
    CHECK_EQ(pit_get_out(pit, 2), 0);
    qemu_clock_step(ticks_ns(100));
    CHECK_EQ(pit_get_out(pit, 2), 1);
    /* mode 0 pauses while the gate is low */
    outb(0x43, 0xb0);
    outb(0x42, 100);
    outb(0x42, 0);
    qemu_clock_step(ticks_ns(50));
    pit_set_gate(pit, 2, false);
    qemu_clock_step(ticks_ns(1000));
    CHECK_EQ(pit_get_out(pit, 2), 0);
    pit_set_gate(pit, 2, true);
    qemu_clock_step(ticks_ns(60));
    CHECK_EQ(pit_get_out(pit, 2), 1);
}

static void test_pit_strobe(void)
{
    pit_setup();
    outb(0x43, 0x38);               /* channel 0, mode 4 */
    outb(0x40, 50);
    outb(0x40, 0);
    CHECK_EQ(irq0.level, 1);
    qemu_clock_step(ticks_ns(60));
    CHECK_EQ(irq0.rising_edges, 1); /* the one-tick low pulse at terminal count */
    qemu_clock_step(ticks_ns(100000));
    CHECK_EQ(irq0.rising_edges, 1);
}

/* ================= 16550A ================= */

static LineProbe uart_irq;
static SerialState uart;
static Chardev test_chr;
static uint8_t tx_buf[64];
static int tx_len;

static int capture_write(Chardev *chr, const uint8_t *buf, int len)
{
    for (int i = 0; i < len && tx_len < (int)sizeof(tx_buf); i++) {
        tx_buf[tx_len++] = buf[i];
    }
    return len;
}

static const ChardevClass capture_class = {
    .name = "capture",
    .write = capture_write,
};

static void uart_setup(void)
{
    memset(&uart_irq, 0, sizeof(uart_irq));
    memset(&test_chr, 0, sizeof(test_chr));
    test_chr.cls = &capture_class;
    test_chr.fd_in = test_chr.fd_out = -1;
    tx_len = 0;
    timer_del(&uart.timeout_timer);
    serial_init(&uart, qemu_allocate_irq(probe_set, &uart_irq, 0), &test_chr);
}

#define UW(reg, val) serial_io_write(&uart, (reg), (val), 1)
#define UR(reg) ((uint8_t)serial_io_read(&uart, (reg), 1))

/* as the main loop delivers: no more than the UART says it can take */
static void uart_host_sends(const char *s)
{
    int room = test_chr.fe[0].can_read(test_chr.fe[0].opaque);
    int len = strlen(s);
    if (room) {
        test_chr.fe[0].read(test_chr.fe[0].opaque, (const uint8_t *)s, MIN(room, len));
    }
}

static void test_uart_reset_and_registers(void)
{
    uart_setup();
    CHECK_EQ(UR(5), 0x60);          /* LSR: THR and transmitter empty */
    CHECK_EQ(UR(2), 0x01);          /* IIR: nothing pending */
    UW(7, 0x5a);
    CHECK_EQ(UR(7), 0x5a);          /* scratch */
    UW(3, 0x83);                    /* DLAB, 8N1 */
    UW(0, 0x01);
    UW(1, 0x00);
    CHECK_EQ(UR(0), 0x01);
    CHECK_EQ(UR(1), 0x00);
    UW(3, 0x03);
    CHECK_EQ(UR(3), 0x03);
}

static void test_uart_transmit_and_thre_irq(void)
{
    uart_setup();
    UW(1, 0x02);                    /* IER: THRE */
    CHECK_EQ(uart_irq.level, 1);    /* THR already empty */
    CHECK_EQ(UR(2), 0x02);
    CHECK_EQ(uart_irq.level, 0);    /* the IIR read acknowledged it */
    UW(0, 'h');
    UW(0, 'i');
    CHECK_EQ(tx_len, 2);
    CHECK_EQ(tx_buf[0], 'h');
    CHECK_EQ(tx_buf[1], 'i');
    CHECK_EQ(uart_irq.level, 1);
    CHECK_EQ(UR(5) & 0x60, 0x60);
}

static void test_uart_loopback_and_msr(void)
{
    uart_setup();
    UW(4, 0x10 | 0x03);             /* loopback, RTS, DTR */
    /* CTS and DSR stay up; DCD (up out of loopback) follows OUT2: a delta */
    CHECK_EQ(UR(6), 0x30 | 0x08);
    CHECK_EQ(UR(6), 0x30);
    UW(0, 'x');
    CHECK_EQ(tx_len, 0);            /* nothing leaves in loopback */
    CHECK_EQ(UR(5) & 0x01, 0x01);
    CHECK_EQ(UR(0), 'x');
    CHECK_EQ(UR(5) & 0x01, 0x00);
}

static void test_uart_overrun(void)
{
    uart_setup();
    UW(1, 0x04);                    /* IER: line status */
    UW(4, 0x10);
    UW(0, 'a');
    UW(0, 'b');                     /* no FIFO: 'b' overruns */
    CHECK_EQ(uart_irq.level, 1);
    CHECK_EQ(UR(2), 0x06);
    CHECK_EQ(UR(5) & 0x03, 0x03);
    CHECK_EQ(UR(5) & 0x02, 0x00);   /* LSR read cleared OE */
    CHECK_EQ(uart_irq.level, 0);
}

static void test_uart_fifo_trigger(void)
{
    uart_setup();
    UW(2, 0xc7);                    /* FIFO on, clear both, trigger 14 */
    CHECK_EQ(UR(2), 0xc1);
    UW(1, 0x01);
    CHECK_EQ(test_chr.fe[0].can_read(test_chr.fe[0].opaque), 16);
    /* 13 bytes: below the trigger (delivered directly, as a burst would be) */
    test_chr.fe[0].read(test_chr.fe[0].opaque, (const uint8_t *)"0123456789abc", 13);
    CHECK_EQ(uart_irq.level, 0);
    test_chr.fe[0].read(test_chr.fe[0].opaque, (const uint8_t *)"d", 1);
    CHECK_EQ(uart_irq.level, 1);
    CHECK_EQ(UR(2), 0xc4);
    CHECK_EQ(test_chr.fe[0].can_read(test_chr.fe[0].opaque), 0);  /* only when empty */
    CHECK_EQ(UR(0), '0');
    CHECK_EQ(uart_irq.level, 0);    /* 13 left: under the trigger again */
    for (int i = 0; i < 13; i++) {
        (void)UR(0);
    }
    CHECK_EQ(UR(5) & 0x01, 0);
    CHECK_EQ(test_chr.fe[0].can_read(test_chr.fe[0].opaque), 16);
}

static void test_uart_char_timeout(void)
{
    uart_setup();
    UW(3, 0x83);
    UW(0, 0x01);                    /* 115200 baud */
    UW(3, 0x03);
    UW(2, 0xc1);                    /* FIFO on, trigger 14 */
    UW(1, 0x01);
    uart_host_sends("abc");
    CHECK_EQ(uart_irq.level, 0);
    qemu_clock_step(100 * 1000);    /* 4 characters at 115200 are ~350 us */
    CHECK_EQ(uart_irq.level, 0);
    qemu_clock_step(400 * 1000);
    CHECK_EQ(uart_irq.level, 1);
    CHECK_EQ(UR(2), 0xcc);
    CHECK_EQ(UR(0), 'a');
    CHECK_EQ(uart_irq.level, 0);    /* reading restarts the timeout */
    qemu_clock_step(500 * 1000);
    CHECK_EQ(uart_irq.level, 1);
}

/* devices live as long as the machine: their allocations are never freed */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "detect_leaks=0";
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    qemu_clock_set_manual(1000000);
    run_test("i8259/priority-nesting", test_pic_priority_nesting);
    run_test("i8259/mask-irr", test_pic_mask_and_irr);
    run_test("i8259/cascade", test_pic_cascade);
    run_test("i8259/special-fully-nested", test_pic_special_fully_nested);
    run_test("i8259/edge-level-elcr", test_pic_edge_and_level);
    run_test("i8259/rotation", test_pic_rotation);
    run_test("i8259/auto-eoi", test_pic_auto_eoi);
    run_test("i8259/poll-spurious", test_pic_poll_and_spurious);
    run_test("i8259/special-mask", test_pic_special_mask);
    run_test("i8254/mode2-rate", test_pit_rate_generator);
    run_test("i8254/mode3-square", test_pit_square_wave_and_counter);
    run_test("i8254/mode0-one-shot", test_pit_one_shot);
    run_test("i8254/latch-readback", test_pit_latch_and_readback);
    run_test("i8254/byte-modes-bcd", test_pit_byte_modes_and_bcd);
    run_test("i8254/gate-channel2", test_pit_gate_channel2);
    run_test("i8254/mode4-strobe", test_pit_strobe);
    run_test("16550a/reset-registers", test_uart_reset_and_registers);
    run_test("16550a/transmit-thre", test_uart_transmit_and_thre_irq);
    run_test("16550a/loopback-msr", test_uart_loopback_and_msr);
    run_test("16550a/overrun", test_uart_overrun);
    run_test("16550a/fifo-trigger", test_uart_fifo_trigger);
    run_test("16550a/char-timeout", test_uart_char_timeout);
    return failures ? 1 : 0;
}
