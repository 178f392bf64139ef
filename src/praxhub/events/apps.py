from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "praxhub.events"
    label = "events"
    verbose_name = "Events"
