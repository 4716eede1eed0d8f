from django.urls import path

from mentoring.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("programs/<int:pk>/dashboard/", views.program_dashboard, name="program"),
    path("programs/<int:pk>/dashboard.csv", views.export, name="export"),
    path(
        "mentorships/<int:pk>/help/dealt-with/",
        views.mark_help_dealt_with,
        name="mark_help_dealt_with",
    ),
]
