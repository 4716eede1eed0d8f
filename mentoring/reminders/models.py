"""Reminder emails: one row per reminder owed to a person, and the kinds each person turned off.

A reminder row is written by the sweep (`services.sweep`) when something falls due; the
unique (kind, recipient, key) rule is what makes "never the same reminder twice" hold even
when two sweeps run at once. The row then moves pending -> sending -> sent (or back to
pending after a failed send, until `MAX_ATTEMPTS`, then failed).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Kind(models.TextChoices):
    MEETING_TOMORROW = "meeting_tomorrow", _("A meeting tomorrow")
    STEP_DUE_SOON = "step_due_soon", _("An action step of yours due in three days")
    STEP_OVERDUE = "step_overdue", _("An action step of yours that is overdue")
    SIGNATURE_WAITING = "signature_waiting", _("The agreement waiting for your signature")
    CHECK_IN_DUE = "check_in_due", _("The mid-way check-in, when it is due")
    REFLECTION_MISSING = "reflection_missing", _("Your 3-2-1 reflection, two days after a meeting")
    PULSE_DUE = "pulse_due", _("A pulse survey on how it is going, when one opens")
    AT_RISK_DIGEST = "at_risk_digest", _("The weekly list of pairs at risk (for coordinators)")


class Reminder(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("reminder", "Pending")
        SENDING = "sending", pgettext_lazy("reminder", "Sending")
        SENT = "sent", pgettext_lazy("reminder", "Sent")
        FAILED = "failed", pgettext_lazy("reminder", "Failed")
        SKIPPED = "skipped", pgettext_lazy("reminder", "No longer due")

    kind = models.CharField(max_length=20, choices=Kind)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    # What the reminder is about, stable across sweeps: "step:45:2026-11-27" (a step moved to
    # a new date, or a meeting to a new time, is a new occurrence), "signature:8",
    # "program:7:2026-W48". With kind and recipient it names one occurrence.
    key = models.CharField(max_length=100)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # The batch that claimed the row for sending; a send only touches the rows of its claim.
    claim = models.UUIDField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "recipient", "key"], name="reminder_once_per_occurrence"
            ),
        ]
        indexes = [
            models.Index(
                fields=["status", "claimed_at"],
                condition=Q(status__in=["pending", "sending"]),
                name="reminder_to_send",
            ),
            models.Index(fields=["claim"], name="reminder_claim"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.recipient} ({self.key})"

    @property
    def subject_id(self) -> int:
        """The id of the meeting, step, signature, pair or program the key names."""
        return int(self.key.split(":")[1])


class OptOut(models.Model):
    """A person who does not want one kind of reminder."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_opt_outs"
    )
    kind = models.CharField(max_length=20, choices=Kind)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="opt_out_once_per_kind"),
        ]

    def __str__(self):
        return f"{self.user} turned off: {self.get_kind_display()}"
