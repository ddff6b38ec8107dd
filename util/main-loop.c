/* Watched descriptors and main-loop wake-ups (include/qemu/main-loop.h). */
#include "qemu/osdep.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include <sys/eventfd.h>
#include <unistd.h>
#include <time.h>

#define MAX_FD_HANDLERS 32

typedef struct FdHandler {
    int fd;
    IOPollHandler *can_read;
    IOHandler *fd_read;
    void *opaque;
} FdHandler;

static FdHandler fd_handlers[MAX_FD_HANDLERS];
static int nb_fd_handlers;
static int wake_fd = -1;
static void (*cpu_kick)(void);

static void wake_fd_init(void)
{
    if (wake_fd < 0) {
        wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        if (wake_fd < 0) {
            fatal("cannot create the main loop's event descriptor: %s", strerror(errno));
        }
    }
}

void qemu_set_fd_handler(int fd, IOPollHandler *can_read, IOHandler *fd_read,
                         void *opaque)
{
    int i;

    for (i = 0; i < nb_fd_handlers && fd_handlers[i].fd != fd; i++) {
    }
    if (!fd_read) {
        if (i < nb_fd_handlers) {
            fd_handlers[i] = fd_handlers[--nb_fd_handlers];
        }
        return;
    }
    if (i == nb_fd_handlers) {
        if (nb_fd_handlers == MAX_FD_HANDLERS) {
            fatal("too many watched file descriptors (at most %d)", MAX_FD_HANDLERS);
        }
        nb_fd_handlers++;
    }
    fd_handlers[i] = (FdHandler){ fd, can_read, fd_read, opaque };
}

void qemu_set_cpu_kick(void (*kick)(void))
{
    cpu_kick = kick;
}

void qemu_cpu_kick(void)
{
    if (cpu_kick) {
        cpu_kick();
    }
}

void qemu_notify_event(void)
{
    static const uint64_t one = 1;

    if (cpu_kick) {
        cpu_kick();
    }
    if (wake_fd >= 0) {
        /* a full counter already means "wake up": nothing to handle */
        ssize_t r = write(wake_fd, &one, sizeof(one));
        (void)r;
    }
}

int main_loop_fill_pollfds(struct pollfd *fds, int max)
{
    int n = 0;

    wake_fd_init();
    fds[n++] = (struct pollfd){ .fd = wake_fd, .events = POLLIN };
    for (int i = 0; i < nb_fd_handlers && n < max; i++) {
        FdHandler *h = &fd_handlers[i];
        if (!h->can_read || h->can_read(h->opaque)) {
            fds[n++] = (struct pollfd){ .fd = h->fd, .events = POLLIN };
        }
    }
    return n;
}

void main_loop_wait(int64_t timeout_ns)
{
    struct pollfd fds[MAX_FD_HANDLERS + 1];
    struct timespec ts, *tsp = NULL;
    int64_t deadline = qemu_clock_deadline_ns_all();
    int n = main_loop_fill_pollfds(fds, ARRAY_SIZE(fds));

    if (deadline >= 0 && (timeout_ns < 0 || deadline < timeout_ns)) {
        timeout_ns = deadline;
    }
    if (timeout_ns >= 0) {
        ts.tv_sec = timeout_ns / NANOSECONDS_PER_SECOND;
        ts.tv_nsec = timeout_ns % NANOSECONDS_PER_SECOND;
        tsp = &ts;
    }
    if (ppoll(fds, n, tsp, NULL) > 0) {
        if (fds[0].revents) {
            uint64_t count;
            ssize_t r = read(wake_fd, &count, sizeof(count));
            (void)r;
        }
        for (int i = 1; i < n; i++) {
            if (!fds[i].revents) {
                continue;
            }
            /* handlers may remove themselves: look the fd up again */
            for (int j = 0; j < nb_fd_handlers; j++) {
                if (fd_handlers[j].fd == fds[i].fd) {
                    fd_handlers[j].fd_read(fd_handlers[j].opaque);
                    break;
                }
            }
        }
    }
    qemu_clock_run_all_timers();
}
