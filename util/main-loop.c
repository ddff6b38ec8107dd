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

/* ---- poll hooks ---- */

#define MAX_POLL_HOOKS 16

typedef struct PollHook {
    MainLoopPollFill *fill;
    MainLoopPollDispatch *dispatch;
    void *opaque;
} PollHook;

static PollHook poll_hooks[MAX_POLL_HOOKS];
static int nb_poll_hooks;

/* a growing set of pollfds: hooks may watch any number of sockets */
struct MainLoopPoll {
    struct pollfd *fds;
    int nfds, cap;
    int nb_handler_fds;         /* the wake-up and handler descriptors come first */
};

void main_loop_add_poll_hook(MainLoopPollFill *fill, MainLoopPollDispatch *dispatch,
                             void *opaque)
{
    if (nb_poll_hooks == MAX_POLL_HOOKS) {
        fatal("too many main loop poll hooks (at most %d)", MAX_POLL_HOOKS);
    }
    poll_hooks[nb_poll_hooks++] = (PollHook){ fill, dispatch, opaque };
}

int main_loop_poll_add(MainLoopPoll *poll, int fd, short events)
{
    if (poll->nfds == poll->cap) {
        poll->cap = poll->cap ? poll->cap * 2 : 64;
        poll->fds = qemu_realloc(poll->fds, poll->cap * sizeof(poll->fds[0]));
    }
    poll->fds[poll->nfds] = (struct pollfd){ .fd = fd, .events = events };
    return poll->nfds++;
}

short main_loop_poll_revents(MainLoopPoll *poll, int idx)
{
    return idx >= poll->nb_handler_fds && idx < poll->nfds ? poll->fds[idx].revents : 0;
}

/* the wake-up descriptor, the handlers that want input, then the hooks' */
static void main_loop_poll_fill(MainLoopPoll *poll, int64_t *timeout_ns)
{
    poll->nfds = 0;
    wake_fd_init();
    main_loop_poll_add(poll, wake_fd, POLLIN);
    for (int i = 0; i < nb_fd_handlers; i++) {
        FdHandler *h = &fd_handlers[i];
        if (!h->can_read || h->can_read(h->opaque)) {
            main_loop_poll_add(poll, h->fd, POLLIN);
        }
    }
    poll->nb_handler_fds = poll->nfds;
    for (int i = 0; i < nb_poll_hooks; i++) {
        poll_hooks[i].fill(poll_hooks[i].opaque, poll, timeout_ns);
    }
}

int main_loop_fill_pollfds(struct pollfd *fds, int max, int64_t *timeout_ns)
{
    static MainLoopPoll watch_poll;
    int n;

    main_loop_poll_fill(&watch_poll, timeout_ns);
    /* past max the watcher misses some of the hooks' sockets; the main
     * loop still serves them at its next turn (the next timer at worst) */
    n = MIN(watch_poll.nfds, max);
    memcpy(fds, watch_poll.fds, n * sizeof(fds[0]));
    return n;
}

void main_loop_wait(int64_t timeout_ns)
{
    static MainLoopPoll wait_poll;
    MainLoopPoll *poll = &wait_poll;
    struct timespec ts, *tsp = NULL;
    int64_t deadline = qemu_clock_deadline_ns_all();

    if (deadline >= 0 && (timeout_ns < 0 || deadline < timeout_ns)) {
        timeout_ns = deadline;
    }
    main_loop_poll_fill(poll, &timeout_ns);
    if (timeout_ns >= 0) {
        ts.tv_sec = timeout_ns / NANOSECONDS_PER_SECOND;
        ts.tv_nsec = timeout_ns % NANOSECONDS_PER_SECOND;
        tsp = &ts;
    }
    if (ppoll(poll->fds, poll->nfds, tsp, NULL) > 0) {
        if (poll->fds[0].revents) {
            uint64_t count;
            ssize_t r = read(wake_fd, &count, sizeof(count));
            (void)r;
        }
        for (int i = 1; i < poll->nb_handler_fds; i++) {
            if (!poll->fds[i].revents) {
                continue;
            }
            /* handlers may remove themselves: look the fd up again */
            for (int j = 0; j < nb_fd_handlers; j++) {
                if (fd_handlers[j].fd == poll->fds[i].fd) {
                    fd_handlers[j].fd_read(fd_handlers[j].opaque);
                    break;
                }
            }
        }
    } else {
        /* a timeout or a signal: nothing happened to any descriptor */
        for (int i = 0; i < poll->nfds; i++) {
            poll->fds[i].revents = 0;
        }
    }
    /* hooks run every turn: they keep timers of their own (slirp's TCP) */
    for (int i = 0; i < nb_poll_hooks; i++) {
        poll_hooks[i].dispatch(poll_hooks[i].opaque, poll);
    }
    qemu_clock_run_all_timers();
}
