import time

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, resolve_url
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.models import zone_or_sites
from mentoring.lib.languages import language_or_sites


class TimeZoneMiddleware:
    """Show and read times in the signed-in person's time zone; the site's zone for others.

    Goes after AuthenticationMiddleware, which provides request.user.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with timezone.override(self.zone_for(request.user)):
            return self.get_response(request)

    @staticmethod
    def zone_for(user):
        """The person's zone, or None (the site's) when signed out or their zone is unknown.

        `override` puts the previous zone back afterwards, so one request's zone never leaks
        into the next thing the thread does (a test, a task run in process).
        """
        return zone_or_sites(user.time_zone) if user.is_authenticated else None


class LanguageMiddleware:
    """Pages in the signed-in person's language (their profile), over what LocaleMiddleware
    found in the cookie or the browser's Accept-Language. After AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.language:
            translation.activate(language_or_sites(user.language))
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


class SessionTimeoutMiddleware:
    """Sign out after SESSION_IDLE_TIMEOUT seconds without a request.

    Django's own expiry runs from the session's last save, so a session saved on activity
    never reaches SESSION_COOKIE_AGE; the absolute age is kept here too, from sign-in.
    Activity is written at most once a minute, not on every request.
    Hand-written: the maintained packages (django-session-timeout and the like) do the idle
    part only, and saving on every request as they do costs a write per page.
    """

    SIGNED_IN_AT = "signed_in_at"
    LAST_SEEN_AT = "last_seen_at"
    WRITE_EVERY = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            if self.SIGNED_IN_AT not in session:
                # Signed in before this middleware was deployed.
                self.start(session)
            signed_in_at = session[self.SIGNED_IN_AT]
            last_seen_at = session[self.LAST_SEEN_AT]
            if (
                now - last_seen_at > settings.SESSION_IDLE_TIMEOUT
                or now - signed_in_at > settings.SESSION_COOKIE_AGE
            ):
                return self.sign_out(request)
            if now - last_seen_at >= self.WRITE_EVERY:
                session[self.LAST_SEEN_AT] = now
        return self.get_response(request)

    @classmethod
    def start(cls, session) -> None:
        session[cls.SIGNED_IN_AT] = session[cls.LAST_SEEN_AT] = int(time.time())

    @staticmethod
    def sign_out(request):
        logout(request)
        messages.info(
            request, gettext("You were signed out after a while without activity. Sign in again.")
        )
        return redirect_to_login(request.get_full_path(), resolve_url(settings.LOGIN_URL))


# Set at sign-in by mentoring/sso when the identity provider asserted its own multi-factor
# check: that counts as two-factor for this session.
PROVIDER_MFA_SESSION_KEY = "sso_provider_mfa"


class TwoFactorRequiredMiddleware:
    """Staff and program coordinators set up two-factor before reaching any other page, unless
    this session's identity provider vouched for its own multi-factor check.

    On with REQUIRE_TWO_FACTOR. Whether someone needs it and has it is checked once every few
    minutes per session, not on every request: a new coordinator is asked within that time.
    """

    CHECKED_AT = "two_factor_checked_at"
    CHECK_EVERY = 5 * 60
    # Setting it up (allauth's reauthentication first), and leaving.
    ALLOWED_URL_NAMES = {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_reauthenticate",
        "mfa_generate_recovery_codes",
        "mfa_view_recovery_codes",
        "mfa_download_recovery_codes",
        "account_reauthenticate",
        "account_logout",
    }
    # What those pages load: the organisation's logo and colours (public anyway). Redirected,
    # they would be missing there, and each would queue the warning once more. The
    # accessibility statement, linked from every page's footer, is public too.
    ALLOWED_VIEW_NAMES = {
        "branding:logo",
        "branding:colours",
        "design:accessibility",
        "accounts:language",
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.REQUIRE_TWO_FACTOR or not request.user.is_authenticated:
            return None
        if request.session.get(PROVIDER_MFA_SESSION_KEY):
            return None
        match = request.resolver_match
        if match.url_name in self.ALLOWED_URL_NAMES or match.view_name in self.ALLOWED_VIEW_NAMES:
            return None
        now = int(time.time())
        if now - request.session.get(self.CHECKED_AT, 0) < self.CHECK_EVERY:
            return None
        if needs_two_factor(request.user) and not is_mfa_enabled(request.user):
            messages.warning(
                request,
                gettext(
                    "Your role lets you see many people's mentoring pairs, so your account "
                    "needs two-factor authentication. Set it up to continue."
                ),
            )
            return redirect("mfa_activate_totp")
        request.session[self.CHECKED_AT] = now
        return None


def check_two_factor_again(request) -> None:
    """After someone becomes a coordinator: their next page asks for two-factor at once."""
    request.session.pop(TwoFactorRequiredMiddleware.CHECKED_AT, None)


def needs_two_factor(user) -> bool:
    """Staff, and coordinators of any program, whose accounts open many people's pairs."""
    return user.is_staff or user.coordinated_programs.exists()


def start_session_clock(sender, request, user, **kwargs):
    """At sign-in, when the session is saved anyway: the first page then writes nothing."""
    SessionTimeoutMiddleware.start(request.session)
