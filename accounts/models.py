import datetime
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from mentoring.lib.text import validate_multiline, validate_single_line

FORMER_PARTICIPANT = gettext_noop("Former participant")  # stored in English, shown translated


def shown_name(name: str) -> str:
    """A stored name as a page, export or email shows it: an erased person's in the reader's
    language (names read straight from the columns, typed signatures, come through here)."""
    return gettext(FORMER_PARTICIPANT) if name == FORMER_PARTICIPANT else name


def default_time_zone() -> str:
    return settings.TIME_ZONE


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


def zone_or_sites(name: str) -> datetime.tzinfo:
    """The named zone, or the site's when the tz database does not know it: a blank name, or
    a zone removed from a newer release. One person's stale zone must not fail a page or a
    sweep that is for everyone."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.get_default_timezone()


def validate_time_zone(value: str) -> None:
    # Checked against the installed tz database, not a frozen list, so migrations do not carry
    # hundreds of choices that change with every tzdata release.
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not a time zone we know."), code="invalid", params={"value": value}
        )


class UserQuerySet(models.QuerySet):
    def taking_requests(self, today: datetime.date | None = None):
        """Active, open to mentoring, and not pausing new requests on that day (a pause with a
        return date ends by itself on that date): the rule `User.is_taking_requests` says."""
        today = today or timezone.localdate()
        return self.filter(is_active=True, open_to_mentoring=True).filter(
            Q(requests_paused=False) | Q(requests_back_on__lte=today)
        )


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person in the toolkit: signs in with their email address, no username."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(
        _("name"), max_length=150, blank=True, validators=[validate_single_line]
    )
    job_title = models.CharField(max_length=150, blank=True, validators=[validate_single_line])
    department = models.CharField(
        _("department or site"),
        max_length=150,
        blank=True,
        db_index=True,
        validators=[validate_single_line],
    )
    bio = models.TextField(
        _("short bio"),
        max_length=1000,
        blank=True,
        validators=[validate_multiline],
        help_text=_("A few sentences about your work and what you care about (1,000 characters)."),
    )
    expertise = models.TextField(
        _("areas of expertise"),
        max_length=1000,
        blank=True,
        validators=[validate_multiline],
        help_text=_("Mentors: the topics you can help with, separated by commas."),
    )
    growth_areas = models.TextField(
        _("areas I want to grow in"),
        max_length=1000,
        blank=True,
        validators=[validate_multiline],
        help_text=_(
            "Mentees: the topics you would like a mentor's help with, separated by commas. "
            "Coordinators use them to suggest mentors."
        ),
    )
    open_to_mentoring = models.BooleanField(
        _("open to mentoring"),
        default=False,
        help_text=_("Show me to mentees looking for a mentor."),
    )
    mentee_capacity = models.PositiveSmallIntegerField(
        _("how many mentees I can take"),
        default=1,
        validators=[MaxValueValidator(10, _("You can take at most 10 mentees at once."))],
        help_text=_("Open mentorships you can hold at once (0 to 10)."),
    )
    requests_paused = models.BooleanField(
        _("pause new requests"),
        default=False,
        help_text=_(
            "Mentees cannot ask you while you pause, and requests waiting for your answer are "
            "declined kindly. Your mentees now are not affected."
        ),
    )
    requests_back_on = models.DateField(
        _("taking requests again on"),
        null=True,
        blank=True,
        help_text=_(
            "Optional: the pause ends by itself on this day. Leave it empty to pause "
            "until you resume."
        ),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text=_("Meeting times are shown, and entered, in this time zone."),
    )
    language = models.CharField(  # noqa: DJ001 (why: below)
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        # Null for "not chosen": SQLite adds a nullable column in place, where a NOT NULL one
        # rebuilds the user table and trips the triggers that read it (programs' capacity).
        null=True,
        help_text=_("Of your pages and of the emails you get. Empty: your browser's language."),
    )

    # Set when the person deleted their account: the row stays, nameless, so that what their
    # partners still hold (agreements, meetings, shared reflections) keeps its attribution.
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        ordering = ["full_name", "email"]
        constraints = [
            models.CheckConstraint(
                condition=Q(mentee_capacity__lte=10),
                name="user_mentee_capacity_at_most_10",
            ),
            models.CheckConstraint(
                condition=Q(requests_paused=True) | Q(requests_back_on__isnull=True),
                name="user_requests_back_on_only_when_paused",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return shown_name(self.full_name) or self.email

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name

    def requests_paused_on(self, day: datetime.date) -> bool:
        """Whether new requests are paused on that day: until the return date, if any."""
        return self.requests_paused and (
            self.requests_back_on is None or self.requests_back_on > day
        )

    def erase(self) -> None:
        """Keep the row, so that what partners hold stays attributed, and nothing else: the
        name reads "Former participant" everywhere it is shown (pages, PDFs, SQL that
        annotates names), the address is a placeholder, and the account cannot sign in. The
        changed password hash ends every session the person still had."""
        self.email = f"erased-{self.pk}@erased.invalid"
        self.full_name = FORMER_PARTICIPANT
        for name in ["job_title", "department", "bio", "expertise", "growth_areas"]:
            setattr(self, name, "")
        self.open_to_mentoring = False
        self.requests_paused = False
        self.requests_back_on = None
        self.time_zone = default_time_zone()
        self.is_active = self.is_staff = self.is_superuser = False
        self.set_unusable_password()
        self.last_login = None
        self.erased_at = timezone.now()
        self.save()
        self.groups.clear()
        self.user_permissions.clear()

    @property
    def is_taking_requests(self) -> bool:
        """Active, open to mentoring and not pausing today (`User.objects.taking_requests()`)."""
        return (
            self.is_active
            and self.open_to_mentoring
            and not self.requests_paused_on(timezone.localdate())
        )

    @property
    def expertise_list(self) -> list[str]:
        return split_topics(self.expertise)

    @property
    def growth_areas_list(self) -> list[str]:
        return split_topics(self.growth_areas)


def split_topics(text: str) -> list[str]:
    """The topics of a comma-separated list, as written, without empty ones."""
    return [topic.strip() for topic in text.split(",") if topic.strip()]
