from django.apps import AppConfig


class DiscussionConfig(AppConfig):
    name = "praxhub.discussion"
    label = "discussion"
    verbose_name = "Discussion"
