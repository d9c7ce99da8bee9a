"""Several worker processes, each with its own listening socket on the same port.

uvicorn's ``--workers`` shares one socket among the processes, and whichever wakes
first accepts every waiting connection: with browsers that keep their connections
open, one worker ended up with 18 of 20 clients (counted with `ss -tnp` while
benchmarks/bench_web_matrix.py ran; tests/web/test_web_workers.py counts them too).
With ``SO_REUSEPORT`` each worker binds a socket of its own and the kernel spreads
new connections over them. Where the option does not exist, uvicorn's own workers
serve instead.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import socket
import time
from multiprocessing.connection import wait
from multiprocessing.process import BaseProcess
from types import FrameType

import uvicorn

from onetext.errors import InvalidInput

__all__ = ["can_share_port", "proxy_options", "serve_workers"]


def proxy_options(forwarded_allow_ips: str | None) -> dict[str, object]:
    """uvicorn's proxy settings: ``X-Forwarded-For`` and ``-Proto`` are believed only from
    the addresses the operator names (``--forwarded-allow-ips``); by default from no one,
    so a client cannot rotate its address past login throttling (issue 13, finding 10).
    uvicorn's own default trusts loopback, which any local reverse proxy or tunnel is."""
    if not forwarded_allow_ips:
        return {"proxy_headers": False, "forwarded_allow_ips": ""}
    return {"proxy_headers": True, "forwarded_allow_ips": forwarded_allow_ips}

log = logging.getLogger("onetext.web")

#: a worker that dies sooner than this after starting is not restarted (a startup error)
_MIN_LIFETIME = 5.0


def can_share_port() -> bool:
    return hasattr(socket, "SO_REUSEPORT")


def _listening_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    return sock


def _worker(host: str, port: int, forwarded_allow_ips: str | None = None) -> None:
    """One process: its own socket, the app from ``$ONETEXT_DATABASE_URL``."""
    config = uvicorn.Config(
        "onetext.web.app:app_from_environment",
        factory=True,
        log_level="warning",
        **proxy_options(forwarded_allow_ips),  # type: ignore[arg-type]
    )
    uvicorn.Server(config).run(sockets=[_listening_socket(host, port)])


def serve_workers(
    host: str, port: int, workers: int, forwarded_allow_ips: str | None = None
) -> None:
    """Start ``workers`` processes and keep them running until told to stop."""
    context = multiprocessing.get_context("spawn")
    try:  # bind once here first, so a port in use is reported before any worker starts
        _listening_socket(host, port).close()
    except OSError as error:
        raise InvalidInput(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    failed = False
    processes: dict[int, tuple[BaseProcess, float]] = {}

    def start() -> None:
        process = context.Process(
            target=_worker, args=(host, port, forwarded_allow_ips), daemon=False
        )
        process.start()
        processes[process.sentinel] = (process, time.monotonic())

    stopping = False

    def stop(_signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        for _ in range(workers):
            start()
        while processes and not stopping:
            for sentinel in wait(list(processes), timeout=0.5):
                process, started = processes.pop(int(sentinel))  # type: ignore[arg-type]
                if stopping:
                    break
                if time.monotonic() - started < _MIN_LIFETIME:
                    stopping = failed = True
                    break
                log.warning("a worker stopped (exit code %s): starting another", process.exitcode)
                start()
    finally:
        for process, _started in processes.values():
            process.terminate()
        for process, _started in processes.values():
            process.join(timeout=20)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if failed:
        raise InvalidInput("a web worker stopped as it started: see its message above")
