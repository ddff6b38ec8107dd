/*
 * What every NIC model shares: the mac= and netdev= properties and the
 * creation of its network client, joined to the backend netdev= names.
 */
#ifndef NET_NIC_H
#define NET_NIC_H

#include "net/net.h"
#include "hw/qdev.h"

typedef struct NICConf {
    char *netdev;               /* netdev= (NULL: not connected) */
    char *mac;                  /* mac= (NULL: the next default address) */
    MACAddr macaddr;            /* what the NIC uses, set by qemu_new_nic */
} NICConf;

#define DEFINE_NIC_PROPERTIES(st, field) \
    DEFINE_PROP_STRING("mac", st, field.mac, "MAC address (default 52:54:00:12:34:56, counting up)"), \
    DEFINE_PROP_STRING("netdev", st, field.netdev, "id of the -netdev backend")

/*
 * The NIC's client (info->kind NET_CLIENT_NIC), joined to conf->netdev,
 * with conf->macaddr set. NULL with *errp set when the backend does not
 * exist or is taken, or the MAC is malformed.
 */
NetClientState *qemu_new_nic(const NetClientInfo *info, NICConf *conf, const char *model,
                             DeviceState *dev, char **errp);

#endif
