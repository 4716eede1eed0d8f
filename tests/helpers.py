"""Plain helpers more than one test module uses. Fixtures live in tests/conftest.py.

No test module imports from another: what two of them share is here.
"""

import datetime
import io
import re
from contextlib import contextmanager
from pathlib import Path
from unittest import mock
from urllib.parse import urlencode

import icalendar
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.backends.utils import CursorWrapper
from django.db.utils import OperationalError
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from mentoring.agreements import services as agreement_services
from mentoring.agreements.forms import AgreementForm
from mentoring.agreements.models import AgreementVersion
from mentoring.enabling.models import PlanSection
from mentoring.meetings.models import Reflection
from mentoring.programs.models import Mentorship
from mentoring.status.pairs import with_status
from tests.factories import (
    ActionStepFactory,
    CheckInAnswerFactory,
    MeetingFactory,
    MentorshipFactory,
    PlanSectionFactory,
    agreement_in_effect,
)

# The clock (tests/conftest.py: SUITE_CLOCK and the frozen_clock fixture).

# A plain moment for tests that need a known date: a Wednesday in mid-June at noon in the site's
# zone, far from a month's, a year's or a daylight-saving change's edge.
FROZEN_AT = datetime.datetime.fromisoformat("2026-06-17T12:00:00-07:00")

# Dates relative to now: `TODAY()` is today in the current zone, `TODAY() + 3 * DAY` in three days.
DAY = datetime.timedelta(days=1)
TODAY = timezone.localdate


def parse_suite_clock(value: str) -> datetime.datetime | None:
    """The moment a SUITE_CLOCK value names (ISO 8601 with its UTC offset), None if empty."""
    value = value.strip()
    if not value:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"SUITE_CLOCK={value!r} is not an ISO 8601 date and time, "
            "e.g. 2027-03-01T00:20:00-08:00"
        ) from None
    if moment.tzinfo is None:
        raise ValueError(
            f"SUITE_CLOCK={value!r} needs its UTC offset (-08:00 for Vancouver in winter, "
            "-07:00 in summer), so the moment is not ambiguous"
        )
    return moment


# The toolkit's own words, which labels and fixed texts must match word for word. A copy kept in
# the repository (tests/fixtures/), so the suite never reads outside it.
SPEC = Path(__file__).resolve().parent / "fixtures" / "toolkit.md"


def spec_section(title: str) -> str:
    """The text under the spec's `### title`, up to the next heading."""
    text = SPEC.read_text()
    start = text.index(f"### {title}")
    end = text.find("\n#", start + 1)
    return text[start:end]


