"""SAML 2.0 identity providers (ADFS, Entra ID, Okta, Keycloak), through allauth's `saml`
provider (python3-saml checks each response's signature, audience, destination and time).

allauth keeps only the assertion's attributes; ours also keeps how the person authenticated
(`AuthnContextClassRef`) as `acr`, so that a provider's multi-factor check counts here through
the same `mfa_acr` setting as OpenID Connect's `acr` (providers.py).
"""

from allauth.account.models import EmailAddress
from allauth.socialaccount.providers.saml.provider import SAMLProvider as AllauthSAMLProvider


class SAMLProvider(AllauthSAMLProvider):
    # allauth finds a provider's URLs in its package: allauth's, not ours.
    package = "allauth.socialaccount.providers.saml"

    def extract_extra_data(self, data):
        contexts = data.get_last_authn_contexts() or []
        return {**data.get_attributes(), "acr": contexts[0] if contexts else None}

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
