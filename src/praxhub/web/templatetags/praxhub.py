from django import template
from django.http import HttpRequest
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def query_with(request: HttpRequest, **changes: object) -> str:
    """The current query string with some parameters replaced (for shareable pager links)."""
    params = request.GET.copy()
    for key, value in changes.items():
        params[key] = str(value)
    return params.urlencode()


@register.simple_tag
def facet_query(request: HttpRequest, name: str, value: object = None) -> str:
    """The current query string with facet `name` set to `value` (or removed when None), back on
    page 1; choosing another type clears the filters that only apply to documents."""
    params = request.GET.copy()
    params.pop("page", None)
    if value is None or value == "":
        params.pop(name, None)
    else:
        params[name] = str(value)
    if name == "type":
        for key in ("kind", "lang", "organisation", "status"):
            params.pop(key, None)
    return params.urlencode()


@register.filter
def get_item(mapping: dict, key: str) -> object:
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.filter
def member_name(user: object) -> str:
    """An author as shown: the user name, or "former member" for a deleted account."""
    from praxhub.accounts.personal_data import member_name as name

    return name(user, former=gettext("former member"))
