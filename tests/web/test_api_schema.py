"""schemathesis against the API's OpenAPI schema: generated requests to every operation (valid
and hostile values alike) never get a server error, and every answer matches the schema (status
code documented, content type, body shape).

In-process through Django's WSGI application, on the test database, with a small hub in it (a
public and a restricted document with their items, a practice) so that the operations answer
with data, not only with "not found"."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks

from praxhub.web.api import api

# Loaded from the application object itself: the same schema /api/openapi.json serves.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api"))
schema.app = get_wsgi_application()

CHECKS = [checks.not_a_server_error, checks.status_code_conformance, checks.content_type_conformance,
          checks.response_schema_conformance]


@pytest.fixture
def hub(db, make_document):
    from praxhub.accounts.audience import Audience
    from praxhub.documents.models import Document
    from praxhub.events.models import Event

    public = Document.objects.get(pk=make_document("Prevention report", "Conference in Vienna.", countries=("AT",),
                                                   themes=("prisons",)))
    restricted = Document.objects.get(pk=make_document("Closed notes", "Meeting.", countries=("MT",)))
    restricted.set_audience(Audience.MEMBERS)
    Event.objects.create(document=public, span_start=0, span_end=5, fingerprint="a", title="Vienna conference")
    # As Django's test client does: the WSGI handler would close the test's database connection
    # at the end of each request (PostgreSQL then loses the test's transaction).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield public
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_answers_within_its_schema(case, hub):
    case.call_and_validate(checks=CHECKS)
