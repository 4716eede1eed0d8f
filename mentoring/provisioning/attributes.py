"""SCIM attributes (RFC 7643) as our fields: reading a resource's JSON, or a PATCH operation's
path and value (RFC 7644, section 3.5.2), into a `Profile` or a group's changes.

Attribute names are case-insensitive in SCIM, and directories write them in their own ways:
Entra ID sends `"op": "Replace"` and `"active": "False"` (a string), paths such as
`emails[type eq "work"].value` and the enterprise extension's URN before `department`; Okta
sends PATCHes without a path, the value an object of attributes. Attributes the schemas define
that we do not keep (phone numbers, addresses, manager) are accepted and dropped; a name the
schemas do not define is refused (400 invalidPath), so a mapping mistake in the directory shows
in its provisioning log instead of vanishing.
"""

import re
import zoneinfo

from django.conf import settings

from mentoring.provisioning.services import Profile, ProvisioningError

CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User"
CORE_GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

PATH = re.compile(
    r"^(?:(?P<urn>urn:[^\[]+):)?(?P<attr>[A-Za-z$][\w$-]*)"
    r"(?:\[(?P<filter>[^\]]*)\])?(?:\.(?P<sub>[A-Za-z$][\w$-]*))?$"
)
VALUE_FILTER = re.compile(r'^\s*value\s+eq\s+"(?P<value>[^"]*)"\s*$', re.IGNORECASE)

# (attribute, sub-attribute) → the Profile field it sets.
USER_FIELDS = {
    ("username", None): "user_name",
    ("externalid", None): "external_id",
    ("displayname", None): "display_name",
    ("name", "formatted"): "display_name",
    ("name", "givenname"): "given_name",
    ("name", "familyname"): "family_name",
    ("title", None): "job_title",
    ("emails", "value"): "email",
    ("emails", None): "email",
    ("active", None): "active",
    ("preferredlanguage", None): "language",
    ("timezone", None): "time_zone",
    ("enterprise:department", None): "department",
}
# Defined by RFC 7643 for users, not kept here.
USER_IGNORED = {
    "id", "meta", "schemas", "groups", "locale", "nickname", "profileurl", "usertype", "password",
    "phonenumbers", "addresses", "ims", "photos", "entitlements", "roles", "x509certificates",
    "enterprise:employeenumber", "enterprise:costcenter", "enterprise:organization",
    "enterprise:division", "enterprise:manager",
}  # fmt: skip
NAME_IGNORED = {"middlename", "honorificprefix", "honorificsuffix"}
REQUIRED = {"user_name", "email", "active"}


def parse_path(path: str) -> tuple[str, str | None, str | None]:
    """(attribute, filter, sub-attribute) of a PATCH path, the attribute lower-cased and
    prefixed `enterprise:` when it is the enterprise extension's."""
    match = PATH.match(path.strip())
    if match is None:
        raise ProvisioningError(f"Cannot read the path “{path}”.", scim_type="invalidPath")
    urn, attr = match["urn"], match["attr"].lower()
    if urn and urn.lower() == ENTERPRISE.lower():
        attr = f"enterprise:{attr}"
    elif urn and urn.lower() not in (CORE_USER.lower(), CORE_GROUP.lower()):
        raise ProvisioningError(f"Unknown schema “{urn}”.", scim_type="invalidPath")
    sub = match["sub"].lower() if match["sub"] else None
    return attr, match["filter"], sub


def flatten(body: dict) -> list[tuple[str, object]]:
    """A resource, or a path-less PATCH value, as (path, value) pairs; the enterprise
    extension's object opened into its attributes."""
    pairs = []
    for key, value in body.items():
        if key.lower() == ENTERPRISE.lower() and isinstance(value, dict):
            pairs.extend((f"{ENTERPRISE}:{name}", item) for name, item in value.items())
        elif key.lower() == "name" and isinstance(value, dict):
            pairs.extend((f"name.{name}", item) for name, item in value.items())
        else:
            pairs.append((key, value))
    return pairs


