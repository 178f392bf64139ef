from django.contrib import admin

from praxhub.practices.models import Practice, PracticeTag


class TagInline(admin.TabularInline):
    model = PracticeTag
    extra = 0


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = ("title", "status", "evaluation", "lead_organisation_name", "updated_at")
    list_filter = ("status", "evaluation")
    search_fields = ("title", "summary", "lead_organisation_name")
    raw_id_fields = ("lead_organisation", "submitted_by", "reviewed_by")
    inlines = [TagInline]
