/*
 * -object filter-dump,id=ID,netdev=NETDEV,file=PATH[,maxlen=BYTES]: every
 * frame the backend sends or receives goes into a pcap file (libpcap's
 * classic format, Ethernet link type) that Wireshark and tcpdump read.
 * Records are written as they come, so the file is whole even if the
 * emulator is killed.
 */
#include "qemu/osdep.h"
#include "net/net-internal.h"
#include <fcntl.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <unistd.h>

#define PCAP_MAGIC          0xa1b2c3d4
#define PCAP_LINKTYPE_ETHERNET 1
#define DUMP_DEFAULT_MAXLEN 65536

struct pcap_file_header {
    uint32_t magic;
    uint16_t version_major, version_minor;
    int32_t thiszone;
    uint32_t sigfigs, snaplen, linktype;
};

struct pcap_record_header {
    uint32_t ts_sec, ts_usec, incl_len, orig_len;
};

typedef struct DumpFilter {
    NetFilter filter;
    int fd;
    uint32_t maxlen;
    char *path;
} DumpFilter;

static void dump_packet(NetFilter *f, const uint8_t *buf, size_t len)
{
    DumpFilter *d = container_of(f, DumpFilter, filter);
    struct timeval tv;
    struct pcap_record_header h;
    struct iovec iov[2];

    if (d->fd < 0) {
        return;
    }
    gettimeofday(&tv, NULL);
    h.ts_sec = tv.tv_sec;
    h.ts_usec = tv.tv_usec;
    h.orig_len = len;
    h.incl_len = MIN(len, d->maxlen);
    iov[0] = (struct iovec){ &h, sizeof(h) };
    iov[1] = (struct iovec){ (void *)buf, h.incl_len };
    if (writev(d->fd, iov, 2) != (ssize_t)(sizeof(h) + h.incl_len)) {
        error_report("filter-dump: cannot write to %s: %s; no more packets are dumped",
                     d->path, strerror(errno));
        close(d->fd);
        d->fd = -1;
    }
}

static void dump_cleanup(NetFilter *f)
{
    DumpFilter *d = container_of(f, DumpFilter, filter);

    if (d->fd >= 0) {
        close(d->fd);
    }
    free(d->path);
    free(d);
}

bool net_filter_dump_add(QemuOpts *opts, char **errp)
{
    const char *netdev = qemu_opt_get(opts, "netdev");
    const char *file = qemu_opt_get(opts, "file");
    const char *maxlen = qemu_opt_get(opts, "maxlen");
    uint64_t snaplen = DUMP_DEFAULT_MAXLEN;
    struct pcap_file_header h;
    NetClientState *nc;
    DumpFilter *d;
    int fd;

    qemu_opt_get(opts, "id");
    qemu_opt_get(opts, "queue");    /* QEMU's default, all, is what is done */
    if (!netdev || !file) {
        error_setg(errp, "filter-dump needs netdev= and file=");
        return false;
    }
    nc = qemu_find_netdev(netdev);
    if (!nc) {
        error_setg(errp, "netdev '%s' not found", netdev);
        return false;
    }
    if (maxlen && (!qemu_strtou64(maxlen, &snaplen) || snaplen == 0 || snaplen > UINT32_MAX)) {
        error_setg(errp, "maxlen=%s: want a positive number of bytes", maxlen);
        return false;
    }
    fd = open(file, O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        error_setg(errp, "cannot open %s: %s", file, strerror(errno));
        return false;
    }
    h = (struct pcap_file_header){
        .magic = PCAP_MAGIC, .version_major = 2, .version_minor = 4,
        .snaplen = snaplen, .linktype = PCAP_LINKTYPE_ETHERNET,
    };
    if (write(fd, &h, sizeof(h)) != sizeof(h)) {
        error_setg(errp, "cannot write to %s: %s", file, strerror(errno));
        close(fd);
        return false;
    }
    d = qemu_mallocz(sizeof(*d));
    d->filter.packet = dump_packet;
    d->filter.cleanup = dump_cleanup;
    d->fd = fd;
    d->maxlen = snaplen;
    d->path = qemu_strdup(file);
    net_client_add_filter(nc, &d->filter);
    return true;
}
