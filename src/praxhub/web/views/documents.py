"""Document pages: metadata, the original, the text with every extracted item marked, and
curation in place (confirm, edit, reject, merge). Curation works with HTMX (the item's card is
swapped) and without JavaScript (a plain form post, then back to the item)."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from praxhub import config
from praxhub.accounts.services import is_curator
from praxhub.documents import curation
from praxhub.documents import services as documents
from praxhub.documents.models import Document
from praxhub.events.models import Event
from praxhub.organisations.models import Organisation
from praxhub.recommendations.models import Recommendation
from praxhub.store import blobs
from praxhub.web.views.common import error_page


@require_safe
def document_page(request: HttpRequest, document_id: int) -> HttpResponse:
    document = get_object_or_404(Document, pk=document_id)
    context = documents.annotated(document)
    context["curator"] = is_curator(request.user)
    context["json_ld"] = documents.json_ld(document, request.build_absolute_uri(document.get_absolute_url()),
                                           context["countries"], context["themes"])
    return render(request, "praxhub/document.html", context)


@require_safe
def document_original(request: HttpRequest, document_id: int) -> FileResponse:
    document = get_object_or_404(Document, pk=document_id)
    path_ = blobs.path_for(config.get().originals_dir, document.sha256)
    if not path_.exists():
        raise Http404(_("The original file is not in this data directory."))
    content_type = document.media_type or mimetypes.guess_type(document.source_name)[0] or "application/octet-stream"
    # Served as an attachment: an ingested HTML page must never run in praxhub's origin.
    return FileResponse(path_.open("rb"), as_attachment=True, filename=document.source_name,
                        content_type=content_type)


def _item_response(request: HttpRequest, document_id: int, kind: str, item: Event | Recommendation | None,
                   error: str = "", status: int = 400) -> HttpResponse:
    if request.headers.get("HX-Request"):
        if item is None:
            return HttpResponse(error, status=status)
        template = "praxhub/documents/_event.html" if kind == "event" else "praxhub/documents/_recommendation.html"
        context = {"item": item, "curator": True, "error": error,
                   "others": Event.objects.filter(document_id=document_id).exclude(pk=item.pk)
                   if kind == "event" else []}
        return render(request, template, context, status=status if error else 200)
    if error:
        messages.error(request, error)
        if status == 409:
            # Not a redirect: the curator must see that their change was not saved.
            return error_page(request, _("Changed by someone else"), error, 409)
    anchor = f"#{kind}-{item.pk}" if item is not None else ""
    return redirect(reverse("document", args=[document_id]) + anchor)


def _curator_only(request: HttpRequest) -> HttpResponse | None:
    if not is_curator(request.user):
        return HttpResponseForbidden(_("Only curators can change extracted items. Sign in as a curator."))
    return None


@require_POST
def curate_item(request: HttpRequest, document_id: int, kind: str, item_id: int, action: str) -> HttpResponse:
    if (denied := _curator_only(request)) is not None:
        return denied
    get_object_or_404(Document, pk=document_id)  # a document the curator may not see is not there
    try:
        item = curation.get_item(kind, item_id)
        if item.document_id != document_id:
            raise Http404(_("This item was not found in this document."))
        version = request.POST.get("version")
        if action == "decide":
            item = curation.decide(kind, item_id, request.POST.get("decision", ""), version)
        elif action == "edit":
            item = curation.edit(kind, item_id, {k: v for k, v in request.POST.items()
                                                 if k not in ("csrfmiddlewaretoken", "version")}, version)
        elif action == "merge" and kind == "event":
            into = request.POST.get("into", "")
            if not into.isdigit():
                raise curation.CurationError("into: choose the event this one duplicates")
            curation.merge_events(int(into), [item_id])
            item = curation.get_item(kind, item_id)
        else:
            raise Http404("Unknown curation action.")
    except curation.CurationError as exc:
        item_or_none = (Event if kind == "event" else Recommendation).objects.filter(pk=item_id).first() \
            if kind in curation.ITEM_MODELS else None
        status = 409 if isinstance(exc, curation.ConflictError) else 400
        return _item_response(request, document_id, kind, item_or_none, str(exc), status)
    return _item_response(request, document_id, kind, item)


@require_POST
def merge_organisations(request: HttpRequest, document_id: int) -> HttpResponse:
    """Two organisations named in this document are one: merge the second into the first."""
    if (denied := _curator_only(request)) is not None:
        return denied
    get_object_or_404(Document, pk=document_id)
    keep, duplicate = request.POST.get("keep", ""), request.POST.get("duplicate", "")
    try:
        if not (keep.isdigit() and duplicate.isdigit()):
            raise curation.CurationError("organisation: choose the two records to merge")
        kept = curation.merge_organisations(int(keep), int(duplicate))
        messages.success(request, _("Merged into %(name)s.") % {"name": kept.name})
    except curation.CurationError as exc:
        messages.error(request, str(exc))
    return redirect(reverse("document", args=[document_id]) + "#organisations")


@require_POST
def curate_organisation(request: HttpRequest, document_id: int, organisation_id: int) -> HttpResponse:
    if (denied := _curator_only(request)) is not None:
        return denied
    get_object_or_404(Document, pk=document_id)
    try:
        curation.decide_entity(Organisation, organisation_id, request.POST.get("decision", ""))
    except curation.CurationError as exc:
        messages.error(request, str(exc))
    return redirect(reverse("document", args=[document_id]) + "#organisations")


urlpatterns = [
    path("documents/<int:document_id>", document_page, name="document"),
    path("documents/<int:document_id>/original", document_original, name="document-original"),
    path("documents/<int:document_id>/items/<str:kind>/<int:item_id>/<str:action>", curate_item,
         name="document-curate"),
    path("documents/<int:document_id>/organisations/merge", merge_organisations, name="document-merge-organisations"),
    path("documents/<int:document_id>/organisations/<int:organisation_id>/decide", curate_organisation,
         name="document-curate-organisation"),
]
