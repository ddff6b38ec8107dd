/*
 * -netdev user: user-mode networking on libslirp. The guest's frames go
 * into slirp_input(); slirp's own sockets are watched through a main loop
 * poll hook, and what it sends back reaches the NIC as frames. Options:
 * net=, host=, dns=, dhcpstart=, hostfwd= (several), restrict=, hostname=,
 * domainname=, ipv4=, ipv6=, tftp=, bootfile=.
 */
#include "qemu/osdep.h"
#include "net/net-internal.h"

#ifdef CONFIG_SLIRP
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include <libslirp.h>
#include <poll.h>

typedef struct SlirpState {
    NetClientState nc;
    Slirp *slirp;
    char *hostname, *domainname, *tftp, *bootfile;
} SlirpState;

typedef struct SlirpTimer {
    QEMUTimer timer;
    SlirpState *s;
    SlirpTimerId id;
    void *cb_opaque;
} SlirpTimer;

bool net_slirp_available(void)
{
    return true;
}

/* ---- frames ---- */

static ssize_t slirp_receive(NetClientState *nc, const uint8_t *buf, size_t len)
{
    SlirpState *s = container_of(nc, SlirpState, nc);

    slirp_input(s->slirp, buf, len);
    /*
     * slirp writes what the guest sent to its host sockets from its poll:
     * have the main loop run it as soon as the CPU leaves this instruction
     * rather than at the next timer (this runs on the vCPU thread, inside
     * the guest's register write)
     */
    qemu_cpu_kick();
    return len;
}

static ssize_t slirp_send_packet(const void *buf, size_t len, void *opaque)
{
    SlirpState *s = opaque;

    qemu_send_packet(&s->nc, buf, len);
    return len;
}

/* ---- libslirp's callbacks ---- */

static void slirp_guest_error(const char *msg, void *opaque)
{
    qemu_log_mask(LOG_GUEST_ERROR, "slirp: %s\n", msg);
}

static int64_t slirp_clock_get_ns(void *opaque)
{
    return qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
}

static void slirp_timer_expired(void *opaque)
{
    SlirpTimer *t = opaque;

    slirp_handle_timer(t->s->slirp, t->id, t->cb_opaque);
}

static void *slirp_timer_new_opaque(SlirpTimerId id, void *cb_opaque, void *opaque)
{
    SlirpTimer *t = qemu_mallocz(sizeof(*t));

    t->s = opaque;
    t->id = id;
    t->cb_opaque = cb_opaque;
    timer_init_full(&t->timer, QEMU_CLOCK_VIRTUAL, SCALE_MS, slirp_timer_expired, t);
    return t;
}

static void slirp_timer_free(void *timer, void *opaque)
{
    SlirpTimer *t = timer;

    timer_del(&t->timer);
    free(t);
}

static void slirp_timer_mod(void *timer, int64_t expire_ms, void *opaque)
{
    timer_mod(&((SlirpTimer *)timer)->timer, expire_ms);
}

/* Windows needs descriptors registered; poll() here needs nothing. */
static void slirp_poll_fd_unused(int fd, void *opaque)
{
}

static void slirp_notify(void *opaque)
{
    qemu_notify_event();
}

static const SlirpCb slirp_callbacks = {
    .send_packet = slirp_send_packet,
    .guest_error = slirp_guest_error,
    .clock_get_ns = slirp_clock_get_ns,
    .timer_free = slirp_timer_free,
    .timer_mod = slirp_timer_mod,
    .register_poll_fd = slirp_poll_fd_unused,
    .unregister_poll_fd = slirp_poll_fd_unused,
    .notify = slirp_notify,
    .timer_new_opaque = slirp_timer_new_opaque,
};

/* ---- the main loop's poll hook ---- */

static int slirp_add_poll(int fd, int events, void *opaque)
{
    short e = 0;

    e |= events & SLIRP_POLL_IN ? POLLIN : 0;
    e |= events & SLIRP_POLL_OUT ? POLLOUT : 0;
    e |= events & SLIRP_POLL_PRI ? POLLPRI : 0;
    return main_loop_poll_add(opaque, fd, e);
}

