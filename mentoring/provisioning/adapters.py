"""django-scim2's adapters for our models: a `ProvisionedAccount` as a SCIM User, a
`DirectoryGroup` as a SCIM Group (its views call `to_dict`, `from_dict`, `save`, `delete` and
`handle_operations`). They translate only: every change goes through `services`."""

import uuid

from django.db import IntegrityError, transaction
from django_scim import exceptions
from django_scim.adapters import SCIMGroup, SCIMUser

from accounts.models import User
from mentoring.provisioning import attributes, services
from mentoring.provisioning.attributes import CORE_GROUP, CORE_USER, ENTERPRISE
from mentoring.provisioning.models import DirectoryGroup, ProvisionedAccount
from mentoring.provisioning.services import Profile, ProvisioningError


def as_scim_error(error: ProvisioningError) -> exceptions.SCIMException:
    return exceptions.SCIMException(str(error), status=error.status, scim_type=error.scim_type)


def operations_of(operations) -> list[tuple[str, str | None, object]]:
    """(op, path, value) of each PATCH operation, checked: "add", "remove" or "replace" in
    any case (Entra ID capitalises them)."""
    if not isinstance(operations, list) or not all(isinstance(o, dict) for o in operations):
        raise ProvisioningError("“Operations” must be a list of operations.")
    checked = []
    for operation in operations:
        op, path = str(operation.get("op", "")).lower(), operation.get("path")
        if op not in ("add", "remove", "replace"):
            raise ProvisioningError(f"Unknown PATCH op “{operation.get('op')}”.")
        if path is not None and not isinstance(path, str):
            raise ProvisioningError("“path” must be a string.", scim_type="invalidPath")
        if op == "remove" and not path:
            raise ProvisioningError("A remove needs a “path”.", scim_type="noTarget")
        if not path and not isinstance(operation.get("value"), dict):
            raise ProvisioningError("Without a “path”, the value must be an object.")
        checked.append((op, path, operation.get("value")))
    return checked


class Adapter:
    """What both resources share: our ids, times, and errors as SCIM's."""

    obj: ProvisionedAccount | DirectoryGroup

    @property
    def id(self):
        return str(self.obj.scim_id)

    @property
    def meta(self):
        return {
            "resourceType": self.resource_type,
            "created": self.obj.created_at.isoformat(),
            "lastModified": self.obj.updated_at.isoformat(),
            "location": self.location,
        }

    def validate_dict(self, d):
        if not isinstance(d, dict):
            raise exceptions.BadRequestError("The body must be a JSON object.")

    def handle_operations(self, operations):
        self.guarded(lambda: self.apply(operations_of(operations)))

    def save(self):
        self.guarded(self.store)

    def guarded(self, change):
        """Run the change in its own transaction, its refusals as SCIM errors. A clash the
        checks could not see (two calls at once) is a 409 that names no one: the database's
        message would show another person's address."""
        try:
            with transaction.atomic():
                change()
        except ProvisioningError as error:
            raise as_scim_error(error) from None
        except IntegrityError:
            raise exceptions.IntegrityError(
                "This change clashes with another made at the same time: try it again.",
                scim_type="uniqueness",
            ) from None


class UserAdapter(Adapter, SCIMUser):
    profile: Profile | None = None

    @classmethod
    def resource_type_dict(cls, request=None):
        described = super().resource_type_dict(request)
        described["schemaExtensions"] = [{"schema": ENTERPRISE, "required": False}]
        return described

    @property
    def display_name(self):
        return self.obj.user.display_name

    def current_profile(self) -> Profile:
        account, user = self.obj, self.obj.user
        built = f"{account.given_name} {account.family_name}".strip()
        return Profile(
            user_name=account.user_name,
            email=user.email,
            external_id=account.external_id,
            given_name=account.given_name,
            family_name=account.family_name,
            # A name the directory gave as its parts is rebuilt when one part changes.
            display_name=None if user.full_name == built else user.full_name,
            active=None,  # unchanged unless an operation says
        )

    def to_dict(self):
        account, user = self.obj, self.obj.user
        resource = {
            "schemas": [CORE_USER, ENTERPRISE],
            "id": self.id,
            "externalId": account.external_id or None,
            "userName": account.user_name,
            "name": {
                "formatted": user.full_name,
                "givenName": account.given_name,
                "familyName": account.family_name,
            },
            "displayName": user.full_name,
            "emails": [{"value": user.email, "type": "work", "primary": True}],
            "title": user.job_title,
            "active": user.is_active,
            "preferredLanguage": user.language or None,
            "timezone": user.time_zone,
            ENTERPRISE: {"department": user.department},
            "groups": [
                {"value": str(group.scim_id), "display": group.display_name}
                for group in user.directory_groups.all()
            ],
            "meta": self.meta,
        }
        return {key: value for key, value in resource.items() if value is not None}

    def from_dict(self, d):
        try:
            self.profile = attributes.read_user(d)
        except ProvisioningError as error:
            raise as_scim_error(error) from None

    def store(self):
        if self.obj.pk is None:
            self.obj = services.provision(token=self.request.scim_token, profile=self.profile)
        else:
            self.obj = services.update(account=self.obj, profile=self.profile)

    def apply(self, operations):
        self.profile = self.current_profile()
        for op, path, value in operations:
            pairs = [(path, value)] if path else attributes.flatten(value)
            for each_path, each_value in pairs:
                attributes.set_user_attribute(
                    self.profile, each_path, each_value, remove=op == "remove"
                )
        self.store()

    def delete(self):
        try:
            services.delete(account=self.obj)
        except ProvisioningError as error:
            raise as_scim_error(error) from None


