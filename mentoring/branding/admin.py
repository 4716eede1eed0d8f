from django.contrib import admin
from django.utils.html import format_html

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

    @admin.display(description="Current logo")
    def current_logo(self, branding):
        if not branding.has_logo:
            return "None"
        return format_html('<img src="{}" alt="The current logo" height="48">', branding.logo_url)

    @admin.display(boolean=True, description="Logo")
    def has_logo(self, branding):
        return branding.has_logo

    def has_add_permission(self, request):
        # Asked on every admin page (the sidebar): the cached branding, not a query.
        return super().has_add_permission(request) and not Branding.current().is_saved

    def has_delete_permission(self, request, obj=None):
        return False
