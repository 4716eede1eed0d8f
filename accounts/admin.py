from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    readonly_fields = ["erased_at"]
    list_display = ["email", "full_name", "department", "open_to_mentoring", "is_staff"]
    list_filter = ["open_to_mentoring", "is_staff", "is_active"]
    search_fields = ["email", "full_name", "department"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Profile"),
            {
                "fields": [
                    "full_name",
                    "job_title",
                    "department",
                    "bio",
                    "expertise",
                    "growth_areas",
                    "open_to_mentoring",
                    "mentee_capacity",
                ]
            },
        ),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined", "erased_at"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]

    def has_delete_permission(self, request, obj=None):
        # An account is erased, never deleted: what partners hold keeps pointing at the row.
        # People delete their own from "Your data"; staff run `manage.py erase_account`.
        return False
