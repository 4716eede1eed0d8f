"""The figures of a program's health report, for one cohort of pairs, in a fixed number of
queries however many pairs it holds.

Two kinds of figure:
- facts about pairs (when they started, signed, met, checked in, how they closed): counts and
  shares, as the dashboard shows them pair by pair;
- what people answered (the fit check, pulse surveys, goal outcomes, likelihood to
  recommend): shown only when at least the cohort's threshold of people answered, so that no
  figure can be traced back to one or two people. Comments are shown only when their author
  shared them, on the same condition, in the order of their text, never with a pair or date.
"""

import statistics
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Avg, Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext, pgettext

from mentoring.agreements.models import INTERVAL_DAYS
from mentoring.closure.models import Closure, GoalOutcome, Outcome, Reason
from mentoring.enabling.models import (
    CheckInStatus,
    check_in_status,
    midpoint,
    with_check_in_dates,
)
from mentoring.health.models import (
    PULSE_STATEMENTS,
    ClosingFeedback,
    Fit,
    FitCheck,
    PulseSurvey,
)
from mentoring.lib.languages import joined
from mentoring.programs.models import Participant
from mentoring.reports.cohorts import Cohort
from mentoring.status.pairs import UNSIGNED_GRACE_DAYS, with_status

COMMENTS_SHOWN = 100
PROMOTER, DETRACTOR = 9, 6


@dataclass(frozen=True)
class Figure:
    label: str
    display: str  # what the table shows: "12 of 20 (60 %)", "Not shown: ...", "No pairs yet"
    value: float | None = None  # for the CSV; None when there is nothing to show


@dataclass
class Report:
    cohort: Cohort
    figures: list[Figure] = field(default_factory=list)
    # For the charts: (title, [(label, value), ...]); a withheld figure has none.
    bars: list[tuple[str, list]] = field(default_factory=list)
    pulse_columns: list[tuple[str, str, float]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)

    def add(self, label: str, display: str, value: float | None = None) -> None:
        self.figures.append(Figure(label, display, value))


def _counts(queryset, field: str, of: str = "pk") -> Counter:
    """How many different `of` (rows, or pairs) have each value of `field`, in one query."""
    per_value = queryset.values_list(field).annotate(n=Count(of, distinct=True))
    return Counter(dict(per_value.order_by()))


def _listed(items: list[tuple[str, int]]) -> str:
    return joined(
        gettext("%(name)s: %(count)s") % {"name": name, "count": count} for name, count in items
    )


def _decimal(number: float, spec: str = "g") -> str:
    """A number as `format(number, spec)` writes it, with the language's decimal mark."""
    return number_format(format(number, spec))


def _people_count(people: int) -> str:
    return ngettext("%(count)s person", "%(count)s people", people) % {"count": people}


def share(part: int, whole: int, empty: str | None = None) -> tuple[str, float | None]:
    if not whole:
        return empty or gettext("No pairs yet"), None
    percent = round(100 * part / whole)
    shown = gettext("%(part)s of %(whole)s (%(percent)s %%)")
    return shown % {"part": part, "whole": whole, "percent": percent}, percent


def _pair_facts(cohort: Cohort, now) -> list[dict]:
    joined_at = Participant.objects.filter(
        program=OuterRef("program"), user=OuterRef("mentee"), role=Participant.Role.MENTEE
    ).values("joined_at")[:1]
    pairs = with_status(
        cohort.pairs(),
        now=now,
        only=["meetings_held", "check_ins_answered", "meeting_frequency"],
    )
    return list(
        with_check_in_dates(pairs)
        .annotate(mentee_joined_at=Subquery(joined_at))
        .order_by()
        .values(
            "started_at",
            "ended_at",
            "mentee_id",
            "program__target_meetings",
            "meetings_held",
            "check_ins_answered",
            "meeting_frequency",
            "agreement_in_effect_at",
            "agreement_planned_end_on",
            "mentee_joined_at",
        )
    )


def _on_cadence(row: dict, now) -> bool | None:
    """Whether the pair held as many meetings as their cadence asks since their agreement first
    took effect; None when they have no agreement with a regular cadence."""
    interval = INTERVAL_DAYS.get(row["meeting_frequency"])
    if not interval or row["agreement_in_effect_at"] is None:
        return None
    days = ((row["ended_at"] or now) - row["agreement_in_effect_at"]).days
    return row["meetings_held"] >= days // interval


