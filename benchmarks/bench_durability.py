"""Durability under kill -9: no acknowledged mark is lost, and the record still verifies.

Writers (separate processes) mark stances through the service in a loop and print
each mark's identity once its transaction has committed (the acknowledgement). After
a while everything is killed with SIGKILL mid-write: for SQLite the writer processes
(the database engine runs inside them); for PostgreSQL the server itself (postmaster
and backends) and then the writers. The database is then reopened (PostgreSQL
restarted, crash recovery) and checked: every acknowledged mark is there, and
``audit verify`` finds the chain, the Merkle frontier and every table intact.

Baseline, same run: the acknowledged count itself (lost = acknowledged - found must
be 0). Throughput is printed for reference. This is a process crash test, not a power
loss test: the operating system's page cache survives a kill -9.

Run: .venv/bin/python benchmarks/bench_durability.py [--rounds N] [--seconds S]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from onetext.access import Actor
from onetext.model import PartyKind
from onetext.service import drafts, negotiations
from onetext.store.audit import verify_chain
from onetext.store.database import open_database
from onetext.store.record_check import check_tables
from onetext.store.record_specs import SPECS
from onetext.store.tables import PositionRow
from onetext.store.unit_of_work import UnitOfWork
from onetext.text.parse import parse_draft

WRITER = r"""
import sys
from onetext.access import Actor
from onetext.model import Stance, Visibility
from onetext.service import positions
from onetext.store.database import open_database
from onetext.store.unit_of_work import UnitOfWork

url, party, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
database = open_database(url)
operator = Actor.system_operator()
stances = list(Stance)
visibilities = list(Visibility)
i = seed
while True:
    i += 1
    with UnitOfWork(database) as uow:
        mark = positions.mark_stance(
            uow, operator, "talks", party=party, label=str(i % 50 + 1),
            stance=stances[i % 4], visibility=visibilities[i % 3], note=f"note {i}",
        )
    print(party, i, flush=True)
