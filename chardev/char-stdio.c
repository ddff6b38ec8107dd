/*
 * The stdio backend: the emulator's own standard input and output. On a
 * terminal, input goes raw (every key to the guest at once, no echo) and
 * the terminal is put back at exit, also when a signal ends the process.
 * signal=off (and -nographic) also passes Ctrl-C to the guest; then Ctrl-a
 * escapes (mux) are the way out: Ctrl-a x quits.
 */
#include "qemu/osdep.h"
#include "qemu/option.h"
#include "chardev/char.h"
#include "sysemu/runstate.h"
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#define MUX_ESCAPE 0x01     /* Ctrl-a */

static Chardev *stdio_chr;     /* the one stdio backend, for the signal path */
static bool tty_saved;
static struct termios saved_tty;

typedef struct StdioState {
    bool mux;
    bool escape_pending;    /* Ctrl-a seen, waiting for the command key */
} StdioState;

static void tty_restore(void)
{
    if (tty_saved) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
    }
}

/* fatal signals: the guest's last words and the terminal, then die as the signal intends */
static void fatal_signal_handler(int sig)
{
    if (stdio_chr && stdio_chr->out_len) {
        ssize_t r = write(STDOUT_FILENO, stdio_chr->out_buf, stdio_chr->out_len);
        (void)r;
    }
    tty_restore();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void tty_set_raw(bool keep_signals)
{
    struct termios tty;

    if (tcgetattr(STDIN_FILENO, &saved_tty) < 0) {
        return;
    }
    tty_saved = true;
    atexit(tty_restore);
    tty = saved_tty;
    tty.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
    tty.c_oflag |= OPOST;   /* the guest's "\n" still starts a new line */
    tty.c_lflag &= ~(ECHO | ECHONL | ICANON | IEXTEN);
    if (!keep_signals) {
        tty.c_lflag &= ~ISIG;
    }
    tty.c_cflag &= ~(CSIZE | PARENB);
    tty.c_cflag |= CS8;
    tty.c_cc[VMIN] = 1;
    tty.c_cc[VTIME] = 0;
    tcsetattr(STDIN_FILENO, TCSANOW, &tty);
}

static bool stdio_open(Chardev *chr, QemuOpts *opts, char **errp)
{
    static const int fatal_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGQUIT };
    bool keep_signals;

    if (stdio_chr) {
        error_setg(errp, "cannot use stdio by multiple character devices");
        return false;
    }
    if (!qemu_opt_get_bool(opts, "signal", true, &keep_signals, errp)) {
        return false;
    }
    stdio_chr = chr;
    for (size_t i = 0; i < ARRAY_SIZE(fatal_signals); i++) {
        signal(fatal_signals[i], fatal_signal_handler);
    }
    chr->opaque = qemu_mallocz(sizeof(StdioState));
    chr->fd_in = STDIN_FILENO;
    chr->fd_out = STDOUT_FILENO;
    if (isatty(STDIN_FILENO)) {
        tty_set_raw(keep_signals);
    }
    return true;
}

void qemu_chr_stdio_set_mux(Chardev *chr, bool mux)
{
    StdioState *s = chr->opaque;

    s->mux = mux;
    if (mux && tty_saved) {
        /* with escapes available, Ctrl-C belongs to the guest */
        struct termios tty;
        tcgetattr(STDIN_FILENO, &tty);
        tty.c_lflag &= ~ISIG;
        tcsetattr(STDIN_FILENO, TCSANOW, &tty);
    }
}

static int stdio_write(Chardev *chr, const uint8_t *buf, int len)
{
    ssize_t n;

    do {
        n = write(STDOUT_FILENO, buf, len);
    } while (n < 0 && errno == EINTR);
    if (n < 0 && errno == EPIPE) {
        /* nobody reads any more: the guest's output is dropped, not fatal */
        return len;
    }
    return n;
}

static void mux_print(const char *s)
{
    /* after whatever the guest printed before */
    qemu_chr_flush(stdio_chr);
    ssize_t r = write(STDOUT_FILENO, s, strlen(s));
    (void)r;
}

/* the key after Ctrl-a; true if it goes to the guest */
static bool mux_command(uint8_t key)
{
    switch (key) {
    case 'x':
        mux_print("QEMU: Terminated\n");
        qemu_system_shutdown_request(SHUTDOWN_CAUSE_HOST_UI);
        return false;
    case 'h':
    case '?':
        mux_print("\n"
                  "C-a h    print this help\n"
                  "C-a x    exit emulator\n"
                  "C-a C-a  sends C-a\n");
        return false;
    case MUX_ESCAPE:
        return true;
    default:
        return false;
    }
}

static int stdio_read(Chardev *chr, uint8_t *buf, int len)
{
    StdioState *s = chr->opaque;
    ssize_t n;
    int out = 0;

    do {
        n = read(STDIN_FILENO, buf, len);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) {
        return n < 0 ? -1 : 0;
    }
    if (!s->mux) {
        return n;
    }
    for (ssize_t i = 0; i < n; i++) {
        uint8_t c = buf[i];
        if (s->escape_pending) {
            s->escape_pending = false;
            if (mux_command(c)) {
                buf[out++] = c;
            }
        } else if (c == MUX_ESCAPE) {
            s->escape_pending = true;
        } else {
            buf[out++] = c;
        }
    }
    return out ? out : -1;
}

static void stdio_close(Chardev *chr)
{
    tty_restore();
}

const ChardevClass char_stdio_class = {
    .name = "stdio",
    .help = "[signal=on|off]: standard input and output",
    .open = stdio_open,
    .write = stdio_write,
    .read = stdio_read,
    .close = stdio_close,
    .buffered = true,
};
