"""The reminder sweep, sending, and each person's choice of reminders.

A sweep (`sweep`, run by `manage.py send_reminders` from cron) does four things:

1. finds what is due, one query per rule (`due.py`), leaving out what was already written
   and the kinds each person turned off, reading each rule's rows a chunk at a time;
2. writes a pending `Reminder` row per occurrence with `bulk_create(ignore_conflicts=True)`,
   WRITE_BATCH at a time, so a sweep's memory stays bounded however much is due (the first
   sweep after an outage finds a fortnight's worth): the unique (kind, recipient, key)
   constraint makes a second sweep running at the same time write nothing new;
3. puts back to pending the rows a crashed send left in "sending" for too long;
4. queues one send task (`send_pending_reminders`) once all this is committed.

The task claims the pending rows a batch at a time (an UPDATE ... WHERE status = pending, so
two senders never claim the same row), sends each one and marks it sent once the mail backend
accepted it (`deliver`). On an error the row goes back to pending with the error and one more
attempt, for the next sweep, until `MAX_ATTEMPTS`, when it is marked failed (and shows as
such in the admin, which can send it again).
"""

import datetime
import itertools
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.mail import mailers
from django.db import transaction
from django.db.models import Case, Exists, F, OuterRef, Value, When
from django.tasks import task
from django.utils import timezone

from accounts.models import User
from mentoring.reminders.due import due_rules
from mentoring.reminders.emails import build_message
from mentoring.reminders.models import Kind, OptOut, Reminder

MAX_ATTEMPTS = 5
CLAIM_BATCH = 100
WRITE_BATCH = 5000
READ_CHUNK = 2000
# A send task that has not reported back by then is taken to have crashed. Its reminders are
# sent again, so delivery is at least once: a crash between the mail server accepting a
# message and the row being marked sent repeats that one message. The other way round (at
# most once) would lose reminders, which is worse.
STUCK_AFTER = datetime.timedelta(minutes=30)


@dataclass
class SweepResult:
    due: int  # reminders newly written
    reclaimed: int  # taken back from a send that crashed
    to_send: int  # pending, for the send task queued


def find_due(*, now: datetime.datetime) -> list[Reminder]:
    """The reminders due at `now` that were not written before: one query per rule."""
    return list(iter_due(now=now))


def iter_due(*, now: datetime.datetime) -> Iterator[Reminder]:
    """`find_due`, one reminder at a time, each rule's rows read READ_CHUNK at a time."""
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
        for row in rows.iterator(chunk_size=READ_CHUNK):
            if rule.check is None or rule.check(row, now):
                yield Reminder(
                    kind=rule.kind, recipient_id=row["reminder_recipient"], key=row["reminder_key"]
                )


def record(reminders: list[Reminder]) -> None:
    """Write the reminders; one already written, by this sweep or another, is left alone."""
    Reminder.objects.bulk_create(reminders, ignore_conflicts=True)


def reclaim_stuck(*, now: datetime.datetime) -> int:
    """Put back to pending what a send task claimed and never reported on (it crashed)."""
    return Reminder.objects.filter(
        status=Reminder.Status.SENDING, claimed_at__lt=now - STUCK_AFTER
    ).update(
        status=Reminder.Status.PENDING,
        claim=None,
        last_error="The send was not confirmed in time; it will be tried again.",
        updated_at=now,
    )


def claim_batch(*, now: datetime.datetime, after: int = 0) -> tuple[uuid.UUID | None, int]:
    """Claim for sending the next CLAIM_BATCH pending reminders with ids above `after`.

    Returns the claim (None when nothing was left) and the id the next batch starts after.
    The UPDATE checks status = pending again on each row, so of two senders claiming at
    once, the second finds the first's rows taken and leaves them.
    """
    pending = Reminder.objects.filter(status=Reminder.Status.PENDING, pk__gt=after).order_by("pk")
    ids = list(pending.values_list("pk", flat=True)[:CLAIM_BATCH])
    if not ids:
        return None, after
    claim = uuid.uuid4()
    Reminder.objects.filter(pk__in=ids, status=Reminder.Status.PENDING).update(
        status=Reminder.Status.SENDING, claim=claim, claimed_at=now, updated_at=now
    )
    return claim, ids[-1]


def sweep(*, now: datetime.datetime | None = None) -> SweepResult:
    """Find and write what is due, then queue the sending of everything pending.

    A constant number of queries whatever the number of pairs: one per rule, the reclaim,
    the count and the task queued, plus one INSERT per WRITE_BATCH reminders newly due (none
    when nothing is new). The sending happens in the task.
    """
    now = now or timezone.now()
    found = 0
    for reminders in itertools.batched(iter_due(now=now), WRITE_BATCH):
        record(list(reminders))
        found += len(reminders)
    reclaimed = reclaim_stuck(now=now)
    to_send = Reminder.objects.filter(status=Reminder.Status.PENDING).count()
    if to_send:
        transaction.on_commit(send_pending_reminders.enqueue)
    return SweepResult(due=found, reclaimed=reclaimed, to_send=to_send)


def deliver(*, claim: uuid.UUID, now: datetime.datetime | None = None) -> int:
    """Send the reminders of one claim; return how many were sent."""
    now = now or timezone.now()
    # The person may have turned the kind off, or left, since the reminder was written (a
    # failed send waits for the next sweep): theirs are skipped, not sent.
    turned_off = OptOut.objects.filter(user=OuterRef("recipient"), kind=OuterRef("kind"))
    reminders = (
        Reminder.objects.filter(claim=claim, status=Reminder.Status.SENDING)
        .select_related("recipient")
        .annotate(turned_off=Exists(turned_off))
    )
    connection = mailers.default
    sent = 0
    try:
        for reminder in reminders:
            mine = Reminder.objects.filter(
                pk=reminder.pk, claim=claim, status=Reminder.Status.SENDING
            )
            try:
                if reminder.turned_off or not reminder.recipient.is_active:
                    message = None
                else:
                    message = build_message(reminder, now=now)
                if message is not None:
                    connection.send_messages([message])
            # Whatever went wrong (the mail server, a template), the reminder must not be
            # lost: it goes back for the next sweep with the error for the admin to read.
            except Exception as error:  # noqa: BLE001
                mine.update(
                    status=Case(
                        When(attempts__gte=MAX_ATTEMPTS - 1, then=Value(Reminder.Status.FAILED)),
                        default=Value(Reminder.Status.PENDING),
                    ),
                    attempts=F("attempts") + 1,
                    last_error=f"{type(error).__name__}: {error}"[:2000],
                    claim=None,
                    updated_at=timezone.now(),
                )
                continue
            if message is None:
                mine.update(status=Reminder.Status.SKIPPED, updated_at=timezone.now())
            else:
                sent += mine.update(
                    status=Reminder.Status.SENT, sent_at=timezone.now(), updated_at=timezone.now()
                )
    finally:
        connection.close()
    return sent


def send_pending() -> int:
    """Send the pending reminders a batch at a time; return how many were sent.

    The batches move forward by id, so a reminder whose send fails, back to pending behind
    the cursor, waits for the next sweep rather than being retried at once.
    """
    sent, after = 0, 0
    while True:
        claim, after = claim_batch(now=timezone.now(), after=after)
        if claim is None:
            return sent
        sent += deliver(claim=claim)


@task
def send_pending_reminders() -> None:
    send_pending()


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
