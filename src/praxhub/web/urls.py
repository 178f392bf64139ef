from django.contrib import admin
from django.urls import path

from praxhub.web import views
from praxhub.web.api import api

urlpatterns = [
    path("", views.home, name="home"),
    path("search", views.search_page, name="search"),
    path("documents/<int:document_id>", views.document_page, name="document"),
    path("documents/<int:document_id>/original", views.document_original, name="document-original"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]

handler404 = "praxhub.web.views.not_found"
handler500 = "praxhub.web.views.server_error"
