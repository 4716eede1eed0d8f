"""What a coordinator sees of each pair: status only, computed in the database.

`with_status` annotates mentorships with every status column as SQL (subqueries, one per
column), so the dashboard, its CSV and the reminders' weekly digest filter, sort, count and
paginate in the database whatever the program's size. Nothing here reads what a pair
wrote: counts, dates, phases and flags only.

A pair is at risk when it is open and
- it has an agreement in effect with a regular cadence, and no meeting was held for more than
  twice that interval, counted from the last held meeting or from when the agreement in effect
  took effect, whichever is later (a meeting before the agreement does not make a new pair
  late); or
- it has no signed agreement more than three weeks after it started; or
- it has overdue action steps.
"""

import datetime
import functools
import operator

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
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
from django.utils.translation import gettext, ngettext

from mentoring.agreements.models import INTERVAL_DAYS, AgreementVersion, Frequency
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


def _has(queryset, pair_field: str = "mentorship", program=None) -> Q:
    """The outer pair has a row in `queryset`: an indexed lookup per pair evaluated.

    PostgreSQL may answer it by hashing every row of `queryset` first, for every program's
    pairs (bench/results/issue14-profile.md); with `program`, only that program's rows.
    """
    if program is not None:
        queryset = queryset.filter(**{f"{pair_field}__program": program})
    return Q(Exists(queryset.filter(**{pair_field: OuterRef("pk")})))


def _quiet(today: datetime.date, program=None) -> Q:
    in_effect = AgreementVersion.objects.in_effect()
    held = Meeting.objects.held()
    # Cadences are a few fixed choices, so each one's cut-off is computed here rather than with
    # date arithmetic in SQL, which SQLite and PostgreSQL spell differently. The clock starts
    # when the agreement in effect took effect, and again at each held meeting.
    quiet = []
    for frequency, interval in INTERVAL_DAYS.items():
        cutoff = start_of_day(today - datetime.timedelta(days=CADENCE_SLACK * interval))
        quiet.append(
            _has(
                in_effect.filter(meeting_frequency=frequency, in_effect_at__lt=cutoff),
                "agreement__mentorship",
                program,
            )
            & ~_has(held.filter(starts_at__gte=cutoff), program=program)
        )
    return functools.reduce(operator.or_, quiet)


def _unsigned(today: datetime.date, program=None) -> Q:
    started_before = start_of_day(today - datetime.timedelta(days=UNSIGNED_GRACE_DAYS))
    return Q(started_at__lt=started_before) & ~_has(
        AgreementVersion.objects.signed(), "agreement__mentorship", program
    )


def _overdue(today: datetime.date, program=None) -> Q:
    return _has(ActionStep.objects.overdue(today), "section__mentorship", program)


RISKS = {"risk_no_meeting": _quiet, "risk_unsigned": _unsigned, "risk_overdue_steps": _overdue}


def risk_conditions(today: datetime.date) -> dict[str, Q]:
    """The three at-risk rules as conditions on mentorships, for filters, counts and flags."""
    return {name: Q(ended_at__isnull=True) & rule(today) for name, rule in RISKS.items()}


def _builders(today: datetime.date, now: datetime.datetime, program) -> dict:
    """How to build each annotation of `with_status`, by name, in an order where each comes
    after those it refers to. Building one costs more than running it for a page of rows, so
    `with_status(only=...)` builds those a filter or sort needs and no more."""
    in_effect = AgreementVersion.objects.for_mentorship(OuterRef("pk")).in_effect()
    held = Meeting.objects.held()
    planned = Meeting.objects.filter(status=Meeting.Status.SCHEDULED, starts_at__gte=now)

    def flag(condition):
        return lambda: ExpressionWrapper(condition(), output_field=BooleanField())

    return {
        "mentee_name": lambda: _display_name("mentee"),
        "mentor_name": lambda: _display_name("mentor"),
        "phase_position": lambda: Case(
            *[When(phase=phase, then=Value(index)) for index, phase in enumerate(PHASE_ORDER)],
            output_field=IntegerField(),
        ),
        "agreement_signed_at": lambda: Subquery(in_effect.values("in_effect_at")[:1]),
        "meeting_frequency": lambda: Subquery(in_effect.values("meeting_frequency")[:1]),
        "meetings_held": lambda: Coalesce(_per_pair(held, "mentorship", n=Count("pk")), 0),
        "meetings_planned": lambda: Coalesce(_per_pair(planned, "mentorship", n=Count("pk")), 0),
        "last_meeting_at": lambda: _per_pair(held, "mentorship", last=Max("starts_at")),
        "next_meeting_at": lambda: _per_pair(planned, "mentorship", next=Min("starts_at")),
        "overdue_steps": lambda: Coalesce(
            _per_pair(ActionStep.objects.overdue(today), "section__mentorship", n=Count("pk")),
            0,
        ),
        "check_ins_answered": lambda: Coalesce(
            _per_pair(CheckInAnswer.objects.all(), "mentorship", n=Count("pk")), 0
        ),
        **{
            name: flag(lambda rule=rule: Q(ended_at__isnull=True) & rule(today, program))
            for name, rule in RISKS.items()
        },
        "is_at_risk": flag(
            lambda: Q(risk_no_meeting=True) | Q(risk_unsigned=True) | Q(risk_overdue_steps=True)
        ),
        "help_requested": lambda: _has(CheckInAnswer.objects.help_wanted(), program=program),
    }


