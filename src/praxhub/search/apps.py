from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "praxhub.search"
    label = "search"
    verbose_name = "Search index"
