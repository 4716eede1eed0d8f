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


@login_required
@require_GET
def providers(request):
    """Each configured provider, what to register at it, and a way to test it."""
    _staff_only(request)
    page = Paginator(all_policies(request), PROVIDERS_PER_PAGE).get_page(request.GET.get("page"))
    rows = []
    for policy in page.object_list:
        callback = reverse("openid_connect_callback", kwargs={"provider_id": policy.provider_id})
        logout = reverse("sso:backchannel_logout", kwargs={"provider_id": policy.provider_id})
        rows.append(
            {
                "policy": policy,
                "callback_url": request.build_absolute_uri(callback),
                "backchannel_logout_url": request.build_absolute_uri(logout),
                "test_url": reverse(
                    "openid_connect_login", kwargs={"provider_id": policy.provider_id}
                ),
                "tested_url": reverse("sso:tested", kwargs={"provider_id": policy.provider_id}),
            }
        )
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
