/*
 * Machines (boards) as common code sees them. Each target lists its
 * machines in target_machines[] (hw/<target>/machines.c); vl.c picks one
 * from -M, fills a MachineState from the command line and calls init,
 * which creates the CPU, memory and devices and registers reset handlers.
 */
#ifndef HW_BOARDS_H
#define HW_BOARDS_H

#include "qemu/osdep.h"

typedef struct MachineState {
    uint64_t ram_size;
    const char *cpu_model;          /* -cpu, else the machine's default */
    const char *kernel_filename;    /* -kernel, NULL if none */
    const char *kernel_cmdline;     /* -append, "" if none */
    const char *initrd_filename;    /* -initrd, NULL if none */
    const char *firmware;           /* -bios, NULL if none */
    bool std_vga;                   /* -vga std, or the default: the board adds a "VGA" */
    void *board;                    /* the board's own state, for init_done */
} MachineState;

typedef struct MachineClass {
    const char *name;
    const char *desc;
    /* on a user error: one clear message and exit (fatal) */
    void (*init)(MachineState *ms);
    /*
     * Called once every device exists (-device, -nic, -drive ones too),
     * before the first reset: reset handlers registered here run after
     * every device's. May be NULL.
     */
    void (*init_done)(MachineState *ms);
    bool is_default;
    const char *default_cpu_model;
} MachineClass;

/* NULL-terminated */
extern const MachineClass *const target_machines[];
/* -cpu help */
void target_cpu_list(FILE *f);

#endif
