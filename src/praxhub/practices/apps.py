from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "praxhub.practices"
    label = "practices"
    verbose_name = "Practices compendium"
