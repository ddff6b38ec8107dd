"""What the network test (net-test.py) and the network bench (net_bench.py)
share: the guest's kernel modules and udhcpc script, and the host's side
(an HTTP server on the loopback, free ports for hostfwd)."""

import contextlib
import http.server
import socket
import threading

MODULES = ["e1000", "ne2k-pci", "virtio_net", "virtio_pci"]

UDHCPC_SCRIPT = b"""#!/bin/sh
# udhcpc's event script: the lease's address, a default route when there
# is none yet (a second NIC only gets its subnet), the DNS servers
case "$1" in
deconfig) ip addr flush dev "$interface"; ip link set "$interface" up ;;
bound|renew)
    ip addr flush dev "$interface"
    ip addr add "$ip/${mask:-24}" dev "$interface"
    if [ -n "$router" ] && ! ip route | grep -q '^default'; then
        ip route add default via "${router%% *}" dev "$interface"
    fi
    if [ "$interface" = eth0 ]; then
        : > /etc/resolv.conf
        for d in $dns; do echo "nameserver $d" >> /etc/resolv.conf; done
    fi
    ;;
esac
exit 0
"""


class FileServer:
    """An HTTP server on 127.0.0.1 serving files from memory, counting requests."""

    def __init__(self, files):
        self.files = files
        self.requests = 0
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests += 1
                data = server.files.get(self.path.lstrip("/"))
                if data is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def free_port():
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
