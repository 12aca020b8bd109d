#!/usr/bin/env python3
"""Stand-ins for Envoy, pilot-agent and an application, driven by the kernel recorder.

One process per stand-in. The recorder starts it inside a pod's network namespace (already
running as the right uid/gid, e.g. through `setpriv --reuid=1337`), passes its configuration as
JSON in argv[1], and talks to it over stdin/stdout with one JSON object per line:

  stdin  <- {"req": 7, "op": "connect", "cid": "c02", "dst": "10.96.0.50:9080"}
  stdout -> {"seq": 12, "process": "app", "ev": "reply", "req": 7, "ok": true, "local": "...", "peer": "..."}
  stdin  <- {"req": 8, "op": "request", "cid": "c02", "request": "GET /c02 HTTP/1.1 ..."}

Every observation (listening, accepted with SO_ORIGINAL_DST, upstream connected, closed) is an
event line on stdout; the recorder stores them verbatim. Nothing here prints timestamps so the log
only varies by the kernel-chosen ports.

Listener kinds:
  respond   answer the request itself (app, Envoy admin/stats/health, pilot-agent).
  outbound  Envoy's virtualOutbound (15001): read SO_ORIGINAL_DST, pick the endpoint for that
            destination (a ClusterIP maps to a pod; anything else is passthrough to the original
            destination) and open the upstream connection as this process's uid (1337), like
            Envoy's ORIGINAL_DST/EDS clusters. Like Envoy's HTTP connection manager, the upstream
            is opened only once the first request has arrived.
  inbound   Envoy's virtualInbound (15006): read SO_ORIGINAL_DST and connect to that original
            destination (pod IP:port) from source 127.0.0.6, like InboundPassthroughCluster
            (upstream_bind_config 127.0.0.6), so nat ISTIO_OUTPUT rule 1 lets it through.
A request whose original destination is one of Envoy's own capture ports (15001/15006) is answered
by the stand-in itself ("loop guard"); real Envoy's handling of that case is not modelled.
"""
import errno
import json
import selectors
import socket
import struct
import sys
import threading

SO_ORIGINAL_DST = 80  # linux/netfilter_ipv4.h; same value as IP6T_SO_ORIGINAL_DST
IP_TRANSPARENT = 19  # linux/in.h
IP_BIND_ADDRESS_NO_PORT = 24  # linux/in.h; Envoy sets it when binding an upstream source address
IO_TIMEOUT = 10.0

CONFIG = json.loads(sys.argv[1])
NAME = CONFIG["name"]

_out_lock = threading.Lock()
_seq = 0


def emit(event):
    global _seq
    with _out_lock:
        _seq += 1
        line = json.dumps({"seq": _seq, "process": NAME, **event}, separators=(",", ":"))
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def fmt(sockaddr):
    host, port = sockaddr[0], sockaddr[1]
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def parse_addr(text):
    host, _, port = text.rpartition(":")
    return host.strip("[]"), int(port)


def err_name(exc):
    return errno.errorcode.get(exc.errno, str(exc.errno)) if exc.errno else type(exc).__name__


def original_dst(sock):
    """getsockopt(SOL_IP, SO_ORIGINAL_DST): the conntrack original-direction destination."""
    try:
        raw = sock.getsockopt(socket.SOL_IP, SO_ORIGINAL_DST, 16)
    except OSError as exc:
        return {"error": err_name(exc)}
    port = struct.unpack("!H", raw[2:4])[0]
    return f"{socket.inet_ntoa(raw[4:8])}:{port}"


