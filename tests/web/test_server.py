"""The gunicorn runner's warm-up in the master process."""

from __future__ import annotations


def test_warm_up_loads_the_urls_and_leaves_no_connection_open() -> None:
    from django.db import connections
    from django.urls import get_resolver

    from praxhub.web.server import warm_up

    warm_up()
    assert "url_patterns" in get_resolver().__dict__  # imported once, before the workers fork
    assert all(c.connection is None for c in connections.all())
