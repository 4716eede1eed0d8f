"""Personas for access tests (after healthchecks' alice, bob and charlie).

- mentee and mentor: the two members of `pair`;
- stranger: a signed-in person with nothing to do with the pair;
- coordinator: coordinates the pair's program; other_coordinator: another program's.

The clock: SUITE_CLOCK="2027-03-01T00:20-08:00" runs the whole session from that moment (the
clock then runs on), to show which tests depend on the day they run; `frozen_clock` fixes the
clock for one test that needs a known date.
"""

import datetime
import importlib
import os

import pytest
import time_machine
from django.apps import apps
from django.core.cache import cache
from hypothesis import settings as hypothesis_settings

from mentoring.meetings.models import KickStarterCategory
from tests.factories import (
    MeetingFactory,
    MentorFactory,
    MentorshipFactory,
    ProgramFactory,
    UserFactory,
    agreement_in_effect,
)
from tests.helpers import FROZEN_AT, parse_suite_clock

# Property-based tests (tests/test_fuzzing.py) keep no database of examples (what Hypothesis
# still caches in .hypothesis/ is git-ignored), and draw the same examples every run, so a
# failure in CI repeats anywhere. HYPOTHESIS_PROFILE=dev draws new ones each run.
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
hypothesis_settings.register_profile("dev", database=None, print_blob=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with nothing cached: what one test kept never decides another's."""
    cache.clear()


@pytest.fixture
def coordinator(db):
    return UserFactory(full_name="Casey Coordinator")


@pytest.fixture
def program(coordinator):
    return ProgramFactory(coordinators=[coordinator])


@pytest.fixture
def mentee(db):
    return UserFactory(full_name="Mina Mentee")


@pytest.fixture
def mentor(db):
    return MentorFactory(full_name="Marco Mentor")


@pytest.fixture
def pair(program, mentor, mentee):
    return MentorshipFactory(program=program, mentor=mentor, mentee=mentee)


@pytest.fixture
def stranger(db):
    return UserFactory(full_name="Stan Stranger")


@pytest.fixture
def enabling(pair):
    """The pair with their agreement in effect (tests/factories.py: meeting every two weeks,
    60 minutes, video). Some modules keep their own `enabling`, which wins in them."""
    agreement_in_effect(pair)
    pair.refresh_from_db()
    return pair


@pytest.fixture
def upcoming(enabling):
    """A meeting of the pair, scheduled to come."""
    return MeetingFactory(mentorship=enabling)


@pytest.fixture
def held(enabling):
    """A meeting of the pair, held."""
    return MeetingFactory(mentorship=enabling, held=True)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` sends the emails a request queued, as its commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def other_coordinator(db):
    user = UserFactory(full_name="Olga Othercoordinator")
    ProgramFactory(coordinators=[user])
    return user


@pytest.fixture
def world(
    program, pair, mentee, mentor, coordinator, stranger, other_coordinator, kick_starter_bank
):
    """Every persona with a signed-in client, and a pair in each phase with everything a URL
    names (tests/world.py): for the authorization matrix and the form fuzzing."""
    from tests.world import build_world, signed_in  # here: only the tests using it import it

    built = build_world(
        program=program,
        pair=pair,
        mentee=mentee,
        mentor=mentor,
        coordinator=coordinator,
        stranger=stranger,
        other_coordinator=other_coordinator,
    )
    built.clients = {name: signed_in(user) for name, user in built.personas.items()}
    return built


@pytest.fixture
def client_for(client):
    """Sign a persona in on the test client: `client_for(mentee).get(url)`."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def kick_starter_bank():
    """The conversation kick-starters, loaded by their data migration.

    A transactional (browser) test's flush empties the tables migrations filled, and pytest may
    run such tests before others; this loads the bank again, with the migration's own code.
    """
    if not KickStarterCategory.objects.exists():
        migration = importlib.import_module("mentoring.meetings.migrations.0002_kick_starter_bank")
        migration.load_bank(apps, None)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Run the browser journeys last, and not at all at a SUITE_CLOCK.

    They use transactional databases, whose flush deletes what data migrations loaded (the
    kick-starter bank); pytest-playwright's browser parametrisation can otherwise pull them
    in among the other tests.

    Chromium is another process, on the real clock: at a SUITE_CLOCK the server and the browser
    would disagree on the date (the browser drops a session cookie that, by its clock, expired
    before it was set), which says nothing about the app.
    """
    items.sort(key=lambda item: item.nodeid.startswith("tests/browser/"))
    if suite_clock(config):
        skip = pytest.mark.skip(reason="SUITE_CLOCK: Chromium runs on the real clock")
        for item in items:
            if item.nodeid.startswith("tests/browser/"):
                item.add_marker(skip)


# The clock.


@pytest.fixture
def frozen_clock():
    """The clock at FROZEN_AT (then running on), whatever the day or SUITE_CLOCK: for a test
    whose expectations are fixed dates. Yields the traveller: `frozen_clock.move_to(...)`."""
    with time_machine.travel(FROZEN_AT, tick=True) as traveller:
        yield traveller


def suite_clock(config) -> datetime.datetime | None:
    """The moment SUITE_CLOCK names, or None; a bad value stops pytest with the reason."""
    try:
        return parse_suite_clock(os.environ.get("SUITE_CLOCK", ""))
    except ValueError as error:
        raise pytest.UsageError(str(error)) from None


TRAVEL = pytest.StashKey[time_machine.travel]()


def pytest_configure(config):
    """At a SUITE_CLOCK, the whole session (collection included) runs from that moment."""
    moment = suite_clock(config)
    if moment:
        config.stash[TRAVEL] = time_machine.travel(moment, tick=True)
        config.stash[TRAVEL].start()


def pytest_unconfigure(config):
    if TRAVEL in config.stash:
        config.stash[TRAVEL].stop()


def pytest_report_header(config):
    moment = suite_clock(config)
    if moment:
        utc = moment.astimezone(datetime.UTC)
        return (
            f"SUITE_CLOCK: {moment.isoformat()} ({utc:%Y-%m-%d %H:%M} UTC); browser tests skipped"
        )
