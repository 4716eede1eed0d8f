"""Phase 3, Enabling: the pair's meetings, the kick-starter question bank and 3-2-1 reflections.

A meeting belongs to a mentorship: its mentee and mentor read it, the mentee prepares its
agenda, both keep its notes. Coordinators see counts and dates (`MeetingQuerySet.summary`),
never an agenda, notes or a reflection. A reflection is its author's alone until they share
it with their partner. None of these models is in the admin; views reach them via `access.py`.
"""

import datetime
import hashlib
import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import BooleanField, Case, Count, F, Max, Min, Q, When
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from mentoring.agreements.models import Mode
from mentoring.lib.languages import in_reader_language
from mentoring.lib.text import up_to, validate_multiline, validate_single_line
from mentoring.programs.models import Mentorship

LONG_ANSWER = 3000
LONG_HELP = up_to(LONG_ANSWER)
SHORT_ANSWER = 1000
SHORT_HELP = up_to(SHORT_ANSWER)
PLACE_LENGTH = 300

# The toolkit's own words, shown where the pair use the bank and prepare an agenda: kept in
# English here (the catalogue's message ids), translated where shown (`gettext`).
KICK_STARTERS_INTRO = gettext_noop("All discussions should be centered on specific goals.")
AGENDA_GUIDANCE = gettext_noop(
    "prepare for each meeting by providing agendas and discussion points"
)


class KickStarterCategory(models.Model):
    name = models.CharField(max_length=100, unique=True, validators=[validate_single_line])
    name_fr = models.CharField(
        _("name in French"), max_length=100, blank=True, validators=[validate_single_line]
    )
    slug = models.SlugField(max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(unique=True)

    class Meta:
        ordering = ["position"]
        verbose_name_plural = _("kick-starter categories")

    def __str__(self):
        return self.name

    @property
    def translated_name(self) -> str:
        return in_reader_language(self.name, self.name_fr)


class KickStarterQuestion(models.Model):
    """A conversation kick-starter from the toolkit, word for word (loaded by a migration)."""

    category = models.ForeignKey(
        KickStarterCategory, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300, validators=[validate_single_line])
    text_fr = models.CharField(
        _("text in French"), max_length=300, blank=True, validators=[validate_single_line]
    )

    class Meta:
        ordering = ["category__position", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "position"], name="kick_starter_position_unique"
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def translated_text(self) -> str:
        return in_reader_language(self.text, self.text_fr)


def summary_columns(through: str = "") -> dict:
    """The aggregates of `MeetingQuerySet.summary`; `through` reaches the meetings from another
    model ("meetings__" from a pair)."""
    now = timezone.now()
    held = Q(**{f"{through}status": Meeting.Status.HELD})
    planned = Q(**{f"{through}status": Meeting.Status.SCHEDULED, f"{through}starts_at__gte": now})
    return {
        "held": Count(f"{through}pk", filter=held),
        "planned": Count(f"{through}pk", filter=planned),
        "last_held_at": Max(f"{through}starts_at", filter=held),
        "next_at": Min(f"{through}starts_at", filter=planned),
    }


class MeetingQuerySet(models.QuerySet):
    def for_mentorship(self, mentorship):
        return self.filter(mentorship=mentorship)

    def held(self):
        return self.filter(status=Meeting.Status.HELD)

    def planned(self):
        """Scheduled and still to come: what a coordinator counts as planned."""
        return self.filter(status=Meeting.Status.SCHEDULED, starts_at__gte=timezone.now())

    def upcoming_first(self):
        """Upcoming meetings, soonest first, then past ones, latest first; `is_past` on each."""
        now = timezone.now()
        return self.annotate(
            is_past=Case(
                When(starts_at__lt=now, then=True), default=False, output_field=BooleanField()
            ),
            upcoming_at=Case(When(starts_at__gte=now, then=F("starts_at"))),
            past_at=Case(When(starts_at__lt=now, then=F("starts_at"))),
        ).order_by("is_past", F("upcoming_at").asc(), F("past_at").desc(), "pk")

    def summary(self) -> dict:
        """Status only, in one query: held and planned counts, last held and next meeting.

        For the pair's page and for coordinators: it says nothing of what was discussed.
        """
        return self.aggregate(**summary_columns())

    def summaries(self) -> dict[int, dict]:
        """`summary()` per mentorship id, in one query, for pages listing many pairs."""
        rows = self.order_by().values("mentorship_id").annotate(**summary_columns())
        return {row.pop("mentorship_id"): row for row in rows}


class Meeting(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="meetings")
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    starts_at = models.DateTimeField(_("Date and time"), db_index=True)
    length_minutes = models.PositiveSmallIntegerField(
        _("Length in minutes"),
        validators=[
            MinValueValidator(15, _("A meeting is at least 15 minutes.")),
            MaxValueValidator(240, _("A meeting is at most 240 minutes (4 hours).")),
        ],
        help_text=_("From 15 to 240 minutes."),
    )
    mode = models.CharField(_("How will you meet?"), max_length=10, choices=Mode)
    place = models.CharField(
        _("Place or link"),
        max_length=PLACE_LENGTH,
        blank=True,
        help_text=_(
            "The room, the address, the video link or the phone number. Up to 300 characters."
        ),
        validators=[validate_single_line],
    )
    agenda = models.TextField(
        _("Discussion points"),
        max_length=LONG_ANSWER,
        blank=True,
        help_text=format_lazy(
            "{} {}", _("What you want to talk about, tied to your goals."), LONG_HELP
        ),
        validators=[validate_multiline],
    )
    agenda_questions = models.ManyToManyField(
        KickStarterQuestion, through="AgendaQuestion", related_name="+", blank=True
    )
    notes = models.TextField(
        _("Shared notes"),
        max_length=LONG_ANSWER,
        blank=True,
        help_text=format_lazy(
            "{} {}", _("Both of you can read and change these notes."), LONG_HELP
        ),
        validators=[validate_multiline],
    )
    notes_revision = models.PositiveIntegerField(default=0)
    notes_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.SCHEDULED)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    # Calendar apps replace an event they already have only when its SEQUENCE grows.
    sequence = models.PositiveIntegerField(default=0)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(length_minutes__gte=15, length_minutes__lte=240),
                name="meeting_length_15_to_240",
            ),
        ]
        indexes = [models.Index(fields=["mentorship", "starts_at"])]

    def __str__(self):
        return f"Meeting of {self.mentorship} on {self.starts_at:%Y-%m-%d %H:%M %Z}"

    def get_absolute_url(self):
        return reverse("meetings:meeting", args=[self.mentorship_id, self.pk])

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.length_minutes)

    @property
    def is_scheduled(self) -> bool:
        return self.status == self.Status.SCHEDULED

    @property
    def is_held(self) -> bool:
        return self.status == self.Status.HELD

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()


