/*
 * What vl.c offers to boards and devices: the command line's serial
 * ports and the firmware search path.
 */
#ifndef SYSEMU_SYSEMU_H
#define SYSEMU_SYSEMU_H

#include "qemu/osdep.h"
#include "chardev/char.h"

#define MAX_SERIAL_PORTS 4

/* the backend of serial port i from -serial (or the default), NULL: none */
Chardev *serial_hd(int i);

/*
 * A firmware file: name itself if it exists, else the first match in the
 * -L directories and the data directories. NULL if not found (malloc'd).
 */
char *qemu_find_file(const char *name);

#endif
