"""Phase 1, Preparing: what the mentee writes before the first meeting, and asking a mentor.

The questions are the toolkit's own words (tests/fixtures/toolkit.md) and are the fields' labels.
Self-reflections, candidate notes and planning templates belong to their author: they are not
registered in the admin, and every view reaches them through `access.py`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from accounts.models import User
from mentoring.lib.text import up_to, validate_multiline, validate_single_line
from mentoring.programs.models import Mentorship, Participant, Program

LONG_ANSWER = 3000
SHORT_ANSWER = 1000
LONG_HELP = up_to(LONG_ANSWER)
SHORT_HELP = up_to(SHORT_ANSWER)


def long_answer(question: str, max_length=LONG_ANSWER, help_text=LONG_HELP) -> models.TextField:
    return models.TextField(
        question,
        max_length=max_length,
        blank=True,
        help_text=help_text,
        validators=[validate_multiline],
    )


def short_answer(question: str) -> models.TextField:
    return long_answer(question, SHORT_ANSWER, SHORT_HELP)


class SelfReflection(models.Model):
    """The mentee's reflection before contacting a mentor: theirs alone, never shared."""

    GUIDANCE = gettext_noop(  # the toolkit's words as they are; views translate them
        "Before you initiate contact with a potential mentor, reflect on what you want and have "
        "clarity on your strategy for the mentor relationship."
    )

    author = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="self_reflection"
    )
    looking_forward_to = long_answer(
        _("What are you looking forward to in a mentor relationship?")
    )
    strengths = long_answer(_("What are your strengths? What motivates you?"))
    challenges = long_answer(
        _(
            "What are your current challenges? What stresses you? "
            "What do you see as areas for improvement?"
        )
    )
    success = long_answer(_("What would a successful mentoring relationship look like?"))
    completed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    ANSWERS = ["looking_forward_to", "strengths", "challenges", "success"]

    def __str__(self):
        return f"Self-reflection of {self.author}"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


