"""A scripted HTTP/1.1 server on loopback for transport tests: each connection is handed to a coroutine that
reads requests and writes whatever bytes the test wants (a reset, a truncated body, a stall), so the client's
behaviour on the wire can be checked exactly. Runs its own event loop in a thread; bounded by the tests'
timeouts."""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import threading
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field


@dataclass
class RawRequest:
    method: str
    target: str  # the request target exactly as sent (percent-escapes kept)
    headers: list[tuple[str, str]]
    body: bytes
    connection: int  # which connection (0, 1, ...) carried it
    head: bytes = b""  # the request line and headers, byte for byte

    def header(self, name: str) -> list[str]:
        return [v for k, v in self.headers if k.lower() == name.lower()]


@dataclass
class Conn:
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    index: int
    log: list[RawRequest] = field(default_factory=list)

    async def request(self) -> RawRequest | None:
        """The next request on this connection, or None when the client closed it."""
        try:
            head = await self.reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, ConnectionError):
            return None
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        headers = [(k, v.strip()) for k, _, v in (line.partition(":") for line in lines[1:] if line)]
        length = next((int(v) for k, v in headers if k.lower() == "content-length"), 0)
        body = await self.reader.readexactly(length) if length else b""
        req = RawRequest(method, target, headers, body, self.index, head)
        self.log.append(req)
        return req

    async def send(self, data: bytes) -> None:
        self.writer.write(data)
        await self.writer.drain()

    async def respond(
        self,
        status: int = 200,
        body: bytes = b"{}",
        headers: list[tuple[str, str]] | None = None,
        reason: str = "Whatever",
    ) -> None:
        lines = [f"HTTP/1.1 {status} {reason}"]
        given = headers or [("Content-Type", "application/json")]
        lines += [f"{k}: {v}" for k, v in given]
        if not any(k.lower() == "content-length" for k, _ in given):
            lines.append(f"Content-Length: {len(body)}")
        await self.send(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)

    def close(self) -> None:
        self.writer.close()

    def reset(self) -> None:
        """Close with RST instead of FIN (SO_LINGER 0)."""
        sock = self.writer.get_extra_info("socket")
        if sock is not None:
            import socket
            import struct

            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.writer.transport.abort()


Handler = Callable[[Conn], Awaitable[None]]


class RawServer:
    """``tls``: serve HTTPS with this context (``url`` says https) instead of plain HTTP."""

    def __init__(self, handler: Handler, tls: ssl.SSLContext | None = None) -> None:
        self.handler = handler
        self.tls = tls
        self.requests: list[RawRequest] = []
        self.connections = 0
        self.release = threading.Event()  # handlers may wait on it (e.g. to hold a body back)
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.port = 0

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)

        async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            conn = Conn(reader, writer, self.connections, self.requests)
            self.connections += 1
            with contextlib.suppress(ConnectionError, asyncio.CancelledError):
                await self.handler(conn)
            with contextlib.suppress(ConnectionError, RuntimeError):
                writer.close()

        async def start() -> asyncio.Server:
            return await asyncio.start_server(serve, "127.0.0.1", 0, ssl=self.tls)

        server = self._loop.run_until_complete(start())
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()
        server.close()
        pending = asyncio.all_tasks(self._loop)
        for task in pending:
            task.cancel()
        self._loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        self._loop.close()

    async def wait_released(self) -> None:
        """For handlers: wait (without blocking the server loop) until the test sets ``release``."""
        for _ in range(500):
            if self.release.is_set():
                return
            await asyncio.sleep(0.01)

    def __enter__(self) -> RawServer:
        self._thread.start()
        self._ready.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)


@contextlib.contextmanager
def raw_server(handler: Handler) -> Iterator[RawServer]:
    with RawServer(handler) as server:
        yield server


async def answer_all(conn: Conn, body: bytes = b'{"ok": true}') -> None:
    """Serve every request on the connection with 200 and ``body`` (keep-alive)."""
    while await conn.request() is not None:
        await conn.respond(200, body)