IDS_PER_QUERY = 500  # within SQLite's limit on a query's parameters


def is_uuid(text: str) -> bool:
    try:
        return str(uuid.UUID(text)) == text.lower()
    except ValueError:
        return False


def users_with_ids(ids: list[str], *, skip_unknown: bool = False) -> list[User]:
    """The provisioned users with these SCIM ids, each once, or a 400 naming an id that is
    none of theirs. `skip_unknown` for removals: someone deleted since is already out."""
    ids = list(dict.fromkeys(each.lower() for each in ids))
    wanted = [each for each in ids if is_uuid(each)]
    found = {}
    for start in range(0, len(wanted), IDS_PER_QUERY):
        accounts = ProvisionedAccount.objects.filter(
            scim_id__in=wanted[start : start + IDS_PER_QUERY]
        ).select_related("user")
        found |= {str(account.scim_id): account.user for account in accounts}
    missing = [each for each in ids if each not in found]
    if missing and not skip_unknown:
        raise ProvisioningError(f"No user has the id “{missing[0]}”.")
    return [found[each] for each in ids if each in found]


class GroupAdapter(Adapter, SCIMGroup):
    display_name_value: str = ""
    members_value: list[User] | None = None

    @property
    def display_name(self):
        return self.obj.display_name

    def to_dict(self):
        group = self.obj
        resource = {
            "schemas": [CORE_GROUP],
            "id": self.id,
            "displayName": group.display_name,
            "meta": self.meta,
        }
        if group.external_id:
            resource["externalId"] = group.external_id
        if not getattr(self, "without_members", False):
            resource["members"] = [
                {"value": str(person.provisioned.scim_id), "display": person.display_name}
                for person in group.members.all()
            ]
        return resource

    def from_dict(self, d):
        try:
            name = attributes.as_text(d.get("displayName"), "displayName").strip()
            external_id = attributes.as_text(d.get("externalId"), "externalId")
            services.check_group_name(name, external_id)
            self.display_name_value, self.obj.external_id = name, external_id
            if (members := d.get("members")) is not None:
                self.members_value = users_with_ids(attributes.member_ids(members, "members"))
        except ProvisioningError as error:
            raise as_scim_error(error) from None

    def store(self):
        group = self.obj
        if group.pk is None:
            group.display_name = self.display_name_value
            group.save()
        else:
            group.save(update_fields=["external_id", "updated_at"])
            services.rename(group=group, display_name=self.display_name_value)
        if self.members_value is not None:
            services.replace_members(group=group, members=self.members_value)

    def apply(self, operations):
        group = self.obj
        for op, path, value in operations:
            pairs = [(path, value)] if path else list(value.items())
            for each_path, each_value in pairs:
                self.apply_one(group, op, each_path, each_value)

    def apply_one(self, group, op, path, value):
        attr, member_filter, _ = attributes.parse_path(path)
        if attr == "displayname" and op != "remove":
            name = attributes.as_text(value, path).strip()
            services.check_group_name(name)
            services.rename(group=group, display_name=name)
        elif attr == "externalid":
            group.external_id = "" if op == "remove" else attributes.as_text(value, path)
            services.check_group_name(group.display_name, group.external_id)
            group.save(update_fields=["external_id", "updated_at"])
        elif attr == "members":
            self.change_members(group, op, attributes.filtered_member(member_filter), value)
        elif attr not in ("id", "schemas", "meta"):
            raise ProvisioningError(f"Unknown attribute “{path}”.", scim_type="invalidPath")

    def change_members(self, group, op, chosen, value):
        if op == "remove" and (chosen or value is None):
            people = (
                users_with_ids([chosen], skip_unknown=True)
                if chosen
                else list(group.members.all())
            )
            services.change_members(group=group, removed=people)
            return
        ids = attributes.member_ids(value, "members")
        if op == "add":
            services.change_members(group=group, added=users_with_ids(ids))
        elif op == "remove":
            services.change_members(group=group, removed=users_with_ids(ids, skip_unknown=True))
        else:
            services.replace_members(group=group, members=people)

    def delete(self):
        services.delete_group(group=self.obj)
