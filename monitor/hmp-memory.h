/*
 * The monitor's memory commands (monitor/hmp-memory.c); rows in
 * monitor/hmp-cmds.c's table point here. arg is the rest of the line.
 */
#ifndef MONITOR_HMP_MEMORY_H
#define MONITOR_HMP_MEMORY_H

typedef struct Monitor Monitor;

/* xp /fmt addr: guest physical memory (and devices) as QEMU prints it */
void hmp_xp(Monitor *mon, const char *arg);

#endif
