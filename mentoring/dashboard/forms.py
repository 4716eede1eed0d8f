from html import escape

from django import forms
from django.db.models import F, Q
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mentoring.lib.text import validate_single_line
from mentoring.programs.models import Phase

# What a column header sorts by: the key in the URL and the annotations of `with_status` it
# orders on. Only these reach `order_by`; anything else in ?sort= is reported and ignored.
SORTS = {
    "mentee": (_("Mentee"), ["mentee_name"]),
    "mentor": (_("Mentor"), ["mentor_name"]),
    "phase": (_("Phase"), ["phase_position"]),
    "signed": (_("Agreement signed"), ["agreement_signed_at"]),
    "held": (_("Meetings held"), ["meetings_held"]),
    "planned": (_("Meetings planned"), ["meetings_planned"]),
    "last_meeting": (_("Last meeting"), ["last_meeting_at"]),
    "next_meeting": (_("Next meeting"), ["next_meeting_at"]),
    "overdue": (_("Overdue steps"), ["overdue_steps"]),
    "risk": (_("At risk"), ["is_at_risk"]),
}
# Open pairs first, then by mentee: no flag in the order, so the database cuts the page without
# working out every pair's status (at risk is a filter and a column to sort by).
DEFAULT_ORDER = [F("ended_at").desc(nulls_first=True), "mentee_name", "pk"]
YES_NO = [("", _("All pairs")), ("yes", _("At risk only")), ("no", _("Not at risk"))]


class QuickSelect(forms.Select):
    """A select whose options are joined in Python rather than rendered by one template each:
    a large program lists hundreds of departments, which the stock widget is slow to draw."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(item) for item in self.format_value(value)}
        # The standard library's escape, as Django's does, without its lazy-string wrapper,
        # which costs more than the escaping across thousands of options.
        options = "".join(
            f'<option value="{escape(str(key))}"{" selected" if str(key) in chosen else ""}>'
            f"{escape(str(label))}</option>"
            for key, label in self.choices
        )
        attributes = flatatt(self.build_attrs(self.attrs, {**(attrs or {}), "name": name}))
        return format_html("<select{}>{}</select>", attributes, mark_safe(options))


def sort_choices():
    for key, (label, _fields) in SORTS.items():
        yield key, format_lazy(_("{label}, ascending"), label=label)
        yield f"-{key}", format_lazy(_("{label}, descending"), label=label)


class DashboardFilterForm(forms.Form):
    """The dashboard's GET filters. Every field is optional; a value that does not validate is
    reported next to its field and left out, so the rest of the filters still apply."""

    q = forms.CharField(
        label=_("Search by name"),
        max_length=100,
        required=False,
        validators=[validate_single_line],
    )
    phase = forms.ChoiceField(
        label=_("Phase"), choices=[("", _("All phases")), *Phase.choices], required=False
    )
    at_risk = forms.ChoiceField(label=_("At risk"), choices=YES_NO, required=False)
    # A name to search rather than a list: a large program has thousands of mentors.
    mentor = forms.CharField(
        label=_("Mentor's name"),
        max_length=100,
        required=False,
        validators=[validate_single_line],
    )
    department = forms.ChoiceField(
        label=_("Department (mentee's or mentor's)"), required=False, widget=QuickSelect
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=[("", _("Open pairs first, by mentee")), *sort_choices()],
        required=False,
    )
    page = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, departments: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [
            ("", gettext("All departments")),
            *((department, department) for department in departments),
        ]

    @property
    def valid_values(self) -> dict:
        """The filters that validated; `cleaned_data` holds only those after validation."""
        self.is_valid()
        return self.cleaned_data

    def apply(self, pairs):
        """Filter, search and sort rows of `with_status` as the valid filters say."""
        values = self.valid_values
        if query := values.get("q"):
            pairs = pairs.filter(
                Q(mentee__full_name__icontains=query)
                | Q(mentee__email__icontains=query)
                | Q(mentor__full_name__icontains=query)
                | Q(mentor__email__icontains=query)
            )
        if phase := values.get("phase"):
            pairs = pairs.filter(phase=phase)
        if at_risk := values.get("at_risk"):
            pairs = pairs.filter(is_at_risk=at_risk == "yes")
        if mentor := values.get("mentor"):
            pairs = pairs.filter(
                Q(mentor__full_name__icontains=mentor) | Q(mentor__email__icontains=mentor)
            )
        if department := values.get("department"):
            pairs = pairs.filter(
                Q(mentee__department=department) | Q(mentor__department=department)
            )
        return pairs.order_by(*self.ordering())

    def annotations(self) -> list[str]:
        """The annotations of `with_status` that `apply` filters or sorts on."""
        names = ["mentee_name"]
        if self.valid_values.get("at_risk"):
            names.append("is_at_risk")
        if sort := self.valid_values.get("sort"):
            names += SORTS[sort.removeprefix("-")][1]
        return names

    def ordering(self) -> list:
        sort = self.valid_values.get("sort")
        if not sort:
            return DEFAULT_ORDER
        descending = sort.startswith("-")
        _, fields = SORTS[sort.removeprefix("-")]
        columns = [
            F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True)
            for field in fields
        ]
        return [*columns, "mentee_name", "pk"]
