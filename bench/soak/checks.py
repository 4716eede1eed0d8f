"""What the soak reads back once the load stopped: every acknowledged token in the database,
the emails the workers wrote, and a task worker killed mid-batch. Imported once Django is
set up; every function opens a fresh connection, since the database restarted meanwhile."""

import datetime
import email
import email.policy
import time
from collections import Counter
from pathlib import Path

from django.db import close_old_connections, connection, transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from bench.soak.data import Member
from mentoring.agreements.models import AgreementVersion, Mode
from mentoring.enabling.models import ActionStep
from mentoring.meetings import services as meetings
from mentoring.meetings.models import Meeting, Reflection
from mentoring.operations.models import SentEmail
from mentoring.programs.models import Mentorship

# The file backend writes one file per connection, messages in it split by this line.
MESSAGE_SEPARATOR = "\n" + "-" * 79 + "\n"
KILL_BATCH = 40


def fresh_connection() -> None:
    close_old_connections()
    connection.close()


def saved_text(pairs: list[int]) -> dict[str, str]:
    """Everything the soak's writes can have landed in, by kind of write, as one text each."""
    fresh_connection()
    meetings_of = Meeting.objects.filter(mentorship_id__in=pairs)
    reflections = Reflection.objects.filter(meeting__mentorship_id__in=pairs)
    return {
        "notes": "\n".join(meetings_of.values_list("notes", flat=True)),
        "meeting": "\n".join(meetings_of.values_list("place", flat=True)),
        "step": "\n".join(
            ActionStep.objects.filter(section__mentorship_id__in=pairs).values_list(
                "what", flat=True
            )
        ),
        "reflection": "\n".join(
            "\n".join(values) for values in reflections.values_list(*Reflection.ANSWERS)
        ),
        "draft": "\n".join(
            AgreementVersion.objects.filter(agreement__mentorship_id__in=pairs).values_list(
                "success", flat=True
            )
        ),
    }


def lost_writes(hits, pairs: list[int]) -> tuple[list, int]:
    """The acknowledged writes whose token is not in the database, and how many writes that
    were never acknowledged were saved all the same (their answer lost on the way)."""
    text = saved_text(pairs)
    lost = [hit for hit in hits if hit.acknowledged and hit.token not in text[hit.kind]]
    unacknowledged_saved = sum(
        1 for hit in hits if hit.token and not hit.acknowledged and hit.token in text[hit.kind]
    )
    return lost, unacknowledged_saved


def wait_for_queue(seconds: float = 90) -> int:
    """Wait for the workers to finish every task; return how many are left."""
    deadline = time.monotonic() + seconds
    while True:
        fresh_connection()
        left = DBTaskResult.objects.filter(
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
        ).count()
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(1)


def email_bodies(directory: Path) -> list[str]:
    bodies = []
    for path in sorted(directory.glob("*.log")):
        for raw in path.read_text(errors="replace").split(MESSAGE_SEPARATOR):
            if raw.strip():
                message = email.message_from_string(raw.lstrip("\n"), policy=email.policy.default)
                body = message.get_body(("plain",))
                bodies.append(f"{message['Subject']}\n{body.get_content() if body else raw}")
    return bodies


def email_counts(directory: Path, tokens: list[str]) -> Counter:
    """How many messages mention each token."""
    counts = Counter(dict.fromkeys(tokens, 0))
    for body in email_bodies(directory):
        for token in tokens:
            if token in body:
                counts[token] += 1
    return counts


def queue_kill_batch(members: list[Member]) -> list[str]:
    """Schedule a meeting for each of the first pairs in one transaction, so their emails are
    queued together; return the places, which the emails carry."""
    fresh_connection()
    starts = timezone.now() + datetime.timedelta(days=200)
    places = []
    with transaction.atomic():
        for number, member in enumerate(members[:KILL_BATCH]):
            pair = Mentorship.objects.get(pk=member.pair)
            place = f"killbatch{number:02d}"
            meetings.schedule_meeting(
                mentorship=pair,
                user=User.objects.get(email=member.email),
                starts_at=starts + datetime.timedelta(minutes=number),
                length_minutes=45,
                mode=Mode.VIDEO,
                place=place,
            )
            places.append(place)
    return places


def running_task_of(worker_id: str, seconds: float = 10) -> tuple[str, str, str] | None:
    """A task this worker is running, as soon as there is one: its id, the place of the
    meeting its email is about (which the email carries), and its email's message id."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        task = DBTaskResult.objects.filter(
            status=TaskResultStatus.RUNNING, worker_ids__contains=[worker_id]
        ).first()
        if task is not None:
            kwargs = task.args_kwargs["kwargs"]
            meeting = Meeting.objects.get(pk=kwargs["context"]["meeting"]["pk"])
            return str(task.pk), meeting.place, kwargs.get("message_id") or ""
        time.sleep(0.005)
    return None


def task_outcome(task_id: str, message_id: str) -> str:
    fresh_connection()
    # The project deletes a task's row once it succeeded (mentoring/reminders/task_results.py).
    task = DBTaskResult.objects.filter(pk=task_id).first()
    sent = SentEmail.objects.filter(message_id=message_id).count()
    state = (
        "gone from the task table (succeeded)"
        if task is None
        else (f"{task.status}, claimed by {', '.join(task.worker_ids)}")
    )
    return f"{state}; recorded as sent {sent} time(s)"