# The annotations each one refers to by name.
NEEDS = {"is_at_risk": list(RISKS)}


def with_status(
    mentorships: QuerySet[Mentorship],
    *,
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
    only: list[str] | None = None,
    program=None,
) -> QuerySet[Mentorship]:
    """Mentorships annotated with the dashboard's columns and at-risk flags.

    Columns: mentee_name, mentor_name, phase_position, agreement_signed_at (when the version in
    effect took effect), meeting_frequency (its cadence), meetings_held, meetings_planned,
    last_meeting_at, next_meeting_at, overdue_steps, check_ins_answered, agreement_in_effect_at
    and agreement_planned_end_on (for the check-in's due date), help_requested (asked for help
    and no coordinator dealt with it yet); flags risk_no_meeting, risk_unsigned,
    risk_overdue_steps and is_at_risk. `today` and `now` default to the current day and time.
    With `only`, just those annotations (and those they are made of), for a filter or a sort.
    With `program`, the pairs are all of that program: the flags look at its rows only.

    Counts and dates are per-pair subqueries: cheap for a page of rows, and the database
    computes only those a filter or sort uses. Filter on the flags (`is_at_risk=True`) freely.
    To show a page of rows, `mentoring.status.page.page_of_status` is cheaper.
    """
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    builders = _builders(today, now, program)
    wanted = set(builders) if only is None else set(only)
    wanted |= {need for name in list(wanted) for need in NEEDS.get(name, [])}
    annotated = mentorships.select_related("mentee", "mentor")
    if only is None:
        annotated = with_check_in_dates(annotated)
    first = {name: build() for name, build in builders.items() if name in wanted - set(NEEDS)}
    annotated = annotated.annotate(**first)
    # Apart, after the annotations they are made of.
    then = {name: builders[name]() for name in NEEDS if name in wanted}
    return annotated.annotate(**then) if then else annotated


def at_risk(
    mentorships: QuerySet[Mentorship], *, today: datetime.date | None = None, program=None
):
    """The open pairs at risk, annotated as `with_status` does: for digests and counts."""
    return with_status(mentorships, today=today, program=program).filter(is_at_risk=True)


def status_counts(pairs: QuerySet[Mentorship]) -> dict[str, int]:
    """For rows of `with_status`: open pairs per phase ("preparing", ...), "ended", "open",
    "at_risk", each risk flag's name and "help_requested", in one query: pairs grouped by phase
    and flags, so each flag is worked out once per pair."""
    flags = ["risk_no_meeting", "risk_unsigned", "risk_overdue_steps", "help_requested"]
    groups = (
        pairs.annotate(open_pair=ExpressionWrapper(Q(ended_at__isnull=True), BooleanField()))
        .order_by()
        .values("phase", "open_pair", *flags)
        .annotate(pairs=Count("pk"))
    )
    counts = dict.fromkeys([*(phase.value for phase in PHASE_ORDER), "ended", "open"], 0)
    counts |= dict.fromkeys(["at_risk", *flags], 0)
    for group in groups:
        pairs = group["pairs"]
        if not group["open_pair"]:
            counts["ended"] += pairs
            continue
        counts["open"] += pairs
        counts[group["phase"]] += pairs
        counts["at_risk"] += pairs if any(group[flag] for flag in flags[:3]) else 0
        for flag in flags:
            counts[flag] += pairs if group[flag] else 0
    return counts


def _day(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment))


def risk_reasons(row: Mentorship) -> list[str]:
    """Why a row of `with_status` is at risk, in words; empty when it is not."""
    reasons = []
    if row.risk_no_meeting:
        cadence = Frequency(row.meeting_frequency).label.lower()
        if row.last_meeting_at and row.last_meeting_at > row.agreement_signed_at:
            reason = gettext(
                "No meeting since %(day)s: more than twice the agreed %(cadence)s cadence"
            )
            day = _day(row.last_meeting_at)
        else:
            reason = gettext(
                "No meeting since the agreement took effect on %(day)s: more than twice the "
                "agreed %(cadence)s cadence"
            )
            day = _day(row.agreement_signed_at)
        reasons.append(reason % {"day": day, "cadence": cadence})
    if row.risk_unsigned:
        reasons.append(
            gettext("No signed agreement three weeks after the pair started on %(day)s")
            % {"day": _day(row.started_at)}
        )
    if row.risk_overdue_steps:
        steps = row.overdue_steps
        reasons.append(
            ngettext("%(count)s overdue action step", "%(count)s overdue action steps", steps)
            % {"count": steps}
        )
    return reasons


def check_in_label(row: Mentorship, today: datetime.date) -> str:
    """The mid-way check-in's state for a row of `with_status`, without any answer."""
    if row.check_ins_answered:
        return check_in_status(row.check_ins_answered).label
    due_on = midpoint(row.agreement_in_effect_at, row.agreement_planned_end_on)
    if due_on is None:
        return gettext("Not planned yet")
    if due_on <= today:
        return gettext("Due since %(day)s") % {"day": date_format(due_on)}
    return gettext("Not due yet (%(day)s)") % {"day": date_format(due_on)}
