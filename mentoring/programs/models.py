import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mentoring.lib.languages import short_date
from mentoring.lib.text import validate_multiline, validate_single_line
from mentoring.programs.limits import between, months_before


def default_retention_months() -> int:
    return settings.DEFAULT_RETENTION_MONTHS


class ProgramQuerySet(models.QuerySet):
    def coordinated_by(self, user):
        return self.filter(coordinators=user)

    def active(self):
        return self.filter(archived_at__isnull=True)

    def archived(self):
        return self.filter(archived_at__isnull=False)


class Program(models.Model):
    name = models.CharField(max_length=200, validators=[validate_single_line])
    description = models.TextField(blank=True, validators=[validate_multiline])
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    enrolment_deadline = models.DateField(
        null=True,
        blank=True,
        help_text=_(
            "The last day people can join. Leave empty to keep enrolment open throughout."
        ),
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="coordinated_programs",
        blank=True,
    )
    coordinators_see_agreement_pdf = models.BooleanField(
        _("coordinators may download signed agreements"),
        default=False,
        help_text=_(
            "Some programs keep the signed agreement on the HR file; most keep it private."
        ),
    )
    requires_approval = models.BooleanField(
        _("coordinators approve mentee requests"),
        default=False,
        help_text=_(
            "A mentee's request goes to the program's coordinators first; once they approve, "
            "it goes on to the mentor."
        ),
    )
    retention_months = models.PositiveSmallIntegerField(
        _("keep pairs' writing for (months after they end)"),
        default=default_retention_months,
        validators=between(
            1,
            120,
            _("Keep it at least a month after a pair ends."),
            _("Keep it at most 120 months (ten years)."),
        ),
        help_text=_(
            "After this many months, what a closed pair wrote (agreement, meetings, "
            "reflections, action plan, closure) is erased; counts for reports stay."
        ),
    )
    # Program health (mentoring/health): when pulse surveys open, a target, anonymity.
    pulse_first_after_days = models.PositiveSmallIntegerField(
        _("first pulse survey (days after a pair starts)"),
        default=30,
        validators=between(7, 365, _("At least 7 days."), _("At most 365 days.")),
        help_text=_(
            "Each member rates how the relationship is going, then again at the interval."
        ),
    )
    pulse_every_days = models.PositiveSmallIntegerField(
        _("then a pulse survey every (days)"),
        default=60,
        validators=between(14, 365, _("At least 14 days."), _("At most 365 days.")),
    )
    target_meetings = models.PositiveSmallIntegerField(
        _("meetings each pair should hold"),
        default=6,
        validators=between(1, 52, _("At least 1 meeting."), _("At most 52 meetings.")),
        help_text=_("The health report counts the pairs that reach it."),
    )
    anonymity_threshold = models.PositiveSmallIntegerField(
        _("fewest answers behind a report figure"),
        default=5,
        validators=between(3, 50, _("At least 3 answers."), _("At most 50 answers.")),
        help_text=_("A figure built from people's answers shows only when this many answered."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # An archived program is over and read-only: still reported on, but it takes no new pairs,
    # requests, invitations or members (`check_not_archived`).
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ProgramQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="program_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(enrolment_deadline__isnull=True)
                | Q(enrolment_deadline__gte=F("starts_on"), enrolment_deadline__lte=F("ends_on")),
                name="program_enrolment_deadline_within_its_dates",
            ),
            models.CheckConstraint(
                condition=Q(anonymity_threshold__gte=3), name="program_anonymity_at_least_3"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programs:program", args=[self.pk])

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def check_not_archived(self) -> None:
        """The one guard of every change an archived program refuses."""
        if self.is_archived:
            message = gettext(
                "%(program)s is archived: it takes no new pairs, requests, invitations or members."
            )
            raise ValidationError(message % {"program": self})

    def archive(self) -> None:
        if self.is_archived:
            raise ValidationError(gettext("%(program)s is archived already.") % {"program": self})
        self.archived_at = timezone.now()
        self.save(update_fields=["archived_at"])

    def clean(self):
        if not (self.starts_on and self.ends_on):
            return
        if self.ends_on < self.starts_on:
            message = gettext("The end date must be on or after the start date.")
            raise ValidationError({"ends_on": message})
        deadline = self.enrolment_deadline
        if deadline and not self.starts_on <= deadline <= self.ends_on:
            dates = {"start": short_date(self.starts_on), "end": short_date(self.ends_on)}
            message = gettext(
                "The enrolment deadline must fall within the program's dates, from %(start)s "
                "to %(end)s."
            )
            raise ValidationError({"enrolment_deadline": message % dates})


class ParticipantQuerySet(models.QuerySet):
    def roles_held(self, program, people) -> set[tuple[int, str]]:
        """(user id, role) for each role these people hold in the program, in one query: the
        one place that says who may be a pair's mentor and mentee."""
        return set(self.filter(program=program, user__in=people).values_list("user_id", "role"))


class Participant(models.Model):
    """A person's role in a program: someone can be a mentee in one and a mentor in another."""

    class Role(models.TextChoices):
        MENTEE = "mentee", _("Mentee")
        MENTOR = "mentor", _("Mentor")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="participations",
    )
    role = models.CharField(max_length=10, choices=Role)
    joined_at = models.DateTimeField(auto_now_add=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["program", "role", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "user", "role"],
                name="participant_one_role_entry_per_program",
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.program})"


