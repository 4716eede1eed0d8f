"""Who may call the SCIM endpoints: a directory holding one of the site's provisioning tokens,
as `Authorization: Bearer <token>`, within its rate. django-scim2 runs this around each of its
views (SCIM_SERVICE_PROVIDER["AUTH_CHECK_MIDDLEWARE"]).

The throttles count in the shared cache, so they hold across every worker and node: a fixed
window per minute, per token for calls, per address for refusals. Each refusal is written to
the access log while the address is within its refusal rate; past it, calls are refused
unlogged, so that guessing tokens cannot flood the log. Request and response bodies are never
logged: they hold people's names and addresses (django-scim2 logs them at debug).
"""

import json
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.http import HttpResponse
from django.utils import timezone
from django_scim.constants import SCIM_CONTENT_TYPE, SchemaURI
from django_scim.middleware import SCIMAuthCheckMiddleware

from mentoring.audit.log import client_ip, record
from mentoring.audit.models import Action
from mentoring.provisioning.models import ProvisioningToken

WINDOW_SECONDS = 60
REFUSALS_PER_MINUTE = 20  # per address: a directory with a bad token, or guessing


def within_rate(key: str, limit: int) -> bool:
    """Count one call against `limit` a minute for `key`; False once past it."""
    window_key = f"scim-rate:{key}:{int(time.time() // WINDOW_SECONDS)}"
    cache.add(window_key, 0, WINDOW_SECONDS * 2)
    try:
        count = cache.incr(window_key)
    except ValueError:  # expired between the two calls
        cache.set(window_key, 1, WINDOW_SECONDS * 2)
        count = 1
    return count <= limit


def scim_error(status: int, detail: str, **headers) -> HttpResponse:
    body = {"schemas": [SchemaURI.ERROR], "status": str(status), "detail": detail}
    response = HttpResponse(json.dumps(body), content_type=SCIM_CONTENT_TYPE, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def presented_token(request) -> ProvisioningToken | None:
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret:
        return None
    return ProvisioningToken.objects.matching(secret)


class BearerTokenCheck(SCIMAuthCheckMiddleware):
    def process_request(self, request):
        token = presented_token(request)
        if token is None:
            return self.refuse(request)
        if not within_rate(f"token:{token.pk}", settings.SCIM_CALLS_PER_MINUTE):
            return scim_error(
                429, "Too many requests with this token: slow down.", Retry_After="60"
            )
        request.scim_token = token
        # At most one write a minute, however busy the directory.
        a_minute_ago = timezone.now() - timedelta(seconds=WINDOW_SECONDS)
        ProvisioningToken.objects.filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lt=a_minute_ago), pk=token.pk
        ).update(last_used_at=timezone.now())
        return None

    def refuse(self, request) -> HttpResponse:
        address = client_ip(request) or "unknown"
        if not within_rate(f"refused:{address}", REFUSALS_PER_MINUTE):
            return scim_error(429, "Too many refused requests: wait a minute.", Retry_After="60")
        said = "no token" if "Authorization" not in request.headers else "a token we do not know"
        record(Action.PROVISIONING_REFUSED, detail=f"{request.method} {request.path}: {said}")
        return scim_error(
            401,
            "A valid provisioning token is needed, as “Authorization: Bearer <token>”.",
            WWW_Authenticate='Bearer realm="SCIM"',
        )

    def process_response(self, request, response):
        """A call refused for what it asked (a bad body, an unknown attribute, someone gone)
        is logged too, by its status: the detail names no one. Not a call past its rate: a
        runaway client would fill the log."""
        token = getattr(request, "scim_token", None)
        status = response.status_code
        if token is not None and 400 <= status < 500 and status != 429:
            record(
                Action.PROVISIONING_REFUSED,
                detail=f"{token.name}: {request.method} {request.path}: {status}",
            )
        return response
