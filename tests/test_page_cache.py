"""Home and the pair's page from the cache (mentoring/lib/page_cache.py): served again until a
write, never to another viewer, never with a form token another session cannot use."""

import datetime
import re

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentoring.audit.log import Action, record
from mentoring.dashboard.views import dashboard_context
from mentoring.lib import page_cache
from mentoring.operations.workers import beat
from mentoring.preparation.models import PlanningTemplate
from mentoring.privacy.erasure import erase_account
from mentoring.programs.models import Program
from mentoring.programs.views import home_context, mentorship_context
from tests.factories import MeetingFactory, PlanningTemplateFactory

pytestmark = pytest.mark.django_db


def form_token(html: str, action: str) -> str:
    """The CSRF token of the form posting to `action`, not the sign-out form's in the layout."""
    form = re.search(rf'action="{re.escape(action)}".*?</form>', html, re.S)
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form[0])[1]


def queries_of(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_a_page_seen_again_is_not_built_again(client_for, mentee, enabling):
    client = client_for(mentee)
    for url in (reverse("home"), enabling.get_absolute_url()):
        built = queries_of(client, url)
        assert queries_of(client, url) < built - 3


def test_the_dashboard_is_kept_per_query_string(client_for, coordinator, enabling, mentee):
    client = client_for(coordinator)
    url = reverse("dashboard:program", args=[enabling.program_id])
    built = queries_of(client, url)
    assert queries_of(client, url) < built - 3
    searched = client.get(url, {"q": "nobody by that name"}).text
    assert mentee.full_name not in searched.split('id="pairs"')[1]
    assert mentee.full_name in client.get(url).text.split('id="pairs"')[1]


def test_another_coordinator_still_gets_404_from_a_kept_dashboard(
    client_for, coordinator, other_coordinator, enabling
):
    url = reverse("dashboard:program", args=[enabling.program_id])
    client_for(coordinator).get(url)
    assert client_for(other_coordinator).get(url).status_code == 404


def test_the_planning_template_is_kept_until_it_changes(client_for, mentee, pair):
    planning = PlanningTemplateFactory(mentorship=pair, hoped_gain="First words")
    client = client_for(mentee)
    url = reverse("preparation:planning_template", args=[pair.pk])
    part = "preparation/includes/planning_content.html"
    assert part in [template.name for template in client.get(url).templates]
    assert part not in [template.name for template in client.get(url).templates]
    PlanningTemplate.objects.filter(pk=planning.pk).update(hoped_gain="Second words")
    assert "Second words" in client.get(url).text


def test_a_write_through_queryset_update_shows_at_once(client_for, mentee, enabling):
    client = client_for(mentee)
    assert enabling.program.name in client.get(reverse("home")).text
    Program.objects.filter(pk=enabling.program_id).update(name="Renamed without a signal")
    assert "Renamed without a signal" in client.get(reverse("home")).text
    assert "Renamed without a signal" in client.get(enabling.get_absolute_url()).text


def test_a_write_through_raw_sql_shows_at_once(client_for, mentee, enabling):
    client = client_for(mentee)
    client.get(enabling.get_absolute_url())
    table = Program._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f'UPDATE "{table}" SET name = %s WHERE id = %s', ["Raw", enabling.program_id]
        )
    assert "Raw ·" in client.get(enabling.get_absolute_url()).text


def test_a_new_meeting_shows_on_the_pair_page(client_for, mentee, enabling):
    client = client_for(mentee)
    assert "0 held, 0 planned" in client.get(enabling.get_absolute_url()).text
    MeetingFactory(mentorship=enabling, held=True)
    assert "1 held, 0 planned" in client.get(enabling.get_absolute_url()).text


def test_each_viewer_gets_their_own_part(client_for, mentee, mentor, coordinator, enabling):
    url = enabling.get_absolute_url()
    as_member = client_for(mentee).get(url).text
    assert "As a coordinator you see this pair's status only" not in as_member
    as_coordinator = client_for(coordinator).get(url).text
    assert "As a coordinator you see this pair's status only" in as_coordinator
    assert "Who has looked at this pair" not in as_coordinator
    assert "Who has looked at this pair" in client_for(mentor).get(url).text


def test_a_stranger_still_gets_404_after_a_member_filled_the_cache(
    client_for, mentee, stranger, enabling
):
    client_for(mentee).get(enabling.get_absolute_url())
    assert client_for(stranger).get(enabling.get_absolute_url()).status_code == 404


