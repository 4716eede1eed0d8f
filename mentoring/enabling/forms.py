import datetime

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mentoring.enabling.models import (
    GOALS_CHANGE,
    ActionStep,
    CheckInAnswer,
    PlanSection,
)


def section_form_id(position: int) -> str:
    return f"plan-goal-{position}"


class SectionForm(forms.ModelForm):
    """One goal's written answers and the revision the form was opened at.

    The fields sit in the page around the two lists of steps, in the template's order, so each
    widget names its form by id (the HTML `form` attribute) rather than by nesting.
    """

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = PlanSection
        fields = PlanSection.TEXT_FIELDS

    def __init__(self, *args, section: PlanSection, **kwargs):
        # A copy: the service compares the answers with the saved section to save what changed.
        copy = PlanSection(**{name: getattr(section, name) for name in PlanSection.TEXT_FIELDS})
        super().__init__(
            *args,
            instance=copy,
            initial={"revision": section.revision},
            prefix=f"goal{section.position}",
            **kwargs,
        )
        for name in PlanSection.TEXT_FIELDS:
            self.fields[name].widget = forms.Textarea(
                attrs={"rows": 3, "form": section_form_id(section.position)}
            )

    def values(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in PlanSection.TEXT_FIELDS}


class StepForm(forms.ModelForm):
    """An action step's words and target date: a new one, whose owner comes from the list it
    is added to (the URL), or one being changed. Each form on the page has its own prefix."""

    class Meta:
        model = ActionStep
        fields = ["what", "target_on"]
        widgets = {
            "what": forms.TextInput(),
            "target_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, prefix: str, earliest: datetime.date, **kwargs):
        super().__init__(*args, prefix=prefix, **kwargs)
        self.earliest = earliest
        self.fields["target_on"].widget.attrs["min"] = earliest.isoformat()
        self.fields["target_on"].help_text = gettext(
            "On or after %(date)s, when the mentorship started."
        ) % {"date": date_format(earliest, gettext("F j, Y"))}

    def clean_target_on(self):
        target_on = self.cleaned_data["target_on"]
        if target_on < self.earliest:
            raise forms.ValidationError(
                gettext("A target date cannot be before the mentorship started (%(date)s).")
                % {"date": date_format(self.earliest, gettext("F j, Y"))}
            )
        return target_on


YES_NO = [(True, _("Yes")), (False, _("No"))]


class CheckInForm(forms.ModelForm):
    goals_need_change = forms.TypedChoiceField(
        label=GOALS_CHANGE,
        choices=YES_NO,
        coerce=lambda value: value in (True, "True"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Answer yes or no.")},
    )

    class Meta:
        model = CheckInAnswer
        fields = CheckInAnswer.ANSWERS
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in CheckInAnswer.ANSWERS
            if name not in ("goals_need_change", "needs_help")
        }

    def __init__(self, *args, instance: CheckInAnswer | None, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)
        if instance is None:
            self.initial.pop("goals_need_change", None)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("goals_need_change") and not cleaned.get("goals_change_details"):
            self.add_error(
                "goals_change_details", gettext("Say what needs to change in the goals.")
            )
        return cleaned

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in CheckInAnswer.ANSWERS}
