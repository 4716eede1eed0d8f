"""Only the request's status is here: what people write for themselves is never in the admin.

Self-reflections, candidate notes and planning templates are deliberately not registered;
a request's free text (why, hopes, the mentor's note) is left out of every admin page.
"""

from django.contrib import admin

from mentoring.preparation.models import MentorRequest


@admin.register(MentorRequest)
class MentorRequestAdmin(admin.ModelAdmin):
    list_display = ["mentee", "mentor", "program", "status", "created_at", "responded_at"]
    list_filter = ["status", "program"]
    list_select_related = ["mentee", "mentor", "program"]
    search_fields = ["mentee__full_name", "mentee__email", "mentor__full_name", "mentor__email"]
    fields = [
        "program",
        "mentee",
        "mentor",
        "status",
        "created_at",
        "reviewed_by",
        "reviewed_at",
        "responded_at",
        "mentorship",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False
