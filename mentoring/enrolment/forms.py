from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mentoring.closure.forms import ReasonForm
from mentoring.enrolment.csv_import import (
    COLUMNS,
    DEPARTMENT_LENGTH,
    EMAIL_LENGTH,
    MAX_FILE_BYTES,
    NAME_LENGTH,
    Invitee,
    program_problems,
    read_invitees,
)
from mentoring.lib.text import validate_single_line
from mentoring.preparation.models import MentorRequest
from mentoring.programs.models import Participant, Program


class InviteForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file of people to invite"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, program: Program, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        self.fields["file"].help_text = gettext(
            "One person per line, below a first line naming the columns %(columns)s. "
            "Up to %(megabytes)s MB, saved as CSV UTF-8."
        ) % {"columns": ", ".join(COLUMNS), "megabytes": MAX_FILE_BYTES // (1024 * 1024)}

    def clean_file(self):
        """Cleans into the list of people to invite, or every problem with its line."""
        return read_invitees(self.cleaned_data["file"], program=self.program)


class ApprovalSettingForm(forms.ModelForm):
    class Meta:
        model = Program
        fields = ["requires_approval"]


class DisapproveForm(forms.ModelForm):
    class Meta:
        model = MentorRequest
        fields = ["coordinator_note"]
        widgets = {"coordinator_note": forms.Textarea(attrs={"rows": 3})}


class PersonForm(forms.Form):
    """One person to invite, by the same rules as a line of the CSV file."""

    name = forms.CharField(
        label=_("Name"), max_length=NAME_LENGTH, validators=[validate_single_line]
    )
    email = forms.EmailField(label=_("Email address"), max_length=EMAIL_LENGTH)
    role = forms.ChoiceField(
        label=_("Role"), choices=Participant.Role.choices, widget=forms.RadioSelect
    )
    department = forms.CharField(
        label=_("Department"),
        max_length=DEPARTMENT_LENGTH,
        required=False,
        validators=[validate_single_line],
    )

    def __init__(self, *args, program: Program, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        invitee = Invitee(
            line=1,
            email=cleaned["email"].lower(),
            name=cleaned["name"],
            role=Participant.Role(cleaned["role"]),
            department=cleaned["department"],
        )
        for problem in program_problems([invitee], program=self.program).get(1, []):
            self.add_error("email", f"{problem}.")
        self.invitee = invitee
        return cleaned


class RemoveParticipantForm(ReasonForm):
    """Why their open pair closes (only if they have one), and that the coordinator means it."""

    confirm = forms.BooleanField(
        label=_(
            "I understand: their open pairs here close now, and each pair's members are told "
            "by email."
        ),
        error_messages={"required": _("Tick the box to confirm you mean to remove them.")},
    )

    def __init__(self, *args, has_open_pair: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_open_pair:
            del self.fields["reason"], self.fields["reason_other"]
            self.fields["confirm"].label = gettext("I understand: they leave the program.")
