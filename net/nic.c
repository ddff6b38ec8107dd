/* The NIC side of a client pair (include/net/nic.h). */
#include "qemu/osdep.h"
#include "net/nic.h"

NetClientState *qemu_new_nic(const NetClientInfo *info, NICConf *conf, const char *model,
                             DeviceState *dev, char **errp)
{
    static unsigned nic_count;
    NetClientState *peer = NULL, *nc;
    char name[64], mac[18];

    if (conf->netdev) {
        peer = qemu_find_netdev(conf->netdev);
        if (!peer) {
            error_setg(errp, "%s: netdev '%s' not found", model, conf->netdev);
            return NULL;
        }
        if (peer->peer) {
            error_setg(errp, "%s: netdev '%s' is already in use by %s", model, conf->netdev,
                       peer->peer->name);
            return NULL;
        }
    }
    if (!net_nic_macaddr(&conf->macaddr, conf->mac, errp)) {
        return NULL;
    }
    if (!dev->id) {
        snprintf(name, sizeof(name), "%s.%u", model, nic_count);
    }
    nic_count++;
    nc = qemu_new_net_client(info, peer, model, dev->id ? dev->id : name);
    if (!peer) {
        warn_report("nic %s has no peer (no netdev=): its frames go nowhere", nc->name);
    }
    net_format_macaddr(mac, sizeof(mac), &conf->macaddr);
    snprintf(nc->info_str, sizeof(nc->info_str), "model=%s,macaddr=%s", model, mac);
    return nc;
}
