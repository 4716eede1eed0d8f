from django import forms

from mentoring.enrolment.csv_import import COLUMNS, MAX_FILE_BYTES, read_invitees
from mentoring.preparation.models import MentorRequest
from mentoring.programs.models import Program


class InviteForm(forms.Form):
    file = forms.FileField(
        label="CSV file of people to invite",
        help_text=(
            f"One person per line, below a first line naming the columns {', '.join(COLUMNS)}. "
            f"Up to {MAX_FILE_BYTES // (1024 * 1024)} MB, saved as CSV UTF-8."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, program: Program, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program

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