class Phase(models.TextChoices):
    PREPARING = "preparing", _("Preparing")
    NEGOTIATING = "negotiating", _("Negotiating")
    ENABLING = "enabling", _("Enabling")
    CLOSURE = "closure", _("Closure")


PHASE_ORDER = list(Phase)


class PhaseTransitionError(Exception):
    """Raised when a mentorship is asked to move to a phase it cannot reach from where it is."""


class MentorshipQuerySet(models.QuerySet):
    def open(self):
        return self.filter(ended_at__isnull=True)

    def ended(self):
        """Past pairs: closed, read-only, kept for their members."""
        return self.filter(ended_at__isnull=False)

    def past_retention(self, now: datetime.datetime):
        """Ended pairs whose writing has outlived their program's retention period (calendar
        months after the moment they ended), and is still there to erase."""
        periods = Program.objects.values_list("retention_months", flat=True).distinct()
        outlived = Q(pk__in=[])
        for months in periods.order_by():
            outlived |= Q(
                program__retention_months=months, ended_at__lte=months_before(now, months)
            )
        return self.filter(outlived, writing_erased_at__isnull=True, ended_at__isnull=False)

    def of_member(self, user):
        """The pairs the user is the mentor or the mentee of (not those they coordinate)."""
        return self.filter(Q(mentor=user) | Q(mentee=user))

    def visible_to(self, user):
        """The one access rule for pairs: their mentor, mentee and program coordinators."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(mentor=user)
            | Q(mentee=user)
            | Q(program__in=Program.objects.coordinated_by(user).values("pk"))
        )

    def with_people(self):
        return self.select_related("program", "mentor", "mentee")

    def as_cards(self):
        """With their people, reading only what a pair's card or row shows: the SQL for every
        column of two people and a program costs a list page more than running it."""
        return self.with_people().only(
            "program__name",
            "mentor__full_name",
            "mentor__email",
            "mentee__full_name",
            "mentee__email",
            "phase",
            "started_at",
            "ended_at",
        )


class Mentorship(models.Model):
    """A mentor and a mentee in a program, going through the toolkit's four phases."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="mentorships")
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="mentorships_as_mentor",
    )
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="mentorships_as_mentee",
    )
    phase = models.CharField(max_length=12, choices=Phase, default=Phase.PREPARING)
    started_at = models.DateTimeField(default=timezone.now)
    phase_changed_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    # Set when the retention sweep erased the pair's writing, its program's retention period
    # after it ended: the pair, its dates and its counts stay for reports.
    writing_erased_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = MentorshipQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(mentor=F("mentee")),
                name="mentorship_mentor_is_not_mentee",
                violation_error_message=_("A person cannot mentor themselves."),
            ),
            models.UniqueConstraint(
                fields=["program", "mentor", "mentee"],
                condition=Q(ended_at__isnull=True),
                name="mentorship_one_open_per_pair_and_program",
                violation_error_message=_(
                    "This mentor and mentee already have an open mentorship in this program."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("started_at")),
                name="mentorship_ends_after_it_starts",
            ),
        ]
        indexes = [models.Index(fields=["program", "phase"])]

    def __str__(self):
        return f"{self.mentor} mentoring {self.mentee}"

    def get_absolute_url(self):
        return reverse("programs:mentorship", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.ended_at is None

    @property
    def phase_number(self) -> int:
        return PHASE_ORDER.index(self.phase) + 1

    def has_member(self, user) -> bool:
        return user.pk in (self.mentor_id, self.mentee_id)

    def partner_of(self, user):
        return self.mentee if user.pk == self.mentor_id else self.mentor

    def role_of(self, user) -> Participant.Role | None:
        """The user's role in this pair; None for anyone else, coordinators included."""
        if user.pk == self.mentee_id:
            return Participant.Role.MENTEE
        if user.pk == self.mentor_id:
            return Participant.Role.MENTOR
        return None

    def clean(self):
        if not (self.program_id and self.mentor_id and self.mentee_id):
            return
        if self.mentor_id == self.mentee_id:
            raise ValidationError({"mentee": gettext("A person cannot mentor themselves.")})
        if self.is_open:
            self.program.check_not_archived()
        roles = Participant.objects.roles_held(self.program_id, [self.mentor_id, self.mentee_id])
        errors, names = {}, {"mentor": self.mentor, "mentee": self.mentee, "program": self.program}
        if (self.mentor_id, Participant.Role.MENTOR) not in roles:
            errors["mentor"] = gettext("%(mentor)s is not a mentor in %(program)s.") % names
        elif self.is_open and self.mentor_is_at_capacity():
            message = gettext("%(mentor)s has no room for another mentee at the moment.")
            errors["mentor"] = message % names
        if (self.mentee_id, Participant.Role.MENTEE) not in roles:
            errors["mentee"] = gettext("%(mentee)s is not a mentee in %(program)s.") % names
        if errors:
            raise ValidationError(errors)

    def mentor_is_at_capacity(self) -> bool:
        others = Mentorship.objects.open().filter(mentor_id=self.mentor_id).exclude(pk=self.pk)
        return others.count() >= self.mentor.mentee_capacity

    def _move_to(self, phase: Phase, *, allowed_from: Phase):
        if not self.is_open:
            closed = gettext("This mentorship is closed; it can no longer change.")
            raise PhaseTransitionError(closed)
        if self.phase != allowed_from:
            message = gettext(
                "A mentorship moves to %(phase)s from %(previous)s, but this one is in "
                "%(current)s."
            )
            phases = {"phase": phase.label, "previous": allowed_from.label}
            raise PhaseTransitionError(message % {**phases, "current": self.get_phase_display()})
        self.phase = phase
        self.phase_changed_at = timezone.now()
        self.save(update_fields=["phase", "phase_changed_at"])

    def start_negotiating(self):
        self._move_to(Phase.NEGOTIATING, allowed_from=Phase.PREPARING)

    def start_enabling(self):
        self._move_to(Phase.ENABLING, allowed_from=Phase.NEGOTIATING)

    def start_closure(self):
        self._move_to(Phase.CLOSURE, allowed_from=Phase.ENABLING)

    def close(self):
        """End the relationship; from then on it is read-only."""
        if not self.is_open:
            raise PhaseTransitionError(gettext("This mentorship is already closed."))
        self.phase = Phase.CLOSURE
        self.ended_at = timezone.now()
        self.phase_changed_at = self.ended_at
        self.save(update_fields=["phase", "ended_at", "phase_changed_at"])
