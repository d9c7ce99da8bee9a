"""Live pages: how long from a write until 20 open pages show it.

    python benchmarks/bench_live.py [--db URL] [--pages 20] [--writes 15] [--workers 2]

Builds the negotiation of ``bench_web_matrix`` (5 parties × 100 points, a mark per
party and point) in a fresh SQLite file or the (empty) database at ``--db``, starts
``onetext serve`` with ``--workers`` processes, and opens ``--pages`` stance-matrix
pages, one per delegate, each as the browser's ``live.js`` does: an event stream
(``/live?view=matrix``) and, on ``update``, a fetch of the page. One more delegate
then marks a stance ``--writes`` times through the JSON API, each with a new joint
note every page may read. For each write and page: the time from sending the write
until the page's ``update`` event arrived, and until the fetched page held the note.

Baseline, same run, same server and writes: the page as it was before, reloading
itself every second (the engine run page's meta refresh) and so showing a write at
its next reload. Prints median and 95th percentile of both and the ratio of the
baseline's median to the live pages' median.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from bench_web_matrix import PASSWORD, build, free_port, listening_sockets, log_in_all

PAGE = "/negotiations/bench/matrix"
STREAM = "/negotiations/bench/live?view=matrix"


def start_server(url: str, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    """``onetext serve`` on a free port; waits up to two minutes (a loaded machine)."""
    port = free_port()
    command = [sys.executable, "-m", "onetext", "serve", "--db", url, "--port", str(port)]
    command += ["--workers", str(workers)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            httpx.get(f"{base}/login", timeout=2)
            if listening_sockets(port) >= workers or time.monotonic() > deadline:
                return server, base
        except httpx.TransportError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.terminate()
                raise SystemExit("the server did not start") from None
        time.sleep(0.3)


class LivePage(threading.Thread):
    """One open matrix page following its event stream."""

    def __init__(self, base: str, token: str) -> None:
        super().__init__(daemon=True)
        self.base, self.token = base, token
        self.ready = threading.Event()
        self.stop = threading.Event()
        self.expected: str | None = None
        self.event_at: dict[str, float] = {}
        self.shown_at: dict[str, float] = {}

    def run(self) -> None:
        cookies = {"onetext_session": self.token}
        with (
            httpx.Client(base_url=self.base, cookies=cookies, timeout=60) as fetcher,
            httpx.Client(base_url=self.base, cookies=cookies, timeout=None) as streamer,
            streamer.stream("GET", STREAM) as events,
        ):
            name = ""
            for line in events.iter_lines():
                if self.stop.is_set():
                    return
                if line.startswith("event: "):
                    name = line[len("event: ") :]
                elif line == "" and name:
                    if name == "ready":
                        self.ready.set()
                    elif name == "update" and self.expected is not None:
                        note, arrived = self.expected, time.perf_counter()
                        self.event_at.setdefault(note, arrived)
                        if note in fetcher.get(PAGE).text:
                            self.shown_at.setdefault(note, time.perf_counter())
                    name = ""


class ReloadingPage(threading.Thread):
    """The baseline: a page that reloads itself every second."""

    def __init__(self, base: str, token: str, interval: float = 1.0) -> None:
        super().__init__(daemon=True)
        self.base, self.token, self.interval = base, token, interval
        self.stop = threading.Event()
        self.expected: str | None = None
        self.shown_at: dict[str, float] = {}

    def run(self) -> None:
        cookies = {"onetext_session": self.token}
        with httpx.Client(base_url=self.base, cookies=cookies, timeout=60) as client:
            time.sleep(self.interval * (hash(self.token) % 1000) / 1000)  # pages opened apart
            while not self.stop.is_set():
                started = time.perf_counter()
                note = self.expected
                html = client.get(PAGE).text
                if note is not None and note in html:
                    self.shown_at.setdefault(note, time.perf_counter())
                self.stop.wait(max(0.0, self.interval - (time.perf_counter() - started)))


def write_marks(
    base: str, writer: str, pages: list[LivePage] | list[ReloadingPage], writes: int, tag: str
) -> dict[str, float]:
    """Mark a stance ``writes`` times, each with a new joint note; when each was sent."""
    sent: dict[str, float] = {}
    with httpx.Client(base_url=base, timeout=60) as client:
        login = client.post("/api/login", json={"username": writer, "password": PASSWORD})
        login.raise_for_status()
        csrf = login.json()["csrf_token"]
        for index in range(writes):
            note = f"LIVE-{tag}-{index}-{time.time_ns()}"
            for page in pages:
                page.expected = note
            sent[note] = time.perf_counter()
            answer = client.post(
                "/api/negotiations/bench/marks",
                json={
                    "label": str(index % 100 + 1),
                    "stance": ["accepted", "reservations", "open"][index % 3],
                    "visibility": "joint",
                    "note": note,
                },
                headers={"X-CSRF-Token": csrf},
            )
            answer.raise_for_status()
            deadline = time.perf_counter() + 15
            while time.perf_counter() < deadline and not all(
                note in page.shown_at for page in pages
            ):
                time.sleep(0.01)
            time.sleep(0.5)  # let the pages settle before the next write
    return sent


def latencies(sent: dict[str, float], seen: list[dict[str, float]]) -> list[float]:
    return [
        (shown[note] - at) * 1000 for note, at in sent.items() for shown in seen if note in shown
    ]


def describe(name: str, values: list[float], expected: int) -> float:
    ordered = sorted(values)
    median = statistics.median(ordered)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    print(
        f"{name:<44} median {median:7.1f} ms   p95 {p95:7.1f} ms   "
        f"({len(values)} of {expected} page updates seen)"
    )
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an empty database URL (default: a fresh SQLite file)")
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--writes", type=int, default=15)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-live-"))
    url = args.db or f"sqlite:///{folder / 'live.db'}"
    build(url, args.pages + 1)
    server, base = start_server(url, args.workers)
    try:
        tokens = log_in_all(base, args.pages + 1)
        writer = f"delegate-{args.pages}"
        viewers = tokens[: args.pages]
        for token in viewers:  # every worker has rendered the page once
            httpx.get(f"{base}{PAGE}", cookies={"onetext_session": token}, timeout=60)

        live = [LivePage(base, token) for token in viewers]
        for page in live:
            page.start()
        for page in live:
            if not page.ready.wait(30):
                sys.exit("a live page did not connect")
        sent = write_marks(base, writer, live, args.writes, "sse")
        for page in live:
            page.stop.set()
        expected = len(sent) * len(live)
        print(f"{args.pages} open matrix pages, {args.workers} workers, {len(sent)} writes")
        describe(
            "live: write → update event",
            latencies(sent, [p.event_at for p in live]),
            expected,
        )
        live_median = describe(
            "live: write → page shows the note",
            latencies(sent, [p.shown_at for p in live]),
            expected,
        )

        reloading = [ReloadingPage(base, token) for token in viewers]
        for page in reloading:
            page.start()
        time.sleep(1.5)
        sent = write_marks(base, writer, reloading, args.writes, "reload")
        for page in reloading:
            page.stop.set()
        base_median = describe(
            "baseline (reload every 1 s): page shows note",
            latencies(sent, [p.shown_at for p in reloading]),
            len(sent) * len(reloading),
        )
        print(f"ratio baseline median / live median: {base_median / live_median:.2f}")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
