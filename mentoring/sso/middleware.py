from urllib.parse import urlsplit

import requests
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp
from django.conf import settings
from django.contrib.sessions.backends.base import UpdateError
from django.shortcuts import render
from django.utils.translation import gettext
from lxml import etree

from mentoring.sso.adapter import SignInRefused
from mentoring.sso.sessions import PROVIDER_SESSION_KEY

# allauth's views that talk to the provider, and our sign-in form, which may send someone to it.
PROVIDER_VIEWS = {
    "openid_connect_login",
    "openid_connect_callback",
    "saml_login",
    "saml_acs",
    "saml_finish_acs",
    "account_login",
}


# Where a provider's settings may put its endpoints elsewhere than its issuer.
ENDPOINT_OVERRIDES = ("authorization_endpoint", "end_session_endpoint")


def provider_origins(request) -> list[str]:
    """The origins our forms may end up at through a redirect: each OpenID Connect provider's
    issuer (where its authorize and sign-out endpoints are), and any endpoint its
    `openid_configuration_overrides` moves to another origin; each SAML provider's single
    sign-on and logout services."""
    origins = []
    for app in get_adapter().list_apps(request):
        config = app.settings or {}
        if app.provider == "saml":
            idp = config.get("idp") or {}
            urls = [idp.get("sso_url"), idp.get("slo_url")]
        else:
            overrides = config.get("openid_configuration_overrides") or {}
            urls = [config.get("server_url"), *(overrides.get(key) for key in ENDPOINT_OVERRIDES)]
        for url in filter(None, urls):
            parts = urlsplit(url)
            origin = f"{parts.scheme}://{parts.netloc}"
            if parts.scheme in {"http", "https"} and parts.netloc and origin not in origins:
                origins.append(origin)
    return origins


# Pages whose forms may be sent on to a provider: the sign-in and sign-up pages (its buttons,
# and an SSO-only address typed in), allauth's "continue to the provider" page, the staff's
# test. Besides them, every page of a session that signed in through a provider: its sign-out
# button ends at the provider too.
FORMS_TO_PROVIDERS = {
    "account_login",
    "account_signup",
    "openid_connect_login",
    "saml_login",
    "sso:providers",
}


def allow_forms_to_providers(request, response) -> None:
    """Browsers apply the page's CSP `form-action` to every redirect its form's submission
    follows (Chromium does), so `'self'` alone would block each of those forms. The pages that
    have them add the providers' origins to `form-action`; a response with its own policy
    keeps it. Other pages read no provider (no query)."""
    match = request.resolver_match
    wanted = (match is not None and match.view_name in FORMS_TO_PROVIDERS) or (
        hasattr(request, "session") and PROVIDER_SESSION_KEY in request.session
    )
    if not wanted or not response.get("Content-Type", "").startswith("text/html"):
        return
    if hasattr(response, "_csp_config") or "Content-Security-Policy" in response:
        return
    policy = settings.SECURE_CSP
    if not policy or "form-action" not in policy:
        return
    if origins := provider_origins(request):
        response._csp_config = {**policy, "form-action": [*policy["form-action"], *origins]}


class ProviderFormsMiddleware:
    """`allow_forms_to_providers` on every response; inside Django's
    ContentSecurityPolicyMiddleware, which writes the header from it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        allow_forms_to_providers(request, response)
        return response


class ProviderFaultMiddleware:
    """A provider that is down, slow or answering nonsense while someone signs in: a page that
    says so (502), with the password sign-in still offered, instead of a server error. allauth
    catches these on the way back from the provider, not on the way there."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # python3-saml builds our URLs from the Host header itself, and a request without one
        # (HTTP/1.0) would fail there: the host Django worked out (and checked) stands in.
        request.META.setdefault("HTTP_HOST", request.get_host())
        return self.get_response(request)

    def process_exception(self, request, exception):
        match = request.resolver_match
        if match is None or match.url_name not in PROVIDER_VIEWS:
            return None
        if isinstance(exception, UpdateError):
            # allauth keeps a SAML sign-in's step in a session of its own, gone if the same
            # response arrives twice at once or after the session table was cleared.
            message = gettext("This sign-in was interrupted or sent twice. Sign in again.")
            return render(request, "sso/sign_in_failed.html", {"message": message}, status=400)
        # python3-saml lets a response that is not XML through, as lxml's error.
        unreadable = match.url_name == "saml_finish_acs" and isinstance(
            exception, SyntaxError | etree.LxmlError
        )
        if not unreadable and not isinstance(exception, requests.RequestException | ValueError):
            return None
        try:
            provider = self.provider(request, match)
        except SocialApp.DoesNotExist:
            return None
        if unreadable:
            reason = f"unreadable SAML response: {type(exception).__name__}"
            return SignInRefused.unchecked(request, provider, reason).response
        return SignInRefused.unreachable(request, provider, exception).response

    def provider(self, request, match):
        if slug := match.kwargs.get("organization_slug"):
            return get_adapter().get_app(request, "saml", client_id=slug).get_provider(request)
        provider_id = match.kwargs.get("provider_id") or getattr(request, "sso_provider_id", None)
        return get_adapter().get_provider(request, provider_id)
