"""What is due: one rule per kind of reminder and person reminded, each a single query.

A rule is a queryset of subjects (meetings, steps, signatures, pairs, programs) whose due
condition is in SQL, the path from a subject to the person it reminds, and the key naming the
occurrence, also built in SQL so the sweep can leave out, in the same query, what it has
already written and who turned the kind off. Only what SQL cannot say portably (the date in
each person's time zone, the check-in's midpoint) is checked in Python on the rows returned.
The number of queries is the number of rules, however many pairs there are.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import CharField, Exists, F, OuterRef, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from accounts.models import zone_or_sites
from mentoring.agreements.models import AgreementVersion, Signature
from mentoring.enabling.models import ActionStep, CheckInAnswer, midpoint, with_check_in_dates
from mentoring.health.models import PulseSurvey, days_to_round, with_pulse_round
from mentoring.meetings.models import Meeting, Reflection
from mentoring.programs.models import Mentorship, Phase, Program
from mentoring.reminders.models import Kind

ROLES = ("mentee", "mentor")
PARTNER = {"mentee": "mentor", "mentor": "mentee"}

STEP_DUE_WITHIN = datetime.timedelta(days=3)
SIGNATURE_WAITING_FOR = datetime.timedelta(days=3)
REFLECTION_AFTER = datetime.timedelta(days=2)
# Older misses are not worth an email any more; the window also keeps the very first sweep
# (after installing, or after a long outage) from writing about every old meeting and step.
CATCH_UP = datetime.timedelta(days=14)
# The weekly digest goes out with the first sweep on or after this weekday (0 is Monday).
DIGEST_WEEKDAY = 0


@dataclass(frozen=True)
class Rule:
    kind: Kind
    subjects: QuerySet
    # Path from a subject to the person reminded, e.g. "mentorship__mentee".
    recipient: str
    # The key is "<prefix>:<subject id>[:<version>]<suffix>": `subject` is the field holding
    # the id, `version` a field whose change makes a new occurrence (a step's new date, a
    # meeting's new time).
    key_prefix: str
    # Path from a subject to its pair ("" when the subject is the pair, None for programs).
    pair: str | None = None
    subject: str = "pk"
    key_suffix: str = ""
    version: str | None = None
    # For what SQL cannot say portably: given a row of `fields` and the sweep's time.
    check: Callable[[dict, datetime.datetime], bool] | None = None
    fields: tuple[str, ...] = ()

    def key_expression(self):
        parts = [Value(f"{self.key_prefix}:"), Cast(self.subject, CharField())]
        if self.version:
            parts += [Value(":"), Cast(self.version, CharField())]
        if self.key_suffix:
            parts.append(Value(self.key_suffix))
        return Concat(*parts)

    def subject_of(self, reminder):
        """The subject a reminder is about, if it is still due for its recipient."""
        subjects = self.subjects.filter(
            **{self.subject: reminder.subject_id, self.recipient: reminder.recipient_id}
        )
        if self.pair is not None:
            prefix = f"{self.pair}__" if self.pair else ""
            subjects = subjects.select_related(f"{prefix}mentor", f"{prefix}mentee")
        return subjects.first()

    def pair_of(self, subject) -> Mentorship:
        for name in filter(None, self.pair.split("__")):
            subject = getattr(subject, name)
        return subject


def _is_tomorrow_for_recipient(row: dict, now: datetime.datetime) -> bool:
    zone = zone_or_sites(row["recipient_time_zone"])
    tomorrow = timezone.localdate(now, zone) + datetime.timedelta(days=1)
    return timezone.localdate(row["starts_at"], zone) == tomorrow


def meeting_tomorrow(now: datetime.datetime, role: str) -> Rule:
    # Tomorrow, in any time zone, starts within 24 hours and ends within 48.
    meetings = Meeting.objects.filter(
        status=Meeting.Status.SCHEDULED,
        starts_at__gt=now,
        starts_at__lte=now + datetime.timedelta(days=2),
        mentorship__ended_at__isnull=True,
    ).annotate(recipient_time_zone=F(f"mentorship__{role}__time_zone"))
    return Rule(
        Kind.MEETING_TOMORROW,
        meetings,
        recipient=f"mentorship__{role}",
        key_prefix="meeting",
        version="starts_at",
        pair="mentorship",
        check=_is_tomorrow_for_recipient,
        fields=("starts_at", "recipient_time_zone"),
    )


def _open_steps_of(role: str):
    return ActionStep.objects.open().filter(
        owner=role,
        section__mentorship__ended_at__isnull=True,
        section__mentorship__phase=Phase.ENABLING,
    )


def step_due_soon(now: datetime.datetime, role: str) -> Rule:
    today = timezone.localdate(now)
    steps = _open_steps_of(role).filter(
        target_on__gt=today, target_on__lte=today + STEP_DUE_WITHIN
    )
    return Rule(
        Kind.STEP_DUE_SOON,
        steps,
        recipient=f"section__mentorship__{role}",
        key_prefix="step",
        version="target_on",
        pair="section__mentorship",
    )


def step_overdue(now: datetime.datetime, role: str) -> Rule:
    today = timezone.localdate(now)
    steps = _open_steps_of(role).filter(target_on__lt=today, target_on__gte=today - CATCH_UP)
    return Rule(
        Kind.STEP_OVERDUE,
        steps,
        recipient=f"section__mentorship__{role}",
        key_prefix="step",
        version="target_on",
        pair="section__mentorship",
    )


def signature_waiting(now: datetime.datetime, role: str) -> Rule:
    """The partner's signature on the current draft, three days old, and none from `role`."""
    pair = "version__agreement__mentorship"
    signatures = (
        Signature.objects.valid()
        .filter(
            version__status=AgreementVersion.Status.DRAFT,
            revision=F("version__revision"),
            signed_at__lte=now - SIGNATURE_WAITING_FOR,
            signer=F(f"{pair}__{PARTNER[role]}"),
            **{f"{pair}__ended_at__isnull": True},
        )
        .exclude(
            Exists(
                Signature.objects.valid().filter(
                    version=OuterRef("version"), signer=OuterRef(f"{pair}__{role}")
                )
            )
        )
    )
    return Rule(
        Kind.SIGNATURE_WAITING,
        signatures,
        recipient=f"{pair}__{role}",
        key_prefix="signature",
        pair=pair,
    )


