#!/usr/bin/env python3
"""Loopback benchmark: `aura edge` vs nginx serving the same bytes.

Driven by bench/edge/run.sh (which installs nginx + wrk, builds the edge if
needed, creates the temp dir and traps cleanup). Everything here is printed,
never asserted. Standard library only.

Cells (each round runs every cell once, in a per-round shuffled order):
  nginx               static file, sendfile, open_file_cache
  edge hot public     bytes in the edge's memory cache (warmed first)
  edge hot private    same, private image + signed ?token=
  edge miss public    a second edge with [cache] max_bytes = 0 (every read
                      goes to the local store; the page cache stays warm)
  edge xform unsigned /P/w=320/NAME on the public image (variant cache)
  edge xform signed   /P/w=320/NAME?token= on the private image
Then: N uploads of the 500 KB file (distinct bytes each) vs `cp`.
"""

import argparse
import base64
import hashlib
import hmac
import http.client
import json
import math
import os
import platform
import random
import re
import resource
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time

PROJECT = "bench"
SIZES = {"50K": 50 * 1024, "500K": 500 * 1024}
CONCURRENCY = (16, 64)
CLK_TCK = os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------- helpers

def log(msg):
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def sign(payload: dict, secret: str) -> str:
    """The AuraImage envelope: b64url(json) "." b64url(HMAC-SHA256(secret, b64url(json)))."""
    body = b64u(json.dumps(payload, separators=(",", ":")).encode())
    mac = hmac.new(secret.encode(), body.encode(), hashlib.sha256).digest()
    return body + "." + b64u(mac)


def upload_token(secret, name, max_size, visibility="public"):
    now = int(time.time())
    payload = {
        "projectName": PROJECT,
        "maxSize": max_size,
        "allowedTypes": ["image/*"],
        "iat": now,
        "exp": now + 3600,
        "name": name,
        "overwrite": True,
    }
    if visibility != "public":
        payload["visibility"] = visibility
    return sign(payload, secret)


def serve_token(secret, name, lifetime=86400):
    return sign({"p": PROJECT, "f": name, "exp": int(time.time()) + lifetime}, secret)


def pad_jpeg(base: bytes, target: int, tag: bytes = b"") -> bytes:
    """A valid JPEG of exactly `target` bytes: COM (FFFE) segments after SOI."""
    assert base[:2] == b"\xff\xd8", "base is not a JPEG"
    need = target - len(base)
    if need <= 0:
        raise ValueError(f"base image ({len(base)} B) is larger than {target} B")
    if need < 4:
        raise ValueError("cannot pad by fewer than 4 bytes")
    max_seg = 2 + 65535  # marker + length field counts itself + data
    n = math.ceil(need / max_seg)
    sizes = [need // n] * n
    for i in range(need - sum(sizes)):
        sizes[i] += 1
    filler = b"aura edge benchmark padding. "
    segs = []
    for i, s in enumerate(sizes):
        data_len = s - 4
        data = (tag if i == 0 else b"") + filler * (data_len // len(filler) + 1)
        data = data[:data_len]
        segs.append(b"\xff\xfe" + (data_len + 2).to_bytes(2, "big") + data)
    out = base[:2] + b"".join(segs) + base[2:]
    assert len(out) == target
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, proc, what, timeout=20.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode} before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{what} did not listen on {port} within {timeout}s")


def http_get(port, path, timeout=30):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        r = conn.getresponse()
        return r.status, r.read(), dict(r.getheaders())
    finally:
        conn.close()


def proc_ticks(pid):
    """(utime, stime) of a process (all its threads, live and exited), in ticks."""
    with open(f"/proc/{pid}/stat") as f:
        rest = f.read().rsplit(")", 1)[1].split()
    return int(rest[11]), int(rest[12])


def children(pid):
    out = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                rest = f.read().rsplit(")", 1)[1].split()
            if int(rest[1]) == pid:
                out.append(int(d))
        except OSError:
            pass
    return out


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def geomean(xs):
    xs = [x for x in xs if x and x > 0]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else float("nan")


def fmt_ratio(x):
    return "   n/a" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:5.2f}x"


# ---------------------------------------------------------------- servers

