"""Every form, fed anything: any Unicode, 10,000 characters and more, control characters, huge
and negative numbers, impossible dates. Never a server error; a form that says no shows again
what was typed into its text fields.

Each case posts (or, for filters, GETs) one form page as a persona who may use it, in the world
of tests/world.py; every request is rolled back, so each example meets the same world. The
fields and their kinds come from the form classes, so a new field is fuzzed without a change
here.
"""

import dataclasses
import datetime
import typing

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.forms import ProfileForm
from mentoring.agreements.forms import AgreementForm, ResponsibilitiesForm, SignForm
from mentoring.closure import forms as closure_forms
from mentoring.closure.models import Closure
from mentoring.dashboard.forms import DashboardFilterForm
from mentoring.enabling.forms import CheckInForm, SectionForm, StepForm
from mentoring.enrolment.csv_import import COLUMNS, MAX_FILE_BYTES
from mentoring.enrolment.forms import ApprovalSettingForm, DisapproveForm, InviteForm
from mentoring.meetings import forms as meeting_forms
from mentoring.preparation.forms import (
    CandidateNoteForm,
    DirectoryFilterForm,
    MentorRequestForm,
    PlanningTemplateForm,
    ResponseForm,
    SelfReflectionForm,
)
from mentoring.programs.forms import PairForm
from mentoring.reminders.models import Kind
from tests.world import KWARGS, fetch

pytestmark = pytest.mark.django_db

fuzz = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# What people type, and what a script sends instead.
CONTROL = st.characters(categories=["Cc"])
TEXT = st.one_of(
    st.text(),
    st.text(min_size=1, max_size=8).map(lambda s: s * (10_000 // len(s) + 1)),  # 10k and more
    st.text(st.one_of(CONTROL, st.characters(categories=["L", "Zs"])), min_size=1),
    st.sampled_from(["<script>alert(1)</script>", "' OR 1=1 --", "{{ 7|add:7 }}", "\u202e"]),
)
NUMBER = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["2147483648", "9223372036854775808", "-1", "0", "1e309", "NaN", "١٢"]),
    TEXT,
)
IMPOSSIBLE_DATES = ["2026-02-30", "99999-01-01", "-1", "0000-00-00", "2026-13-01"]
EDGE_DATES = ["9999-12-31", "0001-01-01"]
DATE = st.one_of(
    st.sampled_from(IMPOSSIBLE_DATES + EDGE_DATES),
    st.dates().map(str),
    TEXT,
)
# Times in the persona's zone: the end of time, its start, a spring-forward gap, a fall-back fold.
EDGE_TIMES = ["9999-12-31T23:59", "0001-01-01T00:00", "2027-03-14T02:30", "2026-11-01T01:30"]
DATETIME = st.one_of(
    st.sampled_from([f"{day}T10:00" for day in IMPOSSIBLE_DATES] + EDGE_TIMES),
    st.datetimes().map(lambda moment: moment.isoformat(timespec="minutes")),
    TEXT,
)
SENT_FOR_A_CHECKBOX = st.sampled_from(["on", "", "true", "false", "0", "1", "yes", "\x00"])


def csv_files():
    """A CSV of people to invite: well-formed or not, any text in its cells, or not text."""
    cell = st.one_of(st.sampled_from(["mentee", "mentor", "a@example.com"]), TEXT)
    rows = st.lists(st.lists(cell, min_size=1, max_size=5), max_size=4)
    text = st.builds(
        lambda header, rows: "\n".join([header] + [",".join(row) for row in rows]),
        st.sampled_from([",".join(COLUMNS), "email;name", ""]),
        rows,
    )
    content = st.one_of(
        text.map(lambda s: s.encode()),
        text.map(lambda s: s.encode("utf-16")),
        st.binary(max_size=200),
        st.just(b"email,name,role,department\n" + b"x" * MAX_FILE_BYTES),
    )
    return content.map(lambda data: SimpleUploadedFile("people.csv", data, "text/csv"))


def choices_of(field) -> list[str]:
    if isinstance(field, forms.ModelChoiceField):
        return [str(pk) for pk in range(1, 30)]
    return [str(value) for value, _ in field.choices]


