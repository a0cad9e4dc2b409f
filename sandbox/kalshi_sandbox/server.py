"""Run the sandbox under uvicorn in a background thread on a loopback port."""

from __future__ import annotations

import socket
import threading
import time
import warnings
from pathlib import Path
from types import TracebackType

import uvicorn

from kalshi_sandbox.admin import SandboxAdmin
from kalshi_sandbox.app import SandboxApp
from kalshi_sandbox.config import SandboxConfig, is_loopback
from kalshi_sandbox.core import SandboxCore
from kalshi_sandbox.spec import API_PREFIX

_START_TIMEOUT = 15.0


class SandboxServer:
    """A sandbox on a real socket: ``with SandboxServer(config).start() as sb: ...``."""

    def __init__(self, config: SandboxConfig | None = None) -> None:
        self.config = config or SandboxConfig()
        self.config.check_host()
        if not is_loopback(self.config.host):
            warnings.warn(
                f"the sandbox serves on {self.config.host}: anyone who can reach it can trade with its keys",
                stacklevel=2,
            )
        self._core: SandboxCore | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._port = 0

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> SandboxServer:
        if self._thread is not None:
            return self
        self._core = SandboxCore(self.config)
        family = socket.AF_INET6 if ":" in self.config.host else socket.AF_INET
        # proto=IPPROTO_TCP matters: asyncio sets TCP_NODELAY on accepted sockets only when the listener says
        # TCP, and without it Nagle + delayed ACK add ~40 ms to every response.
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.config.host.strip("[]"), self.config.port))
        self._port = sock.getsockname()[1]
        uv_config = uvicorn.Config(
            SandboxApp(self._core),
            http="httptools",
            loop="asyncio",
            lifespan="off",
            log_level="warning",
            log_config=None,  # leave the host application's logging alone
            access_log=False,
            timeout_graceful_shutdown=2,
            backlog=4096,
        )
        self._server = uvicorn.Server(uv_config)
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [sock]},
            name=f"kalshi-sandbox-{self._port}",
            daemon=True,
        )
        self._thread.start()
        deadline = time.monotonic() + _START_TIMEOUT
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the sandbox server did not start (see the log above)")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=5)
            if self._thread.is_alive() and self._server is not None:
                self._server.force_exit = True
                self._thread.join(timeout=5)
        self._thread = None
        self._server = None

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # ------------------------------------------------------------------ what clients need
    @property
    def core(self) -> SandboxCore:
        if self._core is None:
            raise RuntimeError("the sandbox is not started: call start() first")
        return self._core

    @property
    def port(self) -> int:
        return self._port

    @property
    def root_url(self) -> str:
        host = self.config.host
        if ":" in host and not host.startswith("["):
            host = f"[{host}]"
        return f"http://{host}:{self._port}"

    @property
    def base_url(self) -> str:
        return self.root_url + API_PREFIX

    @property
    def admin_url(self) -> str:
        return self.root_url + "/_sandbox"

    @property
    def key_id(self) -> str:
        return self.core.default_key.key_id

    @property
    def private_key_path(self) -> Path:
        path = self.core.default_key.private_key_path
        assert path is not None  # the default key is always generated locally
        return path

    @property
    def admin(self) -> SandboxAdmin:
        return SandboxAdmin(self.core)

    def env(self) -> dict[str, str]:
        """The environment a client needs: KALSHI_BASE_URL, KALSHI_API_KEY_ID, KALSHI_PRIVATE_KEY_PATH."""
        return {
            "KALSHI_BASE_URL": self.base_url,
            "KALSHI_API_KEY_ID": self.key_id,
            "KALSHI_PRIVATE_KEY_PATH": str(self.private_key_path),
        }
