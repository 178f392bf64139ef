"""The events calendar: list and month views with filters, event pages with their evidence,
exports (iCalendar, CSV, JSON) and curators' actions (confirm, reject, merge, unmerge)."""

from __future__ import annotations

import hashlib
from urllib.parse import urlencode

from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from praxhub.accounts.services import is_curator
from praxhub.discussion import services as discussion
from praxhub.documents import curation
from praxhub.documents.services import data_version
from praxhub.events import services as events
from praxhub.events.models import Event
from praxhub.extract.model import THEMES


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _url(name: str, params: dict[str, str], *args: object) -> str:
    query = urlencode(params)
    return reverse(name, args=args) + (f"?{query}" if query else "")


def _form_context(params: QueryDict, curator: bool) -> dict:
    """What the filter form needs, from the raw parameters (so a bad value is shown as typed)."""
    return {
        "selected": {name: params.get(name, "") for name in ("q", "country", "theme", "organiser", "from", "to",
                                                              "status")},
        "countries": events.countries(),
        "themes": [(theme, events.THEME_LABELS[theme]) for theme in THEMES],
        "statuses": events.CURATOR_STATUSES if curator else events.PUBLIC_STATUSES,
        "curator": curator,
    }


@require_safe
def events_page(request: HttpRequest) -> HttpResponse:
    """/events: the list (paginated) or, with ?view=month, one month as a calendar."""
    curator = is_curator(request.user)
    context = _form_context(request.GET, curator)
    try:
        filters = events.parse_filters(request.GET, curator=curator)
        view = events.parse_view(request.GET.get("view"))
        today = timezone.localdate()
        month = events.parse_month(request.GET.get("month"), filters.date_from or today) if view == "month" else None
        page = events.parse_page(request.GET.get("page")) if view == "list" else 1
    except events.FilterError as exc:
        context.update(error=str(exc), view="month" if request.GET.get("view") == "month" else "list")
        return render(request, "praxhub/events/list.html", context, status=400)

    query = filters.query()
    context.update(
        filters=filters,
        view=view,
        list_url=_url("events", query),
        month_url=_url("events", {**query, "view": "month"}),
        today_url=_url("events", {**query, "from": today.isoformat()}),
        exports={
            "ics": _url("events-ics", query),
            "csv": _url("events-csv", query),
            "json": _url("events-json", query),
        },
    )
    if month is not None:
        grid = events.month_grid(filters, month)
        context.update(
            month=grid,
            month_value=month.strftime("%Y-%m"),
            previous_url=_url("events", {**query, "view": "month", "month": grid.previous.strftime("%Y-%m")}),
            next_url=_url("events", {**query, "view": "month", "month": grid.next.strftime("%Y-%m")}),
            weekdays=[day.date for day in grid.weeks[0]],
        )
        for day in grid.days:
            if day.more:  # the day's full list: the same filters, that one day
                day.more_url = _url("events", {**query, "from": day.date.isoformat(), "to": day.date.isoformat()})
        return render(request, "praxhub/events/month.html", context)

    result = events.list_page(filters, page)
    context.update(
        result=result,
        previous_url=_url("events", {**query, "page": str(page - 1)}) if result.has_previous else "",
        next_url=_url("events", {**query, "page": str(page + 1)}) if result.has_next else "",
    )
    return render(request, "praxhub/events/list.html", context)


def _event_or_redirect(event_id: int, route: str) -> Event | HttpResponseRedirect:
    event = get_object_or_404(Event.objects.select_related("document").defer("document__text"), pk=event_id)
    if event.merged_into_id is not None:
        # A duplicate lives on as the event it was merged into (as far as the viewer may see).
        root = events.root(event)
        if root.pk != event.pk:
            return redirect(route, root.pk)
    return event


def _detail_context(request: HttpRequest, event: Event) -> dict:
    curator = is_curator(request.user)
    context = events.detail(event, _base_url(request), curator=curator)
    context.update(
        comments=discussion.thread(event, request.user),
        curator=curator,
        month_url=_url("events", {"view": "month", "month": event.start.strftime("%Y-%m")}) if event.start else "",
    )
    return context


