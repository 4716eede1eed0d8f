from django.contrib import admin

from mentoring.programs.models import Mentorship, Participant, Program


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on", "requires_approval", "archived_at"]
    search_fields = ["name"]
    filter_horizontal = ["coordinators"]
    # Coordinators archive a program from its page, once its pairs are closed.
    readonly_fields = ["archived_at"]
    inlines = [ParticipantInline]


@admin.register(Mentorship)
class MentorshipAdmin(admin.ModelAdmin):
    list_display = ["mentee", "mentor", "program", "phase", "started_at", "ended_at"]
    list_filter = ["phase", "program"]
    list_select_related = ["mentee", "mentor", "program"]
    search_fields = ["mentee__full_name", "mentee__email", "mentor__full_name", "mentor__email"]
    autocomplete_fields = ["mentor", "mentee", "program"]
    readonly_fields = ["phase_changed_at"]
