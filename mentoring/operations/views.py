import sys

from django.http import HttpResponseServerError, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from mentoring.operations import health
from mentoring.operations.outage import DATABASE_ERRORS, outage_response, render_offline


@require_safe
@never_cache
def healthz(request):
    """For load balancers and monitoring: 200 when this node can serve, else 503 naming what
    failed. `?web=1` leaves out the task workers, so a node stays in the pool while they
    restart."""
    checks = health.run_checks(include_workers=request.GET.get("web") != "1")
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )


def server_error(request):
    """handler500: a database outage is a 503 (mentoring/operations/outage.py); anything else
    the site's own error page. Neither reads the database, which may be why we are here."""
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return outage_response(request)
    return HttpResponseServerError(render_offline("500.html"))