static int slirp_get_revents(int idx, void *opaque)
{
    short r = main_loop_poll_revents(opaque, idx);
    int events = 0;

    events |= r & POLLIN ? SLIRP_POLL_IN : 0;
    events |= r & POLLOUT ? SLIRP_POLL_OUT : 0;
    events |= r & POLLPRI ? SLIRP_POLL_PRI : 0;
    events |= r & POLLERR ? SLIRP_POLL_ERR : 0;
    events |= r & POLLHUP ? SLIRP_POLL_HUP : 0;
    return events;
}

static void slirp_poll_fill(void *opaque, MainLoopPoll *poll, int64_t *timeout_ns)
{
    SlirpState *s = opaque;
    uint32_t timeout_ms = UINT32_MAX;
    int64_t ns;

    slirp_pollfds_fill(s->slirp, &timeout_ms, slirp_add_poll, poll);
    /* slirp's TCP timers (delayed ACKs, retransmits) run from its poll */
    ns = (int64_t)timeout_ms * SCALE_MS;
    if (timeout_ms != UINT32_MAX && (*timeout_ns < 0 || ns < *timeout_ns)) {
        *timeout_ns = ns;
    }
}

static void slirp_poll_dispatch(void *opaque, MainLoopPoll *poll)
{
    SlirpState *s = opaque;

    slirp_pollfds_poll(s->slirp, 0, slirp_get_revents, poll);
}

/* ---- options ---- */

/* "a.b.c.d[/bits]" or "a.b.c.d/mask" */
static bool parse_net(const char *str, struct in_addr *addr, struct in_addr *mask)
{
    char buf[64];
    char *slash;

    snprintf(buf, sizeof(buf), "%s", str);
    slash = strchr(buf, '/');
    if (slash) {
        *slash++ = 0;
    }
    if (!inet_aton(buf, addr)) {
        return false;
    }
    if (!slash) {
        /* a bare address: its class's mask, as QEMU */
        uint32_t a = ntohl(addr->s_addr);
        uint32_t m = (a >> 31) == 0 ? 0xff000000 : (a >> 30) == 2 ? 0xffff0000 : 0xffffff00;
        mask->s_addr = htonl(m);
    } else if (strchr(slash, '.')) {
        if (!inet_aton(slash, mask)) {
            return false;
        }
    } else {
        char *end;
        long bits = strtol(slash, &end, 10);
        if (*end || end == slash || bits < 0 || bits > 32) {
            return false;
        }
        mask->s_addr = htonl(bits ? 0xffffffffu << (32 - bits) : 0);
    }
    addr->s_addr &= mask->s_addr;
    return true;
}

static bool parse_addr_opt(QemuOpts *opts, const char *name, struct in_addr *addr,
                           char **errp)
{
    const char *v = qemu_opt_get(opts, name);

    if (v && !inet_aton(v, addr)) {
        error_setg(errp, "%s=%s: not an IPv4 address", name, v);
        return false;
    }
    return true;
}

/*
 * "tcp|udp:[hostaddr]:hostport-[guestaddr]:guestport" (add) or
 * "tcp|udp:[hostaddr]:hostport" (remove): the parts, false if malformed.
 */
static bool parse_hostfwd(const char *rule, bool with_guest, bool *is_udp,
                          struct in_addr *host_addr, int *host_port,
                          struct in_addr *guest_addr, int *guest_port)
{
    char buf[256], *p, *q, *end;
    long port;

    snprintf(buf, sizeof(buf), "%s", rule);
    p = buf;
    *is_udp = false;
    if (!strncmp(p, "tcp:", 4)) {
        p += 4;
    } else if (!strncmp(p, "udp:", 4)) {
        *is_udp = true;
        p += 4;
    } else if (*p != ':') {
        return false;
    } else {
        p++;    /* ":hostport-..." : tcp, as QEMU */
    }
    /* host address, then its port */
    q = strchr(p, ':');
    if (!q) {
        return false;
    }
    *q++ = 0;
    host_addr->s_addr = INADDR_ANY;
    if (*p && !inet_aton(p, host_addr)) {
        return false;
    }
    port = strtol(q, &end, 10);
    if (end == q || port < 0 || port > 65535) {
        return false;
    }
    *host_port = port;
    if (!with_guest) {
        return *end == 0;
    }
    if (*end != '-') {
        return false;
    }
    p = end + 1;
    q = strchr(p, ':');
    if (!q) {
        return false;
    }
    *q++ = 0;
    guest_addr->s_addr = 0;
    if (*p && !inet_aton(p, guest_addr)) {
        return false;
    }
    port = strtol(q, &end, 10);
    if (end == q || *end || port < 1 || port > 65535) {
        return false;
    }
    *guest_port = port;
    return true;
}

