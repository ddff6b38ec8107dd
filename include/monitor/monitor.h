/*
 * The human monitor: a command line on a character device ("(qemu) "),
 * as -monitor, -mon and the -nographic mux give it, to look at and
 * control the machine (help lists the commands).
 */
#ifndef MONITOR_MONITOR_H
#define MONITOR_MONITOR_H

#include "qemu/osdep.h"
#include "chardev/char.h"

/* a monitor on chr (shared with the serial port when chr is a mux) */
bool monitor_init(Chardev *chr, char **errp);

#endif
