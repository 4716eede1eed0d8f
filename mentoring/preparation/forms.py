from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring.lib.text import validate_single_line
from mentoring.preparation.models import (
    CandidateNote,
    MentorRequest,
    PlanningTemplate,
    SelfReflection,
)


def textareas(names, rows):
    return {name: forms.Textarea(attrs={"rows": rows}) for name in names}


class SelfReflectionForm(forms.ModelForm):
    class Meta:
        model = SelfReflection
        fields = SelfReflection.ANSWERS
        widgets = textareas(SelfReflection.ANSWERS, 4)


class CandidateNoteForm(forms.ModelForm):
    class Meta:
        model = CandidateNote
        fields = CandidateNote.ANSWERS
        widgets = textareas(CandidateNote.ANSWERS, 2)


class MentorRequestForm(forms.ModelForm):
    class Meta:
        model = MentorRequest
        fields = ["why_this_mentor", "hoped_outcome", "meeting_frequency"]
        widgets = textareas(["why_this_mentor", "hoped_outcome"], 4)


class ResponseForm(forms.ModelForm):
    """The mentor's answer: one optional note, and an optional reason read only on declining."""

    class Meta:
        model = MentorRequest
        fields = ["response_note", "decline_reason"]
        widgets = textareas(["response_note"], 2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decline_reason"].choices = [
            ("", _("No reason given")),
            *MentorRequest.DeclineReason.choices,
        ]


class PlanningTemplateForm(forms.ModelForm):
    class Meta:
        model = PlanningTemplate
        fields = PlanningTemplate.ANSWERS
        widgets = textareas(PlanningTemplate.ANSWERS, 3)


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search by name or expertise"),
        max_length=100,
        required=False,
        validators=[validate_single_line],
    )
    department = forms.ChoiceField(label=_("Department or site"), required=False)

    def __init__(self, *args, departments: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", _("All departments"))] + [
            (department, department) for department in departments
        ]
