"""Forms of join links: the coordinator's limits on a link, and the person joining by it."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.adapter import typed_domains
from accounts.models import User, split_topics
from mentoring.enrolment.models import JoinLink
from mentoring.programs.models import Participant

LONGEST_LINK = datetime.timedelta(days=5 * 366)


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The first moment after `day` in the site's zone: a link "works until" the day's end."""
    next_day = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time())
    return timezone.make_aware(next_day)


class JoinLinkForm(forms.ModelForm):
    works_until = forms.DateField(
        label=_("Works until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Optional: the link stops working at the end of this day."),
    )
    domains = forms.CharField(
        label=_("Only addresses at"),
        required=False,
        max_length=500,
        help_text=_(
            "Optional: email domains, separated by commas, e.g. vch.ca, phsa.ca. "
            "Empty: any address."
        ),
    )

    class Meta:
        model = JoinLink
        fields = ["needs_approval"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        link = self.instance
        if link.pk:
            self.initial["domains"] = ", ".join(link.allowed_domains)
            if link.expires_at:
                last_day = timezone.localtime(link.expires_at) - datetime.timedelta(seconds=1)
                self.initial["works_until"] = last_day.date()
        self.order_fields(["works_until", "domains", "needs_approval"])

    def clean_works_until(self):
        day = self.cleaned_data["works_until"]
        if day and day < timezone.localdate():
            raise forms.ValidationError(gettext("Choose today or a day to come."))
        if day and day > timezone.localdate() + LONGEST_LINK:
            raise forms.ValidationError(
                gettext(
                    "Choose a day within five years, or leave it empty for a link without end."
                )
            )
        return day

    def clean_domains(self):
        return typed_domains(self.cleaned_data["domains"])

    @property
    def expires_at(self) -> datetime.datetime | None:
        day = self.cleaned_data["works_until"]
        return end_of_day(day) if day else None

    def save(self, commit=True):
        link = super().save(commit=False)
        link.expires_at = self.expires_at
        link.allowed_domains = self.cleaned_data["domains"]
        if commit:
            link.save(update_fields=["expires_at", "allowed_domains", "needs_approval"])
        return link


class JoinForm(forms.ModelForm):
    """Joining: as a mentee or a mentor; a mentor says what they help with and how many."""

    role = forms.ChoiceField(
        label=_("I join as"), choices=Participant.Role.choices, widget=forms.RadioSelect
    )

    class Meta:
        model = User
        fields = ["full_name", "expertise", "mentee_capacity"]
        widgets = {
            "expertise": forms.Textarea(attrs={"rows": 2}),
            "mentee_capacity": forms.NumberInput(attrs={"min": 1, "max": 10}),
        }
        help_texts = {
            "expertise": _("Mentors: the topics you can help with, separated by commas."),
            "mentee_capacity": _("Mentors: how many mentees you can take at once (1 to 10)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["full_name", "role", "expertise", "mentee_capacity"])
        self.fields["full_name"].required = True
        self.fields["full_name"].label = gettext("Your name")
        self.fields["mentee_capacity"].required = False

    def clean_expertise(self):
        return ", ".join(split_topics(self.cleaned_data["expertise"]))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") != Participant.Role.MENTOR:
            # A mentee's join changes nothing of their mentoring profile.
            cleaned["expertise"] = self.instance.expertise
            cleaned["mentee_capacity"] = self.instance.mentee_capacity
            return cleaned
        if "expertise" in cleaned and not cleaned["expertise"]:
            self.add_error("expertise", gettext("Say what you can help mentees with."))
        capacity = cleaned.get("mentee_capacity")
        if (capacity is None or capacity < 1) and "mentee_capacity" not in self.errors:
            self.add_error("mentee_capacity", gettext("Take at least one mentee (up to 10)."))
        return cleaned

    @property
    def changed_profile(self) -> list[str]:
        """The profile fields to save: the name, and for a mentor what they offer."""
        fields = ["full_name"]
        if self.cleaned_data["role"] == Participant.Role.MENTOR:
            fields += ["expertise", "mentee_capacity", "open_to_mentoring"]
        return fields

    def save(self, commit=False):
        user = super().save(commit=False)
        if self.cleaned_data["role"] == Participant.Role.MENTOR:
            user.open_to_mentoring = True
        return user
