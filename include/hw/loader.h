/* Reading firmware, kernels and initrds from host files. */
#ifndef HW_LOADER_H
#define HW_LOADER_H

#include "qemu/osdep.h"
#include "qemu/errp.h"

/*
 * The whole file in a new buffer, refusing files over max bytes; NULL with
 * *errp naming the file on any error.
 */
uint8_t *load_file(const char *path, size_t max, size_t *size, char **errp);

#endif
