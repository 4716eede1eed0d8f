"""The links at the foot of every reminder: turn this kind off, or choose which to get."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from accounts.models import User
from mentoring.reminders.models import Kind

OPT_OUT_SALT = "mentoring.reminders.opt-out"


def opt_out_token(user: User, kind: str) -> str:
    """Whoever holds it may turn this one kind off for this one person, and do nothing else.

    It does not expire: the link in an old email should still work.
    """
    return signing.dumps({"user": user.pk, "kind": kind}, salt=OPT_OUT_SALT)


def read_opt_out_token(token: str) -> tuple[User, Kind] | None:
    try:
        data = signing.loads(token, salt=OPT_OUT_SALT)
        kind = Kind(data["kind"])
        user = User.objects.get(pk=data["user"], is_active=True)
    except (signing.BadSignature, KeyError, TypeError, ValueError, User.DoesNotExist):
        return None
    return user, kind


def opt_out_url(user: User, kind: str) -> str:
    return settings.SITE_URL + reverse("reminders:opt_out", args=[opt_out_token(user, kind)])


def preferences_url() -> str:
    return settings.SITE_URL + reverse("reminders:preferences")
