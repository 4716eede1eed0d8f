"""The site's URLs plus a bare view, the yardstick for the throughput benchmark.

The bare view never reaches the production URLconf: only bench/settings.py names this module.
"""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("", include("mentoring.urls")),
]
