"""Load on loopback: the stance-matrix page of a 5-party × 100-point negotiation.

    python benchmarks/bench_web_matrix.py [--db URL] [--clients 20] [--seconds 10] [--workers 2]

Needs wrk (Debian package ``wrk``), an HTTP load generator written in C that runs
in its own process, so the load costs the server little CPU. Builds the
negotiation (5 parties, 100 points, one mark per party and point with mixed
visibilities) in a fresh SQLite file or in the (empty) database at ``--db``,
starts ``onetext serve`` (uvicorn, ``--workers`` processes) on a free loopback
port, logs ``--clients`` delegates in (wrk rotates their session cookies), has
each open the page once, then keeps ``--clients`` connections busy in closed
loops for ``--seconds`` per scenario:

1. baseline: the static stylesheet through the same server and middleware;
2. the matrix page (HTML) and 3. the matrix API (JSON), nobody writing;
4. the matrix page while one delegate marks a stance every second (each mark
   changes the record, so every viewer's cached view is computed anew);
5. the matrix page with the view cache off (``ONETEXT_VIEW_CACHE=0``): every
   request computes the matrix, the baseline for what the cache buys.

Prints median, 95th and 99th percentile and throughput of each, the ratios of
the matrix page's median to the baseline's and to the uncached page's.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from onetext.access import Actor
from onetext.model import Level, PartyKind, Stance, Visibility
from onetext.service import accounts, drafts, negotiations, positions
from onetext.store.database import open_database
from onetext.store.unit_of_work import UnitOfWork
from onetext.text.parse import parse_draft

PARTIES = [f"party-{i}" for i in range(1, 6)]
POINTS = 100
PASSWORD = "bench-password"


def build(url: str, clients: int) -> None:
    database = open_database(url)
    operator = Actor.system_operator()
    try:
        with UnitOfWork(database) as uow:
            negotiations.create_negotiation(uow, operator, "bench", "Benchmark talks")
        with UnitOfWork(database) as uow:
            negotiations.add_party(uow, operator, "bench", "envoy", "Envoy", PartyKind.MEDIATOR)
        for party in PARTIES:
            with UnitOfWork(database) as uow:
                negotiations.add_party(uow, operator, "bench", party, party.title())
        text = "FRAMEWORK\n" + "\n".join(
            f"{n}. The parties shall implement measure {n} concerning subject {n * 7 % 13} "
            f"within {n % 9 + 1} months [under supervision][jointly]."
            for n in range(1, POINTS + 1)
        )
        with UnitOfWork(database) as uow:
            drafts.table_draft(
                uow,
                operator,
                "bench",
                parse_draft(text),
                document="main",
                party="envoy",
                message="bench",
            )
        with UnitOfWork(database) as uow:
            for p, party in enumerate(PARTIES):
                for n in range(1, POINTS + 1):
                    positions.mark_stance(
                        uow,
                        operator,
                        "bench",
                        party=party,
                        label=str(n),
                        stance=list(Stance)[(n + p) % 4],
                        visibility=list(Visibility)[(n * (p + 1)) % 3],
                        priority=n % 5 + 1,
                        note=f"note {party} {n}",
                    )
        for index in range(clients):
            handle = f"delegate-{index}"
            with UnitOfWork(database) as uow:
                negotiations.add_member(
                    uow,
                    operator,
                    "bench",
                    handle,
                    handle,
                    PARTIES[index % len(PARTIES)],
                    Level.NEGOTIATOR,
                )
            with UnitOfWork(database) as uow:
                accounts.create_user(uow, operator, handle, PASSWORD)
            with UnitOfWork(database) as uow:
                accounts.invite(uow, operator, handle, "bench", handle)
    finally:
        database.dispose()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


WRK_SCRIPT = """
-- rotate the delegates' session cookies over the requests; print percentiles as JSON
local cookies = {}
local next_cookie = 0
function init(args)
  for i = 1, #args do cookies[i] = args[i] end
end
function request()
  next_cookie = next_cookie % #cookies + 1
  return wrk.format("GET", nil, {["Cookie"] = "onetext_session=" .. cookies[next_cookie]})
