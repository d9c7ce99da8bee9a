"""A live app for browser tests: uvicorn on a free loopback port in a thread, and
Debian's Chromium driven by Playwright (the same set-up as ``test_web_browser``)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from playwright.sync_api import Browser, Page
from web_support import NEGOTIATION, password

from onetext.store.database import Database
from onetext.web import create_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(database: Database, **app_options: Any) -> Iterator[str]:
    """The app on ``database`` at a loopback address, until the block ends."""
    with serving_app(create_app(database, **app_options)) as url:
        yield url


@contextmanager
def serving_app(app: Any) -> Iterator[str]:
    """``app`` at a loopback address (one worker), until the block ends."""
    port = free_port()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="off",
        timeout_graceful_shutdown=2,
    )
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not running.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start within 15 s")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        running.should_exit = True
        thread.join(timeout=10)


def log_in(browser: Browser, base: str, handle: str, width: int = 1280) -> Page:
    """A new browser context logged in as ``handle`` through the login form."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/login")
    page.fill("input[name=username]", handle)
    page.fill("input[name=password]", password(handle))
    page.click("button[type=submit]")
    page.wait_for_url("**/negotiations")
    return page


def negotiation_url(base: str, path: str = "") -> str:
    return f"{base}/negotiations/{NEGOTIATION}{path}"
