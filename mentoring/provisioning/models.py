"""What an organisation's directory keeps here through SCIM: the tokens it calls us with,
which of our accounts it manages, its groups, and which groups give roles in which program."""

import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentoring.lib.text import validate_single_line
from mentoring.programs.models import Participant, Program


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ProvisioningTokenQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked_at__isnull=True)

    def matching(self, secret: str):
        """The live token whose secret this is, if any: looked up by its digest, which is all
        we keep, so a copy of the database holds nothing a directory could call us with."""
        return self.usable().filter(digest=digest(secret)).first()


class ProvisioningToken(models.Model):
    """A bearer token for one identity provider's SCIM client (Entra ID, Okta)."""

    name = models.CharField(
        _("identity provider"),
        max_length=100,
        validators=[validate_single_line],
        help_text=_("Whose directory calls with this token, for example “Entra ID”."),
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, editable=False
    )
    last_used_at = models.DateTimeField(null=True, editable=False)
    revoked_at = models.DateTimeField(null=True, editable=False)

    objects = ProvisioningTokenQuerySet.as_manager()

    class Meta:
        ordering = ["name", "-created_at"]
        verbose_name = _("provisioning token")

    def __str__(self):
        return self.name

    def issue(self) -> str:
        """Give the token a new secret and return it: shown once, never stored."""
        secret = secrets.token_urlsafe(32)
        self.digest = digest(secret)
        return secret

    def revoke(self) -> None:
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class ProvisionedAccount(models.Model):
    """One of our accounts that a directory manages: its SCIM id, and the directory's own
    names for the person (`externalId`, `userName`), which it looks people up by."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provisioned"
    )
    scim_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    external_id = models.CharField(max_length=255, blank=True, validators=[validate_single_line])
    user_name = models.CharField(max_length=255, validators=[validate_single_line])
    # Kept apart from the profile's one name, so that a PATCH of one of them rebuilds it.
    given_name = models.CharField(max_length=150, blank=True, validators=[validate_single_line])
    family_name = models.CharField(max_length=150, blank=True, validators=[validate_single_line])
    token = models.ForeignKey(ProvisioningToken, on_delete=models.SET_NULL, null=True)
    # When the directory turned the account off (`active: false`): only then may it turn it on.
    deactivated_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(Lower("user_name"), name="provisioned_user_name_unique_ci")
        ]

    def __str__(self):
        return self.user_name


class DirectoryGroup(models.Model):
    """A group in the organisation's directory, with its members among our accounts."""

    scim_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    external_id = models.CharField(max_length=255, blank=True, validators=[validate_single_line])
    display_name = models.CharField(_("name"), max_length=255, validators=[validate_single_line])
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="directory_groups", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["display_name"]
        verbose_name = _("directory group")

    def __str__(self):
        return self.display_name


class ProgramGroup(models.Model):
    """A coordinator's setting: members of the directory group named here are the program's
    mentees, or its mentors. Named rather than chosen, so it can be set before the directory
    first sends the group; names match without regard to case, as directories treat them."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="groups")
    group_name = models.CharField(
        _("directory group"),
        max_length=255,
        validators=[validate_single_line],
        help_text=_("The group's name exactly as your identity provider shows it."),
    )
    role = models.CharField(_("its members are"), max_length=10, choices=Participant.Role)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["group_name", "role"]
        constraints = [
            models.UniqueConstraint(
                "program",
                Lower("group_name"),
                "role",
                name="program_group_once_per_role",
                violation_error_message=_("This group already gives that role in this program."),
            )
        ]

    def __str__(self):
        return f"{self.group_name} → {self.get_role_display()} ({self.program})"


class DirectoryRole(models.Model):
    """Says that a program role was given by a directory group, so that leaving the group
    takes away only roles the directory gave, never one a coordinator or an invitation did."""

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="directory_role"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.participant} (from the directory)"