def test_forms_in_a_cached_part_carry_a_token_of_their_own_session(mentee, pair):
    url = pair.get_absolute_url()
    first, other = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(mentee)  # signing in writes last_login: both before the pages
    other.force_login(mentee)
    action = reverse("programs:start_negotiating", args=[pair.pk])
    first.get(url)
    assert form_token(first.get(url).text, action)  # from the cache
    token = form_token(other.get(url).text, action)
    response = other.post(action, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.phase == "negotiating"


def test_the_minute_turning_builds_the_part_again(client_for, mentee, enabling, frozen_clock):
    client = client_for(mentee)
    url = enabling.get_absolute_url()
    queries_of(client, url)
    served = queries_of(client, url)
    frozen_clock.shift(datetime.timedelta(seconds=61))
    assert queries_of(client, url) > served + 3


def test_writes_to_unwatched_tables_keep_the_generation(enabling, mentee):
    before = page_cache.generation()
    beat(worker_id="node-1-worker-1", started_at=timezone.now(), now=timezone.now())
    record(Action.PAIR_VIEWED, actor=mentee, mentorship=enabling)
    assert page_cache.generation() == before
    Program.objects.filter(pk=enabling.program_id).update(name="Changed")
    assert page_cache.generation() != before


def test_an_evicted_generation_starts_a_new_one(enabling):
    before = page_cache.generation()
    caches[page_cache.CACHE_ALIAS].delete(page_cache.GENERATION_KEY)
    assert page_cache.generation() not in (None, before)


@pytest.mark.parametrize(
    ("sql", "watched"),
    [
        ('INSERT INTO "programs_program" ("name") VALUES (%s)', True),
        ('UPDATE "programs_mentorship" SET "phase" = %s', True),
        ('  delete from "meetings_meeting" WHERE id = 1', True),
        ('ALTER TABLE "programs_program" ADD COLUMN "x" integer', True),
        ('INSERT INTO "django_session" ("session_key") VALUES (%s)', False),
        ('UPDATE "operations_workerheartbeat" SET "beat_at" = %s', False),
        ('INSERT INTO "audit_accessevent" ("action") VALUES (%s)', False),
        ('SELECT "name" FROM "programs_program"', False),
        ('SAVEPOINT "s1_x1"', False),
    ],
)
def test_which_statements_count_as_writes(sql, watched):
    assert page_cache._is_watched_write(sql) is watched


def test_the_cached_parts_read_no_unwatched_table(world, frozen_clock):
    """Writes to these tables give no new generation, so a part reading one could go stale."""
    unwatched = page_cache._unwatched_tables - {"django_session"}
    pairs = [world.preparing, world.negotiating, world.enabling, world.in_closure, world.ended]
    for name in ("mentee", "mentor", "coordinator"):
        user = world.personas[name]
        request = RequestFactory().get("/")
        request.user = user
        with CaptureQueriesContext(connection) as queries:
            render_to_string("programs/includes/home_content.html", home_context(user), request)
            if name == "coordinator":
                dashboard = dashboard_context(RequestFactory().get("/"), world.program)
                render_to_string("dashboard/includes/program_content.html", dashboard, request)
            for pair in pairs:
                render_to_string(
                    "programs/includes/mentorship_content.html",
                    mentorship_context(pair, user, can_edit=False),
                    request,
                )
        read = " ".join(query["sql"] for query in queries.captured_queries)
        assert queries.captured_queries
        assert not [table for table in unwatched if f'"{table}"' in read]


def test_no_caching_when_turned_off(client_for, mentee, enabling, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client = client_for(mentee)
    url = enabling.get_absolute_url()
    assert queries_of(client, url) == queries_of(client, url)


@pytest.mark.usefixtures("real_commits")
def test_the_generation_changes_when_the_write_commits(enabling):
    before = page_cache.generation()
    with transaction.atomic():
        Program.objects.filter(pk=enabling.program_id).update(name="Inside")
        assert page_cache.generation() == before
    after = page_cache.generation()
    assert after != before
    with pytest.raises(RuntimeError), transaction.atomic():
        Program.objects.filter(pk=enabling.program_id).update(name="Rolled back")
        raise RuntimeError
    assert page_cache.generation() == after


@pytest.mark.usefixtures("real_commits")
def test_one_new_generation_per_transaction(enabling):
    with transaction.atomic():
        Program.objects.filter(pk=enabling.program_id).update(name="One")
        Program.objects.filter(pk=enabling.program_id).update(name="Two")
        callbacks = [func for _, func, _ in connection.run_on_commit]
        assert callbacks.count(page_cache.new_generation) == 1


def test_forms_work_with_the_cache_turned_off(mentee, pair, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client = Client(enforce_csrf_checks=True)
    client.force_login(mentee)
    action = reverse("programs:start_negotiating", args=[pair.pk])
    token = form_token(client.get(pair.get_absolute_url()).text, action)
    assert client.post(action, {"csrfmiddlewaretoken": token}).status_code == 302
    pair.refresh_from_db()
    assert pair.phase == "negotiating"


def test_deleting_an_account_forgets_every_kept_page(client_for, mentee, enabling, committed):
    client_for(mentee).get(reverse("home"))
    pages = caches[page_cache.CACHE_ALIAS]
    assert any(key.startswith(":1:page-cache:part:") for key in pages._cache)
    with committed():
        erase_account(user=mentee)
    assert not pages._cache


@pytest.mark.usefixtures("real_commits")
def test_expired_parts_are_purged_from_the_database(frozen_clock, settings):
    database = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "pages_t"}
    settings.CACHES = {**settings.CACHES, page_cache.CACHE_ALIAS: database}
    call_command("createcachetable", database="default")
    try:
        pages = caches[page_cache.CACHE_ALIAS]
        page_cache.generation()  # kept for good (no timeout): never purged
        pages.set("page-cache:part:old", "<p>Someone's page</p>", timeout=60)
        frozen_clock.shift(datetime.timedelta(seconds=61))
        pages.set("page-cache:part:new", "<p>Someone's page</p>", timeout=60)
        assert page_cache.purge_expired() == 1
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pages_t")
            assert cursor.fetchone()[0] == 2  # the new part and the generation
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE pages_t")
