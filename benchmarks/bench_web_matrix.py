"""Load on loopback: the stance-matrix page of a 5-party × 100-point negotiation.

    python benchmarks/bench_web_matrix.py [--db URL] [--clients 20] [--seconds 10] [--workers 2]

Builds the negotiation (5 parties, 100 points, one mark per party and point with
mixed visibilities) in a fresh SQLite file or in the (empty) database at ``--db``,
starts ``onetext serve`` (uvicorn, ``--workers`` processes) on a free loopback
port, logs ``--clients`` delegates in, and has them request, each in a closed loop
for ``--seconds``: the matrix page (HTML), the matrix API route (JSON), and, as the
baseline, the static stylesheet through the same server and middleware. Prints the
median, 95th percentile and throughput of each, and the ratio of the matrix's
medians to the baseline's. The load generator (asyncio + httpx) runs on the same
machine and takes CPU from the server: figures are an upper bound on latency.
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
import time
from pathlib import Path

import httpx

from onetext.access import Actor
from onetext.model import Level, PartyKind, Stance, Visibility
from onetext.service import accounts, drafts, negotiations, positions
from onetext.service.unit_of_work import UnitOfWork
from onetext.store.database import open_database
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
        str(args.workers),
    ]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, env=os.environ.copy())
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{base}/login", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.2)
        backend = url.split(":", 1)[0]
        print(
            f"{backend}, {len(PARTIES)} parties x {POINTS} points, {args.clients} clients, "
            f"{args.workers} workers, {args.seconds:.0f} s each"
        )
        tokens = log_in_all(base, args.clients)
        script = Path(folder) / "sessions.lua"
        script.write_text(WRK_SCRIPT)
        results = {}
        for name, path in (
            ("baseline: static stylesheet", "/static/onetext.css"),
            ("matrix page (HTML)", "/negotiations/bench/matrix"),
            ("matrix API (JSON)", "/api/negotiations/bench/matrix"),
        ):
            results[name] = run_wrk(base, path, tokens, args.clients, args.seconds, script)
            describe(name, results[name])
        baseline = results["baseline: static stylesheet"]["p50"]
        for name in ("matrix page (HTML)", "matrix API (JSON)"):
            print(f"{name}: median {results[name]['p50'] / baseline:.1f}x the baseline's")
        p95 = results["matrix page (HTML)"]["p95"]
        verdict = "meets" if p95 < 150 else "misses"
        print(f"matrix page p95 {p95:.0f} ms {verdict} the 150 ms goal")
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
