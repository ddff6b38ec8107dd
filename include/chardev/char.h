/*
 * Character devices: the host side of a serial port, debug console or
 * monitor. A backend (stdio, file, null, pty, socket) is created from
 * -chardev, -serial or -monitor; one frontend (a device, the monitor)
 * attaches to it, writes bytes out and receives bytes through a callback,
 * offered only as many as it says it can take. A mux backend (mon:stdio,
 * mux=on) serves several frontends: all write, the focused one reads, and
 * Ctrl-a c moves the focus.
 *
 * Input is polled by the main loop; a frontend that could not take all
 * its input calls qemu_chr_fe_accept_input() when it has room again.
 */
#ifndef CHARDEV_CHAR_H
#define CHARDEV_CHAR_H

#include "qemu/osdep.h"
#include "qemu/errp.h"
#include "qemu/timer.h"

struct QemuOpts;

typedef struct Chardev Chardev;

/* how many bytes the frontend can take now (0: none) */
typedef int IOCanReadHandler(void *opaque);
typedef void IOReadHandler(void *opaque, const uint8_t *buf, int size);

typedef enum ChardevEvent {
    CHR_EVENT_OPENED,       /* a peer is there (socket client, pty reader; at once for stdio) */
    CHR_EVENT_CLOSED,       /* the peer went away */
    CHR_EVENT_MUX_IN,       /* a mux gave this frontend the input focus (Ctrl-a c) */
    CHR_EVENT_MUX_OUT,      /* ... and took it away */
} ChardevEvent;
typedef void IOEventHandler(void *opaque, ChardevEvent event);

typedef struct ChardevClass {
    const char *name;           /* -chardev backend name */
    const char *help;
    /* open with the -chardev options (id and backend already taken) */
    bool (*open)(Chardev *chr, struct QemuOpts *opts, char **errp);
    /* write len bytes; returns bytes written, -1 on error */
    int (*write)(Chardev *chr, const uint8_t *buf, int len);
    /*
     * Read into buf (at most len) when the main loop saw input on fd_in.
     * Returns bytes for the frontend, 0 at end of input, -1 when nothing
     * is for the frontend this time (e.g. a peer went away).
     */
    int (*read)(Chardev *chr, uint8_t *buf, int len);
    void (*close)(Chardev *chr);
    /* Ctrl-a escapes now exist on this backend (optional) */
    void (*mux_enabled)(Chardev *chr);
    /*
     * Output may wait in a buffer for up to CHR_FLUSH_DELAY_MS (one write
     * per batch instead of one per byte); flushed before close and before
     * anything else the backend prints.
     */
    bool buffered;
} ChardevClass;

#define CHR_OUT_BUF_SIZE 4096
#define CHR_IN_BUF_SIZE 256
#define CHR_FLUSH_DELAY_MS 10
/* a mux (mon:stdio, mux=on) serves up to this many frontends */
#define CHR_MAX_FRONTENDS 4

typedef struct CharFrontend {
    IOCanReadHandler *can_read;
    IOReadHandler *read;
    IOEventHandler *event;
    void *opaque;               /* also what tells frontends apart */
    /* input read for it, waiting until it has room */
    uint8_t queue[CHR_IN_BUF_SIZE];
    int queue_len;
} CharFrontend;

struct Chardev {
    const ChardevClass *cls;
    char *id;
    char *label;                /* how messages name it, e.g. "serial0" */
    int fd_in;                  /* polled for input; -1: none */
    int fd_out;
    bool eof;                   /* input ended: stop polling */
    bool opened;                /* a peer is there (see CHR_EVENT_OPENED) */
    /* the frontends: devices that claimed it, and those that take input */
    int fe_claimed;
    CharFrontend fe[CHR_MAX_FRONTENDS];
    int nb_fe;
    /* mux: several frontends, input to the focused one, Ctrl-a escapes */
    bool mux;
    int focus;
    bool escape_pending;        /* Ctrl-a seen, waiting for the command key */
    QEMUTimer input_timer;      /* hands queued input over from the main loop */
    /* output not yet written (buffered backends) */
    uint8_t *out_buf;
    int out_len;
    QEMUTimer flush_timer;
    /* backend state */
    void *opaque;
    Chardev *next;
};

/* -chardev BACKEND,id=ID[,mux=on][,...] */
Chardev *qemu_chr_new_from_opts(const char *spec, char **errp);
/*
 * -serial style: stdio, file:PATH, null, pty, tcp:[HOST]:PORT[,server]
 * [,nowait], unix:PATH[,...], chardev:ID; a "mon:" prefix makes a mux for
 * a monitor too ("none" is handled by the caller). label names the new
 * backend ("serial0") and is its id unless a -chardev took that id already.
 */
Chardev *qemu_chr_new_legacy(const char *label, const char *spec, char **errp);
Chardev *qemu_chr_find(const char *id);
/* -chardev help */
void qemu_chr_print_backends(FILE *f);
/* restore the terminal and close files (at exit, also from atexit) */
void qemu_chr_cleanup(void);

/* ---- frontend ---- */

/*
 * Claim the backend; false (with a message) if another device has it
 * (a mux takes up to CHR_MAX_FRONTENDS).
 */
bool qemu_chr_fe_attach(Chardev *chr, char **errp);
/*
 * Receive input and events (any handler may be NULL). Frontends are told
 * apart by opaque: a second call with the same opaque replaces the first.
 * A frontend that comes after the backend opened gets CHR_EVENT_OPENED.
 */
void qemu_chr_fe_set_handlers(Chardev *chr, IOCanReadHandler *can_read,
                              IOReadHandler *read, IOEventHandler *event, void *opaque);
/* does this frontend get the input now (always, without a mux) */
bool qemu_chr_fe_has_focus(Chardev *chr, void *opaque);
/*
 * Write everything, retrying short writes; returns len or -1. A buffered
 * backend may send it a little later (see ChardevClass.buffered). With no
 * peer (an unconnected socket), output is dropped.
 */
int qemu_chr_fe_write_all(Chardev *chr, const uint8_t *buf, int len);
/* send buffered output now */
void qemu_chr_flush(Chardev *chr);
/* the frontend has room again: have the main loop look at input soon */
void qemu_chr_fe_accept_input(Chardev *chr);

/* ---- for backends ---- */

/* watch fd (-1: nothing) for input instead of the current fd_in */
void qemu_chr_set_fd_in(Chardev *chr, int fd);
/* a peer came or went: tell the frontends */
void qemu_chr_be_event(Chardev *chr, ChardevEvent event);
/* Ctrl-a escapes and several frontends from now on */
void qemu_chr_set_mux(Chardev *chr);

extern const ChardevClass char_stdio_class;
extern const ChardevClass char_file_class;
extern const ChardevClass char_null_class;
extern const ChardevClass char_pty_class;
extern const ChardevClass char_socket_class;

/* the mux's escapes (char-mux.c): bytes for the focused frontend, or -1 */
int qemu_chr_mux_filter(Chardev *chr, uint8_t c);
void qemu_chr_mux_switch_focus(Chardev *chr);

#endif
