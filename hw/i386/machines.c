/* The i386 target's machines and CPU list, for vl.c (include/hw/boards.h). */
#include "qemu/osdep.h"
#include "hw/boards.h"
#include "cpu.h"

extern const MachineClass pc_machine;

const MachineClass *const target_machines[] = {
    &pc_machine,
    NULL,
};

void target_cpu_list(FILE *f)
{
    x86_cpu_list(f);
}
