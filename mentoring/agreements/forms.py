import re

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from mentoring.agreements.models import (
    GOAL_LENGTH,
    MAX_GOALS,
    RESPONSIBILITIES,
    AgreementVersion,
)
from mentoring.agreements.sections import SECTIONS, goal_label
from mentoring.agreements.services import TOO_MANY_GOALS
from mentoring.lib.text import up_to, validate_single_line

GOAL_FIELDS = [f"goal_{position}" for position in range(1, MAX_GOALS + 1)]
ANY_GOAL_FIELD = re.compile(r"goals?(_\d+)?(\[\])?")


class ResponsibilitiesForm(forms.Form):
    items = forms.MultipleChoiceField(
        label=_("Mentee responsibilities"),
        choices=RESPONSIBILITIES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick the responsibilities you commit to.")},
    )

    def __init__(self, *args, acknowledged=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [
            (key, text) for key, text in RESPONSIBILITIES if key not in acknowledged
        ]


def goal_field(position: int) -> forms.CharField:
    return forms.CharField(
        label=lazy(goal_label, str)(position),
        max_length=GOAL_LENGTH,
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[validate_single_line],
        help_text=format_lazy(
            "{} {}", _("State goals in simple, but specific terms."), up_to(GOAL_LENGTH)
        ),
    )


class AgreementForm(forms.ModelForm):
    """The draft's answers and goals, with the revision the form was opened at.

    It edits a copy of the version: the service compares the answers with the saved version
    to save only what changed, so validation must not write into it.

    With `section` (1 to 7) the page posts every field but saves one part: only that part's
    fields are checked and saved, and the others' typed text goes back into the page as it was.
    """

    goal_1 = goal_field(1)
    goal_2 = goal_field(2)
    goal_3 = goal_field(3)
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = AgreementVersion
        fields = AgreementVersion.TEXT_FIELDS
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in AgreementVersion.TEXT_FIELDS
            if isinstance(AgreementVersion._meta.get_field(name), models.TextField)
        } | {"planned_end_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, version: AgreementVersion, section: int | None = None, **kwargs):
        self.section = section
        copy = AgreementVersion(
            **{name: getattr(version, name) for name in AgreementVersion.TEXT_FIELDS}
        )
        initial = {"revision": version.revision} | {
            f"goal_{goal.position}": goal.text for goal in version.goals.all()
        }
        super().__init__(*args, instance=copy, initial=initial, **kwargs)

    def full_clean(self):
        super().full_clean()
        # Another section's errors are not this save's: its text goes back as typed, and is
        # checked when that section, or the whole draft, is saved.
        if self.section is not None and self._errors:
            kept = set(self.section_field_names()) | {NON_FIELD_ERRORS, "revision"}
            for name in list(self._errors):
                if name not in kept:
                    del self._errors[name]

    def clean(self):
        cleaned = super().clean()
        # Whatever the page sent: a fourth goal field, or a list of goals, is refused here.
        extra = [
            key for key in self.data if ANY_GOAL_FIELD.fullmatch(key) and key not in GOAL_FIELDS
        ]
        if extra:
            raise ValidationError(TOO_MANY_GOALS, code="too_many_goals")
        return cleaned

    def sections(self):
        """The form's fields under the template's seven headings, goals first."""
        return [
            (heading, [self[field] for name in names for field in self.field_names(name)])
            for heading, names in SECTIONS
        ]

    @staticmethod
    def field_names(name: str) -> list[str]:
        return GOAL_FIELDS if name == "goals" else [name]

    def section_field_names(self) -> list[str]:
        """The fields this save is about: the section's, or all of them."""
        parts = SECTIONS if self.section is None else [SECTIONS[self.section - 1]]
        return [field for _, names in parts for name in names for field in self.field_names(name)]

    def values(self) -> dict:
        names = self.section_field_names()
        return {
            name: self.cleaned_data[name] for name in AgreementVersion.TEXT_FIELDS if name in names
        }

    def goals(self) -> list[str] | None:
        """The goals to save; None when the section saved is not the goals'."""
        if GOAL_FIELDS[0] not in self.section_field_names():
            return None
        return [self.cleaned_data[name] for name in GOAL_FIELDS if self.cleaned_data[name]]

    def typed_values(self) -> tuple[dict, list[str]]:
        """Every answer and goal as typed, to compare with a partner's save. A field of another
        section that did not pass its checks is left as it was saved."""
        saved = self.instance
        values = {
            name: self.cleaned_data.get(name, getattr(saved, name))
            for name in AgreementVersion.TEXT_FIELDS
        }
        goals = [self.cleaned_data.get(name) or "" for name in GOAL_FIELDS]
        return values, [goal for goal in goals if goal]


class SignForm(forms.Form):
    typed_name = forms.CharField(
        label=_("Type your name to sign"),
        max_length=150,
        help_text=_("Your name as it is on your profile."),
        validators=[validate_single_line],
        error_messages={"required": _("Type your name to sign.")},
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
