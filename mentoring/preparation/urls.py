from django.urls import path

from mentoring.preparation import views

app_name = "preparation"

urlpatterns = [
    path("preparing/", views.my_preparation, name="my_preparation"),
    path("preparing/self-reflection/", views.self_reflection, name="self_reflection"),
    path(
        "preparing/self-reflection/complete/",
        views.complete_self_reflection,
        name="complete_self_reflection",
    ),
    path("programs/<int:program_pk>/mentors/", views.mentor_directory, name="mentor_directory"),
    path(
        "programs/<int:program_pk>/mentors/<int:mentor_pk>/",
        views.candidate,
        name="candidate",
    ),
    path(
        "programs/<int:program_pk>/mentors/<int:mentor_pk>/ask/",
        views.ask_mentor,
        name="ask_mentor",
    ),
    path("requests/sent/", views.sent_requests, name="sent_requests"),
    path("requests/received/", views.received_requests, name="received_requests"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("requests/<int:pk>/accept/", views.accept_request, name="accept_request"),
    path("requests/<int:pk>/decline/", views.decline_request, name="decline_request"),
    path("requests/<int:pk>/withdraw/", views.withdraw_request, name="withdraw_request"),
    path(
        "mentorships/<int:pk>/planning/",
        views.planning_template,
        name="planning_template",
    ),
    path(
        "mentorships/<int:pk>/planning/share/",
        views.share_planning_template,
        name="share_planning_template",
    ),
    path("mentorships/<int:pk>/planning/pdf/", views.planning_pdf, name="planning_pdf"),
]
