import datetime

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mentoring.agreements.models import Mode
from mentoring.meetings.models import SHORT_HELP, Meeting, Reflection


class MeetingForm(forms.ModelForm):
    """A new or moved meeting; its date and time are read in the viewer's time zone."""

    ZONE_HELP = _("In your time zone, %(zone)s (<a href='%(url)s'>change it on your profile</a>).")

    class Meta:
        model = Meeting
        fields = ["starts_at", "length_minutes", "mode", "place"]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "length_minutes": forms.NumberInput(attrs={"min": 15, "max": 240, "step": 5}),
            "mode": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = timezone.get_current_timezone_name().replace("_", " ")
        self.fields["starts_at"].help_text = self.ZONE_HELP % {
            "zone": zone,
            "url": reverse("accounts:profile"),
        }
        self.fields["starts_at"].error_messages["required"] = gettext("Choose the date and time.")
        # Radio buttons: every meeting has a mode, so no empty choice.
        self.fields["mode"].choices = Mode.choices

    def clean_starts_at(self):
        """A start with room after it for the meeting's end, and both in UTC as stored: the
        last day of the year 9999 has none (the query for it failed with an OverflowError)."""
        starts_at = self.cleaned_data["starts_at"]
        try:
            (starts_at + datetime.timedelta(days=1)).astimezone(datetime.UTC)
        except OverflowError:
            raise forms.ValidationError(
                gettext("That date is too far ahead: choose an earlier one.")
            ) from None
        return starts_at


class PastMeetingForm(MeetingForm):
    """A meeting that already happened, logged as held."""

    ZONE_HELP = _(
        "In the past, in your time zone, %(zone)s (<a href='%(url)s'>change it on your "
        "profile</a>)."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].label = gettext("When did you meet?")
        self.fields["mode"].label = gettext("How did you meet?")
        self.fields["place"].help_text = gettext(
            "The room, the address, or how you called. Up to 300 characters."
        )

    def clean_starts_at(self):
        """Room before the start too: the first day of the year 1 has none in UTC."""
        starts_at = super().clean_starts_at()
        try:
            (starts_at - datetime.timedelta(days=1)).astimezone(datetime.UTC)
        except OverflowError:
            raise forms.ValidationError(
                gettext("That date is too far back: choose a later one.")
            ) from None
        return starts_at


class AgendaForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["agenda"]
        widgets = {"agenda": forms.Textarea(attrs={"rows": 5})}


class NotesForm(forms.ModelForm):
    """The shared notes, with the revision they were opened at to catch a partner's save."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = Meeting
        fields = ["notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revision"].initial = self.instance.notes_revision


class ReflectionForm(forms.ModelForm):
    class Meta:
        model = Reflection
        fields = Reflection.ANSWERS
        widgets = {name: forms.Textarea(attrs={"rows": 2}) for name in Reflection.ANSWERS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.help_text = SHORT_HELP

    def questions(self) -> list[tuple[str, list[forms.BoundField]]]:
        """(the toolkit's question, the fields that answer it), for one fieldset each."""
        return [
            (question, [self[name] for name in names]) for question, names in Reflection.QUESTIONS
        ]

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not any(cleaned.get(name) for name in Reflection.ANSWERS):
            raise forms.ValidationError(gettext("Write at least one answer."))
        return cleaned
