"""The access and change log: who did what, when, about whom and from where; never the words
anyone wrote. Rows are only ever added (retention prunes the oldest, `AccessEventQuerySet.prune`).

The log refers to programs and pairs by id without a database constraint, so that erasing or
deleting them never deletes or rewrites their history, and this app imports no phase.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    PAIR_VIEWED = "pair_viewed", _("Opened a pair's page")
    PDF_DOWNLOADED = "pdf_downloaded", _("Downloaded a PDF")
    CSV_DOWNLOADED = "csv_downloaded", _("Downloaded a CSV")
    ENROLLED = "enrolled", _("Enrolled someone in a program")
    REMOVED = "removed", _("Removed someone from a program")
    PAIRED = "paired", _("Paired a mentor and a mentee")
    CLOSED_BY_COORDINATOR = "closed_by_coordinator", _("Closed a pair as coordinator")
    AGREEMENT_SIGNED = "agreement_signed", _("Signed an agreement")
    AGREEMENT_VOIDED = "agreement_voided", _("Voided an agreement's signatures")
    ACCOUNT_DELETED = "account_deleted", _("Deleted an account")
    DATA_EXPORT_REQUESTED = "data_export_requested", _("Asked for a copy of their data")
    DATA_EXPORT_DOWNLOADED = "data_export_downloaded", _("Downloaded a copy of their data")
    SIGNED_IN = "signed_in", _("Signed in")
    ADMIN_SIGNED_IN = "admin_signed_in", _("Signed in to the admin")
    SIGN_IN_FAILED = "sign_in_failed", _("Failed to sign in")
    LOG_EXPORTED = "log_exported", _("Downloaded the access log")
    RETENTION_ERASED = "retention_erased", _("Erased writing past its retention period")
    PROVIDER_MESSAGE_REFUSED = "provider_refused", _("Refused a message from an identity provider")
    ACCOUNT_PROVISIONED = "account_provisioned", _("Added an account from the directory")
    ACCOUNT_DEACTIVATED = "account_deactivated", _("Deactivated an account")
    ACCOUNT_REACTIVATED = "account_reactivated", _("Reactivated an account")
    PROVISIONING_REFUSED = "provisioning_refused", _("Refused a provisioning request")


# What a pair's members see of the log about them: others looking, and downloads about them.
SEEN_BY_OTHERS = [Action.PAIR_VIEWED, Action.PDF_DOWNLOADED, Action.CSV_DOWNLOADED]


class AppendOnlyError(Exception):
    """The log is never edited or deleted row by row."""


class AccessEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Access events are never changed.")

    def delete(self):
        raise AppendOnlyError("Access events are deleted only by `prune`, past their retention.")

    def with_people(self):
        return self.select_related("actor", "subject", "program")

    def about_pair_by_others(self, mentorship):
        """What the pair's members may see: people outside the pair (coordinators, staff)
        opening its pages or downloading its PDFs, the program's CSV while the pair existed,
        and any export about either member by someone else."""
        members = [mentorship.mentor_id, mentorship.mentee_id]
        while_paired = Q(at__gte=mentorship.started_at)
        if mentorship.ended_at is not None:
            while_paired &= Q(at__lte=mentorship.ended_at)
        return self.filter(
            Q(mentorship_id=mentorship.pk, action__in=SEEN_BY_OTHERS)
            | Q(program_id=mentorship.program_id, action=Action.CSV_DOWNLOADED) & while_paired
            | Q(subject_id__in=members, action=Action.DATA_EXPORT_DOWNLOADED)
        ).exclude(Q(actor_id__in=members) | Q(actor__isnull=True))

    def prune(self, before) -> int:
        """Remove the events older than `before`: the log's own retention, and its only delete."""
        return models.QuerySet.delete(self.filter(at__lt=before))[0]


class AccessEvent(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=30, choices=Action, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "Who did it; empty for the system (the retention sweep) or an unknown person."
        ),
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "Whom it was about, when not the pair: the person enrolled, removed or deleted."
        ),
    )
    program = models.ForeignKey(
        "programs.Program",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    mentorship = models.ForeignKey(
        "programs.Mentorship",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    # What was opened or done, in our words: a page's URL name, a document's kind, counts.
    # Never text that someone wrote.
    detail = models.CharField(max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AccessEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["mentorship", "-at"]),
            models.Index(fields=["actor", "-at"]),
            models.Index(fields=["subject", "-at"]),
            models.Index(fields=["program", "-at"]),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Access events are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Access events are deleted only by `prune`, past their retention.")