class Server:
    def __init__(self, name, argv, port, registry, env=None, cwd=None, pidfile_dir=None):
        self.name, self.port = name, port
        self.log_path = os.path.join(pidfile_dir, f"{name}.log")
        logf = open(self.log_path, "wb")
        # Own session: a terminal Ctrl-C reaches us, and we stop them in order.
        self.proc = subprocess.Popen(argv, stdout=logf, stderr=subprocess.STDOUT,
                                     env=env, cwd=cwd, start_new_session=True)
        logf.close()
        with open(os.path.join(pidfile_dir, "pids"), "a") as f:
            f.write(f"{self.proc.pid}\n")
        registry.append(self)  # stopped by main()'s finally even if it never listens
        wait_port(port, self.proc, name)

    def pids(self):
        return [self.proc.pid] + children(self.proc.pid)

    def ticks(self):
        """(user, system) CPU ticks of the server (nginx: master + workers)."""
        u = s = 0
        for p in self.pids():
            try:
                pu, ps = proc_ticks(p)
                u, s = u + pu, s + ps
            except OSError:
                pass
        return u, s

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.proc.wait(5)

    def log_tail(self, n=20):
        try:
            with open(self.log_path, "rb") as f:
                return b"\n".join(f.read().splitlines()[-n:]).decode(errors="replace")
        except OSError:
            return ""


def edge_config(port, data, upload_secret, serve_secret, cache_bytes=None):
    q = lambda s: json.dumps(str(s))  # TOML basic strings accept JSON escapes
    text = (
        f"listen = {q(f'127.0.0.1:{port}')}\n\n"
        f"[storage]\nkind = \"local\"\npath = {q(data)}\n\n"
        f"[[projects]]\nname = {q(PROJECT)}\nsecret_keys = [{q(upload_secret)}]\n"
        f"serve_secrets = [{q(serve_secret)}]\n"
    )
    if cache_bytes is not None:
        text += f"\n[cache]\nmax_bytes = {cache_bytes}\nmax_object_bytes = {cache_bytes}\n"
    return text


def nginx_config(tmp, port, root):
    ng = os.path.join(tmp, "nginx")
    user = "user root root;\n" if os.geteuid() == 0 else ""
    return f"""{user}worker_processes 2;
daemon off;
master_process on;
pid {ng}/nginx.pid;
error_log {ng}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_requests 1000000;
    keepalive_timeout 65;
    open_file_cache max=1000 inactive=60s;
    open_file_cache_valid 60s;
    default_type image/jpeg;
    client_body_temp_path {ng}/body;
    proxy_temp_path {ng}/proxy;
    fastcgi_temp_path {ng}/fastcgi;
    uwsgi_temp_path {ng}/uwsgi;
    scgi_temp_path {ng}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        location / {{ }}
    }}
}}
"""


# ---------------------------------------------------------------- wrk

UNIT = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def parse_latency(s):
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", s)
    return float(m.group(1)) * UNIT[m.group(2)] if m else None


def run_wrk(url, conns, seconds):
    argv = ["wrk", "-t2", f"-c{conns}", f"-d{seconds}s", "--latency", "--timeout", "5s", url]
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 60)
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = p.stdout
    res = {"rc": p.returncode, "wrk_cpu_s": round((ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime), 3)}
    m = re.search(r"(\d+) requests in ([\d.]+)(\w+),", out)
    res["requests"] = int(m.group(1)) if m else 0
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    res["rps"] = float(m.group(1)) if m else 0.0
    m = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    res["p99_ms"] = parse_latency(m.group(1)) if m else None
    m = re.search(r"^\s+50%\s+(\S+)", out, re.M)
    res["p50_ms"] = parse_latency(m.group(1)) if m else None
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    res["non2xx"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    res["sock_errors"] = sum(int(x) for x in m.groups()) if m else 0
    if res["requests"] == 0:
        res["raw"] = out + p.stderr
    return res


# ---------------------------------------------------------------- uploads

def multipart(data: bytes, filename: str):
    boundary = "----aurabench" + secrets.token_hex(8)
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n"
            f"Content-Type: image/jpeg\r\n\r\n").encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def upload(conn, token, data, filename="bench.jpg"):
    body, ctype = multipart(data, filename)
    conn.request("POST", "/v1/upload", body=body,
                 headers={"X-Aura-Signature": token, "Content-Type": ctype})
    r = conn.getresponse()
    text = r.read()
    return r.status, text


