from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from mentoring.programs.models import Participant, Program


class PairForm(forms.Form):
    """A coordinator pairs a mentee with a mentor, both chosen among the program's people."""

    mentee = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Mentee"))
    mentor = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Mentor"))

    def __init__(self, *args, program: Program, **kwargs):
        super().__init__(*args, **kwargs)
        choose = {
            Participant.Role.MENTEE: gettext("Choose a mentee"),
            Participant.Role.MENTOR: gettext("Choose a mentor"),
        }
        for role in Participant.Role:
            enrolled = Participant.objects.filter(program=program, role=role)
            self.fields[role].queryset = User.objects.filter(pk__in=enrolled.values("user"))
            self.fields[role].empty_label = choose[role]


class MenteeChoiceForm(forms.Form):
    """Which mentee to suggest mentors for, on the pairing page."""

    mentee = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label=_("Suggest mentors for"),
        empty_label=_("Choose a mentee"),
    )

    def __init__(self, *args, program: Program, **kwargs):
        # Its own ids: the pairing form on the same page has a mentee field too.
        super().__init__(*args, auto_id="suggest_%s", **kwargs)
        mentees = Participant.objects.filter(program=program, role=Participant.Role.MENTEE)
        self.fields["mentee"].queryset = User.objects.filter(pk__in=mentees.values("user"))


class ProgramForm(forms.ModelForm):
    """A program's settings, as its coordinators create and change them. The date rules
    (ends after it starts, the deadline within its dates) are the model's `clean`."""

    class Meta:
        model = Program
        fields = [
            "name",
            "description",
            "starts_on",
            "ends_on",
            "enrolment_deadline",
            "requires_approval",
            "coordinators_see_agreement_pdf",
            "retention_months",
            "pulse_first_after_days",
            "pulse_every_days",
            "target_meetings",
            "anonymity_threshold",
        ]
        # The fields named after their column: their labels, for their translation.
        labels = {
            "name": _("Name"),
            "description": _("Description"),
            "enrolment_deadline": _("Enrolment deadline"),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "enrolment_deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        program = self.instance
        if (
            program.pk
            and not program.coordinators_see_agreement_pdf
            and program.mentorships.exists()
        ):
            # Pairs signed, or will sign, believing their agreement stays between them: a
            # coordinator may not open it to themselves afterwards. Turning it off stays open.
            field = self.fields["coordinators_see_agreement_pdf"]
            field.disabled = True
            field.help_text = gettext(
                "This program has pairs, who agreed to take part with their agreements kept "
                "between them, so it stays off. Staff can change it in the admin."
            )
