"""``onetext serve``: run the web app with uvicorn (optionally on the demo negotiation)."""

import os
from typing import TYPE_CHECKING, Annotated

import typer

from onetext.cli.output import DbOption, esc, styled

if TYPE_CHECKING:
    from collections.abc import Callable

    from onetext.store.database import Database

__all__ = ["prepare_demo", "register"]


def prepare_demo(database: "Database") -> list[tuple[str, str]]:
    """Build the demo negotiation (once) and its accounts; return (username, password)."""
    from onetext.service import accounts, drafts
    from onetext.service.actors import operator
    from onetext.service.demo import build_demo, demo_scenario
    from onetext.store.unit_of_work import UnitOfWork

    secretariat = operator()
    summary = build_demo(database)
    focus = demo_scenario().get("focus")
    if summary.created and focus:
        with UnitOfWork(database) as uow:
            drafts.set_focus(uow, secretariat, summary.negotiation, focus)
    with UnitOfWork(database) as uow:
        return accounts.ensure_demo_accounts(uow, secretariat, summary.negotiation)


def serve_command(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port.")] = 8000,
    demo: Annotated[
        bool, typer.Option("--demo", help="Build the demo negotiation and its accounts first.")
    ] = False,
    workers: Annotated[
        int, typer.Option("--workers", min=1, max=64, help="Worker processes (PostgreSQL).")
    ] = 1,
    forwarded_allow_ips: Annotated[
        str | None,
        typer.Option(
            "--forwarded-allow-ips",
            help="Addresses of reverse proxies whose X-Forwarded-For/-Proto are believed "
            "(comma-separated, or '*'); default: none, the client's own address counts.",
        ),
    ] = None,
    api_docs: Annotated[
        bool,
        typer.Option(
            "--api-docs",
            help="Serve Swagger UI at /docs (its page loads script from a CDN; off by default).",
        ),
    ] = False,
    worker: Annotated[
        bool,
        typer.Option(
            "--worker/--no-worker",
            help="Run an engine queue worker in this process (PostgreSQL; default on). "
            "With --no-worker, run `onetext worker` beside it.",
        ),
    ] = True,
) -> None:
    """Serve the web app (pages and JSON API) with uvicorn."""
    import uvicorn

    from onetext.cli.output import console
    from onetext.store.database import database_url, open_database
    from onetext.web import create_app
    from onetext.web.workers import proxy_options

    database = open_database(db)
    if demo:
        logins = prepare_demo(database)
        console.print(styled("[bold]demo accounts[/] (username / password):"))
        for username, password in logins:
            console.print(f"  {username:<22} {password}", highlight=False)
    docs = "/docs" if api_docs else "/openapi.json"
    console.print(styled(f"onetext at [bold]http://{esc(host)}:{esc(port)}[/]  (API: {docs})"))
    if api_docs:
        os.environ["ONETEXT_API_DOCS"] = "1"  # worker processes read it too
    # a lasting queue worker in this process (the web app then only defers runs); on
    # SQLite the web app runs the engine itself
    os.environ["ONETEXT_ENGINE_WORKER"] = "0"
    if workers > 1:  # each worker process opens the database itself
        from onetext.web.workers import can_share_port, serve_workers

        database.dispose()
        if worker:
            _start_engine_worker(database)
        os.environ["ONETEXT_DATABASE_URL"] = database_url(db)
        if can_share_port():
            serve_workers(host, port, workers, forwarded_allow_ips)
            return
        uvicorn.run(
            "onetext.web.app:app_from_environment",
            factory=True,
            workers=workers,
            host=host,
            port=port,
            log_level="warning",
            **proxy_options(forwarded_allow_ips),  # type: ignore[arg-type]
        )
        return
    stop_worker = _start_engine_worker(database) if worker else None
    try:
        uvicorn.run(
            create_app(database, api_docs=api_docs, engine_worker=False),
            host=host,
            port=port,
            log_level="warning",
            **proxy_options(forwarded_allow_ips),  # type: ignore[arg-type]
        )
    finally:
        if stop_worker is not None:
            stop_worker()
        database.dispose()


def _start_engine_worker(database: "Database") -> "Callable[[], None] | None":
    """A queue worker in a thread of this process; returns what stops it."""
    if database.is_sqlite:
        return None
    from onetext.service.engine_queue import start_worker_thread
    from onetext.web.presenters import frontier_svg

    thread, stop = start_worker_thread(database, draw_frontier=frontier_svg)

    def stop_it() -> None:
        stop.set()
        thread.join(timeout=10)

    return stop_it


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)
