/*
 * FERR# to IRQ13, as the PC chipsets (PIIX and later) wire it: IRQ13 is
 * high while the CPU asserts FERR#, until the handler writes port 0xf0.
 * That write drops IRQ13 and asserts IGNNE#, which holds until FERR#
 * goes away (fnclex, fninit), so one x87 error raises one interrupt
 * however many waiting instructions see it; the next error raises a new
 * one. The CPU model always lets the waiting instruction go on after
 * signalling FERR# (the IGNNE# behaviour), so IGNNE# is only the
 * acknowledged state here.
 */
#include "qemu/osdep.h"
#include "hw/i386/pc-ferr.h"
#include "sysemu/runstate.h"

#define FPU_IRQ         13
#define FPU_ACK_PORT    0xf0

typedef struct PCFerrState {
    qemu_irq irq;
    bool ferr;                  /* FERR# from the CPU */
    bool ignne;                 /* acknowledged through port 0xf0 */
    MemoryRegion io;
} PCFerrState;

static void pc_ferr_update(PCFerrState *s)
{
    qemu_set_irq(s->irq, s->ferr && !s->ignne);
}

/* env->fpu_ferr: called on every waiting insn that finds an error pending */
static void pc_ferr_set(void *opaque, bool asserted)
{
    PCFerrState *s = opaque;

    if (s->ferr == asserted) {
        return;
    }
    s->ferr = asserted;
    if (!asserted) {
        s->ignne = false;
    }
    pc_ferr_update(s);
}

static uint64_t pc_ferr_ack_read(void *opaque, hwaddr addr, unsigned size)
{
    return 0xff;                /* nothing behind the port but the latch */
}

static void pc_ferr_ack_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    PCFerrState *s = opaque;

    if (s->ferr) {
        s->ignne = true;
        pc_ferr_update(s);
    }
}

static const MemoryRegionOps pc_ferr_ack_ops = {
    .read = pc_ferr_ack_read,
    .write = pc_ferr_ack_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .min_access_size = 1,
    .max_access_size = 1,
};

static void pc_ferr_reset(void *opaque)
{
    PCFerrState *s = opaque;

    s->ferr = false;
    s->ignne = false;
    pc_ferr_update(s);
}

void pc_ferr_init(ISABus *bus, X86CPU *cpu)
{
    PCFerrState *s = qemu_mallocz(sizeof(*s));

    s->irq = isa_get_irq(bus, FPU_IRQ);
    memory_region_init_io(&s->io, &pc_ferr_ack_ops, s, "fpu-ferr", 1);
    isa_register_ioport(bus, &s->io, FPU_ACK_PORT);
    cpu->env.fpu_ferr = pc_ferr_set;
    cpu->env.fpu_ferr_opaque = s;
    qemu_register_reset(pc_ferr_reset, s);
}
