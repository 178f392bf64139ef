"""Run the web app under gunicorn from inside the praxhub process."""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication


class _Server(BaseApplication):
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        assert self.cfg is not None
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from praxhub.web.wsgi import application

        warm_up()
        return application


def warm_up() -> None:
    """Do in the master, once, what Django otherwise does on each worker's first request:
    import the URL configuration (the API's schemas alone take ~0.2 s) and compile the page
    templates. Forked workers inherit the result, so no visitor waits for a cold worker."""
    from django.db import connections
    from django.template.loader import get_template
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - the import is the point
    for name in ("praxhub/home.html", "praxhub/search.html", "praxhub/document.html", "praxhub/error.html"):
        get_template(name)
    connections.close_all()  # no database connection may cross a fork


def run(host: str, port: int, workers: int = 4, threads: int = 1) -> None:
    _Server({
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "accesslog": "-",
        "errorlog": "-",
        "loglevel": "warning",
        "timeout": 60,
        "graceful_timeout": 5,
        # Load the app in the master: one import, shared by forked workers.
        "preload_app": True,
    }).run()
