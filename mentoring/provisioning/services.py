"""What a directory's SCIM calls do here: accounts made, linked, changed, deactivated and
deleted, and program roles given and taken with the directory's groups.

A person's leaving goes through the data-rights rules (`privacy.departure`,
`privacy.erasure`), so a deactivated account ends its pairs as "participant left" and keeps
everything, and a deleted one is erased as if the person had deleted it themselves.
"""

import dataclasses

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.models import User
from mentoring.audit.log import record
from mentoring.audit.models import Action
from mentoring.enrolment.participants import open_pairs_of, remove_participant
from mentoring.privacy.departure import deactivate_account, reactivate_account
from mentoring.privacy.erasure import erase_account
from mentoring.programs.models import Participant, Program
from mentoring.provisioning.models import (
    DirectoryGroup,
    DirectoryRole,
    ProgramGroup,
    ProvisionedAccount,
    ProvisioningToken,
)

# The profile fields a directory fills, by our field name.
PROFILE_FIELDS = ["full_name", "job_title", "department", "language", "time_zone"]
# Ours, as a directory's log should name them.
SCIM_NAMES = {
    "email": "emails",
    "full_name": "displayName",
    "job_title": "title",
    "department": "department",
    "language": "preferredLanguage",
    "time_zone": "timezone",
    "user_name": "userName",
    "external_id": "externalId",
    "given_name": "name.givenName",
    "family_name": "name.familyName",
}


class ProvisioningError(Exception):
    """A change refused, with what to tell the directory: the HTTP status and SCIM's error
    type (RFC 7644, section 3.12)."""

    def __init__(self, message: str, *, status: int = 400, scim_type: str = "invalidValue"):
        super().__init__(message)
        self.status = status
        self.scim_type = scim_type


@dataclasses.dataclass
class Profile:
    """What a directory says about a person, in our terms. None: it did not say, and what we
    have stays (a directory that does not send a title must not blank the one typed here)."""

    user_name: str
    email: str
    external_id: str = ""
    given_name: str | None = None
    family_name: str | None = None
    display_name: str | None = None
    job_title: str | None = None
    department: str | None = None
    language: str | None = None
    time_zone: str | None = None
    active: bool | None = None  # None: a new account is active, a known one unchanged

    @property
    def full_name(self) -> str | None:
        if self.display_name:
            return self.display_name
        parts = [part for part in (self.given_name, self.family_name) if part]
        return " ".join(parts) if parts else None


def field_errors(model, values: dict, names: dict) -> list[str]:
    """Each value checked by the model field's own rules, its errors under the SCIM name."""
    errors = []
    for field, value in values.items():
        try:
            model._meta.get_field(field).clean(value, None)
        except ValidationError as error:
            errors.append(f"{names.get(field, field)}: {' '.join(error.messages)}")
    return errors


def _checked(profile: Profile) -> dict:
    """The profile fields to set, each checked by the model field's own rules."""
    values = {"email": User.objects.normalize_email(profile.email.strip())}
    for name in PROFILE_FIELDS:
        value = getattr(profile, name)
        if value is not None:
            values[name] = value.strip()
    account = {
        "user_name": profile.user_name,
        "external_id": profile.external_id,
        "given_name": profile.given_name or "",
        "family_name": profile.family_name or "",
    }
    errors = field_errors(User, values, SCIM_NAMES) + field_errors(
        ProvisionedAccount, account, SCIM_NAMES
    )
    if errors:
        raise ProvisioningError(" ".join(errors))
    return values


def check_group_name(display_name: str, external_id: str = "") -> None:
    errors = field_errors(
        DirectoryGroup,
        {"display_name": display_name, "external_id": external_id},
        {"display_name": "displayName", "external_id": "externalId"},
    )
    if errors:
        raise ProvisioningError(" ".join(errors))


def _check_user_name_free(user_name: str, account: ProvisionedAccount | None = None) -> None:
    taken = ProvisionedAccount.objects.filter(user_name__iexact=user_name)
    if account is not None:
        taken = taken.exclude(pk=account.pk)
    if taken.exists():
        raise ProvisioningError(
            "A user with this userName exists already.", status=409, scim_type="uniqueness"
        )


def conflict(message: str) -> ProvisioningError:
    return ProvisioningError(message, status=409, scim_type="uniqueness")


