from django import template
from django.http import HttpRequest

register = template.Library()


@register.simple_tag
def query_with(request: HttpRequest, **changes: object) -> str:
    """The current query string with some parameters replaced (for shareable pager links)."""
    params = request.GET.copy()
    for key, value in changes.items():
        params[key] = str(value)
    return params.urlencode()
