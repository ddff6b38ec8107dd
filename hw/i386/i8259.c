/*
 * 8259A programmable interrupt controller pair (include/hw/i386/i8259.h).
 *
 * Priorities are kept as a rotation (priority_add = the IRQ of highest
 * priority); an interrupt is signalled when the best unmasked request
 * beats the best in-service one. The slave's output is the master's IRQ2.
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "hw/i386/i8259.h"

enum { PIC_MASTER, PIC_SLAVE };

typedef struct PICPort {
    PICState *pic;
    int chip;
    MemoryRegion io;
} PICPort;

/* 0 best ... 7 worst, relative to the rotation; 8 when mask is empty */
static int get_priority(const PICChip *c, uint8_t mask)
{
    int priority = 0;

    if (!mask) {
        return 8;
    }
    while (!(mask & (1 << ((priority + c->priority_add) & 7)))) {
        priority++;
    }
    return priority;
}

/* the IRQ (0-7) this chip would signal now, or -1 */
static int chip_get_irq(const PICChip *c, bool is_master)
{
    int priority = get_priority(c, c->irr & ~c->imr);
    uint8_t in_service = c->isr;
    int cur_priority;

    if (priority == 8) {
        return -1;
    }
    if (c->special_mask) {
        /* special mask mode: masked in-service levels do not block */
        in_service &= ~c->imr;
    }
    if (c->special_fully_nested && is_master) {
        /* the cascade may interrupt itself: the slave has its own priorities */
        in_service &= ~(1 << 2);
    }
    cur_priority = get_priority(c, in_service);
    if (priority < cur_priority) {
        return (priority + c->priority_add) & 7;
    }
    return -1;
}

static void chip_set_input(PICChip *c, int irq, int level)
{
    uint8_t mask = 1 << irq;

    if (c->elcr & mask) {
        if (level) {
            c->irr |= mask;
            c->last_irr |= mask;
        } else {
            c->irr &= ~mask;
            c->last_irr &= ~mask;
        }
    } else {
        if (level) {
            if (!(c->last_irr & mask)) {
                c->irr |= mask;
            }
            c->last_irr |= mask;
        } else {
            c->last_irr &= ~mask;
        }
    }
}

/* recompute the slave's output into the master, then the master's to the CPU */
static void pic_update(PICState *s)
{
    PICChip *master = &s->chip[PIC_MASTER];

    chip_set_input(master, 2, chip_get_irq(&s->chip[PIC_SLAVE], false) >= 0);
    qemu_set_irq(s->int_out, chip_get_irq(master, true) >= 0);
}

static void pic_set_irq(void *opaque, int n, int level)
{
    PICState *s = opaque;

    chip_set_input(&s->chip[n >> 3], n & 7, level);
    pic_update(s);
}

/* the chip delivers irq: into service (or straight out with auto-EOI) */
static void chip_intack(PICChip *c, int irq)
{
    if (c->auto_eoi) {
        if (c->rotate_on_auto_eoi) {
            c->priority_add = (irq + 1) & 7;
        }
    } else {
        c->isr |= 1 << irq;
    }
    /* a level-triggered request stays until the device drops its line */
    if (!(c->elcr & (1 << irq))) {
        c->irr &= ~(1 << irq);
    }
}

int pic_read_irq(PICState *s)
{
    PICChip *master = &s->chip[PIC_MASTER], *slave = &s->chip[PIC_SLAVE];
    int irq = chip_get_irq(master, true);
    int intno;

    if (irq < 0) {
        /* the request went away before the acknowledge: spurious IRQ7 */
        intno = master->irq_base + 7;
    } else if (irq == 2) {
        int irq2 = chip_get_irq(slave, false);
        chip_intack(master, 2);
        if (irq2 >= 0) {
            chip_intack(slave, irq2);
        } else {
            irq2 = 7;   /* spurious IRQ15 */
        }
        intno = slave->irq_base + irq2;
    } else {
        chip_intack(master, irq);
        intno = master->irq_base + irq;
    }
    pic_update(s);
    return intno;
}

static void chip_init_reset(PICChip *c)
{
    c->last_irr = 0;
    c->irr &= c->elcr;
    c->imr = 0;
    c->isr = 0;
    c->priority_add = 0;
    c->irq_base = 0;
    c->read_isr = false;
    c->poll = false;
    c->special_mask = false;
    c->init_state = 0;
    c->auto_eoi = false;
    c->rotate_on_auto_eoi = false;
    c->special_fully_nested = false;
    c->init4 = false;
    c->single_mode = false;
}

/* OCW2 */
static void chip_eoi_command(PICChip *c, uint8_t val)
{
    int cmd = val >> 5, irq, priority;

    switch (cmd) {
    case 0: /* rotate in auto-EOI mode: clear */
    case 4: /* rotate in auto-EOI mode: set */
        c->rotate_on_auto_eoi = cmd >> 2;
        break;
    case 1: /* non-specific EOI */
    case 5: /* rotate on non-specific EOI */
        priority = get_priority(c, c->isr);
        if (priority != 8) {
            irq = (priority + c->priority_add) & 7;
            c->isr &= ~(1 << irq);
            if (cmd == 5) {
                c->priority_add = (irq + 1) & 7;
            }
        }
        break;
    case 3: /* specific EOI */
        c->isr &= ~(1 << (val & 7));
        break;
    case 6: /* set priority: IRQ val&7 becomes the lowest */
        c->priority_add = (val + 1) & 7;
        break;
    case 7: /* rotate on specific EOI */
        irq = val & 7;
        c->isr &= ~(1 << irq);
        c->priority_add = (irq + 1) & 7;
        break;
    default: /* 2: no operation */
        break;
    }
}

