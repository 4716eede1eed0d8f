from django.urls import path

from mentoring.enrolment import coordinator_views, join_views, participant_views, views

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
    path("programs/<int:pk>/join-link/", join_views.join_link, name="join_link"),
    path("programs/<int:pk>/join-link/renew/", join_views.renew_join_link, name="renew_join_link"),
    path(
        "programs/<int:pk>/join-link/revoke/", join_views.revoke_join_link, name="revoke_join_link"
    ),
    path("programs/<int:pk>/joins/", join_views.joins, name="joins"),
    path(
        "programs/<int:pk>/joins/<int:join_pk>/approve/",
        join_views.approve_join,
        name="approve_join",
    ),
    path(
        "programs/<int:pk>/joins/<int:join_pk>/decline/",
        join_views.decline_join,
        name="decline_join",
    ),
    path("join/<str:token>/", join_views.join, name="join"),
    # A program's people (participant_views.py).
    path(
        "programs/<int:pk>/participants/",
        participant_views.participants_page,
        name="participants",
    ),
    path(
        "programs/<int:pk>/invite/person/",
        participant_views.invite_person,
        name="invite_person",
    ),
    path(
        "programs/<int:pk>/participants/<int:participant_pk>/remove/",
        participant_views.remove_participant,
        name="remove_participant",
    ),
    # Co-coordinators (coordinator_views.py).
    path(
        "programs/<int:pk>/coordinators/",
        coordinator_views.coordinators_page,
        name="coordinators",
    ),
    path(
        "programs/<int:pk>/coordinators/invite/",
        coordinator_views.invite_coordinator,
        name="invite_coordinator",
    ),
    path(
        "programs/<int:pk>/coordinators/<int:person_pk>/remove/",
        coordinator_views.remove_coordinator,
        name="remove_coordinator",
    ),
    path(
        "programs/<int:pk>/coordinators/accept/",
        coordinator_views.accept_coordination,
        name="accept_coordination",
    ),
    path(
        "programs/<int:pk>/coordinators/decline/",
        coordinator_views.decline_coordination,
        name="decline_coordination",
    ),
]
