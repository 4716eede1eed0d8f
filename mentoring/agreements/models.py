"""Phase 2, Negotiating: the mentee's responsibilities and the mentoring agreement.

An agreement belongs to one mentorship and has numbered versions. At most one version is a
draft (being written or amended) and at most one is in effect; the database holds both rules.
Every version keeps its goals and signatures, so earlier versions stay readable.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.models import shown_name
from mentoring.lib.text import up_to, validate_multiline, validate_single_line
from mentoring.programs.models import Mentorship, Phase

MAX_GOALS = 3
LONG_ANSWER = 3000
GOAL_LENGTH = 500

# The toolkit's five commitments, word for word, keyed so an acknowledgement outlives rewording.
RESPONSIBILITIES = [
    ("prepared", _("Be prepared and on time")),
    ("accountable", _("Be accountable for the mentorship process")),
    ("pre_work", _("Do the necessary pre-work")),
    ("follow_up", _("Follow-up and follow through on action items")),
    ("track", _("Track development and progress")),
]

# From Negotiating on, the agreement exists; in Preparing the pair have not met yet.
AGREEMENT_PHASES = {Phase.NEGOTIATING, Phase.ENABLING, Phase.CLOSURE}


def agreement_is_open_for(mentorship: Mentorship) -> bool:
    return mentorship.phase in AGREEMENT_PHASES


class Acknowledgement(models.Model):
    """The mentee acknowledging one of their five responsibilities."""

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    item = models.CharField(max_length=20, choices=RESPONSIBILITIES)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField()

    class Meta:
        ordering = ["mentorship", "acknowledged_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "item"], name="acknowledgement_once_per_item"
            ),
        ]

    def __str__(self):
        return f"{self.get_item_display()} ({self.mentorship})"


class Agreement(models.Model):
    mentorship = models.OneToOneField(
        Mentorship, on_delete=models.CASCADE, related_name="agreement"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Mentoring agreement of {self.mentorship}"

    def get_absolute_url(self):
        return reverse("agreements:agreement", args=[self.mentorship_id])


class VersionQuerySet(models.QuerySet):
    def for_mentorship(self, mentorship):
        """The versions of the pair's agreement; `mentorship` may be an `OuterRef("pk")`."""
        return self.filter(agreement__mentorship=mentorship)

    def in_effect(self):
        """The version the pair follow now (one per agreement at most): the one rule that every
        page, PDF, reminder and report asks for "the agreement in effect"."""
        return self.filter(status=AgreementVersion.Status.IN_EFFECT)

    def current(self):
        """The draft and the version in effect: what the agreement page shows."""
        return self.filter(
            status__in=[AgreementVersion.Status.DRAFT, AgreementVersion.Status.IN_EFFECT]
        )

    def signed(self):
        return self.filter(
            status__in=[AgreementVersion.Status.IN_EFFECT, AgreementVersion.Status.SUPERSEDED]
        )

    def first_in_effect_at(self):
        """When the first of these versions took effect, as a one-value queryset for a
        `Subquery`: the start of the agreement, which the mid-way check-in counts from."""
        return self.signed().order_by("in_effect_at").values("in_effect_at")[:1]

    def with_first_in_effect_at(self):
        """Each version with `first_in_effect_at`, when its agreement first took effect."""
        versions = AgreementVersion.objects.filter(agreement=OuterRef("agreement"))
        return self.annotate(first_in_effect_at=Subquery(versions.first_in_effect_at()))


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    BIWEEKLY = "biweekly", _("Bi-weekly")
    MONTHLY = "monthly", _("Monthly")
    OTHER = "other", _("Other (say how often below)")


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIDEO = "video", _("Video call (e.g. Zoom)")
    PHONE = "phone", _("Phone")


INTERVAL_DAYS = {Frequency.WEEKLY: 7, Frequency.BIWEEKLY: 14, Frequency.MONTHLY: 30}


LONG_HELP = up_to(LONG_ANSWER)


