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
import asyncio
import os
import socket
import statistics
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


async def run_load(base: str, path: str, clients: int, seconds: float) -> list[float]:
    """Each client logs in, then requests ``path`` back to back until time is up."""
    timings: list[float] = []
    sessions = []
    for index in range(clients):
        client = httpx.AsyncClient(base_url=base, timeout=30)
        response = await client.post(
            "/api/login", json={"username": f"delegate-{index}", "password": PASSWORD}
        )
        response.raise_for_status()
        sessions.append(client)
    stop = time.perf_counter() + seconds

    async def loop(client: httpx.AsyncClient) -> None:
        while time.perf_counter() < stop:
            began = time.perf_counter()
            response = await client.get(path)
            timings.append(time.perf_counter() - began)
            if response.status_code != 200:
                raise RuntimeError(f"{path}: HTTP {response.status_code}")

    await asyncio.gather(*(loop(client) for client in sessions))
    for client in sessions:
        await client.aclose()
    return timings


def describe(name: str, timings: list[float], seconds: float) -> tuple[float, float]:
    ordered = sorted(timings)
    median = statistics.median(ordered) * 1000
    p95 = ordered[int(0.95 * (len(ordered) - 1))] * 1000
    print(
        f"{name:<28} median {median:7.1f} ms   p95 {p95:7.1f} ms   "
        f"{len(ordered) / seconds:7.1f} req/s   ({len(ordered)} requests)"
    )
    return median, p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="empty database URL (default: a fresh SQLite file)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
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
        results = {}
        for name, path in (
            ("baseline: static stylesheet", "/static/onetext.css"),
            ("matrix page (HTML)", "/negotiations/bench/matrix"),
            ("matrix API (JSON)", "/api/negotiations/bench/matrix"),
        ):
            timings = asyncio.run(run_load(base, path, args.clients, args.seconds))
            results[name] = describe(name, timings, args.seconds)
        baseline = results["baseline: static stylesheet"][0]
        for name in ("matrix page (HTML)", "matrix API (JSON)"):
            print(f"{name}: median {results[name][0] / baseline:.1f}x the baseline's")
        verdict = "meets" if results["matrix page (HTML)"][1] < 150 else "misses"
        print(
            f"matrix page p95 {results['matrix page (HTML)'][1]:.0f} ms {verdict} the 150 ms goal"
        )
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
