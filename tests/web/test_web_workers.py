"""``onetext serve --workers N``: each worker listens on a socket of its own (SO_REUSEPORT),
so the kernel spreads kept-open connections over the workers; stopping the server
stops them all. Real processes on a loopback port; connections are counted per
process from ``/proc``."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest

ONETEXT = str(Path(sys.executable).parent / "onetext")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _socket_inodes(pid: int) -> set[str]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = str(fd.readlink())
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    return inodes


def _sockets_on(port: int, state: str) -> set[str]:
    """Inodes of the TCP sockets on local ``port`` in ``state`` (01 established, 0A listen)."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local_port = int(fields[1].split(":")[1], 16)
        if local_port == port and fields[3] == state:
            inodes.add(fields[9])
    return inodes


def _listening_workers(server: subprocess.Popen[bytes], port: int) -> list[int]:
    listening = _sockets_on(port, "0A")
    return [pid for pid in _children(server.pid) if _socket_inodes(pid) & listening]


def _start(tmp_path: Path, port: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            ONETEXT,
            "serve",
            *("--db", f"sqlite:///{tmp_path / 'w.db'}"),
            *("--port", str(port), "--workers", "2"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _wait_until_up(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(f"{base}/login", timeout=1)
            return
        except httpx.TransportError:
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the server did not start: {server.stderr.read()!r}")  # type: ignore[union-attr]
            time.sleep(0.2)


def test_workers_share_the_port_and_the_connections(tmp_path: Path) -> None:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = _start(tmp_path, port)
    clients = [httpx.Client(base_url=base, timeout=10) for _ in range(20)]
    try:
        _wait_until_up(base, server)
        deadline = time.monotonic() + 60
        while len(workers := _listening_workers(server, port)) < 2:
            assert time.monotonic() < deadline, "the second worker did not start listening"
            time.sleep(0.2)
        for client in clients:  # each keeps its connection open (keep-alive)
            assert client.get("/login").status_code == 200
        established = _sockets_on(port, "01")
        per_worker = Counter(
            {pid: len(_socket_inodes(pid) & established) for pid in _children(server.pid)}
        )
        serving = [pid for pid, count in per_worker.items() if count]
        assert sum(per_worker.values()) == 20
        assert len(serving) == 2, per_worker
        # uvicorn's shared socket gave one worker 18 of 20 here; hashing spreads them
        assert min(per_worker[pid] for pid in serving) >= 3, per_worker
    finally:
        for client in clients:
            client.close()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    assert server.returncode == 0
    time.sleep(0.5)
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]


def test_a_port_in_use_is_refused_in_words(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = _start(tmp_path, port)
        _out, err = server.communicate(timeout=60)
    assert server.returncode != 0
    message = err.decode()
    assert f"cannot listen on 127.0.0.1:{port}" in message
    assert "Traceback" not in message
