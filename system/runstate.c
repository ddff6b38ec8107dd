/*
 * Shutdown and reset requests, reset handlers, and the signals that end
 * the emulator (include/sysemu/runstate.h).
 */
#include "qemu/osdep.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "sysemu/runstate.h"
#include <signal.h>

bool no_reboot;
bool no_shutdown;

/* written from signal handlers and helpers, read by the main loop */
static volatile sig_atomic_t shutdown_cause;
static volatile sig_atomic_t reset_cause;
static volatile sig_atomic_t shutdown_signal;
static RunState run_state = RUN_STATE_RUNNING;

typedef struct ResetEntry {
    QEMUResetHandler *func;
    void *opaque;
    struct ResetEntry *next;
} ResetEntry;
static ResetEntry *reset_handlers;
static ResetEntry *powerdown_handlers;

void qemu_system_shutdown_request(ShutdownCause cause)
{
    shutdown_cause = cause;
    qemu_notify_event();
}

void qemu_system_reset_request(ShutdownCause cause)
{
    if (no_reboot) {
        shutdown_cause = cause;
    } else {
        reset_cause = cause;
    }
    qemu_notify_event();
}

ShutdownCause qemu_shutdown_requested(void)
{
    ShutdownCause cause = shutdown_cause;
    shutdown_cause = SHUTDOWN_CAUSE_NONE;
    return cause;
}

ShutdownCause qemu_reset_requested(void)
{
    ShutdownCause cause = reset_cause;
    reset_cause = SHUTDOWN_CAUSE_NONE;
    return cause;
}

int qemu_shutdown_signal(void)
{
    return shutdown_signal;
}

static void handler_list_add(ResetEntry **p, QEMUResetHandler *func, void *opaque)
{
    ResetEntry *e = qemu_malloc(sizeof(*e));

    e->func = func;
    e->opaque = opaque;
    e->next = NULL;
    while (*p) {
        p = &(*p)->next;
    }
    *p = e;
}

void qemu_register_reset(QEMUResetHandler *func, void *opaque)
{
    handler_list_add(&reset_handlers, func, opaque);
}

void qemu_register_powerdown_handler(QEMUResetHandler *func, void *opaque)
{
    handler_list_add(&powerdown_handlers, func, opaque);
}

bool qemu_system_powerdown(void)
{
    for (ResetEntry *e = powerdown_handlers; e; e = e->next) {
        e->func(e->opaque);
    }
    return powerdown_handlers != NULL;
}

void qemu_system_reset(void)
{
    for (ResetEntry *e = reset_handlers; e; e = e->next) {
        e->func(e->opaque);
    }
}

static void termsig_handler(int sig)
{
    shutdown_signal = sig;
    qemu_system_shutdown_request(SHUTDOWN_CAUSE_HOST_SIGNAL);
}

void qemu_init_signals(void)
{
    struct sigaction act = { .sa_handler = termsig_handler, .sa_flags = SA_RESTART };

    sigemptyset(&act.sa_mask);
    sigaction(SIGINT, &act, NULL);
    sigaction(SIGTERM, &act, NULL);
    sigaction(SIGHUP, &act, NULL);
    signal(SIGPIPE, SIG_IGN);
}

bool runstate_is_running(void)
{
    return run_state == RUN_STATE_RUNNING;
}

RunState runstate_get(void)
{
    return run_state;
}

const char *runstate_name(RunState state)
{
    static const char *const names[] = {
        [RUN_STATE_RUNNING] = "running",
        [RUN_STATE_PAUSED] = "paused",
        [RUN_STATE_SHUTDOWN] = "shutdown",
        [RUN_STATE_PRELAUNCH] = "prelaunch",
    };
    return names[state];
}

void vm_start(void)
{
    if (run_state != RUN_STATE_RUNNING) {
        run_state = RUN_STATE_RUNNING;
        qemu_clock_enable(QEMU_CLOCK_VIRTUAL, true);
    }
}

void vm_stop(RunState state)
{
    if (run_state == RUN_STATE_RUNNING) {
        qemu_clock_enable(QEMU_CLOCK_VIRTUAL, false);
    }
    run_state = state;
}
