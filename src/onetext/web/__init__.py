"""The web app: a JSON API (OpenAPI) and server-rendered pages over the services."""

from onetext.web.app import create_app

__all__ = ["create_app"]
