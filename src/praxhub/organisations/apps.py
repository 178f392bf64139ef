from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "praxhub.organisations"
    label = "organisations"
    verbose_name = "Organisations"
