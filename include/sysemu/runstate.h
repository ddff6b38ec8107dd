/*
 * Whole-machine requests: power off, reset, and who asked. Any code may
 * call the *_request functions (devices, CPU helpers, signal handlers);
 * they only record the request and make the CPU leave generated code, and
 * the main loop acts on it between two runs of the CPU.
 */
#ifndef SYSEMU_RUNSTATE_H
#define SYSEMU_RUNSTATE_H

#include "qemu/osdep.h"

typedef enum ShutdownCause {
    SHUTDOWN_CAUSE_NONE,
    SHUTDOWN_CAUSE_HOST_ERROR,      /* an error on the host side */
    SHUTDOWN_CAUSE_HOST_SIGNAL,     /* SIGINT, SIGTERM, SIGHUP */
    SHUTDOWN_CAUSE_HOST_UI,         /* Ctrl-a x, window closed */
    SHUTDOWN_CAUSE_HOST_MONITOR,    /* the monitor's quit and system_reset */
    SHUTDOWN_CAUSE_GUEST_SHUTDOWN,  /* the guest powered off (ACPI, APM, PSCI) */
    SHUTDOWN_CAUSE_GUEST_RESET,     /* the guest reset the machine (port 0xcf9, 0x92, kbd) */
    SHUTDOWN_CAUSE_GUEST_PANIC,
    SHUTDOWN_CAUSE_TRIPLE_FAULT = SHUTDOWN_CAUSE_GUEST_RESET,
} ShutdownCause;

void qemu_system_shutdown_request(ShutdownCause cause);
/* with -no-reboot a reset request powers off instead */
void qemu_system_reset_request(ShutdownCause cause);

/*
 * Reset handlers run in registration order on every machine reset (and
 * once before the machine first runs). The board registers the CPU's.
 */
typedef void QEMUResetHandler(void *opaque);
void qemu_register_reset(QEMUResetHandler *func, void *opaque);
/* reset devices and CPU now (main loop; boards at start-up) */
void qemu_system_reset(void);

/*
 * The power button (the monitor's system_powerdown): the board's ACPI
 * device registers what pressing it does; false if nothing is registered.
 * Main loop only.
 */
void qemu_register_powerdown_handler(QEMUResetHandler *func, void *opaque);
bool qemu_system_powerdown(void);

/* -no-reboot / -no-shutdown */
extern bool no_reboot;
extern bool no_shutdown;

/* ---- the main loop's side (system/cpus.c) ---- */

/* take a pending request (NONE if there is none) */
ShutdownCause qemu_shutdown_requested(void);
ShutdownCause qemu_reset_requested(void);
/* the signal that asked for the shutdown, 0 if none */
int qemu_shutdown_signal(void);
/* SIGINT/SIGTERM/SIGHUP become shutdown requests; SIGPIPE is ignored */
void qemu_init_signals(void);

/* a stopped VM runs neither its CPU nor the virtual clock */
typedef enum RunState {
    RUN_STATE_RUNNING,
    RUN_STATE_PAUSED,       /* the monitor's stop */
    RUN_STATE_SHUTDOWN,     /* the guest powered off under -no-shutdown */
    RUN_STATE_PRELAUNCH,    /* reset while stopped: waits for cont */
} RunState;
bool runstate_is_running(void);
RunState runstate_get(void);
/* as `info status` says it: "running", "paused", "shutdown", "prelaunch" */
const char *runstate_name(RunState state);
void vm_start(void);
/* stop, and say why (RUN_STATE_PAUSED or RUN_STATE_SHUTDOWN) */
void vm_stop(RunState state);

/* Run the machine until it should end; returns the process exit status. */
int qemu_main_loop(void);

#endif