class CandidateNote(models.Model):
    """The mentee's private answers to the reflective questions about one possible mentor."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="candidate_notes"
    )
    # PROTECT: the notes are the mentee's; a mentor's account is erased, never deleted.
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    aspire_to = short_answer(
        _(
            "Is there someone who has the title, position, leadership skills and experience "
            "that you aspire to within the next couple of years?"
        )
    )
    values_based = short_answer(_("Do they model values-based leadership?"))
    available = short_answer(_("Do you think they will be available to support you?"))
    confidante = short_answer(_("Will they be open and honest with you, and be a confidante?"))
    connection = short_answer(_("Do you already have a connection with them?"))
    updated_at = models.DateTimeField(auto_now=True)

    ANSWERS = ["aspire_to", "values_based", "available", "confidante", "connection"]

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["author", "mentor"], name="candidate_note_one_per_author_and_mentor"
            ),
        ]

    def __str__(self):
        return f"Notes by {self.author} about {self.mentor}"


def available_mentors(program: Program):
    """The program's mentors who take requests (open to mentoring, not pausing them today:
    `User.objects.taking_requests()`) and have room for another mentee.

    Capacity counts open mentorships in every program, as the database trigger does.
    """
    mentors = Participant.objects.filter(program=program, role=Participant.Role.MENTOR)
    return (
        User.objects.taking_requests()
        .filter(pk__in=mentors.values("user"))
        .annotate(
            open_pairs=Count(
                "mentorships_as_mentor",
                filter=Q(mentorships_as_mentor__ended_at__isnull=True),
            )
        )
        .filter(open_pairs__lt=F("mentee_capacity"))
        .annotate(places_left=F("mentee_capacity") - F("open_pairs"))
    )


class MentorRequestQuerySet(models.QuerySet):
    def pending(self):
        """Waiting for the mentor's answer."""
        return self.filter(status=MentorRequest.Status.PENDING)

    def awaiting_approval(self):
        return self.filter(status=MentorRequest.Status.AWAITING_APPROVAL)

    def waiting(self):
        """Not yet answered, by the coordinators or by the mentor."""
        return self.filter(status__in=MentorRequest.WAITING)

    def seen_by_mentor(self):
        return self.exclude(status__in=MentorRequest.HIDDEN_FROM_MENTOR)

    def for_coordinators(self):
        """Who asked whom, without what they wrote each other: coordinators see status only."""
        return self.defer(*MentorRequest.WORDS_BETWEEN_THE_PAIR).select_related("mentee", "mentor")

    def with_mentor_open_pairs(self):
        """Each request's mentor's open mentorships, in every program, as `mentor_open_pairs`."""
        open_pairs = (
            Mentorship.objects.open()
            .filter(mentor=OuterRef("mentor"))
            .values("mentor")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(
            mentor_open_pairs=Coalesce(Subquery(open_pairs), 0, output_field=IntegerField())
        )


class MentorRequest(models.Model):
    """A mentee asking a mentor, who may take their time to accept or decline."""

    TIPS = [
        _("Always ask someone to be your mentor in person"),
        _("Tell them why you want to be mentored by them specifically"),
        _("Share what you are hoping to achieve"),
        _("Describe how often you would like to meet"),
        _(
            "Explain that you will prepare for each meeting by providing agendas and discussion "
            "points"
        ),
        _("Request them to consider and give time for them to get back to you if needed"),
    ]

    class Status(models.TextChoices):
        AWAITING_APPROVAL = "awaiting_approval", _("Waiting for the coordinators' approval")
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        NOT_APPROVED = "not_approved", _("Not approved by the coordinators")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        # Its own status, because the program's approval setting may change afterwards: only
        # the status can tell that the mentor never heard of it.
        WITHDRAWN_UNAPPROVED = (
            "withdrawn_unapproved",
            _("Withdrawn before the coordinators' approval"),
        )

    class DeclineReason(models.TextChoices):
        # Said to the mentee in the mentor's own voice: "Their reason: ..."
        NO_ROOM = "no_room", _("I have no room for another mentee right now")
        EXPERTISE = "expertise", _("My experience does not match what you hope to achieve")
        AVAILABILITY = "availability", _("I cannot meet as often as you would like")
        OTHER = "other", _("Another reason (in my note)")

    WAITING = [Status.AWAITING_APPROVAL, Status.PENDING]
    # In programs where coordinators approve requests, the mentor hears of one only once it is
    # approved; one the coordinators turned down, or the mentee withdrew before, never reaches
    # them.
    HIDDEN_FROM_MENTOR = [
        Status.AWAITING_APPROVAL,
        Status.NOT_APPROVED,
        Status.WITHDRAWN_UNAPPROVED,
    ]
    # What the mentee and the mentor wrote each other: never loaded for a coordinator.
    WORDS_BETWEEN_THE_PAIR = [
        "why_this_mentor",
        "hoped_outcome",
        "meeting_frequency",
        "response_note",
        "decline_reason",
    ]

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="mentor_requests")
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mentor_requests_sent"
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="mentor_requests_received",
    )
    why_this_mentor = models.TextField(
        _("Why do you want to be mentored by them specifically?"),
        max_length=2000,
        help_text=up_to(2000),
        validators=[validate_multiline],
    )
    hoped_outcome = models.TextField(
        _("What are you hoping to achieve?"),
        max_length=2000,
        help_text=up_to(2000),
        validators=[validate_multiline],
    )
    meeting_frequency = models.CharField(
        _("How often would you like to meet?"),
        max_length=200,
        help_text=_("For example: an hour every two weeks (up to 200 characters)."),
        validators=[validate_single_line],
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.PENDING)
    response_note = models.TextField(
        _("A note for the mentee (optional)"),
        max_length=SHORT_ANSWER,
        blank=True,
        help_text=SHORT_HELP,
        validators=[validate_multiline],
    )
    decline_reason = models.CharField(
        _("If you decline, why? (optional)"),
        max_length=20,
        choices=DeclineReason,
        blank=True,
        help_text=_("Shown to the mentee with your answer, so they know what to look for next."),
    )
    coordinator_note = models.TextField(
        _("A note for the mentee (optional)"),
        max_length=SHORT_ANSWER,
        blank=True,
        help_text=_("Up to 1,000 characters. Sent by email to the mentee, with your answer."),
        validators=[validate_multiline],
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The coordinator who approved the request or turned it down."),
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    responded_at = models.DateTimeField(null=True, blank=True)
    mentorship = models.OneToOneField(
        Mentorship,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentor_request",
    )

    objects = MentorRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "mentee"],
                condition=Q(status__in=["awaiting_approval", "pending"]),
                name="mentor_request_one_waiting_per_mentee_and_program",
                violation_error_message=_(
                    "You already have a request waiting for an answer in this program."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(mentor=F("mentee")),
                name="mentor_request_not_to_yourself",
                violation_error_message=_("You cannot ask yourself to be your mentor."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["awaiting_approval", "pending"], responded_at__isnull=True)
                | (
                    ~Q(status__in=["awaiting_approval", "pending"]) & Q(responded_at__isnull=False)
                ),
                name="mentor_request_answered_when_not_waiting",
            ),
            models.CheckConstraint(
                condition=Q(status="accepted") | Q(mentorship__isnull=True),
                name="mentor_request_mentorship_only_when_accepted",
            ),
        ]
        indexes = [models.Index(fields=["mentor", "status"])]

    def __str__(self):
        return f"{self.mentee} asking {self.mentor} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("preparation:request", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def is_awaiting_approval(self) -> bool:
        return self.status == self.Status.AWAITING_APPROVAL

    @property
    def is_waiting(self) -> bool:
        return self.status in self.WAITING


