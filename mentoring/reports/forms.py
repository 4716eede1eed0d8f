from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mentoring.programs.models import Program
from mentoring.reports.cohorts import Cohort

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label) -> forms.DateField:
    return forms.DateField(label=label, required=False, widget=DATE)


class CohortsForm(forms.Form):
    """The report's cohort, and optionally a second one to compare side by side: another
    program the person may report on, other dates, or both."""

    started_from = _date(_("Pairs started from"))
    started_to = _date(_("Pairs started until"))
    compare_program = forms.ModelChoiceField(
        queryset=Program.objects.none(),
        required=False,
        label=_("Compare with the program"),
        empty_label=_("(the same program)"),
    )
    compare_from = _date(_("Compare pairs started from"))
    compare_to = _date(_("Compare pairs started until"))

    def __init__(self, *args, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compare_program"].queryset = programs

    def _check_range(self, cleaned, start: str, end: str) -> None:
        first, last = cleaned.get(start), cleaned.get(end)
        if first and last and last < first:
            self.add_error(end, gettext("The end date is before the start date."))

    def clean(self):
        cleaned = super().clean()
        self._check_range(cleaned, "started_from", "started_to")
        self._check_range(cleaned, "compare_from", "compare_to")
        for name in ("started_from", "started_to", "compare_from", "compare_to"):
            day = cleaned.get(name)
            if day and not 2000 <= day.year <= 2100:
                self.add_error(name, gettext("Choose a date from 2000 to 2100."))
        return cleaned

    def cohorts(self, programs: tuple) -> list[Cohort]:
        """The cohort asked for and, when any comparison field is set, the other one."""
        data = self.cleaned_data if self.is_bound else {}
        cohorts = [Cohort(programs, data.get("started_from"), data.get("started_to"))]
        other = data.get("compare_program")
        if other or data.get("compare_from") or data.get("compare_to"):
            compared = (other,) if other else programs
            cohorts.append(Cohort(compared, data.get("compare_from"), data.get("compare_to")))
        return cohorts
