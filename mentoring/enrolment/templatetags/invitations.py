"""The invitation email's set-password link, made while the worker writes the email.

The link lets anyone holding it choose the password, so it is never a task argument.
"""

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django import template
from django.conf import settings
from django.urls import reverse

register = template.Library()


@register.simple_tag
def set_password_url(user) -> str:
    """allauth's password-reset link: it lets an invited person choose their first password."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return f"{settings.SITE_URL}{path}"
