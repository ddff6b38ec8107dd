/*
 * Between the monitor's terminal side (monitor.c: line input, output)
 * and its commands (hmp-cmds.c).
 */
#ifndef MONITOR_INTERNAL_H
#define MONITOR_INTERNAL_H

#include "qemu/osdep.h"

typedef struct Monitor Monitor;

/* text for the user; "\n" becomes "\r\n" for raw terminals and sockets */
void monitor_printf(Monitor *mon, const char *fmt, ...) QEMU_PRINTF(2, 3);
void monitor_puts(Monitor *mon, const char *s);

/* run one command line */
void monitor_handle_command(Monitor *mon, const char *line);

#endif
