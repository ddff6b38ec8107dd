/*
 * Networking: clients joined in pairs of peers. A NIC front end (e1000,
 * ne2k_pci, virtio-net) is one client, its backend (-netdev user, a hub
 * port) the other. A client sends a frame to its peer with
 * qemu_send_packet(); if the peer cannot take it now (its receive ring is
 * full) the frame waits in the peer's queue until the peer calls
 * qemu_flush_queued_packets() when it has room again.
 *
 * Everything runs on the main loop or the vCPU thread between two runs of
 * the main loop (never both at once), so there is no locking.
 */
#ifndef NET_NET_H
#define NET_NET_H

#include "qemu/osdep.h"
#include "qemu/errp.h"

typedef struct NetClientState NetClientState;
typedef struct NetFilter NetFilter;
typedef struct NetPacket NetPacket;

typedef enum NetClientKind {
    NET_CLIENT_NIC,
    NET_CLIENT_USER,
    NET_CLIENT_HUBPORT,
} NetClientKind;

typedef struct NetClientInfo {
    NetClientKind kind;
    const char *type;           /* "nic", "user", "hubport": for info network */
    size_t size;                /* of the struct that starts with NetClientState */
    /*
     * Take a frame; returns len when taken (or dropped on purpose) and 0
     * when there is no room now: the frame is then queued for later.
     */
    ssize_t (*receive)(NetClientState *nc, const uint8_t *buf, size_t len);
    /* room for a frame now? NULL: always */
    bool (*can_receive)(NetClientState *nc);
    /* nc->link_down changed (set_link) */
    void (*link_status_changed)(NetClientState *nc);
    /* before the client is freed (at exit) */
    void (*cleanup)(NetClientState *nc);
} NetClientInfo;

struct NetClientState {
    const NetClientInfo *info;
    char *name;                 /* the id: -netdev id=, -device id= or a made-up one */
    char *model;                /* "e1000", "user", "hub0port1"... */
    char info_str[256];         /* what info network says about it */
    NetClientState *peer;
    void *opaque;               /* a NIC's device */
    bool link_down;
    bool receive_disabled;      /* the last frame found no room: queue until a flush */
    bool delivering;            /* in its receive (a NIC's DMA may land in its own registers) */
    NetPacket *queue_head, **queue_tail;
    unsigned queue_len;
    NetFilter *filters;         /* -object filter-dump,netdev=... */
    NetClientState *next;       /* every client, in creation order */
};

/* A MAC address as the mac= property gives it. */
typedef struct MACAddr {
    uint8_t a[6];
} MACAddr;

/*
 * Create a client of info->size bytes (zeroed, the NetClientState first),
 * joined to peer when peer is not NULL (both become each other's peer).
 */
NetClientState *qemu_new_net_client(const NetClientInfo *info, NetClientState *peer,
                                    const char *model, const char *name);
/* the backend or hub port called id (NULL if none) */
NetClientState *qemu_find_netdev(const char *id);
/* the first client whose name is id (NICs too: set_link takes either) */
NetClientState *qemu_find_net_client(const char *id);
/* every client, for info network and the like */
NetClientState *qemu_net_clients(void);

/*
 * Hand a frame to nc's peer (dropped when either link is down or there is
 * no peer). Filters on both sides see it.
 */
void qemu_send_packet(NetClientState *nc, const uint8_t *buf, size_t len);
/* nc has room again: deliver the frames queued for it, in order */
void qemu_flush_queued_packets(NetClientState *nc);
/* drop the frames queued for nc (a NIC reset) */
void qemu_purge_queued_packets(NetClientState *nc);

/* the link of a client and its peer (set_link) */
void qemu_set_link(NetClientState *nc, bool up);

/* "52:54:00:12:34:56"; false if malformed */
bool net_parse_macaddr(MACAddr *mac, const char *str);
/*
 * The NIC's MAC: mac= when given, else QEMU's 52:54:00:12:34:56 with the
 * last byte counting up per NIC made.
 */
bool net_nic_macaddr(MACAddr *mac, const char *prop, char **errp);
void net_format_macaddr(char *buf, size_t size, const MACAddr *mac);

/* Ends the clients (slirp, pcap files) at exit. */
void net_cleanup(void);

/* The command line (vl.c): -netdev, -net, -nic, -object filter-dump. */
void net_option_netdev(const char *arg);
void net_option_net(const char *arg);
void net_option_nic(const char *arg);
void net_option_object(const char *arg);
/*
 * After the board (NICs go on its PCI bus), before -device (whose NICs
 * name backends): create what the options say, or the default NIC unless
 * nodefaults. Exits with a message naming the option on a bad one.
 */
void net_init(bool nodefaults);

#endif
