/* The monitor's drive commands (block/blockdev-hmp.c). */
#ifndef BLOCK_BLOCKDEV_HMP_H
#define BLOCK_BLOCKDEV_HMP_H

#include "monitor/monitor-internal.h"

void hmp_info_block(Monitor *mon, const char *arg);
void hmp_commit(Monitor *mon, const char *arg);
void hmp_eject(Monitor *mon, const char *arg);
void hmp_change(Monitor *mon, const char *arg);

#endif
