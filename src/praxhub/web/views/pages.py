"""Home page, health check and error pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from praxhub.documents import services as documents
from praxhub.documents.models import Document
from praxhub.events import services as events


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "praxhub/home.html", {
        "stats": documents.stats_brief(),
        "recent": documents.recent(8),
        "upcoming": events.upcoming(8),
        "waiting": documents.waiting_for_curation(),
    })


@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok", "documents": Document.objects.count()})


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "praxhub/error.html", {"title": _("Not found"),
                  "message": _("There is no page at this address.")}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "praxhub/error.html", {"title": _("Something went wrong"),
                  "message": _("The error has been logged. Please try again later.")}, status=500)


urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
]
