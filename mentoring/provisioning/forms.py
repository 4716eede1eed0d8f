from django import forms

from mentoring.programs.models import Participant
from mentoring.provisioning.models import ProgramGroup


class ProgramGroupForm(forms.ModelForm):
    class Meta:
        model = ProgramGroup
        fields = ["group_name", "role"]
        widgets = {"role": forms.RadioSelect}

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.program = program
        self.fields["role"].choices = Participant.Role.choices  # a radio needs no blank
        self.fields["group_name"].widget.attrs["list"] = "known-groups"

    def validate_constraints(self):
        # Django leaves out constraints on fields the form lacks, here `program`: checked all,
        # and said beside the name, where the coordinator can change it.
        try:
            self.instance.validate_constraints()
        except forms.ValidationError as error:
            self.add_error("group_name", error.messages)
