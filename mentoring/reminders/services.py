"""The reminder sweep, sending, and each person's choice of reminders.

A sweep (`sweep`, run by `manage.py send_reminders` from cron) does four things:

1. finds what is due, one query per rule (`due.py`), leaving out what was already written
   and the kinds each person turned off;
2. writes a pending `Reminder` row per occurrence with `bulk_create(ignore_conflicts=True)`:
   the unique (kind, recipient, key) constraint makes a second sweep running at the same time
   write nothing new;
3. puts back to pending the rows a crashed send left in "sending" for too long;
4. claims the pending rows in batches (an UPDATE ... WHERE status = pending, so two sweeps
   never claim the same row) and queues one send task per batch once the claim is committed.

The send task (`deliver`) marks each reminder sent after the mail backend accepted it; on an
error the row goes back to pending with the error and one more attempt, for the next sweep,
until `MAX_ATTEMPTS`, when it is marked failed (and shows as such in the admin).
"""

import datetime
import uuid
from dataclasses import dataclass
from functools import partial

from django.core.mail import mailers
from django.db import transaction
from django.db.models import Case, Exists, F, OuterRef, Value, When
from django.tasks import task
from django.utils import timezone

from accounts.models import User
from mentoring.reminders.due import due_rules
from mentoring.reminders.emails import build_message
from mentoring.reminders.models import Kind, OptOut, Reminder, Status

MAX_ATTEMPTS = 5
CLAIM_BATCH = 100
# A send task that has not reported back by then is taken to have crashed. Its reminders are
# sent again, so delivery is at least once: a crash between the mail server accepting a
# message and the row being marked sent repeats that one message. The other way round (at
# most once) would lose reminders, which is worse.
STUCK_AFTER = datetime.timedelta(minutes=30)


@dataclass
class SweepResult:
    due: int
    reclaimed: int
    claimed: int


def find_due(*, now: datetime.datetime) -> list[Reminder]:
    """The reminders due at `now` that were not written before: one query per rule."""
    found = []
    for rule in due_rules(now):
        already = Reminder.objects.filter(
            kind=rule.kind, recipient=OuterRef("reminder_recipient"), key=OuterRef("reminder_key")
        )
        opted_out = OptOut.objects.filter(kind=rule.kind, user=OuterRef("reminder_recipient"))
        rows = (
            rule.subjects.annotate(
                reminder_recipient=F(rule.recipient), reminder_key=rule.key_expression()
            )
            .filter(**{f"{rule.recipient}__is_active": True})
            .exclude(Exists(already))
            .exclude(Exists(opted_out))
            .order_by()
            .values("reminder_recipient", "reminder_key", *rule.fields)
        )
        found += [
            Reminder(
                kind=rule.kind, recipient_id=row["reminder_recipient"], key=row["reminder_key"]
            )
            for row in rows
            if rule.check is None or rule.check(row, now)
        ]
    return found


def record(reminders: list[Reminder]) -> None:
    """Write the reminders; one already written, by this sweep or another, is left alone."""
    Reminder.objects.bulk_create(reminders, batch_size=1000, ignore_conflicts=True)


def reclaim_stuck(*, now: datetime.datetime) -> int:
    """Put back to pending what a send task claimed and never reported on (it crashed)."""
    return Reminder.objects.filter(status=Status.SENDING, claimed_at__lt=now - STUCK_AFTER).update(
        status=Status.PENDING,
        claim=None,
        last_error="The send was not confirmed in time; it will be tried again.",
        updated_at=now,
    )


def claim_batch(*, now: datetime.datetime) -> tuple[uuid.UUID, int]:
    """Mark up to CLAIM_BATCH pending reminders as sending under a new claim.

    The WHERE status = pending is checked again on each row as it is updated, so of two
    sweeps claiming at once, the second finds the first's rows taken and leaves them.
    """
    claim = uuid.uuid4()
    batch = Reminder.objects.filter(status=Status.PENDING).order_by("pk").values("pk")
    claimed = Reminder.objects.filter(pk__in=batch[:CLAIM_BATCH], status=Status.PENDING).update(
        status=Status.SENDING, claim=claim, claimed_at=now, updated_at=now
    )
    return claim, claimed


def sweep(*, now: datetime.datetime | None = None, send: bool = True) -> SweepResult:
    """Find and write what is due; with `send`, claim the pending reminders and queue them.

    Claiming comes after finding, so rows a failed send put back to pending are retried;
    rows this sweep queues are not claimed again by it (tasks run after the loop).
    """
    now = now or timezone.now()
    found = find_due(now=now)
    record(found)
    reclaimed = reclaim_stuck(now=now)
    claimed = 0
    claims = []
    while send:
        claim, count = claim_batch(now=now)
        if not count:
            break
        claims.append(claim)
        claimed += count
    for claim in claims:
        transaction.on_commit(partial(send_reminders.enqueue, claim=str(claim)))
    return SweepResult(due=len(found), reclaimed=reclaimed, claimed=claimed)


def deliver(*, claim: uuid.UUID, now: datetime.datetime | None = None) -> int:
    """Send the reminders of one claim; return how many were sent."""
    now = now or timezone.now()
    reminders = Reminder.objects.filter(claim=claim, status=Status.SENDING).select_related(
        "recipient"
    )
    connection = mailers.default
    sent = 0
    try:
        for reminder in reminders:
            mine = Reminder.objects.filter(pk=reminder.pk, claim=claim, status=Status.SENDING)
            try:
                message = build_message(reminder, now=now)
                if message is not None:
                    connection.send_messages([message])
            # Whatever went wrong (the mail server, a template), the reminder must not be
            # lost: it goes back for the next sweep with the error for the admin to read.
            except Exception as error:  # noqa: BLE001
                mine.update(
                    status=Case(
                        When(attempts__gte=MAX_ATTEMPTS - 1, then=Value(Status.FAILED)),
                        default=Value(Status.PENDING),
                    ),
                    attempts=F("attempts") + 1,
                    last_error=f"{type(error).__name__}: {error}"[:2000],
                    claim=None,
                    updated_at=timezone.now(),
                )
                continue
            if message is None:
                mine.update(status=Status.SKIPPED, updated_at=timezone.now())
            else:
                sent += mine.update(
                    status=Status.SENT, sent_at=timezone.now(), updated_at=timezone.now()
                )
    finally:
        connection.close()
    return sent


@task
def send_reminders(*, claim: str) -> None:
    deliver(claim=uuid.UUID(claim))


# Turning kinds of reminders off.


def turned_off(user: User) -> set[str]:
    return set(OptOut.objects.filter(user=user).values_list("kind", flat=True))


@transaction.atomic
def set_preferences(*, user: User, wanted: set[str]) -> None:
    """Keep the kinds in `wanted` on and turn the others off."""
    unwanted = set(Kind.values) - wanted
    OptOut.objects.filter(user=user).exclude(kind__in=unwanted).delete()
    OptOut.objects.bulk_create(
        [OptOut(user=user, kind=kind) for kind in sorted(unwanted)], ignore_conflicts=True
    )


def opt_out(*, user: User, kind: Kind) -> None:
    OptOut.objects.get_or_create(user=user, kind=kind)
