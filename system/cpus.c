/*
 * The main loop: one thread alternates between running the CPU and
 * running timers and input handlers.
 *
 * While the CPU runs, a helper thread (the alarm) waits for the earliest
 * timer deadline or for input on the watched descriptors, and then makes
 * the CPU leave generated code (cpu_exit); the loop then does the due work
 * and runs the CPU again. A halted CPU with nothing to do costs nothing:
 * the loop sleeps in poll() until a deadline or input.
 */
#include "qemu/osdep.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "sysemu/runstate.h"
#include "exec/cpu-common.h"
#include <pthread.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#define ALARM_MAX_FDS 33

/* the CPU in cpu_exec (or about to be), which a kick must reach */
static CPUState *cpu_running;
/* the alarm's deadline for the current run (host ns, -1 none); main thread only */
static int64_t run_deadline = -1;

static struct {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool armed;             /* a CPU run is in progress: kick it when due */
    bool polling;           /* the thread sleeps in ppoll on an older arming */
    unsigned gen;           /* bumped per arming, so stale wake-ups are ignored */
    int64_t deadline;       /* host monotonic ns; -1: none */
    struct pollfd fds[ALARM_MAX_FDS];
    int nfds;
    int wake_fd;            /* re-arming interrupts the thread's ppoll */
} alarm_state = {
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .cond = PTHREAD_COND_INITIALIZER,
};

static void kick_cpu(void)
{
    CPUState *cpu = __atomic_load_n(&cpu_running, __ATOMIC_SEQ_CST);
    if (cpu) {
        cpu_exit(cpu);
    }
}

static void *alarm_thread(void *arg)
{
    struct pollfd fds[ALARM_MAX_FDS + 1];

    pthread_mutex_lock(&alarm_state.lock);
    for (;;) {
        struct timespec ts, *tsp = NULL;
        unsigned gen;
        int64_t deadline;
        int n, ready;

        while (!alarm_state.armed) {
            pthread_cond_wait(&alarm_state.cond, &alarm_state.lock);
        }
        gen = alarm_state.gen;
        n = alarm_state.nfds;
        memcpy(fds, alarm_state.fds, n * sizeof(fds[0]));
        fds[n++] = (struct pollfd){ .fd = alarm_state.wake_fd, .events = POLLIN };
        deadline = alarm_state.deadline;
        if (deadline >= 0) {
            int64_t delta = deadline - get_clock();
            if (delta < 0) {
                delta = 0;
            }
            ts.tv_sec = delta / NANOSECONDS_PER_SECOND;
            ts.tv_nsec = delta % NANOSECONDS_PER_SECOND;
            tsp = &ts;
        }
        alarm_state.polling = true;
        pthread_mutex_unlock(&alarm_state.lock);

        ready = ppoll(fds, n, tsp, NULL);

        pthread_mutex_lock(&alarm_state.lock);
        alarm_state.polling = false;
        if (fds[n - 1].revents) {
            uint64_t count;
            ssize_t r = read(alarm_state.wake_fd, &count, sizeof(count));
            (void)r;
            ready--;
        }
        if (alarm_state.armed && alarm_state.gen == gen &&
            (ready > 0 || (deadline >= 0 && get_clock() >= deadline))) {
            /* a deadline passed or input came: one kick per arming */
            alarm_state.armed = false;
            kick_cpu();
        }
    }
    return NULL;
}

static void alarm_init(void)
{
    pthread_t thread;
    pthread_attr_t attr;
    sigset_t all, old;

    alarm_state.wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (alarm_state.wake_fd < 0) {
        fatal("cannot create the alarm's event descriptor: %s", strerror(errno));
    }
    /* signals go to the main thread, whose syscalls they are meant to interrupt */
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&thread, &attr, alarm_thread, NULL)) {
        fatal("cannot start the alarm thread");
    }
    pthread_attr_destroy(&attr);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/*
 * A timer became the earliest of its clock while the CPU runs: stop the CPU
 * only if the alarm would otherwise fire too late (devices re-arm timers
 * often, mostly to later times).
 */
static void timer_changed(void)
{
    int64_t delta;

    if (!__atomic_load_n(&cpu_running, __ATOMIC_RELAXED)) {
        return;     /* the main loop computes the next deadline itself */
    }
    delta = qemu_clock_deadline_ns_all();
    if (delta >= 0 && (run_deadline < 0 || get_clock() + delta < run_deadline)) {
        kick_cpu();
    }
}

static void alarm_arm(int64_t deadline_delta_ns)
{
    static const uint64_t one = 1;

    run_deadline = deadline_delta_ns < 0 ? -1 : get_clock() + deadline_delta_ns;
    pthread_mutex_lock(&alarm_state.lock);
    alarm_state.armed = true;
    alarm_state.gen++;
    alarm_state.deadline = run_deadline;
    alarm_state.nfds = main_loop_fill_pollfds(alarm_state.fds, ALARM_MAX_FDS);
    if (alarm_state.polling) {
        ssize_t r = write(alarm_state.wake_fd, &one, sizeof(one));
        (void)r;
    }
    pthread_cond_signal(&alarm_state.cond);
    pthread_mutex_unlock(&alarm_state.lock);
}

static void alarm_disarm(void)
{
    pthread_mutex_lock(&alarm_state.lock);
    alarm_state.armed = false;
    pthread_mutex_unlock(&alarm_state.lock);
}

static bool cpu_can_run(CPUState *cpu)
{
    return !cpu->stopped && (!cpu->halted || cpu->ops->has_work(cpu));
}

/* act on pending requests; true when the process should end (status 0, as QEMU) */
static bool handle_requests(void)
{
    ShutdownCause cause = qemu_shutdown_requested();

    if (cause != SHUTDOWN_CAUSE_NONE) {
        if (cause == SHUTDOWN_CAUSE_HOST_SIGNAL) {
            error_report("terminating on signal %d", qemu_shutdown_signal());
        }
        if (no_shutdown && cause >= SHUTDOWN_CAUSE_GUEST_SHUTDOWN) {
            vm_stop();
            return false;
        }
        return true;
    }
    if (qemu_reset_requested() != SHUTDOWN_CAUSE_NONE) {
        qemu_system_reset();
        vm_start();
    }
    return false;
}

int qemu_main_loop(void)
{
    CPUState *cpu = first_cpu;
    bool idle = false;

    if (!cpu) {
        fatal("the machine has no CPU");
    }
    alarm_init();
    qemu_set_cpu_kick(kick_cpu);
    qemu_timer_set_notify(timer_changed);
    for (;;) {
        main_loop_wait(idle ? -1 : 0);
        /* published before the request check, so no kick can fall between */
        __atomic_store_n(&cpu_running, cpu, __ATOMIC_SEQ_CST);
        if (handle_requests()) {
            break;
        }
        idle = !runstate_is_running() || !cpu_can_run(cpu);
        if (!idle) {
            alarm_arm(qemu_clock_deadline_ns_all());
            cpu_exec(cpu);
            alarm_disarm();
        }
        __atomic_store_n(&cpu_running, NULL, __ATOMIC_SEQ_CST);
    }
    __atomic_store_n(&cpu_running, NULL, __ATOMIC_SEQ_CST);
    return 0;
}