"""

POINTS = "\n".join(f"{n}. Point {n} shall be agreed in good faith." for n in range(1, 51))


def _setup(url: str) -> None:
    database = open_database(url)
    operator = Actor.system_operator()
    try:
        with UnitOfWork(database) as uow:
            negotiations.create_negotiation(uow, operator, "talks", "Durability")
        for party in ("north", "south"):
            with UnitOfWork(database) as uow:
                negotiations.add_party(uow, operator, "talks", party, party, PartyKind.PARTY)
        with UnitOfWork(database) as uow:
            negotiations.add_party(uow, operator, "talks", "envoy", "Envoy", PartyKind.MEDIATOR)
        with UnitOfWork(database) as uow:
            drafts.table_draft(
                uow,
                operator,
                "talks",
                parse_draft("FRAMEWORK\n" + POINTS + "\n"),
                document="framework",
                party="envoy",
                message="the text marked under load",
            )
    finally:
        database.dispose()


def _writers(url: str, folder: Path, round_no: int) -> list[tuple[subprocess.Popen[bytes], Path]]:
    started = []
    for index, party in enumerate(("north", "south")):
        log = folder / f"acks-{round_no}-{party}.txt"
        handle = log.open("wb")
        process = subprocess.Popen(
            [sys.executable, "-c", WRITER, url, party, str(round_no * 1_000_000 + index)],
            stdout=handle,
            stderr=subprocess.DEVNULL,
        )
        handle.close()
        started.append((process, log))
    return started


def _acknowledged(logs: list[Path]) -> int:
    count = 0
    for log in logs:
        lines = log.read_text().splitlines()
        count += sum(1 for line in lines if line.count(" ") == 1)  # a torn last line is no ack
    return count


def _check(url: str, before: int, acknowledged: int) -> tuple[int, int, int]:
    database = open_database(url)
    try:
        with database.session() as session:
            found = len(session.execute(select(PositionRow.id)).all())
            report = verify_chain(session)
            tables = check_tables(session, SPECS)
    finally:
        database.dispose()
    if tables.findings:
        raise SystemExit(f"the record does not verify after kill -9: {tables.findings[:3]}")
    return found - before, acknowledged, report.events


def _count(url: str) -> int:
    database = open_database(url)
    try:
        with database.session() as session:
            return len(session.execute(select(PositionRow.id)).all())
    finally:
        database.dispose()


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (read from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


class Postgres:
    def __init__(self) -> None:
        root = Path(tempfile.mkdtemp(prefix="onetext-durability-pg-"))
        found = shutil.which("pg_ctl")
        candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), reverse=True)
        self.bindir = Path(found).parent if found else candidates[0].parent
        self.data, self.sockets = root / "data", root / "sock"
        self.sockets.mkdir(parents=True)
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(root, "postgres")
            shutil.chown(self.sockets, "postgres")
            self.prefix = ["runuser", "-u", "postgres", "--"]
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = int(sock.getsockname()[1])
        self.root = root
        subprocess.run(
            [*self.prefix, str(self.bindir / "initdb"), "-D", str(self.data), "-A", "trust",
             "-U", "onetext", "-E", "UTF8"],
            check=True, capture_output=True,
        )  # fmt: skip
        self.start()

    def start(self) -> None:
        options = f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1"
        for _attempt in range(20):  # a killed server's last processes may linger a moment
            done = subprocess.run(
                [*self.prefix, str(self.bindir / "pg_ctl"), "-D", str(self.data), "-o", options,
                 "-l", str(self.root / "log"), "-w", "start"],
                check=False, capture_output=True,
            )  # fmt: skip
            if done.returncode == 0:
                return
            time.sleep(0.5)
        log = (self.root / "log").read_text(errors="replace").splitlines()[-5:]
        raise SystemExit("PostgreSQL did not restart:\n" + "\n".join(log))

    def kill(self) -> None:
        pid = int((self.data / "postmaster.pid").read_text().splitlines()[0])
        children = _children(pid)
        os.kill(pid, signal.SIGKILL)  # the postmaster, then each of its backends by id
        for child in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGKILL)
        time.sleep(0.5)

    def stop(self) -> None:
        subprocess.run(
            [*self.prefix, str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m",
             "immediate", "stop"],
            check=False, capture_output=True,
        )  # fmt: skip

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://onetext@127.0.0.1:{self.port}/postgres"


def run(backend: str, rounds: int, seconds: float, folder: Path) -> None:
    server = Postgres() if backend == "postgresql" else None
    url = server.url if server else f"sqlite:///{folder / 'durability.db'}"
    try:
        _setup(url)
        lost_total = acked_total = 0
        rates = []
        for round_no in range(rounds):
            before = _count(url)
            writers = _writers(url, folder, round_no)
            deadline = time.monotonic() + 120  # writers start slowly on a loaded machine
            while time.monotonic() < deadline and not all(
                log.stat().st_size for _p, log in writers
            ):
                time.sleep(0.05)
            time.sleep(seconds)
            if server:
                server.kill()
            for process, _log in writers:
                process.send_signal(signal.SIGKILL)
                process.wait()
            acknowledged = _acknowledged([log for _p, log in writers])
            if server:
                server.start()
            found, acked, events = _check(url, before, acknowledged)
            lost = max(0, acked - found)
            lost_total += lost
            acked_total += acked
            rates.append(acked / seconds)
            print(
                f"{backend} round {round_no + 1}: acknowledged {acked}, found {found} "
                f"(unacknowledged but committed: {found - acked + lost}), lost {lost}, "
                f"log {events} events, verify intact"
            )
        rates.sort()
        print(
            f"| {backend} | {rounds} × {seconds:g} s | {acked_total:,} | {lost_total} | "
            f"{rates[len(rates) // 2]:.0f} marks/s |"
        )
    finally:
        if server:
            server.stop()
            shutil.rmtree(server.root, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="onetext-durability-"))
    try:
        for backend in ("sqlite", "postgresql"):
            if args.backend in (backend, "both"):
                run(backend, args.rounds, args.seconds, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
