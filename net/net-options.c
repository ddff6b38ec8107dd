/*
 * The network command line: -netdev, -net (the legacy hub), -nic, the
 * filter-dump -object and the default NIC, turned into backends and NIC
 * devices after the board exists (NICs are -device PCI devices).
 */
#include "qemu/osdep.h"
#include "net/net-internal.h"
#include "hw/qdev.h"

#define NET_MAX_OPTIONS 64

typedef enum NetOptionKind { OPT_NETDEV, OPT_NET, OPT_NIC, OPT_OBJECT } NetOptionKind;

static struct {
    NetOptionKind kind;
    const char *arg;
} net_options[NET_MAX_OPTIONS];
static int nb_net_options;
static unsigned user_backends;      /* for made-up names: user.0, user.1 */

static const char *const option_names[] = {
    [OPT_NETDEV] = "netdev", [OPT_NET] = "net", [OPT_NIC] = "nic", [OPT_OBJECT] = "object",
};

static void QEMU_NORETURN QEMU_PRINTF(2, 3) net_option_error(int i, const char *fmt, ...)
{
    va_list ap;
    char *msg;

    va_start(ap, fmt);
    if (vasprintf(&msg, fmt, ap) < 0) {
        msg = NULL;
    }
    va_end(ap);
    if (i < 0) {
        fatal("the default NIC: %s", msg ? msg : "out of memory");
    }
    fatal("-%s %s: %s", option_names[net_options[i].kind], net_options[i].arg,
          msg ? msg : "out of memory");
}

static bool is_help(const char *s)
{
    return s && (!strcmp(s, "help") || !strcmp(s, "?"));
}

static void print_nic_models(void)
{
    printf("Available NIC models:\n");
    for (const char *const *m = (const char *const[]){ "e1000", "ne2k_pci",
                                                       "virtio-net-pci", NULL }; *m; m++) {
        const DeviceClass *cls = device_class_find(*m);
        if (cls) {
            printf("%s\n", *m);
        }
    }
}

static void net_add_option(NetOptionKind kind, const char *arg)
{
    if (nb_net_options == NET_MAX_OPTIONS) {
        fatal("-%s: too many network options (at most %d)", option_names[kind],
              NET_MAX_OPTIONS);
    }
    net_options[nb_net_options].kind = kind;
    net_options[nb_net_options++].arg = arg;
}

void net_option_netdev(const char *arg)
{
    if (is_help(arg)) {
        printf("Available netdev backend types:\n%s", net_slirp_available() ? "user\n" : "");
        exit(0);
    }
    net_add_option(OPT_NETDEV, arg);
}

void net_option_net(const char *arg)
{
    net_add_option(OPT_NET, arg);
}

void net_option_nic(const char *arg)
{
    net_add_option(OPT_NIC, arg);
}

void net_option_object(const char *arg)
{
    net_add_option(OPT_OBJECT, arg);
}

/* QEMU's names for -net nic,model= */
static const char *nic_model_device(const char *model)
{
    if (!strcmp(model, "virtio")) {
        return "virtio-net-pci";
    }
    if (!strcmp(model, "ne2k-pci")) {
        return "ne2k_pci";
    }
    return model;
}

static void create_nic(int i, const char *model, const char *netdev, const char *mac,
                       const char *id)
{
    const DeviceClass *cls;
    char spec[512];
    char *err = NULL;

    if (is_help(model)) {
        print_nic_models();
        exit(0);
    }
    model = nic_model_device(model);
    cls = device_class_find(model);
    if (!cls || cls->category != DEVICE_CATEGORY_NETWORK) {
        net_option_error(i, "unsupported NIC model '%s' (model=help lists them)", model);
    }
    snprintf(spec, sizeof(spec), "%s%s%s%s%s%s%s", model,
             netdev ? ",netdev=" : "", netdev ? netdev : "",
             mac ? ",mac=" : "", mac ? mac : "", id ? ",id=" : "", id ? id : "");
    if (!qdev_device_add(spec, &err)) {
        net_option_error(i, "%s", err);
    }
}

/* -netdev TYPE,id=ID,... */
static void init_netdev(int i, QemuOpts *opts)
{
    const char *type = qemu_opt_get(opts, "type");
    const char *id = qemu_opt_get(opts, "id");
    char *err = NULL;

    if (!type) {
        net_option_error(i, "a backend type is needed (-netdev help lists them)");
    }
    if (strcmp(type, "user")) {
        net_option_error(i, "unsupported backend type '%s' (-netdev help lists them)", type);
    }
    if (!id) {
        net_option_error(i, "Parameter 'id' is missing");
    }
    if (qemu_find_net_client(id)) {
        net_option_error(i, "Duplicate ID '%s' for netdev", id);
    }
    if (!net_slirp_init(opts, id, NULL, &err) || !qemu_opts_check_unused(opts, &err)) {
        net_option_error(i, "%s", err);
    }
}

static char *user_name(const char *given)
{
    char buf[32];

    if (given) {
        return qemu_strdup(given);
    }
    snprintf(buf, sizeof(buf), "user.%u", user_backends++);
    return qemu_strdup(buf);
}

