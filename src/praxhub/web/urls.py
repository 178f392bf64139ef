from django.contrib import admin
from django.urls import include, path

from praxhub.web.api import api

urlpatterns = [
    path("", include("praxhub.web.views.pages")),
    path("", include("praxhub.web.views.search")),
    path("", include("praxhub.web.views.documents")),
    path("", include("praxhub.web.views.events")),
    path("", include("praxhub.web.views.directory")),
    path("", include("praxhub.web.views.practices")),
    path("", include("praxhub.web.views.recommendations")),
    path("", include("praxhub.web.views.discussion")),
    path("", include("praxhub.web.views.indicators")),
    path("", include("praxhub.web.views.accounts")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]

handler404 = "praxhub.web.views.pages.not_found"
handler500 = "praxhub.web.views.pages.server_error"
