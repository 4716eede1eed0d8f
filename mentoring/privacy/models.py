"""A person's copies of their data: asked for on the "Your data" page, built by the worker.

The file lives in the `exports` storage (settings.STORAGES), never with public media: only the
download view serves it, to its owner, for a day (`EXPORT_LIFETIME`); `delete_expired_exports`
then removes it. A row says nothing of what the copy holds: its owner, status, dates and size.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, pgettext_lazy

from mentoring.lib.text import validate_single_line

EXPORT_LIFETIME = datetime.timedelta(days=1)
# A str, as the constraint holds it; shown through gettext (services.ExportRunning).
RUNNING_MESSAGE = gettext_noop("Your copy is being prepared; we will email you when it is ready.")


class DataExportQuerySet(models.QuerySet):
    def of(self, user):
        """The one access rule: a copy is its owner's alone, staff included."""
        return self.filter(user=user) if user.is_authenticated else self.none()

    def running(self):
        return self.filter(status__in=DataExport.RUNNING)

    def expired(self, now: datetime.datetime):
        """Ready copies past their day, whose file is still kept."""
        return self.filter(status=DataExport.Status.READY, expires_at__lte=now).exclude(
            file_name=""
        )


class DataExport(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("copy of data", "Waiting to be prepared")
        BUILDING = "building", pgettext_lazy("copy of data", "Being prepared")
        READY = "ready", pgettext_lazy("copy of data", "Ready")
        FAILED = "failed", pgettext_lazy("copy of data", "Failed")

    class Failure(models.TextChoices):
        # What the person reads on "Your data" and in the email: what went wrong, never what
        # the copy held.
        DISK_FULL = "disk_full", _("there was no room left on our server to store it")
        ERROR = "error", _("something went wrong while we prepared it")
        STOPPED = "stopped", _("its preparation stopped before it was finished")

    RUNNING = [Status.QUEUED, Status.BUILDING]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    # The file's name in the `exports` storage, blank once deleted; our name, never typed.
    file_name = models.CharField(max_length=200, blank=True, validators=[validate_single_line])
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    failure = models.CharField(max_length=10, choices=Failure, blank=True)

    objects = DataExportQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status__in=["queued", "building"]),
                name="data_export_one_running_per_user",
                violation_error_message=RUNNING_MESSAGE,
            ),
            models.CheckConstraint(
                condition=~Q(status="ready")
                | Q(finished_at__isnull=False, expires_at__isnull=False),
                name="data_export_ready_has_dates",
            ),
        ]

    def __str__(self):
        return f"Data export of {self.user} ({self.get_status_display()})"

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED

    def is_expired(self, now: datetime.datetime | None = None) -> bool:
        """Ready once, and past its day (its file deleted, or about to be)."""
        return self.status == self.Status.READY and (
            not self.file_name or self.expires_at <= (now or timezone.now())
        )

    def is_downloadable(self, now: datetime.datetime | None = None) -> bool:
        return self.status == self.Status.READY and not self.is_expired(now)