def values_for(field) -> st.SearchStrategy:
    """What to send for one form field: mostly nonsense, sometimes sense."""
    if isinstance(field, forms.FileField):
        return csv_files()
    if isinstance(field, forms.BooleanField):
        return SENT_FOR_A_CHECKBOX
    if isinstance(field, forms.ChoiceField):
        choice = st.one_of(st.sampled_from(choices_of(field) or [""]), NUMBER)
        if isinstance(field, forms.MultipleChoiceField):
            return st.lists(choice, max_size=4)
        return choice
    if isinstance(field, forms.DateTimeField):
        return DATETIME
    if isinstance(field, forms.DateField):
        return DATE
    if isinstance(field, forms.IntegerField):
        return NUMBER
    return TEXT


def is_typed_text(field) -> bool:
    """A field whose words a person types, and a rejected form must show again."""
    hidden = isinstance(field.widget, forms.HiddenInput | forms.PasswordInput)
    return isinstance(field, forms.CharField) and not hidden


@dataclasses.dataclass(frozen=True)
class Case:
    url: str
    objects: str  # a key of KWARGS
    persona: str
    form: type[forms.BaseForm]
    prefix: typing.Callable = lambda world: ""
    method: str = "post"
    fields: typing.Callable = lambda form: form.base_fields  # for forms that add their own
    prepare: typing.Callable = lambda world: None
    shows_form: bool = True

    def __str__(self):
        return self.url


def no_pending_proposal(world):
    Closure.objects.filter(pk=world.proposal.pk).delete()


CASES = [
    Case("accounts:profile", "-", "mentee", ProfileForm),
    Case("preparation:self_reflection", "-", "mentee", SelfReflectionForm),
    Case("preparation:complete_self_reflection", "-", "mentee", SelfReflectionForm),
    Case("preparation:candidate", "cand", "mentee", CandidateNoteForm),
    Case("preparation:ask_mentor", "cand", "other_member", MentorRequestForm),
    Case("preparation:decline_request", "sent", "mentor", ResponseForm),
    Case("preparation:planning_template", "prep", "mentee", PlanningTemplateForm),
    Case("preparation:share_planning_template", "prep", "mentee", PlanningTemplateForm),
    Case("preparation:mentor_directory", "dir", "mentee", DirectoryFilterForm, method="get"),
    Case("agreements:edit", "neg", "mentee", AgreementForm),
    Case("agreements:sign", "neg", "mentee", SignForm),
    Case("agreements:acknowledge", "neg", "mentee", ResponsibilitiesForm),
    Case("enabling:save_section", "goal1", "mentee", SectionForm, lambda w: "goal1"),
    Case("enabling:add_step", "steps", "mentee", StepForm, lambda w: "goal1-mentee"),
    Case("enabling:edit_step", "step", "mentee", StepForm, lambda w: f"step{w.step.pk}"),
    Case("enabling:check_in", "enab", "mentor", CheckInForm),
    Case("meetings:schedule", "enab", "mentee", meeting_forms.MeetingForm),
    Case("meetings:reschedule", "meet", "mentee", meeting_forms.MeetingForm),
    Case("meetings:save_agenda", "meet", "mentee", meeting_forms.AgendaForm),
    Case("meetings:save_notes", "meet", "mentor", meeting_forms.NotesForm),
    Case("meetings:reflection", "held", "mentor", meeting_forms.ReflectionForm),
    Case(
        "closure:propose", "enab", "mentee", closure_forms.ReasonForm, prepare=no_pending_proposal
    ),
    Case(
        "closure:outcome",
        "goal",
        "mentee",
        closure_forms.OutcomeForm,
        lambda w: f"goal-{w.goal.pk}",
    ),
    Case("closure:reflection", "clos", "mentor", closure_forms.ReflectionForm),
    Case("closure:thanks", "clos", "mentee", closure_forms.ThankYouForm),
    Case("closure:coordinator_close", "enab", "coordinator", closure_forms.ReasonForm),
    Case("dashboard:program", "prog", "coordinator", DashboardFilterForm, method="get"),
    Case(
        "dashboard:export",
        "prog",
        "coordinator",
        DashboardFilterForm,
        method="get",
        shows_form=False,
    ),
    Case("enrolment:invite", "prog", "coordinator", InviteForm),
    Case("enrolment:decline_request", "appr", "coordinator", DisapproveForm),
    Case("enrolment:approval_setting", "prog", "coordinator", ApprovalSettingForm),
    Case("programs:new_pair", "prog", "coordinator", PairForm),
    Case(
        "reminders:preferences",
        "-",
        "mentee",
        forms.Form,
        fields=lambda form: {kind.value: forms.BooleanField() for kind in Kind},
    ),
]