def long_answer(label: str, help_text: str = "") -> models.TextField:
    return models.TextField(
        label,
        max_length=LONG_ANSWER,
        blank=True,
        help_text=format_lazy("{} {}", help_text, LONG_HELP) if help_text else LONG_HELP,
        validators=[validate_multiline],
    )


class AgreementVersion(models.Model):
    """One version of the agreement's text: the seven parts of the toolkit's template.

    `revision` grows with every saved change to a draft; an edit or a signature names the
    revision it was made against, so nobody overwrites or signs text they have not seen.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_EFFECT = "in_effect", _("In effect")
        SUPERSEDED = "superseded", _("Superseded")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    revision = models.PositiveIntegerField(default=1)

    # 2. Time commitment.
    time_commitment = long_answer(
        _("What is a realistic amount of time that can be committed to?")
    )
    # 3. Discussion format.
    agenda_setting = long_answer(_("How will the agendas be set?"))
    check_ins = long_answer(_("What will check-in conversations look like?"))
    # 4. Meeting cadence: structured, so later phases can tell when a meeting is due.
    meeting_frequency = models.CharField(
        _("How often will you meet?"), max_length=10, choices=Frequency, blank=True
    )
    meeting_length_minutes = models.PositiveSmallIntegerField(
        _("How long will a meeting be?"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(15, _("A meeting is at least 15 minutes.")),
            MaxValueValidator(240, _("A meeting is at most 240 minutes (4 hours).")),
        ],
        help_text=_("In minutes, from 15 to 240."),
    )
    meeting_mode = models.CharField(
        _("Where/how will you meet?"), max_length=10, choices=Mode, blank=True
    )
    meeting_place = models.CharField(
        _("Place or link"),
        max_length=300,
        blank=True,
        help_text=_("The room, the address or the video link. Up to 300 characters."),
        validators=[validate_single_line],
    )
    cadence_notes = long_answer(
        _("Anything else about when and how you meet"),
        _("For example the day and time, or what “other” means."),
    )
    # 5. Ground rules.
    confidentiality = long_answer(_("How will you respect confidentiality – both ways?"))
    off_limits = long_answer(_("What topics are off-limits?"))
    boundaries = long_answer(_("What boundaries do you want set?"))
    # 6. Criteria for success.
    success = long_answer(_("What does success look like?"))
    # 7. Action planning and follow-up.
    mentor_expectations = long_answer(_("What are the expectations of the mentor?"))
    mentee_expectations = long_answer(_("What are the expectations of the mentee?"))
    planned_end_on = models.DateField(
        _("Planned end date of the relationship"),
        null=True,
        blank=True,
        help_text=_("When you expect the mentorship to end; you can change it later."),
    )

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    in_effect_at = models.DateTimeField(null=True, blank=True)

    objects = VersionQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"], name="agreement_version_numbers_unique"
            ),
            models.UniqueConstraint(
                fields=["agreement"],
                condition=Q(status="draft"),
                name="agreement_one_draft",
                violation_error_message=_("This agreement already has a draft."),
            ),
            models.UniqueConstraint(
                fields=["agreement"],
                condition=Q(status="in_effect"),
                name="agreement_one_in_effect",
            ),
            models.CheckConstraint(
                condition=Q(meeting_length_minutes__isnull=True)
                | Q(meeting_length_minutes__gte=15, meeting_length_minutes__lte=240),
                name="agreement_meeting_length_15_to_240",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(in_effect_at__isnull=False),
                name="agreement_signed_versions_have_a_date",
            ),
        ]

    # The fields of the seven parts, in the template's order, for forms, diffs and the PDF.
    TEXT_FIELDS = [
        "time_commitment",
        "agenda_setting",
        "check_ins",
        "meeting_frequency",
        "meeting_length_minutes",
        "meeting_mode",
        "meeting_place",
        "cadence_notes",
        "confidentiality",
        "off_limits",
        "boundaries",
        "success",
        "mentor_expectations",
        "mentee_expectations",
        "planned_end_on",
    ]

    def __str__(self):
        return gettext("Version %(number)s (%(status)s)") % {
            "number": self.number,
            "status": self.get_status_display(),
        }

    def get_absolute_url(self):
        return reverse("agreements:version", args=[self.agreement.mentorship_id, self.number])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_in_effect(self) -> bool:
        """The rule of `VersionQuerySet.in_effect`, for versions already loaded."""
        return self.status == self.Status.IN_EFFECT

    def meeting_interval_days(self) -> int | None:
        """Days between meetings, for reminders and due dates; None when not regular."""
        return INTERVAL_DAYS.get(self.meeting_frequency)

    def next_meeting_due(self, last_meeting: datetime.date) -> datetime.date | None:
        interval = self.meeting_interval_days()
        return last_meeting + datetime.timedelta(days=interval) if interval else None

    def display_value(self, field_name: str) -> str:
        """A field's value as people read it: choice labels, minutes, dates."""
        value = getattr(self, field_name)
        if value in (None, ""):
            return ""
        if field_name == "meeting_length_minutes":
            return ngettext("%(count)s minute", "%(count)s minutes", value) % {"count": value}
        if field_name == "planned_end_on":
            return date_format(value, gettext("F j, Y"))
        field = self._meta.get_field(field_name)
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        return str(value)