def as_bool(value, path: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise ProvisioningError(f"“{path}” must be true or false.")


def as_text(value, path: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ProvisioningError(f"“{path}” must be a string.")
    try:
        value.encode()
    except UnicodeEncodeError:  # a lone surrogate, which no database column takes
        raise ProvisioningError(f"“{path}” is not valid text.") from None
    return value


def _email(value, path: str) -> str:
    """The address of an `emails` value: the primary one, else the work one, else the first."""
    if isinstance(value, list):
        addresses = [item for item in value if isinstance(item, dict) and item.get("value")]
        if not addresses:
            raise ProvisioningError("“emails” has no address.")
        chosen = next((item for item in addresses if item.get("primary") is True), None)
        chosen = chosen or next((a for a in addresses if a.get("type") == "work"), addresses[0])
        value = chosen["value"]
    return as_text(value, path)


def _language(value: str) -> str | None:
    """Ours for a BCP 47 tag (“fr-CA” → “fr”); None for a language the site does not have,
    so that the person's own choice stays."""
    base = value.replace("_", "-").split("-")[0].lower()
    return next((code for code, _ in settings.LANGUAGES if code.split("-")[0] == base), None)


def set_user_attribute(profile: Profile, path: str, value, *, remove: bool = False) -> None:
    """Apply one attribute, by its path, to the profile."""
    if path.strip().lower() == ENTERPRISE.lower():  # the extension's object, whole
        if not isinstance(value, dict):
            raise ProvisioningError(f"“{path}” must be an object.")
        for name, item in value.items():
            set_user_attribute(profile, f"{ENTERPRISE}:{name}", item, remove=remove)
        return
    attr, _, sub = parse_path(path)
    if attr == "name" and sub is None and isinstance(value, dict) and not remove:
        for name, item in value.items():
            set_user_attribute(profile, f"name.{name}", item)
        return
    if attr in USER_IGNORED or (attr == "name" and sub in NAME_IGNORED):
        return
    field = USER_FIELDS.get((attr, sub))
    if field is None:
        raise ProvisioningError(f"Unknown attribute “{path}”.", scim_type="invalidPath")
    if remove and field in REQUIRED:
        raise ProvisioningError(f"“{path}” cannot be removed.", scim_type="mutability")
    if field == "active":
        profile.active = as_bool(value, path)
    elif field == "email":
        profile.email = _email(value, path)
    elif field == "language":
        profile.language = _language(as_text(value, path)) if not remove else ""
    elif field == "time_zone":
        zone = as_text(value, path)
        if remove or zone in zoneinfo.available_timezones():
            profile.time_zone = zone if not remove else settings.TIME_ZONE
    else:
        setattr(profile, field, "" if remove else as_text(value, path))


def read_user(body: dict, *, profile: Profile | None = None) -> Profile:
    """A User resource (a POST, or a PUT replacing `profile`'s attributes)."""
    profile = profile or Profile(user_name="", email="")
    for path, value in flatten(body):
        set_user_attribute(profile, path, value)
    if not profile.user_name.strip():
        raise ProvisioningError("“userName” is required.")
    if not profile.email.strip():
        if "@" not in profile.user_name:
            raise ProvisioningError("An email address is required, in “emails”.")
        profile.email = profile.user_name
    return profile


def member_ids(value, path: str) -> list[str]:
    """The user ids of a `members` value: a list of {"value": id}."""
    if not isinstance(value, list) or not all(
        isinstance(item, dict) and isinstance(item.get("value"), str) for item in value
    ):
        raise ProvisioningError(f"“{path}” must be a list of {{“value”: user id}}.")
    return [item["value"] for item in value]


def filtered_member(filter_text: str | None) -> str | None:
    """The id in a `members[value eq "id"]` path."""
    if filter_text is None:
        return None
    match = VALUE_FILTER.match(filter_text)
    if match is None:
        raise ProvisioningError(
            f"Members can be chosen by “value eq”, not by “{filter_text}”.",
            scim_type="invalidFilter",
        )
    return match["value"]
