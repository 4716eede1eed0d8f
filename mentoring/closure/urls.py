from django.urls import path

from mentoring.closure import history, views

app_name = "closure"

urlpatterns = [
    path("mentorships/past/", history.history_page, name="history"),
    path("mentorships/<int:pk>/closure/", views.closure, name="closure"),
    path("mentorships/<int:pk>/closure/propose/", views.propose, name="propose"),
    path(
        "mentorships/<int:pk>/closure/proposals/<int:closure_pk>/confirm/",
        views.confirm,
        name="confirm",
    ),
    path(
        "mentorships/<int:pk>/closure/proposals/<int:closure_pk>/decline/",
        views.decline,
        name="decline",
    ),
    path(
        "mentorships/<int:pk>/closure/proposals/<int:closure_pk>/withdraw/",
        views.withdraw,
        name="withdraw",
    ),
    path(
        "mentorships/<int:pk>/closure/goals/<int:goal_pk>/outcome/",
        views.record_outcome,
        name="outcome",
    ),
    path(
        "mentorships/<int:pk>/closure/reflection/",
        views.save_closing_reflection,
        name="reflection",
    ),
    path("mentorships/<int:pk>/closure/thanks/", views.send_thanks, name="thanks"),
    path(
        "mentorships/<int:pk>/closure/offer-to-mentor/",
        views.offer_to_mentor,
        name="offer_to_mentor",
    ),
    path("mentorships/<int:pk>/closure/complete/", views.complete, name="complete"),
    path("mentorships/<int:pk>/closure/certificate/", views.certificate, name="certificate"),
    path("mentorships/<int:pk>/closure/portfolio/", views.portfolio, name="portfolio"),
    path(
        "mentorships/<int:pk>/closure/coordinator/",
        views.coordinator_close,
        name="coordinator_close",
    ),
]
