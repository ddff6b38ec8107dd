/*
 * The hub of the legacy -net options (QEMU's "vlan 0"): every -net nic and
 * -net user gets a port, and a frame coming in on one port goes out of all
 * the others. Each port's peer queues what it cannot take yet.
 */
#include "qemu/osdep.h"
#include "net/net-internal.h"

#define HUB_MAX_PORTS 16

typedef struct HubPort {
    NetClientState nc;
} HubPort;

static HubPort *hub_ports[HUB_MAX_PORTS];
static int hub_nb_ports;

static ssize_t hub_port_receive(NetClientState *nc, const uint8_t *buf, size_t len)
{
    for (int i = 0; i < hub_nb_ports; i++) {
        if (&hub_ports[i]->nc != nc) {
            qemu_send_packet(&hub_ports[i]->nc, buf, len);
        }
    }
    return len;
}

static const NetClientInfo hub_port_info = {
    .kind = NET_CLIENT_HUBPORT,
    .type = "hubport",
    .size = sizeof(HubPort),
    .receive = hub_port_receive,
};

NetClientState *net_hub_add_port(NetClientState *peer, const char *name)
{
    char made_up[32];
    HubPort *port;

    if (hub_nb_ports == HUB_MAX_PORTS) {
        return NULL;
    }
    snprintf(made_up, sizeof(made_up), "hub0port%d", hub_nb_ports);
    port = (HubPort *)qemu_new_net_client(&hub_port_info, peer, made_up,
                                          name ? name : made_up);
    snprintf(port->nc.info_str, sizeof(port->nc.info_str), "hub 0 port %d", hub_nb_ports);
    hub_ports[hub_nb_ports++] = port;
    return &port->nc;
}
