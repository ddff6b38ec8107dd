/*
 * Character device registry, option parsing and the frontend side
 * (include/chardev/char.h). Backends live in char-*.c.
 */
#include "qemu/osdep.h"
#include "qemu/option.h"
#include "qemu/main-loop.h"
#include "chardev/char.h"
#include "ui/text-console.h"
#include <unistd.h>

static const ChardevClass *const backends[] = {
    &char_stdio_class,
    &char_file_class,
    &char_null_class,
    &char_pty_class,
    &char_socket_class,
    &char_vc_class,
};

static Chardev *all_chardevs;

Chardev *qemu_chr_find(const char *id)
{
    for (Chardev *chr = all_chardevs; chr; chr = chr->next) {
        if (chr->id && !strcmp(chr->id, id)) {
            return chr;
        }
    }
    return NULL;
}

void qemu_chr_print_backends(FILE *f)
{
    fprintf(f, "Available chardev backend types:\n");
    for (size_t i = 0; i < ARRAY_SIZE(backends); i++) {
        fprintf(f, "  %-8s %s\n", backends[i]->name, backends[i]->help);
    }
}

static CharFrontend *chr_focused(Chardev *chr)
{
    return chr->focus < chr->nb_fe ? &chr->fe[chr->focus] : NULL;
}

static bool chr_poll_input(void *opaque)
{
    Chardev *chr = opaque;
    CharFrontend *fe = chr_focused(chr);
    /* no more than the focused frontend has queue space for */
    return !chr->eof && fe && fe->read && fe->queue_len < CHR_IN_BUF_SIZE;
}

/* hand each frontend as much of its queued input as it takes */
static void chr_deliver_input(Chardev *chr)
{
    for (int i = 0; i < chr->nb_fe; i++) {
        CharFrontend *fe = &chr->fe[i];
        int n = fe->queue_len;

        if (!n || !fe->read) {
            continue;
        }
        if (fe->can_read) {
            n = MIN(n, fe->can_read(fe->opaque));
        }
        if (n > 0) {
            fe->queue_len -= n;
            fe->read(fe->opaque, fe->queue, n);
            memmove(fe->queue, fe->queue + n, fe->queue_len);
        }
    }
}

/*
 * Input is queued for the frontend that has the focus when it is read; a
 * mux acts on its escapes here, so a focus switch applies from the next byte.
 */
static void chr_read_input(void *opaque)
{
    Chardev *chr = opaque;
    CharFrontend *fe = chr_focused(chr);
    uint8_t buf[CHR_IN_BUF_SIZE];
    int len = chr->cls->read(chr, buf, CHR_IN_BUF_SIZE - fe->queue_len);

    if (len == 0) {
        /* input closed (EOF on a pipe or file): stop watching it */
        chr->eof = true;
        qemu_set_fd_handler(chr->fd_in, NULL, NULL, NULL);
        return;
    }
    for (int i = 0; i < len; i++) {
        int c = chr->mux ? qemu_chr_mux_filter(chr, buf[i]) : buf[i];
        fe = chr_focused(chr);
        /* only a switch to a frontend with a full queue can drop a byte */
        if (c >= 0 && fe && fe->queue_len < CHR_IN_BUF_SIZE) {
            fe->queue[fe->queue_len++] = c;
        }
    }
    chr_deliver_input(chr);
}

static void chr_input_timer(void *opaque)
{
    chr_deliver_input(opaque);
}

void qemu_chr_set_fd_in(Chardev *chr, int fd)
{
    if (chr->fd_in >= 0) {
        qemu_set_fd_handler(chr->fd_in, NULL, NULL, NULL);
    }
    chr->fd_in = fd;
    chr->eof = false;
    if (fd >= 0) {
        qemu_set_fd_handler(fd, chr_poll_input, chr_read_input, chr);
    }
}

void qemu_chr_be_event(Chardev *chr, ChardevEvent event)
{
    if (event == CHR_EVENT_OPENED) {
        chr->opened = true;
    } else if (event == CHR_EVENT_CLOSED) {
        chr->opened = false;
    }
    for (int i = 0; i < chr->nb_fe; i++) {
        if (chr->fe[i].event) {
            chr->fe[i].event(chr->fe[i].opaque, event);
        }
    }
}

void qemu_chr_set_mux(Chardev *chr)
{
    chr->mux = true;
    if (chr->cls->mux_enabled) {
        chr->cls->mux_enabled(chr);
    }
}

static void chr_flush_timer(void *opaque)
{
    qemu_chr_flush(opaque);
}

