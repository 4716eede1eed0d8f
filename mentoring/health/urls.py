from django.urls import path

from mentoring.health import views

app_name = "health"

urlpatterns = [
    path("mentorships/<int:pk>/fit-check/", views.fit_check, name="fit_check"),
]
