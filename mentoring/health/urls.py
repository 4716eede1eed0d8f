from django.urls import path

from mentoring.health import views

app_name = "health"

urlpatterns = [
    path("mentorships/<int:pk>/fit-check/", views.fit_check, name="fit_check"),
    path("mentorships/<int:pk>/fit-check/end/", views.end_not_a_fit, name="end_not_a_fit"),
    path("mentorships/<int:pk>/pulse/", views.pulse, name="pulse"),
    path(
        "mentorships/<int:pk>/closing-feedback/",
        views.closing_feedback,
        name="closing_feedback",
    ),
]
