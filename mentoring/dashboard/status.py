"""What a coordinator sees of each pair: status only, computed in the database.

`with_status` annotates mentorships with every dashboard column as SQL (subqueries, one per
column), so the dashboard, its CSV and the weekly digest filter, sort, count and paginate in
the database whatever the program's size. Nothing here reads what a pair wrote: counts, dates,
phases and flags only.

A pair is at risk when it is open and
- it has an agreement in effect with a regular cadence, and no meeting was held for more than
  twice that interval (counted from the last held meeting, or from when the agreement first took
  effect if none was held yet); or
- it has no signed agreement more than three weeks after it started; or
- it has overdue action steps.
"""

import datetime

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.formats import date_format

from mentoring.agreements.models import INTERVAL_DAYS, AgreementVersion, Frequency, Status
from mentoring.enabling.models import (
    ActionStep,
    CheckInAnswer,
    check_in_status,
    midpoint,
    with_check_in_dates,
)
from mentoring.meetings.models import Meeting
from mentoring.programs.models import PHASE_ORDER, Mentorship

CADENCE_SLACK = 2
UNSIGNED_GRACE_DAYS = 21


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day` in the current time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _display_name(person: str):
    """The person's name, or their email address when they have not given one."""
    return Coalesce(
        NullIf(f"{person}__full_name", Value("")), f"{person}__email", output_field=CharField()
    )


def _per_pair(queryset, pair_field: str, **aggregate):
    """One value aggregated over the rows of `queryset` belonging to the outer pair."""
    (name,) = aggregate
    rows = queryset.filter(**{pair_field: OuterRef("pk")}).order_by().values(pair_field)
    return Subquery(rows.annotate(**aggregate).values(name))


def with_status(
    mentorships: QuerySet[Mentorship],
    *,
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> QuerySet[Mentorship]:
    """Mentorships annotated with the dashboard's columns and at-risk flags.

    Columns: mentee_name, mentor_name, phase_position, agreement_signed_at (when the version in
    effect took effect), meeting_frequency (its cadence), meetings_held, meetings_planned,
    last_meeting_at, next_meeting_at, overdue_steps, check_ins_answered, agreement_in_effect_at
    and agreement_planned_end_on (for the check-in's due date), help_requested (asked for help
    and no coordinator dealt with it yet); flags risk_no_meeting, risk_unsigned,
    risk_overdue_steps and is_at_risk. `today` and `now` default to the current day and time.
    """
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    in_effect = AgreementVersion.objects.filter(
        agreement__mentorship=OuterRef("pk"), status=Status.IN_EFFECT
    )
    held = Meeting.objects.held()
    planned = Meeting.objects.filter(status=Meeting.Status.SCHEDULED, starts_at__gte=now)
    annotated = with_check_in_dates(mentorships.select_related("mentee", "mentor")).annotate(
        mentee_name=_display_name("mentee"),
        mentor_name=_display_name("mentor"),
        phase_position=Case(
            *[When(phase=phase, then=Value(index)) for index, phase in enumerate(PHASE_ORDER)],
            output_field=IntegerField(),
        ),
        agreement_signed_at=Subquery(in_effect.values("in_effect_at")[:1]),
        meeting_frequency=Subquery(in_effect.values("meeting_frequency")[:1]),
        meetings_held=Coalesce(_per_pair(held, "mentorship", n=Count("pk")), 0),
        meetings_planned=Coalesce(_per_pair(planned, "mentorship", n=Count("pk")), 0),
        last_meeting_at=_per_pair(held, "mentorship", last=Max("starts_at")),
        next_meeting_at=_per_pair(planned, "mentorship", next=Min("starts_at")),
        overdue_steps=Coalesce(
            _per_pair(ActionStep.objects.overdue(today), "section__mentorship", n=Count("pk")),
            0,
        ),
        check_ins_answered=Coalesce(
            _per_pair(CheckInAnswer.objects.all(), "mentorship", n=Count("pk")), 0
        ),
        help_requested=Exists(
            CheckInAnswer.objects.help_wanted().filter(mentorship=OuterRef("pk"))
        ),
        last_contact_at=Coalesce("last_meeting_at", "agreement_in_effect_at"),
    )
    # Cadences are a few fixed choices, so each one's cut-off is computed here rather than with
    # date arithmetic in SQL, which SQLite and PostgreSQL spell differently.
    meeting_overdue = [
        When(
            meeting_frequency=frequency,
            last_contact_at__lt=start_of_day(
                today - datetime.timedelta(days=CADENCE_SLACK * interval)
            ),
            then=Value(True),
        )
        for frequency, interval in INTERVAL_DAYS.items()
    ]
    is_open = Q(ended_at__isnull=True)
    flagged = annotated.annotate(
        risk_no_meeting=Case(
            When(~is_open, then=Value(False)), *meeting_overdue, default=Value(False)
        ),
        risk_unsigned=Case(
            When(
                is_open,
                agreement_signed_at__isnull=True,
                started_at__lt=start_of_day(today - datetime.timedelta(days=UNSIGNED_GRACE_DAYS)),
                then=Value(True),
            ),
            default=Value(False),
        ),
        risk_overdue_steps=Case(
            When(is_open, overdue_steps__gt=0, then=Value(True)), default=Value(False)
        ),
    )
    return flagged.annotate(
        is_at_risk=Case(
            When(
                Q(risk_no_meeting=True) | Q(risk_unsigned=True) | Q(risk_overdue_steps=True),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def at_risk(mentorships: QuerySet[Mentorship], *, today: datetime.date | None = None):
    """The open pairs at risk, annotated as `with_status` does: for digests and counts."""
    return with_status(mentorships, today=today).filter(is_at_risk=True)


def _day(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment))


def risk_reasons(row: Mentorship) -> list[str]:
    """Why a row of `with_status` is at risk, in words; empty when it is not."""
    reasons = []
    if row.risk_no_meeting:
        cadence = Frequency(row.meeting_frequency).label.lower()
        if row.last_meeting_at:
            since = f"since {_day(row.last_meeting_at)}"
        else:
            since = f"since the agreement took effect on {_day(row.agreement_in_effect_at)}"
        reasons.append(f"No meeting {since}: more than twice the agreed {cadence} cadence")
    if row.risk_unsigned:
        reasons.append(
            f"No signed agreement three weeks after the pair started on {_day(row.started_at)}"
        )
    if row.risk_overdue_steps:
        steps = row.overdue_steps
        reasons.append(f"{steps} overdue action step{'s' if steps != 1 else ''}")
    return reasons


def check_in_label(row: Mentorship, today: datetime.date) -> str:
    """The mid-way check-in's state for a row of `with_status`, without any answer."""
    if row.check_ins_answered:
        return check_in_status(row.check_ins_answered).label
    due_on = midpoint(row.agreement_in_effect_at, row.agreement_planned_end_on)
    if due_on is None:
        return "Not planned yet"
    if due_on <= today:
        return f"Due since {date_format(due_on)}"
    return f"Not due yet ({date_format(due_on)})"
