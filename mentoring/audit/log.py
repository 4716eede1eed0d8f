"""Writing to the access log: `record(action, actor=…, …)` from any app.

The address, and who is signed in, come from the request being served, which
`AuditContextMiddleware` notes for the length of the request; background tasks and commands
have none. A pair's page opened by someone outside the pair is noted by the access helper
(`note_pair_view`) and written once the page is served, so a page that ends in a 404 or a
redirect is not logged as seen.
"""

import contextvars
import dataclasses

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from mentoring.audit.models import AccessEvent, Action

# The session key that says this sign-in has already been logged as reaching the admin.
ADMIN_SEEN_SESSION_KEY = "audit_admin_signed_in"


@dataclasses.dataclass
class _Context:
    request: object
    client_ip: str | None
    # (viewer, mentorship) of a pair page opened by a non-member, written after the response.
    pair_view: tuple | None = None
    # A PDF about the pair was logged in this request: it says more than the page view would.
    downloaded: bool = False


_context: contextvars.ContextVar[_Context | None] = contextvars.ContextVar(
    "audit_context", default=None
)


def record(
    action: Action,
    *,
    actor=None,
    subject=None,
    program=None,
    mentorship=None,
    detail: str = "",
) -> AccessEvent:
    """Log the action. Without `actor`, whoever is signed in on the request being served did
    it (a coordinator approving a join, say); outside a request, nobody (the system)."""
    context = _context.get()
    if actor is None and context is not None:
        actor = getattr(context.request, "user", None)
    if mentorship is not None and program is None:
        program = mentorship.program_id
    if context is not None and action == Action.PDF_DOWNLOADED:
        context.downloaded = True
    return AccessEvent.objects.create(
        action=action,
        actor=_user_or_none(actor),
        subject=_user_or_none(subject),
        program_id=getattr(program, "pk", program),
        mentorship_id=getattr(mentorship, "pk", mentorship),
        detail=detail[:200],
        ip_address=context.client_ip if context is not None else None,
    )


def note_pair_view(*, viewer, mentorship) -> None:
    """A non-member is opening one of the pair's pages: log it (GET only) if it is served."""
    context = _context.get()
    if context is not None and context.request.method == "GET":
        context.pair_view = (viewer, mentorship)


def _user_or_none(user):
    return user if user is not None and user.is_authenticated else None


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        context = _Context(request=request, client_ip=client_ip(request))
        token = _context.set(context)
        try:
            response = self.get_response(request)
            if 200 <= response.status_code < 300:
                _after(request, context)
            return response
        finally:
            _context.reset(token)


def _after(request, context: _Context) -> None:
    if context.pair_view is not None and not context.downloaded:
        viewer, mentorship = context.pair_view
        match = request.resolver_match
        detail = match.view_name if match is not None else ""
        record(Action.PAIR_VIEWED, actor=viewer, mentorship=mentorship, detail=detail)
    _note_admin_visit(request)


def _note_admin_visit(request) -> None:
    """The first admin page a staff member opens after signing in: their sign-in to the admin.

    Logged here rather than from the sign-in's `next`: allauth may finish a sign-in several
    pages later (two-factor), and a staff member can reach the admin from any page.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_staff:
        return
    if not request.path.startswith(reverse("admin:index")):
        return
    if request.session.get(ADMIN_SEEN_SESSION_KEY):
        return
    request.session[ADMIN_SEEN_SESSION_KEY] = True
    record(Action.ADMIN_SIGNED_IN, actor=user)


def client_ip(request) -> str | None:
    """The client's address as allauth's rate limits see it (`ALLAUTH_TRUSTED_PROXY_COUNT`,
    `ALLAUTH_TRUSTED_CLIENT_IP_HEADER`), so the log and the throttles agree."""
    # Imported here: this module is imported by models' apps while allauth's are still loading.
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request)
    except (PermissionDenied, ValueError):  # a malformed forwarded header fails no request
        return None
