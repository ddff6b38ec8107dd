/*
 * What the files of net/ share and nothing else sees: packet filters
 * (filter-dump) hooked onto clients, and the backends' constructors.
 */
#ifndef NET_NET_INTERNAL_H
#define NET_NET_INTERNAL_H

#include "net/net.h"
#include "qemu/option.h"

/* Sees every frame a client sends or receives. */
struct NetFilter {
    void (*packet)(NetFilter *f, const uint8_t *buf, size_t len);
    void (*cleanup)(NetFilter *f);
    NetFilter *next;
};

void net_client_add_filter(NetClientState *nc, NetFilter *f);

/* -netdev user / -net user: the options minus type; peer may be NULL */
NetClientState *net_slirp_init(QemuOpts *opts, const char *name, NetClientState *peer,
                               char **errp);
bool net_slirp_available(void);
/* hostfwd_add / hostfwd_remove on a user backend ("tcp:...") */
bool net_slirp_hostfwd_add(NetClientState *nc, const char *rule, char **errp);
bool net_slirp_hostfwd_remove(NetClientState *nc, const char *rule, char **errp);
/* the connections and forwardings, for info usernet */
char *net_slirp_connection_info(NetClientState *nc);

/* hub 0 of the legacy -net options: a new port, joined to peer if given */
NetClientState *net_hub_add_port(NetClientState *peer, const char *name);

/* -object filter-dump,id=,netdev=,file=[,maxlen=] */
bool net_filter_dump_add(QemuOpts *opts, char **errp);

#endif
