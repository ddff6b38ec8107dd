/*
 * The socket backend: a TCP or Unix stream socket, as a server (listen,
 * serve one client at a time, accept the next when it leaves) or a client
 * (connect at start-up). While nobody is connected output is dropped, as
 * on a serial line with no cable. A server with wait=on (the default, as
 * QEMU) blocks start-up until the first client comes.
 */
#include "qemu/osdep.h"
#include "qemu/option.h"
#include "qemu/main-loop.h"
#include "chardev/char.h"
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

typedef struct SocketState {
    int listen_fd;          /* server: the listening socket; client: -1 */
    int conn_fd;            /* the peer; -1: nobody connected */
    char *unix_path;        /* a Unix server's socket file, removed at exit */
    char *desc;             /* "tcp:HOST:PORT" or "unix:PATH", for messages */
    bool nodelay;
} SocketState;

static void socket_connected(Chardev *chr, int fd)
{
    SocketState *s = chr->opaque;
    int one = 1;

    fcntl(fd, F_SETFD, FD_CLOEXEC);
    if (s->nodelay) {
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    }
    s->conn_fd = fd;
    chr->fd_out = fd;
    qemu_chr_set_fd_in(chr, fd);
    qemu_chr_be_event(chr, CHR_EVENT_OPENED);
}

static void socket_disconnected(Chardev *chr)
{
    SocketState *s = chr->opaque;

    if (s->conn_fd < 0) {
        return;
    }
    qemu_chr_set_fd_in(chr, -1);
    close(s->conn_fd);
    s->conn_fd = chr->fd_out = -1;
    chr->out_len = 0;      /* nobody to send what is left to */
    qemu_chr_be_event(chr, CHR_EVENT_CLOSED);
}

static void socket_accept(void *opaque)
{
    Chardev *chr = opaque;
    SocketState *s = chr->opaque;
    int fd = accept(s->listen_fd, NULL, NULL);

    if (fd >= 0) {
        socket_connected(chr, fd);
    }
}

static bool socket_can_accept(void *opaque)
{
    Chardev *chr = opaque;
    SocketState *s = chr->opaque;
    /* one client at a time; the next one waits in the backlog */
    return s->conn_fd < 0;
}

static int unix_address(struct sockaddr_un *sun, const char *path, char **errp)
{
    memset(sun, 0, sizeof(*sun));
    sun->sun_family = AF_UNIX;
    if (strlen(path) >= sizeof(sun->sun_path)) {
        error_setg(errp, "UNIX socket path '%s' is too long", path);
        return -1;
    }
    strcpy(sun->sun_path, path);
    return 0;
}

static int unix_socket_open(SocketState *s, const char *path, bool server, char **errp)
{
    struct sockaddr_un sun;
    int fd;

    if (unix_address(&sun, path, errp) < 0) {
        return -1;
    }
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error_setg(errp, "Failed to create socket: %s", strerror(errno));
        return -1;
    }
    if (server) {
        /* a socket file left by an earlier run would make bind fail */
        unlink(path);
        if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0 || listen(fd, 1) < 0) {
            error_setg(errp, "Failed to bind socket to %s: %s", path, strerror(errno));
            close(fd);
            return -1;
        }
        s->unix_path = qemu_strdup(path);
    } else if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
        error_setg(errp, "Failed to connect to '%s': %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

static int tcp_socket_open(const char *host, const char *port, bool server, char **errp)
{
    struct addrinfo hints = {
        .ai_family = AF_UNSPEC,
        .ai_socktype = SOCK_STREAM,
        .ai_flags = server ? AI_PASSIVE : 0,
    };
    struct addrinfo *res;
    int err, fd = -1, saved_errno = 0;

    err = getaddrinfo(*host ? host : NULL, port, &hints, &res);
    if (err) {
        error_setg(errp, "address resolution failed for %s:%s: %s", host, port,
                   gai_strerror(err));
        return -1;
    }
    for (struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next) {
        int one = 1;

        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0) {
            saved_errno = errno;
            continue;
        }
        if (server) {
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
            if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 1) == 0) {
                break;
            }
        } else if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
            break;
        }
        saved_errno = errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        error_setg(errp, "Failed to %s '%s:%s': %s", server ? "bind socket to" : "connect to",
                   host, port, strerror(saved_errno));
    }
    return fd;
}

