"""Document pages: metadata, the original, the text with extracted items, curation in place."""

from __future__ import annotations

import mimetypes

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.views.decorators.http import require_safe

from praxhub import config
from praxhub.documents import services as documents
from praxhub.documents.models import Document
from praxhub.store import blobs


@require_safe
def document_page(request: HttpRequest, document_id: int) -> HttpResponse:
    document = get_object_or_404(Document, pk=document_id)
    return render(request, "praxhub/document.html", documents.detail(document))


@require_safe
def document_original(request: HttpRequest, document_id: int) -> FileResponse:
    document = get_object_or_404(Document, pk=document_id)
    path_ = blobs.path_for(config.get().originals_dir, document.sha256)
    if not path_.exists():
        raise Http404("The original file is not in this data directory.")
    content_type = document.media_type or mimetypes.guess_type(document.source_name)[0] or "application/octet-stream"
    # Served as an attachment: an ingested HTML page must never run in praxhub's origin.
    return FileResponse(path_.open("rb"), as_attachment=True, filename=document.source_name,
                        content_type=content_type)


urlpatterns = [
    path("documents/<int:document_id>", document_page, name="document"),
    path("documents/<int:document_id>/original", document_original, name="document-original"),
]
