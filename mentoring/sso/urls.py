from django.urls import path

from mentoring.sso import views

app_name = "sso"

urlpatterns = [
    path("sso/providers/", views.providers, name="providers"),
    path("sso/providers/<str:provider_id>/tested/", views.tested, name="tested"),
    path(
        "sso/oidc/<str:provider_id>/backchannel-logout/",
        views.backchannel_logout,
        name="backchannel_logout",
    ),
]