def _pairs_part(report: Report, rows: list[dict], unmatched: int, now) -> None:
    today = timezone.localdate(now)
    no_pairs = gettext("No pairs yet")
    report.add(gettext("Pairs"), str(len(rows)), len(rows))
    matched = len({row["mentee_id"] for row in rows})
    enrolled = matched + unmatched
    display, value = share(matched, enrolled, empty=gettext("No mentees enrolled yet"))
    report.add(gettext("Mentees matched with a mentor"), display, value)
    waits = [
        (row["started_at"] - row["mentee_joined_at"]).days
        for row in rows
        if row["mentee_joined_at"] and row["started_at"] >= row["mentee_joined_at"]
    ]
    median = statistics.median(waits) if waits else None
    unknown = gettext("Not known for these pairs") if rows else no_pairs
    days = None
    if median is not None:
        days = ngettext("%(days)s day", "%(days)s days", round(median)) % {
            "days": _decimal(median)
        }
    report.add(gettext("Days from joining to being matched (median)"), days or unknown, median)
    held = [row["meetings_held"] for row in rows]
    average = round(sum(held) / len(held), 1) if held else None
    report.add(
        gettext("Meetings held per pair (average)"),
        no_pairs if average is None else _decimal(average),
        average,
    )
    cadence = [on for row in rows if (on := _on_cadence(row, now)) is not None]
    report.add(
        gettext("Pairs meeting as often as they agreed"),
        *share(
            sum(cadence), len(cadence), empty=gettext("No agreement with a regular cadence yet")
        ),
    )
    reached = sum(row["meetings_held"] >= row["program__target_meetings"] for row in rows)
    # One row whatever the programs compared: their targets are said in the figure.
    numbers = sorted({row["program__target_meetings"] for row in rows})
    targets = pgettext("between meeting targets: 6 or 8", " or ").join(map(str, numbers))
    display, value = share(reached, len(rows))
    if rows:
        display = gettext("%(share)s; target %(targets)s meetings") % {
            "share": display,
            "targets": targets,
        }
    report.add(gettext("Pairs that reached the program's meeting target"), display, value)
    grace = UNSIGNED_GRACE_DAYS
    due = [
        row
        for row in rows
        if row["agreement_in_effect_at"] or (now - row["started_at"]).days >= grace
    ]
    signed = sum(
        1
        for row in due
        if row["agreement_in_effect_at"]
        and (row["agreement_in_effect_at"] - row["started_at"]).days <= grace
    )
    report.add(gettext("Agreement signed within 3 weeks"), *share(signed, len(due)))
    check_ins_due = [
        row
        for row in rows
        if (day := midpoint(row["agreement_in_effect_at"], row["agreement_planned_end_on"]))
        and day <= today
    ]
    both = sum(
        check_in_status(row["check_ins_answered"]) == CheckInStatus.BOTH_ANSWERED
        for row in check_ins_due
    )
    report.add(
        gettext("Mid-way check-ins done by both members"),
        *share(both, len(check_ins_due), empty=gettext("No check-in due yet")),
    )
    buckets = Counter(min(count, 6) for count in held)
    report.bars.append(
        (
            gettext("Pairs by meetings held"),
            [
                (pgettext("meetings held", "None"), buckets[0]),
                (gettext("1 or 2"), buckets[1] + buckets[2]),
                (gettext("3 to 5"), buckets[3] + buckets[4] + buckets[5]),
                (gettext("6 or more"), buckets[6]),
            ],
        )
    )


def _people(model, pairs, by: str | None = None):
    """How many different people answered (a mentor of three pairs is one person): in all,
    or per value of `by`; 0 or {} for no pairs (`pairs` None)."""
    if pairs is None:
        return {} if by else 0
    answers = model.objects.filter(mentorship__in=pairs)
    people = Count("author", distinct=True)
    if by:
        return dict(answers.values_list(by).annotate(n=people).order_by())
    return answers.aggregate(n=people)["n"]


def _enough(report: Report, label: str, people: int, rest: int = 0) -> bool:
    """Whether a figure from `people`'s answers may be shown; if not, say so in its place.
    `rest`: the people who answered in the rest of the programs, outside the cohort's dates.
    A few of them would let a figure of the cohort and one of the whole program be told
    apart, and give away their answers: then the figure is not shown either."""
    threshold = report.cohort.threshold
    if not people:
        display = gettext("No answers yet")
    elif people < threshold:
        display = gettext("Not shown: fewer than %(threshold)s answered") % {
            "threshold": threshold
        }
    elif 0 < rest < threshold:
        display = gettext(
            "Not shown: fewer than %(threshold)s answered outside these dates, so the figure "
            "could single them out"
        ) % {"threshold": threshold}
    else:
        return True
    report.add(label, display)
    return False


def _fit_checks(report: Report, pairs, rest) -> None:
    label = gettext("Fit check after the first meeting")
    people = _people(FitCheck, pairs)
    if _enough(report, label, people, _people(FitCheck, rest)):
        answers = _counts(FitCheck.objects.filter(mentorship__in=pairs), "answer")
        items = [(str(fit.label), answers[fit.value]) for fit in Fit]
        report.add(label, joined([_people_count(people), _listed(items)]), people)
        report.bars.append((gettext("Fit check answers"), items))


