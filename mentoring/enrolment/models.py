"""Invitations into a program: a person joins a program only when they accept.

A coordinator's import invites everyone the same way, whether their address already has an
account or not, so nothing the coordinator sees tells them who uses the toolkit elsewhere. An
invitation lives while it waits for an answer: accepting makes the person a participant,
declining forgets it.
"""

from django.conf import settings
from django.db import models

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
