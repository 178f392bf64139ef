from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "praxhub.documents"
    label = "documents"
    verbose_name = "Documents"