/* -net nic,... / -net user,... / -net none: on hub 0, as QEMU's vlan 0 */
static void init_net(int i, QemuOpts *opts)
{
    const char *type = qemu_opt_get(opts, "type");
    const char *vlan = qemu_opt_get(opts, "vlan");
    char *err = NULL;

    if (vlan && strcmp(vlan, "0")) {
        net_option_error(i, "only vlan 0 (one hub) is supported");
    }
    if (!strcmp(type, "none")) {
        return;
    }
    if (!strcmp(type, "nic")) {
        const char *netdev = qemu_opt_get(opts, "netdev");
        const char *model = qemu_opt_get(opts, "model");
        const char *mac = qemu_opt_get(opts, "macaddr");
        const char *id = qemu_opt_get(opts, "id");
        const char *name = qemu_opt_get(opts, "name");
        NetClientState *port = NULL;

        if (!qemu_opts_check_unused(opts, &err)) {
            net_option_error(i, "%s", err);
        }
        if (!netdev) {
            port = net_hub_add_port(NULL, NULL);
            if (!port) {
                net_option_error(i, "the hub has no free port");
            }
            netdev = port->name;
        }
        create_nic(i, model ? model : "e1000", netdev, mac, id ? id : name);
        return;
    }
    if (!strcmp(type, "user")) {
        const char *given_name = qemu_opt_get(opts, "name");
        const char *given_id = qemu_opt_get(opts, "id");
        char *name = user_name(given_name ? given_name : given_id);
        NetClientState *user = net_slirp_init(opts, name, NULL, &err);

        free(name);
        if (!user || !qemu_opts_check_unused(opts, &err)) {
            net_option_error(i, "%s", err);
        }
        if (!net_hub_add_port(user, NULL)) {
            net_option_error(i, "the hub has no free port");
        }
        return;
    }
    net_option_error(i, "unsupported type '%s' (nic, user or none)", type);
}

/* -nic none / -nic user[,model=M][,mac=MAC][,user options] */
static void init_nic(int i, QemuOpts *opts)
{
    const char *type = qemu_opt_get(opts, "type");
    const char *model = qemu_opt_get(opts, "model");
    const char *mac = qemu_opt_get(opts, "mac");
    char *err = NULL;
    char *name;
    NetClientState *user;

    if (!strcmp(type, "none")) {
        return;
    }
    if (is_help(model)) {
        print_nic_models();
        exit(0);
    }
    if (strcmp(type, "user")) {
        net_option_error(i, "unsupported backend type '%s' (user or none)", type);
    }
    name = user_name(qemu_opt_get(opts, "id"));
    user = net_slirp_init(opts, name, NULL, &err);
    if (!user || !qemu_opts_check_unused(opts, &err)) {
        net_option_error(i, "%s", err);
    }
    create_nic(i, model ? model : "e1000", name, mac, NULL);
    free(name);
}

static void init_object(int i, QemuOpts *opts)
{
    const char *type = qemu_opt_get(opts, "qom-type");
    char *err = NULL;

    if (!type || strcmp(type, "filter-dump")) {
        net_option_error(i, "unsupported object type '%s' (only filter-dump)",
                         type ? type : "");
    }
    if (!qemu_opt_get(opts, "id")) {
        net_option_error(i, "Parameter 'id' is missing");
    }
    if (!net_filter_dump_add(opts, &err) || !qemu_opts_check_unused(opts, &err)) {
        net_option_error(i, "%s", err);
    }
}

static QemuOpts *parse(int i, const char *implied_key)
{
    char *err = NULL;
    QemuOpts *opts = qemu_opts_parse(net_options[i].arg, implied_key, &err);

    if (!opts) {
        net_option_error(i, "%s", err);
    }
    return opts;
}

void net_init(bool nodefaults)
{
    static const NetOptionKind order[] = { OPT_NETDEV, OPT_NET, OPT_NIC, OPT_OBJECT };
    static const char *const implied_key[] = {
        [OPT_NETDEV] = "type", [OPT_NET] = "type", [OPT_NIC] = "type",
        [OPT_OBJECT] = "qom-type",
    };
    static void (*const init[])(int, QemuOpts *) = {
        [OPT_NETDEV] = init_netdev, [OPT_NET] = init_net, [OPT_NIC] = init_nic,
        [OPT_OBJECT] = init_object,
    };

    atexit(net_cleanup);
    /* backends before the NICs that name them, filters on what exists */
    for (size_t k = 0; k < ARRAY_SIZE(order); k++) {
        for (int i = 0; i < nb_net_options; i++) {
            if (net_options[i].kind == order[k]) {
                QemuOpts *opts = parse(i, implied_key[order[k]]);
                init[order[k]](i, opts);
                qemu_opts_free(opts);
            }
        }
    }
    /* as QEMU on a PC: an e1000 on user networking unless told anything */
    if (!nodefaults && net_slirp_available()) {
        for (int i = 0; i < nb_net_options; i++) {
            if (net_options[i].kind != OPT_OBJECT) {
                return;
            }
        }
        if (!net_slirp_init(qemu_opts_new(), "user.0", NULL, NULL)) {
            fatal("cannot start the default user-mode network");
        }
        create_nic(-1, "e1000", "user.0", NULL, NULL);
    }
}
