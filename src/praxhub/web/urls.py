from django.contrib import admin
from django.urls import include, path

from praxhub.web.api import api
from praxhub.web.views.accounts import admin_login

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
    path("", include("praxhub.web.views.tokens")),
    path("", include("praxhub.web.views.me")),
    path("", include("praxhub.web.views.audit")),
    path("i18n/", include("django.conf.urls.i18n")),
    # The admin signs in through the hub's sign-in (rate limit, second factor), not its own form.
    path("admin/login/", admin_login),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]

handler404 = "praxhub.web.views.pages.not_found"
handler500 = "praxhub.web.views.pages.server_error"
