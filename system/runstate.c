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
static bool vm_running = true;

typedef struct ResetEntry {
    QEMUResetHandler *func;
    void *opaque;
    struct ResetEntry *next;
} ResetEntry;
static ResetEntry *reset_handlers;

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

void qemu_register_reset(QEMUResetHandler *func, void *opaque)
{
    ResetEntry **p = &reset_handlers;
    ResetEntry *e = qemu_malloc(sizeof(*e));

    e->func = func;
    e->opaque = opaque;
    e->next = NULL;
    while (*p) {
        p = &(*p)->next;
    }
    *p = e;
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
    return vm_running;
}

void vm_start(void)
{
    if (!vm_running) {
        vm_running = true;
        qemu_clock_enable(QEMU_CLOCK_VIRTUAL, true);
    }
}

void vm_stop(void)
{
    if (vm_running) {
        vm_running = false;
        qemu_clock_enable(QEMU_CLOCK_VIRTUAL, false);
    }
}
