"""The JSON API (django-ninja); OpenAPI at /api/docs. One router per area of the hub; every
endpoint calls the same services as the pages."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI

from praxhub import __version__
from praxhub.web.api import core, directory, discussion, events, indicators, practices, tracker

# The body django-ninja answers (422) when a parameter is missing or of the wrong type.
VALIDATION_ERROR = {
    "description": "A parameter or the body is missing or of the wrong type; `detail` says which.",
    "content": {"application/json": {"schema": {
        "type": "object", "required": ["detail"],
        "properties": {"detail": {"type": "array", "items": {"type": "object"}}}}}},
}
UNAUTHORISED = {
    "description": "The Authorization header's token is unknown, revoked or malformed.",
    "content": {"application/json": {"schema": {
        "type": "object", "required": ["detail"], "properties": {"detail": {"type": "string"}}}}},
}


class PraxhubAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        """Ninja's schema, with the answers every operation can give that ninja leaves out: 422
        (validation, for operations with parameters) and 401 (a bad token, see web/access.py)."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                if operation.get("parameters") or operation.get("requestBody"):
                    responses.setdefault(422, VALIDATION_ERROR)
                responses.setdefault(401, UNAUTHORISED)
        return schema


api = PraxhubAPI(
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
