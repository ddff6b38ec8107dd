/*
 * Character devices: the host side of a serial port or debug console.
 * A backend (stdio, file, null) is created from -chardev or -serial; one
 * frontend (a device) attaches to it, writes bytes out and receives bytes
 * through a callback, offered only as many as it says it can take.
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
     * is for the frontend this time (e.g. an escape sequence was consumed).
     */
    int (*read)(Chardev *chr, uint8_t *buf, int len);
    void (*close)(Chardev *chr);
    /*
     * Output may wait in a buffer for up to CHR_FLUSH_DELAY_MS (one write
     * per batch instead of one per byte); flushed before close and before
     * anything else the backend prints.
     */
    bool buffered;
} ChardevClass;

#define CHR_OUT_BUF_SIZE 4096
#define CHR_FLUSH_DELAY_MS 10

struct Chardev {
    const ChardevClass *cls;
    char *id;
    char *label;                /* how messages name it, e.g. "serial0" */
    int fd_in;                  /* polled for input; -1: none */
    int fd_out;
    bool eof;                   /* input ended: stop polling */
    /* the frontend */
    bool fe_attached;
    IOCanReadHandler *fe_can_read;
    IOReadHandler *fe_read;
    void *fe_opaque;
    /* output not yet written (buffered backends) */
    uint8_t *out_buf;
    int out_len;
    QEMUTimer flush_timer;
    /* backend state */
    void *opaque;
    Chardev *next;
};

/* -chardev BACKEND,id=ID[,...] */
Chardev *qemu_chr_new_from_opts(const char *spec, char **errp);
/*
 * -serial style: stdio, mon:stdio, file:PATH, null, chardev:ID ("none" is
 * handled by the caller). label names the new backend ("serial0") and is
 * its id unless a -chardev took that id already.
 */
Chardev *qemu_chr_new_legacy(const char *label, const char *spec, char **errp);
Chardev *qemu_chr_find(const char *id);
/* -chardev help */
void qemu_chr_print_backends(FILE *f);
/* restore the terminal and close files (at exit, also from atexit) */
void qemu_chr_cleanup(void);

/* ---- frontend ---- */

/* claim the backend; false (with a message) if another device has it */
bool qemu_chr_fe_attach(Chardev *chr, char **errp);
void qemu_chr_fe_set_handlers(Chardev *chr, IOCanReadHandler *can_read,
                              IOReadHandler *read, void *opaque);
/*
 * Write everything, retrying short writes; returns len or -1. A buffered
 * backend may send it a little later (see ChardevClass.buffered).
 */
int qemu_chr_fe_write_all(Chardev *chr, const uint8_t *buf, int len);
/* send buffered output now */
void qemu_chr_flush(Chardev *chr);
/* the frontend has room again: have the main loop look at input soon */
void qemu_chr_fe_accept_input(Chardev *chr);

/* ---- backends ---- */
extern const ChardevClass char_stdio_class;
extern const ChardevClass char_file_class;
extern const ChardevClass char_null_class;

/* -nographic / mon:stdio: Ctrl-a escapes on the stdio backend */
void qemu_chr_stdio_set_mux(Chardev *chr, bool mux);

#endif