def _check_in_is_due(row: dict, now: datetime.datetime) -> bool:
    due_on = midpoint(row["agreement_in_effect_at"], row["agreement_planned_end_on"])
    return due_on is not None and due_on <= timezone.localdate(now)


def check_in_due(now: datetime.datetime, role: str) -> Rule:
    pairs = (
        with_check_in_dates(Mentorship.objects.open().filter(phase=Phase.ENABLING))
        .filter(agreement_in_effect_at__isnull=False, agreement_planned_end_on__isnull=False)
        .exclude(
            Exists(CheckInAnswer.objects.filter(mentorship=OuterRef("pk"), author=OuterRef(role)))
        )
    )
    return Rule(
        Kind.CHECK_IN_DUE,
        pairs,
        recipient=role,
        key_prefix="pair",
        pair="",
        check=_check_in_is_due,
        fields=("agreement_in_effect_at", "agreement_planned_end_on"),
    )


def reflection_missing(now: datetime.datetime, role: str) -> Rule:
    meetings = (
        Meeting.objects.held()
        .filter(
            starts_at__lte=now - REFLECTION_AFTER,
            starts_at__gte=now - REFLECTION_AFTER - CATCH_UP,
            mentorship__ended_at__isnull=True,
        )
        .exclude(
            Exists(
                Reflection.objects.filter(
                    meeting=OuterRef("pk"), author=OuterRef(f"mentorship__{role}")
                )
            )
        )
    )
    return Rule(
        Kind.REFLECTION_MISSING,
        meetings,
        recipient=f"mentorship__{role}",
        key_prefix="meeting",
        pair="mentorship",
    )


def _pulse_opened_lately(row: dict, now: datetime.datetime) -> bool:
    wait = days_to_round(row["first_after_days"], row["every_days"], row["pulse_round"])
    return now - row["started_at"] - wait <= CATCH_UP


def pulse_due(now: datetime.datetime, role: str) -> Rule:
    """The pulse survey open now, not answered yet by `role`, opened in the last fortnight."""
    answered = PulseSurvey.objects.filter(
        mentorship=OuterRef("pk"), author=OuterRef(role), round=OuterRef("pulse_round")
    )
    pairs = (
        with_pulse_round(Mentorship.objects.open(), now)
        .filter(pulse_round__gt=0)
        .exclude(Exists(answered))
        .annotate(
            first_after_days=F("program__pulse_first_after_days"),
            every_days=F("program__pulse_every_days"),
        )
    )
    return Rule(
        Kind.PULSE_DUE,
        pairs,
        recipient=role,
        key_prefix="pulse",
        version="pulse_round",
        pair="",
        check=_pulse_opened_lately,
        fields=("started_at", "pulse_round", "first_after_days", "every_days"),
    )


def iso_week(day: datetime.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def at_risk_digest(now: datetime.datetime) -> Rule:
    """One digest a week to each coordinator of each program with open pairs.

    Which pairs are at risk is worked out when the digest is sent (`emails.py`), for the few
    programs concerned, rather than over every pair at every sweep; a week with none sends
    nothing.
    """
    today = timezone.localdate(now)
    open_pairs = Mentorship.objects.open().filter(program=OuterRef("program_id"))
    coordinators = Program.coordinators.through.objects.filter(Exists(open_pairs))
    return Rule(
        Kind.AT_RISK_DIGEST,
        coordinators,
        recipient="user",
        key_prefix="program",
        subject="program_id",
        key_suffix=f":{iso_week(today)}",
    )


def rules(now: datetime.datetime, *, with_digest: bool = True) -> list[Rule]:
    per_role = [meeting_tomorrow, step_due_soon, step_overdue, signature_waiting]
    per_role += [check_in_due, reflection_missing, pulse_due]
    found = [rule(now, role) for rule in per_role for role in ROLES]
    return found + [at_risk_digest(now)] if with_digest else found


def due_rules(now: datetime.datetime) -> list[Rule]:
    """The rules a sweep at `now` runs: the digest only from its weekday on."""
    digest_day = timezone.localdate(now).weekday() >= DIGEST_WEEKDAY
    return rules(now, with_digest=digest_day)


def rules_of(kind: Kind, now: datetime.datetime) -> list[Rule]:
    return [rule for rule in rules(now) if rule.kind == kind]
