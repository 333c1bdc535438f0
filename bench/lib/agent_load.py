#!/usr/bin/env python3
"""Load for bench/agent-load.sh, against an hwnas agent on loopback (standard library only).

  agent_load.py slow URL TOKEN_FILE [SLOW=16] [PROBES=5]
      SLOW connections send a request head one byte a second (and one more reconnects whenever it is cut off); once
      they are all held, PROBES authorised GET /health, one a second, each timed. Prints JSON.
  agent_load.py measure URL TOKEN_FILE MODEL COUNT [BAD_EVERY=1]
      COUNT authorised measurements of MODEL back to back, a bad request (no token, wrong token, oversized,
      malformed, chunked, abandoned head; in turn) after every BAD_EVERY-th; meanwhile GET /health every 100 ms,
      timed. Prints JSON: statuses by kind, /health p50/p99/max, measurement p50.
"""
import http.client
import json
import socket
import statistics
import sys
import threading
import time
from urllib.parse import urlparse

PLAN = "/measure?warmup=1&min_runs=3&max_runs=3&max_time_ms=5000&name=load"


def status_of(answer):
    line = answer.split(b"\r\n", 1)[0].split(b" ")
    return int(line[1]) if len(line) > 1 and line[0].startswith(b"HTTP/") and line[1].isdigit() else 0


def raw(host, port, data, timeout=30):
    """Sends raw bytes, half-closes, reads to the end: the status (0 if none) and whether it ended in a reset."""
    with socket.create_connection((host, port), timeout=timeout) as s:
        try:
            s.sendall(data)
            s.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        got, reset = b"", False
        try:
            while True:
                b = s.recv(65536)
                if not b:
                    break
                got += b
        except ConnectionResetError:
            reset = True
        return status_of(got), reset


def health(host, port, token, timeout=30):
    start = time.perf_counter()
    c = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        c.request("GET", "/health", headers={"Authorization": "Bearer " + token})
        r = c.getresponse()
        r.read()
        return r.status, time.perf_counter() - start
    finally:
        c.close()


def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))] if xs else float("nan")


def slow(host, port, token, count, probes):
    head = b"GET /health HTTP/1.1\r\nHost: agent\r\nX-Slow: "
    conns = [socket.create_connection((host, port)) for _ in range(count)]
    sent = [0] * (count + 1)
    stop = threading.Event()
    cut = [0]
    conns.append(socket.create_connection((host, port)))  # the reconnecting one

    def trickle():
        while not stop.is_set():
            for i, s in enumerate(conns):
                try:
                    s.send(head[sent[i]:sent[i] + 1] if sent[i] < len(head) else b"z")
                    sent[i] += 1
                except OSError:
                    cut[0] += 1
                    s.close()
                    conns[i] = socket.create_connection((host, port))
                    sent[i] = 0
            stop.wait(1.0)

    t = threading.Thread(target=trickle, daemon=True)
    t.start()
    time.sleep(3.5)  # every slow connection has sent 3 or 4 bytes: all held by the agent
    times = []
    for _ in range(probes):
        st, secs = health(host, port, token, timeout=60)
        times.append({"status": st, "seconds": round(secs, 4)})
        time.sleep(1.0)
    stop.set()
    t.join()
    for s in conns:
        s.close()
    return {"slow_connections": count, "reconnecting": 1, "bytes_per_second_each": 1, "probes": times,
            "max_seconds": max(p["seconds"] for p in times), "cut_off_meanwhile": cut[0]}


def bad_requests(host, port, token):
    wrong = "x" * len(token)
    return [
        ("no_token", b"POST " + PLAN.encode() + b" HTTP/1.1\r\nContent-Length: 5\r\n\r\nabcde"),
        ("wrong_token", ("GET /health HTTP/1.1\r\nAuthorization: Bearer " + wrong + "\r\n\r\n").encode()),
        ("oversized", ("POST /measure HTTP/1.1\r\nAuthorization: Bearer " + token
                       + "\r\nContent-Length: 1000000000000\r\n\r\n").encode() + b"\0" * 4096),
        ("malformed", b"GET  /health HTTP/1.1\r\n\x01\x02\r\n\r\n"),
        ("chunked", ("POST /measure HTTP/1.1\r\nAuthorization: Bearer " + token
                     + "\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\n0\r\n\r\n").encode()),
        ("abandoned_head", b"POST /measure HTTP/1.1\r\nAuthor"),
    ]


def measure(host, port, token, model, count, bad_every):
    body = open(model, "rb").read()
    bad = bad_requests(host, port, token)
    stop = threading.Event()
    health_times, health_bad = [], [0]

    def poll():
        while not stop.is_set():
            st, secs = health(host, port, token)
            if st == 200:
                health_times.append(secs)
            else:
                health_bad[0] += 1
            stop.wait(0.1)

    t = threading.Thread(target=poll, daemon=True)
    t.start()
    statuses, resets, measure_times = {}, 0, []
    start = time.perf_counter()
    for i in range(count):
        m0 = time.perf_counter()
        c = http.client.HTTPConnection(host, port, timeout=120)
        try:
            c.request("POST", PLAN, body=body, headers={"Authorization": "Bearer " + token})
            r = c.getresponse()
            r.read()
            st = r.status
        except OSError:
            st, resets = 0, resets + 1
        finally:
            c.close()
        measure_times.append(time.perf_counter() - m0)
        statuses.setdefault("measure", {}).setdefault(str(st), 0)
        statuses["measure"][str(st)] += 1
        if (i + 1) % bad_every == 0:
            kind, data = bad[(i // bad_every) % len(bad)]
            st, reset = raw(host, port, data)
            resets += reset
            statuses.setdefault(kind, {}).setdefault(str(st), 0)
            statuses[kind][str(st)] += 1
    wall = time.perf_counter() - start
    stop.set()
    t.join()
    return {"measurements": count, "wall_seconds": round(wall, 1), "statuses": statuses, "resets": resets,
            "measure_p50_ms": round(1000 * statistics.median(measure_times), 1),
            "health_probes": len(health_times), "health_not_200": health_bad[0],
            "health_p50_ms": round(1000 * pct(health_times, 0.5), 2),
            "health_p99_ms": round(1000 * pct(health_times, 0.99), 2),
            "health_max_ms": round(1000 * max(health_times), 2)}


def main(argv):
    mode, url, token_file = argv[1], urlparse(argv[2]), argv[3]
    token = open(token_file).read().strip()
    if mode == "slow":
        out = slow(url.hostname, url.port, token, int(argv[4]) if len(argv) > 4 else 16,
                   int(argv[5]) if len(argv) > 5 else 5)
    else:
        out = measure(url.hostname, url.port, token, argv[4], int(argv[5]), int(argv[6]) if len(argv) > 6 else 1)
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv)
