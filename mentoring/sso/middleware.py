from urllib.parse import urlsplit

import requests
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp
from django.conf import settings

from mentoring.sso.adapter import SignInRefused
from mentoring.sso.sessions import PROVIDER_SESSION_KEY

# allauth's views that talk to the provider, and our sign-in form, which may send someone to it.
PROVIDER_VIEWS = {"openid_connect_login", "openid_connect_callback", "account_login"}


# Where a provider's settings may put its endpoints elsewhere than its issuer.
ENDPOINT_OVERRIDES = ("authorization_endpoint", "end_session_endpoint")


def provider_origins(request) -> list[str]:
    """The origins our forms may end up at through a redirect: each OpenID Connect provider's
    issuer (where its authorize and sign-out endpoints are), and any endpoint its
    `openid_configuration_overrides` moves to another origin."""
    origins = []
    for app in get_adapter().list_apps(request, provider="openid_connect"):
        config = app.settings or {}
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
FORMS_TO_PROVIDERS = {"account_login", "account_signup", "openid_connect_login", "sso:providers"}


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
        return self.get_response(request)

    def process_exception(self, request, exception):
        match = request.resolver_match
        if match is None or match.url_name not in PROVIDER_VIEWS:
            return None
        if not isinstance(exception, requests.RequestException | ValueError):
            return None
        provider_id = match.kwargs.get("provider_id") or getattr(request, "sso_provider_id", None)
        try:
            provider = get_adapter().get_provider(request, provider_id)
        except SocialApp.DoesNotExist:
            return None
        return SignInRefused.unreachable(request, provider, exception).response
