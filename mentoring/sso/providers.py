"""What we do with each identity provider, read from its allauth app's `settings`, whether
staff configured it in the admin (a SocialApp row) or in SOCIALACCOUNT_PROVIDERS:

- `sso_only_domains`: addresses there sign in through this provider only, never a password;
- `claims`: which claim fills the name, department and job title (`ATTRIBUTES`);
- `mfa_amr`, `mfa_acr`: the `amr` or `acr` values that mean the person passed the provider's
  multi-factor check, and then ours is not asked again; `trust_mfa: false` always asks ours;
- `create_accounts: false`: only people who already have an account may sign in with it;
- allauth's own: `server_url`, `verified_email` (trust the provider's addresses even without
  an `email_verified` claim, as Entra ID sends none), `oauth_pkce_enabled`...
"""

import dataclasses

from allauth.socialaccount.adapter import get_adapter
from django.utils.translation import gettext_lazy as _

from accounts.adapter import email_domain
from accounts.models import User

# Our user's field, and the claim that fills it unless the provider's settings name another.
ATTRIBUTES = {
    "full_name": ("name", _("Full name")),
    "department": ("department", _("Department")),
    "job_title": ("job_title", _("Job title")),
}
# RFC 8176: "mfa" is the provider saying more than one factor was used.
DEFAULT_MFA_AMR = ("mfa",)


@dataclasses.dataclass(frozen=True)
class ProviderPolicy:
    provider_id: str
    name: str
    protocol: str  # allauth's provider: "openid_connect" or "saml"
    client_id: str  # a SAML app's: the organisation slug in its URLs
    sso_only_domains: tuple[str, ...]
    claims: dict[str, str]
    trust_mfa: bool
    mfa_amr: tuple[str, ...]
    mfa_acr: tuple[str, ...]
    create_accounts: bool

    @classmethod
    def of(cls, app) -> "ProviderPolicy":
        settings = app.settings or {}
        claims = {field: claim for field, (claim, _label) in ATTRIBUTES.items()}
        claims.update(
            {
                field: claim
                for field, claim in settings.get("claims", {}).items()
                if field in claims
            }
        )
        return cls(
            provider_id=app.provider_id or app.provider,
            name=app.name,
            protocol=app.provider,
            client_id=app.client_id,
            sso_only_domains=tuple(
                domain.lower().lstrip("@") for domain in settings.get("sso_only_domains", [])
            ),
            claims=claims,
            trust_mfa=settings.get("trust_mfa", True),
            mfa_amr=tuple(settings.get("mfa_amr", DEFAULT_MFA_AMR)),
            mfa_acr=tuple(settings.get("mfa_acr", ())),
            create_accounts=settings.get("create_accounts", True),
        )

    def asserts_mfa(self, claims: dict) -> bool:
        """Whether the provider says this sign-in passed its multi-factor check."""
        if not self.trust_mfa:
            return False
        amr = claims.get("amr") or []
        if isinstance(amr, str):
            amr = [amr]
        return bool(set(amr) & set(self.mfa_amr)) or claims.get("acr") in self.mfa_acr

    def profile_fields(self, claims: dict) -> dict[str, str]:
        """Our user's fields from the claims the provider sent, one line each, within limits."""
        fields = {}
        for field, claim in self.claims.items():
            value = claims.get(claim)
            if isinstance(value, list):  # a SAML attribute: its values
                value = value[0] if value else None
            if isinstance(value, str) and value.strip():
                limit = User._meta.get_field(field).max_length
                fields[field] = " ".join(value.split())[:limit]
        return fields


def signed_in_claims(sociallogin) -> dict:
    """What the provider said about the person: the ID token's claims, with the userinfo's
    over them (they are fresher), as allauth keeps them in `extra_data`; a SAML assertion's
    attributes (lists of values) and `acr` (saml.py)."""
    data = sociallogin.account.extra_data or {}
    if "id_token" not in data and "userinfo" not in data:
        return dict(data)
    return {**(data.get("id_token") or {}), **(data.get("userinfo") or {})}


def provider_asserted_mfa(sociallogin) -> bool:
    return policy_for_provider(sociallogin.provider).asserts_mfa(signed_in_claims(sociallogin))


def all_policies(request=None) -> list[ProviderPolicy]:
    return [ProviderPolicy.of(app) for app in get_adapter().list_apps(request)]


def policy_for_provider(provider) -> ProviderPolicy:
    return ProviderPolicy.of(provider.app)


def sso_only_policy(email: str, policies: list[ProviderPolicy]) -> ProviderPolicy | None:
    """Of `policies` (`all_policies`), the one an address must sign in with, if its domain is
    SSO only."""
    domain = email_domain(email)
    return next((policy for policy in policies if domain in policy.sso_only_domains), None)