static Chardev *chr_create(const ChardevClass *cls, const char *id, const char *label,
                           QemuOpts *opts, char **errp)
{
    Chardev *chr = qemu_mallocz(sizeof(*chr));

    chr->cls = cls;
    chr->id = id ? qemu_strdup(id) : NULL;
    chr->label = qemu_strdup(label);
    chr->fd_in = chr->fd_out = -1;
    /* backends with a peer to wait for (sockets, ptys) say when it comes */
    chr->opened = true;
    timer_init_full(&chr->input_timer, QEMU_CLOCK_REALTIME, SCALE_MS, chr_input_timer, chr);
    if (!cls->open(chr, opts, errp)) {
        free(chr->id);
        free(chr->label);
        free(chr);
        return NULL;
    }
    qemu_chr_set_fd_in(chr, chr->fd_in);
    if (cls->buffered) {
        chr->out_buf = qemu_malloc(CHR_OUT_BUF_SIZE);
        timer_init_full(&chr->flush_timer, QEMU_CLOCK_REALTIME, SCALE_MS,
                        chr_flush_timer, chr);
    }
    chr->next = all_chardevs;
    all_chardevs = chr;
    return chr;
}

static const ChardevClass *backend_find(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(backends); i++) {
        if (!strcmp(backends[i]->name, name)) {
            return backends[i];
        }
    }
    return NULL;
}

Chardev *qemu_chr_new_from_opts(const char *spec, char **errp)
{
    QemuOpts *opts = qemu_opts_parse(spec, "backend", errp);
    const ChardevClass *cls;
    const char *backend, *id;
    Chardev *chr = NULL;

    if (!opts) {
        return NULL;
    }
    backend = qemu_opt_get(opts, "backend");
    id = qemu_opt_get(opts, "id");
    if (!backend) {
        error_setg(errp, "chardev: \"%s\" missing backend", spec);
    } else if (!(cls = backend_find(backend))) {
        error_setg(errp, "'%s' is not a valid char driver name", backend);
    } else if (!id) {
        error_setg(errp, "Parameter 'id' is missing");
    } else if (qemu_chr_find(id)) {
        error_setg(errp, "Duplicate ID '%s' for chardev", id);
    } else {
        bool mux = false;
        chr = chr_create(cls, id, id, opts, errp);
        if (chr && !qemu_opt_get_bool(opts, "mux", false, &mux, errp)) {
            chr = NULL;
        } else if (chr && mux) {
            qemu_chr_set_mux(chr);
        }
        if (chr && !qemu_opts_check_unused(opts, errp)) {
            /* the backend is open but the line was wrong: the caller exits */
            chr = NULL;
        }
    }
    qemu_opts_free(opts);
    return chr;
}

/*
 * "[host]:port[,opt...]" or "path[,opt...]" after tcp: or unix:, as the
 * socket backend's options
 */
static bool legacy_socket_opts(QemuOpts *opts, const char *spec, bool tcp, char **errp)
{
    size_t addr_len = strcspn(spec, ",");
    char *addr = strndup(spec, addr_len);
    bool ok = true;

    if (tcp) {
        char *colon = strrchr(addr, ':');
        if (!colon) {
            error_setg(errp, "'%s': expected [host]:port", addr);
            ok = false;
        } else {
            *colon = 0;
            qemu_opt_set(opts, "host", addr);
            qemu_opt_set(opts, "port", colon + 1);
        }
    } else {
        qemu_opt_set(opts, "path", addr);
    }
    if (ok && spec[addr_len]) {
        QemuOpts *rest = qemu_opts_parse(spec + addr_len + 1, NULL, errp);
        if (!rest) {
            ok = false;
        } else {
            for (int i = 0; i < rest->nb; i++) {
                qemu_opt_set(opts, rest->opt[i].name, rest->opt[i].value);
            }
            qemu_opts_free(rest);
        }
    }
    free(addr);
    return ok;
}

