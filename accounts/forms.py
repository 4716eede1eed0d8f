from allauth.account.forms import ResetPasswordKeyForm
from allauth.account.models import EmailAddress
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User, split_topics, time_zone_choices


class ProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=time_zone_choices,
        help_text=User._meta.get_field("time_zone").help_text,
        # The select always sends a zone; a form posted without one keeps the person's zone.
        required=False,
    )

    class Meta:
        model = User
        fields = [
            "full_name",
            "job_title",
            "department",
            "bio",
            "expertise",
            "growth_areas",
            "open_to_mentoring",
            "mentee_capacity",
            "requests_paused",
            "requests_back_on",
            "time_zone",
            "language",
        ]
        # The field's own name ("job title"), said here: a verbose_name would be a migration.
        labels = {"job_title": _("Job title")}
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 4}),
            "expertise": forms.Textarea(attrs={"rows": 2}),
            "growth_areas": forms.Textarea(attrs={"rows": 2}),
            "mentee_capacity": forms.NumberInput(attrs={"min": 0, "max": 10}),
            "requests_back_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        # A pause whose return date has come is over: the form shows it so, and saving clears it.
        user = self.instance
        if user.requests_paused and not user.requests_paused_on(timezone.localdate()):
            self.initial |= {"requests_paused": False, "requests_back_on": None}

    def clean(self):
        cleaned = super().clean()
        # A return date only goes with a pause; without one it means nothing, so it is dropped.
        if not cleaned.get("requests_paused"):
            cleaned["requests_back_on"] = None
        return cleaned

    def clean_time_zone(self):
        return self.cleaned_data["time_zone"] or self.instance.time_zone

    def clean_expertise(self):
        return ", ".join(split_topics(self.cleaned_data["expertise"]))

    def clean_growth_areas(self):
        return ", ".join(split_topics(self.cleaned_data["growth_areas"]))


class SetPasswordFromLinkForm(ResetPasswordKeyForm):
    """Setting a password from an emailed link (a reset, or an invitation to a program).

    Following the link proves the person reads that mailbox, so the address is verified: an
    invited person can sign in straight away, without a second confirmation email.
    """

    def save(self) -> None:
        super().save()
        EmailAddress.objects.filter(user=self.user, email__iexact=self.user.email).update(
            verified=True
        )
