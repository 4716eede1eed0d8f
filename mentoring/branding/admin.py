from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from mentoring.branding.forms import BrandingForm
from mentoring.branding.models import Branding


@admin.register(Branding)
class BrandingAdmin(admin.ModelAdmin):
    """One row: added once, then only changed; never deleted (the defaults would come back
    unannounced on every page)."""

    form = BrandingForm
    fields = ["name", "primary_colour", "current_logo", "logo_file", "remove_logo"]
    readonly_fields = ["current_logo"]
    list_display = ["name", "primary_colour", "has_logo", "updated_at"]

    @admin.display(description=_("Current logo"))
    def current_logo(self, branding):
        if not branding.has_logo:
            return pgettext("logo", "None")
        return format_html(
            '<img src="{}" alt="{}" height="48">', branding.logo_url, gettext("The current logo")
        )

    @admin.display(boolean=True, description=_("Logo"))
    def has_logo(self, branding):
        return branding.has_logo

    def has_add_permission(self, request):
        # Asked on every admin page (the sidebar): the cached branding, not a query.
        return super().has_add_permission(request) and not Branding.current().is_saved

    def has_delete_permission(self, request, obj=None):
        return False
