"""Two members with a unique text planted in everything they can write, kept private or shared,
and a scan of every text column of the database: what tests of erasure and retention check.

Each planted text names its author and whether it is theirs alone (`private`) or the pair's
(`pair`): "zq mentee private self-reflection". A test of a deletion then asserts no
"zq mentee private" text is left anywhere, and every "zq mentor" and "zq mentee pair" one is.
"""

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.utils import timezone

from mentoring.closure.models import Closure
from mentoring.meetings.models import AgendaQuestion, KickStarterQuestion
from tests.factories import (
    ActionStepFactory,
    CandidateNoteFactory,
    CheckInAnswerFactory,
    ClosingReflectionFactory,
    GoalOutcomeFactory,
    MeetingFactory,
    MentorRequestFactory,
    PlanningTemplateFactory,
    PlanSectionFactory,
    ReflectionFactory,
    SelfReflectionFactory,
    ThankYouNoteFactory,
    UserFactory,
    agreement_in_effect,
)

# Tables that hold no typed text: sessions are signed blobs of ids, successful tasks are
# deleted, content types and permissions are the code's names.
NOT_SCANNED = {"sessions", "django_tasks_database", "contenttypes", "auth"}


@dataclass
class Planted:
    texts: dict[str, str] = field(default_factory=dict)

    def add(self, label: str) -> str:
        text = f"zq {label}"
        # One text inside another would let a test find the one it did not look for.
        assert not any(text in old or old in text for old in self.texts.values()), label
        self.texts[label] = text
        return self.texts[label]

    def labelled(self, start: str) -> list[str]:
        return [text for label, text in self.texts.items() if label.startswith(start)]


def plant(*, open_pair, ended_pair) -> Planted:
    """Fill both pairs (the same mentee, two mentors) with planted text. `open_pair` is in
    Enabling, its check-in answered by the mentee only; `ended_pair` has ended, every answer
    given by both, the mentee's thanks sent."""
    planted = Planted()
    mentee, mentor = open_pair.mentee, open_pair.mentor
    for person, who in ((mentee, "mentee"), (mentor, "mentor")):
        SelfReflectionFactory(author=person, strengths=planted.add(f"{who} private reflection"))
    CandidateNoteFactory(
        author=mentee, mentor=mentor, values_based=planted.add("mentee private note")
    )
    other_mentee = UserFactory()
    CandidateNoteFactory(
        author=other_mentee, mentor=mentor, available=planted.add("other private note")
    )
    MentorRequestFactory(
        program=open_pair.program,
        mentee=mentee,
        mentor=mentor,
        status="accepted",
        responded_at=timezone.now(),
        mentorship=open_pair,
        why_this_mentor=planted.add("mentee pair request"),
        response_note=planted.add("mentor pair request note"),
    )
    PlanningTemplateFactory(mentorship=open_pair, hoped_gain=planted.add("mentee private plan"))
    PlanningTemplateFactory(
        mentorship=ended_pair,
        hoped_gain=planted.add("mentee pair planning template"),
        shared_at=timezone.now(),
    )
    for pair, tag in ((open_pair, "open"), (ended_pair, "ended")):
        _plant_pair(pair, tag, planted)
    CheckInAnswerFactory(
        mentorship=open_pair, author=mentee, on_track=planted.add("mentee private check-in")
    )
    for person, who in ((ended_pair.mentee, "mentee"), (ended_pair.mentor, "mentor")):
        CheckInAnswerFactory(
            mentorship=ended_pair, author=person, on_track=planted.add(f"{who} pair check-in")
        )
        ClosingReflectionFactory(
            mentorship=ended_pair,
            author=person,
            feelings=planted.add(f"{who} private closing reflection"),
        )
    ThankYouNoteFactory(mentorship=ended_pair, text=planted.add("mentee pair thanks"))
    Closure.objects.create(
        mentorship=ended_pair,
        status=Closure.Status.AGREED,
        reason="other",
        reason_other=planted.add("mentee pair closure reason"),
        proposed_by=ended_pair.mentee,
        answered_by=ended_pair.mentor,
        answered_at=timezone.now(),
    )
    ended_pair.close()
    return planted


def _plant_pair(pair, tag: str, planted: Planted) -> None:
    version = agreement_in_effect(
        pair, goals=1, success=planted.add(f"mentee pair agreement {tag}")
    )
    goal = version.goals.get()
    goal.text = planted.add(f"mentor pair goal {tag}")
    goal.save()
    section = PlanSectionFactory(mentorship=pair, support=planted.add(f"mentee pair plan {tag}"))
    ActionStepFactory(section=section, what=planted.add(f"mentor pair step {tag}"))
    meeting = MeetingFactory(
        mentorship=pair,
        held=True,
        agenda=planted.add(f"mentee pair agenda {tag}"),
        notes=planted.add(f"mentor pair notes {tag}"),
    )
    question = KickStarterQuestion.objects.first()
    if question is not None:
        AgendaQuestion.objects.create(meeting=meeting, question=question, position=1)
    for person, who in ((pair.mentee, "mentee"), (pair.mentor, "mentor")):
        ReflectionFactory(
            meeting=meeting,
            author=person,
            learned_1=planted.add(f"{who} private 3-2-1 {tag}"),
        )
        shared_meeting = MeetingFactory(
            mentorship=pair,
            held=True,
            starts_at=timezone.now() - datetime.timedelta(days=9 if who == "mentee" else 16),
        )
        ReflectionFactory(
            meeting=shared_meeting,
            author=person,
            shared_at=timezone.now(),
            learned_1=planted.add(f"{who} pair 3-2-1 {tag}"),
        )
        GoalOutcomeFactory(
            goal=goal, author=person, comment=planted.add(f"{who} pair outcome {tag}")
        )


def database_text() -> str:
    """Every text and character column of every row of the project's and allauth's tables,
    joined: a planted text is in the database if, and only if, it is in here."""
    values = []
    for model in apps.get_models():
        if model._meta.app_label in NOT_SCANNED:
            continue
        columns = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if columns:
            for row in model._base_manager.values_list(*columns):
                values.extend(str(value) for value in row)
    return "\n".join(values)
