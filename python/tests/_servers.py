"""Servers the API tests talk to, all on 127.0.0.1, each stopped at the end
(also when a test fails): a real ``aura edge`` process, Prism serving
Cloudflare's OpenAPI document, a scripted fault server and an image source
for ``upload_from_url`` (both stdlib ``http.server``)."""

from __future__ import annotations

import ctypes
import os
import pathlib
import queue
import signal
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Dict, List, Optional, Tuple

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "crates" / "aura-edge" / "tests" / "fixtures"
PHOTO_JPG = (FIXTURES / "photo.jpg").read_bytes()  # 640x480
PHOTO_PNG = (FIXTURES / "photo.png").read_bytes()  # 64x48
SPEC = ROOT / "tests" / "reference" / "cloudflare-openapi-subset.json"

START_TIMEOUT = 20.0
PRISM_START_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0


# Resolved here, in the parent: the child, between fork and exec, only calls it.
_prctl = ctypes.CDLL(None).prctl if sys.platform == "linux" else None


def _die_with_parent() -> None:
    """Runs in the child between fork and exec: SIGKILL it when the test
    process dies, so no server outlives a crashed run."""
    if _prctl is not None:
        PR_SET_PDEATHSIG = 1
        _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL after STOP_TIMEOUT; always reaped."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(STOP_TIMEOUT)


def _watch(proc: subprocess.Popen[bytes], stream: str, marker: str, timeout: float, what: str) -> Tuple[str, List[str]]:
    """Reads the child's `stream` in a thread until a line contains `marker`;
    returns what follows it and the log (kept filling until the child ends)."""
    pipe = getattr(proc, stream)
    log: List[str] = []
    found: "queue.Queue[str]" = queue.Queue()

    def read() -> None:
        for raw in iter(pipe.readline, b""):
            line = raw.decode("utf-8", "replace")
            log.append(line)
            if marker in line:
                found.put(line.split(marker, 1)[1].strip())

    threading.Thread(target=read, daemon=True).start()
    try:
        return found.get(timeout=timeout), log
    except queue.Empty:
        _stop(proc)
        raise RuntimeError(f"{what} did not say {marker!r} within {timeout} s; output:\n{''.join(log)}") from None


# ---- aura edge -------------------------------------------------------------------


def aura_bin() -> pathlib.Path:
    """``$AURA_BIN``, else ``target/release/aura`` (scripts/test-python.sh builds it)."""
    path = pathlib.Path(os.environ.get("AURA_BIN") or ROOT / "target" / "release" / "aura")
    if not path.is_file():
        raise RuntimeError(f"{path} does not exist: run `cargo build --release -p aura-cli` or set AURA_BIN")
    return path


