#!/usr/bin/env python3
"""slow_clients.py: slow HTTP clients (slowloris) for the lasearch-serve tests.

    slow_clients.py HOST PORT SOURCE COUNT INTERVAL ROUNDS READY

Opens COUNT connections to HOST:PORT from the local address SOURCE (a
loopback address such as 127.0.0.2, so the server sees another client),
sends the start of a request line, then one more byte of a header on each
open connection every INTERVAL seconds, ROUNDS times. After opening them it
writes "opened N" to the file READY. At the end it prints one line:

    opened N refused R closed-by-server C still-open S

"refused": the connection failed or was closed before any byte was sent
back (the server's per-address limit); "closed-by-server": it was closed
while trickling (the server's request deadline). Bounded: it runs about
INTERVAL * ROUNDS seconds.
"""
import socket
import sys
import time


def is_closed(s):
    """True if the server has closed s (end of stream or reset)."""
    try:
        return s.recv(1, socket.MSG_DONTWAIT | socket.MSG_PEEK) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


def open_all(host, port, source, count):
    socks, refused = [], 0
    for _ in range(count):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.settimeout(5)
        try:
            s.bind((source, 0))
            s.connect((host, port))
            s.sendall(b"GET / HTTP/1.1\r\nX-Slow: ")
            s.setblocking(False)   # is_closed only peeks
            socks.append(s)
        except OSError:
            refused += 1
            s.close()
    # A connection over the server's per-address limit is accepted and
    # closed at once: give the server a moment, then count those.
    time.sleep(0.5)
    kept = []
    for s in socks:
        if is_closed(s):
            refused += 1
            s.close()
        else:
            kept.append(s)
    return kept, refused


def main():
    host, port, source = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    count, interval, rounds = int(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
    ready = sys.argv[7]
    socks, refused = open_all(host, port, source, count)
    with open(ready, "w") as f:
        f.write("opened %d\n" % len(socks))
    closed = 0
    for _ in range(rounds):
        if not socks:
            break
        time.sleep(interval)
        still = []
        for s in socks:
            try:
                if is_closed(s):
                    raise OSError
                s.send(b"x")
                still.append(s)
            except OSError:
                closed += 1
                s.close()
        socks = still
    print("opened %d refused %d closed-by-server %d still-open %d"
          % (count - refused, refused, closed, len(socks)))
    for s in socks:
        s.close()


if __name__ == "__main__":
    main()
