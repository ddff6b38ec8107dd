/*
 * Errors handed back to the caller as a message: a function that can fail
 * on user input takes `char **errp`, sets it with error_setg() and returns
 * false/NULL; the caller adds context (which option) and reports it.
 */
#ifndef QEMU_ERRP_H
#define QEMU_ERRP_H

#include "qemu/osdep.h"

/* *errp = the formatted message (malloc'd); errp may be NULL */
void QEMU_PRINTF(2, 3) error_setg(char **errp, const char *fmt, ...);

#endif
