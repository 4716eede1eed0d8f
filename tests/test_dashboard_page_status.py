"""A page of the dashboard reads its rows through `page_of_status`, a few grouped queries with
the at-risk flags worked out in Python: it must agree with `with_status`, whose columns and
flags are SQL (the filter and the CSV use those), on every rule and each side of every limit."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentoring.dashboard import views
from mentoring.programs.models import Mentorship
from mentoring.status.page import page_of_status
from mentoring.status.pairs import with_status
from tests.factories import (
    ActionStepFactory,
    AgreementVersionFactory,
    ClosureFactory,
    MeetingFactory,
    MentorshipFactory,
    PlanSectionFactory,
    ProgramFactory,
)
from tests.helpers import (
    dashboard_url,
    grow_program,
    in_effect_since,
    meeting_held_days_ago,
    request_help,
    shown_pairs,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
COMPARED = [
    "mentee_name",
    "mentor_name",
    "agreement_signed_at",
    "meeting_frequency",
    "meetings_held",
    "meetings_planned",
    "last_meeting_at",
    "next_meeting_at",
    "overdue_steps",
    "check_ins_answered",
    "agreement_in_effect_at",
    "agreement_planned_end_on",
    "help_requested",
    "risk_no_meeting",
    "risk_unsigned",
    "risk_overdue_steps",
    "is_at_risk",
]


def every_kind_of_pair(program):
    """Pairs on each side of each rule's limit, for the days compared below."""
    now = timezone.now()
    quiet = MentorshipFactory(program=program)
    in_effect_since(quiet, 60, "weekly")
    meeting_held_days_ago(quiet, 15)
    met = MentorshipFactory(program=program)
    in_effect_since(met, 60, "weekly")
    meeting_held_days_ago(met, 13)
    MeetingFactory(mentorship=met, starts_at=now + 3 * DAY)
    new_agreement = MentorshipFactory(program=program)
    in_effect_since(new_agreement, 27, "biweekly")
    monthly = MentorshipFactory(program=program)
    in_effect_since(monthly, 60, "monthly")
    meeting_held_days_ago(monthly, 45)
    old_unsigned = MentorshipFactory(program=program, started_at=now - 22 * DAY)
    AgreementVersionFactory(agreement__mentorship=old_unsigned)
    MentorshipFactory(program=program, started_at=now - 20 * DAY)
    late = MentorshipFactory(program=program)
    in_effect_since(late, 5, "weekly")
    section = PlanSectionFactory(mentorship=late)
    ActionStepFactory(section=section, target_on=timezone.localdate() - DAY)
    ActionStepFactory(section=section, target_on=timezone.localdate() - 3 * DAY)
    ActionStepFactory(section=section, target_on=timezone.localdate() + DAY)
    request_help(late, late.mentee)
    ended = MentorshipFactory(program=program, started_at=now - 90 * DAY, ended_at=now - DAY)
    ClosureFactory(mentorship=ended)


@pytest.mark.parametrize("days_ahead", [0, 2, 20])
def test_a_page_agrees_with_the_sql_flags(program, days_ahead):
    every_kind_of_pair(program)
    today = timezone.localdate() + days_ahead * DAY
    pairs = Mentorship.objects.filter(program=program)
    expected = {row.pk: row for row in with_status(pairs, today=today)}
    pks = sorted(expected)
    page = page_of_status(pairs, pks, today=today)
    assert [row.pk for row in page] == pks
    assert any(row.is_at_risk for row in page) and not all(row.is_at_risk for row in page)
    for row in page:
        assert {name: getattr(row, name) for name in COMPARED} == {
            name: getattr(expected[row.pk], name) for name in COMPARED
        }


def test_the_page_keeps_the_order_it_is_given(program):
    first, second, third = MentorshipFactory.create_batch(3, program=program)
    pks = [third.pk, first.pk, second.pk]
    assert [row.pk for row in page_of_status(Mentorship.objects.all(), pks)] == pks


def test_an_at_risk_page_shows_the_flags_the_filter_chose(client_for, coordinator, program):
    every_kind_of_pair(program)
    response = client_for(coordinator).get(dashboard_url(program, at_risk="yes"))
    rows = shown_pairs(response)
    assert rows and all(row.is_at_risk for row in rows)
    response = client_for(coordinator).get(dashboard_url(program, at_risk="no"))
    assert not any(row.is_at_risk for row in shown_pairs(response))


@pytest.mark.parametrize(
    "params", [{}, {"at_risk": "yes"}, {"sort": "-overdue"}, {"sort": "mentee"}]
)
def test_the_queries_do_not_grow_past_a_page(
    client_for, coordinator, program, monkeypatch, params, django_assert_num_queries, settings
):
    settings.PAGE_CACHE_SECONDS = 0  # what building the page costs, not serving it again
    monkeypatch.setattr(views, "PAIRS_PER_PAGE", 5)
    grow_program(program, 6)
    client = client_for(coordinator)
    client.get(dashboard_url(program, **params))  # the charts' figures are kept from here
    with CaptureQueriesContext(connection) as small:
        client.get(dashboard_url(program, **params))
    # the session and user (or none, from the cache), the program, the filter's choices, the
    # count and the page's ids (or every matching id, for a flag) and the page's rows in six
    assert len(small) <= 13
    grow_program(program, 12)
    with django_assert_num_queries(len(small)):
        client.get(dashboard_url(program, page=2, **params))


def test_naming_the_program_changes_no_flag(program):
    """`with_status(program=...)` looks at that program's rows only, with the same answers."""
    every_kind_of_pair(program)
    every_kind_of_pair(ProgramFactory())
    pairs = Mentorship.objects.filter(program=program)
    flags = ["risk_no_meeting", "risk_unsigned", "risk_overdue_steps", "is_at_risk"]
    everywhere = with_status(pairs).values("pk", *flags, "help_requested")
    named = with_status(pairs, program=program).values("pk", *flags, "help_requested")
    assert sorted(named, key=lambda row: row["pk"]) == sorted(
        everywhere, key=lambda row: row["pk"]
    )
    assert with_status(pairs, program=program).filter(is_at_risk=True).exists()