def pdf_text(content: bytes) -> str:
    """A PDF's text, every run of whitespace (line breaks, page breaks) as one space."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def as_persona(request, persona: str):
    """The persona fixture named `persona` and a test client signed in as them."""
    user = request.getfixturevalue(persona)
    return user, request.getfixturevalue("client_for")(user)


# Meetings (tests/test_meetings.py and the modules split from it).


def meetings_url(name: str, *args) -> str:
    return reverse(f"meetings:{name}", args=args)


def meeting_url(name: str, meeting, *args) -> str:
    return meetings_url(name, meeting.mentorship_id, meeting.pk, *args)


def next_january_15() -> datetime.date:
    """A winter date to come, whatever the year the tests run (Pacific Standard Time)."""
    return datetime.date(timezone.localdate().year + 1, 1, 15)


def local_input(days: int, hour: int = 10) -> str:
    """What a datetime-local input holds for `hour`:00, `days` from today in the current zone.

    A whole hour of the day, not now plus some hours: now + 3 days may be a wall time that does
    not exist (2:30 on the night clocks spring forward) or happens twice (1:30 when they fall
    back), which the form rightly refuses. 10:00 exists exactly once every day.
    """
    day = timezone.localdate() + datetime.timedelta(days=days)
    return f"{day:%Y-%m-%d}T{hour:02d}:00"


def local_moment(days: int, hour: int = 10) -> datetime.datetime:
    """The moment `local_input(days, hour)` names, in the current zone."""
    return timezone.make_aware(datetime.datetime.fromisoformat(local_input(days, hour)))


def schedule_data(**changes) -> dict:
    """What the schedule form posts: a meeting in three days at 10:00, 45 minutes, in person."""
    data = {
        "starts_at": local_input(3),
        "length_minutes": 45,
        "mode": "in_person",
        "place": "Room 4B, Vancouver General",
    }
    return data | changes


def ics_events(content: bytes) -> list:
    return list(icalendar.Calendar.from_ical(content).walk("VEVENT"))


def reflection_data(**changes) -> dict:
    data = dict.fromkeys(Reflection.ANSWERS, "")
    data |= {
        "learned_1": "Budgets tell stories.",
        "learned_2": "Ask before assuming.",
        "learned_3": "Sleep on big decisions.",
        "action_1": "Book a budget review.",
        "action_2": "Delegate the rota.",
        "never_forget": "Lead with curiosity.",
    }
    return data | changes


# Browser journeys (tests/browser/).

# crispy-forms marks required fields with an asterisk inside the label: "Password*".
PASSWORD_LABEL = re.compile(r"^\s*Password\*?\s*$")


def sign_in(page: Page, live_server, email: str, password: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label(PASSWORD_LABEL).fill(password)
    # Exact: "Sign in with <provider>" buttons share the words.
    page.get_by_role("button", name="Sign In", exact=True).click()
    # Signed in: Sign out is there, in the person menu (hidden until the menu opens).
    expect(page.get_by_role("button", name="Sign out", include_hidden=True)).to_have_count(1)


def open_person_menu(page: Page) -> None:
    """Open the navigation's person menu (Profile, Sign-in & security, Your data, Sign out),
    first opening the collapsed navigation on a narrow screen."""
    nav = page.get_by_role("navigation", name="Main")
    toggler = nav.get_by_role("button", name="Toggle navigation")
    if toggler.is_visible() and toggler.get_attribute("aria-expanded") != "true":
        toggler.click()
    menu = nav.locator("#person-menu")
    if menu.get_attribute("aria-expanded") != "true":
        menu.click()
    expect(nav.get_by_role("button", name="Sign out")).to_be_visible()


def sign_out(page: Page) -> None:
    open_person_menu(page)
    page.get_by_role("button", name="Sign out").click()
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in")
    ).to_be_visible()


# Pair status (tests/test_status.py and tests/test_dashboard.py).


def status_of(pair, today=None):
    """The pair as `mentoring.status.pairs.with_status` annotates it."""
    return with_status(Mentorship.objects.filter(pk=pair.pk), today=today).get()


def meeting_held_days_ago(pair, days):
    return MeetingFactory(
        mentorship=pair, held=True, starts_at=timezone.now() - datetime.timedelta(days=days)
    )


def in_effect_since(pair, days, frequency="weekly"):
    """The pair's agreement, in effect since `days` ago, meeting at `frequency`."""
    version = agreement_in_effect(pair, meeting_frequency=frequency)
    AgreementVersion.objects.filter(pk=version.pk).update(
        in_effect_at=timezone.now() - datetime.timedelta(days=days)
    )
    return version


def request_help(pair, author):
    return CheckInAnswerFactory(mentorship=pair, author=author, needs_help=True)


# The dashboard (tests/test_dashboard.py and the modules split from it).


def dashboard_url(program, **params):
    query = urlencode(params)
    return reverse("dashboard:program", args=[program.pk]) + (f"?{query}" if query else "")


def export_url(program, **params):
    query = urlencode(params)
    return reverse("dashboard:export", args=[program.pk]) + (f"?{query}" if query else "")


def shown_pairs(response) -> list[Mentorship]:
    return [pair for pair, _, _ in response.context["rows"]]


def grow_program(program, pairs: int):
    """`pairs` pairs with activity; every other one at risk by an overdue step."""
    for index in range(pairs):
        pair = MentorshipFactory(program=program, mentee__department=f"Site {index % 7}")
        in_effect_since(pair, 40, "biweekly")
        meeting_held_days_ago(pair, 3)
        MeetingFactory(mentorship=pair)
        CheckInAnswerFactory(mentorship=pair, needs_help=index % 3 == 0)
        target = timezone.localdate() + (-DAY if index % 2 else 5 * DAY)
        ActionStepFactory(section=PlanSectionFactory(mentorship=pair), target_on=target)


