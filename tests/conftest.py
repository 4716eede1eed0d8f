"""Personas for access tests (after healthchecks' alice, bob and charlie):
- mentee and mentor: the two members of `pair`;
- stranger: a signed-in person with nothing to do with the pair;
- coordinator: coordinates the pair's program; other_coordinator: another program's.

Then what each phase's tests start from (`enrolled`, `mentor_request`, `negotiating`, `draft`,
`in_effect`, `enabling`, `section`, `proposal`, `in_closure`, `closed`...), shared by the
modules of each phase; a module may still keep its own, which wins in it.

The clock: SUITE_CLOCK="2027-03-01T00:20-08:00" runs the whole session from that moment, to
show which tests depend on the day; `frozen_clock` fixes it for a test needing a known date.
"""

import datetime
import importlib
import os

import pytest
import time_machine
from django.apps import apps
from django.conf import settings as django_settings
from django.core.cache import cache, caches
from django.test import override_settings
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from mentoring.branding import models as branding_models
from mentoring.closure import services as closure_services
from mentoring.closure.models import Reason
from mentoring.lib import page_cache
from mentoring.meetings.models import KickStarterCategory
from mentoring.programs.models import Participant
from mentoring.reminders import services as reminder_services
from tests.factories import (
    ActionStepFactory,
    AgreementFactory,
    AgreementVersionFactory,
    GoalFactory,
    GoalOutcomeFactory,
    MeetingFactory,
    MentorFactory,
    MentorRequestFactory,
    MentorshipFactory,
    ParticipantFactory,
    PlanSectionFactory,
    ProgramFactory,
    UserFactory,
    agreement_in_effect,
)
from tests.helpers import FROZEN_AT, goals_in_effect, parse_suite_clock, sign_version

# Fixtures of their own modules, found by every test through these imports.
from tests.identity_providers import oidc_app, oidc_provider  # noqa: F401
from tests.saml_idp import saml_app, saml_idp  # noqa: F401
from tests.scim import directory, provisioning_token  # noqa: F401

# Property-based tests (tests/test_fuzzing.py) keep no example database and draw the same
# examples every run, so a failure in CI repeats anywhere; HYPOTHESIS_PROFILE=dev: new ones.
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
hypothesis_settings.register_profile("dev", database=None, print_blob=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with nothing cached: what one test kept never decides another's.

    But for the branding every page reads, kept as any page but a deployment's first finds it
    (no row: the defaults), so query counts are the page's own. Saving a Branding clears it.
    """
    for each in caches.all():
        each.clear()
    cache.set(branding_models.CACHE_KEY, {})


@pytest.fixture(autouse=True)
def site_language():
    """The test client leaves its last request's language active in the thread."""
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def page_cache_without_commits(request, monkeypatch):
    """A test's transaction never commits: each write gives the data its new generation at once
    (mentoring/lib/page_cache.py), as the commit would; in the browser journeys too, a moment
    early. Tests of the commit itself ask for `real_commits` and keep the commit's own."""
    if "real_commits" not in request.fixturenames:
        monkeypatch.setattr(
            page_cache, "new_generation_after_commit", lambda db: page_cache.new_generation()
        )


@pytest.fixture
def real_commits(transactional_db):
    """The database commits each write, and the page cache's generation changes on commit."""


@pytest.fixture(autouse=True, scope="session")
def exports_storage(tmp_path_factory):
    """People's copies of their data go to a temporary directory, never the checkout's
    var/exports (settings.EXPORTS_DIR)."""
    exports = {**django_settings.STORAGES["exports"]}
    exports["OPTIONS"] = {**exports["OPTIONS"], "location": tmp_path_factory.mktemp("exports")}
    with override_settings(STORAGES={**django_settings.STORAGES, "exports": exports}):
        yield


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
    60 minutes, video)."""
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
    """The conversation kick-starters, loaded by their data migrations (English, then French).

    A transactional (browser) test's flush empties the tables migrations filled, and pytest may
    run such tests before others; this loads the bank again, with the migration's own code.
    """
    if not KickStarterCategory.objects.exists():
        for name, load in [
            ("0002_kick_starter_bank", "load_bank"),
            ("0005_kick_starter_bank_in_french", "load_french"),
        ]:
            migration = importlib.import_module(f"mentoring.meetings.migrations.{name}")
            getattr(migration, load)(apps, None)


# Preparing (tests/test_preparation.py and the modules split from it).


@pytest.fixture
def enrolled(program, mentee, mentor):
    """The mentee and the mentor enrolled in the program, not yet a pair."""
    ParticipantFactory(program=program, user=mentee, role=Participant.Role.MENTEE)
    ParticipantFactory(program=program, user=mentor, role=Participant.Role.MENTOR)
    return program


@pytest.fixture
def mentor_request(enrolled, mentee, mentor):
    """The mentee's request to the mentor, pending."""
    return MentorRequestFactory(program=enrolled, mentee=mentee, mentor=mentor)


