"""SAML 2.0 identity providers (ADFS, Entra ID, Okta, Keycloak), through allauth's `saml`
provider (python3-saml checks each response's signature, audience, destination and time).

allauth keeps only the assertion's attributes; ours also keeps how the person authenticated
(`AuthnContextClassRef`) as `acr`, so that a provider's multi-factor check counts here through
the same `mfa_acr` setting as OpenID Connect's `acr` (providers.py).
"""

from allauth.account.models import EmailAddress
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.saml.provider import SAMLProvider as AllauthSAMLProvider
from allauth.socialaccount.providers.saml.utils import build_auth

from mentoring.sso.sessions import PROVIDER_SESSION_KEY, SAML_LOGOUT_SESSION_KEY


class SAMLProvider(AllauthSAMLProvider):
    # allauth finds a provider's URLs in its package: allauth's, not ours.
    package = "allauth.socialaccount.providers.saml"

    def extract_extra_data(self, data):
        contexts = data.get_last_authn_contexts() or []
        return {
            **data.get_attributes(),
            "acr": contexts[0] if contexts else None,
            # What a LogoutRequest to the provider names (`logout_url`).
            "saml_logout": {
                "name_id": data.get_nameid(),
                "name_id_format": data.get_nameid_format(),
                "session_index": data.get_session_index(),
            },
        }

    def extract_email_addresses(self, data):
        """The assertion's address, verified when it says so (`email_verified`) or when the
        provider's settings vouch for its addresses (`verified_email`, as for OpenID Connect):
        ADFS and Entra ID send no such attribute."""
        attributes = self._extract(data)
        email = attributes.get("email")
        if not email:
            return []
        verified = attributes.get("email_verified") is True or bool(
            (self.app.settings or {}).get("verified_email")
        )
        return [EmailAddress(email=email, verified=verified, primary=True)]


def provider_logout_url(request, *, then: str) -> str | None:
    """For a session that signed in with a SAML provider: its single logout service with a
    LogoutRequest naming the person, coming back to `then`. None otherwise, or when the
    provider has no such service or its settings say `single_logout: false`."""
    said = request.session.get(SAML_LOGOUT_SESSION_KEY)
    if not said:
        return None
    try:
        app = get_adapter().get_app(request, provider=request.session.get(PROVIDER_SESSION_KEY))
    except SocialApp.DoesNotExist:
        return None
    settings = app.settings or {}
    if not settings.get("single_logout", True) or not (settings.get("idp") or {}).get("slo_url"):
        return None
    auth = build_auth(request, app.get_provider(request))
    return auth.logout(
        return_to=then,
        name_id=said.get("name_id"),
        session_index=said.get("session_index"),
        name_id_format=said.get("name_id_format"),
    )