void pic_ioport_write(PICState *s, int chip, hwaddr addr, uint8_t val)
{
    PICChip *c = &s->chip[chip];

    if ((addr & 1) == 0) {
        if (val & 0x10) {
            /* ICW1 */
            chip_init_reset(c);
            c->init_state = 1;
            c->init4 = val & 1;
            c->single_mode = val & 2;
            if (val & 0x08) {
                qemu_log_mask(LOG_UNIMP, "i8259: level-triggered mode via ICW1 "
                              "(the PC uses ELCR)\n");
            }
        } else if (val & 0x08) {
            /* OCW3 */
            if (val & 0x04) {
                c->poll = true;
            }
            if (val & 0x02) {
                c->read_isr = val & 1;
            }
            if (val & 0x40) {
                c->special_mask = (val >> 5) & 1;
            }
        } else {
            chip_eoi_command(c, val);
        }
    } else {
        switch (c->init_state) {
        case 0: /* OCW1 */
            c->imr = val;
            break;
        case 1: /* ICW2 */
            c->irq_base = val & 0xf8;
            c->init_state = c->single_mode ? (c->init4 ? 3 : 0) : 2;
            break;
        case 2: /* ICW3: the cascade wiring is fixed on a PC */
            c->init_state = c->init4 ? 3 : 0;
            break;
        case 3: /* ICW4 */
            c->special_fully_nested = (val >> 4) & 1;
            c->auto_eoi = (val >> 1) & 1;
            c->init_state = 0;
            break;
        }
    }
    pic_update(s);
}

/* poll command: acknowledge like an INTA cycle and return the IRQ with bit 7 */
static uint8_t chip_poll_read(PICState *s, int chip)
{
    PICChip *c = &s->chip[chip];
    int irq = chip_get_irq(c, chip == PIC_MASTER);

    c->poll = false;
    if (irq < 0) {
        return 0;
    }
    if (chip == PIC_MASTER && irq == 2) {
        int irq2 = chip_get_irq(&s->chip[PIC_SLAVE], false);
        if (irq2 >= 0) {
            chip_intack(&s->chip[PIC_SLAVE], irq2);
        }
    }
    chip_intack(c, irq);
    pic_update(s);
    return 0x80 | irq;
}

uint64_t pic_ioport_read(PICState *s, int chip, hwaddr addr)
{
    PICChip *c = &s->chip[chip];

    if (c->poll) {
        return chip_poll_read(s, chip);
    }
    if ((addr & 1) == 0) {
        return c->read_isr ? c->isr : c->irr;
    }
    return c->imr;
}

uint64_t pic_elcr_read(PICState *s, int chip)
{
    return s->chip[chip].elcr;
}

void pic_elcr_write(PICState *s, int chip, uint8_t val)
{
    s->chip[chip].elcr = val & s->chip[chip].elcr_mask;
    pic_update(s);
}

void i8259_reset(PICState *s)
{
    for (int i = 0; i < 2; i++) {
        s->chip[i].elcr = 0;
        s->chip[i].irr = 0;
        chip_init_reset(&s->chip[i]);
    }
    pic_update(s);
}

static uint64_t pic_port_read(void *opaque, hwaddr addr, unsigned size)
{
    PICPort *p = opaque;
    return pic_ioport_read(p->pic, p->chip, addr);
}

static void pic_port_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    PICPort *p = opaque;
    pic_ioport_write(p->pic, p->chip, addr, val);
}

static uint64_t elcr_port_read(void *opaque, hwaddr addr, unsigned size)
{
    return pic_elcr_read(opaque, addr & 1);
}

static void elcr_port_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    pic_elcr_write(opaque, addr & 1, val);
}

static const MemoryRegionOps pic_port_ops = {
    .read = pic_port_read,
    .write = pic_port_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .min_access_size = 1,
    .max_access_size = 1,
};

static const MemoryRegionOps elcr_port_ops = {
    .read = elcr_port_read,
    .write = elcr_port_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .min_access_size = 1,
    .max_access_size = 1,
};

PICState *i8259_init(ISABus *bus, qemu_irq int_out)
{
    static const uint16_t base[2] = { 0x20, 0xa0 };
    PICState *s = qemu_mallocz(sizeof(*s));
    MemoryRegion *elcr = qemu_mallocz(sizeof(*elcr));

    s->int_out = int_out;
    /* IRQ0-2 of the master and IRQ8/13 of the slave are always edge-triggered */
    s->chip[PIC_MASTER].elcr_mask = 0xf8;
    s->chip[PIC_SLAVE].elcr_mask = 0xde;
    for (int i = 0; i < 2; i++) {
        PICPort *p = qemu_mallocz(sizeof(*p));
        p->pic = s;
        p->chip = i;
        memory_region_init_io(&p->io, &pic_port_ops, p, i ? "pic-slave" : "pic-master", 2);
        isa_register_ioport(bus, &p->io, base[i]);
    }
    memory_region_init_io(elcr, &elcr_port_ops, s, "elcr", 2);
    isa_register_ioport(bus, elcr, 0x4d0);
    s->in = qemu_allocate_irqs(pic_set_irq, s, ISA_NUM_IRQS);
    for (int i = 0; i < ISA_NUM_IRQS; i++) {
        bus->irqs[i] = s->in[i];
    }
    i8259_reset(s);
    return s;
}
