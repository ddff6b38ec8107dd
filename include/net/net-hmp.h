/*
 * The monitor's network commands (net/net-hmp.c); rows in
 * monitor/hmp-cmds.c's tables point here. arg is the rest of the line.
 */
#ifndef NET_NET_HMP_H
#define NET_NET_HMP_H

typedef struct Monitor Monitor;

void hmp_info_network(Monitor *mon, const char *arg);
void hmp_info_usernet(Monitor *mon, const char *arg);
void hmp_hostfwd_add(Monitor *mon, const char *arg);
void hmp_hostfwd_remove(Monitor *mon, const char *arg);
void hmp_set_link(Monitor *mon, const char *arg);

#endif
