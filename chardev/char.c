/*
 * Character device registry, option parsing and the frontend side
 * (include/chardev/char.h). Backends live in char-*.c.
 */
#include "qemu/osdep.h"
#include "qemu/option.h"
#include "qemu/main-loop.h"
#include "chardev/char.h"
#include <unistd.h>

static const ChardevClass *const backends[] = {
    &char_stdio_class,
    &char_file_class,
    &char_null_class,
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

static bool chr_poll_input(void *opaque)
{
    Chardev *chr = opaque;
    return chr->fe_attached && chr->fe_can_read && !chr->eof &&
           chr->fe_can_read(chr->fe_opaque) > 0;
}

static void chr_read_input(void *opaque)
{
    Chardev *chr = opaque;
    uint8_t buf[256];
    int room = chr->fe_can_read(chr->fe_opaque);
    int len;

    if (room <= 0) {
        return;
    }
    len = chr->cls->read(chr, buf, MIN(room, (int)sizeof(buf)));
    if (len == 0) {
        /* input closed (EOF on a pipe or file): stop watching it */
        chr->eof = true;
        qemu_set_fd_handler(chr->fd_in, NULL, NULL, NULL);
    } else if (len > 0) {
        chr->fe_read(chr->fe_opaque, buf, len);
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
    if (!cls->open(chr, opts, errp)) {
        free(chr->id);
        free(chr->label);
        free(chr);
        return NULL;
    }
    if (chr->fd_in >= 0) {
        qemu_set_fd_handler(chr->fd_in, chr_poll_input, chr_read_input, chr);
    }
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
        chr = chr_create(cls, id, id, opts, errp);
        if (chr && !qemu_opts_check_unused(opts, errp)) {
            /* the backend is open but the line was wrong: the caller exits */
            chr = NULL;
        }
    }
    qemu_opts_free(opts);
    return chr;
}

Chardev *qemu_chr_new_legacy(const char *label, const char *spec, char **errp)
{
    QemuOpts *opts = qemu_opts_new();
    Chardev *chr = NULL;
    /* the label doubles as the id, as QEMU names -serial's backends "serial0" */
    const char *id = qemu_chr_find(label) ? NULL : label;

    if (!strcmp(spec, "stdio") || !strcmp(spec, "mon:stdio")) {
        chr = chr_create(&char_stdio_class, id, label, opts, errp);
        if (chr && spec[0] == 'm') {
            qemu_chr_stdio_set_mux(chr, true);
        }
    } else if (!strcmp(spec, "null")) {
        chr = chr_create(&char_null_class, id, label, opts, errp);
    } else if (!strncmp(spec, "file:", 5)) {
        qemu_opt_set(opts, "path", spec + 5);
        chr = chr_create(&char_file_class, id, label, opts, errp);
    } else if (!strncmp(spec, "chardev:", 8)) {
        chr = qemu_chr_find(spec + 8);
        if (!chr) {
            error_setg(errp, "chardev '%s' not found", spec + 8);
        }
    } else {
        error_setg(errp, "'%s' is not a valid char driver", spec);
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
    if (chr->fe_attached) {
        error_setg(errp, "chardev '%s' is already in use by another device", chr->label);
        return false;
    }
    chr->fe_attached = true;
    return true;
}

void qemu_chr_fe_set_handlers(Chardev *chr, IOCanReadHandler *can_read,
                              IOReadHandler *read, void *opaque)
{
    chr->fe_can_read = can_read;
    chr->fe_read = read;
    chr->fe_opaque = opaque;
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
    /* the fd may have been left out of the set the CPU-time waiter watches */
    if (chr->fd_in >= 0 && !chr->eof) {
        qemu_cpu_kick();
    }
}