end
function done(summary, latency, requests)
  io.write(string.format(
    '{"requests": %d, "seconds": %f, "non2xx": %d, "errors": %d, '
    .. '"p50": %f, "p95": %f, "p99": %f}\\n',
    summary.requests, summary.duration / 1e6, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def log_in_all(base: str, clients: int) -> list[str]:
    """One session per delegate, through the JSON API."""
    tokens = []
    with httpx.Client(base_url=base, timeout=30) as client:
        for index in range(clients):
            client.cookies.clear()
            response = client.post(
                "/api/login", json={"username": f"delegate-{index}", "password": PASSWORD}
            )
            response.raise_for_status()
            tokens.append(response.cookies["onetext_session"])
    return tokens


def run_wrk(
    base: str, path: str, tokens: list[str], clients: int, seconds: float, script: Path
) -> dict[str, float]:
    """``clients`` connections in closed loops for ``seconds`` (wrk, a C load generator)."""
    completed = subprocess.run(
        [
            "wrk",
            "--threads",
            "1",
            "--connections",
            str(clients),
            "--duration",
            f"{max(1, round(seconds))}s",
            "--timeout",
            "10s",
            "--script",
            str(script),
            base + path,
            "--",
            *tokens,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(completed.stdout.strip().splitlines()[-1])
    if result["non2xx"] or result["errors"]:
        raise SystemExit(f"{path}: {result['non2xx']} non-2xx answers, {result['errors']} errors")
    return result


def describe(name: str, result: dict[str, float]) -> None:
    print(
        f"{name:<28} median {result['p50']:7.1f} ms   p95 {result['p95']:7.1f} ms   "
        f"p99 {result['p99']:7.1f} ms   {result['requests'] / result['seconds']:7.1f} req/s"
    )


def listening_sockets(port: int) -> int:
    """How many sockets listen on ``port`` (Linux): one per worker with SO_REUSEPORT."""
    table = Path("/proc/net/tcp")
    if not table.exists():
        return 1 << 30
    count = 0
    for line in table.read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].split(":")[1], 16) == port and fields[3] == "0A":
            count += 1
    return count


def start_server(url: str, workers: int, view_cache: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    command = [
        sys.executable,
        "-c",
        "import sys, typer; from onetext.cli import web; app = typer.Typer(); "
        "web.register(app); app.command('-')(lambda: None); app(sys.argv[1:])",
        "serve",
        "--db",
        url,
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    env = os.environ | {"ONETEXT_VIEW_CACHE": str(view_cache)}
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(f"{base}/login", timeout=1)
            if listening_sockets(port) >= workers or time.monotonic() > deadline:
                return server, base  # every worker listens (each on its own socket)
            time.sleep(0.2)
        except httpx.TransportError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.terminate()
                raise SystemExit("the server did not start") from None
            time.sleep(0.2)


def warm_up(base: str, tokens: list[str], clients: int, script: Path) -> None:
    """Two seconds of load on the page and the API, not counted: every worker has seen
    every delegate once, as after a few minutes of use."""
    for path in (PAGE, API):
        run_wrk(base, path, tokens, clients, 2, script)


class Writer(threading.Thread):
    """A delegate marking a stance every ``interval`` seconds through the JSON API."""

    def __init__(self, base: str, party_index: int, interval: float = 1.0) -> None:
        super().__init__(daemon=True)
        self.base, self.interval = base, interval
        self.handle = f"delegate-{party_index}"
        self.stop = threading.Event()
        self.marks = 0

    def run(self) -> None:
        with httpx.Client(base_url=self.base, timeout=30) as client:
            login = client.post("/api/login", json={"username": self.handle, "password": PASSWORD})
            login.raise_for_status()
            csrf = login.json()["csrf_token"]
            stances = ["accepted", "reservations", "open", "unacceptable"]
            while not self.stop.wait(self.interval):
                body = {
                    "label": str(self.marks % POINTS + 1),
                    "stance": stances[self.marks % 4],
                    "visibility": "joint",
                }
                answer = client.post(
                    "/api/negotiations/bench/marks",
                    json=body,
                    headers={"X-CSRF-Token": csrf},
                )
                answer.raise_for_status()
                self.marks += 1


PAGE = "/negotiations/bench/matrix"
API = "/api/negotiations/bench/matrix"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="empty database URL (default: a fresh SQLite file)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("this benchmark needs wrk, the HTTP load generator: apt install wrk")
    folder = tempfile.mkdtemp(prefix="onetext-bench-")
    url = args.db or f"sqlite:///{Path(folder) / 'bench.db'}"
    build(url, args.clients)
    script = Path(folder) / "sessions.lua"
    script.write_text(WRK_SCRIPT)
    backend = url.split(":", 1)[0]
    print(
        f"{backend}, {len(PARTIES)} parties x {POINTS} points, {args.clients} clients, "
        f"{args.workers} workers, {args.seconds:.0f} s each"
    )
    results: dict[str, dict[str, float]] = {}

    def measure(name: str, base: str, path: str, tokens: list[str]) -> None:
        results[name] = run_wrk(base, path, tokens, args.clients, args.seconds, script)
        describe(name, results[name])

    server, base = start_server(url, args.workers, view_cache=128)
    try:
        tokens = log_in_all(base, args.clients)
        warm_up(base, tokens, args.clients, script)
        measure("baseline: static stylesheet", base, "/static/onetext.css", tokens)
        measure("matrix page (HTML)", base, PAGE, tokens)
        measure("matrix API (JSON)", base, API, tokens)
        writer = Writer(base, party_index=0)
        writer.start()
        try:
            measure("page, 1 mark/s written", base, PAGE, tokens)
        finally:
            writer.stop.set()
            writer.join()
        print(f"   ({writer.marks} marks written during the run)")
    finally:
        server.terminate()
        server.wait(timeout=20)
    server, base = start_server(url, args.workers, view_cache=0)
    try:
        tokens = log_in_all(base, args.clients)
        measure("page, view cache off", base, PAGE, tokens)
    finally:
        server.terminate()
        server.wait(timeout=20)
    baseline = results["baseline: static stylesheet"]["p50"]
    uncached = results["page, view cache off"]["p50"]
    for name in ("matrix page (HTML)", "matrix API (JSON)", "page, 1 mark/s written"):
        print(
            f"{name}: median {results[name]['p50'] / baseline:.1f}x the baseline's, "
            f"{uncached / results[name]['p50']:.1f}x faster than without the view cache"
        )
    for name in ("matrix page (HTML)", "page, 1 mark/s written"):
        p95 = results[name]["p95"]
        verdict = "meets" if p95 < 150 else "misses"
        print(f"{name}: p95 {p95:.0f} ms {verdict} the 150 ms goal")


if __name__ == "__main__":
    main()
