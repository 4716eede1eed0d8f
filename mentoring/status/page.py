"""A page of the dashboard's rows: the columns and flags of `pairs.with_status`, for a few
pairs, read with a handful of plain grouped queries and the flags worked out here.

`with_status` is the definition, and what filters, sorts, counts and the CSV use; for a page,
its cost is in building and planning it rather than running it. Its flags are EXISTS in the
select list, which PostgreSQL may answer by hashing the whole of each table first (every
program's steps, versions and meetings), and its eleven correlated subqueries take longer to
build, compile and plan than to run for fifty rows (bench/results/issue14-profile.md). Here
each fact is one query over the page's pairs, whatever the program's size;
tests/test_dashboard_page_status.py holds both to the same answers.
"""

import datetime

from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils import timezone

from mentoring.agreements.models import INTERVAL_DAYS, AgreementVersion
from mentoring.enabling.models import ActionStep, CheckInAnswer
from mentoring.meetings.models import Meeting
from mentoring.programs.models import PHASE_ORDER, Mentorship
from mentoring.status.pairs import CADENCE_SLACK, UNSIGNED_GRACE_DAYS, start_of_day


def page_of_status(
    mentorships: QuerySet[Mentorship],
    pks: list[int],
    *,
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> list[Mentorship]:
    """The pairs `pks` of `mentorships`, in that order, as rows of `with_status`."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    by_pk = {
        row.pk: row for row in mentorships.filter(pk__in=pks).select_related("mentee", "mentor")
    }
    meetings = _meetings(pks, now)
    versions = _versions(pks)
    overdue = dict(
        ActionStep.objects.overdue(today)
        .filter(section__mentorship__in=pks)
        .order_by()
        .values("section__mentorship")
        .annotate(n=Count("pk"))
        .values_list("section__mentorship", "n")
    )
    answers = dict(
        CheckInAnswer.objects.filter(mentorship__in=pks)
        .order_by()
        .values("mentorship")
        .annotate(n=Count("pk"))
        .values_list("mentorship", "n")
    )
    helped = set(
        CheckInAnswer.objects.help_wanted()
        .filter(mentorship__in=pks)
        .values_list("mentorship", flat=True)
    )
    rows = []
    for pk in pks:
        row = by_pk[pk]
        row.mentee_name = row.mentee.display_name
        row.mentor_name = row.mentor.display_name
        row.phase_position = PHASE_ORDER.index(row.phase)
        held, last, planned, next_ = meetings.get(pk, (0, None, 0, None))
        row.meetings_held, row.last_meeting_at = held, last
        row.meetings_planned, row.next_meeting_at = planned, next_
        first_signed, in_effect = versions.get(pk, (None, None))
        row.agreement_in_effect_at = first_signed
        row.agreement_signed_at = in_effect and in_effect["in_effect_at"]
        row.meeting_frequency = in_effect and in_effect["meeting_frequency"]
        row.agreement_planned_end_on = in_effect and in_effect["planned_end_on"]
        row.overdue_steps = overdue.get(pk, 0)
        row.check_ins_answered = answers.get(pk, 0)
        row.help_requested = pk in helped
        _flag(row, today)
        rows.append(row)
    return rows


def _meetings(pks: list[int], now: datetime.datetime) -> dict[int, tuple]:
    """Per pair: meetings held, the last held, meetings planned, the next planned."""
    held = Q(status=Meeting.Status.HELD)
    planned = Q(status=Meeting.Status.SCHEDULED, starts_at__gte=now)
    rows = (
        Meeting.objects.filter(mentorship__in=pks)
        .order_by()
        .values("mentorship")
        .annotate(
            held=Count("pk", filter=held),
            last=Max("starts_at", filter=held),
            planned=Count("pk", filter=planned),
            next=Min("starts_at", filter=planned),
        )
        .values_list("mentorship", "held", "last", "planned", "next")
    )
    return {pair: facts for pair, *facts in rows}


def _versions(pks: list[int]) -> dict[int, tuple]:
    """Per pair: when its first signed version took effect, and the version in effect."""
    found: dict[int, tuple] = {}
    signed = (
        AgreementVersion.objects.signed()
        .filter(agreement__mentorship__in=pks)
        .order_by("in_effect_at")
        .values(
            "agreement__mentorship",
            "status",
            "in_effect_at",
            "meeting_frequency",
            "planned_end_on",
        )
    )
    for version in signed:
        pair = version["agreement__mentorship"]
        first, in_effect = found.get(pair, (version["in_effect_at"], None))
        if version["status"] == AgreementVersion.Status.IN_EFFECT:
            in_effect = version
        found[pair] = (first, in_effect)
    return found


def _flag(row: Mentorship, today: datetime.date) -> None:
    """The three at-risk rules of `pairs.risk_conditions`, on the row's own columns."""
    is_open = row.ended_at is None
    interval = INTERVAL_DAYS.get(row.meeting_frequency)
    cutoff = interval and start_of_day(today - datetime.timedelta(days=CADENCE_SLACK * interval))
    started_before = start_of_day(today - datetime.timedelta(days=UNSIGNED_GRACE_DAYS))
    row.risk_no_meeting = bool(
        is_open
        and cutoff
        and row.agreement_signed_at < cutoff
        and (row.last_meeting_at is None or row.last_meeting_at < cutoff)
    )
    row.risk_unsigned = bool(
        is_open and row.started_at < started_before and row.agreement_in_effect_at is None
    )
    row.risk_overdue_steps = bool(is_open and row.overdue_steps)
    row.is_at_risk = row.risk_no_meeting or row.risk_unsigned or row.risk_overdue_steps