def _check_address_free(email: str, user: User | None) -> None:
    """No other account may have the address, as its own or as a verified second one."""
    others = User.objects.filter(email__iexact=email)
    addresses = EmailAddress.objects.filter(email__iexact=email)
    if user is not None:
        others, addresses = others.exclude(pk=user.pk), addresses.exclude(user=user)
    if others.exists() or addresses.filter(verified=True).exists():
        raise conflict("Another account has this address already.")


def _check_manageable(user: User) -> None:
    """Staff accounts are never the directory's: it could otherwise take over the site's
    administration by changing their address, or shut it out."""
    if user.is_staff or user.is_superuser:
        raise ProvisioningError(
            "This is a staff account of the site, which provisioning does not manage.",
            status=409,
            scim_type="mutability",
        )


def _set_address(user: User, email: str) -> None:
    """The directory's address becomes the account's, verified: it is the organisation's."""
    EmailAddress.objects.filter(user=user).exclude(email__iexact=email).delete()
    EmailAddress.objects.update_or_create(
        user=user,
        email__iexact=email,
        defaults={"email": email, "primary": True, "verified": True},
    )


def _set_active(account: ProvisionedAccount, active: bool) -> None:
    """Deactivate, or undo the directory's own deactivation: never one the site's staff
    made (the account was turned off here, and only they turn it back on)."""
    user, detail = account.user, account.token.name if account.token else ""
    if active:
        if account.deactivated_at is None:
            raise ProvisioningError(
                "The site's staff turned this account off; only they can turn it back on.",
                status=409,
                scim_type="mutability",
            )
        reactivate_account(user=user, detail=detail)
        account.deactivated_at = None
    else:
        deactivate_account(user=user, detail=detail)
        user.is_active = False
        account.deactivated_at = timezone.now()
    account.save(update_fields=["deactivated_at", "updated_at"])


@transaction.atomic
def provision(*, token: ProvisioningToken, profile: Profile) -> ProvisionedAccount:
    """A directory's new user: an account made for them, or the one they already have here
    linked by its address. Staff accounts, and accounts the site's staff turned off, are not
    the directory's to take."""
    values = _checked(profile)
    _check_user_name_free(profile.user_name)
    user = User.objects.filter(email__iexact=values["email"]).select_for_update().first()
    if user is not None:
        _check_manageable(user)
        if hasattr(user, "provisioned"):
            raise conflict("A user with this address exists already.")
        if not user.is_active:
            raise conflict("The account with this address was turned off by the site's staff.")
    _check_address_free(values["email"], user)
    linked = user is not None
    if user is None:
        user = User(**values)
        user.set_unusable_password()
    else:
        for name, value in values.items():
            setattr(user, name, value)
    user.save()
    _set_address(user, user.email)
    account = ProvisionedAccount.objects.create(
        user=user,
        user_name=profile.user_name,
        external_id=profile.external_id,
        given_name=profile.given_name or "",
        family_name=profile.family_name or "",
        token=token,
    )
    record(
        Action.ACCOUNT_PROVISIONED,
        subject=user,
        detail=f"{token.name}: {'linked' if linked else 'created'}",
    )
    if profile.active is False:
        _set_active(account, False)
    return account


@transaction.atomic
def update(*, account: ProvisionedAccount, profile: Profile) -> ProvisionedAccount:
    """The directory's new version of the person (a PUT, or a PATCH applied to what we had)."""
    values = _checked(profile)
    account = (
        ProvisionedAccount.objects.select_for_update(of=("self", "user"))
        .select_related("user", "token")
        .get(pk=account.pk)
    )
    user = account.user
    _check_manageable(user)
    _check_user_name_free(profile.user_name, account)
    if values["email"].lower() != user.email.lower():
        _check_address_free(values["email"], user)
        _set_address(user, values["email"])
    for name, value in values.items():
        setattr(user, name, value)
    # Only what the directory says: `is_active` is changed by deactivating, below.
    user.save(update_fields=list(values))
    account.user_name = profile.user_name
    account.external_id = profile.external_id
    account.given_name = profile.given_name or ""
    account.family_name = profile.family_name or ""
    account.save()
    if profile.active is not None and profile.active != user.is_active:
        _set_active(account, profile.active)
    return account


def delete(*, account: ProvisionedAccount) -> None:
    """The directory deleted the person: their account is erased here as if they had deleted
    it themselves, or refused (409) with why, as they would be."""
    _check_manageable(account.user)
    try:
        erase_account(user=account.user)
    except ValidationError as error:
        raise ProvisioningError(
            " ".join(error.messages), status=409, scim_type="mutability"
        ) from None


