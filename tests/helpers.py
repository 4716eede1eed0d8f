"""Plain helpers more than one test module uses. Fixtures live in tests/conftest.py.

No test module imports from another: what two of them share is here.
"""

import datetime
import io
import re
from pathlib import Path

import icalendar
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from mentoring.agreements.models import AgreementVersion
from mentoring.meetings.models import Reflection
from mentoring.programs.models import Mentorship
from mentoring.status.pairs import with_status
from tests.factories import CheckInAnswerFactory, MeetingFactory, agreement_in_effect

# The clock (tests/conftest.py: SUITE_CLOCK and the frozen_clock fixture).

# A plain moment for tests that need a known date: a Wednesday in mid-June at noon in the site's
# zone, far from a month's, a year's or a daylight-saving change's edge.
FROZEN_AT = datetime.datetime.fromisoformat("2026-06-17T12:00:00-07:00")


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
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def sign_out(page: Page) -> None:
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
