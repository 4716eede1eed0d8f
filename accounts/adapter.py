"""Who may sign up: staff choose with SIGNUP_POLICY (and SIGNUP_DOMAINS), read by allauth.

- `open`: anyone (the default);
- `domains`: only addresses at one of SIGNUP_DOMAINS;
- `invitation`: only someone holding a program's join link (the join page marks the session).

People invited from a CSV file already have an account: they choose a password from their
invitation's link and never sign up, so no policy stops them.
"""

from enum import StrEnum

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError

# Set by the join page of a program's join link (mentoring/enrolment): the program's id, and
# the address domains its link admits (empty: any). Accounts knows the keys, not the programs.
JOIN_LINK_SESSION_KEY = "join_link_program"
JOIN_LINK_DOMAINS_SESSION_KEY = "join_link_domains"


class SignupPolicy(StrEnum):
    OPEN = "open"
    DOMAINS = "domains"
    INVITATION = "invitation"


def email_domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].lower()


def domains_text(domains: list[str]) -> str:
    """`vch.ca`, `vch.ca or phsa.ca`, `a.ca, b.ca or c.ca`: for messages."""
    if len(domains) < 2:
        return "".join(domains)
    return f"{', '.join(domains[:-1])} or {domains[-1]}"


def holds_join_link(request) -> bool:
    return request is not None and JOIN_LINK_SESSION_KEY in request.session


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        if settings.SIGNUP_POLICY == SignupPolicy.INVITATION:
            return holds_join_link(request)
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
            return request.session.get(JOIN_LINK_DOMAINS_SESSION_KEY, [])
        return []

    def clean_email(self, email: str) -> str:
        email = super().clean_email(email)
        domains = self.allowed_domains()
        if domains and email_domain(email) not in domains:
            raise ValidationError(
                f"Sign-up is open to addresses at {domains_text(domains)} only.",
                code="domain",
            )
        return email