def _pulses(report: Report, pairs, rest) -> None:
    averages = {name: Avg(name) for name in PULSE_STATEMENTS}
    rounds = (
        PulseSurvey.objects.filter(mentorship__in=pairs)
        .values("round")
        .annotate(people=Count("author", distinct=True), **averages)
        .order_by("round")
    )
    rest_people = _people(PulseSurvey, rest, by="round")
    for row in rounds:
        label = gettext("Pulse survey %(round)s") % {"round": row["round"]}
        if _enough(report, label, row["people"], rest_people.get(row["round"], 0)):
            shown = [
                gettext("%(name)s: %(count)s")
                % {"name": text, "count": _decimal(row[name], ".1f")}
                for name, text in PULSE_STATEMENTS.items()
            ]
            overall = round(sum(row[name] for name in PULSE_STATEMENTS) / len(PULSE_STATEMENTS), 1)
            ratings = gettext("%(ratings)s (out of 5)") % {"ratings": joined(shown)}
            report.add(label, joined([_people_count(row["people"]), ratings]), overall)
            report.pulse_columns.append((label, str(row["round"]), overall))


def _closures(report: Report, pairs) -> None:
    """How the pairs that ended closed: a fact about pairs, as their pages show it."""
    decided = Closure.objects.decided().filter(
        mentorship__in=pairs, mentorship__ended_at__isnull=False
    )
    reasons = _counts(decided, "reason", of="mentorship")
    items = [
        (str(reason.label), reasons[reason.value]) for reason in Reason if reasons[reason.value]
    ]
    shown = _listed(items) or gettext("No pair has closed yet")
    report.add(gettext("How pairs closed"), shown, reasons.total())
    if items:
        report.bars.append((gettext("Closure reasons"), items))


def _goal_outcomes(report: Report, pairs, rest) -> None:
    label = gettext("Goal outcomes")
    if _enough(report, label, _people(GoalOutcome, pairs), _people(GoalOutcome, rest)):
        counts = _counts(GoalOutcome.objects.filter(mentorship__in=pairs), "outcome")
        items = [(str(outcome.label), counts[outcome.value]) for outcome in Outcome]
        report.add(label, _listed(items), counts.total())
        report.bars.append((label, items))


def _recommend(report: Report, pairs, rest) -> int:
    feedback = ClosingFeedback.objects.filter(mentorship__in=pairs).aggregate(
        people=Count("author", distinct=True),
        answers=Count("pk"),
        promoters=Count("pk", filter=Q(recommend__gte=PROMOTER)),
        detractors=Count("pk", filter=Q(recommend__lte=DETRACTOR)),
    )
    label = gettext("Likelihood to recommend (NPS, from −100 to 100)")
    if _enough(report, label, feedback["people"], _people(ClosingFeedback, rest)):
        net = feedback["promoters"] - feedback["detractors"]
        nps = round(100 * net / feedback["answers"])
        people = _people_count(feedback["people"])
        report.add(label, f"{nps:+d} ({people})", nps)
    return feedback["people"]


def _comments(report: Report, pairs, *, feedback_people: int) -> None:
    """Shared comments, for a whole program only: a comment shown for some dates and not for
    others would tell which pairs it came from."""
    threshold = report.cohort.threshold
    if not report.cohort.is_whole:
        return
    comments = []
    if _people(PulseSurvey, pairs) >= threshold:
        shared = PulseSurvey.objects.filter(mentorship__in=pairs, share_comment=True)
        comments += (
            shared.exclude(comment="")
            .order_by("comment")
            .values_list("comment", flat=True)[:COMMENTS_SHOWN]
        )
    if feedback_people >= threshold:
        given = ClosingFeedback.objects.filter(mentorship__in=pairs).exclude(comment="")
        comments += given.order_by("comment").values_list("comment", flat=True)[:COMMENTS_SHOWN]
    report.comments = sorted(comments)[:COMMENTS_SHOWN]


def health_report(cohort: Cohort, *, now) -> Report:
    report = Report(cohort=cohort)
    _pairs_part(report, _pair_facts(cohort, now), cohort.unmatched_mentees().count(), now)
    pairs = cohort.pairs().values("pk")
    rest = None if cohort.is_whole else cohort.rest_of_pairs().values("pk")
    _fit_checks(report, pairs, rest)
    _pulses(report, pairs, rest)
    _closures(report, pairs)
    _goal_outcomes(report, pairs, rest)
    feedback_people = _recommend(report, pairs, rest)
    _comments(report, pairs, feedback_people=feedback_people)
    return report
