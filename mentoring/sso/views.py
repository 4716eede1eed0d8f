from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from mentoring.audit.log import record
from mentoring.audit.models import Action
from mentoring.sso.adapter import TEST_RESULT_SESSION_KEY
from mentoring.sso.oidc import IdTokenKeepingAdapter, InvalidLogoutToken, verify_logout_token
from mentoring.sso.providers import ATTRIBUTES, all_policies
from mentoring.sso.sessions import end_provider_sessions

PROVIDERS_PER_PAGE = 10


def oidc_callback(request, provider_id):
    view = OAuth2CallbackView.adapter_view(IdTokenKeepingAdapter(request, provider_id))
    try:
        return view(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None


def _staff_only(request) -> None:
    if not request.user.is_staff:
        raise PermissionDenied(gettext("Identity providers are for the site's staff."))


def policy_login_url(policy) -> str:
    if policy.protocol == "saml":
        return reverse("saml_login", kwargs={"organization_slug": policy.client_id})
    return reverse("openid_connect_login", kwargs={"provider_id": policy.provider_id})


def to_register(policy) -> list[tuple[str, str]]:
    """What staff give the provider about us: (what, our URL)."""
    if policy.protocol == "saml":
        slug = {"organization_slug": policy.client_id}
        return [
            (_("Entity ID and metadata URL"), reverse("saml_metadata", kwargs=slug)),
            (_("Assertion consumer service (reply) URL"), reverse("saml_acs", kwargs=slug)),
            (_("Single logout URL"), reverse("saml_sls", kwargs=slug)),
        ]
    by_id = {"provider_id": policy.provider_id}
    return [
        (
            _("Redirect URI to register at the provider"),
            reverse("openid_connect_callback", kwargs=by_id),
        ),
        (_("Back-channel logout URI"), reverse("sso:backchannel_logout", kwargs=by_id)),
    ]


@login_required
@require_GET
def providers(request):
    """Each configured provider, what to register at it, and a way to test it."""
    _staff_only(request)
    page = Paginator(all_policies(request), PROVIDERS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        {
            "policy": policy,
            "urls": [
                (label, request.build_absolute_uri(url)) for label, url in to_register(policy)
            ],
            "test_url": policy_login_url(policy),
            "tested_url": reverse("sso:tested", kwargs={"provider_id": policy.provider_id}),
        }
        for policy in page.object_list
    ]
    return render(request, "sso/providers.html", {"rows": rows, "page": page})


@login_required
@require_GET
def tested(request, provider_id):
    """What the provider said in a test sign-in: nobody was signed in by it."""
    _staff_only(request)
    result = request.session.pop(TEST_RESULT_SESSION_KEY, None)
    if result is not None and result["provider_id"] != provider_id:
        result = None
    fields = [
        (ATTRIBUTES[field][1], value) for field, value in (result or {}).get("fields", {}).items()
    ]
    return render(request, "sso/tested.html", {"result": result, "fields": fields})


@csrf_exempt
@require_POST
def backchannel_logout(request, provider_id):
    """OpenID Connect Back-Channel Logout 1.0: the provider, server to server, says a person
    (`sub`) or one of their sessions (`sid`) signed out there; theirs here end too."""
    try:
        app = get_adapter().get_app(request, provider=provider_id)
    except SocialApp.DoesNotExist:
        raise Http404 from None
    try:
        claims = verify_logout_token(request, app=app, token=request.POST.get("logout_token", ""))
    except InvalidLogoutToken as error:
        record(Action.PROVIDER_MESSAGE_REFUSED, actor=None, detail=f"{provider_id}: {error}")
        return HttpResponseBadRequest(str(error), content_type="text/plain")
    ended = end_provider_sessions(
        provider_id=provider_id, uid=claims.get("sub"), sid=claims.get("sid")
    )
    response = HttpResponse(f"{ended} sessions ended", content_type="text/plain")
    response["Cache-Control"] = "no-store"
    return response
