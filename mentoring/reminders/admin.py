from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from mentoring.reminders.models import OptOut, Reminder


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["kind", "recipient", "key", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["recipient"]
    search_fields = ["recipient__email", "recipient__full_name", "key"]
    readonly_fields = [
        "kind",
        "recipient",
        "key",
        "status",
        "attempts",
        "last_error",
        "claim",
        "claimed_at",
        "sent_at",
        "created_at",
        "updated_at",
    ]
    actions = ["try_again"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Try the selected failed reminders again"))
    def try_again(self, request, queryset):
        count = queryset.filter(status=Reminder.Status.FAILED).update(
            status=Reminder.Status.PENDING, attempts=0, claim=None
        )
        self.message_user(
            request,
            ngettext(
                "%(count)s reminder will be sent by the next sweep.",
                "%(count)s reminders will be sent by the next sweep.",
                count,
            )
            % {"count": count},
        )


@admin.register(OptOut)
class OptOutAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user"]


class TaskResultAdmin(DBTaskResultAdmin):
    """django-tasks-db's page for background tasks, without their arguments or return values:
    when, how it went and the traceback of a failure, not whom or what a task was about."""

    hidden = {"args_kwargs", "return_value"}

    def get_readonly_fields(self, request, obj=None):
        return [
            name for name in super().get_readonly_fields(request, obj) if name not in self.hidden
        ]


admin.site.unregister(DBTaskResult)
admin.site.register(DBTaskResult, TaskResultAdmin)