@require_safe
def event_page(request: HttpRequest, event_id: int) -> HttpResponse:
    found = _event_or_redirect(event_id, "event")
    if isinstance(found, HttpResponseRedirect):
        return found
    return render(request, "praxhub/events/detail.html", _detail_context(request, found))


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def event_ics(request: HttpRequest, event_id: int) -> HttpResponse:
    found = _event_or_redirect(event_id, "event-ics")
    if isinstance(found, HttpResponseRedirect):
        return found
    if found.start is None:
        raise Http404("This event has no date, so it has no calendar entry.")
    return _ics_response(events.to_ical([found], _base_url(request), name=found.title), f"event-{found.pk}.ics")


def _export_params(request: HttpRequest, page_size: int) -> tuple[events.EventFilters, int]:
    filters = events.parse_filters(request.GET, curator=is_curator(request.user))
    return filters, events.parse_page(request.GET.get("page"), page_size)


def _bad_request(exc: events.FilterError) -> HttpResponse:
    return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")


def _with_next(request: HttpRequest, response: HttpResponse, filters: events.EventFilters, page: int,
               page_size: int, found: events.EventSlice) -> HttpResponse:
    """Exports come in pages: a Link header points to the next one, as in RFC 8288."""
    if page * page_size < found.total:
        next_url = request.build_absolute_uri("?" + urlencode({**filters.query(), "page": str(page + 1)}))
        response["Link"] = f'<{next_url}>; rel="next"'
    return response


# Calendar clients poll a feed over and over; the icalendar library takes ~0.3 ms an event. A
# feed is kept this many seconds for its exact URL, and a new data version (any write to
# documents or their items) makes every kept feed stale at once.
FEED_TTL = 60


@require_safe
def events_ics(request: HttpRequest) -> HttpResponse:
    try:
        filters, page = _export_params(request, events.ICAL_PAGE_SIZE)
    except events.FilterError as exc:
        return _bad_request(exc)
    curator = is_curator(request.user)
    digest = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    key = f"praxhub:ics:{data_version()}:{int(curator)}:{digest}"
    kept = cache.get(key)
    if kept is None:
        found = events.export_rows(filters, page, events.ICAL_PAGE_SIZE)
        response = _ics_response(events.to_ical(found.events, _base_url(request)), "praxhub-events.ics")
        response = _with_next(request, response, filters, page, events.ICAL_PAGE_SIZE, found)
        cache.set(key, (response.content, response.get("Link")), FEED_TTL)
        return response
    body, link = kept
    response = _ics_response(body, "praxhub-events.ics")
    if link:
        response["Link"] = link
    return response


