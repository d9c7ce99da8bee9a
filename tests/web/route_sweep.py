"""Every route of the app, taken from the app itself (not a hand list), with sample
values for its path parameters: shared by the sweeps of the web tests."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute, Mount


def api_routes(app: FastAPI) -> list[APIRoute]:
    """The app's routes, routers included however FastAPI keeps them."""

    def walk(routes: list[BaseRoute]) -> Iterator[APIRoute]:
        for route in routes:
            if isinstance(route, APIRoute):
                yield route
            inner = getattr(route, "original_router", None)  # FastAPI >= 0.16x
            if inner is not None:
                yield from walk(inner.routes)

    return list(walk(app.routes))


def get_paths(app: FastAPI, sample: Mapping[str, str]) -> list[str]:
    """Every GET route with its parameters filled from ``sample`` ("x" when missing),
    and one file of each static mount."""
    paths = []
    for route in api_routes(app):
        if "GET" in route.methods:
            paths.append(re.sub(r"{(\w+)(:\w+)?}", lambda m: sample.get(m[1], "x"), route.path))
    for route in app.routes:
        if isinstance(route, Mount):
            paths.append(f"{route.path}/onetext.css")
    return paths
