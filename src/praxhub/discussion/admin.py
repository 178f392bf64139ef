from django.contrib import admin

from praxhub.discussion.models import Comment


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("id", "author", "visibility", "event", "practice", "created_at")
    list_filter = ("visibility",)
    search_fields = ("text",)
    raw_id_fields = ("event", "practice", "author", "moderated_by")
