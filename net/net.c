/*
 * The plumbing between network clients: creation, peers, sending with a
 * queue on the receiving side when it has no room, flushing that queue
 * when it has room again, link state, MAC addresses.
 */
#include "qemu/osdep.h"
#include "net/net-internal.h"

/* Frames waiting for a client beyond this are dropped, as a full wire would. */
#define NET_QUEUE_MAX_FRAMES 4096

struct NetPacket {
    NetPacket *next;
    size_t len;
    uint8_t data[];
};

static NetClientState *net_clients;
static NetClientState **net_clients_tail = &net_clients;

NetClientState *qemu_new_net_client(const NetClientInfo *info, NetClientState *peer,
                                    const char *model, const char *name)
{
    NetClientState *nc;

    assert(info->size >= sizeof(NetClientState));
    nc = qemu_mallocz(info->size);
    nc->info = info;
    nc->model = qemu_strdup(model);
    nc->name = qemu_strdup(name);
    nc->queue_tail = &nc->queue_head;
    if (peer) {
        assert(!peer->peer);
        nc->peer = peer;
        peer->peer = nc;
    }
    *net_clients_tail = nc;
    net_clients_tail = &nc->next;
    return nc;
}

NetClientState *qemu_net_clients(void)
{
    return net_clients;
}

NetClientState *qemu_find_net_client(const char *id)
{
    for (NetClientState *nc = net_clients; nc; nc = nc->next) {
        if (!strcmp(nc->name, id)) {
            return nc;
        }
    }
    return NULL;
}

NetClientState *qemu_find_netdev(const char *id)
{
    for (NetClientState *nc = net_clients; nc; nc = nc->next) {
        if (nc->info->kind != NET_CLIENT_NIC && !strcmp(nc->name, id)) {
            return nc;
        }
    }
    return NULL;
}

void net_client_add_filter(NetClientState *nc, NetFilter *f)
{
    f->next = nc->filters;
    nc->filters = f;
}

static void run_filters(NetClientState *nc, const uint8_t *buf, size_t len)
{
    for (NetFilter *f = nc->filters; f; f = f->next) {
        f->packet(f, buf, len);
    }
}

static void queue_append(NetClientState *nc, const uint8_t *buf, size_t len)
{
    NetPacket *p;

    if (nc->queue_len >= NET_QUEUE_MAX_FRAMES) {
        return;
    }
    p = qemu_malloc(sizeof(*p) + len);
    p->next = NULL;
    p->len = len;
    memcpy(p->data, buf, len);
    *nc->queue_tail = p;
    nc->queue_tail = &p->next;
    nc->queue_len++;
}

static bool client_has_room(NetClientState *nc)
{
    return !nc->receive_disabled && (!nc->info->can_receive || nc->info->can_receive(nc));
}

void qemu_send_packet(NetClientState *nc, const uint8_t *buf, size_t len)
{
    NetClientState *peer = nc->peer;

    if (!peer || nc->link_down || peer->link_down) {
        return;
    }
    run_filters(nc, buf, len);
    run_filters(peer, buf, len);
    /* frames already waiting go first; a receiver never re-enters itself */
    if (peer->queue_head || peer->delivering || !client_has_room(peer)) {
        queue_append(peer, buf, len);
        return;
    }
    peer->delivering = true;
    if (peer->info->receive(peer, buf, len) == 0) {
        peer->receive_disabled = true;
        queue_append(peer, buf, len);
    }
    peer->delivering = false;
}

void qemu_flush_queued_packets(NetClientState *nc)
{
    if (nc->delivering) {
        return;
    }
    nc->receive_disabled = false;
    nc->delivering = true;
    while (nc->queue_head && client_has_room(nc)) {
        /* off the queue first: the receiver may purge the queue (a reset) */
        NetPacket *p = nc->queue_head;

        nc->queue_head = p->next;
        if (!nc->queue_head) {
            nc->queue_tail = &nc->queue_head;
        }
        nc->queue_len--;
        if (nc->info->receive(nc, p->data, p->len) == 0) {
            p->next = nc->queue_head;
            nc->queue_head = p;
            if (!p->next) {
                nc->queue_tail = &p->next;
            }
            nc->queue_len++;
            nc->receive_disabled = true;
            break;
        }
        free(p);
    }
    nc->delivering = false;
}

void qemu_purge_queued_packets(NetClientState *nc)
{
    while (nc->queue_head) {
        NetPacket *p = nc->queue_head;
        nc->queue_head = p->next;
        free(p);
    }
    nc->queue_tail = &nc->queue_head;
    nc->queue_len = 0;
    nc->receive_disabled = false;
}

void qemu_set_link(NetClientState *nc, bool up)
{
    /* as QEMU: a NIC's link follows its backend's, a hub port's its own */
    nc->link_down = !up;
    if (nc->info->link_status_changed) {
        nc->info->link_status_changed(nc);
    }
    if (nc->peer && nc->info->kind != NET_CLIENT_HUBPORT) {
        nc->peer->link_down = !up;
        if (nc->peer->info->link_status_changed) {
            nc->peer->info->link_status_changed(nc->peer);
        }
    }
}

bool net_parse_macaddr(MACAddr *mac, const char *str)
{
    unsigned v[6];
    char end;

    if (sscanf(str, "%2x:%2x:%2x:%2x:%2x:%2x%c", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
               &end) != 6 || strlen(str) != 17) {
        return false;
    }
    for (int i = 0; i < 6; i++) {
        mac->a[i] = v[i];
    }
    return true;
}

bool net_nic_macaddr(MACAddr *mac, const char *prop, char **errp)
{
    static unsigned nics_made;

    if (prop) {
        if (!net_parse_macaddr(mac, prop)) {
            error_setg(errp, "invalid MAC address '%s' (want xx:xx:xx:xx:xx:xx)", prop);
            return false;
        }
        if (mac->a[0] & 1) {
            error_setg(errp, "'%s' is a multicast address, not a NIC's", prop);
            return false;
        }
        return true;
    }
    *mac = (MACAddr){ { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 + nics_made++ } };
    return true;
}

void net_format_macaddr(char *buf, size_t size, const MACAddr *mac)
{
    snprintf(buf, size, "%02x:%02x:%02x:%02x:%02x:%02x",
             mac->a[0], mac->a[1], mac->a[2], mac->a[3], mac->a[4], mac->a[5]);
}

void net_cleanup(void)
{
    while (net_clients) {
        NetClientState *nc = net_clients;

        net_clients = nc->next;
        if (nc->info->cleanup) {
            nc->info->cleanup(nc);
        }
        while (nc->filters) {
            NetFilter *f = nc->filters;
            nc->filters = f->next;
            f->cleanup(f);
        }
        qemu_purge_queued_packets(nc);
        free(nc->name);
        free(nc->model);
        free(nc);
    }
    net_clients_tail = &net_clients;
}
