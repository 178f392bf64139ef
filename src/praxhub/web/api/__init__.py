"""The JSON API (django-ninja); OpenAPI at /api/docs. One router per area of the hub; every
endpoint calls the same services as the pages."""

from __future__ import annotations

from ninja import NinjaAPI

from praxhub import __version__
from praxhub.web.api import core, directory, discussion, events, indicators, practices, tracker

api = NinjaAPI(
    title="praxhub API", version=__version__, urls_namespace="api",
    description="Documents, search, events, organisations, initiatives and recommendations of a praxhub "
                "knowledge hub. Extracted items carry their provenance (document and character span) "
                "and their curation status.",
)
api.add_router("", core.router)
api.add_router("", events.router)
api.add_router("", directory.router)
api.add_router("", practices.router)
api.add_router("", tracker.router)
api.add_router("", discussion.router)
api.add_router("", indicators.router)
