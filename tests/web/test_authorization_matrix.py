"""The authorization matrix: every route of the URL configuration × every role × every visibility
of the item it shows.

The routes are read from the URL configuration itself; RULES says, for each route name, who may
GET it and who may POST to it. A route without a rule fails `test_every_route_has_a_rule`, so a
new page or endpoint cannot ship without someone deciding who may use it.

Roles: visitor (anonymous) < member < curator < admin (superuser). OWNER: signed-in, and the
service decides per item (the member who owns the item is allowed). Items come in three
visibilities (public, members only, restricted to a group none of the test's member and curator
belongs to): an item a role may not see is refused to it whatever the route's rule (404, 403, or
the sign-in page), and admins see every item.

The Django admin (`admin/…`) is covered by its own rule: visitors and members are sent to sign in,
admins get the index; its object pages are Django's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from praxhub.accounts.audience import Audience
from praxhub.accounts.services import create_user

VISITOR, MEMBER, CURATOR, ADMIN, OWNER = "visitor", "member", "curator", "admin", "owner"
ROLES = (VISITOR, MEMBER, CURATOR, ADMIN)
RANK = {VISITOR: 0, MEMBER: 1, OWNER: 1, CURATOR: 2, ADMIN: 3}
NO = None  # the method is not allowed on the route (405) or the route has no such form

# route name → (who may GET, who may POST)
RULES: dict[str, tuple[str | None, str | None]] = {
    "home": (VISITOR, NO), "healthz": (VISITOR, NO),
    "search": (VISITOR, NO), "search-csv": (VISITOR, NO), "search-json": (VISITOR, NO),
    "document": (VISITOR, NO), "document-original": (VISITOR, NO),
    "document-curate": (NO, CURATOR), "document-merge-organisations": (NO, CURATOR),
    "document-curate-organisation": (NO, CURATOR),
    "events": (VISITOR, NO), "events-ics": (VISITOR, NO), "events-csv": (VISITOR, NO), "events-json": (VISITOR, NO),
    "event": (VISITOR, NO), "event-ics": (VISITOR, NO),
    "event-decide": (NO, CURATOR), "event-merge": (NO, CURATOR), "event-unmerge": (NO, CURATOR),
    "organisations": (VISITOR, NO), "organisations-csv": (VISITOR, NO), "organisations-json": (VISITOR, NO),
    "organisation": (VISITOR, NO), "organisation-decide": (NO, CURATOR), "organisation-merge": (NO, CURATOR),
    "initiatives": (VISITOR, NO), "initiatives-csv": (VISITOR, NO), "initiatives-json": (VISITOR, NO),
    "initiative": (VISITOR, NO), "initiative-decide": (NO, CURATOR),
    "experts": (VISITOR, NO), "experts-csv": (VISITOR, NO), "experts-json": (VISITOR, NO), "expert": (VISITOR, NO),
    "practices": (VISITOR, NO), "practices-csv": (VISITOR, NO), "practices-json": (VISITOR, NO),
    "practice-new": (MEMBER, MEMBER), "practice-review-queue": (CURATOR, NO), "practices-mine": (MEMBER, NO),
    "practice": (VISITOR, NO), "practice-edit": (OWNER, OWNER), "practice-submit": (NO, OWNER),
    "practice-review": (NO, CURATOR),
    "recommendations": (VISITOR, NO), "recommendations-csv": (VISITOR, NO), "recommendation": (VISITOR, NO),
    "follow-up-add": (NO, MEMBER), "recommendation-same": (NO, CURATOR),
    "recommendation-source": (VISITOR, NO), "recommendation-source-json": (VISITOR, NO),
    "follow-up-update": (NO, OWNER), "follow-up-evidence": (NO, OWNER),
    "event-comment": (NO, MEMBER), "practice-comment": (NO, MEMBER),
    "comment-moderate": (NO, CURATOR), "comment-delete": (NO, OWNER), "comment-moderation": (CURATOR, NO),
    "map": (VISITOR, NO), "map-csv": (VISITOR, NO), "map-json": (VISITOR, NO),
    "trends": (VISITOR, NO), "trends-csv": (VISITOR, NO), "trends-json": (VISITOR, NO),
    "login": (VISITOR, VISITOR), "login-code": (VISITOR, VISITOR), "logout": (NO, VISITOR),
    "account-security": (MEMBER, MEMBER),
    "password_reset": (VISITOR, VISITOR), "password_reset_done": (VISITOR, NO),
    "password_reset_confirm": (VISITOR, VISITOR), "password_reset_complete": (VISITOR, NO),
    "api-tokens": (MEMBER, MEMBER), "api-token-revoke": (NO, OWNER),
    "me": (MEMBER, NO), "me-profile": (MEMBER, MEMBER), "me-profile-withdraw": (NO, MEMBER),
    "me-export": (MEMBER, NO), "me-delete": (MEMBER, MEMBER),
    "audit": (ADMIN, NO), "audit-csv": (ADMIN, NO), "audit-jsonl": (ADMIN, NO),
    "set_language": (VISITOR, VISITOR),  # Django's: a GET goes back where it came from
    # django-ninja's schema and docs answer any method (read-only); its root is not a page (404).
    "api:openapi-json": (VISITOR, VISITOR), "api:openapi-view": (VISITOR, VISITOR), "api:api-root": (NO, NO),
    "api:api_search": (VISITOR, NO), "api:api_document": (VISITOR, NO), "api:api_home": (VISITOR, NO),
    "api:api_stats": (VISITOR, NO), "api:events": (VISITOR, NO), "api:event": (VISITOR, NO),
    "api:event_duplicates": (VISITOR, NO), "api:api_organisations": (VISITOR, NO),
    "api:api_organisation": (VISITOR, NO), "api:api_initiatives": (VISITOR, NO), "api:api_initiative": (VISITOR, NO),
    "api:api_experts": (VISITOR, NO), "api:api_expert": (VISITOR, NO), "api:api_practices": (VISITOR, NO),
    "api:api_practice": (VISITOR, NO), "api:api_recommendations": (VISITOR, NO),
    "api:api_recommendation_themes": (VISITOR, NO), "api:api_recommendation_source": (VISITOR, NO),
    "api:api_recommendation": (VISITOR, NO), "api:api_comments": (VISITOR, NO),
    # Writing through the API takes a read-and-write token (tests/accounts/test_tokens.py): a session is refused.
    "api:api_comment_post": (VISITOR, ADMIN + "+token"), "api:api_trends": (VISITOR, NO), "api:api_map": (VISITOR, NO),
}
# Routes whose object has an audience: the argument that names it.
ITEM_ARGUMENTS = {"document_id", "event_id", "item_id", "rec_id", "follow_up_id", "comment_id"}
ITEM_SLUG_ROUTES = {"practice", "practice-edit", "practice-submit", "practice-review", "practice-comment",
                    "api:api_practice"}


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    arguments: tuple[str, ...]


def routes() -> list[Route]:
    found: list[Route] = []

    def walk(patterns: list[Any], prefix: str, namespace: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else \
                    entry.namespace or namespace
                walk(entry.url_patterns, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern):
                name = f"{namespace}:{entry.name}" if namespace else (entry.name or "")
                found.append(Route(name, prefix + str(entry.pattern), tuple(entry.pattern.converters)
                                   if hasattr(entry.pattern, "converters") else ()))

    walk(get_resolver().url_patterns, "", "")
    return found


def app_routes() -> list[Route]:
    return [r for r in routes() if not r.pattern.startswith("admin/")]


def test_every_route_has_a_rule():
    missing = sorted({r.name or r.pattern for r in app_routes()} - set(RULES))
    assert not missing, f"routes without an authorization rule (add them to RULES): {missing}"
    stale = sorted(set(RULES) - {r.name for r in app_routes()})
    assert not stale, f"rules for routes that no longer exist: {stale}"


# -- the world ------------------------------------------------------------------------------------

PASSWORD = "a long enough passphrase"
VISIBILITIES = ("public", "members", "group")


@pytest.fixture
def world(db, make_document) -> dict[str, Any]:
    from praxhub import config
    from praxhub.accounts.models import ExpertProfile
    from praxhub.accounts.tokens import issue
    from praxhub.discussion.models import Comment
    from praxhub.documents.models import Document
    from praxhub.events.models import Event
    from praxhub.organisations.models import Initiative, Organisation
    from praxhub.practices import services as practices
    from praxhub.recommendations.models import FollowUp, Recommendation
    from praxhub.store import blobs

    users = {MEMBER: create_user("member", PASSWORD), CURATOR: create_user("curator", PASSWORD, curator=True),
             ADMIN: create_user("admin", PASSWORD, admin=True)}
    closed = Group.objects.create(name="closed-platform")
    organisation = Organisation.objects.create(slug="ran", name="Radicalisation Awareness Network", origin="registry")
    initiative = Initiative.objects.create(slug="ran-initiative", name="RAN", origin="registry")
    profile = ExpertProfile.objects.create(user=users[MEMBER], display_name="M. Ember", role="researcher",
                                           consent_at="2026-01-01T00:00:00Z")
    token, _secret = issue(users[MEMBER], "script")
    items: dict[str, dict[str, Any]] = {}
    for visibility in VISIBILITIES:
        doc = Document.objects.get(pk=make_document(f"Report {visibility}", "Text.", name=f"{visibility}.txt"))
        blobs.put(config.get().originals_dir, b"Text.", doc.sha256)
        event = Event.objects.create(document=doc, span_start=0, span_end=4, fingerprint="e", title="Meeting",
                                     start="2027-05-12")
        rec = Recommendation.objects.create(document=doc, span_start=0, span_end=4, fingerprint="r",
                                            text="Member States should act.")
        data = practices.PracticeInput(title=f"Practice {visibility}", summary="Does good.", countries=["AT"],
                                       themes=["prisons"], target_groups=["prisoners"])
        practice = practices.save(data, users[MEMBER])
        practices.submit(practice, users[MEMBER])
        practices.publish(practice, users[CURATOR])
        comment = Comment.objects.create(event=event, author=users[MEMBER], text="Noted.")
        follow_up = FollowUp.objects.create(recommendation=rec, country="AT", created_by=users[MEMBER],
                                            updated_on="2026-01-01")
        for item in (doc, event, rec, practice, comment):
            if visibility == "members":
                item.set_audience(Audience.MEMBERS)
            elif visibility == "group":
                item.set_audience(Audience.GROUPS, [closed])
        items[visibility] = {"document_id": doc.pk, "event_id": event.pk, "item_id": event.pk, "rec_id": rec.pk,
                             "follow_up_id": follow_up.pk, "comment_id": comment.pk, "practice": practice.slug}
    return {"users": users, "items": items, "organisation": organisation.slug, "initiative": initiative.slug,
            "profile_id": profile.pk, "token_id": token.pk}


def _arguments(route: Route, world: dict[str, Any], visibility: str) -> dict[str, Any] | None:
    items = world["items"][visibility]
    values: dict[str, Any] = {}
    for name in route.arguments:
        if name in items:
            values[name] = items[name]
        elif name == "slug":
            values[name] = (items["practice"] if route.name in ITEM_SLUG_ROUTES else
                            world["initiative"] if "initiative" in route.name else world["organisation"])
        elif name == "kind":
            values[name] = "event"
        elif name == "action":
            values[name] = "decide"
        elif name == "organisation_id":
            from praxhub.organisations.models import Organisation

            values[name] = Organisation.objects.get(slug=world["organisation"]).pk
        elif name == "profile_id":
            values[name] = world["profile_id"]
        elif name == "token_id":
            values[name] = world["token_id"]
        elif name == "uidb64":
            values[name] = "MQ"
        elif name == "token":
            values[name] = "set-password"
        else:
            return None
    return values


def _address(route: Route, arguments: dict[str, Any]) -> str:
    import re

    def fill(match: re.Match) -> str:
        return str(arguments[match.group(2)])

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, route.pattern)


def _client(role: str, world: dict[str, Any]) -> Client:
    client = Client()
    if role != VISITOR:
        client.force_login(world["users"][role])
    return client


def _refused(response: Any) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    return response.status_code == 302 and "login/" in response.get("Location", "")


def _sees(role: str, visibility: str) -> bool:
    return visibility == "public" or (visibility == "members" and role != VISITOR) or role == ADMIN


def _has_item(route: Route) -> bool:
    return bool(ITEM_ARGUMENTS & set(route.arguments)) or route.name in ITEM_SLUG_ROUTES


def _check(route: Route, method: str, rule: str | None, role: str, visibility: str, world: dict) -> str | None:
    """None when the answer is right, else what was wrong."""
    arguments = _arguments(route, world, visibility)
    assert arguments is not None, f"{route.name}: the matrix cannot fill its arguments {route.arguments}"
    address = _address(route, arguments)
    client = _client(role, world)
    response = client.get(address) if method == "GET" else client.post(address, {})
    where = f"{method} {address} as {role} ({visibility})"
    if response.status_code >= 500:
        return f"{where}: {response.status_code}"
    if rule is NO:
        if response.status_code != 405 and not _refused(response):
            return f"{where}: {response.status_code}, expected 405"
        return None
    may_see = _sees(role, visibility) or not _has_item(route)
    allowed = RANK[role] >= RANK[rule.split("+")[0]] and "+token" not in rule
    if not may_see or not allowed:
        if rule == VISITOR and route.name in ("login", "login-code", "password_reset", "password_reset_confirm"):
            return None  # signed-in people are sent on: nothing to refuse
        if not _refused(response):
            return f"{where}: {response.status_code}, expected a refusal"
        return None
    if rule == OWNER:
        # The owner (the member here) or a curator, and only in some states (a published practice is
        # no longer its owner's to edit): the services decide, tested in tests/practices,
        # tests/discussion and tests/recommendations. The matrix checks the refusals above.
        return None
    if _refused(response) and not (route.name == "login-code" and response.status_code == 302):
        return f"{where}: refused ({response.status_code}), expected access"
    return None


def test_the_matrix(world):
    problems = []
    checked = 0
    for route in app_routes():
        get_rule, post_rule = RULES[route.name]
        for visibility in VISIBILITIES if _has_item(route) else ("public",):
            for role in ROLES:
                for method, rule in (("GET", get_rule), ("POST", post_rule)):
                    if method == "POST" and rule is not NO and _allowed_write_would_change_state(route, role, rule):
                        continue
                    problem = _check(route, method, rule, role, visibility, world)
                    checked += 1
                    if problem:
                        problems.append(problem)
    assert not problems, "\n".join(problems)
    assert checked > 500


def _allowed_write_would_change_state(route: Route, role: str, rule: str) -> bool:
    """An allowed POST with an empty form is harmless except where it acts without fields
    (sign-out, withdraw, revoke, moderation, deletion): those are checked for refusals only."""
    acts_without_fields = {"logout", "me-profile-withdraw", "api-token-revoke", "comment-delete",
                           "event-unmerge", "practice-submit", "set_language"}
    allowed = RANK[role] >= RANK[rule.split("+")[0]] and "+token" not in rule
    return allowed and route.name in acts_without_fields


def test_the_admin_is_for_admins(world):
    assert _refused(Client().get("/admin/"))
    assert _refused(_client(MEMBER, world).get("/admin/"))
    assert _client(ADMIN, world).get("/admin/").status_code == 200