def sensible(field):
    """A value the field takes, to send beside an edge value in another field."""
    if isinstance(field, forms.FileField):
        return SimpleUploadedFile("people.csv", b"email,name,role\nana@example.org,Ana,mentee\n")
    if isinstance(field, forms.BooleanField):
        return "on"
    if isinstance(field, forms.ChoiceField):
        return next((value for value in choices_of(field) if value), "")
    if isinstance(field, forms.DateTimeField):
        return (timezone.localdate() + datetime.timedelta(days=7)).isoformat() + "T10:00"
    if isinstance(field, forms.DateField):
        return (timezone.localdate() + datetime.timedelta(days=14)).isoformat()
    if isinstance(field, forms.IntegerField):
        return "60"
    return "Fine words"


FILE_EDGES = [b"", b"\x00\x01", "email,name\n".encode("utf-16"), b"x" * (MAX_FILE_BYTES + 1)]


def edges(field) -> list:
    """The values each kind of field is most likely to fail on."""
    if isinstance(field, forms.FileField):
        return [SimpleUploadedFile("people.csv", data) for data in FILE_EDGES]
    if isinstance(field, forms.ChoiceField | forms.BooleanField):
        return ["\x00", "-1", "9223372036854775808"]
    if isinstance(field, forms.DateTimeField):
        return EDGE_TIMES + [f"{day}T10:00" for day in IMPOSSIBLE_DATES]
    if isinstance(field, forms.DateField):
        return EDGE_DATES + IMPOSSIBLE_DATES
    if isinstance(field, forms.IntegerField):
        return ["9223372036854775808", "-9223372036854775809", "1" + "0" * 40, "-1", "1e309"]
    return ["\x00", "a\x00b", "\x1b[31m", "two\nlines", "\r", "x" * 20_000, "\u202e"]


def name_in(case, world, field_name) -> str:
    prefix = case.prefix(world)
    return f"{prefix}-{field_name}" if prefix else field_name


def submit(case, world, sent):
    """Send the form and check the answer: never a server error (the client raises it); a
    rejected form shows every typed text again; an accepted one leads to a page that works
    with what was saved (the redirect is followed in the same rolled-back transaction)."""
    case.prepare(world)
    url = reverse(case.url, kwargs=KWARGS[case.objects](world))
    response = fetch(world.clients[case.persona], case.method, url, sent, follow=True)

    assert response.status_code in (200, 400, 409), response.status_code
    if response.redirect_chain or not case.shows_form:
        return
    page = response.body.decode()
    for name, field in case.fields(case.form).items():
        typed = sent[name_in(case, world, name)]
        # Only blank space is not looked for: Django strips it, and crispy's {% spaceless %}
        # collapses a field holding nothing else.
        if is_typed_text(field) and typed.strip():
            assert escape(typed) in page, f"{name}: what was typed is not shown again"


@pytest.mark.parametrize("case", CASES, ids=str)
@fuzz
@given(data=st.data())
def test_a_form_fed_anything_never_fails_and_shows_what_was_typed(case, world, data):
    sent = {
        name_in(case, world, name): data.draw(values_for(field), label=name)
        for name, field in case.fields(case.form).items()
    }
    submit(case, world, sent)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_form_given_each_edge_value_never_fails_and_shows_what_was_typed(case, world):
    """Every edge value in every field, beside sensible values in the others: what random
    drawing may miss, every run. The personas live at UTC+14, where dates cross over first."""
    for user in filter(None, world.personas.values()):
        user.time_zone = "Pacific/Kiritimati"
        user.save(update_fields=["time_zone"])
    fields = case.fields(case.form)
    for name, field in fields.items():
        for edge in edges(field):
            sent = {name_in(case, world, other): sensible(f) for other, f in fields.items()}
            submit(case, world, sent | {name_in(case, world, name): edge})
