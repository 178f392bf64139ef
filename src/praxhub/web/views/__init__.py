"""Thin views, one module per area of the hub: read the request, call a service, render.
Each module lists its own routes in `urlpatterns`; praxhub.web.urls includes them."""
