"""OpenID Connect beyond what allauth does: keeping the ID token for signing out at the
provider (RP-Initiated Logout 1.0), and checking the provider's logout tokens (Back-Channel
Logout 1.0) with allauth's own JWT checks (signature from the provider's keys, issuer,
audience, expiry, a token used once)."""

from urllib.parse import urlencode

import requests
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter

from mentoring.sso.sessions import ID_TOKEN_SESSION_KEY, PROVIDER_SESSION_KEY

BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout"


class InvalidLogoutToken(Exception):
    pass


class IdTokenKeepingAdapter(OpenIDConnectOAuth2Adapter):
    """allauth's, keeping the ID token as the provider sent it: signing out there later needs
    it as `id_token_hint` (Okta refuses a sign-out without one)."""

    def complete_login(self, request, app, token, **kwargs):
        if id_token := kwargs["response"].get("id_token"):
            request.session[ID_TOKEN_SESSION_KEY] = id_token
        return super().complete_login(request, app, token, **kwargs)


def provider_logout_url(request, *, then: str) -> str | None:
    """Where to send someone signing out, so that they sign out at their provider too, and
    come back to `then`; None when the session did not come from one, the provider has no
    `end_session_endpoint`, its settings say `single_logout: false`, or it cannot be reached."""
    provider_id = request.session.get(PROVIDER_SESSION_KEY)
    if not provider_id:
        return None
    try:
        app = get_adapter().get_app(request, provider=provider_id)
        if app.provider != "openid_connect" or not app.settings.get("single_logout", True):
            return None
        endpoint = IdTokenKeepingAdapter(request, provider_id).openid_config.get(
            "end_session_endpoint"
        )
    except (SocialApp.DoesNotExist, requests.RequestException, ValueError):
        return None
    if not endpoint:
        return None
    params = {"client_id": app.client_id, "post_logout_redirect_uri": then}
    if id_token := request.session.get(ID_TOKEN_SESSION_KEY):
        params["id_token_hint"] = id_token
    return f"{endpoint}?{urlencode(params)}"


def verify_logout_token(request, *, app, token: str) -> dict:
    """The logout token's claims, or InvalidLogoutToken saying why not."""
    try:
        config = IdTokenKeepingAdapter(request, app.provider_id).openid_config
        claims = jwtkit.verify_and_decode(
            credential=token,
            keys_url=config["jwks_uri"],
            issuer=config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
        )
    except (OAuth2Error, requests.RequestException, KeyError, ValueError) as error:
        raise InvalidLogoutToken(f"invalid logout token: {type(error).__name__}") from error
    if BACKCHANNEL_LOGOUT_EVENT not in (claims.get("events") or {}):
        raise InvalidLogoutToken("not a logout token: no logout event")
    if "nonce" in claims:
        raise InvalidLogoutToken("not a logout token: has a nonce")
    if not (claims.get("sub") or claims.get("sid")):
        raise InvalidLogoutToken("logout token names nobody")
    return claims
