/*
 * The main loop's file descriptors and wake-ups. One thread runs the CPU
 * and, in between, the main loop: it runs expired timers and dispatches
 * input on watched descriptors (system/cpus.c drives it).
 */
#ifndef QEMU_MAIN_LOOP_H
#define QEMU_MAIN_LOOP_H

#include "qemu/osdep.h"
#include <poll.h>

/* should fd be watched for input now (e.g. the device has room) */
typedef bool IOPollHandler(void *opaque);
typedef void IOHandler(void *opaque);

/*
 * Watch fd for input: fd_read runs from the main loop when fd is
 * readable and can_read (NULL: always) says yes. fd_read NULL removes.
 */
void qemu_set_fd_handler(int fd, IOPollHandler *can_read, IOHandler *fd_read,
                         void *opaque);

/*
 * Wait up to timeout_ns (-1: until something happens, 0: just look) for
 * input or a wake-up, dispatch input, then run expired timers.
 */
void main_loop_wait(int64_t timeout_ns);

/*
 * Something needs the main loop (a request, a new earliest timer, a device
 * with room for input): stop the CPU soon and end a sleep in
 * main_loop_wait. Safe from signal handlers and other threads.
 */
void qemu_notify_event(void);
/*
 * Only stop the CPU soon: for code running on the vCPU thread (devices),
 * where the main loop is not asleep and needs no wake-up.
 */
void qemu_cpu_kick(void);
/* what the two above do to the CPU (system/cpus.c: cpu_exit) */
void qemu_set_cpu_kick(void (*kick)(void));

/*
 * The descriptors main_loop_wait would watch now, for a helper thread that
 * waits on them while the CPU runs: returns how many (at most max).
 * The wake-up descriptor is included first; poll hooks' descriptors come
 * last and may lower *timeout_ns (ns until they want to run, -1: none).
 */
int main_loop_fill_pollfds(struct pollfd *fds, int max, int64_t *timeout_ns);

/*
 * Poll hooks, for backends that need more than "readable" (libslirp wants
 * writable and urgent-data events on its sockets) and a say in how long
 * the loop may sleep. Before every wait, fill() adds descriptors with
 * main_loop_poll_add() and may lower *timeout_ns (ns, -1: no limit); after
 * the wait, dispatch() reads the events with main_loop_poll_revents().
 * fill() also runs for the watcher that waits while the CPU runs, with no
 * dispatch() after it: it must not count on one following.
 */
typedef struct MainLoopPoll MainLoopPoll;
typedef void MainLoopPollFill(void *opaque, MainLoopPoll *poll, int64_t *timeout_ns);
typedef void MainLoopPollDispatch(void *opaque, MainLoopPoll *poll);
void main_loop_add_poll_hook(MainLoopPollFill *fill, MainLoopPollDispatch *dispatch,
                             void *opaque);
/* watch fd for events (POLLIN|POLLOUT|POLLPRI); returns the index for revents */
int main_loop_poll_add(MainLoopPoll *poll, int fd, short events);
/* what happened to the descriptor at idx (0 for an index not added) */
short main_loop_poll_revents(MainLoopPoll *poll, int idx);

#endif