def _toml(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass
class Edge:
    """A running ``aura edge`` on a temporary local store."""

    base: str
    project: str
    secret_key: str
    serve_secret: str
    proc: subprocess.Popen[bytes]
    log: List[str]
    dir: tempfile.TemporaryDirectory[str]

    def stop(self) -> None:
        try:
            _stop(self.proc)
        finally:
            self.dir.cleanup()


def start_edge() -> Edge:
    project, secret, serve = "my-app", "sk_live_MARK" + os.urandom(8).hex(), "psk_live_MARK" + os.urandom(8).hex()
    tmp = tempfile.TemporaryDirectory(prefix="aura-py-edge-")
    config = pathlib.Path(tmp.name) / "aura.toml"
    config.write_text(
        'listen = "127.0.0.1:0"\n\n'
        f'[storage]\nkind = "local"\npath = {_toml(str(pathlib.Path(tmp.name) / "data"))}\n\n'
        f"[[projects]]\nname = {_toml(project)}\nsecret_keys = [{_toml(secret)}]\nserve_secrets = [{_toml(serve)}]\n",
        encoding="utf-8",
    )
    env = {**os.environ, "RUST_LOG": "info", "NO_COLOR": "1"}
    try:
        proc = subprocess.Popen(
            [str(aura_bin()), "edge", "--config", str(config)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            env=env, preexec_fn=_die_with_parent,
        )
    except BaseException:
        tmp.cleanup()
        raise
    try:
        addr, log = _watch(proc, "stderr", "listening on http://", START_TIMEOUT, "aura edge")
    except BaseException:
        tmp.cleanup()
        raise
    return Edge(f"http://{addr}", project, secret, serve, proc, log, tmp)


# ---- Prism ----------------------------------------------------------------------


def prism_bin() -> str:
    """``$AURA_PRISM``, else the path ``scripts/prism.sh`` installs and prints."""
    given = os.environ.get("AURA_PRISM")
    if given:
        return given
    out = subprocess.run(["bash", str(ROOT / "scripts" / "prism.sh")], check=True, capture_output=True, text=True, timeout=600)
    return out.stdout.strip().splitlines()[-1]


@dataclass
class Prism:
    base: str
    proc: subprocess.Popen[bytes]
    log: List[str]

    def stop(self) -> None:
        _stop(self.proc)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start_prism() -> Prism:
    assert SPEC.is_file(), f"{SPEC} is missing"
    port = _free_port()
    proc = subprocess.Popen(
        [prism_bin(), "mock", "--errors", "-h", "127.0.0.1", "-p", str(port), str(SPEC)],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        preexec_fn=_die_with_parent,
    )
    _, log = _watch(proc, "stdout", "Prism is listening", PRISM_START_TIMEOUT, "Prism")
    return Prism(f"http://127.0.0.1:{port}", proc, log)


# ---- stdlib HTTP servers ------------------------------------------------------------


@dataclass
class Recorded:
    method: str
    path: str
    headers: List[Tuple[str, str]]  # names lower-cased, in arrival order
    body: bytes

    def header(self, name: str) -> Optional[str]:
        return next((v for k, v in self.headers if k == name), None)


@dataclass
class Reply:
    status: int
    body: bytes = b""
    headers: List[Tuple[str, str]] = field(default_factory=list)
    delay: float = 0.0
    chunked: bool = False  # no Content-Length: Transfer-Encoding: chunked


Route = Callable[[Recorded], Reply]


class LocalServer:
    """A threaded HTTP/1.1 server on 127.0.0.1 (one request per connection)
    answering each request with ``route(recorded)``; every request is
    recorded. Delays end early when the server stops."""

    def __init__(self, route: Route) -> None:
        self.requests: List[Recorded] = []
        self._stopping = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def handle_one(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                rec = Recorded(self.command, self.path, [(k.lower(), v) for k, v in self.headers.items()], body)
                outer.requests.append(rec)
                reply = route(rec)
                if reply.delay and outer._stopping.wait(reply.delay):
                    return
                try:
                    self.send_response(reply.status)
                    for k, v in reply.headers:
                        self.send_header(k, v)
                    if reply.chunked:
                        self.send_header("Transfer-Encoding", "chunked")
                    else:
                        self.send_header("Content-Length", str(len(reply.body)))
                    self.send_header("Connection", "close")
                    self.end_headers()
                    if reply.chunked:
                        for i in range(0, len(reply.body), 4096):
                            part = reply.body[i : i + 4096]
                            self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
                        self.wfile.write(b"0\r\n\r\n")
                    else:
                        self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)
                self.close_connection = True

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = handle_one

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False
        self.base = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(STOP_TIMEOUT)

    def __enter__(self) -> "LocalServer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def scripted(replies: List[Reply]) -> LocalServer:
    """Answers the replies in order; past the script, 599."""
    script = list(replies)
    lock = threading.Lock()

    def route(_: Recorded) -> Reply:
        with lock:
            return script.pop(0) if script else Reply(599, b"unscripted request")

    return LocalServer(route)


def routed(routes: Dict[str, Reply]) -> LocalServer:
    """Answers by path (query ignored); unknown paths 404."""

    def route(rec: Recorded) -> Reply:
        return routes.get(rec.path.split("?")[0], Reply(404, b"not found", [("Content-Type", "text/plain")]))

    return LocalServer(route)


def closed_port() -> int:
    """A port nothing listens on (bound, then closed)."""
    return _free_port()

