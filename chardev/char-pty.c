/*
 * The pty backend: a new pseudo-terminal whose slave side (/dev/pts/N,
 * printed at start-up as QEMU does) a terminal program opens. The line is
 * raw. While no program has the slave open, output is dropped and the
 * master is checked for a new reader every PTY_RECHECK_MS; output that a
 * slow reader leaves no room for is dropped too, so that the machine never
 * waits for a terminal.
 */
#include "qemu/osdep.h"
#include "qemu/option.h"
#include "chardev/char.h"
#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#define PTY_RECHECK_MS 100

typedef struct PtyState {
    int master;
    QEMUTimer recheck_timer;    /* runs while no reader is connected */
} PtyState;

/* the slave has been closed by its last user (before the first open it has not) */
static bool pty_hung_up(PtyState *s)
{
    struct pollfd p = { .fd = s->master, .events = POLLIN };
    return poll(&p, 1, 0) > 0 && (p.revents & POLLHUP);
}

static void pty_set_connected(Chardev *chr, bool connected)
{
    PtyState *s = chr->opaque;

    if (connected == chr->opened) {
        return;
    }
    if (connected) {
        timer_del(&s->recheck_timer);
        qemu_chr_set_fd_in(chr, s->master);
    } else {
        /* a hung-up master is always "readable": stop watching it */
        qemu_chr_set_fd_in(chr, -1);
        chr->out_len = 0;
        timer_mod(&s->recheck_timer, qemu_clock_get_ms(QEMU_CLOCK_REALTIME) + PTY_RECHECK_MS);
    }
    qemu_chr_be_event(chr, connected ? CHR_EVENT_OPENED : CHR_EVENT_CLOSED);
}

static void pty_recheck(void *opaque)
{
    Chardev *chr = opaque;
    PtyState *s = chr->opaque;

    if (pty_hung_up(s)) {
        timer_mod(&s->recheck_timer, qemu_clock_get_ms(QEMU_CLOCK_REALTIME) + PTY_RECHECK_MS);
    } else {
        pty_set_connected(chr, true);
    }
}

static bool pty_open(Chardev *chr, QemuOpts *opts, char **errp)
{
    PtyState *s;
    struct termios tty;
    const char *name;
    int fd = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);

    if (fd < 0 || grantpt(fd) < 0 || unlockpt(fd) < 0 || !(name = ptsname(fd))) {
        error_setg(errp, "chardev: pty: cannot create a pseudo-terminal: %s", strerror(errno));
        if (fd >= 0) {
            close(fd);
        }
        return false;
    }
    if (tcgetattr(fd, &tty) == 0) {
        cfmakeraw(&tty);
        tcsetattr(fd, TCSAFLUSH, &tty);
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    fprintf(stderr, "char device redirected to %s (label %s)\n", name, chr->label);

    s = qemu_mallocz(sizeof(*s));
    s->master = fd;
    timer_init_full(&s->recheck_timer, QEMU_CLOCK_REALTIME, SCALE_MS, pty_recheck, chr);
    chr->opaque = s;
    chr->fd_in = chr->fd_out = fd;
    return true;
}

static int pty_write(Chardev *chr, const uint8_t *buf, int len)
{
    PtyState *s = chr->opaque;
    ssize_t n;

    if (!chr->opened) {
        return len;
    }
    do {
        n = write(s->master, buf, len);
    } while (n < 0 && errno == EINTR);
    if (n < 0 && errno == EIO) {
        pty_set_connected(chr, false);
    }
    /* no room (EAGAIN) or no reader: dropped */
    return n < 0 ? len : n;
}

static int pty_read(Chardev *chr, uint8_t *buf, int len)
{
    PtyState *s = chr->opaque;
    ssize_t n;

    do {
        n = read(s->master, buf, len);
    } while (n < 0 && errno == EINTR);
    if (n > 0) {
        return n;
    }
    if (n == 0 || errno == EIO) {
        /* the terminal program closed the slave; another may open it */
        pty_set_connected(chr, false);
    }
    return -1;
}

static void pty_close(Chardev *chr)
{
    PtyState *s = chr->opaque;

    close(s->master);
}

const ChardevClass char_pty_class = {
    .name = "pty",
    .help = "a new pseudo-terminal (/dev/pts/N)",
    .open = pty_open,
    .write = pty_write,
    .read = pty_read,
    .close = pty_close,
    .buffered = true,
};
