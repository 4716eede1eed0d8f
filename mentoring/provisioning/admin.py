"""Provisioning in the admin: staff make a token for each identity provider's SCIM client
(its secret shown once, on the page that made it, and never stored), revoke it, and see the
groups the directories sent."""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from mentoring.provisioning.models import DirectoryGroup, ProvisionedAccount, ProvisioningToken


@admin.register(ProvisioningToken)
class ProvisioningTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at", "last_used_at", "revoked_at"]
    fields = ["name", "created_by", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["created_by", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            self.new_secret = obj.issue()
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        # The secret is shown in this response only: no message, session or log holds it.
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Copy the token now"),
            "token": obj,
            "secret": self.new_secret,
            "scim_url": request.build_absolute_uri("/scim/v2/"),
            "opts": self.opts,
        }
        return TemplateResponse(request, "provisioning/admin/token_issued.html", context)

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        revoked = 0
        for token in queryset.usable():
            token.revoke()
            revoked += 1
        messages.success(
            request,
            ngettext(
                "%(count)d token revoked: it no longer works.",
                "%(count)d tokens revoked: they no longer work.",
                revoked,
            )
            % {"count": revoked},
        )


class DirectoryRecordAdmin(admin.ModelAdmin):
    """What the directories sent, read-only: they own it, and change it through SCIM, with
    what a change means (deleting a group takes its roles back; deleting a user erases)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DirectoryGroup)
class DirectoryGroupAdmin(DirectoryRecordAdmin):
    list_display = ["display_name", "updated_at"]
    search_fields = ["display_name"]
    fields = ["display_name", "external_id", "members", "created_at", "updated_at"]
    readonly_fields = fields


@admin.register(ProvisionedAccount)
class ProvisionedAccountAdmin(DirectoryRecordAdmin):
    list_display = ["user_name", "user", "token", "updated_at"]
    list_select_related = ["user", "token"]
    search_fields = ["user_name", "user__email"]
    fields = ["user", "user_name", "external_id", "token", "created_at", "updated_at"]
    readonly_fields = fields
