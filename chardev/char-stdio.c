/*
 * The stdio backend: the emulator's own standard input and output. On a
 * terminal, input goes raw (every key to the guest at once, no echo) and
 * the terminal is put back at exit, also when a signal ends the process.
 * signal=off (and a mux, as -nographic makes) also passes Ctrl-C to the
 * guest; then the mux's Ctrl-a escapes are the way out: Ctrl-a x quits.
 */
#include "qemu/osdep.h"
#include "qemu/option.h"
#include "chardev/char.h"
#include <signal.h>
#include <termios.h>
#include <unistd.h>

static Chardev *stdio_chr;     /* the one stdio backend, for the signal path */
static bool tty_saved;
static struct termios saved_tty;

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
    chr->fd_in = STDIN_FILENO;
    chr->fd_out = STDOUT_FILENO;
    if (isatty(STDIN_FILENO)) {
        tty_set_raw(keep_signals);
    }
    return true;
}

static void stdio_mux_enabled(Chardev *chr)
{
    if (tty_saved) {
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

static int stdio_read(Chardev *chr, uint8_t *buf, int len)
{
    ssize_t n;

    do {
        n = read(STDIN_FILENO, buf, len);
    } while (n < 0 && errno == EINTR);
    return n < 0 ? -1 : n;
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
    .mux_enabled = stdio_mux_enabled,
    .buffered = true,
};