def forget(*, user: User, **kwargs) -> dict[str, int]:
    """What provisioning keeps about someone whose account is erased (`erasing_account`)."""
    return {
        "directory account": ProvisionedAccount.objects.filter(user=user).delete()[0],
        "directory groups": DirectoryGroup.members.through.objects.filter(user=user).delete()[0],
    }


def _mappings(group_names):
    names = {name.lower() for name in group_names}
    return (
        ProgramGroup.objects.annotate(name=Lower("group_name"))
        .filter(name__in=names, program__in=Program.objects.active())
        .select_related("program")
    )


def _give_roles(mappings, people: list[User]) -> None:
    for mapping in mappings:
        held = set(
            Participant.objects.filter(
                program=mapping.program, role=mapping.role, user__in=people
            ).values_list("user_id", flat=True)
        )
        joining = [person for person in people if person.pk not in held]
        participants = Participant.objects.bulk_create(
            Participant(program=mapping.program, user=person, role=mapping.role)
            for person in joining
        )
        DirectoryRole.objects.bulk_create(DirectoryRole(participant=p) for p in participants)
        if participants:
            record(
                Action.ENROLLED,
                subject=joining[0] if len(joining) == 1 else None,
                program=mapping.program,
                detail=f"{len(participants)} {mapping.role} from group {mapping.group_name}",
            )


def _take_roles(
    group: DirectoryGroup, people: list[User], *, name: str | None = None, new_name: str = ""
) -> None:
    """Take away the roles the group gave under `name` (its name, unless it was renamed),
    unless another of the person's groups, or the group under its `new_name`, gives the same
    one, or they are in a pair in that role: a pair is ended by its members or its
    coordinators, never by a change of groups."""
    for mapping in _mappings([name or group.display_name]):
        granting = ProgramGroup.objects.filter(program=mapping.program, role=mapping.role)
        names = {each.lower() for each in granting.values_list("group_name", flat=True)}
        if new_name.lower() in names:
            continue
        still = (
            DirectoryGroup.members.through.objects.annotate(
                name=Lower("directorygroup__display_name")
            )
            .filter(name__in=names, user__in=people)
            .exclude(directorygroup=group)
        )
        leaving = Participant.objects.filter(
            program=mapping.program,
            role=mapping.role,
            user__in=people,
            directory_role__isnull=False,
        ).exclude(user__in=still.values("user"))
        for participant in leaving.select_related("program", "user"):
            if not open_pairs_of(participant).exists():
                remove_participant(participant=participant, coordinator=None)


@transaction.atomic
def change_members(
    *, group: DirectoryGroup, added: list[User] = (), removed: list[User] = ()
) -> None:
    current = set(group.members.values_list("pk", flat=True))
    joining = list({p.pk: p for p in added if p.pk not in current}.values())
    leaving = list({p.pk: p for p in removed if p.pk in current}.values())
    group.members.add(*joining)
    group.members.remove(*leaving)
    _give_roles(_mappings([group.display_name]), joining)
    _take_roles(group, leaving)


def replace_members(*, group: DirectoryGroup, members: list[User]) -> None:
    wanted = {person.pk for person in members}
    current = list(group.members.all())
    change_members(
        group=group,
        added=members,
        removed=[person for person in current if person.pk not in wanted],
    )


@transaction.atomic
def rename(*, group: DirectoryGroup, display_name: str) -> None:
    """A renamed group takes back the roles its old name gave (as if its members left it),
    and gives those its new name is set for."""
    if display_name == group.display_name:
        return
    people, old_name = list(group.members.all()), group.display_name
    _take_roles(group, people, name=old_name, new_name=display_name)
    group.display_name = display_name
    group.save(update_fields=["display_name", "updated_at"])
    _give_roles(_mappings([display_name]), people)


@transaction.atomic
def delete_group(*, group: DirectoryGroup) -> None:
    _take_roles(group, list(group.members.all()))
    group.delete()


@transaction.atomic
def add_program_group(*, program: Program, group_name: str, role: str) -> ProgramGroup:
    """A coordinator names a directory group for a role: its members now get the role."""
    program.check_not_archived()
    program_group = ProgramGroup.objects.create(program=program, group_name=group_name, role=role)
    members = User.objects.filter(
        directory_groups__in=DirectoryGroup.objects.filter(display_name__iexact=group_name)
    ).distinct()
    _give_roles([program_group], list(members))
    return program_group
