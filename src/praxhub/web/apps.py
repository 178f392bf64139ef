from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "praxhub.web"
    label = "web"
    verbose_name = "Web"
