from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from mentoring.programs import views as program_views
from mentoring.sso import views as sso_views

# The admin signs in through allauth only: its two-factor step and its throttles.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", program_views.home, name="home"),
    path("guide/", TemplateView.as_view(template_name="guide/guide.html"), name="guide"),
    path("accounts/", include("accounts.urls")),
    # Before allauth's own callback, which it replaces (mentoring/sso/oidc.py says why).
    path(
        "accounts/oidc/<str:provider_id>/login/callback/",
        sso_views.oidc_callback,
        name="openid_connect_callback",
    ),
    path("accounts/", include("allauth.urls")),
    path("", include("mentoring.sso.urls")),
    path("", include("mentoring.programs.urls")),
    path("", include("mentoring.preparation.urls")),
    path("", include("mentoring.agreements.urls")),
    path("", include("mentoring.enabling.urls")),
    path("", include("mentoring.meetings.urls")),
    path("", include("mentoring.closure.urls")),
    path("", include("mentoring.health.urls")),
    path("", include("mentoring.dashboard.urls")),
    path("", include("mentoring.reports.urls")),
    path("", include("mentoring.enrolment.urls")),
    path("", include("mentoring.reminders.urls")),
    path("", include("mentoring.audit.urls")),
    path("", include("mentoring.privacy.urls")),
    path("", include("mentoring.design.urls")),
    path("", include("mentoring.branding.urls")),
    path("", include("mentoring.operations.urls")),
    path("", include("mentoring.provisioning.program_urls")),
    path("scim/v2/", include("mentoring.provisioning.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "mentoring.operations.views.server_error"
