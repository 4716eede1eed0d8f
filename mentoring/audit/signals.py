"""Sign-ins, and failed ones, from Django's signals (allauth signs in through `login()` and
checks passwords through `authenticate()`, so both reach here)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed

from mentoring.audit.log import record
from mentoring.audit.models import Action


def signed_in(sender, request, user, **kwargs):
    record(Action.SIGNED_IN, actor=user)


def sign_in_failed(sender, credentials, request=None, **kwargs):
    """The account whose address was typed, if there is one; never the address or password
    typed, which may be someone's password typed in the wrong box."""
    User = get_user_model()
    typed = credentials.get("email") or credentials.get("username") or ""
    account = User.objects.filter(email__iexact=typed.strip()).first() if typed.strip() else None
    record(Action.SIGN_IN_FAILED, actor=None, subject=account)


def connect() -> None:
    user_logged_in.connect(signed_in, dispatch_uid="audit_signed_in")
    user_login_failed.connect(sign_in_failed, dispatch_uid="audit_sign_in_failed")