@require_safe
def events_csv(request: HttpRequest) -> HttpResponse:
    try:
        filters, page = _export_params(request, events.EXPORT_PAGE_SIZE)
    except events.FilterError as exc:
        return _bad_request(exc)
    found = events.export_rows(filters, page, events.EXPORT_PAGE_SIZE)
    response = HttpResponse(events.to_csv(found.events, _base_url(request)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="praxhub-events.csv"'
    return _with_next(request, response, filters, page, events.EXPORT_PAGE_SIZE, found)


@require_safe
def events_json(request: HttpRequest) -> HttpResponse:
    try:
        filters, page = _export_params(request, events.EXPORT_PAGE_SIZE)
    except events.FilterError as exc:
        return JsonResponse({"detail": str(exc)}, status=400)
    found = events.export_rows(filters, page, events.EXPORT_PAGE_SIZE)
    return _with_next(request, JsonResponse({
        "total": found.total,
        "total_exact": found.total_exact,
        "page": page,
        "page_size": events.EXPORT_PAGE_SIZE,
        "events": events.as_json(found.events, _base_url(request)),
    }, json_dumps_params={"ensure_ascii": False}), filters, page, events.EXPORT_PAGE_SIZE, found)


# --- curators' actions --------------------------------------------------------------------------

def _refused(request: HttpRequest, event_id: int) -> HttpResponse | None:
    """Anonymous visitors are sent to sign in (unless the request came from HTMX, which would
    swap the sign-in page into the event's page); signed-in non-curators get 403."""
    if is_curator(request.user):
        return None
    if not request.user.is_authenticated and not request.headers.get("HX-Request"):
        return redirect(f"{reverse('login')}?{urlencode({'next': reverse('event', args=[event_id])})}")
    return HttpResponse(_("Only curators may change events."), status=403, content_type="text/plain; charset=utf-8")


def _done(request: HttpRequest, event_id: int, notice: str = "", error: str = "",
          conflict: bool = False) -> HttpResponse:
    """After an action: with HTMX, the event's body again (its evidence, status and candidates
    changed); without JavaScript, back to the event's page (or the page with the error)."""
    event = get_object_or_404(Event.objects.select_related("document").defer("document__text"), pk=event_id)
    event = events.root(event)
    htmx = bool(request.headers.get("HX-Request"))
    if not error and not htmx:
        messages.success(request, notice)
        return redirect("event", event.pk)
    context = _detail_context(request, event)
    context.update(notice=notice, error=error)
    template = "praxhub/events/_body.html" if htmx else "praxhub/events/detail.html"
    # HTMX swaps only successful responses, so it gets its error in a 200 fragment.
    status = 200 if not error or htmx else 409 if conflict else 400
    return render(request, template, context, status=status)


def _posted_ids(values: list[str], name: str) -> list[int]:
    ids = []
    for value in values:
        if not value.isascii() or not value.isdigit():
            raise curation.CurationError(f"{name}: expected event numbers, got {value[:20]!r}")
        ids.append(int(value))
    return ids


@require_POST
def event_decide(request: HttpRequest, event_id: int) -> HttpResponse:
    get_object_or_404(Event, pk=event_id)
    refused = _refused(request, event_id)
    if refused:
        return refused
    decision = request.POST.get("decision", "")
    try:
        curation.decide("event", event_id, decision, request.POST.get("version"))
    except curation.CurationError as exc:
        return _done(request, event_id, error=str(exc), conflict=isinstance(exc, curation.ConflictError))
    notices = {"confirm": _("The event is confirmed."), "reject": _("The event is rejected."),
               "reset": _("The event is a suggestion again.")}
    return _done(request, event_id, notice=notices[decision])


@require_POST
def event_merge(request: HttpRequest, event_id: int) -> HttpResponse:
    get_object_or_404(Event, pk=event_id)
    refused = _refused(request, event_id)
    if refused:
        return refused
    try:
        keep = events.merge_reports(event_id, _posted_ids(request.POST.getlist("duplicates"), "duplicates"))
    except curation.CurationError as exc:
        return _done(request, event_id, error=str(exc))
    return _done(request, keep.pk, notice=_("The events are merged into this one."))


@require_POST
def event_unmerge(request: HttpRequest, event_id: int) -> HttpResponse:
    get_object_or_404(Event, pk=event_id)
    refused = _refused(request, event_id)
    if refused:
        return refused
    try:
        ids = _posted_ids(request.POST.getlist("duplicate")[:1], "duplicate") or [0]
        events.unmerge_report(event_id, ids[0])
    except curation.CurationError as exc:
        return _done(request, event_id, error=str(exc))
    return _done(request, event_id, notice=_("The report is a separate event again."))


urlpatterns = [
    path("events", events_page, name="events"),
    path("events.ics", events_ics, name="events-ics"),
    path("events.csv", events_csv, name="events-csv"),
    path("events.json", events_json, name="events-json"),
    path("events/<int:event_id>", event_page, name="event"),
    path("events/<int:event_id>.ics", event_ics, name="event-ics"),
    path("events/<int:event_id>/decide", event_decide, name="event-decide"),
    path("events/<int:event_id>/merge", event_merge, name="event-merge"),
    path("events/<int:event_id>/unmerge", event_unmerge, name="event-unmerge"),
]