# The agreement (tests/test_agreements.py and the modules split from it).


@pytest.fixture
def negotiating(pair):
    """The pair in Negotiating, with no agreement yet."""
    pair.start_negotiating()
    return pair


@pytest.fixture
def draft(negotiating):
    """Version 1 of the pair's agreement, every question answered, three goals."""
    version = AgreementVersionFactory(
        agreement=AgreementFactory(mentorship=negotiating), filled=True, number=1
    )
    for position in (1, 2, 3):
        GoalFactory(version=version, position=position, text=f"Goal text number {position}")
    return version


@pytest.fixture
def in_effect(draft, mentee, mentor):
    """`draft`, signed by both and so in effect."""
    sign_version(draft, mentee)
    sign_version(draft, mentor)
    draft.refresh_from_db()
    return draft


# Enabling (tests/test_enabling.py and the modules split from it).


@pytest.fixture
def section(enabling):
    """The action plan's section for goal 1."""
    return PlanSectionFactory(mentorship=enabling, position=1)


# Reminders (tests/test_reminders.py and the modules split from it).


@pytest.fixture
def run_sweep(django_capture_on_commit_callbacks):
    """A sweep whose send tasks run, as the worker would run them once the sweep commits."""

    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return reminder_services.sweep(**kwargs)

    return run


@pytest.fixture
def step_of(enabling):
    """`step_of(owner, target_on)`: an action step of the pair's, in one section of the plan."""
    section = PlanSectionFactory(mentorship=enabling)

    def make(owner, target_on, **fields):
        return ActionStepFactory(section=section, owner=owner, target_on=target_on, **fields)

    return make


# Closure (tests/test_closure.py and the modules split from it).


@pytest.fixture
def proposal(enabling, mentee):
    """The mentee's proposal to close, for goals achieved, pending the mentor's answer."""
    return closure_services.propose_closure(
        mentorship=enabling, user=mentee, reason=Reason.GOALS_ACHIEVED
    )


@pytest.fixture
def in_closure(proposal, mentor):
    """The pair in Closure: the mentor confirmed the proposal."""
    closure_services.confirm_closure(closure=proposal, user=mentor)
    proposal.mentorship.refresh_from_db()
    return proposal.mentorship


@pytest.fixture
def closed(in_closure):
    """The pair closed: both recorded every goal's outcome and the closure is complete."""
    for goal in goals_in_effect(in_closure):  # completing waits for every goal's outcome from both
        for person in (in_closure.mentee, in_closure.mentor):
            GoalOutcomeFactory(goal=goal, mentorship=in_closure, author=person)
    closure_services.complete_closure(mentorship=in_closure)
    in_closure.refresh_from_db()
    return in_closure


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Run the browser journeys last, and not at all at a SUITE_CLOCK.

    They use transactional databases, whose flush deletes what data migrations loaded (the
    kick-starter bank); pytest-playwright's browser parametrisation can otherwise pull them
    in among the other tests.

    Chromium is another process, on the real clock: at a SUITE_CLOCK the server and the browser
    would disagree on the date (the browser drops a session cookie that, by its clock, expired
    before it was set), which says nothing about the app.

    Under pytest-xdist (`make test` runs `-n 2 --dist loadgroup`) they form one group, run by
    one worker one after another: two Chromiums and two live servers on two cores would make
    their timeouts, not the app, decide.
    """
    items.sort(key=lambda item: item.nodeid.startswith("tests/browser/"))
    for item in items:
        if item.nodeid.startswith("tests/browser/"):
            item.add_marker(pytest.mark.xdist_group("browser"))
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
