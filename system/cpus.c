/*
 * The main loop: one thread alternates between running the CPU and
 * running timers and input handlers.
 *
 * While the CPU runs, a POSIX timer (SIGALRM to the main thread) makes it
 * leave generated code (cpu_exit) at the earliest timer deadline, and a
 * helper thread (the input watcher) does the same when a watched descriptor
 * becomes ready; the loop then does the due work and runs the CPU again.
 * A halted CPU with nothing to do costs nothing: the loop sleeps in poll()
 * until a deadline or input.
 *
 * An idle guest with a periodic tick (Debian's i386 kernels are built
 * HZ_PERIODIC) runs the CPU briefly a few hundred times a second, so
 * starting a run must not wake another thread: re-arming the timer is one
 * syscall (none when the deadline is unchanged), and the watcher keeps
 * polling the same descriptors from one run to the next.
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

#define WATCH_MAX_FDS 129     /* the wake-up fd, 32 handlers, poll hooks' sockets */
/*
 * The shortest CPU run a due timer may cut: a guest that programs a timer
 * to fire every few hundred nanoseconds (the local APIC or the PIT at their
 * fastest) would otherwise leave the CPU no time between the loop's timer
 * runs and never get anywhere. A timer is late by at most this much.
 */
#define MIN_RUN_NS 20000

/* the CPU in cpu_exec (or about to be), which a kick must reach */
static CPUState *cpu_running;
/* the deadline of the current run (host ns, -1 none); main thread only */
static int64_t run_deadline = -1;

/* the deadline timer: kicks the CPU through SIGALRM; main thread only */
static timer_t deadline_timer;
static int64_t deadline_timer_at = -1;     /* what it is set to; -1 disarmed */

static struct {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool armed;             /* a CPU run is in progress: kick it on input */
    bool watching;          /* the watcher polls (false: it waits for a run) */
    bool polling;           /* the watcher sleeps in ppoll on fds[] */
    struct pollfd fds[WATCH_MAX_FDS];
    int nfds;
    int wake_fd;            /* makes the watcher poll the new fds[] */
} watch_state = {
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

static void deadline_signal(int sig)
{
    (void)sig;
    kick_cpu();     /* atomic stores only: safe in a signal handler */
}

static void *input_watcher(void *arg)
{
    struct pollfd fds[WATCH_MAX_FDS + 1];

    pthread_mutex_lock(&watch_state.lock);
    for (;;) {
        int n, ready;

        while (!watch_state.watching) {
            pthread_cond_wait(&watch_state.cond, &watch_state.lock);
        }
        n = watch_state.nfds;
        memcpy(fds, watch_state.fds, n * sizeof(fds[0]));
        fds[n++] = (struct pollfd){ .fd = watch_state.wake_fd, .events = POLLIN };
        watch_state.polling = true;
        pthread_mutex_unlock(&watch_state.lock);

        ready = ppoll(fds, n, NULL, NULL);

        pthread_mutex_lock(&watch_state.lock);
        watch_state.polling = false;
        if (fds[n - 1].revents) {
            uint64_t count;
            ssize_t r = read(watch_state.wake_fd, &count, sizeof(count));
            (void)r;
            ready--;
        }
        if (ready > 0) {
            /* input: the main loop serves it, now or after the kick; the
             * descriptor stays ready until then, so wait for the next run */
            if (watch_state.armed) {
                watch_state.armed = false;
                kick_cpu();
            }
            watch_state.watching = false;
        }
    }
    return NULL;
}

static void alarm_init(void)
{
    pthread_t thread;
    pthread_attr_t attr;
    sigset_t all, old;
    struct sigaction act = { .sa_handler = deadline_signal, .sa_flags = SA_RESTART };
    struct sigevent sev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGALRM };

    sigemptyset(&act.sa_mask);
    sigaction(SIGALRM, &act, NULL);
    if (timer_create(CLOCK_MONOTONIC, &sev, &deadline_timer)) {
        fatal("cannot create the deadline timer: %s", strerror(errno));
    }
    watch_state.wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (watch_state.wake_fd < 0) {
        fatal("cannot create the input watcher's event descriptor: %s", strerror(errno));
    }
    /* signals (SIGALRM included) go to the main thread, whose syscalls and
     * CPU runs they are meant to interrupt */
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&thread, &attr, input_watcher, NULL)) {
        fatal("cannot start the input watcher thread");
    }
    pthread_attr_destroy(&attr);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/*
 * A timer became the earliest of its clock while the CPU runs: stop the CPU
 * only if the deadline timer would otherwise fire too late (devices re-arm
 * timers often, mostly to later times).
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

static void deadline_timer_set(int64_t deadline)
{
    struct itimerspec its = { 0 };

    if (deadline == deadline_timer_at && (deadline < 0 || deadline > get_clock())) {
        return;     /* still armed for the same moment (or still disarmed) */
    }
    if (deadline >= 0) {
        its.it_value.tv_sec = deadline / NANOSECONDS_PER_SECOND;
        its.it_value.tv_nsec = deadline % NANOSECONDS_PER_SECOND;
        if (!its.it_value.tv_sec && !its.it_value.tv_nsec) {
            its.it_value.tv_nsec = 1;       /* zero would disarm */
        }
    }
    timer_settime(deadline_timer, TIMER_ABSTIME, &its, NULL);
    deadline_timer_at = deadline;
}

static void alarm_arm(int64_t deadline_delta_ns)
{
    static const uint64_t one = 1;
    struct pollfd fds[WATCH_MAX_FDS];
    /* poll hooks (slirp) may want the CPU back sooner than any timer */
    int nfds = main_loop_fill_pollfds(fds, WATCH_MAX_FDS, &deadline_delta_ns);

    if (deadline_delta_ns >= 0 && deadline_delta_ns < MIN_RUN_NS) {
        deadline_delta_ns = MIN_RUN_NS;
    }
    run_deadline = deadline_delta_ns < 0 ? -1 : get_clock() + deadline_delta_ns;
    deadline_timer_set(run_deadline);

    pthread_mutex_lock(&watch_state.lock);
    watch_state.armed = true;
    if (nfds != watch_state.nfds || memcmp(fds, watch_state.fds, nfds * sizeof(fds[0]))) {
        memcpy(watch_state.fds, fds, nfds * sizeof(fds[0]));
        watch_state.nfds = nfds;
        if (watch_state.polling) {
            ssize_t r = write(watch_state.wake_fd, &one, sizeof(one));
            (void)r;
        }
    }
    if (!watch_state.watching) {
        watch_state.watching = true;
        pthread_cond_signal(&watch_state.cond);
    }
    pthread_mutex_unlock(&watch_state.lock);
}

/* The deadline timer stays set: the loop sleeps until the same deadline
 * (or re-arms it for the next run), and a signal it catches in poll() only
 * makes it look at the timers once more. */
static void alarm_disarm(void)
{
    pthread_mutex_lock(&watch_state.lock);
    watch_state.armed = false;
    pthread_mutex_unlock(&watch_state.lock);
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
            vm_stop(RUN_STATE_SHUTDOWN);
            return false;
        }
        return true;
    }
    if (qemu_reset_requested() != SHUTDOWN_CAUSE_NONE) {
        qemu_system_reset();
        /* a machine reset while stopped (the monitor) stays stopped until cont */
        if (!runstate_is_running()) {
            vm_stop(RUN_STATE_PRELAUNCH);
        }
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
