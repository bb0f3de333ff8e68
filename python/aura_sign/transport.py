"""The host loop: moves the bytes of core-built requests with httpx.

Every API operation is a native :class:`~aura_sign._native.Exchange` (the
core's sans-IO state machine): it hands out each request, reads each answer,
decides each retry, its delay and each next request. This module holds no
rule; it only

- sends each request (method, URL, headers in order, body) with an
  ``httpx.Client`` (yours, so ``respx``, ``pytest-httpx`` or
  ``httpx.MockTransport`` mock it as usual), within the ``timeout_ms`` the
  core gives (a whole-attempt deadline) or the client's own timeout;
- sleeps ``delay_ms`` first (``sleep`` is injectable);
- reports the answer (status, headers, body) or the failure: no connection
  (refused, DNS) is ``not_sent``, a timeout ``timed_out``, anything else
  after sending ``lost``; with the clock (``time.time()``, so freezegun
  works, or your ``clock``) and a jitter in ``[0, 1)`` (``random.random``).

Needs the ``http`` extra: ``pip install "aura-sign[http]"``.
"""

from __future__ import annotations

import asyncio
import random
import secrets
import time
from typing import Any, Awaitable, Callable, List, Optional, Tuple, Union

import httpx

from . import _native
from ._clock import now_or
from .errors import InternalError

__all__ = ["AsyncTransport", "Transport", "boundary"]

Step = Union[_native.Outgoing, _native.Done]
Answer = Tuple[int, List[Tuple[str, str]], bytes]


def boundary() -> str:
    """A random multipart boundary (letters, digits and ``-``)."""
    return "aura-" + secrets.token_hex(16)


def _system_now() -> int:
    return now_or(None)


def _failure(exc: httpx.TransportError) -> str:
    """Which of the core's failures a transport error is."""
    if isinstance(exc, httpx.TimeoutException):
        return "timed_out"
    if isinstance(exc, (httpx.ConnectError, httpx.UnsupportedProtocol)):
        return "not_sent"
    return "lost"


def _message(exc: Exception) -> str:
    return str(exc) or type(exc).__name__


def _headers(res: httpx.Response) -> List[Tuple[str, str]]:
    return [(k.decode("latin-1"), v.decode("latin-1")) for k, v in res.headers.raw]


def _timeout(out: _native.Outgoing) -> Any:
    return httpx.USE_CLIENT_DEFAULT if out.timeout_ms is None else out.timeout_ms / 1000


def _past(deadline: Optional[float], res: httpx.Response) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise httpx.ReadTimeout("the attempt ran past its timeout", request=res.request)


def _deadline(out: _native.Outgoing) -> Optional[float]:
    return None if out.timeout_ms is None else time.monotonic() + out.timeout_ms / 1000


def _done(step: _native.Done, kind: str) -> Any:
    if step.kind != kind:  # a binding bug, not a remote failure
        raise InternalError("internal", f"expected a {kind} answer, got {step.kind}")
    return step.answer


class Transport:
    """Runs exchanges to their end over a (sync) ``httpx.Client``.

    ``client`` defaults to ``httpx.Client(timeout=timeout,
    follow_redirects=True)``; ``timeout`` (seconds) applies to attempts the
    core gives no timeout of its own. ``sleep``, ``jitter`` and ``clock``
    (Unix seconds) are injectable for tests.
    """

    def __init__(
        self,
        client: Optional[httpx.Client] = None,
        *,
        timeout: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
        jitter: Callable[[], float] = random.random,
        clock: Callable[[], int] = _system_now,
    ) -> None:
        self.client = client if client is not None else httpx.Client(timeout=timeout, follow_redirects=True)
        self._sleep = sleep
        self._jitter = jitter
        self._clock = clock

    def __repr__(self) -> str:
        return f"Transport(client={type(self.client).__name__})"

    def __enter__(self) -> "Transport":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()

    def now(self) -> int:
        return self._clock()

    def _send(self, out: _native.Outgoing) -> Answer:
        deadline = _deadline(out)
        body = out.body or None
        with self.client.stream(out.method, out.url, headers=out.headers, content=body, timeout=_timeout(out)) as res:
            chunks = []
            for chunk in res.iter_bytes():
                chunks.append(chunk)
                _past(deadline, res)
            _past(deadline, res)
            return res.status_code, _headers(res), b"".join(chunks)

    def drive(self, exchange: _native.Exchange) -> _native.Done:
        """Sends what the core hands out, waits when it says, reports each
        answer or failure back; the core's ``Done`` (or its error)."""
        step: Step = exchange.start()
        while isinstance(step, _native.Outgoing):
            if step.delay_ms > 0:
                self._sleep(step.delay_ms / 1000)
            try:
                status, headers, body = self._send(step)
            except httpx.TransportError as exc:
                step = exchange.fail(_failure(exc), _message(exc), self.now(), self._jitter())
            else:
                step = exchange.receive(status, headers, body, self.now(), self._jitter())
        return step

    def run(self, exchange: _native.Exchange, kind: str) -> Any:
        """:meth:`drive`, then the answer, which must be of ``kind``."""
        return _done(self.drive(exchange), kind)


class AsyncTransport:
    """:class:`Transport` for asyncio, over an ``httpx.AsyncClient``; ``sleep``
    defaults to ``asyncio.sleep``."""

    def __init__(
        self,
        client: Optional[httpx.AsyncClient] = None,
        *,
        timeout: float = 30.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        jitter: Callable[[], float] = random.random,
        clock: Callable[[], int] = _system_now,
    ) -> None:
        self.client = client if client is not None else httpx.AsyncClient(timeout=timeout, follow_redirects=True)
        self._sleep = sleep
        self._jitter = jitter
        self._clock = clock

    def __repr__(self) -> str:
        return f"AsyncTransport(client={type(self.client).__name__})"

    async def __aenter__(self) -> "AsyncTransport":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self.client.aclose()

    def now(self) -> int:
        return self._clock()

    async def _send(self, out: _native.Outgoing) -> Answer:
        deadline = _deadline(out)
        body = out.body or None
        req = self.client.build_request(out.method, out.url, headers=out.headers, content=body, timeout=_timeout(out))
        res = await self.client.send(req, stream=True)
        try:
            chunks = []
            async for chunk in res.aiter_bytes():
                chunks.append(chunk)
                _past(deadline, res)
            _past(deadline, res)
            return res.status_code, _headers(res), b"".join(chunks)
        finally:
            await res.aclose()

    async def drive(self, exchange: _native.Exchange) -> _native.Done:
        step: Step = exchange.start()
        while isinstance(step, _native.Outgoing):
            if step.delay_ms > 0:
                await self._sleep(step.delay_ms / 1000)
            try:
                status, headers, body = await self._send(step)
            except httpx.TransportError as exc:
                step = exchange.fail(_failure(exc), _message(exc), self.now(), self._jitter())
            else:
                step = exchange.receive(status, headers, body, self.now(), self._jitter())
        return step

    async def run(self, exchange: _native.Exchange, kind: str) -> Any:
        return _done(await self.drive(exchange), kind)