# Reminders (tests/test_reminders.py and the modules split from it).


def tomorrow_at(hour: int) -> datetime.datetime:
    day = timezone.localdate() + DAY
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def sent_to(user) -> list:
    return [message for message in mail.outbox if message.to == [user.email]]


def links_in(message) -> list[str]:
    return re.findall(r"https?://\S+", message.body)


# Enrolment (tests/test_enrolment.py and the modules split from it).


# The personas who are not the program's coordinators.
PROGRAM_OUTSIDERS = ["other_coordinator", "mentee", "mentor", "stranger"]
CSV_HEADER = "email,name,role,department\n"


def csv_file(content: str | bytes, name="people.csv") -> SimpleUploadedFile:
    data = content.encode() if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="text/csv")


# The agreement (tests/test_agreements.py and the modules split from it).


def agreements_url(name, pair, *args):
    return reverse(f"agreements:{name}", args=[pair.pk, *args])


def agreement_form_data(version, **changes):
    """What the edit form posts for `version` as it is, with some answers changed."""
    data = {name: getattr(version, name) or "" for name in AgreementVersion.TEXT_FIELDS}
    data |= {f"goal_{goal.position}": goal.text for goal in version.goals.all()}
    data["revision"] = version.revision
    return data | changes


def save_draft(version, user, **changes):
    version.refresh_from_db()
    form = AgreementForm(agreement_form_data(version, **changes), version=version)
    assert form.is_valid(), form.errors
    return agreement_services.save_draft(
        version=version,
        user=user,
        values=form.values(),
        goals=form.goals(),
        revision=form.cleaned_data["revision"],
    )


def sign_version(version, user, revision=None):
    version.refresh_from_db()
    return agreement_services.sign(
        version=version,
        user=user,
        typed_name=user.full_name,
        revision=revision or version.revision,
    )


# Enabling (tests/test_enabling.py and the modules split from it).


def enabling_url(name, pair, *args):
    return reverse(f"enabling:{name}", args=[pair.pk, *args])


def step_data(pair, position=1, owner="mentee", what="Read two budget reports", target=None):
    prefix = f"goal{position}-{owner}"
    target = target or TODAY() + datetime.timedelta(days=10)
    return {f"{prefix}-what": what, f"{prefix}-target_on": str(target)}


def section_data(position=1, revision=0, **values):
    data = {f"goal{position}-{name}": values.get(name, "") for name in PlanSection.TEXT_FIELDS}
    return data | {f"goal{position}-revision": revision}


def check_in_data(**changes):
    data = {
        "meeting_rhythm": "Every two weeks suits us.",
        "following_up": "Yes, both of us.",
        "do_differently": "Meet in person once.",
        "on_track": "Yes.",
        "goals_need_change": "False",
        "goals_change_details": "",
    }
    return data | changes


# Closure (tests/test_closure.py and the modules split from it).


def closure_url(name, pair, *args):
    return reverse(f"closure:{name}", args=[pair.pk, *args])


def goals_in_effect(pair):
    """The goals of the pair's agreement in effect, in order."""
    return list(pair.agreement.versions.get(status="in_effect").goals.order_by("position"))


def task_worker(worker_class=None, *, worker_id: str = "test"):
    """A django-tasks-db worker for the default queue, to call `run_task` on in a test;
    `worker_class` defaults to db_worker's own."""
    return (worker_class or Worker)(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )


@contextmanager
def queries_fail(should_fail, *, times: int | None = None):
    """Queries whose SQL `should_fail` accepts raise OperationalError, as when the database
    drops the connection or restarts; `times` of them, or all. Yields the SQL of those that
    failed. Connections are not really dropped: the test's transaction must survive."""
    real_execute = CursorWrapper.execute
    failures = []

    def execute(self, sql, params=None):
        if should_fail(sql) and (times is None or len(failures) < times):
            failures.append(sql)
            raise OperationalError("server closed the connection unexpectedly")
        return real_execute(self, sql, params)

    with mock.patch.object(CursorWrapper, "execute", execute):
        yield failures
