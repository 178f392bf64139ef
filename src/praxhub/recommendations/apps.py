from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    name = "praxhub.recommendations"
    label = "recommendations"
    verbose_name = "Recommendations"