def version_in_effect(mentorship: Mentorship) -> AgreementVersion | None:
    """The version in effect for the pair, with its goals (two queries); None until signed."""
    return (
        AgreementVersion.objects.for_mentorship(mentorship)
        .in_effect()
        .prefetch_related("goals")
        .first()
    )


class GoalQuerySet(models.QuerySet):
    def in_effect_for(self, mentorship):
        """The goals of the pair's version in effect: those the plan and closure work on."""
        return self.filter(
            version__in=AgreementVersion.objects.for_mentorship(mentorship).in_effect()
        )


class Goal(models.Model):
    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="goals")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=GOAL_LENGTH, validators=[validate_single_line])

    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="goal_one_per_position"),
            models.CheckConstraint(
                condition=Q(position__gte=1, position__lte=MAX_GOALS),
                name="goal_at_most_three",
                violation_error_message=_("An agreement has at most three goals."),
            ),
        ]

    def __str__(self):
        return f"Goal {self.position}: {self.text}"


class SignatureQuerySet(models.QuerySet):
    def valid(self):
        return self.filter(voided_at__isnull=True)


class Signature(models.Model):
    """A party's typed name on one revision of a version; voided, never deleted, on change."""

    version = models.ForeignKey(
        AgreementVersion, on_delete=models.CASCADE, related_name="signatures"
    )
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    typed_name = models.CharField(max_length=150, validators=[validate_single_line])
    revision = models.PositiveIntegerField()
    signed_at = models.DateTimeField()
    voided_at = models.DateTimeField(null=True, blank=True)

    objects = SignatureQuerySet.as_manager()

    class Meta:
        ordering = ["version", "signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "signer"],
                condition=Q(voided_at__isnull=True),
                name="signature_one_valid_per_signer",
                violation_error_message=_("You have already signed this version."),
            ),
        ]

    def __str__(self):
        return f"{self.typed_name} on {self.signed_at:%Y-%m-%d}"

    @property
    def shown_name(self) -> str:
        return shown_name(self.typed_name)


def signature_lines(mentorship: Mentorship, signatures) -> list[tuple[str, object, Signature]]:
    """(role, person, their valid signature or None) for the mentee, then the mentor."""
    by_signer = {s.signer_id: s for s in signatures if s.voided_at is None}
    return [
        (gettext("Mentee"), mentorship.mentee, by_signer.get(mentorship.mentee_id)),
        (gettext("Mentor"), mentorship.mentor, by_signer.get(mentorship.mentor_id)),
    ]
