/*
 * The monitor's network commands (include/net/net-hmp.h): info network,
 * info usernet, hostfwd_add, hostfwd_remove, set_link.
 */
#include "qemu/osdep.h"
#include "monitor/monitor-internal.h"
#include "net/net-hmp.h"
#include "net/net-internal.h"

static void print_client(Monitor *mon, const char *indent, NetClientState *nc)
{
    monitor_printf(mon, "%s%s: index=0,type=%s,%s%s\n", indent, nc->name, nc->info->type,
                   nc->info_str, nc->link_down ? " (link down)" : "");
}

void hmp_info_network(Monitor *mon, const char *arg)
{
    bool hub_shown = false;

    for (NetClientState *nc = qemu_net_clients(); nc; nc = nc->next) {
        NetClientKind peer_kind = nc->peer ? nc->peer->info->kind : NET_CLIENT_NIC;

        if (nc->info->kind == NET_CLIENT_HUBPORT) {
            if (!hub_shown) {
                monitor_printf(mon, "hub 0\n");
                hub_shown = true;
            }
            print_client(mon, " \\ ", nc);
            if (nc->peer) {
                print_client(mon, "    \\ ", nc->peer);
            }
        } else if (nc->info->kind == NET_CLIENT_NIC) {
            if (peer_kind != NET_CLIENT_HUBPORT) {
                print_client(mon, "", nc);
                if (nc->peer) {
                    print_client(mon, " \\ ", nc->peer);
                }
            }
        } else if (!nc->peer) {
            print_client(mon, "", nc);      /* a backend no NIC uses */
        }
    }
}

/* the user backend named by the first word of arg, or the first one there is */
static NetClientState *find_user_backend(Monitor *mon, const char **arg)
{
    const char *space = strchr(*arg, ' ');
    NetClientState *nc;

    if (space) {
        char *id = strndup(*arg, space - *arg);
        nc = qemu_find_netdev(id);
        if (!nc || nc->info->kind != NET_CLIENT_USER) {
            monitor_printf(mon, "unknown user network backend '%s'\n", id);
            free(id);
            return NULL;
        }
        free(id);
        *arg = space + strspn(space, " ");
        return nc;
    }
    for (nc = qemu_net_clients(); nc; nc = nc->next) {
        if (nc->info->kind == NET_CLIENT_USER) {
            return nc;
        }
    }
    monitor_printf(mon, "there is no user network backend\n");
    return NULL;
}

void hmp_info_usernet(Monitor *mon, const char *arg)
{
    for (NetClientState *nc = qemu_net_clients(); nc; nc = nc->next) {
        if (nc->info->kind == NET_CLIENT_USER) {
            char *info = net_slirp_connection_info(nc);
            monitor_printf(mon, "%s:\n%s", nc->name, info);
            free(info);
        }
    }
}

static void hostfwd_command(Monitor *mon, const char *arg, bool add)
{
    NetClientState *nc;
    char *err = NULL;

    if (!*arg) {
        monitor_printf(mon, "usage: %s [netdev_id] %s\n", add ? "hostfwd_add" : "hostfwd_remove",
                       add ? "tcp|udp:[hostaddr]:hostport-[guestaddr]:guestport"
                           : "tcp|udp:[hostaddr]:hostport");
        return;
    }
    nc = find_user_backend(mon, &arg);
    if (!nc) {
        return;
    }
    if (add ? !net_slirp_hostfwd_add(nc, arg, &err) : !net_slirp_hostfwd_remove(nc, arg, &err)) {
        monitor_printf(mon, "%s\n", err);
        free(err);
    }
}

void hmp_hostfwd_add(Monitor *mon, const char *arg)
{
    hostfwd_command(mon, arg, true);
}

void hmp_hostfwd_remove(Monitor *mon, const char *arg)
{
    hostfwd_command(mon, arg, false);
}

void hmp_set_link(Monitor *mon, const char *arg)
{
    char name[128], state[8], extra;
    NetClientState *nc;
    bool up;

    if (sscanf(arg, "%127s %7s %c", name, state, &extra) != 2 || !qemu_parse_bool(state, &up)) {
        monitor_printf(mon, "usage: set_link name on|off\n");
        return;
    }
    nc = qemu_find_net_client(name);
    if (!nc) {
        monitor_printf(mon, "Device '%s' not found\n", name);
        return;
    }
    qemu_set_link(nc, up);
}