class AgendaQuestion(models.Model):
    """A kick-starter question the mentee put on a meeting's agenda, in their order."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    question = models.ForeignKey(KickStarterQuestion, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "question"],
                name="agenda_question_once_per_meeting",
                violation_error_message=_("This question is already on the agenda."),
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.question}"


class ReflectionQuerySet(models.QuerySet):
    def shared(self):
        return self.filter(shared_at__isnull=False)

    def shared_in(self, mentorship):
        """The pair's shared reflections, oldest meeting first, with meeting and author."""
        return (
            self.shared()
            .filter(meeting__mentorship=mentorship)
            .select_related("meeting", "author")
            .order_by("meeting__starts_at", "meeting_id", "author_id")
        )


class Reflection(models.Model):
    """A person's own 3-2-1 reflection on a held meeting: private until they share it."""

    # The toolkit's three questions and the answers to each, in order.
    QUESTIONS = [
        (_("What are 3 things you learned today?"), ["learned_1", "learned_2", "learned_3"]),
        (_("What are 2 actions or changes you will make?"), ["action_1", "action_2"]),
        (_("What is 1 thing that you will never forget?"), ["never_forget"]),
    ]

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reflections")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="meeting_reflections"
    )
    learned_1 = models.TextField(
        _("Thing 1"), max_length=SHORT_ANSWER, blank=True, validators=[validate_multiline]
    )
    learned_2 = models.TextField(
        _("Thing 2"), max_length=SHORT_ANSWER, blank=True, validators=[validate_multiline]
    )
    learned_3 = models.TextField(
        _("Thing 3"), max_length=SHORT_ANSWER, blank=True, validators=[validate_multiline]
    )
    action_1 = models.TextField(
        _("Action or change 1"),
        max_length=SHORT_ANSWER,
        blank=True,
        validators=[validate_multiline],
    )
    action_2 = models.TextField(
        _("Action or change 2"),
        max_length=SHORT_ANSWER,
        blank=True,
        validators=[validate_multiline],
    )
    never_forget = models.TextField(
        _("What is 1 thing that you will never forget?"),
        max_length=SHORT_ANSWER,
        blank=True,
        validators=[validate_multiline],
    )
    shared_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReflectionQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "author"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "author"], name="reflection_one_per_person_and_meeting"
            ),
        ]

    ANSWERS = [name for _, names in QUESTIONS for name in names]

    def __str__(self):
        return f"3-2-1 reflection of {self.author} on {self.meeting}"

    @property
    def is_shared(self) -> bool:
        return self.shared_at is not None

    def answers(self) -> list[tuple[str, list[str]]]:
        """(question, its non-empty answers) for reading."""
        return [
            (question, [getattr(self, name) for name in names if getattr(self, name)])
            for question, names in self.QUESTIONS
        ]


def hash_feed_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeed(models.Model):
    """A person's private calendar feed; the URL's secret is stored only as its SHA-256."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()

    def __str__(self):
        return f"Calendar feed of {self.user}"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)
