"""Settings for Mentoring Toolkit, read from the environment.

Every value has a safe default for production; development opts in with DEBUG=1.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from mentoring.environment import env_bool, env_int, env_json_list, env_list

BASE_DIR = Path(__file__).resolve().parent.parent

TESTING = "pytest" in sys.modules
DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-never-used-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG or TESTING else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000" if DEBUG or TESTING else "")
if not SITE_URL:
    # Links in emails and calendar files are built from it; a loopback default would send
    # everyone links that go nowhere.
    raise ImproperlyConfigured(
        "SITE_URL must be set when DEBUG is off, e.g. https://mentoring.example.org"
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Its widget templates, found by the TemplatesSetting renderer below.
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks_db",
    "accounts",
    "mentoring.audit",
    "mentoring.branding",
    "mentoring.programs",
    "mentoring.preparation",
    "mentoring.agreements",
    "mentoring.enabling",
    "mentoring.meetings",
    "mentoring.closure",
    "mentoring.health",
    "mentoring.dashboard",
    "mentoring.reports",
    "mentoring.enrolment",
    "mentoring.reminders",
    "mentoring.privacy",
    "mentoring.design",
    "mentoring.operations",
    "mentoring.sso",
    "mentoring.provisioning",
]
if DEBUG or TESTING:
    # Demo data creates accounts whose password the README publishes: never in production.
    INSTALLED_APPS.append("mentoring.demo")

MIDDLEWARE = [
    # Outermost, so that a read which met a dead database connection anywhere below is run
    # again, whole, on a fresh one (mentoring/operations/outage.py).
    "mentoring.operations.outage.DatabaseOutageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "mentoring.audit.log.AuditContextMiddleware",
    "accounts.middleware.TimeZoneMiddleware",
    "accounts.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "mentoring.sso.middleware.ProviderFaultMiddleware",
    "mentoring.sso.middleware.ProviderFormsMiddleware",
    "accounts.middleware.SessionTimeoutMiddleware",
    "accounts.middleware.TwoFactorRequiredMiddleware",
]

ROOT_URLCONF = "mentoring.urls"

# The organisation's name until staff set one in the admin (mentoring/branding); also what
# allauth's emails and authenticator apps show, which read no database row.
ORG_NAME = os.environ.get("ORG_NAME", "").strip() or "Mentoring Toolkit"

WSGI_APPLICATION = "mentoring.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mentoring.branding.context_processors.branding",
            ],
            "libraries": {
                "error_summary": "mentoring.lib.templatetags.error_summary",
                "fixed_url": "mentoring.lib.templatetags.fixed_url",
                "plain_form": "mentoring.lib.templatetags.plain_form",
            },
        },
    },
]
# Widgets render through the project's templates, so templates/django/forms/widgets/attrs.html
# can turn the browser's silent `maxlength` cut into a counter (static/js/forms.js); selects are
# written in Python (mentoring/lib/forms_renderer.py).
FORM_RENDERER = "mentoring.lib.forms_renderer.FormRenderer"

# A connection is kept CONN_MAX_AGE seconds (0: one per request) and, with CONN_HEALTH_CHECKS,
# tested before reuse: after a database restart each node reconnects instead of failing.
# Behind a connection pooler (PgBouncer in transaction mode) set CONN_MAX_AGE=0.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=env_bool("CONN_HEALTH_CHECKS", True),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT-compiling the dashboard's subqueries cost 1.3-1.5 s for 110-150 ms of work; pages
    # that read a few rows never gain from it.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves requests and the task worker at once. A transaction that
    # reads and then writes fails at once with "database is locked" if another wrote in between
    # (no busy wait helps it): IMMEDIATE takes the write lock at BEGIN, so writers queue for up
    # to `timeout` seconds instead. WAL lets pages read while one writes; NORMAL is safe in WAL.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE",
        timeout=20,
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{ORG_NAME}] "
ACCOUNT_FORMS = {
    "login": "mentoring.sso.forms.LoginForm",
    "signup": "mentoring.sso.forms.SignupForm",
    "reset_password": "mentoring.sso.forms.ResetPasswordForm",
    "reset_password_from_key": "accounts.forms.SetPasswordFromLinkForm",
}
ACCOUNT_ADAPTER = "mentoring.sso.adapter.AccountAdapter"
# Who may sign up (accounts/adapter.py): anyone, only addresses at SIGNUP_DOMAINS, or only
# holders of a program's join link. Invited people already have accounts and are not affected.
SIGNUP_POLICY = os.environ.get("SIGNUP_POLICY", "open").strip().lower()
SIGNUP_DOMAINS = [domain.lower().lstrip("@") for domain in env_list("SIGNUP_DOMAINS", [])]
if SIGNUP_POLICY not in {"open", "domains", "invitation"}:
    raise ImproperlyConfigured(
        f"SIGNUP_POLICY must be open, domains or invitation, not {SIGNUP_POLICY!r}"
    )
if SIGNUP_POLICY == "domains" and not SIGNUP_DOMAINS:
    raise ImproperlyConfigured("SIGNUP_POLICY=domains needs SIGNUP_DOMAINS, e.g. vch.ca,phsa.ca")
# Identity providers (mentoring/sso): OpenID Connect and SAML apps, added in the admin or as
# JSON lists of allauth app dicts in OIDC_PROVIDERS and SAML_PROVIDERS.
SOCIALACCOUNT_ADAPTER = "mentoring.sso.adapter.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_STORE_TOKENS = False  # access tokens are not needed after sign-in
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": env_json_list("OIDC_PROVIDERS")},
    "saml": {"provider_class": "mentoring.sso.saml.SAMLProvider"}
    | {"APPS": env_json_list("SAML_PROVIDERS")},
}
# SCIM provisioning (mentoring/provisioning): django-scim2's views on our models, called with
# the provisioning tokens staff make in the admin, each within SCIM_CALLS_PER_MINUTE.
SCIM_SERVICE_PROVIDER = {
    "AUTH_CHECK_MIDDLEWARE": "mentoring.provisioning.auth.BearerTokenCheck",
    "BASE_LOCATION_GETTER": "mentoring.provisioning.views.base_location",
    "SERVICE_PROVIDER_CONFIG_MODEL": "mentoring.provisioning.views.ServiceProviderConfig",
    "USER_ADAPTER": "mentoring.provisioning.adapters.UserAdapter",
    "GROUP_ADAPTER": "mentoring.provisioning.adapters.GroupAdapter",
    "AUTHENTICATION_SCHEMES": [{"type": "oauthbearertoken", "name": "Bearer token"}],
}
SCIM_CALLS_PER_MINUTE = env_int("SCIM_CALLS_PER_MINUTE", 600)
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG or TESTING else "https"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = ORG_NAME
# Staff and coordinators see many pairs: two-factor before any other page (accounts.middleware).
REQUIRE_TWO_FACTOR = env_bool("REQUIRE_TWO_FACTOR", not (DEBUG or TESTING))
# Behind a reverse proxy every request comes from its address: without these, sign-in
# throttling would count a whole hospital as one client.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = os.environ.get("TRUSTED_CLIENT_IP_HEADER") or None

# A session ends after this long without a request, and in any case this long after sign-in.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_MINUTES", 8 * 60) * 60
SESSION_COOKIE_AGE = env_int("SESSION_MAX_AGE_HOURS", 7 * 24) * 60 * 60
# Read through the shared cache, written to both: a cache read is one plain SQL query where the
# session table's is an ORM query to build, about 0.5 ms of every signed-in page
# (bench/results/issue14-profile-pages.md). Every node reads the same cache and table.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Mentoring Toolkit <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SMTP_OPTIONS = {}
if smtp_host := os.environ.get("EMAIL_HOST"):
    SMTP_OPTIONS = {
        "host": smtp_host,
        "port": env_int("EMAIL_PORT", 587),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", True),
    }
MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "EMAIL_BACKEND",
            "django.core.mail.backends.console.EmailBackend"
            if DEBUG
            else "django.core.mail.backends.smtp.EmailBackend",
        ),
        "OPTIONS": SMTP_OPTIONS,
    }
}

# Shared by every worker and node through the database, so rate limits and invalidation hold
# across them; `manage.py createcachetable` makes its table. Tests use memory, cleared each time.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache"
        if TESTING
        else "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
        # Culling drops arbitrary entries: rate-limit counters must outlive a busy morning.
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
    # Pages kept per viewer (PAGE_CACHE_SECONDS below), in a table of their own: their many
    # short-lived entries must never push a rate-limit counter out of the one above.
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache"
        if TESTING
        else "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_page_cache",
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    },
}

# Pages kept per viewer until the next write to the database (mentoring/lib/page_cache.py);
# 0 turns that off. Writes to the tables below do not count: no cached part reads them.
PAGE_CACHE_SECONDS = 60
PAGE_CACHE_UNWATCHED_MODELS = [
    "sessions.Session",
    "audit.AccessEvent",
    "reminders.Reminder",
    "django_tasks_database.DBTaskResult",
    "operations.WorkerHeartbeat",
    "operations.SentEmail",
]

# A task worker (`manage.py run_worker`) beats every 10 s; one silent this long is taken for
# dead: its running tasks go back to the queue and /healthz reports no worker.
WORKER_STALE_SECONDS = env_int("WORKER_STALE_SECONDS", 60)

# How long a closed pair's writing is kept, in months, unless its program says otherwise.
DEFAULT_RETENTION_MONTHS = env_int("DEFAULT_RETENTION_MONTHS", 24)
# How long the access and change log keeps an event, in months; 0 keeps every event (the
# default: many authorities keep audit records as long as the service).
ACCESS_LOG_RETENTION_MONTHS = env_int("ACCESS_LOG_RETENTION_MONTHS", 0)

TASKS = {
    "default": {
        "BACKEND": "django.tasks.backends.immediate.ImmediateBackend"
        if TESTING
        else "django_tasks_db.DatabaseBackend",
    }
}

# Canada's two official languages; the same URLs in both (issue 16).
LANGUAGE_CODE = "en-ca"
LANGUAGES = [("en-ca", "English"), ("fr-ca", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "America/Vancouver")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# People's copies of their data (mentoring/privacy): a directory every web node and worker
# shares, never served as media; only the download view reads it, for the file's owner.
EXPORTS_DIR = Path(os.environ.get("EXPORTS_DIR") or BASE_DIR / "var" / "exports")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "exports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": EXPORTS_DIR,
            "base_url": None,
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING

# Only a proxy that always sets (and strips from clients) this header may be trusted with it:
# otherwise anyone could claim their plain-HTTP request was HTTPS.
if proxy_ssl_header := os.environ.get("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + proxy_ssl_header.upper().replace("-", "_"), "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not (DEBUG or TESTING))
# A load balancer checks each node over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not (DEBUG or TESTING))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG or TESTING else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (enforced): our own origin only, nothing inline (tests/test_csp.py
# scans the templates; htmx injects no <style>, base.html), so no nonces or 'unsafe-inline'.
# data: images are Bootstrap's SVG icons and allauth's TOTP QR code.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Paper for PDFs: Canada uses US Letter; set PDF_PAGE_SIZE=A4 elsewhere.
PDF_PAGE_SIZE = os.environ.get("PDF_PAGE_SIZE", "Letter")
if PDF_PAGE_SIZE not in {"Letter", "A4"}:
    raise ImproperlyConfigured("PDF_PAGE_SIZE must be Letter or A4.")
