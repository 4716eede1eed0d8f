from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mentoring.audit.models import Action
from mentoring.lib.text import validate_single_line


class LogFilterForm(forms.Form):
    """The staff log's GET filters, shared by the page and its CSV. Every field is optional;
    a value that does not validate is reported and left out, so the others still apply."""

    person = forms.CharField(
        label=_("Person's email contains"),
        max_length=100,
        required=False,
        validators=[validate_single_line],
    )
    # Bounded as the id column is: a larger number is an error beside the field, not a 500.
    pair = forms.IntegerField(
        label=_("Pair number"), min_value=1, max_value=2**63 - 1, required=False
    )
    program = forms.ModelChoiceField(
        label=_("Program"), queryset=None, required=False, empty_label=_("All programs")
    )
    action = forms.ChoiceField(
        label=_("Action"), choices=[("", _("All actions")), *Action.choices], required=False
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs

    @property
    def valid_values(self) -> dict:
        self.is_valid()
        return self.cleaned_data

    def described(self) -> str:
        """The filters used, for the log's own record: names, ids and dates, never the words
        typed in the person box."""
        values = {name: value for name, value in self.valid_values.items() if value}
        if "person" in values:
            values["person"] = "…"
        if "program" in values:
            values["program"] = values["program"].pk
        return " ".join(f"{name}={value}" for name, value in values.items()) or "everything"

    def apply(self, events):
        values = self.valid_values
        if person := values.get("person"):
            events = events.filter(
                Q(actor__email__icontains=person) | Q(subject__email__icontains=person)
            )
        if pair := values.get("pair"):
            events = events.filter(mentorship_id=pair)
        if program := values.get("program"):
            events = events.filter(program_id=program.pk)
        if action := values.get("action"):
            events = events.filter(action=action)
        # Days as the viewer's calendar has them: `__date` reads the active time zone.
        if since := values.get("since"):
            events = events.filter(at__date__gte=since)
        if until := values.get("until"):
            events = events.filter(at__date__lte=until)
        return events
