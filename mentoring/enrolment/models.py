"""Invitations into a program: a person joins a program only when they accept.

A coordinator's import invites everyone the same way, whether their address already has an
account or not, so nothing the coordinator sees tells them who uses the toolkit elsewhere. An
invitation lives while it waits for an answer: accepting makes the person a participant,
declining forgets it.

A program's join link lets anyone holding it join (JoinLink); where its coordinators approve who
joins, the person waits as a JoinRequest.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.adapter import email_domain
from accounts.models import User
from mentoring.lib.text import validate_single_line
from mentoring.programs.models import Participant, Program


class ProgramInvitationQuerySet(models.QuerySet):
    def to(self, user):
        """The user's own invitations, with what a list of them shows."""
        return self.filter(user=user).select_related("program", "invited_by")


class ProgramInvitation(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="program_invitations"
    )
    role = models.CharField(max_length=10, choices=Participant.Role)
    # What the coordinator's file said: it fills an empty department on the person's profile
    # once they accept, never before.
    department = models.CharField(
        max_length=User._meta.get_field("department").max_length,
        blank=True,
        validators=[validate_single_line],
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProgramInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "user", "role"],
                name="invitation_one_per_role_and_program",
            ),
        ]

    def __str__(self):
        return f"{self.user} invited as a {self.get_role_display().lower()} to {self.program}"


def hash_join_token(token: str) -> str:
    """A join link's secret is kept only as its SHA-256, like a calendar feed's."""
    return hashlib.sha256(token.encode()).hexdigest()


class JoinLinkQuerySet(models.QuerySet):
    def live(self):
        """Not revoked (an expired link is still the program's link: it says it expired)."""
        return self.filter(revoked_at__isnull=True)


class JoinLink(models.Model):
    """A program's shareable link: whoever opens it may join the program, within its limits.

    A program has at most one live link; making a new one revokes the old.
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="join_links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("works until"), null=True, blank=True)
    # Lower-case domains (`vch.ca`); empty means any address.
    allowed_domains = models.JSONField(default=list, blank=True)
    needs_approval = models.BooleanField(
        _("coordinators approve who joins"),
        default=False,
        help_text=_("People who join by the link wait for a coordinator's approval."),
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = JoinLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["program"],
                condition=models.Q(revoked_at__isnull=True),
                name="join_link_one_live_per_program",
            ),
        ]

    def __str__(self):
        return f"Join link to {self.program}"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    def admits_email(self, email: str) -> bool:
        return not self.allowed_domains or email_domain(email) in self.allowed_domains


class JoinRequestQuerySet(models.QuerySet):
    def for_coordinators(self):
        """What the pending-joins list shows: the person, in one query with the request."""
        return self.select_related("user").order_by("created_at", "pk")


class JoinRequest(models.Model):
    """Someone who joined by a link and waits for a coordinator's approval.

    It lives while it waits: approving makes the person a participant, declining forgets it.
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    role = models.CharField(max_length=10, choices=Participant.Role)
    link = models.ForeignKey(JoinLink, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = JoinRequestQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "user"], name="join_request_one_per_person_and_program"
            ),
        ]

    def __str__(self):
        return f"{self.user} asking to join {self.program} as a {self.get_role_display().lower()}"


class CoordinatorInvitationQuerySet(models.QuerySet):
    def to(self, user):
        """The user's own invitations to co-coordinate, with what a list of them shows."""
        return self.filter(user=user).select_related("program", "invited_by")


class CoordinatorInvitation(models.Model):
    """An invitation to co-coordinate a program, for an existing account, waiting for its
    answer. Its program's coordinators never see it: for an address without an account there
    is none, so listing them would tell who has an account."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="coordinator_invitations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coordinator_invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CoordinatorInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "user"], name="coordinator_invitation_one_per_program"
            ),
        ]

    def __str__(self):
        return f"{self.user} invited to coordinate {self.program}"
