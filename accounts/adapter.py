"""Who may sign up: staff choose with SIGNUP_POLICY (and SIGNUP_DOMAINS), read by allauth.

- `open`: anyone (the default);
- `domains`: only addresses at one of SIGNUP_DOMAINS;
- `invitation`: only someone holding a program's join link (the join page marks the session).

People invited from a CSV file already have an account: they choose a password from their
invitation's link and never sign up, so no policy stops them.
"""

import re
from collections.abc import Callable
from enum import StrEnum

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext

from mentoring.lib.languages import language_or_sites

# Set by the join page of a program's join link (mentoring/enrolment): the link's id. Whether
# that link still works, and which domains it admits, is asked of enrolment every time (a link
# revoked or narrowed after the page was opened must not let anyone in): enrolment registers
# the reader from its AppConfig.ready(), as accounts imports nothing of the programs.
JOIN_LINK_SESSION_KEY = "join_link"

# The domains the session's join link admits ([] for any), or None when it holds no live link.
JoinLinkReader = Callable[[HttpRequest], list[str] | None]
_join_link_readers: list[JoinLinkReader] = []


def register_join_link_reader(reader: JoinLinkReader) -> None:
    if _join_link_readers:
        raise ValueError("A join link reader is registered already.")
    _join_link_readers.append(reader)


def join_link_domains(request) -> list[str] | None:
    if request is None or JOIN_LINK_SESSION_KEY not in request.session:
        return None
    return next((reader(request) for reader in _join_link_readers), None)


class SignupPolicy(StrEnum):
    OPEN = "open"
    DOMAINS = "domains"
    INVITATION = "invitation"


def email_domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].lower()


DOMAIN = re.compile(r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")


def typed_domains(text: str) -> list[str]:
    """The email domains typed in a form ("vch.ca, @phsa.ca"), lower case, each once; a
    ValidationError names the first word that is not one."""
    domains = []
    for word in re.split(r"[,\s]+", text.lower()):
        domain = word.strip().lstrip("@")
        if not domain:
            continue
        if not DOMAIN.fullmatch(domain):
            raise ValidationError(
                gettext("“%(word)s” is not an email domain, like vch.ca.") % {"word": word}
            )
        if domain not in domains:
            domains.append(domain)
    return domains


def domains_text(domains: list[str]) -> str:
    """`vch.ca`, `vch.ca or phsa.ca`, `a.ca, b.ca or c.ca`: for messages."""
    if len(domains) < 2:
        return "".join(domains)
    return gettext("%(domains)s or %(last)s") % {
        "domains": ", ".join(domains[:-1]),
        "last": domains[-1],
    }


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        if settings.SIGNUP_POLICY == SignupPolicy.INVITATION:
            return join_link_domains(request) is not None
        return True

    def allowed_domains(self) -> list[str]:
        """The domains a new address must be at (empty: any), under the policy."""
        if settings.SIGNUP_POLICY == SignupPolicy.DOMAINS:
            # Adding an address later is held to it too: otherwise one could sign up at
            # vch.ca and move the account to any other address.
            return settings.SIGNUP_DOMAINS
        request = self.request
        signing_up = request is not None and not request.user.is_authenticated
        if settings.SIGNUP_POLICY == SignupPolicy.INVITATION and signing_up:
            # Signing up only because of a join link: within that link's domains.
            return join_link_domains(request) or []
        return []

    def clean_email(self, email: str) -> str:
        email = super().clean_email(email)
        domains = self.allowed_domains()
        if domains and email_domain(email) not in domains:
            raise ValidationError(
                gettext("Sign-up is open to addresses at %(domains)s only.")
                % {"domains": domains_text(domains)},
                code="domain",
            )
        return email

    def save_user(self, request, user, form, commit=True):
        """A new account keeps the language its pages were in (the switch's cookie, or the
        browser's), so that its emails come in it too."""
        user.language = language_or_sites(translation.get_language())
        return super().save_user(request, user, form, commit=commit)
