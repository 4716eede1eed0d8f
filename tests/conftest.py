"""Personas for access tests (after healthchecks' alice, bob and charlie).

- mentee and mentor: the two members of `pair`;
- stranger: a signed-in person with nothing to do with the pair;
- coordinator: coordinates the pair's program; other_coordinator: another program's.
"""

import importlib
import os

import pytest
from django.apps import apps
from django.core.cache import cache
from hypothesis import settings as hypothesis_settings

from mentoring.meetings.models import KickStarterCategory
from tests.factories import MentorFactory, MentorshipFactory, ProgramFactory, UserFactory

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
def pytest_collection_modifyitems(items):
    """Run the browser journeys last.

    They use transactional databases, whose flush deletes what data migrations loaded (the
    kick-starter bank); pytest-playwright's browser parametrisation can otherwise pull them
    in among the other tests.
    """
    items.sort(key=lambda item: item.nodeid.startswith("tests/browser/"))