static bool slirp_hostfwd(SlirpState *s, const char *rule, char **errp)
{
    struct in_addr host_addr, guest_addr;
    int host_port, guest_port;
    bool is_udp;

    if (!parse_hostfwd(rule, true, &is_udp, &host_addr, &host_port, &guest_addr,
                       &guest_port)) {
        error_setg(errp, "invalid host forwarding rule '%s' "
                   "(want tcp|udp:[hostaddr]:hostport-[guestaddr]:guestport)", rule);
        return false;
    }
    if (slirp_add_hostfwd(s->slirp, is_udp, host_addr, host_port, guest_addr,
                          guest_port) < 0) {
        error_setg(errp, "could not set up host forwarding rule '%s': %s", rule,
                   strerror(errno));
        return false;
    }
    return true;
}

bool net_slirp_hostfwd_add(NetClientState *nc, const char *rule, char **errp)
{
    return slirp_hostfwd(container_of(nc, SlirpState, nc), rule, errp);
}

bool net_slirp_hostfwd_remove(NetClientState *nc, const char *rule, char **errp)
{
    SlirpState *s = container_of(nc, SlirpState, nc);
    struct in_addr host_addr, unused_addr;
    int host_port, unused_port;
    bool is_udp;

    if (!parse_hostfwd(rule, false, &is_udp, &host_addr, &host_port, &unused_addr,
                       &unused_port)) {
        error_setg(errp, "invalid format '%s' (want tcp|udp:[hostaddr]:hostport)", rule);
        return false;
    }
    if (slirp_remove_hostfwd(s->slirp, is_udp, host_addr, host_port) < 0) {
        error_setg(errp, "host forwarding rule for %s not found", rule);
        return false;
    }
    return true;
}

char *net_slirp_connection_info(NetClientState *nc)
{
    return slirp_connection_info(container_of(nc, SlirpState, nc)->slirp);
}

static void slirp_cleanup_client(NetClientState *nc)
{
    SlirpState *s = container_of(nc, SlirpState, nc);

    slirp_cleanup(s->slirp);
    free(s->hostname);
    free(s->domainname);
    free(s->tftp);
    free(s->bootfile);
}

static const NetClientInfo net_slirp_info = {
    .kind = NET_CLIENT_USER,
    .type = "user",
    .size = sizeof(SlirpState),
    .receive = slirp_receive,
    .cleanup = slirp_cleanup_client,
};

static char *opt_strdup(QemuOpts *opts, const char *name)
{
    const char *v = qemu_opt_get(opts, name);
    return v ? qemu_strdup(v) : NULL;
}