class PlanningTemplateQuerySet(models.QuerySet):
    def shared(self):
        """Shared with the mentor: the mentee's own until then, kept out of the portfolio."""
        return self.filter(shared_at__isnull=False)


class PlanningTemplate(models.Model):
    """The mentee's planning template for a mentorship: private until they share it."""

    INTRO = gettext_noop(  # translated where it is shown, as GUIDANCE
        "Clarify your expectations of the relationship prior to meeting with your mentor. "
        "Bring this information with you to your initial meeting with your new mentor."
    )

    mentorship = models.OneToOneField(
        Mentorship, on_delete=models.CASCADE, related_name="planning_template"
    )
    in_3_and_5_years = long_answer(_("Where do you hope to be in 3 years? 5 years?"))
    hoped_gain = long_answer(_("What do you hope to gain from this relationship?"))
    mentor_role = long_answer(_("What role do you expect your mentor to play?"))
    strengths = long_answer(_("What are your strengths?"))
    growth_needs = long_answer(_("What are your areas of growth & development needs?"))
    discussion_topics = long_answer(_("What would I like to discuss in our meetings?"))
    urgent_topics = long_answer(_("Are there any urgent topics?"))
    confidentiality = long_answer(
        _("What are you needing for confidentiality, openness, and candor?")
    )
    off_limits = long_answer(_("Are there any topics off limits?"))
    challenges = long_answer(
        _("What do you think may be challenging about this mentoring relationship?")
    )
    scheduling = long_answer(_("What length, time, frequency would you like scheduled?"))
    evaluation = long_answer(_("How will you evaluate the success of the relationship?"))
    shared_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlanningTemplateQuerySet.as_manager()

    ANSWERS = [
        "in_3_and_5_years",
        "hoped_gain",
        "mentor_role",
        "strengths",
        "growth_needs",
        "discussion_topics",
        "urgent_topics",
        "confidentiality",
        "off_limits",
        "challenges",
        "scheduling",
        "evaluation",
    ]

    def __str__(self):
        return f"Planning template of {self.mentorship.mentee}"

    @property
    def is_shared(self) -> bool:
        return self.shared_at is not None

    def questions_and_answers(self) -> list[tuple[str, str]]:
        field = self._meta.get_field
        return [(str(field(name).verbose_name), getattr(self, name)) for name in self.ANSWERS]
