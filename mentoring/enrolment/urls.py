from django.urls import path

from mentoring.enrolment import views

app_name = "enrolment"

urlpatterns = [
    path("programs/<int:pk>/invite/", views.invite, name="invite"),
    path("programs/<int:pk>/invite/example.csv", views.invite_example, name="invite_example"),
    path(
        "programs/<int:pk>/invite/again/",
        views.invite_again,
        name="resend_invitations",
    ),
    path("invitations/", views.invitations, name="invitations"),
    path(
        "invitations/<int:invitation_pk>/accept/",
        views.accept_invitation,
        name="accept_invitation",
    ),
    path(
        "invitations/<int:invitation_pk>/decline/",
        views.decline_invitation,
        name="decline_invitation",
    ),
    path("programs/<int:pk>/requests/", views.requests, name="requests"),
    path("programs/<int:pk>/requests/approval/", views.approval_setting, name="approval_setting"),
    path(
        "programs/<int:pk>/requests/<int:request_pk>/approve/",
        views.approve_request,
        name="approve_request",
    ),
    path(
        "programs/<int:pk>/requests/<int:request_pk>/decline/",
        views.decline_request,
        name="decline_request",
    ),
]