Chardev *qemu_chr_new_legacy(const char *label, const char *spec, char **errp)
{
    QemuOpts *opts = qemu_opts_new();
    Chardev *chr = NULL;
    /* the label doubles as the id, as QEMU names -serial's backends "serial0" */
    const char *id = qemu_chr_find(label) ? NULL : label;
    bool mon = !strncmp(spec, "mon:", 4);

    if (mon) {
        spec += 4;
    }
    if (!strcmp(spec, "stdio")) {
        chr = chr_create(&char_stdio_class, id, label, opts, errp);
    } else if (!strcmp(spec, "null")) {
        chr = chr_create(&char_null_class, id, label, opts, errp);
    } else if (!strcmp(spec, "pty")) {
        chr = chr_create(&char_pty_class, id, label, opts, errp);
    } else if (!strncmp(spec, "file:", 5)) {
        qemu_opt_set(opts, "path", spec + 5);
        chr = chr_create(&char_file_class, id, label, opts, errp);
    } else if (!strncmp(spec, "tcp:", 4) || !strncmp(spec, "unix:", 5)) {
        bool tcp = spec[0] == 't';
        if (legacy_socket_opts(opts, spec + (tcp ? 4 : 5), tcp, errp)) {
            chr = chr_create(&char_socket_class, id, label, opts, errp);
        }
        if (chr && !qemu_opts_check_unused(opts, errp)) {
            chr = NULL;     /* open but the line was wrong: the caller exits */
        }
    } else if (!strcmp(spec, "vc") || !strncmp(spec, "vc:", 3)) {
        if (vc_legacy_opts(opts, spec, errp)) {
            chr = chr_create(&char_vc_class, id, label, opts, errp);
        }
    } else if (!strncmp(spec, "chardev:", 8) && !mon) {
        chr = qemu_chr_find(spec + 8);
        if (!chr) {
            error_setg(errp, "chardev '%s' not found", spec + 8);
        }
    } else {
        error_setg(errp, "'%s' is not a valid char driver", spec);
    }
    if (chr && mon) {
        qemu_chr_set_mux(chr);
    }
    qemu_opts_free(opts);
    return chr;
}

void qemu_chr_cleanup(void)
{
    for (Chardev *chr = all_chardevs; chr; chr = chr->next) {
        qemu_chr_flush(chr);
        if (chr->cls->close) {
            chr->cls->close(chr);
        }
    }
}

bool qemu_chr_fe_attach(Chardev *chr, char **errp)
{
    if (chr->fe_claimed == (chr->mux ? CHR_MAX_FRONTENDS : 1)) {
        error_setg(errp, chr->mux ? "chardev '%s': too many devices on one mux"
                                  : "chardev '%s' is already in use by another device",
                   chr->label);
        return false;
    }
    chr->fe_claimed++;
    return true;
}

void qemu_chr_fe_set_handlers(Chardev *chr, IOCanReadHandler *can_read,
                              IOReadHandler *read, IOEventHandler *event, void *opaque)
{
    int i;

    for (i = 0; i < chr->nb_fe && chr->fe[i].opaque != opaque; i++) {
    }
    if (i == CHR_MAX_FRONTENDS) {
        return;     /* qemu_chr_fe_attach already refused more */
    }
    if (i == chr->nb_fe) {
        chr->nb_fe++;
    }
    chr->fe[i].can_read = can_read;
    chr->fe[i].read = read;
    chr->fe[i].event = event;
    chr->fe[i].opaque = opaque;
    if (chr->opened && event) {
        event(opaque, CHR_EVENT_OPENED);
    }
}

bool qemu_chr_fe_has_focus(Chardev *chr, void *opaque)
{
    CharFrontend *fe = chr_focused(chr);
    return !chr->mux || (fe && fe->opaque == opaque);
}

static int chr_write_direct(Chardev *chr, const uint8_t *buf, int len)
{
    int done = 0;

    while (done < len) {
        int n = chr->cls->write(chr, buf + done, len - done);
        if (n <= 0) {
            return -1;
        }
        done += n;
    }
    return len;
}

void qemu_chr_flush(Chardev *chr)
{
    if (chr->out_len) {
        int len = chr->out_len;
        /* emptied first: a failing backend must not make us retry forever */
        chr->out_len = 0;
        timer_del(&chr->flush_timer);
        chr_write_direct(chr, chr->out_buf, len);
    }
}

int qemu_chr_fe_write_all(Chardev *chr, const uint8_t *buf, int len)
{
    if (!chr->out_buf) {
        return chr_write_direct(chr, buf, len);
    }
    if (chr->out_len + len > CHR_OUT_BUF_SIZE) {
        qemu_chr_flush(chr);
        if (len > CHR_OUT_BUF_SIZE) {
            return chr_write_direct(chr, buf, len);
        }
    }
    memcpy(chr->out_buf + chr->out_len, buf, len);
    chr->out_len += len;
    if (!timer_pending(&chr->flush_timer)) {
        timer_mod(&chr->flush_timer, qemu_clock_get_ms(QEMU_CLOCK_REALTIME) + CHR_FLUSH_DELAY_MS);
    }
    return len;
}

void qemu_chr_fe_accept_input(Chardev *chr)
{
    /*
     * Queued input goes from the main loop, not from inside the device's
     * register access; that also puts the fd back in the watched set.
     */
    if (!timer_pending(&chr->input_timer)) {
        timer_mod(&chr->input_timer, qemu_clock_get_ms(QEMU_CLOCK_REALTIME));
    }
}
