/*
 * The PC's legacy x87 error reporting (CR0.NE = 0): the CPU's FERR#
 * output drives ISA IRQ13, and a write to port 0xf0 acknowledges it.
 */
#ifndef HW_I386_PC_FERR_H
#define HW_I386_PC_FERR_H

#include "hw/isa.h"
#include "cpu.h"

/* Hook cpu's FERR# to IRQ13 of bus and map port 0xf0 on bus->io. */
void pc_ferr_init(ISABus *bus, X86CPU *cpu);

#endif