static bool socket_open(Chardev *chr, QemuOpts *opts, char **errp)
{
    const char *path = qemu_opt_get(opts, "path");
    const char *host = qemu_opt_get(opts, "host");
    const char *port = qemu_opt_get(opts, "port");
    bool server, wait, nowait, telnet;
    SocketState *s;
    int fd;

    if (!qemu_opt_get_bool(opts, "server", false, &server, errp) ||
        !qemu_opt_get_bool(opts, "wait", true, &wait, errp) ||
        /* the old spelling: tcp::4444,server,nowait */
        !qemu_opt_get_bool(opts, "nowait", false, &nowait, errp) ||
        !qemu_opt_get_bool(opts, "telnet", false, &telnet, errp)) {
        return false;
    }
    if (telnet) {
        error_setg(errp, "chardev: socket: telnet=on is not supported");
        return false;
    }
    if (!path == !port) {
        error_setg(errp, "chardev: socket: give either path= (Unix) or port= (TCP)");
        return false;
    }
    s = qemu_mallocz(sizeof(*s));
    s->listen_fd = s->conn_fd = -1;
    if (!qemu_opt_get_bool(opts, "nodelay", false, &s->nodelay, errp)) {
        free(s);
        return false;
    }
    if (path) {
        fd = unix_socket_open(s, path, server, errp);
        if (asprintf(&s->desc, "unix:%s", path) < 0) {
            fatal("out of memory");
        }
    } else {
        /* an empty host: every interface for a server, this machine for a client */
        host = host && *host ? host : server ? "" : "localhost";
        fd = tcp_socket_open(host, port, server, errp);
        if (asprintf(&s->desc, "tcp:%s:%s", *host ? host : "0.0.0.0", port) < 0) {
            fatal("out of memory");
        }
    }
    if (fd < 0) {
        free(s->desc);
        free(s->unix_path);
        free(s);
        return false;
    }
    chr->opaque = s;
    chr->opened = false;
    if (!server) {
        socket_connected(chr, fd);
        return true;
    }
    s->listen_fd = fd;
    if (wait && !nowait) {
        struct pollfd p = { .fd = fd, .events = POLLIN };
        int conn = -1;
        fprintf(stderr, "QEMU waiting for connection on: disconnected:%s,server=on\n", s->desc);
        /* poll, unlike accept, returns on a signal (SIGINT, SIGTERM) despite SA_RESTART */
        if (poll(&p, 1, -1) == 1) {
            conn = accept(fd, NULL, NULL);
        }
        if (conn < 0) {
            error_setg(errp, "chardev: %s: no connection: %s", s->desc,
                       errno == EINTR ? "interrupted" : strerror(errno));
            return false;
        }
        socket_connected(chr, conn);
    }
    qemu_set_fd_handler(fd, socket_can_accept, socket_accept, chr);
    return true;
}

static int socket_write(Chardev *chr, const uint8_t *buf, int len)
{
    SocketState *s = chr->opaque;
    ssize_t n;

    if (s->conn_fd < 0) {
        return len;     /* nobody listens: dropped */
    }
    do {
        n = send(s->conn_fd, buf, len, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        /* the peer went away: what it would have got is dropped */
        socket_disconnected(chr);
        return len;
    }
    return n;
}

static int socket_read(Chardev *chr, uint8_t *buf, int len)
{
    SocketState *s = chr->opaque;
    ssize_t n;

    do {
        n = recv(s->conn_fd, buf, len, 0);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) {
        /* the client left; a server waits for the next */
        socket_disconnected(chr);
        return -1;
    }
    return n;
}

static void socket_close(Chardev *chr)
{
    SocketState *s = chr->opaque;

    if (s->conn_fd >= 0) {
        close(s->conn_fd);
    }
    if (s->listen_fd >= 0) {
        close(s->listen_fd);
    }
    if (s->unix_path) {
        unlink(s->unix_path);
    }
}

const ChardevClass char_socket_class = {
    .name = "socket",
    .help = "host=H,port=P | path=PATH [,server=on|off][,wait=on|off][,nodelay=on|off]:\n"
            "           a TCP or Unix stream socket, as client or server",
    .open = socket_open,
    .write = socket_write,
    .read = socket_read,
    .close = socket_close,
    .buffered = true,
};
