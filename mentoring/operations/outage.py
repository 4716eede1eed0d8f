"""A database that goes away answers 503, not 500, and loses nothing anyone typed.

- A GET or HEAD that failed on the database is run again once, whole, on fresh connections:
  a connection the database dropped when it restarted costs the reader nothing.
- What still fails gets a 503 with `Retry-After` in the site's layout, written without the
  database (the branding's defaults, nobody signed in). A POST's page gives back every field
  that was sent, but passwords and codes, in a form that sends it again.
"""

import re
import sys

from django.contrib.auth.models import AnonymousUser
from django.db import connections
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

from mentoring.branding.models import Branding

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5
RETRIED_METHODS = {"GET", "HEAD", "OPTIONS"}
# Never written back into a page: a password, a one-time or recovery code, the CSRF token
# (the form gets it back as a hidden field only).
SECRET_FIELD = re.compile(r"password|secret|^code$|otp|recovery|csrfmiddlewaretoken", re.I)
# Longer than this, or on several lines, a value is given back in a text area.
ONE_LINE = 80
FAILED_ON_DATABASE = "_failed_on_database"


def note_database_error(sender, request=None, **kwargs) -> None:
    """Mark a request whose exception came from the database (got_request_exception)."""
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, DATABASE_ERRORS):
        setattr(request, FAILED_ON_DATABASE, True)


def failed_on_database(request) -> bool:
    return getattr(request, FAILED_ON_DATABASE, False)


def drop_connections() -> None:
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except DATABASE_ERRORS:
            # Already gone; Django forgets it either way.
            connection.connection = None


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if failed_on_database(request) and request.method in RETRIED_METHODS:
            setattr(request, FAILED_ON_DATABASE, False)
            drop_connections()
            response = self.get_response(request)
        return response


def typed_fields(request) -> list[dict]:
    """What a POST carried, in the order sent, for the 503 page to give back."""
    fields = []
    for name, values in request.POST.lists():
        if SECRET_FIELD.search(name):
            continue
        for value in values:
            fields.append(
                {
                    "name": name,
                    "label": name.replace("_", " ").replace("-", " ").strip().capitalize(),
                    "value": value,
                    "long": "\n" in value or len(value) > ONE_LINE,
                }
            )
    return fields


def render_offline(template_name: str, context: dict | None = None) -> str:
    """A page in the site's layout that reads nothing from the database, which may be away:
    the branding's defaults, and nobody signed in."""
    return render_to_string(
        template_name, {"branding": Branding(), "user": AnonymousUser(), **(context or {})}
    )


def outage_response(request) -> HttpResponse:
    posted = request.method == "POST"
    context = {
        "posted": posted,
        "fields": typed_fields(request) if posted else [],
        "csrf_value": request.POST.get("csrfmiddlewaretoken", "") if posted else "",
        "again_url": request.get_full_path(),
    }
    response = HttpResponse(
        render_offline("operations/database_unavailable.html", context), status=503
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
