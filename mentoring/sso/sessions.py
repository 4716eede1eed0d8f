"""Sessions that came from an identity provider: what its sign-in said (multi-factor), and
ending them when the provider says the person signed out there."""

from importlib import import_module

from django.conf import settings

from accounts.middleware import PROVIDER_MFA_SESSION_KEY
from mentoring.sso.models import ProviderSession
from mentoring.sso.providers import policy_for_provider, signed_in_claims

# Which provider this session signed in with, and the ID token it gave: our sign-out then
# signs out there too.
PROVIDER_SESSION_KEY = "sso_provider"
ID_TOKEN_SESSION_KEY = "sso_id_token"
# A SAML sign-in's NameID and session index, which a LogoutRequest names (saml.py).
SAML_LOGOUT_SESSION_KEY = "sso_saml_logout"


def note_provider_sign_in(sender, request, user, sociallogin=None, **kwargs) -> None:
    if sociallogin is None:
        return
    policy = policy_for_provider(sociallogin.provider)
    claims = signed_in_claims(sociallogin)
    provider_id = policy.provider_id
    request.session[PROVIDER_SESSION_KEY] = provider_id
    if said := claims.get("saml_logout"):
        request.session[SAML_LOGOUT_SESSION_KEY] = said
    if policy.asserts_mfa(claims):
        request.session[PROVIDER_MFA_SESSION_KEY] = provider_id
    ProviderSession.objects.filter(user=user).outlived().delete()
    ProviderSession.objects.create(
        user=user,
        provider_id=provider_id,
        uid=sociallogin.account.uid,
        sid=str(claims.get("sid") or "")[:255],
        session_key=request.session.session_key,
    )


def end_provider_sessions(*, provider_id: str, uid: str | None, sid: str | None) -> int:
    """End the sessions the provider's logout names; how many there were."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = ProviderSession.objects.ended_by(provider_id=provider_id, uid=uid, sid=sid)
    keys = list(ended.values_list("session_key", flat=True))
    for key in keys:
        store(session_key=key).delete()
    ended.delete()
    return len(keys)
