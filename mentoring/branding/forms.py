from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring.branding import logos
from mentoring.branding.models import Branding


class BrandingForm(forms.ModelForm):
    """The admin's form: the logo comes as an upload, checked by its content (logos.py)."""

    logo_file = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_(
            "A PNG or SVG image of at most 200 KB, shown in the header and on PDFs. "
            "Leave empty to keep the current one."
        ),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    class Meta:
        model = Branding
        fields = ["name", "primary_colour"]
        widgets = {"primary_colour": forms.TextInput(attrs={"placeholder": "#0b5394"})}

    def clean_primary_colour(self):
        # One spelling, so the stylesheet's URL and ETag change only with the colour.
        return self.cleaned_data["primary_colour"].lower()

    def clean_logo_file(self):
        upload = self.cleaned_data["logo_file"]
        if upload is None:
            return None
        # Refused by its size before it is read into memory.
        logos.check_size(upload.size)
        content = upload.read()
        return content, logos.logo_type(content)

    def save(self, commit=True):
        if uploaded := self.cleaned_data.get("logo_file"):
            self.instance.logo, self.instance.logo_type = uploaded
        elif self.cleaned_data.get("remove_logo"):
            self.instance.logo, self.instance.logo_type = b"", ""
        return super().save(commit=commit)