def read_message(sock):
    """Read one HTTP/1.1-style message (headers plus Content-Length body); None on EOF."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            return None if not data else data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        key, _, value = line.partition(b":")
        if key.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = sock.recv(4096)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def cid_of(message):
    first = message.split(b"\r\n", 1)[0].decode("latin-1")
    parts = first.split(" ")
    return parts[1].lstrip("/") if len(parts) >= 2 else "?"


def response_for(text):
    body = (text + "\n").encode()
    return b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)


def wait_eof(sock):
    try:
        while sock.recv(4096):
            pass
    except OSError:
        pass


class Tracker:
    """Counts open sockets per connection id so the recorder can wait for a clean close."""

    def __init__(self):
        self.cond = threading.Condition()
        self.open = {}

    def add(self, cid):
        with self.cond:
            self.open[cid] = self.open.get(cid, 0) + 1

    def done(self, cid):
        with self.cond:
            self.open[cid] -= 1
            self.cond.notify_all()

    def wait_closed(self, cid, timeout):
        with self.cond:
            return self.cond.wait_for(lambda: self.open.get(cid, 0) == 0, timeout)


TRACKER = Tracker()


def close_socket(sock, cid, role, listener=None):
    sock.close()
    event = {"ev": "closed", "cid": cid, "socket": role}
    if listener:
        event["listener"] = listener
    emit(event)
    TRACKER.done(cid)


def serve(listener, conn, peer):
    name = listener["name"]
    conn.settimeout(None)
    message = read_message(conn)
    if message is None:
        conn.close()
        emit({"ev": "accepted-without-request", "listener": name, "peer": fmt(peer)})
        return
    cid = cid_of(message)
    TRACKER.add(cid)
    odst = original_dst(conn)
    emit({"ev": "accepted", "listener": name, "cid": cid, "local": fmt(conn.getsockname()),
          "peer": fmt(peer), "originalDst": odst, "requestBytes": len(message)})
    kind = listener["kind"]
    own = CONFIG.get("ownCapturePorts", [])
    if kind == "respond" or (isinstance(odst, str) and parse_addr(odst)[1] in own):
        note = "" if kind == "respond" else " (loop guard)"
        reply = response_for(f"served-by={NAME} listener={name}{note}")
        conn.sendall(reply)
        emit({"ev": "responded", "listener": name, "cid": cid, "loopGuard": kind != "respond",
              "responseBytes": len(reply)})
        wait_eof(conn)
        close_socket(conn, cid, "accepted", name)
        return
    relay(listener, conn, cid, odst, message)


def relay(listener, conn, cid, odst, message):
    name = listener["name"]
    if not isinstance(odst, str):
        conn.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n")
        emit({"ev": "no-original-dst", "listener": name, "cid": cid})
        wait_eof(conn)
        close_socket(conn, cid, "accepted", name)
        return
    if listener["kind"] == "outbound":
        target, bind = CONFIG.get("endpoints", {}).get(odst, odst), None
        how = "outbound passthrough" if target == odst else "outbound endpoint of " + odst
    else:
        target, bind, how = odst, CONFIG["inboundSource"], "inbound passthrough"
    up = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    up.settimeout(IO_TIMEOUT)
    if bind:
        up.setsockopt(socket.SOL_IP, IP_BIND_ADDRESS_NO_PORT, 1)
        up.bind((bind, 0))
    TRACKER.add(cid)
    try:
        up.connect(parse_addr(target))
    except OSError as exc:
        emit({"ev": "upstream-failed", "listener": name, "cid": cid, "target": target,
              "error": err_name(exc)})
        up.close()
        TRACKER.done(cid)
        conn.close()
        TRACKER.done(cid)
        return
    emit({"ev": "upstream-connected", "listener": name, "cid": cid, "how": how,
          "bind": f"{bind}:0" if bind else None, "local": fmt(up.getsockname()),
          "peer": fmt(up.getpeername())})
    up.sendall(message)
    reply = read_message(up) or b""
    conn.sendall(reply)
    emit({"ev": "relayed", "listener": name, "cid": cid, "responseBytes": len(reply)})
    up.settimeout(None)
    wait_eof(conn)  # the downstream client closes first; then Envoy closes the upstream side
    close_socket(up, cid, "upstream", name)
    close_socket(conn, cid, "accepted", name)


def open_listener(listener):
    family = socket.AF_INET6 if listener.get("family") == 6 else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if family == socket.AF_INET6:
        sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1 if listener.get("v6only") else 0)
    if listener.get("transparent"):
        sock.setsockopt(socket.SOL_IP, IP_TRANSPARENT, 1)
    sock.bind((listener["addr"], listener["port"]))
    sock.listen(listener.get("backlog", 128))
    emit({"ev": "listening", "listener": listener["name"], "local": fmt(sock.getsockname()),
          "transparent": bool(listener.get("transparent")), "backlog": listener.get("backlog", 128)})
    return sock


def accept_loop(listeners):
    """One thread accepts for every listener, like Envoy's event loop.

    Blocking accept() in a thread per listener would not do: Linux reserves the new fd number
    when accept() starts waiting, so idle listeners would hold fd numbers and the numbers that
    `ss -p` shows would depend on thread timing.
    """
    selector = selectors.DefaultSelector()
    for listener, sock in listeners:
        sock.setblocking(False)
        selector.register(sock, selectors.EVENT_READ, listener)
    while True:
        for key, _ in selector.select():
            try:
                conn, peer = key.fileobj.accept()
            except BlockingIOError:
                continue
            conn.setblocking(True)
            # The recorder waits for this event before the client sends its request, so the
            # kernel always ACKs the request from an accepted socket that has a file (and an
            # owner for `-m owner`), never from a child socket still in the accept queue.
            emit({"ev": "tcp-accept", "listener": key.data["name"], "local": fmt(conn.getsockname()),
                  "peer": fmt(peer)})
            threading.Thread(target=serve, args=(key.data, conn, peer), daemon=True).start()


CLIENTS = {}


def connect(cmd):
    cid = cmd["cid"]
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(IO_TIMEOUT)
    try:
        sock.connect(parse_addr(cmd["dst"]))
    except OSError as exc:
        sock.close()
        return {"ok": False, "error": err_name(exc)}
    TRACKER.add(cid)
    CLIENTS[cid] = sock
    local, peer = fmt(sock.getsockname()), fmt(sock.getpeername())
    emit({"ev": "dialed", "cid": cid, "local": local, "peer": peer})
    return {"ok": True, "local": local, "peer": peer}


def request(cmd):
    cid = cmd["cid"]
    sock = CLIENTS[cid]
    data = cmd["request"].encode()
    sock.sendall(data)
    reply = read_message(sock)
    text = reply.decode("latin-1") if reply else None
    emit({"ev": "response", "cid": cid, "responseBytes": len(reply or b""), "response": text})
    return {"ok": reply is not None, "requestBytes": len(data), "response": text}


def handle(cmd):
    op = cmd.get("op")
    if op == "connect":
        return connect(cmd)
    if op == "request":
        return request(cmd)
    if op == "close":
        sock = CLIENTS.pop(cmd["cid"])
        close_socket(sock, cmd["cid"], "client")
        return {"ok": True}
    if op == "wait-closed":
        return {"ok": TRACKER.wait_closed(cmd["cid"], cmd.get("timeout", 5.0))}
    if op == "ping":
        return {"ok": True}
    return {"ok": False, "error": f"unknown op {op!r}"}


def main():
    import os
    status = dict(line.split(":", 1) for line in open("/proc/self/status").read().splitlines()
                  if ":" in line)
    emit({"ev": "started", "pid": os.getpid(), "uid": os.getuid(), "gid": os.getgid(),
          "groups": os.getgroups(), "comm": open("/proc/self/comm").read().strip(),
          "capEff": status.get("CapEff", "").strip()})
    # All listening sockets first, the thread after: a new thread's first malloc may make glibc
    # open /sys/devices/system/cpu/online for a moment, which would shift the next fd number.
    listeners = [(listener, open_listener(listener)) for listener in CONFIG.get("listeners", [])]
    threading.Thread(target=accept_loop, args=(listeners,), daemon=True).start()
    emit({"ev": "ready"})
    for line in sys.stdin:
        if not line.strip():
            continue
        cmd = json.loads(line)
        if cmd.get("op") == "exit":
            break
        try:
            result = handle(cmd)
        except Exception as exc:  # reported to the recorder, which fails the run
            result = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
        emit({"ev": "reply", "req": cmd.get("req"), "op": cmd.get("op"), **result})
    emit({"ev": "exiting"})
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
