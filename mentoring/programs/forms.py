from django import forms

from accounts.models import User
from mentoring.programs.models import Participant, Program


class PairForm(forms.Form):
    """A coordinator pairs a mentee with a mentor, both chosen among the program's people."""

    mentee = forms.ModelChoiceField(queryset=User.objects.none(), label="Mentee")
    mentor = forms.ModelChoiceField(queryset=User.objects.none(), label="Mentor")

    def __init__(self, *args, program: Program, **kwargs):
        super().__init__(*args, **kwargs)
        for role in Participant.Role:
            enrolled = Participant.objects.filter(program=program, role=role)
            self.fields[role].queryset = User.objects.filter(pk__in=enrolled.values("user"))
            self.fields[role].empty_label = f"Choose a {role.label.lower()}"
