/*
 * I/O APIC (include/hw/intc/ioapic.h).
 *
 * Registers are reached through IOREGSEL (0x00) and IOWIN (0x10): 0 the ID,
 * 1 the version, 2 the arbitration ID, 0x10 + 2n and 0x11 + 2n the low
 * and high halves of pin n's redirection entry.
 */
#include "qemu/osdep.h"
#include "hw/intc/ioapic.h"
#include "sysemu/runstate.h"

#define IOAPIC_MMIO_SIZE    0x1000
#define IOREGSEL            0x00
#define IOWIN               0x10
#define REG_ID              0x00
#define REG_VERSION         0x01
#define REG_ARB             0x02
#define REG_REDTBL          0x10
#define IOAPIC_VERSION      0x11
#define IOAPIC_ID_SHIFT     24

/* redirection entry fields */
#define RTE_VECTOR_MASK     0xffull
#define RTE_DELMODE_SHIFT   8
#define RTE_DELMODE_MASK    (7ull << RTE_DELMODE_SHIFT)
#define RTE_DESTMODE        (1ull << 11)
#define RTE_DELIVS          (1ull << 12)    /* read-only */
#define RTE_POLARITY        (1ull << 13)
#define RTE_REMOTE_IRR      (1ull << 14)    /* read-only */
#define RTE_TRIGGER_LEVEL   (1ull << 15)
#define RTE_MASKED          (1ull << 16)
#define RTE_DEST_SHIFT      56
#define RTE_RO_BITS         (RTE_DELIVS | RTE_REMOTE_IRR)

static void service_pin(IOAPICState *s, int pin)
{
    uint64_t rte = s->redirection[pin];
    APICMessage msg;

    if (!(s->irr & (1u << pin)) || (rte & RTE_MASKED)) {
        return;
    }
    if (rte & RTE_TRIGGER_LEVEL) {
        if (rte & RTE_REMOTE_IRR) {
            return;         /* still in service: the EOI will retry */
        }
        s->redirection[pin] |= RTE_REMOTE_IRR;
    } else {
        s->irr &= ~(1u << pin);     /* an edge is consumed by its message */
    }
    msg.vector = rte & RTE_VECTOR_MASK;
    msg.delivery_mode = (rte & RTE_DELMODE_MASK) >> RTE_DELMODE_SHIFT;
    msg.logical = rte & RTE_DESTMODE;
    msg.level = rte & RTE_TRIGGER_LEVEL;
    msg.dest = rte >> RTE_DEST_SHIFT;
    s->deliver(s->deliver_opaque, &msg);
}

/* is the pin's input active, by the polarity its entry asks for? */
static bool pin_active(IOAPICState *s, int pin)
{
    bool high = s->line_levels & (1u << pin);

    return s->redirection[pin] & RTE_POLARITY ? !high : high;
}

static void ioapic_set_irq(void *opaque, int pin, int level)
{
    IOAPICState *s = opaque;
    uint32_t bit = 1u << pin;
    bool was_active = pin_active(s, pin), active;

    s->line_levels = level ? s->line_levels | bit : s->line_levels & ~bit;
    active = pin_active(s, pin);
    if (s->redirection[pin] & RTE_TRIGGER_LEVEL) {
        s->irr = active ? s->irr | bit : s->irr & ~bit;
        service_pin(s, pin);
    } else if (active && !was_active && !(s->redirection[pin] & RTE_MASKED)) {
        /* edge-triggered: an activating edge is sent; on a masked pin it is lost */
        s->irr |= bit;
        service_pin(s, pin);
    }
}

void ioapic_eoi_broadcast(IOAPICState *s, uint8_t vector)
{
    for (int pin = 0; pin < IOAPIC_NUM_PINS; pin++) {
        uint64_t rte = s->redirection[pin];
        if ((rte & RTE_REMOTE_IRR) && (rte & RTE_VECTOR_MASK) == vector) {
            s->redirection[pin] &= ~RTE_REMOTE_IRR;
            service_pin(s, pin);
        }
    }
}

static uint32_t read_reg(IOAPICState *s)
{
    unsigned reg = s->ioregsel;

    switch (reg) {
    case REG_ID:
    case REG_ARB:
        return (uint32_t)s->id << IOAPIC_ID_SHIFT;
    case REG_VERSION:
        return ((IOAPIC_NUM_PINS - 1) << 16) | IOAPIC_VERSION;
    default:
        if (reg >= REG_REDTBL && reg < REG_REDTBL + 2 * IOAPIC_NUM_PINS) {
            uint64_t rte = s->redirection[(reg - REG_REDTBL) / 2];
            return reg & 1 ? rte >> 32 : (uint32_t)rte;
        }
        return 0;
    }
}

static void write_reg(IOAPICState *s, uint32_t val)
{
    unsigned reg = s->ioregsel;

    if (reg == REG_ID) {
        s->id = (val >> IOAPIC_ID_SHIFT) & 0x0f;
        return;
    }
    if (reg < REG_REDTBL || reg >= REG_REDTBL + 2 * IOAPIC_NUM_PINS) {
        return;     /* version and arbitration are read-only */
    }
    int pin = (reg - REG_REDTBL) / 2;
    uint64_t rte = s->redirection[pin];
    uint64_t wanted = reg & 1 ? (rte & 0xffffffffull) | (uint64_t)val << 32
                              : (rte & ~0xffffffffull) | val;

    s->redirection[pin] = (wanted & ~RTE_RO_BITS) | (rte & RTE_RO_BITS);
    if (!(s->redirection[pin] & RTE_TRIGGER_LEVEL)) {
        s->redirection[pin] &= ~RTE_REMOTE_IRR;
    } else {
        /* a level pin requests for as long as its input is active */
        uint32_t bit = 1u << pin;
        s->irr = pin_active(s, pin) ? s->irr | bit : s->irr & ~bit;
    }
    /* an unmasked pin whose line is asserted fires now */
    service_pin(s, pin);
}

static uint64_t ioapic_mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    IOAPICState *s = opaque;

    switch (addr) {
    case IOREGSEL:
        return s->ioregsel;
    case IOWIN:
        return read_reg(s);
    default:
        return 0;
    }
}

static void ioapic_mmio_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    IOAPICState *s = opaque;

    switch (addr) {
    case IOREGSEL:
        s->ioregsel = val;
        break;
    case IOWIN:
        write_reg(s, val);
        break;
    }
}

static const MemoryRegionOps ioapic_mmio_ops = {
    .read = ioapic_mmio_read,
    .write = ioapic_mmio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .min_access_size = 4,
    .max_access_size = 4,
};

static void ioapic_reset(void *opaque)
{
    IOAPICState *s = opaque;

    s->id = 0;
    s->ioregsel = 0;
    s->irr = 0;
    /* line_levels follow the inputs, which a reset does not change */
    for (int pin = 0; pin < IOAPIC_NUM_PINS; pin++) {
        s->redirection[pin] = RTE_MASKED;
    }
}

IOAPICState *ioapic_init(AddressSpace *mem, hwaddr base, APICDeliverFn *deliver, void *opaque)
{
    IOAPICState *s = qemu_mallocz(sizeof(*s));

    s->deliver = deliver;
    s->deliver_opaque = opaque;
    s->in = qemu_allocate_irqs(ioapic_set_irq, s, IOAPIC_NUM_PINS);
    memory_region_init_io(&s->mmio, &ioapic_mmio_ops, s, "ioapic", IOAPIC_MMIO_SIZE);
    address_space_map(mem, &s->mmio, base, 0);
    qemu_register_reset(ioapic_reset, s);
    ioapic_reset(s);
    return s;
}