def upload_all(port, secret, files, names):
    """names: {(size, vis): name}; uploads each file under each name."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        for (size, vis), name in names.items():
            tok = upload_token(secret, name, 10 * 1024 * 1024, vis)
            st, text = upload(conn, tok, files[size])
            if st != 201:
                raise RuntimeError(f"upload {name} -> {st} {text[:300]!r}")
            j = json.loads(text)
            if j.get("width", 0) <= 0 or j.get("size") != len(files[size]) or j.get("visibility") != vis:
                raise RuntimeError(f"upload {name}: unexpected answer {j}")
    finally:
        conn.close()


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tmp", required=True)
    ap.add_argument("--aura", required=True)
    ap.add_argument("--base", required=True, help="a JPEG smaller than 50 KB to pad")
    ap.add_argument("--out", required=True)
    ap.add_argument("--quick", action="store_true", help="1 round of 2 s per cell")
    ap.add_argument("--rounds", type=int)
    ap.add_argument("--duration", type=int)
    ap.add_argument("--uploads", type=int)
    ap.add_argument("--budget", type=int, default=720, help="hard cap on the measuring phase, seconds")
    args = ap.parse_args()
    rounds = args.rounds or (1 if args.quick else 3)
    dur = args.duration or (2 if args.quick else 5)
    n_uploads = args.uploads or (10 if args.quick else 40)
    tmp = args.tmp
    t_start = time.time()

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    servers = []
    try:
        return run(args, tmp, rounds, dur, n_uploads, servers, t_start)
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    finally:
        for s in servers:
            s.stop()


def run(args, tmp, rounds, dur, n_uploads, servers, t_start):
    # Files: the same bytes for nginx and the edge.
    base = open(args.base, "rb").read()
    files = {k: pad_jpeg(base, n) for k, n in SIZES.items()}
    www = os.path.join(tmp, "www")
    os.makedirs(os.path.join(www, PROJECT), exist_ok=True)
    names = {}
    for size in SIZES:
        for vis in ("public", "private"):
            names[(size, vis)] = f"{'pub' if vis == 'public' else 'priv'}{size.lower()}"
    for (size, vis), name in names.items():
        with open(os.path.join(www, PROJECT, name), "wb") as f:
            f.write(files[size])
    for d, _, fs in os.walk(tmp):
        os.chmod(d, 0o755)
        for f in fs:
            os.chmod(os.path.join(d, f), 0o644)

    upload_secret = "sk_live_" + secrets.token_hex(24)
    serve_secret = "psk_live_" + secrets.token_hex(24)
    env = dict(os.environ, RUST_LOG="warn")

    # Edge instances: default cache ("hot") and max_bytes = 0 ("miss").
    edges = {}
    for kind, cache in (("hot", None), ("miss", 0)):
        d = os.path.join(tmp, f"edge-{kind}")
        os.makedirs(os.path.join(d, "data"), exist_ok=True)
        port = free_port()
        cfg = os.path.join(d, "aura.toml")
        with open(cfg, "w") as f:
            f.write(edge_config(port, os.path.join(d, "data"), upload_secret, serve_secret, cache))
        s = Server(f"edge-{kind}", [args.aura, "edge", "--config", cfg], port, servers, env=env, pidfile_dir=tmp)
        edges[kind] = s
        upload_all(port, upload_secret, files, names)

    ng_dir = os.path.join(tmp, "nginx")
    os.makedirs(ng_dir, exist_ok=True)
    ng_port = free_port()
    with open(os.path.join(ng_dir, "nginx.conf"), "w") as f:
        f.write(nginx_config(tmp, ng_port, www))
    nginx = Server("nginx", ["nginx", "-p", ng_dir + "/", "-c", os.path.join(ng_dir, "nginx.conf"),
                             "-e", os.path.join(ng_dir, "error.log")], ng_port, servers, pidfile_dir=tmp)
    time.sleep(0.3)  # workers up

    # Cells.
    tokens = {name: serve_token(serve_secret, name) for (size, vis), name in names.items() if vis == "private"}
    cells = []  # (id, group, size, conc, server, path)

    def path_for(size, vis, transform=None):
        name = names[(size, vis)]
        t = f"{transform}/" if transform else ""
        q = f"?token={tokens[name]}" if vis == "private" else ""
        return f"/{PROJECT}/{t}{name}{q}"

    for size in SIZES:
        for c in CONCURRENCY:
            cells.append((f"nginx {size} c{c}", "nginx", size, c, nginx, f"/{PROJECT}/{names[(size, 'public')]}"))
            cells.append((f"edge hot public {size} c{c}", "hot-public", size, c, edges["hot"], path_for(size, "public")))
            cells.append((f"edge hot private {size} c{c}", "hot-private", size, c, edges["hot"], path_for(size, "private")))
            cells.append((f"edge miss public {size} c{c}", "miss-public", size, c, edges["miss"], path_for(size, "public")))
    for c in CONCURRENCY:
        cells.append((f"edge w=320 unsigned c{c}", "xform-unsigned", "50K", c, edges["hot"], path_for("50K", "public", "w=320")))
        cells.append((f"edge w=320 signed c{c}", "xform-signed", "50K", c, edges["hot"], path_for("50K", "private", "w=320")))

    # Sanity: every URL answers 200 with the expected bytes; the private one
    # refuses a missing token. These requests also warm the hot caches.
    checks = {}
    for cid, group, size, c, srv, path in cells:
        key = (srv.name, path)
        if key in checks:
            continue
        st, body, hdrs = http_get(srv.port, path)
        if st != 200:
            raise RuntimeError(f"{cid}: GET {path.split('?')[0]} -> {st} {body[:200]!r}")
        if not group.startswith("xform") and body != files[size]:
            raise RuntimeError(f"{cid}: body differs from the file ({len(body)} B)")
        checks[key] = (len(body), hdrs.get("Content-Type") or hdrs.get("content-type"))
    st, body, _ = http_get(edges["hot"].port, f"/{PROJECT}/{names[('50K', 'private')]}")
    if st != 403:
        log(f"warning: private image without a token answered {st}, expected 403")
    xform_len = checks[(edges["hot"].name, path_for("50K", "public", "w=320"))][0]

    host = platform.uname()
    cpu_model = ""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    wrk_ver = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("\n")[0].strip()
    ng_ver = subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr.strip()
    print(f"aura edge vs nginx — loopback, {host.node}, {os.cpu_count()} cores ({cpu_model}), kernel {host.release}")
    print(f"NOTE: servers and the load generator (wrk -t2) share these {os.cpu_count()} cores; "
          f"numbers are indicative, printed never asserted.")
    print(f"{rounds} interleaved round(s) x {len(cells)} cells x {dur}s; files {', '.join(f'{k}={v} B' for k, v in SIZES.items())} "
          f"(same bytes on both servers); w=320 variant {xform_len} B")
    load0 = os.getloadavg()
    print(f"load average at start: {load0[0]:.2f} {load0[1]:.2f} {load0[2]:.2f}"
          + ("  (other work is running: expect noise)" if load0[0] > 0.5 else ""))
    print(f"{wrk_ver}; {ng_ver} (2 workers, sendfile, open_file_cache); edge RUST_LOG=warn, "
          f"miss = 2nd edge with [cache] max_bytes = 0")
    print(flush=True)

    # Warm-up: 1 s of load per distinct URL (connection setup, caches, page cache).
    seen = set()
    for cid, group, size, c, srv, path in cells:
        if (srv.name, path) in seen:
            continue
        seen.add((srv.name, path))
        run_wrk(f"http://127.0.0.1:{srv.port}{path}", 16, 1)

    results = {cid: [] for cid, *_ in cells}
    budget_end = time.time() + args.budget
    stopped_early = False
    for r in range(rounds):
        order = list(cells)
        random.Random(1000 + r).shuffle(order)
        log(f"round {r + 1}/{rounds} ({len(order)} cells x {dur}s)")
        for cid, group, size, c, srv, path in order:
            if time.time() > budget_end:
                stopped_early = True
                break
            if not srv.alive():
                raise RuntimeError(f"{srv.name} died:\n{srv.log_tail()}")
            t0 = srv.ticks()
            res = run_wrk(f"http://127.0.0.1:{srv.port}{path}", c, dur)
            t1 = srv.ticks()
            du, ds = t1[0] - t0[0], t1[1] - t0[1]
            res["server_cpu_s"] = (du + ds) / CLK_TCK
            res["server_sys_share"] = ds / (du + ds) if du + ds else None
            res["cpu_us_per_req"] = (du + ds) / CLK_TCK * 1e6 / res["requests"] if res["requests"] else None
            res["round"] = r + 1
            results[cid].append(res)
            if res["requests"] == 0:
                log(f"{cid}: wrk made no requests: {res.get('raw', '')[:400]}")
        if stopped_early:
            log("time budget reached; stopping the rounds early")
            break

    # Medians.
    med = {}
    for cid, group, size, c, srv, path in cells:
        rs = results[cid]
        if not rs:
            continue
        rps = [x["rps"] for x in rs]
        p99 = [x["p99_ms"] for x in rs if x["p99_ms"] is not None]
        cpu = [x["cpu_us_per_req"] for x in rs if x["cpu_us_per_req"] is not None]
        sysf = [x["server_sys_share"] for x in rs if x.get("server_sys_share") is not None]
        med[cid] = {
            "group": group, "size": size, "conc": c,
            "rps": statistics.median(rps),
            "rps_spread": (max(rps) - min(rps)) / statistics.median(rps) if len(rps) > 1 and statistics.median(rps) else None,
            "p99_ms": statistics.median(p99) if p99 else None,
            "cpu_us_per_req": statistics.median(cpu) if cpu else None,
            "sys_share": statistics.median(sysf) if sysf else None,
            "non2xx": sum(x["non2xx"] for x in rs),
            "sock_errors": sum(x["sock_errors"] for x in rs),
            "rounds": len(rs),
        }
    for cid, m in med.items():
        ref = med.get(f"nginx {m['size']} c{m['conc']}")
        if m["group"] in ("hot-public", "hot-private", "miss-public") and ref:
            m["vs_nginx_rps"] = m["rps"] / ref["rps"] if ref["rps"] else None
            m["vs_nginx_p99"] = m["p99_ms"] / ref["p99_ms"] if ref["p99_ms"] and m["p99_ms"] else None

    # Table.
    hdr = f"{'cell':<28} {'req/s':>9} {'spread':>7} {'p99 ms':>8} {'CPU us/req':>10} {'sys%':>5} {'vs nginx req/s':>14} {'vs nginx p99':>12} {'errors':>7}"
    print(hdr)
    print("-" * len(hdr))
    last_block = None
    for cid, group, size, c, srv, path in cells:
        m = med.get(cid)
        if not m:
            continue
        block = (size, c) if not group.startswith("xform") else "xform"
        if last_block is not None and block != last_block:
            print()
        last_block = block
        errs = m["non2xx"] + m["sock_errors"]
        p99 = f"{m['p99_ms']:8.2f}" if m["p99_ms"] is not None else "     n/a"
        cpu = f"{m['cpu_us_per_req']:10.1f}" if m["cpu_us_per_req"] is not None else "       n/a"
        spread = f"{m['rps_spread'] * 100:6.1f}%" if m["rps_spread"] is not None else "-"
        sysp = f"{m['sys_share'] * 100:4.0f}%" if m.get("sys_share") is not None else "-"
        vr = fmt_ratio(m.get("vs_nginx_rps")) if "vs_nginx_rps" in m else "     -"
        vp = fmt_ratio(m.get("vs_nginx_p99")) if "vs_nginx_p99" in m else "     -"
        print(f"{cid:<28} {m['rps']:9.0f} {spread:>7} {p99} {cpu} {sysp:>5} {vr:>14} {vp:>12} {errs:>7}")
    print("(medians over rounds; spread = (max-min)/median of req/s; CPU = server utime+stime "
          "from /proc per request, nginx = master + workers; sys% = kernel share of that CPU; errors = non-2xx + socket errors, all rounds)")
    print()

    # Summary.
    def g(group, key):
        return [m[key] for m in med.values() if m["group"] == group and m.get(key)]

    summary = {}
    hot = [m for m in med.values() if m["group"] in ("hot-public", "hot-private")]
    hot_rps = geomean([m["vs_nginx_rps"] for m in hot if m.get("vs_nginx_rps")])
    hot_p99 = geomean([m["vs_nginx_p99"] for m in hot if m.get("vs_nginx_p99")])
    below = [cid for cid, m in med.items() if m["group"] in ("hot-public", "hot-private")
             and m.get("vs_nginx_rps") is not None and m["vs_nginx_rps"] < 1.0]
    miss_rps = geomean(g("miss-public", "vs_nginx_rps"))
    miss_p99 = geomean(g("miss-public", "vs_nginx_p99"))
    pp_rps, pp_p99 = [], []
    for size in SIZES:
        for c in CONCURRENCY:
            a, b = med.get(f"edge hot private {size} c{c}"), med.get(f"edge hot public {size} c{c}")
            if a and b:
                pp_rps.append(a["rps"] / b["rps"])
                if a["p99_ms"] and b["p99_ms"]:
                    pp_p99.append(a["p99_ms"] / b["p99_ms"])
    sx_rps, sx_p99 = [], []
    for c in CONCURRENCY:
        a, b = med.get(f"edge w=320 signed c{c}"), med.get(f"edge w=320 unsigned c{c}")
        if a and b:
            sx_rps.append(a["rps"] / b["rps"])
            if a["p99_ms"] and b["p99_ms"]:
                sx_p99.append(a["p99_ms"] / b["p99_ms"])
    summary.update({
        "hot_vs_nginx_rps_geomean": hot_rps, "hot_vs_nginx_p99_geomean": hot_p99,
        "cells_below_1x": below,
        "miss_vs_nginx_rps_geomean": miss_rps, "miss_vs_nginx_p99_geomean": miss_p99,
        "private_vs_public_rps_geomean": geomean(pp_rps), "private_vs_public_p99_geomean": geomean(pp_p99),
        "signed_vs_unsigned_transform_rps_geomean": geomean(sx_rps),
        "signed_vs_unsigned_transform_p99_geomean": geomean(sx_p99),
    })

    # Uploads vs cp (after the serving rounds, so they do not perturb them).
    up = {}
    if time.time() < budget_end + 60:
        up = bench_uploads(edges["hot"], upload_secret, base, n_uploads, tmp)
        summary["upload"] = up

    def mark(ok):
        return "ok" if ok else "BELOW GOAL"

    print("Summary")
    print(f"  hot path vs nginx (geomean of {len(hot)} cells): req/s {fmt_ratio(hot_rps)} (goal >= 1.2x, {mark(hot_rps >= 1.2)}), "
          f"p99 {fmt_ratio(hot_p99)} (goal <= 1.0x, {mark(hot_p99 <= 1.0)})")
    print(f"  hot cells below 1.0x nginx req/s: {len(below)}" + (f" — {', '.join(below)}" if below else ""))
    print(f"  miss path vs nginx (geomean of {len(g('miss-public', 'rps'))} cells): req/s {fmt_ratio(miss_rps)} "
          f"(goal >= 0.8x, {mark(miss_rps >= 0.8)}), p99 {fmt_ratio(miss_p99)}")
    pr, pp = summary["private_vs_public_rps_geomean"], summary["private_vs_public_p99_geomean"]
    print(f"  private/public (hot, geomean of {len(pp_rps)}): req/s {fmt_ratio(pr)} (goal >= 0.95x, {mark(pr >= 0.95)}), "
          f"p99 {fmt_ratio(pp)} (goal <= 1.1x, {mark(pp <= 1.1)})")
    sr, sp = summary["signed_vs_unsigned_transform_rps_geomean"], summary["signed_vs_unsigned_transform_p99_geomean"]
    print(f"  signed/unsigned w=320 transform (variant cache, geomean of {len(sx_rps)}): req/s {fmt_ratio(sr)}, p99 {fmt_ratio(sp)}")
    if up:
        print(f"  upload: {up['n']} x {up['bytes']} B sequential over one keep-alive connection: "
              f"{up['edge_mb_s']:.1f} MB/s ({up['edge_ms_per_upload']:.1f} ms/upload, edge CPU {up['edge_cpu_ms_per_upload']:.1f} ms/upload, "
              f"{up['non201']} non-201) vs cp {up['cp_mb_s']:.1f} MB/s ({up['cp_ms_per_copy']:.1f} ms/copy) -> "
              f"{up['edge_mb_s'] / up['cp_mb_s']:.2f}x cp; vs cp+fsync {up['cp_fsync_mb_s']:.1f} MB/s -> "
              f"{up['edge_mb_s'] / up['cp_fsync_mb_s']:.2f}x")
    rss = {s.name: rss_kib(s.proc.pid) for s in servers}
    print(f"  server RSS at the end: " + ", ".join(f"{k} {v / 1024:.0f} MiB" for k, v in rss.items() if v)
          + " (nginx: master only)")
    if stopped_early:
        print("  NOTE: the time budget cut the rounds short; some cells have fewer rounds.")
    load1 = os.getloadavg()
    print(f"  wall time: {time.time() - t_start:.0f}s; load average at the end (includes this run): "
          f"{load1[0]:.2f} {load1[1]:.2f} {load1[2]:.2f}")

    out = {
        "host": {"node": host.node, "cores": os.cpu_count(), "cpu": cpu_model, "kernel": host.release,
                 "wrk": wrk_ver, "nginx": ng_ver},
        "params": {"rounds": rounds, "duration_s": dur, "sizes": SIZES, "concurrency": CONCURRENCY,
                   "uploads": n_uploads, "quick": args.quick},
        "cells": {cid: {"median": med.get(cid), "rounds": results[cid]} for cid, *_ in cells},
        "summary": summary,
        "rss_kib": rss,
        "loadavg_start": load0, "loadavg_end": load1,
        "git": subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip(),
        "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(out, f, indent=2, default=str)
    print(f"  JSON: {args.out}")
    return 0


def bench_uploads(edge, secret, base, n, tmp):
    size = SIZES["500K"]
    # Distinct bytes per upload (a counter in the COM segment): each upload
    # writes a new content-addressed blob, as real uploads do.
    bodies = [pad_jpeg(base, size, tag=f"upload {i} {secrets.token_hex(8)} ".encode()) for i in range(n)]
    toks = [upload_token(secret, f"up/{i}", 10 * 1024 * 1024) for i in range(n)]
    conn = http.client.HTTPConnection("127.0.0.1", edge.port, timeout=60)
    non201 = 0
    try:
        st, _ = upload(conn, upload_token(secret, "up/warm", 10 * 1024 * 1024), bodies[0])  # connection + code warm
        t_cpu0 = sum(edge.ticks())
        t0 = time.perf_counter()
        for i in range(n):
            st, text = upload(conn, toks[i], bodies[i])
            if st != 201:
                non201 += 1
                if non201 == 1:
                    log(f"upload answered {st}: {text[:200]!r}")
        el = time.perf_counter() - t0
        cpu = (sum(edge.ticks()) - t_cpu0) / CLK_TCK
    finally:
        conn.close()

    src = os.path.join(tmp, "upload-src.jpg")
    with open(src, "wb") as f:
        f.write(bodies[0])
    dst = os.path.join(tmp, "cp")
    os.makedirs(dst, exist_ok=True)
    subprocess.run(["cp", src, os.path.join(dst, "warm")], check=True)
    t0 = time.perf_counter()
    for i in range(n):
        subprocess.run(["cp", src, os.path.join(dst, f"c{i}")], check=True)
    cp_el = time.perf_counter() - t0
    t0 = time.perf_counter()
    for i in range(n):
        subprocess.run(["dd", f"if={src}", f"of={os.path.join(dst, f's{i}')}", "bs=1M", "conv=fsync", "status=none"], check=True)
    cps_el = time.perf_counter() - t0
    mb = n * size / 1e6
    return {
        "n": n, "bytes": size, "non201": non201,
        "edge_s": el, "edge_mb_s": mb / el, "edge_ms_per_upload": el / n * 1000,
        "edge_cpu_ms_per_upload": cpu / n * 1000,
        "cp_s": cp_el, "cp_mb_s": mb / cp_el, "cp_ms_per_copy": cp_el / n * 1000,
        "cp_fsync_s": cps_el, "cp_fsync_mb_s": mb / cps_el,
    }


if __name__ == "__main__":
    sys.exit(main())