NetClientState *net_slirp_init(QemuOpts *opts, const char *name, NetClientState *peer,
                               char **errp)
{
    SlirpConfig cfg = {
        .version = 4,
        .in_enabled = true,
        .vnetwork.s_addr = htonl(0x0a000200),       /* 10.0.2.0/24 */
        .vnetmask.s_addr = htonl(0xffffff00),
    };
    bool restricted = false, ipv4 = true, ipv6 = true;
    const char *net = qemu_opt_get(opts, "net");
    uint32_t host_part;
    SlirpState *s;

    if (!qemu_opt_get_bool(opts, "restrict", false, &restricted, errp) ||
        !qemu_opt_get_bool(opts, "ipv4", true, &ipv4, errp) ||
        !qemu_opt_get_bool(opts, "ipv6", true, &ipv6, errp)) {
        return NULL;
    }
    if (!ipv4 && !ipv6) {
        error_setg(errp, "IPv4 and IPv6 cannot both be disabled");
        return NULL;
    }
    if (net && !parse_net(net, &cfg.vnetwork, &cfg.vnetmask)) {
        error_setg(errp, "net=%s: want an address with an optional /bits or /mask", net);
        return NULL;
    }
    /* the defaults keep their place in the network: host .2, DNS .3, DHCP .15 */
    cfg.vhost.s_addr = cfg.vnetwork.s_addr | htonl(2);
    cfg.vnameserver.s_addr = cfg.vnetwork.s_addr | htonl(3);
    cfg.vdhcp_start.s_addr = cfg.vnetwork.s_addr | htonl(15);
    if (!parse_addr_opt(opts, "host", &cfg.vhost, errp) ||
        !parse_addr_opt(opts, "dns", &cfg.vnameserver, errp) ||
        !parse_addr_opt(opts, "dhcpstart", &cfg.vdhcp_start, errp)) {
        return NULL;
    }
    host_part = ~ntohl(cfg.vnetmask.s_addr);
    if ((cfg.vhost.s_addr & cfg.vnetmask.s_addr) != cfg.vnetwork.s_addr ||
        (ntohl(cfg.vhost.s_addr) & host_part) == 0 ||
        (ntohl(cfg.vhost.s_addr) & host_part) == host_part) {
        error_setg(errp, "host=%s is not a host address of the guest's network",
                   inet_ntoa(cfg.vhost));
        return NULL;
    }
    if ((cfg.vnameserver.s_addr & cfg.vnetmask.s_addr) != cfg.vnetwork.s_addr ||
        cfg.vnameserver.s_addr == cfg.vhost.s_addr) {
        error_setg(errp, "dns=%s must be in the guest's network and not the host's address",
                   inet_ntoa(cfg.vnameserver));
        return NULL;
    }
    if ((cfg.vdhcp_start.s_addr & cfg.vnetmask.s_addr) != cfg.vnetwork.s_addr ||
        cfg.vdhcp_start.s_addr == cfg.vhost.s_addr ||
        cfg.vdhcp_start.s_addr == cfg.vnameserver.s_addr) {
        error_setg(errp, "dhcpstart=%s must be in the guest's network, away from host and dns",
                   inet_ntoa(cfg.vdhcp_start));
        return NULL;
    }
    cfg.restricted = restricted;
    cfg.in_enabled = ipv4;
    cfg.in6_enabled = ipv6;
    if (ipv6) {
        inet_pton(AF_INET6, "fec0::", &cfg.vprefix_addr6);
        cfg.vprefix_len = 64;
        inet_pton(AF_INET6, "fec0::2", &cfg.vhost6);
        inet_pton(AF_INET6, "fec0::3", &cfg.vnameserver6);
    }

    s = (SlirpState *)qemu_new_net_client(&net_slirp_info, peer, "user", name);
    s->hostname = opt_strdup(opts, "hostname");
    s->domainname = opt_strdup(opts, "domainname");
    s->tftp = opt_strdup(opts, "tftp");
    s->bootfile = opt_strdup(opts, "bootfile");
    cfg.vhostname = s->hostname;
    cfg.vdomainname = s->domainname;
    cfg.tftp_path = s->tftp;
    cfg.bootfile = s->bootfile;
    s->slirp = slirp_new(&cfg, &slirp_callbacks, s);
    if (!s->slirp) {
        error_setg(errp, "libslirp could not start");
        return NULL;
    }
    main_loop_add_poll_hook(slirp_poll_fill, slirp_poll_dispatch, s);

    for (int i = 0; i < opts->nb; i++) {
        if (!strcmp(opts->opt[i].name, "hostfwd")) {
            opts->opt[i].used = true;
            if (!slirp_hostfwd(s, opts->opt[i].value, errp)) {
                return NULL;
            }
        }
    }
    snprintf(s->nc.info_str, sizeof(s->nc.info_str), "net=%s,restrict=%s",
             inet_ntoa(cfg.vnetwork), restricted ? "on" : "off");
    return &s->nc;
}

#else   /* !CONFIG_SLIRP */

bool net_slirp_available(void)
{
    return false;
}

NetClientState *net_slirp_init(QemuOpts *opts, const char *name, NetClientState *peer,
                               char **errp)
{
    error_setg(errp, "user-mode networking was not built in (libslirp was not found)");
    return NULL;
}

bool net_slirp_hostfwd_add(NetClientState *nc, const char *rule, char **errp)
{
    error_setg(errp, "user-mode networking was not built in");
    return false;
}

bool net_slirp_hostfwd_remove(NetClientState *nc, const char *rule, char **errp)
{
    error_setg(errp, "user-mode networking was not built in");
    return false;
}

char *net_slirp_connection_info(NetClientState *nc)
{
    return qemu_strdup("");
}

#endif
